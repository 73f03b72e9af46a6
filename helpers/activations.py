r"""Activation functions as value/derivative pairs.

Each entry of :data:`ACTIVATIONS` is an :class:`Activation` holding
``f(z)`` and its derivative ``df(z)`` with respect to ``z``, applied
element-wise. The derivatives are checked against centred finite differences
in the tests.

==========  ===========================================  =====================================
name        :math:`f(z)`                                 :math:`f'(z)`
==========  ===========================================  =====================================
identity    :math:`z`                                    :math:`1`
sigmoid     :math:`1/(1 + e^{-z})`                       :math:`f(z)(1 - f(z))\le 1/4`
tanh        :math:`\tanh z`                              :math:`1 - \tanh^2 z`
relu        :math:`\max(0, z)`                           :math:`[z > 0]`
leaky_relu  :math:`z` if :math:`z>0` else :math:`0.01z`  :math:`1` or :math:`0.01`
elu         :math:`z` if :math:`z>0` else :math:`e^z-1`  :math:`1` or :math:`e^z`
gelu        :math:`z\,\Phi(z)` (tanh approximation)      see :func:`gelu_grad`
silu        :math:`z\,\sigma(z)`                         :math:`\sigma(z)(1 + z(1-\sigma(z)))`
clip01      :math:`\min(1, \max(0, z))`                  :math:`[0 < z < 1]`
==========  ===========================================  =====================================

References: ReLU, Nair & Hinton (2010); leaky ReLU, Maas et al. (2013);
ELU, Clevert et al. (2016); GELU, Hendrycks & Gimpel (2016); SiLU/Swish,
Elfwing et al. (2018), Ramachandran et al. (2017).
"""
from typing import Callable, NamedTuple

import numpy as np

__all__ = ["Activation", "ACTIVATIONS", "get_activation", "sigmoid", "sigmoid_grad", "tanh",
           "tanh_grad", "relu", "relu_grad", "leaky_relu", "leaky_relu_grad", "elu", "elu_grad",
           "gelu", "gelu_grad", "silu", "silu_grad"]

LEAKY_SLOPE = 0.01


class Activation(NamedTuple):
    """An activation function ``f`` and its derivative ``df``, both element-wise."""
    name: str
    f: Callable[[np.ndarray], np.ndarray]
    df: Callable[[np.ndarray], np.ndarray]


def identity(z):
    """:math:`f(z) = z`."""
    return z


def identity_grad(z):
    """:math:`f'(z) = 1`."""
    return np.ones_like(z)


def sigmoid(z):
    r"""Logistic sigmoid :math:`\sigma(z) = 1/(1 + e^{-z})`, without overflow.

    For :math:`z < 0` it is evaluated as :math:`e^{z}/(1 + e^{z})`, so
    ``exp`` never receives a large positive argument.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_grad(z):
    r""":math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z))`, at most 1/4 (at :math:`z = 0`)."""
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    r""":math:`\tanh z`, with range (-1, 1)."""
    return np.tanh(z)


def tanh_grad(z):
    r""":math:`1 - \tanh^2 z`, at most 1 (at :math:`z = 0`)."""
    return 1 - np.tanh(z) ** 2


def relu(z):
    r""":math:`\max(0, z)`."""
    return np.maximum(z, 0.0)


def relu_grad(z):
    r""":math:`[z > 0]` (the subgradient 0 is used at :math:`z = 0`)."""
    return (np.asarray(z) > 0).astype(float)


def leaky_relu(z):
    r""":math:`z` for :math:`z > 0`, else :math:`0.01\,z`."""
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def leaky_relu_grad(z):
    r""":math:`1` for :math:`z > 0`, else :math:`0.01`."""
    return np.where(np.asarray(z) > 0, 1.0, LEAKY_SLOPE)


def elu(z):
    r""":math:`z` for :math:`z > 0`, else :math:`e^{z} - 1` (Clevert et al., 2016)."""
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, np.expm1(np.minimum(z, 0.0)))


def elu_grad(z):
    r""":math:`1` for :math:`z > 0`, else :math:`e^{z}`."""
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, 1.0, np.exp(np.minimum(z, 0.0)))


_GELU_C = np.sqrt(2 / np.pi)
#: Beyond :math:`|z| = 10`, :math:`u > 43` and :math:`\tanh u = \pm 1` in float64: the cubic is
#: evaluated at ``z`` clipped to this range, which changes no result and never overflows.
_GELU_CLIP = 10.0


def gelu(z):
    r"""GELU, tanh approximation (Hendrycks & Gimpel, 2016).

    .. math:: f(z) = \tfrac12 z\,\big(1 + \tanh u\big), \quad u = \sqrt{2/\pi}\,(z + 0.044715 z^3)

    Exact for every float: :math:`f(z) = z` for large :math:`z` and 0 for very negative
    :math:`z` (also at :math:`\pm\infty`), without overflow.
    """
    z = np.asarray(z, dtype=float)
    zc = np.clip(z, -_GELU_CLIP, _GELU_CLIP)
    t = np.tanh(_GELU_C * (zc + 0.044715 * (zc * zc * zc)))  # z*z*z: ~50x faster than z**3
    return 0.5 * np.where(t > -1, z, 0.0) * (1 + t)  # where tanh u = -1, f = 0 (also for z = -inf)


def gelu_grad(z):
    r""":math:`f'(z) = \tfrac12(1 + \tanh u) + \tfrac12 z\,(1 - \tanh^2 u)\,\sqrt{2/\pi}\,(1 + 3\cdot0.044715 z^2)`.

    1 for large :math:`z` and 0 for very negative :math:`z`, exactly (the second term is 0
    where :math:`\tanh u = \pm 1`).
    """
    z = np.asarray(z, dtype=float)
    zc = np.clip(z, -_GELU_CLIP, _GELU_CLIP)
    z2 = zc * zc
    t = np.tanh(_GELU_C * (zc + 0.044715 * z2 * zc))
    return 0.5 * (1 + t) + 0.5 * zc * (1 - t * t) * _GELU_C * (1 + 3 * 0.044715 * z2)


def silu(z):
    r"""SiLU / Swish: :math:`z\,\sigma(z)` (0 at :math:`z = -\infty`)."""
    s = sigmoid(z)
    return np.where(s > 0, np.asarray(z, dtype=float), 0.0) * s  # no -inf * 0


def silu_grad(z):
    r""":math:`\sigma(z)\,\big(1 + z\,(1 - \sigma(z))\big)` (0 at :math:`-\infty`, 1 at :math:`+\infty`)."""
    s = sigmoid(z)
    inside = (s > 0) & (s < 1)  # elsewhere z (1 - s) is 0, also for z = -inf or inf
    return s * (1 + np.where(inside, np.asarray(z, dtype=float), 0.0) * (1 - s))


def clip01(z):
    r"""The lecture's clipped linear output :math:`\min(1, \max(0, z))`."""
    return np.clip(z, 0.0, 1.0)


def clip01_grad(z):
    r""":math:`[0 < z < 1]`: no gradient flows through a clipped output."""
    z = np.asarray(z)
    return ((z > 0) & (z < 1)).astype(float)


#: Registry of activations by name.
ACTIVATIONS = {
    name: Activation(name, f, df) for name, f, df in [
        ("identity", identity, identity_grad),
        ("sigmoid", sigmoid, sigmoid_grad),
        ("tanh", tanh, tanh_grad),
        ("relu", relu, relu_grad),
        ("leaky_relu", leaky_relu, leaky_relu_grad),
        ("elu", elu, elu_grad),
        ("gelu", gelu, gelu_grad),
        ("silu", silu, silu_grad),
        ("clip01", clip01, clip01_grad),
    ]
}


def get_activation(name, *, parameter="activation"):
    """Return the :class:`Activation` called ``name`` (an :class:`Activation` passes through)."""
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise TypeError(f"The {parameter!r} parameter must be a name from ACTIVATIONS or an "
                        f"Activation. Got {name!r} instead.")
    if name not in ACTIVATIONS:
        raise ValueError(f"Unknown {parameter} {name!r}. Choose one of: {', '.join(ACTIVATIONS)}.")
    return ACTIVATIONS[name]
