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
"""
import numpy as np

__all__ = ["NORMALIZATIONS", "normalize_forward", "normalize_backward"]

#: Normalization names and the axis their statistics are taken over.
NORMALIZATIONS = {"batch": 0, "layer": 1}


def normalize_forward(Z, gamma, beta, kind, *, eps=1e-5, mean=None, var=None):
    r"""Normalize ``Z`` (m, n), then scale by ``gamma`` and shift by ``beta`` (1, n).

    Parameters
    ----------
    Z : ndarray of shape (m, n)
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


def normalize_backward(G, gamma, cache, kind):
    r"""Gradients of the loss with respect to ``Z``, ``gamma`` and ``beta`` from ``G = dL/dZ~``.

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
