"""Checks for the exercises of notebook 12 (normalization and residual connections)."""
import numpy as np

from . import _reference as ref
from ._calling import student_function
from ._feedback import agrees, as_array, fail, passed
from ..normalization import normalize_backward, normalize_forward

__all__ = ["check_layer_norm", "check_residual_backward"]


def _layer_norm_case():
    rng = np.random.RandomState(12)
    Z = rng.standard_normal((6, 5)) * 3 + 2
    Z[3] = 0.7                                             # a sample whose units are all equal
    Z[4] = 1.0 + 0.003 * rng.standard_normal(5)            # a sample with a tiny spread
    gamma = rng.uniform(0.5, 2.0, (1, 5))
    beta = rng.uniform(-1.0, 1.0, (1, 5))
    return Z, gamma, beta


_LAYER_NORM_HINTS = {
    "batch": "You normalized each unit over the batch (axis 0), which is batch norm: layer norm "
             "normalizes each sample over its units (axis 1).",
    "eps outside": "Your output is off for the sample with a tiny spread: ε goes inside the "
                   "square root, added to the variance.",
    "ddof": "You used the sample variance (divided by n − 1): normalization uses the mean of "
            "the squared deviations (divide by n).",
    "swapped": "You swapped γ and β: γ scales, β shifts.",
    "no affine": "Your output is standardized but not scaled and shifted: return γ·Ẑ + β.",
    "no gamma": "Your output is shifted by β but not scaled by γ: return γ·Ẑ + β.",
    "no beta": "Your output is scaled by γ but not shifted by β: return γ·Ẑ + β.",
    "variance": "You divided by the variance: divide by its square root.",
}


def check_layer_norm(layer_norm):
    """Check ``layer_norm(Z, gamma, beta, eps=1e-5)``, layer normalization's forward pass (12.1).

    Compared with :func:`helpers.normalization.normalize_forward` on a batch with a row of
    equal values and one of tiny spread, where ε matters. Recognizes batch norm's axis, ε
    outside the root or missing, the sample variance, γ and β swapped or left out. A call to
    the package's own normalization is reported.
    """
    layer_norm = student_function(layer_norm, "layer_norm(Z, gamma, beta, eps)",
                                  forbidden=(normalize_forward, normalize_backward))
    Z, gamma, beta = _layer_norm_case()
    eps = 1e-5
    out = as_array(layer_norm(Z, gamma, beta, eps), "What layer_norm returned", shape=Z.shape)
    variants = ref.layer_norm_variants(Z, gamma, beta, eps)
    if agrees(out, variants["right"]):
        passed("Layer norm: every sample standardized over its units, then scaled by γ and shifted by β.")
        return
    if not np.isfinite(out).all():
        fail("Your output has NaN or inf for a sample whose units are all equal: add ε to the "
             "variance before the square root.")
    for name, hint in _LAYER_NORM_HINTS.items():
        if agrees(out, variants[name]):
            fail(hint)
    fail(f"Your output differs from layer norm's by up to {np.abs(out - variants['right']).max():.3g}: "
         f"compute the mean and variance per row, standardize, then scale and shift.")


def _residual_case():
    rng = np.random.RandomState(13)
    n = 4
    A_prev = rng.standard_normal((5, n))
    W = rng.standard_normal((n, n)) * 0.8                # not symmetric: W and Wᵀ differ
    b = rng.standard_normal((1, n)) * 0.5
    dA = rng.standard_normal((5, n))
    return A_prev, W, b, dA


_RESIDUAL_HINTS = {
    "no identity": "Your gradient is a plain layer's: the shortcut adds A_prev itself to the "
                   "output, so dA also flows straight back.",
    "no tanh'": "You skipped the derivative of tanh: the gradient through the layer is "
                "multiplied by tanh′(Z) before the weights.",
    "W not transposed": "Backward through Z = A_prev W + b multiplies by the transpose of W.",
    "tanh' of A": "Your tanh′ is taken at the wrong place: at the pre-activation Z = A_prev W + b, "
                  "not at the block's output.",
    "1 - A^2": "Your tanh′ uses the block's output A: tanh′ is written with the layer's own output "
               "tanh(Z), not with the sum A = A_prev + tanh(Z).",
    "not squared": "Your tanh′ is off: the derivative of tanh is 1 minus the square of tanh.",
    "minus": "The layer's path has the wrong sign: both paths add to the output, so both "
             "contributions add to the gradient.",
}


def check_residual_backward(residual_backward):
    """Check ``residual_backward(dA, A_prev, W, b) -> dA_prev`` of a tanh residual block (12.2).

    Compared, on a batch of 5 samples with a non-symmetric W, with the gradient of the block
    (itself checked against finite differences in the course's tests). Recognizes the
    missing shortcut, a missing or misplaced tanh′, W not transposed and a sign error.
    """
    residual_backward = student_function(residual_backward, "residual_backward(dA, A_prev, W, b)")
    A_prev, W, b, dA = _residual_case()
    out = as_array(residual_backward(dA, A_prev, W, b), "What residual_backward returned", shape=A_prev.shape)
    variants = ref.residual_backward_variants(dA, A_prev, W, b)
    if agrees(out, variants["right"]):
        passed("Residual backward: the shortcut's identity plus the layer's chain rule.")
        return
    for name, hint in _RESIDUAL_HINTS.items():
        if agrees(out, variants[name]):
            fail(hint)
    fail(f"Your gradient differs by up to {np.abs(out - variants['right']).max():.3g}: write the forward "
         f"pass, then apply the chain rule to each of its two terms.")
