"""Notebook 04's exercise checks: right answers pass, typical wrong answers get their hint."""
import numpy as np
import pytest

from exercise_helpers import float32, hint, passes
from helpers.exercises import NotQuiteRight
from helpers.exercises.ex04 import STALL_LR_GRID, check_diagnose, check_sigmoid_prime, check_stall_lr


def diagnose(history):
    ratios = history.update_ratios
    moves = (np.isfinite(ratios) & (ratios > 0)).any(axis=0)
    if not moves.all():
        return "frozen"
    first = ratios[0][np.isfinite(ratios[0])]
    return "too slow" if first.max() < 1e-3 else "healthy"


def diagnose_by_columns(history):
    for column in np.asarray(history.update_ratios, dtype=np.float32).T:
        if not any(np.isfinite(r) and r > 0 for r in column):
            return "frozen"
    first = [r for r in history.update_ratios[0] if np.isfinite(r)]
    return "too slow" if max(first) < 1e-3 else "healthy"


@pytest.mark.parametrize("right", [diagnose, diagnose_by_columns])
def test_diagnose_right_answers_pass(right):
    passes(check_diagnose, right)


def zero_instead_of_nan(history):          # a frozen parameter's 0/0 is NaN, not 0
    ratios = history.update_ratios
    if (ratios == 0).all(axis=0).any():
        return "frozen"
    return "too slow" if np.nanmax(ratios[0]) < 1e-3 else "healthy"


def last_update(history):                  # judges the step where the run has converged
    ratios = history.update_ratios
    if not (np.isfinite(ratios) & (ratios > 0)).any(axis=0).all():
        return "frozen"
    return "too slow" if np.nanmax(ratios[-1]) < 1e-3 else "healthy"


def any_nonfinite(history):                # b2's inf at update 1 is not frozen, but this says so
    return "frozen" if not np.isfinite(history.update_ratios).all() else "healthy"


@pytest.mark.parametrize("wrong, hint", [
    (zero_instead_of_nan, r"0/0, which is NaN rather than 0, so test with np\.isfinite"),
    (last_update, r"healthy run .* 'too slow': .* first update, not the last"),
    (lambda h: "slow", r"is 'slow', which is not one of 'frozen', 'too slow', 'healthy'"),
    (lambda h: "Too Slow", r"write it exactly as 'too slow'"),
    (lambda h: np.array(["frozen", "frozen"]), r"one of the strings .* got an array of shape \(2,\)"),
    (lambda h: None, r"forget the return statement"),
    (lambda h: "healthy", r"never move"),
    ("frozen", r"Pass the function itself"),
])
def test_diagnose_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_diagnose(wrong)


@pytest.mark.parametrize("right", [STALL_LR_GRID[3], float(f"{STALL_LR_GRID[3]:.3g}"), np.float32(STALL_LR_GRID[3]),
                                   [STALL_LR_GRID[3]]])
def test_stall_lr_right_answers_pass(right):
    passes(check_stall_lr, right)                     # rounded, float32 or in a list is fine


@pytest.mark.parametrize("wrong, hint", [
    (STALL_LR_GRID[2], r"loss ends at 3\.255, above 3\.0: that run stalls"),
    (STALL_LR_GRID[0], r"that run stalls; look at larger learning rates"),
    (STALL_LR_GRID[-1], r"largest learning rate of the sweep"),
    (STALL_LR_GRID[5], r"so does a smaller learning rate"),
    (4e-7, r"not one of the sweep's learning rates"),
    (None, r"still None"),
    ([5e-7, 1e-6], r"should be a single number"),
])
def test_stall_lr_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_stall_lr(wrong)


def test_stall_lr_hint_never_gives_the_answer():
    for wrong in (STALL_LR_GRID[0], STALL_LR_GRID[2], STALL_LR_GRID[5], STALL_LR_GRID[-1]):
        with pytest.raises(NotQuiteRight) as error:
            check_stall_lr(wrong)
        assert f"{STALL_LR_GRID[3]:.3g}" not in str(error.value)


def sigmoid_prime(z):
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)


@pytest.mark.parametrize("right", [
    sigmoid_prime, float32(sigmoid_prime),
    lambda z: np.exp(-np.logaddexp(0, -z) - np.logaddexp(0, z)),
    lambda z: np.vectorize(lambda x: 0.0 if abs(x) > 700 else 1 / (2 + np.exp(x) + np.exp(-x)))(z),
])
def test_sigmoid_prime_right_answers_pass(right):
    passes(check_sigmoid_prime, right)


def test_sigmoid_prime_from_the_package_is_not_an_answer():
    from helpers.activations import sigmoid_grad
    assert "sigmoid_grad, the package's own version" in hint(check_sigmoid_prime, sigmoid_grad)


@pytest.mark.parametrize("wrong, hint", [
    (lambda z: z * (1 - z), r"z\(1 − z\): apply the formula to σ\(z\)"),
    (lambda z: 1 / (1 + np.exp(-z)), r"σ\(z\) itself"),
    (lambda z: (1 / (1 + np.exp(-z))) * (1 + 1 / (1 + np.exp(-z))), r"check the sign"),
    (lambda z: 1 - (1 / (1 + np.exp(-z))) ** 2, r"pattern of tanh's derivative"),
    (lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2, r"inf or NaN for large \|z\|"),
    (lambda z: None, r"returned None"),
    (lambda z: sigmoid_prime(z).ravel(), r"shape \(243,\); it should have shape \(3, 81\)"),
    (lambda z: sigmoid_prime(z) if np.ndim(z) else [0.25, 0.25], r"sigmoid_prime\(0\.0\) should be a single number"),
    (lambda z: sigmoid_prime(z) if np.ndim(z) else 0.5, r"sigmoid_prime\(0\.0\) gives 0\.5: does your function work on a single number"),
    (lambda z: 0.25 * np.exp(-z ** 2), r"sigmoid_prime\(.*\) gives"),
])
def test_sigmoid_prime_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_sigmoid_prime(wrong)
