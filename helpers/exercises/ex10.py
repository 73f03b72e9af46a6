"""Checks for the exercises of notebook 10 (optimizers)."""
import numpy as np

from . import as_array, as_float, fail, passed, unpack
from ..optimizers import Adam

__all__ = ["check_momentum_step", "check_adam_direction", "check_momentum_critical_lr"]


def _close(a, b):
    return a is not None and np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=1e-9, atol=1e-12)


def _momentum_cases():
    rng = np.random.RandomState(10)
    theta, v = rng.standard_normal(5), np.zeros(5)
    grads = [rng.standard_normal(5) for _ in range(3)]
    return theta, v, grads, 0.1, 0.9


def check_momentum_step(momentum_step):
    r"""Check ``momentum_step(theta, v, grad, lr, beta) -> (theta, v)`` against heavy-ball momentum.

    The rule, in PyTorch's form: :math:`v_t = \beta v_{t-1} + g_t`,
    :math:`\theta_t = \theta_{t-1} - \alpha v_t`. The check runs three steps from
    :math:`v = 0` and recognizes the usual mistakes: the gradient scaled by
    :math:`1-\beta` (the other textbook form), a step with the old velocity, a step
    uphill, β on the gradient instead of the velocity, and Nesterov's step.
    """
    if not callable(momentum_step):
        fail("Pass the function itself, momentum_step, not the result of calling it.")
    theta0, v0, grads, lr, beta = _momentum_cases()
    rules = {
        "right": lambda t, v, g: (t - lr * (beta * v + g), beta * v + g),
        "ema": lambda t, v, g: (t - lr * (beta * v + (1 - beta) * g), beta * v + (1 - beta) * g),
        "old": lambda t, v, g: (t - lr * v, beta * v + g),
        "uphill": lambda t, v, g: (t + lr * (beta * v + g), beta * v + g),
        "swapped": lambda t, v, g: (t - lr * (v + beta * g), v + beta * g),
        "nesterov": lambda t, v, g: (t - lr * (g + beta * (beta * v + g)), beta * v + g),
    }
    paths = {name: [] for name in rules}
    for name, rule in rules.items():
        t, v = theta0.copy(), v0.copy()
        for g in grads:
            t, v = rule(t, v, g)
            paths[name].append((t.copy(), v.copy()))
    theta, v = theta0.copy(), v0.copy()
    for step, g in enumerate(grads):
        theta, v = unpack(momentum_step(theta.copy(), v.copy(), g.copy(), lr, beta), "momentum_step",
                          ("theta", "v"))
        theta = as_array(theta, "The new theta", shape=theta0.shape)
        v = as_array(v, "The new velocity v", shape=theta0.shape)
        if _close(theta, paths["right"][step][0]) and _close(v, paths["right"][step][1]):
            continue
        where = f"At step {step + 1}"
        # (wrong rule, compared on v (1) or theta (0), hint), in the order they are checked
        slips = [("ema", 1, "your velocity scales the gradient by 1 − β: in this notebook's form "
                            "(PyTorch's) the gradient is added unscaled, v = βv + g."),
                 ("swapped", 1, "your velocity puts β on the gradient: β multiplies the old velocity."),
                 ("old", 0, "your step used the velocity from before this update: update v first, "
                            "then step with the new v."),
                 ("uphill", 0, "your parameters moved uphill: the step subtracts α·v."),
                 ("nesterov", 0, "you took Nesterov's step, g + βv: heavy-ball momentum steps along v itself."),
                 ("right", 1, "your velocity is right but the new theta is not: θ ← θ − α·v.")]
        for rule, part, hint in slips:
            if _close((theta, v)[part], paths[rule][step][part]):
                fail(f"{where} {hint}")
        fail(f"{where} your velocity is off by up to {np.abs(v - paths['right'][step][1]).max():.3g}: "
             f"compare your code with v_t = β v_(t−1) + g_t.")
    passed("Momentum: three steps from v = 0 match the heavy-ball rule.")


def _adam_reference(grads, beta1, beta2, eps):
    adam = Adam(beta1=beta1, beta2=beta2, eps=eps)
    return [adam.direction(g.copy()).copy() for g in grads]


def check_adam_direction(adam_direction):
    r"""Check ``adam_direction(m, v, grad, t, beta1, beta2, eps) -> (m, v, u)`` against Adam.

    Runs five updates from :math:`m = v = 0` on gradients of very different scales
    (down to :math:`10^{-6}`, where :math:`\varepsilon` matters) and compares each
    direction :math:`u_t = \hat m_t/(\sqrt{\hat v_t}+\varepsilon)` with
    :class:`helpers.optimizers.Adam`. Recognizes a missing bias correction (of both
    averages, or of one), :math:`\varepsilon` inside the square root, and an
    average of :math:`g` instead of :math:`g^2` in :math:`v`.
    """
    if not callable(adam_direction):
        fail("Pass the function itself, adam_direction, not the result of calling it.")
    rng = np.random.RandomState(11)
    scales = np.array([1.0, 1e-6, 30.0, 1e-3])
    grads = [rng.standard_normal(4) * scales for _ in range(5)]
    b1, b2, eps = 0.9, 0.999, 1e-8
    right = _adam_reference(grads, b1, b2, eps)

    def variant(kind):
        m, v, out = np.zeros(4), np.zeros(4), []
        for t, g in enumerate(grads, start=1):
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * (g if kind == "no square" else g * g)
            m_hat = m if kind in ("none", "only v") else m / (1 - b1 ** t)
            v_hat = v if kind in ("none", "only m") else v / (1 - b2 ** t)
            with np.errstate(invalid="ignore"):
                out.append(m_hat / np.sqrt(v_hat + eps) if kind == "eps inside"
                           else m_hat / (np.sqrt(v_hat) + eps))
        return out

    m, v = np.zeros(4), np.zeros(4)
    for t, g in enumerate(grads, start=1):
        result = adam_direction(m.copy(), v.copy(), g.copy(), t, b1, b2, eps)
        if result is None:
            fail("adam_direction returned None: did you forget the return statement?")
        try:
            m, v, u = result
        except (TypeError, ValueError):
            fail("adam_direction should return three arrays, (m, v, u).")
        m, v = as_array(m, "The new m", shape=(4,)), as_array(v, "The new v", shape=(4,))
        u = as_array(u, "The direction u", shape=(4,))
        if np.allclose(u, right[t - 1], rtol=1e-7, atol=1e-12):
            continue
        where = f"At update t = {t}"
        slips = {"no square": "your direction is wrong: v should average the squared gradients g², not g.",
                 "none": "your direction is too short: did you forget the bias correction, "
                         "dividing m and v by 1 − β^t?",
                 "only m": "you corrected m but not v: both averages start at zero and need "
                           "dividing by their 1 − β^t.",
                 "only v": "you corrected v but not m: both averages start at zero and need "
                           "dividing by their 1 − β^t.",
                 "eps inside": "your direction is off for the tiny gradients: ε is added after the "
                               "square root, √v̂ + ε, not inside it."}
        if np.isnan(u).any():                      # g instead of g² makes v negative: √v is NaN
            fail(f"{where} {slips['no square']}")
        for kind, hint in slips.items():
            if _close(u, variant(kind)[t - 1]):
                fail(f"{where} {hint}")
        fail(f"{where} your direction differs from Adam's by up to "
             f"{np.abs(u - right[t - 1]).max():.3g}: check m, v and their corrections one by one.")
    passed("Adam: five directions, on gradients from 1e-6 to 30, match the bias-corrected rule.")


def check_momentum_critical_lr(critical_lr, H, beta=0.5):
    r"""Check a measured critical learning rate of momentum on the quadratic with Hessian ``H``.

    The iteration is stable iff :math:`\alpha < 2(1+\beta)/\lambda_{\max}(H)`; a sweep
    on a grid of learning rates should land within 10 % of it. Recognizes plain
    descent's limit :math:`2/\lambda_{\max}`, the default :math:`\beta = 0.9` used
    instead of ``beta``, the flat direction's curvature :math:`\lambda_{\min}`, and a
    lost factor 2.
    """
    lr = as_float(critical_lr, "critical_lr")
    if lr <= 0:
        fail(f"critical_lr is {lr:g}: a learning rate is a positive number.")
    lam = np.linalg.eigvalsh(np.asarray(H, dtype=float))
    lam_min, lam_max = lam[0], lam[-1]
    truth = 2 * (1 + beta) / lam_max
    if abs(lr - truth) <= 0.1 * truth:
        passed(f"Momentum (β = {beta:g}): your critical learning rate is within 10 % of the limit.")
        return
    near = lambda value: abs(lr - value) <= 0.1 * value
    if near(2 / lam_max):
        fail(f"That is where plain gradient descent stops being stable: momentum with β = {beta:g} "
             f"tolerates more. Did you run plain descent, or Momentum(beta=0)?")
    if near(2 * (1 + 0.9) / lam_max):
        fail(f"That is the limit for β = 0.9, the default of Momentum(): this exercise uses "
             f"Momentum(beta={beta:g}).")
    if near(2 * (1 + beta) / lam_min) or near(2 / lam_min):
        fail("That is far too large: it is the limit set by the flat direction (λmin), but the "
             "steepest direction (λmax) diverges first.")
    if near((1 + beta) / lam_max):
        fail("That is about half of the limit: is your sweep's criterion too strict, or did a "
             "factor 2 go missing?")
    if lr < truth:
        fail("Too low: runs at learning rates somewhat above yours still converge; refine the sweep "
             "around the edge.")
    fail("Too high: runs at your learning rate diverge; refine the sweep, and count a run as "
         "diverged when its error grows.")
