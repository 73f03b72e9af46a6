"""Checks for the exercises of notebook 06 (activation functions)."""
import numpy as np

from . import _reference as ref
from ._calling import student_function
from ._feedback import agrees, as_array, as_float, fail, name_the_mistake, passed
from ..activations import silu_grad

__all__ = ["KILL_LR_GRID", "check_silu_prime", "check_dead_fraction", "check_kill_lr"]

#: The learning rates of exercise 06.3's sweep.
KILL_LR_GRID = (1.0, 2.0, 3.0, 3.5, 4.0, 5.0, 6.0, 8.0)


def check_silu_prime(silu_prime):
    """Check ``silu_prime(z)``, the derivative of SiLU (exercise 06.1).

    Tried on z from -40 to 40 with ±1000 at the ends (the shape must be kept, the values
    finite) and compared with the package's SiLU. Recognizes the usual slips of the product
    rule; a call to the package's own derivative is reported.
    """
    silu_prime = student_function(silu_prime, "silu_prime(z)", forbidden=(silu_grad,))
    z = np.linspace(-40, 40, 321).reshape(-1, 1)
    z[0, 0], z[-1, 0] = -1000.0, 1000.0
    got = as_array(silu_prime(z), "silu_prime(z)", shape=z.shape)
    with np.errstate(over="ignore"):
        expected = silu_grad(z)
    if agrees(got, expected):
        passed("silu_prime: the product rule done right on 321 values of z from −1000 to 1000.")
        return
    if not np.all(np.isfinite(got)):
        fail("silu_prime gives inf or NaN for large |z|: compute σ(z) first, then combine.")
    name_the_mistake(got, ref.silu_prime_slips(z), "Your silu_prime computes ")
    k = int(np.argmax(np.abs(got - expected).ravel()))
    fail(f"silu_prime({z.ravel()[k]:.3g}) gives {got.ravel()[k]:.3g}, which is not the slope of "
         f"z σ(z) there: apply the product rule to z and σ(z).")


def _dead_cases():
    Z = np.array([[-1.0, -0.5, 0.0, 2.0, 1.0, 3.0, 0.5, -1.0],
                  [-2.0, -0.1, -1.0, -1.0, 2.0, -1.0, 0.2, 1.0],
                  [-0.3, -0.7, 0.0, -2.0, 0.5, -2.0, 0.1, -0.5],
                  [-4.0, -0.2, -0.5, 1.0, 0.3, -0.4, 0.9, 0.0],
                  [-1.5, -0.9, -2.0, -0.5, 0.7, -0.1, 1.1, -0.3],
                  [-0.6, -0.3, 0.0, 0.4, 1.2, -0.8, 0.6, 2.0]])
    rng = np.random.RandomState(3)
    Z2 = rng.standard_normal((40, 5)) - np.array([3.0, 0.0, 9.0, -1.0, 0.0])
    return [Z, Z2]


def check_dead_fraction(dead_fraction):
    """Check ``dead_fraction(Z)``: the share of a layer's ReLU units that are dead (06.2).

    Tried on a made-up Z with pre-activations of exactly 0 and on a random one. The cases
    separate the usual mix-ups: values instead of units, rows instead of columns, ``< 0``
    instead of ``<= 0``, "off for some input" instead of "for every input", a count instead
    of a fraction. A call to the package's own function is reported.
    """
    from ..dashboard import dead_fraction as package_dead_fraction

    dead_fraction = student_function(dead_fraction, "dead_fraction(Z)", forbidden=(package_dead_fraction,))
    for Z in _dead_cases():
        got = as_float(dead_fraction(Z), "dead_fraction(Z)")
        if agrees(got, ref.dead_fraction(Z)):
            continue
        for value, hint in ref.dead_fraction_slips(Z):
            if agrees(got, value):
                fail(f"dead_fraction gives {got:.3g} on a {Z.shape[0]} × {Z.shape[1]} Z: {hint}.")
        fail(f"dead_fraction gives {got:.3g} on a {Z.shape[0]} × {Z.shape[1]} Z, which is not the "
             f"share of its units that are off for every input.")
    passed("dead_fraction: the share of units off for every input, on every case tried.")


def check_kill_lr(kill_lr):
    """Check the smallest learning rate of ``KILL_LR_GRID`` that kills the last hidden layer (06.3).

    The network and data are those of the notebook's ``fit("relu", ...)``: after 100
    updates, every unit of the third hidden layer is off for every training point.
    The check trains at the student's rate and at the grid's next smaller one.
    """
    lr = as_float(kill_lr, "kill_lr")
    index = [i for i, value in enumerate(KILL_LR_GRID) if np.isclose(value, lr)]
    if not index:
        fail(f"kill_lr = {lr:.3g} is not one of the sweep's learning rates: pick a value of KILL_LR_GRID.")
    index = index[0]
    if not ref.last_layer_dead(KILL_LR_GRID[index]):
        fail(f"With lr = {lr:.3g} some unit of the last hidden layer is still alive after 100 "
             f"updates: that step does not kill the layer; look at larger ones.")
    if index > 0 and ref.last_layer_dead(KILL_LR_GRID[index - 1]):
        if index == len(KILL_LR_GRID) - 1:
            fail("That is the largest learning rate of the sweep: the question is the smallest one "
                 "that kills the whole last hidden layer.")
        fail(f"lr = {lr:.3g} kills the last hidden layer, but so does a smaller learning rate of "
             f"the sweep: you want the smallest one.")
    passed("kill_lr: the smallest step of the sweep that kills the whole last hidden layer.")
