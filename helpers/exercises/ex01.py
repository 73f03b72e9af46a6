"""Checks for the exercises of notebook 01 (the housing data and a two-layer network)."""
import numpy as np

from . import _reference as ref
from ._calling import student_function
from ._feedback import agrees, as_array, as_float, fail, in_order, name_the_mistake, passed, unpack

__all__ = ["check_mse", "check_backward"]


def check_mse(mse):
    """Check ``mse(y_hat, y)``, the mean squared error of notebook 01 (exercise 01.1).

    Parameters
    ----------
    mse : callable
        ``mse(y_hat, y)`` with ``y_hat`` of shape (m, 1), as the network returns it, and
        ``y`` of shape (m,), returning one number.

    Notes
    -----
    Tried on made-up predictions for 7 and for 100 houses. Recognizes the usual slips: the
    (m, 1) - (m,) subtraction that broadcasts to an (m, m) matrix, a sum instead of a mean, a
    missing square, the root of the mean, a factor 1/2. A call to the package's or
    scikit-learn's own function is reported.
    """
    from sklearn.metrics import mean_squared_error

    from ..losses import mse as package_mse

    mse = student_function(mse, "mse(y_hat, y)", forbidden=(package_mse, mean_squared_error))
    rng = np.random.RandomState(1)
    for m in [7, 100]:
        y = rng.uniform(1, 4, m)
        y_hat = (y + rng.normal(0, 0.8, m) + 0.3)[:, None]
        expected, slips = ref.mse_cases(y_hat, y)
        got = as_float(mse(y_hat, y), f"mse(y_hat, y) for {m} houses")
        if agrees(got, expected):
            continue
        where = f"For {m} houses your loss is {got:.4g}"
        name_the_mistake(got, slips, f"{where}: ")
        fail(f"{where}, which is not the mean of the squared errors (ŷᵢ − yᵢ)².")
    passed("mse: the mean of the squared errors, for 7 and for 100 houses.")


def check_backward(backward):
    """Check ``backward(X, y, W1, b1, W2, b2) -> (dW1, db1, dW2, db2)`` (exercise 01.2).

    The gradients of the mean squared error of notebook 01's linear two-layer network, with
    ``y`` of shape (m, 1). Tried on two networks whose sizes all differ (so a transposed
    product shows in the shapes); names the usual slips: a missing sum over the samples, a
    flipped sign, a missing factor 2 or 1/m, the gradients in another order.
    """
    from ..network import NeuralNet

    backward = student_function(backward, "backward(X, y, W1, b1, W2, b2)", forbidden=(NeuralNet.gradients,))
    names = ("dW1", "db1", "dW2", "db2")
    for n_x, n_h, m, seed in [(3, 5, 7, 0), (2, 4, 100, 37)]:
        rng = np.random.RandomState(seed)
        X = rng.normal(0, 2, (m, n_x))
        y = rng.normal(1, 1, (m, 1))
        params = (rng.normal(0, 0.5, (n_x, n_h)), rng.normal(0, 0.5, (1, n_h)),
                  rng.normal(0, 0.5, (n_h, 1)), rng.normal(0, 0.5, (1, 1)))
        expected = ref.linear_backward(X, y, *params)
        result = unpack(backward(X, y, *params), "backward", names)
        for name, got, want in zip(names, result, expected):
            if name[1] == "b" and np.ndim(got) == 2 and np.shape(got) == (m, want.shape[1]) and m > 1:
                fail(f"{name} has one row per sample: sum over the samples (axis=0, keepdims=True).")
        in_order(result, [w.shape for w in expected], "backward", names)
        size = f"(n_x, n_h, m) = ({n_x}, {n_h}, {m})"
        for name, got, want in zip(names, result, expected):
            got = as_array(got, name, shape=want.shape)
            if not np.all(np.isfinite(got)):
                fail(f"{name} holds inf or NaN values for {size}: look for a division by zero or "
                     f"an overflow in your code.")
            if agrees(got, want):
                continue
            where = f"{name} is wrong for {size}"
            ratio = float(np.sum(got * want) / np.sum(want * want))
            if agrees(got, ratio * want):
                for factor, hint in [(-1, "it has the wrong sign: the error is ε = ŷ − y, not y − ŷ"),
                                     (0.5, "it is half the gradient: the derivative of the square brings a factor 2"),
                                     (m, f"it is {m} times too large: divide by the number of samples m"),
                                     (1 / m, f"it is {m} times too small: divide by m only once")]:
                    if np.isclose(ratio, factor, rtol=1e-3):
                        fail(f"{where}: {hint}.")
            fail(f"{where}: compare your formula for it with the chain rule above.")
    passed("backward: all four gradients agree with backpropagation on two networks.")
