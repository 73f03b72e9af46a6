"""Notebook 05's exercise checks: right answers pass, typical wrong answers get their hint."""
import numpy as np
import pytest

from helpers.exercises import NotQuiteRight
from helpers.exercises.ex05 import check_clipped_cross_entropy, check_sigmoid_backward


def passes(check, answer, capsys):
    check(answer)
    return capsys.readouterr().out.startswith("✓")


def cross_entropy(p_hat, y):
    p = np.clip(p_hat, 1e-12, 1 - 1e-12)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def test_cross_entropy_right_answer_passes(capsys):
    assert passes(check_clipped_cross_entropy, cross_entropy, capsys)


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
])
def test_cross_entropy_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_clipped_cross_entropy(wrong)


def sigma(z):
    return 1 / (1 + np.exp(-z))


def make_backward(*, mean=True, hidden_slope=True, dw2_input="A1", sum_biases=True, slope_of="A1"):
    def backward(X, y, W1, b1, W2, b2):
        m = X.shape[0]
        Z1 = X @ W1 + b1
        A1 = sigma(Z1)
        p = sigma(A1 @ W2 + b2)
        delta2 = (p - y) / (m if mean else 1)
        dW2 = (A1 if dw2_input == "A1" else Z1).T @ delta2
        db2 = delta2.sum(axis=0, keepdims=True) if sum_biases else delta2
        back = delta2 @ W2.T
        if hidden_slope:
            s = A1 if slope_of == "A1" else sigma(A1)
            back = back * s * (1 - s)
        dW1 = X.T @ back
        db1 = back.sum(axis=0, keepdims=True) if sum_biases else back
        return dW1, db1, dW2, db2
    return backward


def test_backward_right_answer_passes(capsys):
    assert passes(check_sigmoid_backward, make_backward(), capsys)


@pytest.mark.parametrize("wrong, hint", [
    (make_backward(mean=False), r"30 times too large.*the 1/m of the mean"),
    (make_backward(hidden_slope=False), r"multiplies by its derivative"),
    (make_backward(slope_of="sigma(A1)"), r"with A1 already σ\(Z1\)"),
    (make_backward(dw2_input="Z1"), r"dW2 uses Z1"),
    (make_backward(sum_biases=False), r"db1 has one row per point"),
    (lambda *args: make_backward()(*args)[:3], r"four arrays, in the order dW1, db1, dW2, db2"),
    (lambda *args: None, r"forget the return statement"),
    (lambda X, y, W1, b1, W2, b2: (W1, b1, W2, b2), r"dW1, db1, dW2, db2 are off"),
])
def test_backward_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_sigmoid_backward(wrong)


def test_cross_entropy_hint_never_gives_the_value():
    rng = np.random.RandomState(5)
    p_hat, y = rng.uniform(0.05, 0.95, 40), (rng.uniform(size=40) < 0.6).astype(float)
    expected = cross_entropy(p_hat, y)
    with pytest.raises(NotQuiteRight) as error:
        check_clipped_cross_entropy(lambda p, y: 0.5 * cross_entropy(p, y))
    assert "not the mean cross-entropy" in str(error.value)
    assert f"{expected:.4g}" not in str(error.value) and f"{expected:.3g}" not in str(error.value)


def test_backward_check_leaves_the_arrays_alone(capsys):
    def inplace(X, y, W1, b1, W2, b2):          # a careless solution that overwrites its inputs
        result = make_backward()(X, y, W1, b1, W2, b2)
        W1[...] = 0
        return result
    check_sigmoid_backward(inplace)             # the check passes copies: no harm done
    assert capsys.readouterr().out.startswith("✓")
