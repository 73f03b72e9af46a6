"""Checks for the exercises of notebook 02 (initializers and symmetry)."""
import numpy as np

from . import as_array, fail, passed

__all__ = ["check_he_init"]


def _std_of(init, fan_in, fan_out, seed):
    W, b = init(fan_in, fan_out, np.random.RandomState(seed))
    W = as_array(W, "W", shape=(fan_in, fan_out))
    b = as_array(b, "b", shape=(1, fan_out))
    return W, b


def check_he_init(init):
    r"""Check ``init(fan_in, fan_out, rng) -> (W, b)`` against He et al. (2015).

    He init draws :math:`W \sim \mathcal N(0, 2/\text{fan\_in})` and sets the
    biases to zero. The check draws large layers and compares the spread of the
    weights with the formula, recognizing the usual mix-ups (fan_out, LeCun's
    1/fan_in, Glorot's fan_in + fan_out, a variance used as a standard deviation).
    """
    if not callable(init):
        fail("Pass the function itself, he_init, not the result of calling it.")
    cases = [(2, 2000), (400, 300), (50, 1)]
    stds = []
    for fan_in, fan_out in cases:
        W, b = _std_of(init, fan_in, fan_out, seed=0)
        if np.any(b != 0):
            fail("The biases should all be zero: He init only scales the weights.")
        if abs(W.mean()) > 5 * np.sqrt(2 / fan_in) / np.sqrt(W.size) + 1e-12 and W.min() >= 0:
            fail(f"Your weights are all positive (mean {W.mean():.3g}): they should be centred on 0, "
                 f"drawn from a normal distribution.")
        stds.append((fan_in, fan_out, W.std(), W.size))

    def matches(formula):
        return all(abs(std - formula(i, o)) <= 4 * formula(i, o) / np.sqrt(2 * n) for i, o, std, n in stds)

    he = lambda i, o: np.sqrt(2 / i)
    if not matches(he):
        i, o, std, _ = next((i, o, std, n) for i, o, std, n in stds
                            if abs(std - he(i, o)) > 4 * he(i, o) / np.sqrt(2 * n))
        where = f"Your weights have std {std:.3g} for fan_in = {i}, fan_out = {o}, expected {he(i, o):.3g}"
        hints = {"fan_out instead of fan_in": lambda i, o: np.sqrt(2 / o),
                 "1/fan_in (that is LeCun's init, for tanh)": lambda i, o: np.sqrt(1 / i),
                 "fan_in + fan_out (that is Glorot's init)": lambda i, o: np.sqrt(2 / (i + o)),
                 "the variance 2/fan_in as the standard deviation": lambda i, o: 2 / i}
        for mistake, formula in hints.items():
            if matches(formula):
                fail(f"{where}: did you use {mistake}?")
        fail(f"{where}.")
    again = _std_of(init, 3, 4, seed=1)[0]
    if not np.array_equal(again, _std_of(init, 3, 4, seed=1)[0]):
        fail("Two calls with the same seed gave different weights: draw from the rng you are "
             "given, not from np.random.")
    passed("He init: zero biases and a weight spread of √(2/fan_in) for every layer tried.")
