"""The update rules of helpers.optimizers against the textbook formulas, and their known results."""
import math

import numpy as np
import pytest

from helpers.optimizers import (OPTIMIZERS, AdaGrad, Adam, GradientDescent, Momentum, Nesterov,
                                RMSProp, get_optimizer)

THETA0 = [0.5, -1.0, 2.0]
GRADS = [[1.0, -2.0, 0.5], [0.5, 3.0, -0.25], [-1.0, 1.0, 4.0]]
LR = 0.1


def reference(name, theta, grads, lr):
    """The rules of the course's table written out with Python floats, one coordinate at a time."""
    theta, out = list(theta), []
    state = {k: [0.0] * len(theta) for k in ("v", "G", "s", "m", "a")}
    for t, g in enumerate(grads, start=1):
        for i, gi in enumerate(g):
            if name == "gd":
                step = gi
            elif name in ("momentum", "nesterov"):
                state["v"][i] = 0.9 * state["v"][i] + gi
                step = state["v"][i] if name == "momentum" else gi + 0.9 * state["v"][i]
            elif name == "adagrad":
                state["G"][i] += gi * gi
                step = gi / (math.sqrt(state["G"][i]) + 1e-8)
            elif name == "rmsprop":
                state["s"][i] = 0.9 * state["s"][i] + 0.1 * gi * gi
                step = gi / (math.sqrt(state["s"][i]) + 1e-8)
            else:  # adam
                state["m"][i] = 0.9 * state["m"][i] + 0.1 * gi
                state["a"][i] = 0.999 * state["a"][i] + 0.001 * gi * gi
                m_hat = state["m"][i] / (1 - 0.9 ** t)
                v_hat = state["a"][i] / (1 - 0.999 ** t)
                step = m_hat / (math.sqrt(v_hat) + 1e-8)
            theta[i] -= lr * step
        out.append(list(theta))
    return out


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_three_updates_match_the_textbook_rule(name):
    opt = get_optimizer(name)
    theta = np.array(THETA0)
    got = []
    for g in GRADS:
        opt.step(theta, np.array(g), LR)
        got.append(theta.copy())
    np.testing.assert_allclose(got, reference(name, THETA0, GRADS, LR), rtol=1e-13, atol=1e-15)
    assert opt.t == 3


def test_hand_computed_numbers():
    """A few values worked out on paper, independent of the reference loop above."""
    theta = np.array([1.0])
    m = Momentum(beta=0.5)
    for g in (2.0, 2.0, 2.0):
        m.step(theta, np.array([g]), 0.1)       # v = 2, 3, 3.5
    assert theta[0] == pytest.approx(1.0 - 0.1 * (2 + 3 + 3.5))
    theta = np.array([1.0])
    n = Nesterov(beta=0.5)
    for g in (2.0, 2.0, 2.0):
        n.step(theta, np.array([g]), 0.1)       # steps g + 0.5 v = 3, 3.5, 3.75
    assert theta[0] == pytest.approx(1.0 - 0.1 * (3 + 3.5 + 3.75))
    theta = np.array([0.0])
    a = AdaGrad()
    for g in (3.0, 4.0):
        a.step(theta, np.array([g]), 1.0)       # 3/3, then 4/5
    assert theta[0] == pytest.approx(-(1 + 0.8))
    theta = np.array([0.0])
    r = RMSProp(rho=0.75)
    r.step(theta, np.array([2.0]), 1.0)         # s = 1, step 2
    assert theta[0] == pytest.approx(-2.0)


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3, 1e9])
def test_adams_first_step_is_lr_times_the_sign(scale):
    g = scale * np.array([3.0, -0.5, 1.0, -7.0])
    theta = np.zeros(4)
    Adam().step(theta, g, 0.01)
    np.testing.assert_allclose(theta, -0.01 * g / (np.abs(g) + 1e-8), rtol=1e-12)  # exactly
    np.testing.assert_allclose(theta, -0.01 * np.sign(g), rtol=1e-8 / np.abs(g).min() + 1e-14)


@pytest.mark.parametrize("scale", [1e-2, 1.0, 1e6])
def test_adaptive_rules_ignore_a_rescaled_gradient(scale):
    """g and c*g give the same steps (up to eps): the per-parameter scale divides out."""
    for cls in (AdaGrad, RMSProp, Adam):
        a, b = np.zeros(3), np.zeros(3)
        oa, ob = cls(eps=1e-12), cls(eps=1e-12)
        for g in GRADS:
            oa.step(a, np.array(g), LR)
            ob.step(b, scale * np.array(g), LR)
        np.testing.assert_allclose(a, b, rtol=1e-9)


def quadratic_run(opt, lam, lr, n_steps=3000):
    theta = np.array([1.0])
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(n_steps):
            opt.step(theta, lam * theta, lr)
    return abs(theta[0])


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9])
def test_momentum_stability_limit_on_a_quadratic(beta):
    lam = 4.0
    limit = 2 * (1 + beta) / lam
    assert quadratic_run(Momentum(beta=beta), lam, 0.99 * limit) < 1e-3
    assert not quadratic_run(Momentum(beta=beta), lam, 1.01 * limit) < 1e3
    # plain gradient descent at the same learning rate diverges as soon as it passes 2 / lam
    if beta > 0:
        assert not quadratic_run(GradientDescent(), lam, 1.01 * 2 / lam) < 1e3


def test_state_is_kept_reset_and_copied():
    opt = Adam(beta1=0.8)
    theta = np.zeros(3)
    opt.step(theta, np.ones(3), 0.1)
    assert opt.t == 1 and set(opt.state) == {"m", "v"}
    fresh = opt.copy()
    assert fresh.t == 0 and not fresh.state and fresh.beta1 == 0.8
    with pytest.raises(ValueError, match=r"gradient has shape \(4,\).*state of shape \(3,\)"):
        opt.step(np.zeros(4), np.ones(4), 0.1)
    opt.reset()
    opt.step(np.zeros(4), np.ones(4), 0.1)
    assert opt.t == 1


def test_registry_and_rejected_settings():
    assert list(OPTIMIZERS) == ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]
    with pytest.raises(ValueError, match=r"Unknown optimizer 'adma'\. Choose one of: gd, momentum, "
                                         r"nesterov, adagrad, rmsprop, adam\."):
        get_optimizer("adma")
    with pytest.raises(TypeError, match=r"'optimizer' parameter of get_optimizer must be an optimizer name"):
        get_optimizer(3)
    with pytest.raises(TypeError, match="only be given with an optimizer name"):
        get_optimizer(Adam(), beta1=0.5)
    assert get_optimizer("momentum", beta=0.5).beta == 0.5
    opt = Adam()
    assert get_optimizer(opt) is opt


@pytest.mark.parametrize("make, message", [
    (lambda: Momentum(beta=1.0), r"'beta' parameter of Momentum must be a float in \[0, 1\)\. Got 1\.0"),
    (lambda: Momentum(beta=-0.1), r"'beta' parameter of Momentum must be a float in \[0, 1\)\. Got -0\.1"),
    (lambda: Nesterov(beta=1.5), r"'beta' parameter of Nesterov"),
    (lambda: RMSProp(rho=1.0), r"'rho' parameter of RMSProp must be a float in \[0, 1\)"),
    (lambda: Adam(beta2=1.0), r"'beta2' parameter of Adam must be a float in \[0, 1\)"),
    (lambda: Adam(beta1=float("nan")), r"'beta1' parameter of Adam"),
    (lambda: Adam(eps=0.0), r"'eps' parameter of Adam must be a positive float\. Got 0\.0"),
    (lambda: AdaGrad(eps=-1e-8), r"'eps' parameter of AdaGrad must be a positive float"),
    (lambda: RMSProp(eps=float("inf")), r"'eps' parameter of RMSProp"),
])
def test_bad_hyperparameters_are_rejected(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize("make, message", [
    (lambda: Momentum(beta="0.9"), r"'beta' parameter of Momentum must be a float in \[0, 1\)\. Got '0\.9'"),
    (lambda: Adam(eps=None), r"'eps' parameter of Adam must be a positive float\. Got None"),
    (lambda: RMSProp(rho=True), r"'rho' parameter of RMSProp"),
])
def test_hyperparameters_of_the_wrong_type_are_rejected(make, message):
    with pytest.raises(TypeError, match=message):
        make()
