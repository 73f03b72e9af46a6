r"""Decision boundaries of a 2-D classifier, and its scores.

A classifier with one sigmoid (or clipped) output predicts class 1 where
:math:`\hat p(x) \ge 1/2`. Its *decision boundary* is the level set
:math:`\{x : \hat p(x) = 1/2\}`. It is drawn by evaluating the network on a
regular grid over the input square and tracing the 1/2 contour.

For a network with no hidden activation the boundary is a straight line
whatever its width: :math:`\hat p = g(x W + b)` with :math:`W = W_1 W_2` and
:math:`b = b_1 W_2 + b_2` (see :func:`collapse_linear`).
"""
import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import accuracy_score, f1_score

from ._validation import (check_binary_labels, check_figure_options, check_int, check_memory,
                          check_model, check_X_y)
from .plotting import plot_sine_boundary

__all__ = ["decision_grid", "plot_decision_boundary", "classification_scores", "collapse_linear"]


def _limits(limits, name):
    """A range (low, high) of finite floats with low < high."""
    try:
        low, high = (float(v) for v in limits)
    except (TypeError, ValueError):
        low = high = None
    if low is None or not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"The {name!r} parameter of decision_grid must be a pair of finite floats "
                         f"(low, high) with low < high. Got {limits!r} instead.")
    return low, high


def decision_grid(model, *, xlim=(-1.05, 1.05), ylim=(-1.05, 1.05), resolution=201):
    """The model's predicted probability on a regular grid over the input square.

    Parameters
    ----------
    model : helpers.network.NeuralNet
        A network with two inputs and one output.
    xlim, ylim : (float, float)
        Range of :math:`x_1` and :math:`x_2`.
    resolution : int, default=201
        Number of grid points along each axis.

    Returns
    -------
    xx, yy : ndarray of shape (resolution, resolution)
        Grid coordinates (as from ``np.meshgrid``).
    proba : ndarray of shape (resolution, resolution)
        :math:`\\hat p` at each grid point.
    """
    check_model(model, "decision_grid")
    resolution = check_int(resolution, "resolution", "decision_grid", minimum=2)
    check_memory(resolution * resolution * (3 + max(model.layer_sizes)), "resolution",
                 "decision_grid", resolution, what=f"a {resolution:,} × {resolution:,} grid and the "
                                                   f"network's activations on it")
    xlim, ylim = (_limits(v, n) for v, n in ((xlim, "xlim"), (ylim, "ylim")))
    if model.layer_sizes[0] != 2 or model.layer_sizes[-1] != 1:
        raise ValueError(f"The 'model' parameter of decision_grid must have 2 inputs and 1 output. "
                         f"Got layer_sizes={model.layer_sizes} instead.")
    xx, yy = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    with np.errstate(over="ignore", invalid="ignore"):
        proba = model.predict_proba(np.column_stack([xx.ravel(), yy.ravel()]))
    return xx, yy, proba.reshape(xx.shape)


def plot_decision_boundary(model, X, y, *, ax=None, title=None, figsize=(5.5, 5), resolution=201,
                           legend=True):
    """The data, the true boundary (dashed) and the model's boundary (solid, shaded by class).

    The background is coloured by the predicted class; the solid black line is
    the :math:`\\hat p = 1/2` contour.

    Returns
    -------
    ax : matplotlib Axes
    """
    check_model(model, "plot_decision_boundary")
    X, y = check_X_y(X, y, caller="plot_decision_boundary", n_features=2, n_outputs=1)
    y = check_binary_labels(y[:, 0], "y", "plot_decision_boundary")
    check_figure_options("plot_decision_boundary", figsize=figsize, title=title, ax=ax, legend=legend)
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    xx, yy, proba = decision_grid(model, resolution=resolution)
    ax.contourf(xx, yy, proba >= 0.5, levels=[-0.5, 0.5, 1.5], colors=["#4C72B0", "#DD8452"],
                alpha=0.18)
    if proba.min() < 0.5 <= proba.max():
        ax.contour(xx, yy, proba, levels=[0.5], colors="black", linewidths=2)
    plot_sine_boundary(X, y, ax=ax, title=title, legend=legend)
    if legend:
        handles, labels = ax.get_legend_handles_labels()
        handles.append(plt.Line2D([], [], color="black", lw=2))
        labels = [{"0": "class 0", "1": "class 1"}.get(t, t) for t in labels] + ["model boundary"]
        ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2,
                  fontsize=9, frameon=False)
    return ax


def classification_scores(model, X, y):
    """Accuracy and F1 score (both fractions in [0, 1]) from :mod:`sklearn.metrics`.

    Erratum (the blog): it printed the F1 score, a fraction, as "0.667%".

    Parameters
    ----------
    model : helpers.network.NeuralNet
        A binary classifier: one output unit and the binary cross-entropy loss.
    X : array-like of shape (n_samples, n_x)
    y : array-like of shape (n_samples,)
        Labels 0 or 1.

    Returns
    -------
    dict with keys "accuracy" and "f1"
    """
    check_model(model, "classification_scores")
    if model.loss_fn.name != "binary_cross_entropy" or model.layer_sizes[-1] != 1:
        raise ValueError(f"The 'model' parameter of classification_scores must be a binary "
                         f"classifier: one output unit and loss='binary_cross_entropy'. Got "
                         f"{model.layer_sizes[-1]} output(s) and loss={model.loss_fn.name!r} instead.")
    X, y = check_X_y(X, y, caller="classification_scores", n_features=model.layer_sizes[0],
                     n_outputs=1)
    check_binary_labels(y, "y", "classification_scores")
    y_true = y[:, 0].astype(int)
    y_pred = model.predict(X)
    return {"accuracy": float(accuracy_score(y_true, y_pred)),
            "f1": float(f1_score(y_true, y_pred, zero_division=0))}


def collapse_linear(model):
    r"""The single linear layer equal to a network with identity hidden activations.

    .. math::
        (X W_1 + b_1) W_2 + b_2 = X \underbrace{W_1 W_2}_{W} + \underbrace{b_1 W_2 + b_2}_{b},

    and by induction for any depth. With one output, :math:`x W + b = c` is a
    straight line for every level :math:`c`, so any threshold on
    :math:`g(xW + b)` with a monotone output :math:`g` is a straight boundary.

    Returns
    -------
    W : ndarray of shape (n_x, n_y)
    b : ndarray of shape (1, n_y)
    """
    check_model(model, "collapse_linear")
    if model.hidden.name != "identity" and model.n_layers > 1:
        raise ValueError(f"The 'model' parameter of collapse_linear must have hidden_activation="
                         f"'identity'. Got {model.hidden.name!r} instead.")
    if model.n_layers > 1 and (model.normalization is not None or model.residual):
        raise ValueError(f"The 'model' parameter of collapse_linear must have no normalization and no "
                         f"residual connections. Got {model.normalization!r}, {model.residual!r} instead.")
    W, b = model.weights[0].copy(), model.biases[0].copy()
    for W_l, b_l in zip(model.weights[1:], model.biases[1:]):
        W, b = W @ W_l, b @ W_l + b_l
    return W, b
