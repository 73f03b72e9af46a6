"""Notebook 11's exercise checks: right answers pass, typical wrong answers get their hint."""
from types import SimpleNamespace

import numpy as np
import pytest

from exercise_helpers import float32, hint, passes
from exercise_helpers import hint as hint_of
from helpers.exercises import NotQuiteRight
from helpers.exercises.ex11 import check_diagnoses, check_early_stop, check_standardize_split


def early_stop(val_losses, patience):
    best, best_loss = None, np.inf
    for t, loss in enumerate(val_losses):
        if loss < best_loss:
            best, best_loss = t, loss
        if t - best >= patience:
            return best, t
    return best, None


def early_stop_numpy(val_losses, patience):
    losses = np.asarray(val_losses, dtype=np.float32)
    best = 0
    for t in range(len(losses)):
        if losses[t] < losses[best]:
            best = t
        if t - best >= patience:
            return np.int64(best), np.int64(t)
    return best, None


@pytest.mark.parametrize("right", [early_stop, float32(early_stop), early_stop_numpy,
                                   lambda v, p: [float(x) if x is not None else None for x in early_stop(v, p)]])
def test_early_stop_right_answers_pass(right):
    passes(check_early_stop, right)


def late(val_losses, patience):                      # > instead of >=
    best, best_loss = None, np.inf
    for t, loss in enumerate(val_losses):
        if loss < best_loss:
            best, best_loss = t, loss
        if t - best > patience:
            return best, t
    return best, None


def ties(val_losses, patience):                      # <= instead of <
    best, best_loss = None, np.inf
    for t, loss in enumerate(val_losses):
        if loss <= best_loss:
            best, best_loss = t, loss
        if t - best >= patience:
            return best, t
    return best, None


def whole_curve(val_losses, patience):               # looks into the future
    best = int(np.argmin(val_losses))
    return best, best + patience if best + patience < len(val_losses) else None


def first_rise(val_losses, patience):                # ignores patience
    for t in range(1, len(val_losses)):
        if val_losses[t] > val_losses[t - 1]:
            return t - 1, t
    return len(val_losses) - 1, None


@pytest.mark.parametrize("wrong, hint", [
    (late, r"one update late"),
    (ties, r"a loss equal to the best one is not an improvement|a tie is not an improvement"),
    (whole_curve, r"minimum of the whole curve"),
    (first_rise, r"stopped at the first rise"),
    (lambda losses, patience: None, r"returned None"),
    (lambda losses, patience: 3, r"should return two values"),
    (lambda losses, patience: ("3", 6), r"your best is the text '3': it should be an update number"),
    (lambda losses, patience: (10, 6), r"your best is 10, but the curve has updates 0 to 9"),
    (lambda losses, patience: (3, "6"), r"your stop is the text '6'"),
    (lambda losses, patience: (3.5, None), r"your best is the number 3\.5"),
    (lambda losses, patience: (-1, None), r"your best is -1, but the curve has updates 0 to 9"),
    (lambda losses, patience: (None, None), r"your best is None"),
])
def test_early_stop_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_early_stop(wrong)


def run(train, val):
    return SimpleNamespace(losses=np.asarray(train), val_losses=np.asarray(val))


T = np.arange(401)
RUNS = {
    "A": run(0.9 - 0.5 * (1 - np.exp(-T / 40)) + 0.08 * (np.sin(T) > 0.5),        # jumpy
             0.9 - 0.4 * (1 - np.exp(-T / 40)) + 0.08 * (np.sin(T) > 0.5)),
    "B": run(0.8 * np.exp(-T / 150) + 0.1, 0.8 * np.exp(-T / 40) + 0.3 + 0.0006 * T),  # overfits
    "C": run(0.3 * np.exp(-T / 30) + 0.5, 0.3 * np.exp(-T / 30) + 0.48),            # levels off
    "D": run(0.93 - 0.0004 * T, 0.92 - 0.0004 * T),                                 # crawls
}
RIGHT = {"A": "learning rate too large", "B": "overfitting", "C": "network too small",
         "D": "learning rate too small"}


def test_diagnoses_right_answer_passes():
    passes(check_diagnoses, dict(RIGHT), RUNS)
    passes(check_diagnoses, {k: v.upper() + " " for k, v in RIGHT.items()}, RUNS)


def test_diverged_run_is_a_learning_rate_too_large(capsys):
    runs = {"E": run([0.9, 5.0, np.inf, np.nan], [0.9, 5.0, np.inf, np.nan])}
    check_diagnoses({"E": "learning rate too large"}, runs)
    assert capsys.readouterr().out.startswith("✓")


@pytest.mark.parametrize("swap, hint", [
    ({"C": "learning rate too small"}, r"Run C: its training loss has levelled off"),
    ({"D": "network too small"}, r"Run D: its training loss is still falling steadily"),
    ({"B": "network too small"}, r"Run B: its validation loss has been rising since update \d+"),
    ({"A": "overfitting"}, r"Run A: its training loss jumps up \d+ times"),
    ({"D": "learning rate too large"}, r"Run D: its losses fall smoothly"),
    ({"C": "overfitting"}, r"Run C: its losses level off together"),
    ({"A": "too fast"}, r"is 'too fast', which is not one of 'overfitting'"),
])
def test_diagnoses_wrong_answers_get_their_hint(swap, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_diagnoses({**RIGHT, **swap}, RUNS)


def test_diagnoses_incomplete_or_empty():
    with pytest.raises(NotQuiteRight, match="D missing"):
        check_diagnoses({k: v for k, v in RIGHT.items() if k != "D"}, RUNS)
    with pytest.raises(NotQuiteRight, match="still None"):
        check_diagnoses(None, RUNS)
    with pytest.raises(NotQuiteRight, match=r"got an array of shape \(4,\)"):
        check_diagnoses({**RIGHT, "A": np.array(list(RIGHT.values()))}, RUNS)
    with pytest.raises(ValueError, match="'runs' parameter of check_diagnoses"):
        check_diagnoses({}, {})


def test_diagnosis_hints_never_contain_the_answer():
    for name in RUNS:
        for wrong in {"overfitting", "learning rate too small", "learning rate too large",
                      "network too small"} - {RIGHT[name]}:
            with pytest.raises(NotQuiteRight) as error:
                check_diagnoses({**RIGHT, name: wrong}, RUNS)
            assert RIGHT[name] not in str(error.value)


def standardize_split(X_train, X_other):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_other - mean) / std


@pytest.mark.parametrize("right", [
    standardize_split, float32(standardize_split),
    lambda a, b: ((a - a.mean(0)) / a.std(0, ddof=1), (b - a.mean(0)) / a.std(0, ddof=1)),
    lambda a, b: tuple(__import__("sklearn.preprocessing").preprocessing.StandardScaler().fit(a).transform(x) for x in (a, b)),
])
def test_standardize_right_answers_pass(right):
    passes(check_standardize_split, right)


def test_standardize_from_the_package_is_not_an_answer():
    from helpers.diagnostics import standardize
    assert "the package's own version" in hint(check_standardize_split,
                                               lambda a, b: (standardize(a), standardize(b, reference=a)))


def _all_rows(a, b):
    both = np.r_[a, b]
    return (a - both.mean(0)) / both.std(0), (b - both.mean(0)) / both.std(0)


@pytest.mark.parametrize("wrong, hint", [
    (_all_rows, r"computed on all rows"),
    (lambda a, b: ((a - a.mean(0)) / a.std(0), (b - b.mean(0)) / b.std(0)), r"with its own statistics"),
    (lambda a, b: ((a - a.mean(0)) / a.var(0), (b - a.mean(0)) / a.var(0)), r"divided by the variance"),
    (lambda a, b: (a - a.mean(0), b - a.mean(0)), r"only subtracted the mean"),
    (lambda a, b: ((a - a.mean()) / a.std(), (b - a.mean()) / a.std()), r"per feature \(axis=0\)"),
    (lambda a, b: None, r"returned None"),
    (lambda a, b: (a.T, b), r"shape"),
])
def test_standardize_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_standardize_split(wrong)
