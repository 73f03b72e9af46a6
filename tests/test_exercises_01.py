"""Notebook 01's exercise checks: right answers pass (float64, float32, written otherwise),
the usual slips get their hint, and the package's own functions are not accepted."""
import re

import numpy as np
import pytest

from exercise_helpers import float32, hint, passes
from helpers.exercises.ex01 import check_backward, check_mse


def mse(y_hat, y):
    return float(np.mean((y_hat[:, 0] - y) ** 2))


def mse_loop(y_hat, y):
    total = 0.0
    for prediction, price in zip(y_hat[:, 0], y):
        total += (prediction - price) ** 2
    return total / len(y)


@pytest.mark.parametrize("right", [mse, float32(mse), mse_loop,
                                   lambda y_hat, y: np.mean((y_hat.ravel() - y) ** 2),   # a 0-d numpy value
                                   lambda y_hat, y: [np.mean((y_hat.ravel() - y) ** 2)]])
def test_mse_right_answers_pass(right):
    passes(check_mse, right)


@pytest.mark.parametrize("wrong, expected", [
    (lambda y_hat, y: np.mean((y_hat - y) ** 2), r"broadcasts .* \(m, m\) matrix"),
    (lambda y_hat, y: np.sum((y_hat[:, 0] - y) ** 2), r"sum of the squared errors: divide by"),
    (lambda y_hat, y: np.mean(np.abs(y_hat[:, 0] - y)), r"mean absolute error"),
    (lambda y_hat, y: np.mean(y_hat[:, 0] - y), r"not squared"),
    (lambda y_hat, y: np.sqrt(np.mean((y_hat[:, 0] - y) ** 2)), r"\(RMSE\)"),
    (lambda y_hat, y: np.mean((y_hat[:, 0] - y) ** 2) / 2, r"factor 1/2"),
    (float32(lambda y_hat, y: np.mean((y_hat - y) ** 2)), r"broadcasts"),
    (lambda y_hat, y: (y_hat[:, 0] - y) ** 2, r"should be a single number; got an array of shape \(7,\)"),
    (lambda y_hat, y: f"{mse(y_hat, y):.4f}", r"not the text '\d\.\d{4}'"),
    (lambda y_hat, y: np.max((y_hat[:, 0] - y) ** 2), r"not the mean of the squared errors"),
])
def test_mse_slips_get_their_hint(wrong, expected):
    assert re.search(expected, hint(check_mse, wrong))


def test_mse_from_the_package_or_scikit_learn_is_not_an_answer():
    from sklearn.metrics import mean_squared_error

    from helpers.losses import mse as package_mse
    assert "helpers.losses.mse, the package's own version" in hint(check_mse, lambda y_hat, y: package_mse(y_hat, y[:, None]))
    assert "mean_squared_error" in hint(check_mse, lambda y_hat, y: mean_squared_error(y, y_hat[:, 0]))


def test_mse_hint_never_contains_the_answer():
    message = hint(check_mse, lambda y_hat, y: np.sum((y_hat[:, 0] - y) ** 2))
    rng = np.random.RandomState(1)
    y = rng.uniform(1, 4, 7)
    y_hat = (y + rng.normal(0, 0.8, 7) + 0.3)[:, None]
    assert f"{mse(y_hat, y):.3g}" not in message


def backward(X, y, W1, b1, W2, b2, sign=1.0, factor=2.0, per_sample_bias=False, scale_m=True):
    m = X.shape[0] if scale_m else 1
    Z1 = X @ W1 + b1
    eps = sign * (Z1 @ W2 + b2 - y)
    dZ1 = eps @ W2.T
    sum_ = (lambda a: a) if per_sample_bias else (lambda a: a.sum(axis=0, keepdims=True))
    return (factor / m * X.T @ dZ1, factor / m * sum_(dZ1), factor / m * Z1.T @ eps, factor / m * sum_(eps))


def backward_per_sample(X, y, W1, b1, W2, b2):
    grads = [np.zeros_like(p) for p in (W1, b1, W2, b2)]
    for x, target in zip(X, y):
        z1 = x @ W1 + b1[0]
        error = z1 @ W2[:, 0] + b2[0, 0] - target[0]
        grads[0] += 2 * np.outer(x, error * W2[:, 0])
        grads[1] += 2 * error * W2[:, 0]
        grads[2] += 2 * error * z1[:, None]
        grads[3] += 2 * error
    return tuple(g / len(X) for g in grads)


@pytest.mark.parametrize("right", [backward, float32(backward), backward_per_sample,
                                   lambda *a: [g.tolist() for g in backward(*a)]])
def test_backward_right_answers_pass(right):
    passes(check_backward, right)


@pytest.mark.parametrize("wrong, expected", [
    (lambda *a: backward(*a, sign=-1.0), r"dW1 is wrong .*wrong sign: the error is ε = ŷ − y"),
    (lambda *a: backward(*a, factor=1.0), r"half the gradient: the derivative of the square"),
    (lambda *a: backward(*a, scale_m=False), r"7 times too large: divide by the number of samples"),
    (lambda *a: backward(*a, per_sample_bias=True), r"db1 has one row per sample: sum over the samples"),
    (lambda *a: backward(*a)[::-1], r"arrays of the right shapes but in another order: return \(dW1, db1, dW2, db2\)"),
    (lambda *a: tuple(g.T for g in backward(*a)), r"dW1 has shape \(5, 3\); it should have shape \(3, 5\) \(is it transposed\?\)"),
    (lambda *a: backward(*a)[:3], r"should return four values, \(dW1, db1, dW2, db2\); it returned 3"),
    (lambda *a: (backward(*a)[0] * 1.1, *backward(*a)[1:]), r"dW1 is wrong .*compare your formula"),
    (lambda *a: (np.full((3, 5), np.inf), *backward(*a)[1:]), r"dW1 holds inf or NaN values"),
])
def test_backward_slips_get_their_hint(wrong, expected):
    assert re.search(expected, hint(check_backward, wrong))


def test_backward_from_the_network_is_not_an_answer():
    from helpers import ShallowNeuralNet

    def package(X, y, W1, b1, W2, b2):
        net = ShallowNeuralNet(X.shape[1], W1.shape[1], 1, random_state=0)
        net.set_params(W1=W1, b1=b1, W2=W2, b2=b2)
        g = net.gradients(X, y)
        return g["W1"], g["b1"], g["W2"], g["b2"]
    assert "the package's own version" in hint(check_backward, package)


def test_backward_check_does_not_let_the_function_change_its_inputs_matter():
    def mutating(X, y, W1, b1, W2, b2):
        grads = backward(X, y, W1, b1, W2, b2)
        W1 -= 1.0                                      # scribbling on the inputs must not break the check
        return grads
    passes(check_backward, mutating)
