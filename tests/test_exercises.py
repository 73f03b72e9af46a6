"""The exercise checks: right answers pass, typical wrong answers get their specific hint."""
import numpy as np
import pytest

from helpers.exercises import NotQuiteRight, compare_prediction
from helpers.exercises.ex02 import check_he_init


def he(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2 / fan_in), np.zeros((1, fan_out))


def test_he_init_right_answer_passes(capsys):
    check_he_init(he)
    assert capsys.readouterr().out.startswith("✓")


@pytest.mark.parametrize("wrong, hint", [
    (lambda i, o, rng: (rng.standard_normal((i, o)) * np.sqrt(2 / o), np.zeros((1, o))),
     r"std 0\.03\d* for fan_in = 2, fan_out = 2000, expected 1: did you use fan_out instead of fan_in\?"),
    (lambda i, o, rng: (rng.standard_normal((i, o)) * np.sqrt(1 / i), np.zeros((1, o))),
     r"did you use 1/fan_in \(that is LeCun's init"),
    (lambda i, o, rng: (rng.standard_normal((i, o)) * np.sqrt(2 / (i + o)), np.zeros((1, o))),
     r"did you use fan_in \+ fan_out \(that is Glorot's init\)"),
    (lambda i, o, rng: (rng.standard_normal((i, o)) * 2 / i, np.zeros((1, o))),
     r"did you use the variance 2/fan_in as the standard deviation"),
    (lambda i, o, rng: (rng.standard_normal((i, o)) * np.sqrt(2 / i), rng.standard_normal((1, o))),
     r"biases should all be zero"),
    (lambda i, o, rng: (rng.standard_normal((o, i)) * np.sqrt(2 / i), np.zeros((1, o))),
     r"W has shape \(2000, 2\); it should have shape \(2, 2000\)"),
    (lambda i, o, rng: (np.random.standard_normal((i, o)) * np.sqrt(2 / i), np.zeros((1, o))),
     r"draw from the rng you are given"),
    (lambda i, o, rng: None, r"W returned None|cannot unpack|NoneType"),
])
def test_he_init_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises((NotQuiteRight, TypeError), match=hint):
        check_he_init(wrong)


def test_he_init_check_never_prints_the_answer(capsys):
    with pytest.raises(NotQuiteRight) as error:
        check_he_init(lambda i, o, rng: (rng.standard_normal((i, o)), np.zeros((1, o))))
    assert "sqrt(2" not in str(error.value) and "2 / fan_in" not in str(error.value)


def test_compare_prediction(capsys):
    compare_prediction(None, 3.0, what="the loss")
    compare_prediction(3.1, 3.0, what="the loss")
    compare_prediction(30.0, 3.0, what="the loss")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("No guess written") and out[1].startswith("✓")
    assert "too high" in out[2] and "factor of 10" in out[2]


@pytest.mark.parametrize("value, hint", [(None, "still empty"), (..., "still empty"), ("5e-7", "not the text '5e-7'"),
                                         (True, "single number"), ([1, 2], "single number"),
                                         (float("nan"), "finite number")])
def test_as_float_hints(value, hint):
    from helpers.exercises import as_float
    with pytest.raises(NotQuiteRight, match=hint):
        as_float(value, "Your answer")


def test_unpack_and_name_the_mistake():
    from helpers.exercises import name_the_mistake, unpack
    assert unpack((1, 2), "f", ("a", "b")) == (1, 2)
    with pytest.raises(NotQuiteRight, match=r"f returned None: did you forget the return statement\?"):
        unpack(None, "f", ("a", "b"))
    with pytest.raises(NotQuiteRight, match=r"f should return two values, \(a, b\); it returned 3\."):
        unpack((1, 2, 3), "f", ("a", "b"))
    with pytest.raises(NotQuiteRight, match=r"f should return two values, \(a, b\); it returned 1\."):
        unpack(5.0, "f", ("a", "b"))
    name_the_mistake(np.ones(3), {"zeros": np.zeros(3)}, "Your f computes ")   # no known mistake: no error
    with pytest.raises(NotQuiteRight, match=r"Your f computes zeros\."):
        name_the_mistake(np.zeros(3), {"zeros": np.zeros(3)}, "Your f computes ")
