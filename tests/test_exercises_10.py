"""Notebook 10's exercise checks: right answers pass, typical wrong answers get their hint."""
import numpy as np
import pytest

from helpers import make_housing
from exercise_helpers import float32, hint, passes
from exercise_helpers import hint as hint_of
from helpers.exercises import NotQuiteRight
from helpers.exercises.ex10 import (MOMENTUM_LRS, check_adam_direction, check_momentum_critical_lr,
                                    check_momentum_step)
from helpers.optimizers import Adam, Momentum


def momentum_step(theta, v, g, lr, beta):
    v = beta * v + g
    return theta - lr * v, v


def in_place(theta, v, g, lr, beta):
    v *= beta
    v += g
    theta -= lr * v
    return theta, v


def element_loop(theta, v, g, lr, beta):
    theta, v = list(theta), list(v)
    for i in range(len(theta)):
        v[i] = beta * v[i] + g[i]
        theta[i] = theta[i] - lr * v[i]
    return theta, v


@pytest.mark.parametrize("right", [momentum_step, float32(momentum_step), in_place, element_loop])
def test_momentum_right_answers_pass(right):
    passes(check_momentum_step, right)


def test_momentum_from_the_package_is_not_an_answer():
    def package(theta, v, g, lr, beta):
        optimizer = Momentum(beta=beta)
        optimizer.step(theta, g, lr)
        return theta, v
    assert "the package's own version" in hint(check_momentum_step, package)


@pytest.mark.parametrize("wrong, hint", [
    (lambda t, v, g, lr, b: (t - lr * (b * v + (1 - b) * g), b * v + (1 - b) * g), r"scales the gradient by 1 − β"),
    (lambda t, v, g, lr, b: (t - lr * v, b * v + g), r"velocity from before this update"),
    (lambda t, v, g, lr, b: (t + lr * (b * v + g), b * v + g), r"moved uphill"),
    (lambda t, v, g, lr, b: (t - lr * (v + b * g), v + b * g), r"puts β on the gradient"),
    (lambda t, v, g, lr, b: (t - lr * (g + b * (b * v + g)), b * v + g), r"Nesterov's step"),
    (lambda t, v, g, lr, b: (t - lr * g, b * v + g), r"velocity is right but the new theta is not"),
    (lambda t, v, g, lr, b: None, r"returned None"),
    (lambda t, v, g, lr, b: t - lr * g, r"should return two values, \(theta, v\); it returned one value, an array"),
    (lambda t, v, g, lr, b: momentum_step(t, v, g, lr, b)[::-1], r"returns \(v, theta\): return the parameters first"),
    (float32(lambda t, v, g, lr, b: (t - lr * v, b * v + g)), r"velocity from before this update"),
    (lambda t, v, g, b, lr: momentum_step(t, v, g, lr, b), r"velocity is right but the new theta is not|off by"),
])
def test_momentum_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_momentum_step(wrong)


def adam(m, v, g, t, b1=0.9, b2=0.999, eps=1e-8):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g * g
    return m, v, (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)


def adam_efficient(m, v, g, t, b1=0.9, b2=0.999, eps=1e-8):
    """Kingma and Ba's 'efficient' form, with ε rescaled to match."""
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g * g
    return m, v, np.sqrt(1 - b2 ** t) / (1 - b1 ** t) * m / (np.sqrt(v) + eps * np.sqrt(1 - b2 ** t))


def adam_math_loop(m, v, g, t, b1=0.9, b2=0.999, eps=1e-8):
    import math
    m = [b1 * a + (1 - b1) * x for a, x in zip(m, g)]
    v = [b2 * a + (1 - b2) * x * x for a, x in zip(v, g)]
    u = [a / (1 - b1 ** t) / (math.sqrt(b / (1 - b2 ** t)) + eps) for a, b in zip(m, v)]
    return m, v, u


@pytest.mark.parametrize("right", [adam, float32(adam), adam_efficient, adam_math_loop])
def test_adam_right_answers_pass(right):
    passes(check_adam_direction, right)


def test_adam_from_the_package_is_not_an_answer():
    optimizer = Adam()

    def package(m, v, g, t, b1, b2, eps):
        return m, v, optimizer.direction(g)
    assert "the package's own version" in hint(check_adam_direction, package)


def _adam_variant(kind):
    def direction(m, v, g, t, b1, b2, eps):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * (g if kind == "no square" else g * g)
        power = t + 1 if kind == "t + 1" else t
        m_hat = m if kind in ("none", "only v") else m / (1 - b1 ** power)
        v_hat = v if kind in ("none", "only m") else v / (1 - b2 ** power)
        with np.errstate(invalid="ignore"):
            u = m_hat / np.sqrt(v_hat + eps) if kind == "eps inside" else m_hat / (np.sqrt(v_hat) + eps)
        if kind == "efficient, plain eps":
            u = np.sqrt(1 - b2 ** t) / (1 - b1 ** t) * m / (np.sqrt(v) + eps)
        if kind == "corrected state":
            return m_hat, v_hat, u
        return m, v, u
    return direction


@pytest.mark.parametrize("kind, hint", [
    ("none", r"did you forget the bias correction"),
    ("only m", r"you corrected m but not v"),
    ("only v", r"you corrected v but not m"),
    ("eps inside", r"ε is added after the square root"),
    ("no square", r"v should average the squared gradients"),
    ("t + 1", r"bias correction uses the wrong power"),
    ("efficient, plain eps", r"the paper's 'efficient' form with ε unchanged"),
    ("corrected state", r"At update t = 1 you return the corrected m̂ and v̂"),
])
def test_adam_wrong_answers_get_their_hint(kind, hint):
    import re
    assert re.search(hint, hint_of(check_adam_direction, _adam_variant(kind)))
    assert re.search(hint, hint_of(check_adam_direction, float32(_adam_variant(kind))))


def test_adam_wrong_shape_and_none():
    with pytest.raises(NotQuiteRight, match="returned None"):
        check_adam_direction(lambda m, v, g, t, b1, b2, eps: None)
    with pytest.raises(NotQuiteRight, match=r"shape"):
        check_adam_direction(lambda m, v, g, t, b1, b2, eps: (m, v, np.zeros(3)))


@pytest.fixture(scope="module")
def valley():
    X, y = make_housing(n_samples=100, random_state=47)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    H = 2 / len(Xc) * Xc.T @ Xc
    return H, np.linalg.solve(H, 2 / len(Xc) * Xc.T @ yc)


def grows(lr, H, w_star, beta=0.5):
    w, optimizer = np.zeros(2), Momentum(beta=beta)
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(300):
            optimizer.step(w, H @ (w - w_star), lr)
        return not np.linalg.norm(w - w_star) < np.linalg.norm(w_star)


@pytest.fixture(scope="module")
def edge(valley):
    """The index in MOMENTUM_LRS of the largest rate at which the error does not grow."""
    flags = [grows(a, *valley) for a in MOMENTUM_LRS]
    k = max(i for i, flag in enumerate(flags) if not flag)
    assert not any(flags[:k]) and all(flags[k + 1:])         # one clean edge
    lam_max = np.linalg.eigvalsh(valley[0])[-1]
    assert abs(MOMENTUM_LRS[k] / (3 / lam_max) - 1) < 0.07  # near the prediction 2(1 + β)/λmax
    return k


def test_critical_lr_right_answers_pass(valley, edge):
    H, w_star = valley
    for value in (MOMENTUM_LRS[edge], np.float32(MOMENTUM_LRS[edge]), float(f"{MOMENTUM_LRS[edge]:.6g}")):
        passes(check_momentum_critical_lr, value, H, w_star, beta=0.5)
    lo, hi = 0, len(MOMENTUM_LRS) - 1         # a sweep written as a bisection on the grid's indices
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if grows(MOMENTUM_LRS[mid], H, w_star) else (mid, hi)
    assert lo == edge
    passes(check_momentum_critical_lr, MOMENTUM_LRS[lo], H, w_star, beta=0.5)


@pytest.mark.parametrize("value, expected", [
    (lambda lmin, lmax, k: MOMENTUM_LRS[k + 1], r"already grows \(it is the first rate that does\)"),
    (lambda lmin, lmax, k: MOMENTUM_LRS[k + 3], r"Too high: at your rate the error grows"),
    (lambda lmin, lmax, k: MOMENTUM_LRS[k - 3], r"Too low"),
    (lambda lmin, lmax, k: MOMENTUM_LRS[0], r"smallest rate of the grid.*\(max, not min\)"),
    (lambda lmin, lmax, k: 3 / lmax, r"not one of the rates of momentum_lrs: run the sweep"),
    (lambda lmin, lmax, k: 2 / lmax, r"plain gradient descent"),
    (lambda lmin, lmax, k: 3.8 / lmax, r"limit for β = 0\.9"),
    (lambda lmin, lmax, k: -1.0, r"positive"),
    (lambda lmin, lmax, k: None, r"still None"),
    (lambda lmin, lmax, k: [1e-5, 2e-5], r"single number"),
    (lambda lmin, lmax, k: "3e-5", r"not the text"),
])
def test_critical_lr_wrong_answers_get_their_hint(valley, edge, value, expected):
    import re
    H, w_star = valley
    lam_min, lam_max = np.linalg.eigvalsh(H)
    assert re.search(expected, hint_of(check_momentum_critical_lr, value(lam_min, lam_max, edge), H, w_star, beta=0.5))


def test_critical_lr_hints_never_contain_the_answer(valley, edge):
    H, w_star = valley
    answer = MOMENTUM_LRS[edge]
    for k in range(len(MOMENTUM_LRS)):
        if k != edge:
            message = hint_of(check_momentum_critical_lr, MOMENTUM_LRS[k], H, w_star, beta=0.5)
            assert f"{answer:.2e}" not in message and f"{answer:.3g}" not in message and "e-05" not in message


@pytest.mark.parametrize("H, w_star, beta, expected", [
    (None, np.zeros(2), 0.5, "'H' parameter"), (np.array([1.0, 2.0]), np.zeros(2), 0.5, "'H' parameter"),
    (np.eye(2), np.zeros(3), 0.5, "'w_star' parameter"), (np.eye(2), np.zeros(2), "0.5", "'beta' parameter"),
])
def test_critical_lr_refuses_bad_notebook_arguments(H, w_star, beta, expected):
    with pytest.raises(ValueError, match=expected):
        check_momentum_critical_lr(1e-5, H, w_star, beta=beta)
