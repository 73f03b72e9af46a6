r"""Batch and layer normalization as forward/backward pairs.

Both standardize a hidden layer's pre-activations :math:`Z` (m samples × n units) and then
rescale them with learnable :math:`\gamma` and shift them with learnable :math:`\beta`
(both of shape (1, n)):

.. math::
    \hat Z = \frac{Z - \mu}{\sqrt{\sigma^2 + \varepsilon}}, \qquad \tilde Z = \gamma \odot \hat Z + \beta.

They differ in what the mean and variance are taken over:

* **batch normalization** (Ioffe & Szegedy, 2015, "Batch normalization: accelerating deep
  network training by reducing internal covariate shift"): over the *samples of the batch*,
  per unit (``axis=0``). At inference the batch statistics are replaced by running averages
  gathered during training, so a prediction does not depend on the other samples.
* **layer normalization** (Ba, Kiros & Hinton, 2016, "Layer normalization"): over the *units
  of the layer*, per sample (``axis=1``). Nothing depends on the batch, so training and
  inference compute the same thing, whatever the batch size.

Backward, with :math:`G = \partial L/\partial\tilde Z` and :math:`k` the number of values
averaged (m for batch norm, n for layer norm), the compact form:

.. math::
    \frac{\partial L}{\partial\gamma} = \sum_i G\odot\hat Z, \qquad
    \frac{\partial L}{\partial\beta} = \sum_i G, \qquad
    \frac{\partial L}{\partial Z} = \frac{1}{k\sqrt{\sigma^2+\varepsilon}}
    \Big(k\,\hat G - \textstyle\sum \hat G - \hat Z \sum(\hat G\odot\hat Z)\Big),
    \quad \hat G = \gamma\odot G,

the sums inside the bracket running over the normalized axis.

A network normalizes each hidden layer with a :class:`BatchNorm` or :class:`LayerNorm`
object: it holds the layer's settings and, for batch norm, the running statistics used at
inference, with the rule that moves them. The learnable :math:`\gamma` and :math:`\beta`
are ordinary parameters of the network (in its flat ``theta``), so every optimizer updates
them like the weights.
"""
import functools
import numbers

import numpy as np

__all__ = ["NORMALIZATIONS", "normalize_forward", "normalize_backward", "BatchNorm", "LayerNorm",
           "make_normalization"]

#: Normalization names and the axis their statistics are taken over.
NORMALIZATIONS = {"batch": 0, "layer": 1}


def _check_kind(kind, caller):
    if not isinstance(kind, str) or kind not in NORMALIZATIONS:
        error = ValueError if isinstance(kind, str) else TypeError
        raise error(f"The 'kind' parameter of {caller} must be one of 'batch', 'layer'. "
                    f"Got {kind!r} instead.")
    return NORMALIZATIONS[kind]


def _check_row(value, name, n, caller):
    """A (1, n) row of finite or non-finite floats: gamma, beta, a mean or a variance."""
    shape = np.shape(value)
    if shape != (1, n):
        raise ValueError(f"The {name!r} parameter of {caller} must have shape (1, {n}), one value "
                         f"per unit of Z. Got shape {shape} instead.")


def _validated(check):
    """Check a public function's arguments with ``check`` first; ``function.__wrapped__`` skips it.

    The layers below call the unchecked function (their arguments are right by construction),
    so the checks cost nothing in training.
    """
    def decorate(function):
        @functools.wraps(function)
        def checked(*args, **kwargs):
            check(*args, **kwargs)
            return function(*args, **kwargs)
        return checked
    return decorate


def _check_forward(Z, gamma, beta, kind, *, eps=1e-5, mean=None, var=None):
    """The arguments of :func:`normalize_forward`, checked."""
    caller = "normalize_forward"
    _check_kind(kind, caller)
    if not isinstance(Z, np.ndarray):
        raise TypeError(f"The 'Z' parameter of {caller} must be a numpy array of shape (m, n). "
                        f"Got {type(Z).__name__} instead.")
    if np.ndim(Z) != 2 or np.shape(Z)[0] == 0 or np.shape(Z)[1] == 0:
        raise ValueError(f"The 'Z' parameter of {caller} must be a non-empty 2-D array (m samples, "
                         f"n units). Got shape {np.shape(Z)} instead.")
    n = Z.shape[1]
    _check_row(gamma, "gamma", n, caller)
    _check_row(beta, "beta", n, caller)
    if (mean is None) != (var is None):
        raise ValueError(f"The 'mean' and 'var' parameters of {caller} go together: give both "
                         f"(the running averages) or neither (the batch's statistics).")
    if mean is not None:
        if kind != "batch":
            raise ValueError(f"The 'mean' and 'var' parameters of {caller} are for batch norm only: "
                             f"layer norm always uses each sample's own statistics. Got kind={kind!r}.")
        _check_row(mean, "mean", n, caller)
        _check_row(var, "var", n, caller)
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real) or not eps > 0:
        raise ValueError(f"The 'eps' parameter of {caller} must be a positive float. Got {eps!r} instead.")


def _check_backward(G, gamma, cache, kind):
    """The arguments of :func:`normalize_backward`, checked."""
    _check_kind(kind, "normalize_backward")
    if np.shape(G) != np.shape(cache[0]):
        raise ValueError(f"The 'G' parameter of normalize_backward must have the shape of the "
                         f"normalized Z, {np.shape(cache[0])}. Got shape {np.shape(G)} instead.")


@_validated(_check_forward)
def normalize_forward(Z, gamma, beta, kind, *, eps=1e-5, mean=None, var=None):
    r"""Normalize ``Z`` (m, n), then scale by ``gamma`` and shift by ``beta`` (1, n).

    Parameters
    ----------
    Z : ndarray of shape (m, n)
        At least one row (and, for batch norm with the batch's own statistics, two make sense:
        one sample is its own mean, so every unit would output ``beta``).
    gamma, beta : ndarray of shape (1, n)
    kind : {"batch", "layer"}
    eps : float, default=1e-5
        Added to the variance, so a unit (or sample) with no spread does not divide by 0.
    mean, var : ndarray of shape (1, n), optional
        Batch norm at inference: use these (the running averages) instead of the batch's.

    Returns
    -------
    out : ndarray of shape (m, n)
        :math:`\tilde Z = \gamma\odot\hat Z + \beta`.
    cache : tuple
        ``(Z_hat, inv_std, mean, var)`` for :func:`normalize_backward` and the running averages.
    """
    axis = NORMALIZATIONS[kind]
    if mean is None:
        k = Z.shape[axis]
        mean = np.add.reduce(Z, axis=axis, keepdims=True) / k
        centred = Z - mean
        var = np.add.reduce(centred * centred, axis=axis, keepdims=True) / k
    else:
        centred = Z - mean
    inv_std = 1.0 / np.sqrt(var + eps)
    Z_hat = centred * inv_std
    return Z_hat * gamma + beta, (Z_hat, inv_std, mean, var)


@_validated(_check_backward)
def normalize_backward(G, gamma, cache, kind):
    r"""Gradients of the loss with respect to ``Z``, ``gamma`` and ``beta`` from ``G = dL/dZ~``.

    ``cache`` is the second value returned by :func:`normalize_forward` for the same ``Z``.

    Returns
    -------
    dZ : ndarray of shape (m, n)
    dgamma, dbeta : ndarray of shape (1, n)
    """
    axis = NORMALIZATIONS[kind]
    Z_hat, inv_std = cache[0], cache[1]
    reduce = np.add.reduce
    dgamma = reduce(G * Z_hat, axis=0, keepdims=True)
    dbeta = reduce(G, axis=0, keepdims=True)
    G_hat = G * gamma
    k = G.shape[axis]
    dZ = (inv_std / k) * (k * G_hat - reduce(G_hat, axis=axis, keepdims=True)
                          - Z_hat * reduce(G_hat * Z_hat, axis=axis, keepdims=True))
    return dZ, dgamma, dbeta


_forward, _backward = normalize_forward.__wrapped__, normalize_backward.__wrapped__


class LayerNorm:
    """Layer normalization of one hidden layer (Ba, Kiros & Hinton, 2016): no state.

    Each sample is standardized over the layer's units, so training and inference compute
    the same thing and nothing depends on the other samples of the batch.
    """
    kind = "layer"

    def __init__(self, n_units, *, eps=1e-5):
        self.n_units, self.eps = n_units, eps

    def forward(self, Z, gamma, beta, *, training=False):
        """``(Z~, cache)``; ``training`` changes nothing for layer norm."""
        return _forward(Z, gamma, beta, "layer", eps=self.eps)

    def backward(self, G, gamma, cache):
        """``(dZ, dgamma, dbeta)``: see :func:`normalize_backward`."""
        return _backward(G, gamma, cache, "layer")

    def commit(self):
        """Nothing to move: layer norm keeps no statistics."""

    def state(self):
        """The layer's state: none."""
        return {}

    def set_state(self, state):
        """Nothing to set."""


class BatchNorm(LayerNorm):
    r"""Batch normalization of one hidden layer (Ioffe & Szegedy, 2015), with its statistics.

    In training mode each unit is standardized with the mean and variance of the *batch*; at
    inference, with running averages gathered during training, so that a prediction does not
    depend on the other samples. After each training update (:meth:`commit`), with the
    statistics :math:`\mu_B, \sigma^2_B` of the batch whose gradient made that update,

    .. math::
        \bar\mu \leftarrow (1 - m)\,\bar\mu + m\,\mu_B, \qquad
        \bar\sigma^2 \leftarrow (1 - m)\,\bar\sigma^2 + m\,\tfrac{B}{B-1}\sigma^2_B

    (PyTorch's convention: momentum :math:`m = 0.1`, the unbiased batch variance), starting
    from :math:`\bar\mu = 0`, :math:`\bar\sigma^2 = 1`.

    Parameters
    ----------
    n_units : int
    momentum : float in (0, 1], default=0.1
    eps : float > 0, default=1e-5

    Attributes
    ----------
    running_mean, running_var : ndarray of shape (1, n_units)
    """
    kind = "batch"

    def __init__(self, n_units, *, momentum=0.1, eps=1e-5):
        super().__init__(n_units, eps=eps)
        self.momentum = momentum
        self.running_mean = np.zeros((1, n_units))
        self.running_var = np.ones((1, n_units))
        self._pending = None

    def forward(self, Z, gamma, beta, *, training=False):
        """``(Z~, cache)``: the batch's statistics when ``training``, else the running averages.

        A training pass remembers its batch statistics; :meth:`commit` moves the running
        averages with them once the update they belong to is made.
        """
        if not training:
            return _forward(Z, gamma, beta, "batch", eps=self.eps,
                            mean=self.running_mean, var=self.running_var)
        out, cache = _forward(Z, gamma, beta, "batch", eps=self.eps)
        self._pending = (cache[2], cache[3], len(Z))
        return out, cache

    def backward(self, G, gamma, cache):
        """``(dZ, dgamma, dbeta)``: see :func:`normalize_backward`."""
        return _backward(G, gamma, cache, "batch")

    def commit(self, momentum=None):
        """Move the running averages with the statistics of the last training pass (once)."""
        if self._pending is None:
            return
        mean, var, m = self._pending
        rate = self.momentum if momentum is None else momentum
        self.running_mean *= 1 - rate
        self.running_mean += rate * mean
        self.running_var *= 1 - rate
        self.running_var += rate * var * (m / max(m - 1, 1))
        self._pending = None

    def state(self):
        """Copies of the running averages, by name."""
        return {"running_mean": self.running_mean.copy(), "running_var": self.running_var.copy()}

    def set_state(self, state):
        """Overwrite the running averages (arrays of shape (1, n_units)); forget a pending pass."""
        self.running_mean[...] = state["running_mean"]
        self.running_var[...] = state["running_var"]
        self._pending = None


def make_normalization(kind, n_units, *, momentum=0.1, eps=1e-5):
    """A :class:`BatchNorm` (``kind="batch"``) or :class:`LayerNorm` (``"layer"``) for one layer."""
    _check_kind(kind, "make_normalization")
    if kind == "batch":
        return BatchNorm(n_units, momentum=momentum, eps=eps)
    return LayerNorm(n_units, eps=eps)
