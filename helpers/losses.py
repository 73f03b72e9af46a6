r"""Loss functions as value/gradient pairs.

Each :class:`Loss` holds ``f(y_hat, y) -> float`` and ``grad(y_hat, y)``, the
gradient :math:`\partial L/\partial \hat y` (same shape as ``y_hat``). Both
losses are means over all entries, so the gradient carries the factor
:math:`1/m` (for one output column).

Shapes: ``y_hat`` and ``y`` must have one shape, with one exception: a 1-D
``y`` of n targets matches an (n, 1) column ``y_hat`` (and the reverse), and is
read as that column. Anything else is refused with a ``ValueError`` naming
``y``; it is never broadcast (an (n, 1) prediction minus (n,) targets would be
an (n, n) table, and the loss a wrong number).

The module's functions check their arguments fully (lists are converted; empty
arrays, text and, for cross-entropy, labels other than 0 and 1 are refused) and
compute quietly where the values overflow (``inf`` or ``nan``, no warning). The
functions held by :data:`LOSSES` are the network's inner step: they check the
shapes the same way, but leave the labels and the floating-point warnings to
their caller (the network checks its targets once per call, and the trainer
handles overflow for the whole run).
"""
from typing import Callable, NamedTuple

import numpy as np

from ._validation import check_array, check_binary_labels, check_pair

__all__ = ["Loss", "LOSSES", "get_loss", "baseline_loss", "TRAINED_BELOW", "mse", "mse_grad",
           "binary_cross_entropy", "binary_cross_entropy_grad", "EPS"]

#: A run counts as "trained" when its final loss is at most this fraction of
#: :func:`baseline_loss`: R² >= 0.5 for the MSE, McFadden's pseudo-R² >= 0.5 for the
#: cross-entropy. Merely beating a constant prediction (R² > 0, an R² of 0.1) is not training.
#: Used by :func:`helpers.playground.diagnose` and :func:`helpers.sweeps.train_many`.
TRAINED_BELOW = 0.5

#: Probabilities are kept in [EPS, 1 - EPS] so that the log never sees 0.
EPS = 1e-12


class Loss(NamedTuple):
    """A loss ``f(y_hat, y)``, its gradient ``grad(y_hat, y)`` with respect to ``y_hat``,
    and optionally ``value_and_grad`` computing both at once (faster)."""
    name: str
    f: Callable[[np.ndarray, np.ndarray], float]
    grad: Callable[[np.ndarray, np.ndarray], np.ndarray]
    value_and_grad: Callable[[np.ndarray, np.ndarray], tuple] = None

    def evaluate(self, y_hat, y):
        """``(loss, gradient)``, from ``value_and_grad`` when given, else from ``f`` and ``grad``."""
        if self.value_and_grad is not None:
            return self.value_and_grad(y_hat, y)
        return self.f(y_hat, y), self.grad(y_hat, y)


def _checked(y_hat, y, caller, *, name="y_hat", labels=False):
    """The public functions' checks: see the module's docstring."""
    y_hat, y = check_pair(y_hat, y, caller, name=name)
    if labels:
        check_binary_labels(y, "y", caller)
    return y_hat, y


def mse(y_hat, y):
    r"""Mean squared error :math:`L = \frac1m \sum_i (\hat y_i - y_i)^2`.

    Parameters
    ----------
    y_hat, y : array-like of one shape
        A 1-D ``y`` of length n also matches an (n, 1) ``y_hat`` (see the module's docstring).

    Returns
    -------
    float
    """
    y_hat, y = _checked(y_hat, y, "mse")
    with np.errstate(over="ignore", invalid="ignore"):
        return _mse(y_hat, y)


def mse_grad(y_hat, y):
    r""":math:`\partial L/\partial \hat y = \frac2m (\hat y - y)`, of the shape of ``y_hat``."""
    y_hat, y = _checked(y_hat, y, "mse_grad")
    with np.errstate(over="ignore", invalid="ignore"):
        return _mse_grad(y_hat, y)


def mse_value_and_grad(y_hat, y):
    """The loss and its gradient from one residual (the trainer's inner step)."""
    y_hat, y = check_pair(y_hat, y, "mse")
    err = y_hat - y
    flat = err.ravel()
    return float(flat @ flat) / flat.size, (2 / flat.size) * err


def _mse(y_hat, y):
    return mse_value_and_grad(y_hat, y)[0]


def _mse_grad(y_hat, y):
    return mse_value_and_grad(y_hat, y)[1]


def _bce(p, y):
    p, y = check_pair(p, y, "binary_cross_entropy", name="p")
    p = np.clip(p, EPS, 1 - EPS)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def _bce_grad(p, y):
    p, y = check_pair(p, y, "binary_cross_entropy_grad", name="p")
    p = np.clip(p, EPS, 1 - EPS)
    return (p - y) / (p * (1 - p)) / p.size


def binary_cross_entropy(p, y):
    r"""Binary cross-entropy :math:`L = -\frac1m \sum_i y_i \ln p_i + (1 - y_i) \ln(1 - p_i)`.

    ``p`` is clipped to ``[EPS, 1 - EPS]`` first. Its minimum for a prediction
    that ignores the inputs and says 1/2 everywhere is :math:`\ln 2 \approx 0.693147`.

    Parameters
    ----------
    p : array-like
        Predicted probabilities of class 1.
    y : array-like of the shape of ``p``
        Labels, each 0 or 1 (a 1-D ``y`` of length n also matches an (n, 1) ``p``).

    Returns
    -------
    float
    """
    p, y = _checked(p, y, "binary_cross_entropy", name="p", labels=True)
    return _bce(p, y)


def binary_cross_entropy_grad(p, y):
    r""":math:`\partial L/\partial p = \frac1m \frac{p - y}{p(1 - p)}` (with ``p`` clipped), of the shape of ``p``."""
    p, y = _checked(p, y, "binary_cross_entropy_grad", name="p", labels=True)
    return _bce_grad(p, y)


def binary_cross_entropy_value_and_grad(p, y):
    """The loss and its gradient with respect to ``p`` (the trainer's inner step)."""
    return _bce(p, y), _bce_grad(p, y)


#: Registry of losses by name.
LOSSES = {
    "mse": Loss("mse", _mse, _mse_grad, mse_value_and_grad),
    "binary_cross_entropy": Loss("binary_cross_entropy", _bce, _bce_grad,
                                 binary_cross_entropy_value_and_grad),
}


def get_loss(name):
    """Return the :class:`Loss` called ``name`` (a :class:`Loss` passes through)."""
    if isinstance(name, Loss):
        return name
    if not isinstance(name, str):
        raise TypeError(f"The 'loss' parameter must be a name from LOSSES or a Loss. Got {name!r} instead.")
    if name not in LOSSES:
        raise ValueError(f"Unknown loss {name!r}. Choose one of: {', '.join(LOSSES)}.")
    return LOSSES[name]


def baseline_loss(y, loss):
    r"""The loss of the best constant prediction, the bar a trained model must clear.

    For ``"mse"`` the best constant is each column's mean, and the loss is the
    variance of the targets. For cross-entropy it is the rate :math:`p` of ones,
    and the loss the entropy :math:`-p\ln p - (1-p)\ln(1-p)`
    (:math:`\ln 2` for balanced classes). Columns are averaged.

    Parameters
    ----------
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Finite targets; for cross-entropy, labels 0 or 1.
    loss : str or Loss
        A name from :data:`LOSSES`.

    Returns
    -------
    float
    """
    name = get_loss(loss).name
    columns = check_array(y, "y", "baseline_loss")
    if columns.ndim not in (1, 2):
        raise ValueError(f"The 'y' parameter of baseline_loss must be a 1-D or 2-D array. "
                         f"Got shape {columns.shape} instead.")
    if not np.all(np.isfinite(columns)):
        raise ValueError("The 'y' parameter of baseline_loss must contain only finite numbers. "
                         "Got NaN or infinite values instead.")
    columns = columns.reshape(len(columns), -1)
    if name == "mse":
        return float(columns.var(axis=0).mean())
    check_binary_labels(columns, "y", "baseline_loss")
    return float(np.mean([-sum(q * np.log(q) for q in (p, 1 - p) if q > 0)
                          for p in columns.mean(axis=0)]))
