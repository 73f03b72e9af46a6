"""Checks for the exercises of notebook 10 (optimizers)."""
import numpy as np

from . import _reference as ref
from ._calling import student_function
from ._feedback import agrees, as_array, as_float, fail, passed, unpack
from ..optimizers import Adam, Momentum, Optimizer

__all__ = ["MOMENTUM_LRS", "check_momentum_step", "check_adam_direction", "check_momentum_critical_lr"]

#: The 41 learning rates of exercise 10.3's sweep.
MOMENTUM_LRS = np.geomspace(1e-5, 1e-4, 41)


def _momentum_cases():
    rng = np.random.RandomState(10)
    theta, v = rng.standard_normal(5), np.zeros(5)
    grads = [rng.standard_normal(5) for _ in range(3)]
    return theta, v, grads, 0.1, 0.9


def check_momentum_step(momentum_step):
    """Check ``momentum_step(theta, v, grad, lr, beta) -> (theta, v)`` (exercise 10.1).

    Runs three steps from v = 0 and compares both returned arrays with the heavy-ball rule
    of the notebook. Recognizes the usual mistakes: the other textbook form of the velocity,
    a step with the old velocity, a step uphill, β on the gradient instead of the velocity,
    Nesterov's step, and (v, theta) returned in the other order. A call to the package's own
    optimizer is reported.
    """
    momentum_step = student_function(momentum_step, "momentum_step(theta, v, grad, lr, beta)",
                                     forbidden=(Momentum.direction, Optimizer.step))
    theta0, v0, grads, lr, beta = _momentum_cases()
    paths = {}
    for name, rule in ref.momentum_rules(lr, beta).items():
        t, v, paths[name] = theta0.copy(), v0.copy(), []
        for g in grads:
            t, v = rule(t, v, g)
            paths[name].append((t, v))
    theta, v = theta0.copy(), v0.copy()
    for step, g in enumerate(grads):
        theta, v = unpack(momentum_step(theta, v, g, lr, beta), "momentum_step", ("theta", "v"))
        theta = as_array(theta, "The new theta", shape=theta0.shape)
        v = as_array(v, "The new velocity v", shape=theta0.shape)
        right_theta, right_v = paths["right"][step]
        if agrees(theta, right_theta) and agrees(v, right_v):
            continue
        if agrees(theta, right_v) and agrees(v, right_theta):
            fail("momentum_step returns (v, theta): return the parameters first, (theta, v).")
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
            if agrees((theta, v)[part], paths[rule][step][part]):
                fail(f"{where} {hint}")
        fail(f"{where} your velocity is off by up to {np.abs(v - right_v).max():.3g}: "
             f"compare your code with v_t = β v_(t−1) + g_t.")
    passed("Momentum: three steps from v = 0 match the heavy-ball rule.")


_ADAM_SLIPS = {
    "no square": "your direction is wrong: v should average the squared gradients g², not g.",
    "none": "your direction is too short: did you forget the bias correction, dividing m and v by 1 − β^t?",
    "only m": "you corrected m but not v: both averages start at zero and need dividing by their 1 − β^t.",
    "only v": "you corrected v but not m: both averages start at zero and need dividing by their 1 − β^t.",
    "eps inside": "your direction is off for the tiny gradients: ε is added after the square root, "
                  "√v̂ + ε, not inside it.",
    "t + 1": "your bias correction uses the wrong power: at update t (counted from 1) divide by 1 − β^t.",
    "efficient, plain eps": "that is the paper's 'efficient' form with ε unchanged, which moves ε inside "
                            "the correction: for tiny gradients it differs; write u = m̂/(√v̂ + ε).",
}


def check_adam_direction(adam_direction):
    """Check ``adam_direction(m, v, grad, t, beta1, beta2, eps) -> (m, v, u)`` (exercise 10.2).

    Runs five updates from m = v = 0 on gradients of very different scales (down to 1e-6,
    where ε matters) and compares each direction with :class:`helpers.optimizers.Adam` and
    the averages returned with Adam's state. Recognizes a missing or misplaced bias
    correction, ε inside the square root, g instead of g², the corrected averages returned
    as the state. A call to the package's own Adam is reported.
    """
    adam_direction = student_function(adam_direction, "adam_direction(m, v, grad, t, beta1, beta2, eps)",
                                      forbidden=(Adam.direction, Optimizer.step))
    rng = np.random.RandomState(11)
    scales = np.array([1.0, 1e-6, 30.0, 1e-3])
    grads = [rng.standard_normal(4) * scales for _ in range(5)]
    b1, b2, eps = 0.9, 0.999, 1e-8
    adam = Adam(beta1=b1, beta2=b2, eps=eps)
    right_u = [adam.direction(g.copy()).copy() for g in grads]
    right = ref.adam_path(grads, b1, b2, eps)
    m, v = np.zeros(4), np.zeros(4)
    for t, g in enumerate(grads, start=1):
        m, v, u = unpack(adam_direction(m, v, g, t, b1, b2, eps), "adam_direction", ("m", "v", "u"))
        m, v = as_array(m, "The new m", shape=(4,)), as_array(v, "The new v", shape=(4,))
        u = as_array(u, "The direction u", shape=(4,))
        where = f"At update t = {t}"
        if agrees(u, right_u[t - 1]):
            if agrees(m, right[t - 1][0]) and agrees(v, right[t - 1][1]):
                continue
            corrected = ref.adam_path(grads, b1, b2, eps, kind="corrected state")[t - 1]
            if agrees(m, corrected[0]) and agrees(v, corrected[1]):
                fail(f"{where} you return the corrected m̂ and v̂: return the running averages m "
                     f"and v themselves; the correction only serves the direction.")
            fail(f"{where} your direction is right but the m and v you return are not Adam's running "
                 f"averages: return the updated m and v.")
        if np.isnan(u).any():                      # g instead of g² makes v negative: √v is NaN
            fail(f"{where} {_ADAM_SLIPS['no square']}")
        for kind, hint in _ADAM_SLIPS.items():
            if agrees(u, ref.adam_path(grads, b1, b2, eps, kind=kind)[t - 1][2]):
                fail(f"{where} {hint}")
        fail(f"{where} your direction differs from Adam's by up to "
             f"{np.abs(u - right_u[t - 1]).max():.3g}: check m, v and their corrections one by one.")
    passed("Adam: five directions, on gradients from 1e-6 to 30, match the bias-corrected rule.")


def _matrix(H, w_star):
    H = np.asarray(H, dtype=float) if isinstance(H, (np.ndarray, list, tuple)) else None
    w = np.asarray(w_star, dtype=float) if isinstance(w_star, (np.ndarray, list, tuple)) else None
    if H is None or H.ndim != 2 or H.shape[0] != H.shape[1] or not np.all(np.isfinite(H)):
        raise ValueError(f"The 'H' parameter of check_momentum_critical_lr must be a square matrix of "
                         f"finite numbers. Got {H!r} instead.")
    if w is None or w.shape != (H.shape[0],) or not np.all(np.isfinite(w)):
        raise ValueError(f"The 'w_star' parameter of check_momentum_critical_lr must be a vector of "
                         f"{H.shape[0]} finite numbers. Got {w_star!r} instead.")
    return H, w


def check_momentum_critical_lr(critical_lr, H, w_star, beta=0.5):
    """Check the critical learning rate of momentum found by the sweep of exercise 10.3.

    ``critical_lr`` should be the largest rate of :data:`MOMENTUM_LRS` at which momentum
    (``beta``), run 300 updates from w = 0 on the quadratic with Hessian ``H`` and minimum
    ``w_star``, does not end farther from ``w_star`` than it started. The check runs the
    same sweep, and recognizes a value off the grid (a formula typed in, plain descent's
    limit, β = 0.9's), the first rate past the edge, and rates below it.

    Raises
    ------
    ValueError
        For an ``H``, ``w_star`` or ``beta`` that the notebook got wrong.
    """
    H, w_star = _matrix(H, w_star)
    if isinstance(beta, (bool, np.bool_)) or not isinstance(beta, (int, float, np.floating)) or not 0 <= beta < 1:
        raise ValueError(f"The 'beta' parameter of check_momentum_critical_lr must be a float in [0, 1). "
                         f"Got {beta!r} instead.")
    lr = as_float(critical_lr, "critical_lr")
    if lr <= 0:
        fail(f"critical_lr is {lr:g}: a learning rate is a positive number.")
    grows = np.array([ref.momentum_error_grows(a, H, w_star, beta) for a in MOMENTUM_LRS])
    edge = int(np.flatnonzero(~grows).max()) if (~grows).any() else -1
    on_grid = np.flatnonzero(np.isclose(MOMENTUM_LRS, lr, rtol=1e-6))
    if on_grid.size and on_grid[0] == edge:
        passed(f"Momentum (β = {beta:g}): your sweep found the edge, the largest rate of the grid "
               f"at which the error does not grow.")
        return
    lam_max = np.linalg.eigvalsh(H)[-1]
    near = lambda value: abs(lr - value) <= 0.1 * value
    if not on_grid.size:
        if near(2 / lam_max):
            fail(f"That is where plain gradient descent stops being stable: momentum with β = {beta:g} "
                 f"tolerates more. Did you run plain descent, or Momentum(beta=0)?")
        if near(2 * (1 + 0.9) / lam_max) and beta != 0.9:
            fail(f"That is the limit for β = 0.9, the default of Momentum(): this exercise uses "
                 f"Momentum(beta={beta:g}).")
        fail(f"critical_lr = {lr:.4g} is not one of the rates of momentum_lrs: run the sweep and "
             f"report the rate it found, not a formula.")
    index = int(on_grid[0])
    if index == edge + 1:
        fail("At your rate the error already grows (it is the first rate that does): the critical "
             "rate is the largest one at which it does not.")
    if index > edge:
        fail("Too high: at your rate the error grows; the critical rate is the largest one at which "
             "it does not.")
    if index == 0:
        fail("That is the smallest rate of the grid: the question is the largest one at which the "
             "error does not grow (max, not min).")
    fail("Too low: at rates somewhat above yours the error still does not grow; take the largest "
         "such rate.")
