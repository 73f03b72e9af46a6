"""Notebook 09's exercise checks: right answers pass, typical wrong answers get their hint."""
import numpy as np
import pytest

from helpers import NeuralNet, make_housing
from helpers.diagnostics import sharpness, standardize
from exercise_helpers import float32, hint, passes
from helpers.exercises import NotQuiteRight
from helpers.exercises.ex09 import check_lr_limit, check_minibatch_noise


def noise(sigma2, n, B):
    return sigma2 / B * (n - B) / (n - 1)


@pytest.mark.parametrize("right", [
    noise, float32(noise), lambda s, n, B: np.float32(s) / np.float32(B) * (n - B) / (n - 1),
    lambda s, n, B: (1 - (B - 1) / (n - 1)) * s / B,             # the sampling-fraction form
    lambda s, n, B: [noise(s, n, B)],
])
def test_minibatch_noise_right_answers_pass(right):
    passes(check_minibatch_noise, right)


@pytest.mark.parametrize("wrong, hint", [
    (lambda s, n, B: s / B, r"missing the finite-population correction"),
    (lambda s, n, B: s / B * (n - B) / n, r"divides by n - 1, not by n"),
    (lambda s, n, B: s / np.sqrt(B) * (n - B) / (n - 1), r"not like 1/√B"),
    (lambda s, n, B: s * B * (n - B) / (n - 1), r"does not multiply it"),
    (lambda s, n, B: s / B * (n - B) / (n + 1), r"does not follow the law above"),
    (lambda s, n, B: ..., r"still \.\.\."),
    (lambda s, n, B: None, r"minibatch_noise returned None: did you forget the return statement"),
    (lambda s, n, B: s / B * (n - B) // (n - 1), r"integer division \(//\)"),
    (lambda s, n, B: str(noise(s, n, B)), r"not the text '0\.0903"),
    (noise(1.0, 10, 2), r"Pass the function itself"),
])
def test_minibatch_noise_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_minibatch_noise(wrong)


def limit(design):
    return 2 / np.linalg.eigvalsh(2 / len(design) * design.T @ design).max()


def power_iteration(design):
    H = 2 / len(design) * design.T @ design
    v = np.ones(H.shape[0])
    for _ in range(500):
        v = H @ v
        v /= np.linalg.norm(v)
    return 2 / (v @ H @ v)


@pytest.mark.parametrize("right", [
    limit, float32(limit), power_iteration,
    lambda D: 2 / (2 / len(D) * np.linalg.norm(D, 2) ** 2),
    lambda D: 2 / np.linalg.eigvalsh(2 / len(D) * D @ D.T).max(),    # D Dᵀ has the same nonzero eigenvalues
])
def test_lr_limit_right_answers_pass(right):
    passes(check_lr_limit, right)


@pytest.mark.parametrize("wrong, hint", [
    (lambda D: 2 / np.linalg.eigvalsh(D.T @ D / len(D)).max(), r"forget the factor 2 in the Hessian"),
    (lambda D: 1 / np.linalg.eigvalsh(2 / len(D) * D.T @ D).max(), r"2/λmax, not 1/λmax"),
    (lambda D: 2 / np.linalg.eigvalsh(2 / len(D) * D.T @ D).min(), r"smallest eigenvalue"),
    (lambda D: 2 / (2 / len(D) * np.linalg.svd(D, compute_uv=False).max()), r"singular value of D"),
    (lambda D: 2 / np.linalg.eigvalsh(2 * D.T @ D).max(), r"forget the 1/n of the mean"),
    (lambda D: 0.1, r"is not 2/λmax of the Hessian"),
    (lambda D: None, r"lr_limit returned None: did you forget the return statement"),
    (lambda D: 2 / np.linalg.eigvalsh(2 / D.shape[1] * D.T @ D).max(), r"divide by the number of columns"),
    (lambda D: 2 / np.linalg.eigvalsh(2 / len(D) * D.T @ D), r"should be a single number; got an array"),
])
def test_lr_limit_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_lr_limit(wrong)


def test_lr_limit_hint_never_gives_the_answer():
    with pytest.raises(NotQuiteRight) as error:
        check_lr_limit(lambda D: 1.0)
    rng = np.random.RandomState(0)
    first = np.c_[rng.standard_normal((100, 2)) * [1.0, 3.0], np.ones(100)]
    assert f"{limit(first):.4g}" not in str(error.value)


def test_lr_limit_agrees_with_the_package_sharpness():
    """A net with no hidden layer and an identity output is linear regression: the same limit."""
    X, y = make_housing(n_samples=100, random_state=47)
    X = standardize(X)
    net = NeuralNet([2, 1], random_state=0)
    assert np.isclose(limit(np.c_[X, np.ones(100)]), 2 / sharpness(net, X, y), rtol=1e-6)
