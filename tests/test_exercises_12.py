"""Notebook 12's exercise checks: right answers pass, typical wrong answers get their hint."""
import numpy as np
import pytest

from helpers.exercises import NotQuiteRight
from helpers.exercises.ex12 import check_layer_norm, check_residual_backward


def layer_norm(Z, gamma, beta, eps=1e-5):
    mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)
    return gamma * (Z - mu) / np.sqrt(var + eps) + beta


def test_layer_norm_right_answer_passes(capsys):
    check_layer_norm(layer_norm)
    assert capsys.readouterr().out.startswith("✓")


def _ln(axis=1, eps_where="inside", ddof=0, affine="right", root=True):
    def f(Z, gamma, beta, eps=1e-5):
        mu, var = Z.mean(axis=axis, keepdims=True), Z.var(axis=axis, ddof=ddof, keepdims=True)
        if eps_where == "inside":
            scale = np.sqrt(var + eps) if root else var + eps
        elif eps_where == "outside":
            scale = np.sqrt(var) + eps
        else:
            scale = np.sqrt(var)
        Z_hat = (Z - mu) / scale
        return {"right": gamma * Z_hat + beta, "swapped": beta * Z_hat + gamma, "none": Z_hat}[affine]
    return f


@pytest.mark.parametrize("wrong, hint", [
    (_ln(axis=0), r"which is batch norm: layer norm normalizes each sample over its units"),
    (_ln(eps_where="none"), r"NaN or inf .* add ε to the variance"),
    (_ln(eps_where="outside"), r"ε goes inside the square root"),
    (_ln(ddof=1), r"sample variance \(divided by n − 1\)"),
    (_ln(affine="swapped"), r"swapped γ and β"),
    (_ln(affine="none"), r"not scaled and shifted"),
    (_ln(root=False), r"divided by the variance"),
    (lambda Z, g, b, eps=1e-5: None, r"returned None"),
    (lambda Z, g, b, eps=1e-5: Z.T, r"shape"),
])
def test_layer_norm_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_layer_norm(wrong)


def residual_backward(dA, A_prev, W, b):
    Z = A_prev @ W + b
    return dA + (dA * (1 - np.tanh(Z) ** 2)) @ W.T


def test_residual_right_answer_passes(capsys):
    check_residual_backward(residual_backward)
    assert capsys.readouterr().out.startswith("✓")


def _tanh_prime_of_A(dA, A_prev, W, b):
    A = A_prev + np.tanh(A_prev @ W + b)
    return dA + (dA * (1 - np.tanh(A) ** 2)) @ W.T


@pytest.mark.parametrize("wrong, hint", [
    (lambda dA, P, W, b: (dA * (1 - np.tanh(P @ W + b) ** 2)) @ W.T, r"a plain layer's: the shortcut"),
    (lambda dA, P, W, b: dA + dA @ W.T, r"skipped the derivative of tanh"),
    (lambda dA, P, W, b: dA + (dA * (1 - np.tanh(P @ W + b) ** 2)) @ W, r"transpose of W"),
    (_tanh_prime_of_A, r"tanh′ is taken at the wrong place"),
    (lambda dA, P, W, b: dA + (dA * (1 - (P + np.tanh(P @ W + b)) ** 2)) @ W.T, r"uses the block's output A"),
    (lambda dA, P, W, b: 2 * dA, r"differs by up to"),
    (lambda dA, P, W, b: None, r"returned None"),
])
def test_residual_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_residual_backward(wrong)


def test_checks_refuse_the_result_instead_of_the_function():
    with pytest.raises(NotQuiteRight, match="Pass the function itself"):
        check_layer_norm(np.zeros((6, 5)))
    with pytest.raises(NotQuiteRight, match="Pass the function itself"):
        check_residual_backward(np.zeros((5, 4)))
