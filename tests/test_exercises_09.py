"""Notebook 09's exercise checks: right answers pass, typical wrong answers get their hint."""
import numpy as np
import pytest

from helpers import NeuralNet, make_housing
from helpers.diagnostics import sharpness, standardize
from helpers.exercises import NotQuiteRight
from helpers.exercises.ex09 import check_lr_limit, check_minibatch_noise


def noise(sigma2, n, B):
    return sigma2 / B * (n - B) / (n - 1)


def test_minibatch_noise_right_answer_passes(capsys):
    check_minibatch_noise(noise)
    assert capsys.readouterr().out.startswith("✓")


@pytest.mark.parametrize("wrong, hint", [
    (lambda s, n, B: s / B, r"missing the finite-population correction"),
    (lambda s, n, B: s / B * (n - B) / n, r"divides by n - 1, not by n"),
    (lambda s, n, B: s / np.sqrt(B) * (n - B) / (n - 1), r"not like 1/√B"),
    (lambda s, n, B: s * B * (n - B) / (n - 1), r"does not multiply it"),
    (lambda s, n, B: s / B * (n - B) / (n + 1), r"does not follow the law above"),
    (lambda s, n, B: ..., r"still empty"),
    (noise(1.0, 10, 2), r"Pass the function itself"),
])
def test_minibatch_noise_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_minibatch_noise(wrong)


def limit(design):
    return 2 / np.linalg.eigvalsh(2 / len(design) * design.T @ design).max()


def test_lr_limit_right_answer_passes(capsys):
    check_lr_limit(limit)
    assert capsys.readouterr().out.startswith("✓")


@pytest.mark.parametrize("wrong, hint", [
    (lambda D: 2 / np.linalg.eigvalsh(D.T @ D / len(D)).max(), r"forget the factor 2 in the Hessian"),
    (lambda D: 1 / np.linalg.eigvalsh(2 / len(D) * D.T @ D).max(), r"2/λmax, not 1/λmax"),
    (lambda D: 2 / np.linalg.eigvalsh(2 / len(D) * D.T @ D).min(), r"smallest eigenvalue"),
    (lambda D: 2 / (2 / len(D) * np.linalg.svd(D, compute_uv=False).max()), r"singular value of D"),
    (lambda D: 2 / np.linalg.eigvalsh(2 * D.T @ D).max(), r"forget the 1/n of the mean"),
    (lambda D: 0.1, r"is not 2/λmax of the Hessian"),
    (lambda D: None, r"still empty"),
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
