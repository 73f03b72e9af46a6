"""Checks for the exercises of notebook 01 (the housing data and a two-layer network)."""
import numpy as np

from . import as_array, as_float, fail, passed
from ..network import ShallowNeuralNet

__all__ = ["check_mse", "check_backward"]


def _close(a, b, rtol=1e-6):
    return np.allclose(a, b, rtol=rtol, atol=1e-12)


def check_mse(mse):
    r"""Check ``mse(y_hat, y)``, the mean squared error of notebook 01.

    Parameters
    ----------
    mse : callable
        ``mse(y_hat, y)`` with ``y_hat`` of shape (m, 1), as the network returns
        it, and ``y`` of shape (m,), returning
        :math:`\frac1m\sum_i (\hat y_i - y_i)^2` as one number.

    Notes
    -----
    Recognizes the usual slips: the (m, 1) - (m,) subtraction that broadcasts to
    an (m, m) matrix, a sum instead of a mean, a missing square, the root of the
    mean (RMSE) and the factor 1/2 of some textbooks.
    """
    if not callable(mse):
        fail("Pass the function itself, mse, not the result of calling it.")
    rng = np.random.RandomState(1)
    for m in [7, 100]:
        y = rng.uniform(1, 4, m)
        y_hat = (y + rng.normal(0, 0.8, m) + 0.3)[:, None]
        err = y_hat[:, 0] - y
        expected = float(np.mean(err ** 2))
        got = as_float(mse(y_hat.copy(), y.copy()), f"mse(y_hat, y) for {m} houses")
        if _close(got, expected):
            continue
        where = f"For {m} houses your loss is {got:.4g}"
        hints = [
            (np.mean((y_hat - y) ** 2), "y_hat - y broadcasts a (m, 1) array against a (m,) one into an "
                                        "(m, m) matrix of every pair: flatten y_hat (y_hat[:, 0]) first"),
            (np.sum(err ** 2), "that is the sum of the squared errors: divide by the number of houses m"),
            (np.mean(np.abs(err)), "that is the mean absolute error: square the errors instead"),
            (np.mean(err), "the errors are not squared, so errors of opposite signs cancel"),
            (np.sqrt(expected), "that is the root of the mean squared error (RMSE): leave out the square root"),
            (expected / 2, "it is half of the mean squared error: drop the factor 1/2"),
        ]
        for value, hint in hints:
            if _close(got, value):
                fail(f"{where}: {hint}.")
        fail(f"{where}, which is not the mean of the squared errors (ŷᵢ − yᵢ)².")
    passed("mse: the mean of the squared errors, for 7 and for 100 houses.")


def check_backward(backward):
    r"""Check ``backward(X, y, W1, b1, W2, b2) -> (dW1, db1, dW2, db2)``.

    The gradients of the mean squared error of the linear two-layer network
    :math:`\hat y = (X W_1 + b_1) W_2 + b_2`, with ``y`` of shape (m, 1). The
    check compares them with the package's backpropagation on networks whose
    sizes all differ (so a transposed product shows in the shapes), and names
    the usual slips: a missing sum over the samples, a flipped sign, a missing
    factor 2 or 1/m.
    """
    if not callable(backward):
        fail("Pass the function itself, backward, not the result of calling it.")
    names = ["dW1", "db1", "dW2", "db2"]
    for n_x, n_h, m, seed in [(3, 5, 7, 0), (2, 4, 100, 37)]:
        rng = np.random.RandomState(seed)
        X = rng.normal(0, 2, (m, n_x))
        y = rng.normal(1, 1, (m, 1))
        net = ShallowNeuralNet(n_x, n_h, 1, init="normal", random_state=seed)
        expected = [net.gradients(X, y)[p] for p in ["W1", "b1", "W2", "b2"]]
        result = backward(X.copy(), y.copy(), net.W1.copy(), net.b1.copy(), net.W2.copy(), net.b2.copy())
        if result is None:
            fail("backward returned None: did you forget the return statement?")
        try:
            result = list(result)
        except TypeError:
            fail("backward should return the four gradients (dW1, db1, dW2, db2).")
        if len(result) != 4:
            fail(f"backward returned {len(result)} values; it should return four: dW1, db1, dW2, db2.")
        size = f"(n_x, n_h, m) = ({n_x}, {n_h}, {m})"
        for name, got, want in zip(names, result, expected):
            if got is not None and np.ndim(got) == 2 and np.shape(got) == (m, want.shape[1]) and name[1] == "b":
                fail(f"{name} has one row per sample: sum over the samples (axis=0, keepdims=True).")
            got = as_array(got, name, shape=want.shape)
            if _close(got, want):
                continue
            where = f"{name} is wrong for {size}"
            ratio = float(np.sum(got * want) / np.sum(want * want))
            if _close(got, ratio * want, rtol=1e-5):
                for factor, hint in [(-1, "it has the wrong sign: the error is ε = ŷ − y, not y − ŷ"),
                                     (0.5, "it is half the gradient: the derivative of the square brings a factor 2"),
                                     (m, f"it is {m} times too large: divide by the number of samples m"),
                                     (1 / m, f"it is {m} times too small: divide by m only once")]:
                    if np.isclose(ratio, factor, rtol=1e-5):
                        fail(f"{where}: {hint}.")
            fail(f"{where}: compare your formula for it with the chain rule above.")
    passed("backward: all four gradients agree with backpropagation on two networks.")
