"""Notebook 05's exercise checks: right answers pass, typical wrong answers get their hint."""
import numpy as np
import pytest

from exercise_helpers import float32, hint, passes
from helpers.exercises import NotQuiteRight
from helpers.exercises.ex05 import check_clipped_cross_entropy, check_sigmoid_backward


def cross_entropy(p_hat, y):
    p = np.clip(p_hat, 1e-12, 1 - 1e-12)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def cross_entropy_float32(p_hat, y):
    """In float32 1 - 1e-12 is 1: clip each term's argument from below instead."""
    p, y = p_hat.astype(np.float32), y.astype(np.float32)
    return -np.mean(y * np.log(np.maximum(p, 1e-12)) + (1 - y) * np.log(np.maximum(1 - p, 1e-12)))


def cross_entropy_loop(p_hat, y):
    import math
    total = 0.0
    for p, label in zip(np.ravel(p_hat), np.ravel(y)):
        p = min(max(p, 1e-12), 1 - 1e-12)
        total += -math.log(p) if label == 1 else -math.log(1 - p)
    return total / np.size(y)


@pytest.mark.parametrize("right", [
    cross_entropy, cross_entropy_float32, cross_entropy_loop,
    lambda p, y: np.where(y == 1, -np.log(np.clip(p, 1e-12, 1)), -np.log1p(-np.clip(p, 0, 1 - 1e-12))).mean(),
])
def test_cross_entropy_right_answers_pass(right):
    passes(check_clipped_cross_entropy, right)


def test_cross_entropy_in_float32_is_told_why_it_gives_nan():
    assert "computes in float32, where 1 - 1e-12 rounds to exactly 1" in hint(check_clipped_cross_entropy,
                                                                              float32(cross_entropy))


def test_cross_entropy_from_the_package_or_scikit_learn_is_not_an_answer():
    from sklearn.metrics import log_loss

    from helpers.losses import binary_cross_entropy
    assert "the package's own version" in hint(check_clipped_cross_entropy, binary_cross_entropy)
    assert "log_loss" in hint(check_clipped_cross_entropy, lambda p, y: log_loss(np.ravel(y), np.ravel(p), labels=[0, 1]))


@pytest.mark.parametrize("wrong, hint", [
    (lambda p, y: -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)), r"clip p_hat to \[1e-12, 1 - 1e-12\]"),
    (lambda p, y: -np.mean(y * np.log(np.clip(p, 0, 1)) + (1 - y) * np.log(1 - np.clip(p, 0, 1))),
     r"clipping to \[0, 1\] is not enough"),
    (lambda p, y: -cross_entropy(p, y), r"negative loss .* minus sign"),
    (lambda p, y: cross_entropy(p, y) * len(y), r"40 times too large .* mean, not the sum"),
    (lambda p, y: cross_entropy(1 - p, y), r"did you swap them"),
    (lambda p, y: -np.mean(y * np.log(np.clip(p, 1e-7, 1 - 1e-7)) + (1 - y) * np.log(np.clip(1 - p, 1e-7, 1 - 1e-7))),
     r"clip with 1e-12"),
    (lambda p, y: -(y * np.log(np.clip(p, 1e-12, 1 - 1e-12)) + (1 - y) * np.log(1 - np.clip(p, 1e-12, 1 - 1e-12))),
     r"should return one number"),
    (lambda p, y: None, r"forget the return statement"),
    (0.25, r"Pass the function itself"),
    (lambda p, y: f"{cross_entropy(p, y):.6f}", r"returned the text '0\.\d{6}' .*: return the number itself"),
    (lambda p, y: -np.mean(y * np.log10(np.clip(p, 1e-12, 1 - 1e-12)) + (1 - y) * np.log10(1 - np.clip(p, 1e-12, 1 - 1e-12))),
     r"natural logarithm, np\.log, not np\.log10"),
    (lambda p, y: {"loss": 1.0}, r"should be a single number; got a dict"),
])
def test_cross_entropy_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_clipped_cross_entropy(wrong)


def sigma(z):
    return 1 / (1 + np.exp(-z))


def make_backward(*, mean=True, hidden_slope=True, dw2_input="A1", sum_biases=True, slope_of="A1",
                  bias="sum", output_slope=False):
    def backward(X, y, W1, b1, W2, b2):
        m = X.shape[0]
        Z1 = X @ W1 + b1
        A1 = sigma(Z1)
        p = sigma(A1 @ W2 + b2)
        delta2 = (p - y) / (m if mean else 1)
        if output_slope:
            delta2 = delta2 * p * (1 - p)
        total = (lambda d: d.mean(axis=0, keepdims=True)) if bias == "mean" else (lambda d: d.sum(axis=0, keepdims=True))
        dW2 = (A1 if dw2_input == "A1" else Z1).T @ delta2
        db2 = total(delta2) if sum_biases else delta2
        back = delta2 @ W2.T
        if hidden_slope:
            s = {"A1": A1, "sigma(A1)": sigma(A1), "Z1": Z1}[slope_of]
            back = back * s * (1 - s)
        dW1 = X.T @ back
        db1 = total(back) if sum_biases else back
        return dW1, db1, dW2, db2
    return backward


def backward_per_sample(X, y, W1, b1, W2, b2):
    from scipy.special import expit
    grads = [np.zeros_like(p) for p in (W1, b1, W2, b2)]
    for x, target in zip(X, y):
        a1 = expit(x @ W1 + b1[0])
        d2 = expit(a1 @ W2[:, 0] + b2[0, 0]) - target[0]
        d1 = d2 * W2[:, 0] * a1 * (1 - a1)
        grads[0] += np.outer(x, d1)
        grads[1] += d1
        grads[2] += d2 * a1[:, None]
        grads[3] += d2
    return [g / len(X) for g in grads]


@pytest.mark.parametrize("right", [make_backward(), float32(make_backward()), backward_per_sample])
def test_backward_right_answers_pass(right):
    passes(check_sigmoid_backward, right)


@pytest.mark.parametrize("wrong, hint", [
    (make_backward(mean=False), r"30 times too large, as many as there are points"),
    (float32(make_backward(mean=False)), r"30 times too large"),
    (make_backward(hidden_slope=False), r"multiplies by its derivative"),
    (make_backward(slope_of="sigma(A1)"), r"with A1 already σ\(Z1\)"),
    (make_backward(dw2_input="Z1"), r"dW2 uses Z1"),
    (make_backward(sum_biases=False), r"db1 has one row per point"),
    (lambda *args: make_backward()(*args)[:3], r"should return four values, \(dW1, db1, dW2, db2\); it returned 3"),
    (lambda *args: None, r"forget the return statement"),
    (lambda X, y, W1, b1, W2, b2: (W1, b1, W2, b2), r"dW1, db1, dW2, db2 are off"),
    (lambda *args: [make_backward()(*args)[i] for i in (0, 2, 1, 3)], r"another order: return \(dW1, db1, dW2, db2\)"),
    (lambda *args: dict(zip(("dW1", "db1", "dW2", "db2"), make_backward()(*args))), r"not a dict"),
    (make_backward(slope_of="Z1"), r"taken of its output A1, not of Z1"),
    (make_backward(bias="mean"), r"averaged over the points: the 1/m is already in δ2"),
    (make_backward(output_slope=True), r"extra σ'\(output\)"),
])
def test_backward_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_sigmoid_backward(wrong)


def test_cross_entropy_hint_never_gives_the_value():
    rng = np.random.RandomState(5)
    p_hat, y = rng.uniform(0.05, 0.95, 40), (rng.uniform(size=40) < 0.6).astype(float)
    expected = cross_entropy(p_hat, y)
    message = hint(check_clipped_cross_entropy, lambda p, y: 0.5 * cross_entropy(p, y))
    assert "not the mean cross-entropy" in message
    assert f"{expected:.4g}" not in message and f"{expected:.3g}" not in message


def test_backward_check_leaves_the_arrays_alone():
    def inplace(X, y, W1, b1, W2, b2):          # a careless solution that overwrites its inputs
        result = make_backward()(X, y, W1, b1, W2, b2)
        W1[...] = 0
        return result
    passes(check_sigmoid_backward, inplace)     # the check passes copies: no harm done
