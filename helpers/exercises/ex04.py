"""Checks for the exercises of notebook 04 (vanishing gradients)."""
import numpy as np

from . import _reference as ref
from ._calling import student_function
from ._feedback import agrees, as_array, as_float, as_label, fail, name_the_mistake, passed
from ..activations import sigmoid_grad

__all__ = ["STALL_LR_GRID", "check_diagnose", "check_stall_lr", "check_sigmoid_prime"]

#: The learning rates of exercise 04.2's sweep.
STALL_LR_GRID = np.geomspace(1e-7, 1e-5, 9)
_TARGET_LOSS = 3.0
_LABELS = ("frozen", "too slow", "healthy")


def check_diagnose(diagnose):
    """Check ``diagnose(history) -> "frozen" | "too slow" | "healthy"`` (exercise 04.1).

    Six housing runs (zero init, normal init with a too small or a healthy step, two model
    seeds) are trained here, 100 updates each, and labelled by the rule of the exercise. A
    wrong label gets a hint about the usual slips: how a parameter that never moves shows in
    its ratios, and which update tells the speed of a run.
    """
    diagnose = student_function(diagnose, "diagnose(history)")
    runs = [("zero init, lr=1e-6", "zeros", 1e-6, 37), ("zero init, lr=1e-7", "zeros", 1e-7, 0),
            ("normal init, lr=5e-8", "normal", 5e-8, 37), ("normal init seed 1, lr=2e-8", "normal", 2e-8, 1),
            ("normal init, lr=1e-6", "normal", 1e-6, 37), ("normal init seed 0, lr=1e-6", "normal", 1e-6, 0)]
    for label, init, lr, seed in runs:
        history = ref.housing_run(init, lr, seed)
        expected = ref.ratio_diagnosis(history)
        got = as_label(diagnose(history), f"The label diagnose returned for the run '{label}'", _LABELS)
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
    """Check the smallest learning rate of ``STALL_LR_GRID`` that trains in 100 updates (04.2).

    "Trains" means: the housing model of the notebook (normal init, model seed 37) ends 100
    updates with a loss below 3.0. The check trains the model at the student's learning rate
    and at the grid's next smaller one, so it recognizes a rate that stalls, a rate that
    trains but is not the smallest, and a value that is not on the grid.
    """
    lr = as_float(stall_lr, "stall_lr")
    index = np.flatnonzero(np.isclose(STALL_LR_GRID, lr, rtol=1e-3, atol=0))
    if index.size == 0:
        fail(f"stall_lr = {lr:.3g} is not one of the sweep's learning rates: pick a value of STALL_LR_GRID.")
    index = int(index[0])
    final = ref.housing_run("normal", STALL_LR_GRID[index], 37).final_loss
    if not final < _TARGET_LOSS:
        fail(f"With lr = {lr:.3g} the loss ends at {final:.3f}, above 3.0: that run stalls; look at "
             f"larger learning rates.")
    if index > 0 and ref.housing_run("normal", STALL_LR_GRID[index - 1], 37).final_loss < _TARGET_LOSS:
        if index == len(STALL_LR_GRID) - 1:
            fail("That is the largest learning rate of the sweep: the question is the smallest one "
                 "that still brings the loss below 3.0.")
        fail(f"lr = {lr:.3g} trains, but so does a smaller learning rate of the sweep: you want the "
             f"smallest one.")
    passed("stall_lr: the smallest step of the sweep that gets below 3.0 in 100 updates.")


def check_sigmoid_prime(sigmoid_prime):
    """Check ``sigmoid_prime(z)``, the sigmoid's derivative (exercise 04.4).

    Tried on an array of z from -30 to 30 with ±1000 at its ends (the shape must be kept, the
    values finite) and on a single number. The usual mix-ups of the formula get their own
    hint; a call to the package's own derivative is reported.
    """
    sigmoid_prime = student_function(sigmoid_prime, "sigmoid_prime(z)", forbidden=(sigmoid_grad,))
    z = np.linspace(-30, 30, 243).reshape(3, -1)
    z[0, 0], z[-1, -1] = -1000.0, 1000.0
    got = as_array(sigmoid_prime(z), "sigmoid_prime(z)", shape=z.shape)
    expected = ref.sigmoid_prime(z)
    if agrees(got, expected):
        scalar = as_float(sigmoid_prime(0.0), "sigmoid_prime(0.0)")
        if not np.isclose(scalar, 0.25, rtol=1e-4):
            fail(f"sigmoid_prime(0.0) gives {scalar:.3g}: does your function work on a single number?")
        passed("sigmoid_prime: right on 243 values of z from −1000 to 1000, and on a single number.")
        return
    if not np.all(np.isfinite(got)):
        fail("sigmoid_prime gives inf or NaN for large |z|: compute σ(z) first (np.exp(-z) overflows "
             "harmlessly to inf, giving σ = 0), then combine.")
    name_the_mistake(got, ref.sigmoid_prime_slips(z), "Your sigmoid_prime computes ")
    k = int(np.argmax(np.abs(got - expected).ravel()))
    fail(f"sigmoid_prime({z.ravel()[k]:.3g}) gives {got.ravel()[k]:.3g}: compare with the definition "
         f"σ'(z) = σ(z)(1 − σ(z)).")
