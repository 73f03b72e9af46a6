"""Notebook 07's exercise checks: right answers pass, typical wrong answers get their hint."""
import numpy as np
import pytest

from helpers import make_sine_boundary
from exercise_helpers import float32, hint, passes
from exercise_helpers import hint as hint_of
from helpers.exercises import NotQuiteRight
from helpers.exercises.ex07 import check_init_diagnosis, check_init_std, check_label_entropy, mystery_runs


def entropy(y):
    p = np.mean(y)
    return float(-sum(q * np.log(q) for q in (p, 1 - p) if q > 0))


def entropy_with_nan_to_num(y):
    p = np.mean(y, dtype=np.float32)
    return float(np.nan_to_num(-p * np.log(p)) + np.nan_to_num(-(1 - p) * np.log(1 - p)))


@pytest.mark.parametrize("right", [entropy, float32(entropy), entropy_with_nan_to_num,
                                   lambda y: float(__import__("scipy").stats.entropy([np.mean(y), 1 - np.mean(y)]))])
def test_label_entropy_right_answers_pass(right):
    passes(check_label_entropy, right)


def test_label_entropy_from_the_package_is_not_an_answer():
    from helpers.losses import baseline_loss
    assert "the package's own version" in hint(check_label_entropy, lambda y: baseline_loss(y, "binary_cross_entropy"))


@pytest.mark.parametrize("wrong, hint", [
    (lambda y: entropy(y) / np.log(2), r"did you use log2\?"),
    (lambda y: -entropy(y), r"forget the minus sign"),
    (lambda y: float(-np.mean(y) * np.log(np.mean(y))), r"forget one of the two terms"),
    (lambda y: float(np.log(2)), r"only right for balanced classes"),
    (lambda y: float(-np.mean(y) * np.log(np.mean(y)) - (1 - np.mean(y)) * np.log(1 - np.mean(y))),
     r"single class .* counting 0·ln 0 as 0"),
    (lambda y: None, r"label_entropy returned None: did you forget the return statement"),
    (lambda y: float(-(1 - np.mean(y)) * np.log(1 - np.mean(y))), r"forget one of the two terms"),
    (lambda y: entropy(y) if np.mean(y) < 1 else float("nan"), r"single class .* your entropy is nan"),
    (lambda y: np.mean(y), r"not the entropy of the labels"),
])
def test_label_entropy_wrong_answers_get_their_hint(wrong, hint):
    import re
    assert re.search(hint, globals()["hint_of"](check_label_entropy, wrong))


def test_label_entropy_hint_never_gives_the_answer():
    with pytest.raises(NotQuiteRight) as error:
        check_label_entropy(lambda y: 0.5)
    assert "0.693" not in str(error.value) and "0.6931" not in str(error.value)


def lecun_or_he(activation, fan_in):
    return float(np.sqrt((2.0 if activation == "relu" else 1.0) / fan_in))


@pytest.mark.parametrize("right", [
    lecun_or_he, float32(lecun_or_he),
    lambda activation, fan_in: {"relu": 2, "tanh": 1, "sigmoid": 1}[activation] ** 0.5 / np.float32(fan_in) ** 0.5,
])
def test_init_std_right_answers_pass(right):
    passes(check_init_std, right)


@pytest.mark.parametrize("wrong, hint", [
    (lambda a, n: float(np.sqrt(1 / n)) if (a == "sigmoid" or "tanh") else float(np.sqrt(2 / n)),
     r"init_std\('relu', 2\) is 0\.7071: that is the blog's bug"),
    (lambda a, n: float(np.sqrt(2 / n)), r"that is the scale meant for ReLU"),
    (lambda a: 1.0, r"The check calls init_std\(activation, fan_in\), but your init_std takes \(a\)"),
    (lambda a, n: (2.0 if a == "relu" else 1.0) / n, r"you returned the variance"),
    (lambda a, n: 1.0, r"should shrink as fan_in grows"),
    (lambda a, n: float(np.sqrt(1 / (n + 1))), r"does not keep the variance"),
    (lambda a, n: np.ones(3), r"should be a single number"),
    (lecun_or_he(None, 2), r"Pass the function itself"),
])
def test_init_std_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_init_std(wrong)


def test_init_diagnosis_right_answer_passes():
    passes(check_init_diagnosis, {"C": "vanishing", "A": "saturation", "B": "healthy"})


@pytest.mark.parametrize("wrong, hint", [
    ({"A": "saturation", "B": "healthy", "C": "symmetry"}, r"Run C is not 'symmetry': its first-layer weights did move"),
    ({"A": "vanishing", "B": "healthy", "C": "vanishing"}, r"Run A is not 'vanishing': look at its first cost"),
    ({"A": "saturation", "B": "saturation", "C": "vanishing"}, r"Run B is not 'saturation': its cost fell"),
    ({"A": "saturation", "B": "healthy", "C": "healthy"}, r"Run C is not 'healthy': look at the spread"),
    ({"A": "saturation", "B": "healthy", "C": "dead"}, r"is 'dead', which is not one of"),
    ({"A": "Saturation", "B": "healthy", "C": "vanishing"}, r"write it exactly as 'saturation'"),
    ({"A": ["saturation"], "B": "healthy", "C": "vanishing"}, r"one of the strings .* got a list of 1 value"),
    (None, r"mystery_diagnosis is still None"),
    ({"A": "saturation", "B": "healthy"}, r"exactly the keys"),
    (["saturation", "healthy", "vanishing"], r"should be a dict .*; got a list of 3 values"),
])
def test_init_diagnosis_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_init_diagnosis(wrong)


def test_mystery_runs_show_what_the_diagnosis_rests_on():
    X, y = make_sine_boundary(400, random_state=1)
    table = mystery_runs(X, y)
    assert list(table.index) == ["A", "B", "C"]
    assert table.loc["A", "first cost"] > 2 and table.loc["A", "% saturated (hidden, init)"] > 50
    assert table.loc["B", "cost after 100"] < 0.5 * table.loc["B", "first cost"]
    assert table.loc["C", "std of A, last hidden (init)"] < 1e-4
    assert 0 < table.loc["C", "largest change of a W1 weight"] < 1e-3   # moved: not the zero init
    assert np.array_equal(table.values, mystery_runs(X, y).values)
