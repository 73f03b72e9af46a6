"""Notebook 06's exercise checks: right answers pass, typical wrong answers get their hint."""
import numpy as np
import pytest

from exercise_helpers import float32, hint, passes
from helpers.exercises import NotQuiteRight
from helpers.exercises.ex06 import KILL_LR_GRID, check_dead_fraction, check_kill_lr, check_silu_prime


def sigma(z):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-z))


def silu_prime(z):
    s = sigma(z)
    return s + z * s * (1 - s)


@pytest.mark.parametrize("right", [
    silu_prime, float32(silu_prime),
    lambda z: sigma(z) * (1 + z * (1 - sigma(z))),
    lambda z: np.vectorize(lambda x: 0.0 if x < -700 else (1.0 if x > 700 else
                           (1 + np.exp(-x) + x * np.exp(-x)) / (1 + np.exp(-x)) ** 2))(z),
])
def test_silu_prime_right_answers_pass(right):
    passes(check_silu_prime, right)


def test_silu_prime_from_the_package_is_not_an_answer():
    from helpers.activations import silu_grad
    assert "silu_grad, the package's own version" in hint(check_silu_prime, lambda z: silu_grad(z))


@pytest.mark.parametrize("wrong, hint", [
    (sigma, r"only σ\(z\), the first term of the product rule"),
    (lambda z: z * sigma(z) * (1 - sigma(z)), r"only z σ'\(z\)"),
    (lambda z: sigma(z) * (1 - sigma(z)), r"only σ'\(z\), the derivative of the sigmoid alone"),
    (lambda z: z * sigma(z), r"the activation z σ\(z\) itself"),
    (lambda z: sigma(z) - z * sigma(z) * (1 - sigma(z)), r"check the sign of the second term"),
    (lambda z: np.exp(-z) * z / (1 + np.exp(-z)) ** 2 + sigma(z), r"inf or NaN for large \|z\|"),
    (lambda z: silu_prime(z).ravel(), r"shape \(321,\); it should have shape \(321, 1\)"),
    (lambda z: np.where(z > 0, 1.0, 0.0), r"not the slope of z σ\(z\) there"),
    (lambda z: None, r"returned None"),
])
def test_silu_prime_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_silu_prime(wrong)


def dead_fraction(Z):
    return np.mean(np.all(Z <= 0, axis=0))


@pytest.mark.parametrize("right", [
    dead_fraction, float32(dead_fraction),
    lambda Z: sum(all(v <= 0 for v in column) for column in Z.T) / Z.shape[1],
    lambda Z: np.mean(Z.max(axis=0) <= 0),
])
def test_dead_fraction_right_answers_pass(right):
    passes(check_dead_fraction, right)


def test_dead_fraction_from_the_dashboard_is_not_an_answer():
    from helpers.dashboard import dead_fraction as package
    assert "the package's own version" in hint(check_dead_fraction, package)


@pytest.mark.parametrize("wrong, hint", [
    (lambda Z: np.mean(Z <= 0), r"you count values, not units"),
    (lambda Z: np.mean(np.all(Z <= 0, axis=1)), r"you count inputs \(rows\)"),
    (lambda Z: np.mean(np.all(Z < 0, axis=0)), r"exactly 0 is off too .* <= 0"),
    (lambda Z: np.mean(np.any(Z <= 0, axis=0)), r"off for some input"),
    (lambda Z: np.sum(np.all(Z <= 0, axis=0)), r"return the fraction"),
    (lambda Z: np.all(Z <= 0, axis=0), r"should be a single number"),
    (lambda Z: None, r"forget the return statement"),
    (lambda Z: 0.5, r"not the share of its units"),
])
def test_dead_fraction_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_dead_fraction(wrong)


def test_dead_fraction_hint_never_gives_the_answer():
    with pytest.raises(NotQuiteRight) as error:
        check_dead_fraction(lambda Z: np.mean(Z <= 0))
    assert "0.375" not in str(error.value)


@pytest.mark.parametrize("right", [4, 4.0, np.float32(4.0), [4.0]])
def test_kill_lr_right_answers_pass(right):
    passes(check_kill_lr, right)


@pytest.mark.parametrize("wrong, hint", [
    (3.5, r"still alive after 100 updates: that step does not kill the layer"),
    (1.0, r"does not kill the layer; look at larger ones"),
    (5.0, r"so does a smaller learning rate"),
    (8.0, r"largest learning rate of the sweep"),
    (4.5, r"not one of the sweep's learning rates"),
    (..., r"still \.\.\."),
    (None, r"kill_lr is still None"),
])
def test_kill_lr_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_kill_lr(wrong)


def test_kill_lr_hints_never_give_the_answer():
    for wrong in (3.5, 5.0, 8.0):
        with pytest.raises(NotQuiteRight) as error:
            check_kill_lr(wrong)
        assert "lr = 4 " not in str(error.value) and "lr = 4." not in str(error.value)
    assert KILL_LR_GRID.index(4.0) > 0
