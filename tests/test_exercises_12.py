"""Notebook 12's exercise checks: right answers pass, typical wrong answers get their hint."""
import numpy as np
import pytest

from exercise_helpers import float32, hint, passes
from exercise_helpers import hint as hint_of
from helpers.exercises import NotQuiteRight
from helpers.exercises.ex12 import check_layer_norm, check_residual_backward


def layer_norm(Z, gamma, beta, eps=1e-5):
    mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)
    return gamma * (Z - mu) / np.sqrt(var + eps) + beta


def layer_norm_rows(Z, gamma, beta, eps=1e-5):
    out = np.empty_like(Z)
    for i, row in enumerate(Z):
        mu = sum(row) / len(row)
        var = sum((row - mu) ** 2) / len(row)
        out[i] = gamma[0] * (row - mu) / (var + eps) ** 0.5 + beta[0]
    return out


def layer_norm_moments(Z, gamma, beta, eps=1e-5):
    mu = Z.mean(axis=1, keepdims=True)
    var = (Z ** 2).mean(axis=1, keepdims=True) - mu ** 2        # E[Z²] − E[Z]²
    return gamma * (Z - mu) / np.sqrt(var + eps) + beta


@pytest.mark.parametrize("right", [layer_norm, float32(layer_norm), layer_norm_rows, layer_norm_moments])
def test_layer_norm_right_answers_pass(right):
    passes(check_layer_norm, right)


def test_layer_norm_from_the_package_is_not_an_answer():
    from helpers.normalization import normalize_forward
    message = hint(check_layer_norm, lambda Z, g, b, eps=1e-5: normalize_forward(Z, g, b, "layer", eps=eps)[0])
    assert "helpers.normalization.normalize_forward, the package's own version" in message


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
    (lambda Z, g, b, eps=1e-5: (layer_norm(Z, g, b, eps) - b) / g + b, r"shifted by β but not scaled by γ"),
    (lambda Z, g, b, eps=1e-5: layer_norm(Z, g, b, eps) - b, r"scaled by γ but not shifted by β"),
    (float32(_ln(eps_where="outside")), r"ε goes inside the square root"),
    (lambda Z, g, b: Z, r"The check calls layer_norm\(Z, gamma, beta, eps\), but your layer_norm takes \(Z, g, b\)"),
    (lambda Z, g, b, eps=1e-5: (Z - Z.mean(axis=1)) / Z.std(axis=1),
     r"raised ValueError: operands could not be broadcast .*\(line \d+ of your code: `\(lambda Z, g, b, eps=1e-5: \(Z - Z\.mean"),
    (lambda Z, g, b, eps=1e-5: Z.T, r"shape"),
])
def test_layer_norm_wrong_answers_get_their_hint(wrong, hint):
    import re
    assert re.search(hint, hint_of(check_layer_norm, wrong))


def residual_backward(dA, A_prev, W, b):
    Z = A_prev @ W + b
    return dA + (dA * (1 - np.tanh(Z) ** 2)) @ W.T


def residual_jacobian_loop(dA, A_prev, W, b):
    out = np.empty_like(A_prev)
    for i in range(len(A_prev)):
        slope = 1 / np.cosh(A_prev[i] @ W + b[0]) ** 2
        jacobian = np.eye(len(W)) + W * slope                     # d A[i] / d A_prev[i]
        out[i] = jacobian @ dA[i]
    return out


@pytest.mark.parametrize("right", [
    residual_backward, float32(residual_backward), residual_jacobian_loop,
    lambda dA, P, W, b: dA + np.einsum("ij,kj->ik", dA / np.cosh(P @ W + b) ** 2, W),
])
def test_residual_right_answers_pass(right):
    passes(check_residual_backward, right)


def test_residual_reference_agrees_with_finite_differences():
    from conftest import central_difference
    from helpers.exercises._reference import residual_backward_variants
    from helpers.exercises.ex12 import _residual_case
    A_prev, W, b, dA = _residual_case()
    numeric = central_difference(lambda P: np.sum(dA * (P + np.tanh(P @ W + b))), A_prev)
    assert np.allclose(residual_backward_variants(dA, A_prev, W, b)["right"], numeric, atol=1e-6)


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
    (lambda dA, P, W, b: dA + (dA * (1 - np.tanh(P @ W + b))) @ W.T, r"1 minus the square of tanh"),
    (lambda dA, P, W, b: dA - (dA * (1 - np.tanh(P @ W + b) ** 2)) @ W.T, r"wrong sign: both paths add"),
    (lambda dA, P, W, b: (residual_backward(dA, P, W, b).sum(axis=0, keepdims=True)), r"shape \(1, 4\); it should have shape \(5, 4\)"),
    (lambda dA, P, W, b: (residual_backward(dA, P, W, b), W), r"should be an array of numbers; got a tuple of 2 values"),
    (lambda dA, P, W, b: None, r"returned None"),
])
def test_residual_wrong_answers_get_their_hint(wrong, hint):
    import re
    assert re.search(hint, hint_of(check_residual_backward, wrong))


def test_checks_refuse_the_result_instead_of_the_function():
    with pytest.raises(NotQuiteRight, match="Pass the function itself"):
        check_layer_norm(np.zeros((6, 5)))
    with pytest.raises(NotQuiteRight, match="Pass the function itself"):
        check_residual_backward(np.zeros((5, 4)))
