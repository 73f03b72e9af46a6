"""Checks for the exercises of notebook 03 (exploding gradients)."""
import numpy as np

from . import as_float, fail, name_the_mistake, passed

__all__ = ["check_update_ratio", "check_max_stable_lr", "check_critical_lr"]

#: The sweep of exercise 03.3: `normal` init, model seed 37, standardized features,
#: 100 full-batch updates without early stop, on this grid of learning rates.
CRITICAL_LR_GRID = np.geomspace(0.01, 10, 31)


def _housing():
    from ..datasets import make_housing
    return make_housing(n_samples=100, random_state=47)


def check_update_ratio(update_ratio):
    r"""Check ``update_ratio(p, grad, lr)``, the update-to-parameter ratio.

    .. math:: r = \frac{\lVert \alpha\,\nabla_p L\rVert}{\lVert p\rVert}

    with Frobenius norms over the whole array, as one number. The check uses
    made-up arrays and the first update of the `normal` net at α = 1e-2 (the
    trainer's recorded ratios), and names the usual slips: the fraction upside
    down, the learning rate left out, squared norms, element-wise ratios averaged.
    """
    from ..network import ShallowNeuralNet

    if not callable(update_ratio):
        fail("Pass the function itself, update_ratio, not the result of calling it.")
    rng = np.random.RandomState(3)
    cases = []
    for p, g, lr, what in [(rng.normal(0, 1, (2, 4)), rng.normal(0, 30, (2, 4)), 1e-2, "a (2, 4) weight matrix"),
                           (np.array([[0.5]]), np.array([[-4.0]]), 0.05, "a (1, 1) bias")]:
        cases.append((p, g, lr, what, np.linalg.norm(lr * g) / np.linalg.norm(p)))
    X, y = _housing()
    net = ShallowNeuralNet(2, 4, 1, init="normal", random_state=37)
    grads = net.gradients(X, y)
    recorded = ShallowNeuralNet(2, 4, 1, init="normal", random_state=37).train(
        X, y, lr=1e-2, max_iter=1).update_ratios[0]
    for name, ratio in zip(net.param_names, recorded):
        cases.append((net.params[name], grads[name], 1e-2, f"{name} of the housing net at α = 1e-2", ratio))
    for p, g, lr, what, expected in cases:
        got = as_float(update_ratio(p.copy(), g.copy(), lr), f"update_ratio for {what}")
        if np.isclose(got, expected, rtol=1e-6):
            continue
        where = f"For {what} your ratio is {got:.3g}"
        hints = {"the fraction is upside down: the size of the step goes on top": 1 / expected,
                 "the learning rate is missing: the step is α times the gradient": expected / lr,
                 "those are squared norms: take the norms themselves (np.linalg.norm)": expected ** 2,
                 "that averages element-wise ratios: divide the norm of the whole step by the norm of "
                 "the whole parameter": float(np.mean(np.abs(lr * g) / np.abs(p)))}
        name_the_mistake(got, hints, f"{where}: ", atol=1e-8)
        fail(f"{where}, which is not the norm of the step divided by the norm of the parameter.")
    passed("update_ratio: agrees with the trainer's recorded ratios and two made-up cases.")


def check_max_stable_lr(max_stable_lr):
    r"""Check ``max_stable_lr(H)``: the largest stable learning rate :math:`2/\lambda_{\max}(H)`.

    The check uses a rotated diagonal matrix (so that the diagonal entries are
    not the eigenvalues) and the Hessian of the lecture's network at its
    `normal` init, and names the usual slips: :math:`\lambda_{\max}` itself,
    :math:`1/\lambda_{\max}`, the smallest eigenvalue, the trace, the largest
    diagonal entry.
    """
    from ..diagnostics import hessian
    from ..network import ShallowNeuralNet

    if not callable(max_stable_lr):
        fail("Pass the function itself, max_stable_lr, not the result of calling it.")
    Q, _ = np.linalg.qr(np.random.RandomState(0).normal(size=(4, 4)))
    made_up = Q @ np.diag([3.0, 10.0, 0.5, 1.0]) @ Q.T
    X, y = _housing()
    housing = hessian(ShallowNeuralNet(2, 4, 1, init="normal", random_state=37), X, y)
    for H, what in [(made_up, "the made-up 4 × 4 matrix"), (housing, "the housing net's Hessian")]:
        eig = np.linalg.eigvalsh(H)
        expected = 2 / eig[-1]
        got = as_float(max_stable_lr(H.copy()), f"max_stable_lr for {what}")
        if np.isclose(got, expected, rtol=1e-6):
            continue
        where = f"For {what} your learning rate is {got:.3g}"
        hints = {"that is the curvature λmax itself, not the learning rate it allows": eig[-1],
                 "it is half the limit: the factor |1 − αλ| stays below 1 up to twice that": 1 / eig[-1],
                 "it comes from the smallest eigenvalue: the steepest direction, the largest "
                 "eigenvalue, sets the limit (np.linalg.eigvalsh sorts them in increasing order)": 2 / eig[0],
                 "it uses the trace, the sum of all the eigenvalues, instead of the largest": 2 / np.trace(H),
                 "the largest diagonal entry of H is not its largest eigenvalue: "
                 "compute the eigenvalues (np.linalg.eigvalsh)": 2 / np.max(np.diag(H))}
        name_the_mistake(got, hints, f"{where}: ", atol=1e-8)
        fail(f"{where}, which does not follow from the largest eigenvalue of H.")
    passed("max_stable_lr: the limit set by the largest eigenvalue, for a made-up matrix and the housing net.")


def _critical_sweep():
    from ..diagnostics import standardize
    from ..sweeps import train_many
    X, y = _housing()
    frame = train_many(standardize(X), y, lrs=CRITICAL_LR_GRID, seeds=37, inits="normal", max_iter=100).frame
    return frame.sort_values("lr").reset_index(drop=True)


def check_critical_lr(critical_lr):
    r"""Check the critical learning rate found by the sweep of exercise 03.3.

    ``critical_lr`` should be the smallest α of ``np.geomspace(0.01, 10, 31)`` at
    which the `normal` net (model seed 37) diverges within 100 updates on the
    standardized housing features. The check runs the same sweep and names the
    usual slips: the last α that stayed finite, the largest α that diverged, the
    prediction :math:`2/\lambda_{\max}` instead of the measurement, a value off
    the grid.
    """
    from ..diagnostics import sharpness, standardize
    from ..network import ShallowNeuralNet

    value = as_float(critical_lr, "critical_lr")
    frame = _critical_sweep()
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
