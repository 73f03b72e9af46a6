"""Checks for the exercises of notebook 04 (vanishing gradients)."""
import numpy as np

from . import as_array, as_float, fail, name_the_mistake, passed
from ..activations import sigmoid
from ..datasets import make_housing
from ..network import ShallowNeuralNet

__all__ = ["STALL_LR_GRID", "check_diagnose", "check_stall_lr", "check_sigmoid_prime"]

#: The learning rates of exercise 04.2's sweep.
STALL_LR_GRID = np.geomspace(1e-7, 1e-5, 9)
_TARGET_LOSS = 3.0
_LABELS = ("frozen", "too slow", "healthy")


def _housing_run(init, lr, seed):
    X, y = make_housing(random_state=47)
    net = ShallowNeuralNet(2, 4, 1, init=init, random_state=seed)
    return net.train(X, y, lr=lr, max_iter=100, tol=1e-6)


def _expected_diagnosis(history):
    ratios = history.update_ratios
    moving = np.isfinite(ratios) & (ratios > 0)
    if not moving.any(axis=0).all():
        return "frozen"
    first = ratios[0][np.isfinite(ratios[0])]
    return "too slow" if first.max() < 1e-3 else "healthy"


def check_diagnose(diagnose):
    """Check ``diagnose(history) -> "frozen" | "too slow" | "healthy"`` on six housing runs.

    The runs (zero init, normal init with a too small or a healthy step, two model
    seeds) are trained here, 100 updates each, and the rule of the exercise gives the
    expected label. A wrong label gets a hint about the usual slips: a frozen
    parameter's ratio is 0/0 = NaN rather than 0, and the ratios of a healthy run
    shrink as it converges, so the rule reads the first update, not the last.
    """
    if not callable(diagnose):
        fail("Pass the function itself, diagnose, not the result of calling it.")
    runs = [("zero init, lr=1e-6", "zeros", 1e-6, 37), ("zero init, lr=1e-7", "zeros", 1e-7, 0),
            ("normal init, lr=5e-8", "normal", 5e-8, 37), ("normal init seed 1, lr=2e-8", "normal", 2e-8, 1),
            ("normal init, lr=1e-6", "normal", 1e-6, 37), ("normal init seed 0, lr=1e-6", "normal", 1e-6, 0)]
    for label, init, lr, seed in runs:
        history = _housing_run(init, lr, seed)
        expected = _expected_diagnosis(history)
        with np.errstate(invalid="ignore"):
            got = diagnose(history)
        if got is None:
            fail("diagnose returned None: did you forget the return statement?")
        if got not in _LABELS:
            fail(f"diagnose returned {got!r}; it should return one of {', '.join(map(repr, _LABELS))}.")
        if got == expected:
            continue
        if expected == "frozen":
            fail(f"diagnose calls the run '{label}' {got!r}, but three of its parameters never move: "
                 f"their ratio is 0/0, which is NaN rather than 0, so test with np.isfinite.")
        if expected == "healthy" and got == "too slow":
            fail(f"diagnose calls the healthy run '{label}' 'too slow': its ratios shrink as the loss "
                 f"flattens out, so judge the step by the first update, not the last.")
        if got == "frozen":
            fail(f"diagnose calls the run '{label}' 'frozen', but every one of its parameters moves "
                 f"at some update: is your test for a parameter that never moves too broad?")
        fail(f"diagnose calls the run '{label}' {got!r}: compare the largest finite ratio of the "
             f"first update with 1e-3.")
    passed("diagnose: the frozen, the too slow and the healthy runs all recognized.")


def check_stall_lr(stall_lr):
    """Check the smallest learning rate of ``STALL_LR_GRID`` that trains in 100 updates.

    "Trains" means: the housing model of the notebook (normal init, model seed 37)
    ends 100 updates with a loss below 3.0. The check trains the model at the
    student's learning rate and at the grid's next smaller one, so it recognizes a
    rate that stalls, a rate that trains but is not the smallest, and a value that
    is not on the grid.
    """
    lr = as_float(stall_lr, "stall_lr")
    index = np.flatnonzero(np.isclose(STALL_LR_GRID, lr, rtol=1e-3, atol=0))
    if index.size == 0:
        fail(f"stall_lr = {lr:.3g} is not one of the sweep's learning rates: pick a value of STALL_LR_GRID.")
    index = int(index[0])
    final = _housing_run("normal", STALL_LR_GRID[index], 37).final_loss
    if not final < _TARGET_LOSS:
        fail(f"With lr = {lr:.3g} the loss ends at {final:.3f}, above 3.0: that run stalls; look at "
             f"larger learning rates.")
    if index > 0 and _housing_run("normal", STALL_LR_GRID[index - 1], 37).final_loss < _TARGET_LOSS:
        if index == len(STALL_LR_GRID) - 1:
            fail("That is the largest learning rate of the sweep: the question is the smallest one "
                 "that still brings the loss below 3.0.")
        fail(f"lr = {lr:.3g} trains, but so does a smaller learning rate of the sweep: you want the "
             f"smallest one.")
    passed("stall_lr: the smallest step of the sweep that gets below 3.0 in 100 updates.")


def check_sigmoid_prime(sigmoid_prime):
    r"""Check ``sigmoid_prime(z)`` against :math:`\sigma(z)\,(1 - \sigma(z))`.

    Tried on an array of z from -30 to 30 and ±1000 (the shape must be kept) and on a
    scalar. The usual mix-ups get their own hint: :math:`z(1-z)` (the formula
    applied to z instead of :math:`\sigma(z)`), :math:`\sigma(z)` itself,
    :math:`\sigma(z)(1+\sigma(z))` and :math:`1 - \sigma(z)^2`.
    """
    if not callable(sigmoid_prime):
        fail("Pass the function itself, sigmoid_prime, not the result of calling it.")
    z = np.linspace(-30, 30, 243).reshape(3, -1)
    z[0, 0], z[-1, -1] = -1000.0, 1000.0
    with np.errstate(over="ignore", invalid="ignore"):
        got = as_array(sigmoid_prime(z.copy()), "sigmoid_prime(z)", shape=z.shape)
    s = sigmoid(z)
    expected = s * (1 - s)
    if np.allclose(got, expected, rtol=1e-6, atol=1e-12):
        scalar = as_float(sigmoid_prime(0.0), "sigmoid_prime(0.0)")
        if not np.isclose(scalar, 0.25):
            fail(f"sigmoid_prime(0.0) gives {scalar:.3g}: does your function work on a single number?")
        passed("sigmoid_prime: right on 243 values of z from −1000 to 1000, and on a single number.")
        return
    if not np.all(np.isfinite(got)):
        fail("sigmoid_prime gives inf or NaN for large |z|: compute σ(z) first (np.exp(-z) overflows "
             "harmlessly to inf, giving σ = 0), then combine.")
    mistakes = {"z(1 − z): apply the formula to σ(z), not to z": z * (1 - z),
                "σ(z) itself: that is the activation, not its slope": s,
                "σ(z)(1 + σ(z)): check the sign": s * (1 + s),
                "1 − σ(z)²: that is the pattern of tanh's derivative": 1 - s ** 2}
    name_the_mistake(got, mistakes, "Your sigmoid_prime computes ")
    k = int(np.argmax(np.abs(got - expected).ravel()))
    fail(f"sigmoid_prime({z.ravel()[k]:.3g}) gives {got.ravel()[k]:.3g}: compare with the definition "
         f"σ'(z) = σ(z)(1 − σ(z)).")
