"""Checks for the exercises of notebook 03 (exploding gradients)."""
import numpy as np

from . import _reference as ref
from ._calling import student_function
from ._feedback import agrees, as_float, fail, name_the_mistake, passed

__all__ = ["CRITICAL_LR_GRID", "check_update_ratio", "check_max_stable_lr", "check_critical_lr"]

#: The sweep of exercise 03.3: `normal` init, model seed 37, standardized features,
#: 100 full-batch updates without early stop, on this grid of learning rates.
CRITICAL_LR_GRID = np.geomspace(0.01, 10, 31)


def _housing():
    from ..datasets import make_housing
    return make_housing(n_samples=100, random_state=47)


def check_update_ratio(update_ratio):
    """Check ``update_ratio(p, grad, lr)``, the update-to-parameter ratio (exercise 03.1).

    Compares it with two made-up cases and with the ratios the trainer recorded for the
    first update of the `normal` net at α = 1e-2, and names the usual slips: the fraction
    upside down, the learning rate left out, squared norms, element-wise ratios averaged.
    """
    from ..network import ShallowNeuralNet

    update_ratio = student_function(update_ratio, "update_ratio(p, grad, lr)")
    rng = np.random.RandomState(3)
    cases = [(rng.normal(0, 1, (2, 4)), rng.normal(0, 30, (2, 4)), 1e-2, "a (2, 4) weight matrix", None),
             (np.array([[0.5]]), np.array([[-4.0]]), 0.05, "a (1, 1) bias", None)]
    X, y = _housing()
    net = ShallowNeuralNet(2, 4, 1, init="normal", random_state=37)
    params, grads = net.get_params(), net.gradients(X, y)
    history = ShallowNeuralNet(2, 4, 1, init="normal", random_state=37).train(X, y, lr=1e-2, max_iter=1)
    for name, ratio in zip(history.param_names, history.update_ratios[0]):
        cases.append((params[name], grads[name], 1e-2, f"{name} of the housing net at α = 1e-2", ratio))
    for p, g, lr, what, recorded in cases:
        expected = ref.update_ratio(p, g, lr) if recorded is None else float(recorded)
        got = as_float(update_ratio(p, g, lr), f"update_ratio for {what}")
        if agrees(got, expected):
            continue
        where = f"For {what} your ratio is {got:.3g}"
        name_the_mistake(got, ref.update_ratio_slips(p, g, lr), f"{where}: ")
        fail(f"{where}, which is not the norm of the step divided by the norm of the parameter.")
    passed("update_ratio: agrees with the trainer's recorded ratios and two made-up cases.")


def check_max_stable_lr(max_stable_lr):
    """Check ``max_stable_lr(H)``, the largest stable learning rate near a point (exercise 03.2).

    Tries a made-up symmetric 4 × 4 matrix whose diagonal entries are not its eigenvalues,
    and the 17 × 17 Hessian of the lecture's network at its `normal` init. Names the usual
    slips: the curvature itself, a factor 2, the smallest eigenvalue, the trace, the
    largest diagonal entry.
    """
    from ..diagnostics import hessian
    from ..network import ShallowNeuralNet

    max_stable_lr = student_function(max_stable_lr, "max_stable_lr(H)")
    Q, _ = np.linalg.qr(np.random.RandomState(0).normal(size=(4, 4)))
    made_up = Q @ np.diag([3.0, 10.0, 0.5, 1.0]) @ Q.T
    X, y = _housing()
    housing = hessian(ShallowNeuralNet(2, 4, 1, init="normal", random_state=37), X, y)
    for H, what in [(made_up, "the made-up 4 × 4 matrix"), (housing, "the housing net's Hessian")]:
        got = as_float(max_stable_lr(H), f"max_stable_lr for {what}")
        if agrees(got, ref.max_stable_lr(H)):
            continue
        where = f"For {what} your learning rate is {got:.3g}"
        name_the_mistake(got, ref.max_stable_lr_slips(H), f"{where}: ")
        fail(f"{where}, which does not follow from the largest eigenvalue of H.")
    passed("max_stable_lr: the limit set by the largest eigenvalue, for a made-up matrix and the housing net.")


def check_critical_lr(critical_lr):
    """Check the critical learning rate found by the sweep of exercise 03.3.

    ``critical_lr`` should be the α of :data:`CRITICAL_LR_GRID` where the sweep's run
    first diverges. The check runs the same sweep and names the usual slips: the last α
    that stayed finite, the largest α that diverged, the sharpness prediction in place of
    the measurement, a value off the grid.
    """
    from ..diagnostics import sharpness, standardize
    from ..network import ShallowNeuralNet

    value = as_float(critical_lr, "critical_lr")
    frame = ref.critical_sweep(CRITICAL_LR_GRID)
    lrs = frame["lr"].to_numpy()
    diverged = frame["diverged"].to_numpy()
    first = int(np.argmax(diverged))
    if np.isclose(value, lrs[first], rtol=1e-6):
        passed("critical_lr: the first α of the grid at which the run diverges.")
        return
    X, y = _housing()
    predicted = 2 / sharpness(ShallowNeuralNet(2, 4, 1, init="normal", random_state=37), standardize(X), y)
    if np.isclose(value, predicted, rtol=0.05):
        fail("That is the prediction 2/λmax at initialization, not a measurement: find the first α of "
             "the sweep whose run diverged.")
    on_grid = np.isclose(lrs, value, rtol=1e-6)
    if not on_grid.any():
        fail(f"{value:.3g} is not one of the grid's learning rates: give the α of a run from the sweep.")
    index = int(np.argmax(on_grid))
    if index == first - 1:
        fail("The run at your α stayed finite (it is the last one that did): the critical α is the "
             "first one on the grid whose run diverged.")
    if index == len(lrs) - 1:
        fail("That is the largest α on the grid; it diverges, but smaller ones already do: give the "
             "smallest α whose run diverged.")
    if index < first:
        fail("Your α is too small: its run stayed finite for all 100 updates.")
    fail("Your α is too large: smaller α on the grid already diverge.")
