"""Checks for the exercises of notebook 12 (normalization and residual connections)."""
import numpy as np

from . import as_array, fail, passed
from ..normalization import normalize_forward

__all__ = ["check_layer_norm", "check_residual_backward"]


def _layer_norm_case():
    rng = np.random.RandomState(12)
    Z = rng.standard_normal((6, 5)) * 3 + 2
    Z[3] = 0.7                                             # a sample whose units are all equal
    Z[4] = 1.0 + 0.003 * rng.standard_normal(5)            # a sample with a tiny spread
    gamma = rng.uniform(0.5, 2.0, (1, 5))
    beta = rng.uniform(-1.0, 1.0, (1, 5))
    return Z, gamma, beta


def check_layer_norm(layer_norm):
    r"""Check ``layer_norm(Z, gamma, beta, eps=1e-5)`` against :func:`helpers.normalization.normalize_forward`.

    Layer norm standardizes each *sample* (row) over its units with the population
    variance, :math:`\hat Z = (Z-\mu)/\sqrt{\sigma^2+\varepsilon}`, then returns
    :math:`\gamma\odot\hat Z + \beta`. The test batch has a row of equal values and one
    of tiny spread, where :math:`\varepsilon` matters. Recognizes batch norm's axis,
    :math:`\varepsilon` outside the root or missing, the sample variance, γ and β
    swapped or left out.
    """
    if not callable(layer_norm):
        fail("Pass the function itself, layer_norm, not the result of calling it.")
    Z, gamma, beta = _layer_norm_case()
    eps = 1e-5
    with np.errstate(divide="ignore", invalid="ignore"):
        out = layer_norm(Z.copy(), gamma.copy(), beta.copy(), eps)
    out = as_array(out, "layer_norm", shape=Z.shape)
    right = normalize_forward(Z, gamma, beta, "layer", eps=eps)[0]
    if np.allclose(out, right, rtol=1e-9, atol=1e-9):
        passed("Layer norm: every sample standardized over its units, then scaled by γ and shifted by β.")
        return
    if not np.isfinite(out).all():
        fail("Your output has NaN or inf for a sample whose units are all equal: add ε to the "
             "variance before the square root.")
    mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        variants = {
            "batch": normalize_forward(Z, gamma, beta, "batch", eps=eps)[0],
            "eps outside": (Z - mu) / (np.sqrt(var) + eps) * gamma + beta,
            "ddof": (Z - mu) / np.sqrt(Z.var(axis=1, ddof=1, keepdims=True) + eps) * gamma + beta,
            "swapped": (Z - mu) / np.sqrt(var + eps) * beta + gamma,
            "no affine": (Z - mu) / np.sqrt(var + eps),
            "variance": (Z - mu) / (var + eps) * gamma + beta,
        }
    hints = {
        "batch": "You normalized each unit over the batch (axis 0), which is batch norm: layer norm "
                 "normalizes each sample over its units (axis 1).",
        "eps outside": "Your output is off for the sample with a tiny spread: ε goes inside the "
                       "square root, added to the variance.",
        "ddof": "You used the sample variance (divided by n − 1): normalization uses the mean of "
                "the squared deviations (divide by n).",
        "swapped": "You swapped γ and β: γ scales, β shifts.",
        "no affine": "Your output is standardized but not scaled and shifted: return γ·Ẑ + β.",
        "variance": "You divided by the variance: divide by its square root.",
    }
    for name, candidate in variants.items():
        if np.allclose(out, candidate, rtol=1e-7, atol=1e-9):
            fail(hints[name])
    fail(f"Your output differs from layer norm's by up to {np.abs(out - right).max():.3g}: "
         f"compute the mean and variance per row, standardize, then scale and shift.")


def _residual_case():
    rng = np.random.RandomState(13)
    n = 4
    A_prev = rng.standard_normal((5, n))
    W = rng.standard_normal((n, n)) * 0.8                # not symmetric: W and Wᵀ differ
    b = rng.standard_normal((1, n)) * 0.5
    dA = rng.standard_normal((5, n))
    return A_prev, W, b, dA


def check_residual_backward(residual_backward):
    r"""Check ``residual_backward(dA, A_prev, W, b) -> dA_prev`` for :math:`A = A_{prev} + \tanh(A_{prev}W + b)`.

    The gradient is :math:`dA_{prev} = dA + (dA\odot(1-\tanh^2 Z))\,W^\top` with
    :math:`Z = A_{prev}W + b`, verified here against finite differences as well.
    Recognizes the missing identity term of the shortcut, a missing :math:`\tanh'`,
    :math:`W` instead of :math:`W^\top`, and :math:`\tanh'` taken of the block's
    output instead of :math:`Z`.
    """
    if not callable(residual_backward):
        fail("Pass the function itself, residual_backward, not the result of calling it.")
    A_prev, W, b, dA = _residual_case()
    out = residual_backward(dA.copy(), A_prev.copy(), W.copy(), b.copy())
    out = as_array(out, "residual_backward", shape=A_prev.shape)
    Z = A_prev @ W + b
    right = dA + (dA * (1 - np.tanh(Z) ** 2)) @ W.T
    # the formula against finite differences of L = sum(dA * A)
    loss = lambda P: np.sum(dA * (P + np.tanh(P @ W + b)))
    h, i, j = 1e-6, 2, 1
    bumped = A_prev.copy()
    bumped[i, j] += h
    assert abs((loss(bumped) - loss(A_prev)) / h - right[i, j]) < 1e-4
    if np.allclose(out, right, rtol=1e-9, atol=1e-12):
        passed("Residual backward: the shortcut's identity plus the layer's chain rule, as finite differences agree.")
        return
    A = A_prev + np.tanh(Z)
    variants = {
        "no identity": (dA * (1 - np.tanh(Z) ** 2)) @ W.T,
        "no tanh'": dA + dA @ W.T,
        "W not transposed": dA + (dA * (1 - np.tanh(Z) ** 2)) @ W,
        "tanh' of A": dA + (dA * (1 - np.tanh(A) ** 2)) @ W.T,
        "1 - A^2": dA + (dA * (1 - A ** 2)) @ W.T,
    }
    hints = {
        "no identity": "Your gradient is a plain layer's: the shortcut adds A_prev itself to the "
                       "output, so dA also flows straight back.",
        "no tanh'": "You skipped the derivative of tanh: the gradient through the layer is "
                    "multiplied by tanh′(Z) before the weights.",
        "W not transposed": "Backward through Z = A_prev W + b multiplies by the transpose of W.",
        "tanh' of A": "Your tanh′ is taken at the wrong place: it is 1 − tanh(Z)², at the "
                      "pre-activation Z = A_prev W + b.",
        "1 - A^2": "Your tanh′ uses the block's output A: it is 1 − tanh(Z)², with tanh(Z) the "
                   "layer's own output, not the sum A = A_prev + tanh(Z).",
    }
    for name, candidate in variants.items():
        if np.allclose(out, candidate, rtol=1e-9, atol=1e-12):
            fail(hints[name])
    fail(f"Your gradient differs by up to {np.abs(out - right).max():.3g}: write the forward "
         f"pass, then apply the chain rule to each of its two terms.")
