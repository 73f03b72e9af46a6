r"""The deep linear chain: why depth alone makes signals and gradients explode or vanish.

Take :math:`L` linear layers with every weight :math:`W^{[l]} = a\,I` and no bias:
:math:`\hat y = x\,W^{[1]} W^{[2]} \cdots W^{[L]} = a^L x`. The signal after
layer :math:`l` is :math:`a^l x`, and the gradient of the output with respect
to one layer's weights is a product of *all the other* layers' weights
(the blog's derivation):

.. math::
    \frac{\partial\,\textstyle\sum \hat y}{\partial W^{[l]}}
    = \big(x W^{[1]}\cdots W^{[l-1]}\big)^{\top}\, \mathbf 1\,
      \big(W^{[l+1]}\cdots W^{[L]}\big)^{\top} \;\propto\; a^{L-1}.

With :math:`a = 1.5` and :math:`L = 20`, :math:`a^L \approx 3325`; with
:math:`a = 0.5`, :math:`a^L \approx 9.5\cdot10^{-7}`. Nothing is nonlinear
here: depth multiplies.
"""
import numpy as np
import pandas as pd

from ._numerics import finite_norm
from ._validation import check_float, check_int, check_memory
from .losses import Loss
from .network import NeuralNet

__all__ = ["scaled_identity", "OUTPUT_SUM", "chain_profile"]


def scaled_identity(gain):
    r"""An initializer :math:`W = a\,I`, :math:`b = 0` (square layers only), with :math:`a` = ``gain``."""
    gain = check_float(gain, "gain", "scaled_identity", positive=False)

    def init(fan_in, fan_out, random_state=None, layer_sizes=None):
        if fan_in != fan_out:
            raise ValueError(f"scaled_identity needs square layers (fan_in == fan_out). "
                             f"Got fan_in={fan_in}, fan_out={fan_out} instead.")
        return gain * np.eye(fan_in), np.zeros((1, fan_out))
    init.__name__ = f"scaled_identity({gain:g})"
    return init


#: A "loss" that is just :math:`\sum \hat y`: its gradient with respect to the
#: parameters is the sensitivity of the output itself, free of any target.
OUTPUT_SUM = Loss("output_sum", lambda y_hat, y: float(np.sum(y_hat)),
                  lambda y_hat, y: np.ones_like(y_hat))


def chain_profile(gain, depth, *, width=2):
    r"""Signal and gradient of every layer of the chain :math:`W^{[l]} = a\,I`.

    The chain is a :class:`helpers.network.NeuralNet` with identity activations
    and ``width`` units per layer, fed one input :math:`x = (1, \dots, 1)`.

    Parameters
    ----------
    gain : float
        :math:`a`, e.g. 1.5 (explodes) or 0.5 (vanishes).
    depth : int
        Number of layers :math:`L`.
    width : int, default=2

    Returns
    -------
    pandas.DataFrame indexed by layer 1..L
        ``signal`` :math:`\|A^{[l]}\|/\|x\|` (equals :math:`a^l`) and ``gradient``
        :math:`\|\partial \sum\hat y/\partial W^{[l]}\|/\|x\|` (equals :math:`a^{L-1}` times
        :math:`\|\mathbf 1\|=\sqrt{\text{width}}`, the same for every layer), next to
        the formulas ``a**l`` and ``a**(L-1)``. Past the range of float64 the values
        are inf (or 0), computed quietly.
    """
    gain, depth, width = _checked(gain, depth, width)
    net = NeuralNet([width] * (depth + 1), init=scaled_identity(gain), loss=OUTPUT_SUM)
    x = np.ones((1, width))
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        As = net.activations(x)[1]
        grads = net.gradients(x, np.zeros((1, width)))
        norm_x = np.linalg.norm(x)
        layers = np.arange(1, depth + 1)
        return pd.DataFrame({  # numpy powers: past the float range inf (or 0), not an OverflowError
            "signal": [_norm(As[l]) / norm_x for l in layers],
            "a**l": np.power(gain, layers),
            "gradient": [_norm(grads[f"W{l}"]) / norm_x / np.sqrt(width) for l in layers],
            "a**(L-1)": np.full(depth, np.float_power(gain, depth - 1)),
        }, index=pd.Index(layers, name="layer"))


def _checked(gain, depth, width):
    """chain_profile's arguments, checked: a chain that fits in memory."""
    gain = check_float(gain, "gain", "chain_profile")
    depth = check_int(depth, "depth", "chain_profile")
    width = check_int(width, "width", "chain_profile")
    check_memory(width * width, "width", "chain_profile", width,
                 what=f"the weights of one {width:,} × {width:,} layer")
    check_memory(depth * (width * width + width), "depth", "chain_profile", depth,
                 what=f"the parameters of {depth:,} layers of width {width:,}")
    return gain, depth, width


def _norm(A):
    r""":math:`\|A\|`, inf where the chain's values passed the float range.

    There a value is inf, and inf times a zero weight off the diagonal of :math:`aI` is NaN:
    in this chain a NaN always stands for a number too large for a float. Finite values
    give a finite, non-zero norm, also where their squares leave the float range
    (:func:`helpers._numerics.finite_norm`).
    """
    norm = finite_norm(A)
    return np.inf if np.isnan(norm) else norm
