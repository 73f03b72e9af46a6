"""Notebook 10's exercise checks: right answers pass, typical wrong answers get their hint."""
import numpy as np
import pytest

from helpers import make_housing
from helpers.exercises import NotQuiteRight
from helpers.exercises.ex10 import check_adam_direction, check_momentum_critical_lr, check_momentum_step


def momentum_step(theta, v, g, lr, beta):
    v = beta * v + g
    return theta - lr * v, v


def test_momentum_right_answer_passes(capsys):
    check_momentum_step(momentum_step)
    assert capsys.readouterr().out.startswith("✓")


def test_momentum_in_place_answer_passes(capsys):
    def in_place(theta, v, g, lr, beta):
        v *= beta
        v += g
        theta -= lr * v
        return theta, v
    check_momentum_step(in_place)
    assert capsys.readouterr().out.startswith("✓")


@pytest.mark.parametrize("wrong, hint", [
    (lambda t, v, g, lr, b: (t - lr * (b * v + (1 - b) * g), b * v + (1 - b) * g), r"scales the gradient by 1 − β"),
    (lambda t, v, g, lr, b: (t - lr * v, b * v + g), r"velocity from before this update"),
    (lambda t, v, g, lr, b: (t + lr * (b * v + g), b * v + g), r"moved uphill"),
    (lambda t, v, g, lr, b: (t - lr * (v + b * g), v + b * g), r"puts β on the gradient"),
    (lambda t, v, g, lr, b: (t - lr * (g + b * (b * v + g)), b * v + g), r"Nesterov's step"),
    (lambda t, v, g, lr, b: (t - lr * g, b * v + g), r"velocity is right but the new theta is not"),
    (lambda t, v, g, lr, b: None, r"returned None"),
    (lambda t, v, g, lr, b: t - lr * g, r"should return two values"),
])
def test_momentum_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_momentum_step(wrong)


def adam(m, v, g, t, b1=0.9, b2=0.999, eps=1e-8):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g * g
    return m, v, (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)


def test_adam_right_answer_passes(capsys):
    check_adam_direction(adam)
    assert capsys.readouterr().out.startswith("✓")


def _adam_variant(kind):
    def direction(m, v, g, t, b1, b2, eps):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * (g if kind == "no square" else g * g)
        m_hat = m if kind in ("none", "only v") else m / (1 - b1 ** t)
        v_hat = v if kind in ("none", "only m") else v / (1 - b2 ** t)
        with np.errstate(invalid="ignore"):
            u = m_hat / np.sqrt(v_hat + eps) if kind == "eps inside" else m_hat / (np.sqrt(v_hat) + eps)
        return m, v, u
    return direction


@pytest.mark.parametrize("kind, hint", [
    ("none", r"did you forget the bias correction"),
    ("only m", r"you corrected m but not v"),
    ("only v", r"you corrected v but not m"),
    ("eps inside", r"ε is added after the square root"),
    ("no square", r"v should average the squared gradients"),
])
def test_adam_wrong_answers_get_their_hint(kind, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_adam_direction(_adam_variant(kind))


def test_adam_wrong_shape_and_none():
    with pytest.raises(NotQuiteRight, match="returned None"):
        check_adam_direction(lambda m, v, g, t, b1, b2, eps: None)
    with pytest.raises(NotQuiteRight, match=r"shape"):
        check_adam_direction(lambda m, v, g, t, b1, b2, eps: (m, v, np.zeros(3)))


@pytest.fixture(scope="module")
def hessian():
    X, _ = make_housing(n_samples=100, random_state=47)
    Xc = X - X.mean(axis=0)
    return 2 / len(Xc) * Xc.T @ Xc


def test_critical_lr_right_answer_passes(hessian, capsys):
    lam_max = np.linalg.eigvalsh(hessian)[-1]
    for factor in [0.95, 1.0, 1.05]:
        check_momentum_critical_lr(factor * 3 / lam_max, hessian)
        assert capsys.readouterr().out.startswith("✓")


@pytest.mark.parametrize("value, hint", [
    (lambda lmin, lmax: 2 / lmax, r"plain gradient descent"),
    (lambda lmin, lmax: 3.8 / lmax, r"limit for β = 0\.9"),
    (lambda lmin, lmax: 3 / lmin, r"flat direction \(λmin\)"),
    (lambda lmin, lmax: 1.5 / lmax, r"about half of the limit"),
    (lambda lmin, lmax: 2.4 / lmax, r"Too low"),
    (lambda lmin, lmax: 5 / lmax, r"Too high"),
    (lambda lmin, lmax: -1.0, r"positive"),
    (lambda lmin, lmax: None, r"still empty"),
    (lambda lmin, lmax: [1e-5, 2e-5], r"single number"),
])
def test_critical_lr_wrong_answers_get_their_hint(hessian, value, hint):
    lam_min, lam_max = np.linalg.eigvalsh(hessian)
    with pytest.raises(NotQuiteRight, match=hint):
        check_momentum_critical_lr(value(lam_min, lam_max), hessian)


def test_critical_lr_hints_never_contain_the_answer(hessian):
    lam_max = np.linalg.eigvalsh(hessian)[-1]
    answer = 3 / lam_max
    for value in [2 / lam_max, 2.4 / lam_max, 5 / lam_max, 3.8 / lam_max]:
        with pytest.raises(NotQuiteRight) as error:
            check_momentum_critical_lr(value, hessian)
        message = str(error.value)
        assert f"{answer:.2e}" not in message and f"{answer:.3g}" not in message and "e-05" not in message
