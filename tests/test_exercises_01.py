"""Notebook 01's exercise checks: right answers pass, typical wrong answers get their hint."""
import numpy as np
import pytest

from helpers.exercises import NotQuiteRight
from helpers.exercises.ex01 import check_backward, check_mse


def mse(y_hat, y):
    return float(np.mean((y_hat[:, 0] - y) ** 2))


def test_mse_right_answer_passes(capsys):
    check_mse(mse)
    check_mse(lambda y_hat, y: np.mean((y_hat.ravel() - y) ** 2))      # a 0-d numpy value is fine
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and all(line.startswith("✓") for line in out)


@pytest.mark.parametrize("wrong, hint", [
    (lambda y_hat, y: np.mean((y_hat - y) ** 2), r"broadcasts .* \(m, m\) matrix"),
    (lambda y_hat, y: np.sum((y_hat[:, 0] - y) ** 2), r"sum of the squared errors: divide by"),
    (lambda y_hat, y: np.mean(np.abs(y_hat[:, 0] - y)), r"mean absolute error"),
    (lambda y_hat, y: np.mean(y_hat[:, 0] - y), r"not squared"),
    (lambda y_hat, y: np.sqrt(np.mean((y_hat[:, 0] - y) ** 2)), r"\(RMSE\)"),
    (lambda y_hat, y: np.mean((y_hat[:, 0] - y) ** 2) / 2, r"factor 1/2"),
    (lambda y_hat, y: (y_hat[:, 0] - y) ** 2, r"should be a single number; got ndarray"),
    (lambda y_hat, y: None, r"still empty"),
    (lambda y_hat, y: np.max((y_hat[:, 0] - y) ** 2), r"not the mean of the squared errors"),
])
def test_mse_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_mse(wrong)


def test_mse_hint_never_contains_the_answer():
    with pytest.raises(NotQuiteRight) as error:
        check_mse(lambda y_hat, y: np.sum((y_hat[:, 0] - y) ** 2))
    rng = np.random.RandomState(1)
    y = rng.uniform(1, 4, 7)
    y_hat = (y + rng.normal(0, 0.8, 7) + 0.3)[:, None]
    assert f"{mse(y_hat, y):.3g}" not in str(error.value)


def backward(X, y, W1, b1, W2, b2, sign=1.0, factor=2.0, per_sample_bias=False, scale_m=True):
    m = X.shape[0] if scale_m else 1
    Z1 = X @ W1 + b1
    eps = sign * (Z1 @ W2 + b2 - y)
    dZ1 = eps @ W2.T
    sum_ = (lambda a: a) if per_sample_bias else (lambda a: a.sum(axis=0, keepdims=True))
    return (factor / m * X.T @ dZ1, factor / m * sum_(dZ1), factor / m * Z1.T @ eps, factor / m * sum_(eps))


def test_backward_right_answer_passes(capsys):
    check_backward(backward)
    assert capsys.readouterr().out.startswith("✓")


@pytest.mark.parametrize("wrong, hint", [
    (lambda *a: backward(*a, sign=-1.0), r"dW1 is wrong .*wrong sign: the error is ε = ŷ − y"),
    (lambda *a: backward(*a, factor=1.0), r"half the gradient: the derivative of the square"),
    (lambda *a: backward(*a, scale_m=False), r"7 times too large: divide by the number of samples"),
    (lambda *a: backward(*a, per_sample_bias=True), r"db1 has one row per sample: sum over the samples"),
    (lambda *a: backward(*a)[::-1], r"dW1 has shape \(1, 1\); it should have shape \(3, 5\)"),
    (lambda *a: backward(*a)[:3], r"returned 3 values; it should return four"),
    (lambda *a: None, r"backward returned None"),
    (lambda *a: (backward(*a)[0] + 1e-3, *backward(*a)[1:]), r"dW1 is wrong .*compare your formula"),
])
def test_backward_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_backward(wrong)


def test_backward_check_does_not_let_the_function_change_its_inputs_matter():
    def mutating(X, y, W1, b1, W2, b2):
        grads = backward(X, y, W1, b1, W2, b2)
        W1 -= 1.0                                      # scribbling on the inputs must not break the check
        return grads
    check_backward(mutating)
