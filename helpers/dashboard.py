r"""Per-layer health of a deep network: what to look at when it does not train.

Four statistics, one row per layer:

* **saturation** of a tanh (or sigmoid) unit: :math:`|\tanh z| > 0.97`, where
  :math:`\tanh'(z) = 1 - \tanh^2 z < 0.06`: almost no gradient passes. For a
  sigmoid the same test is applied to :math:`2\sigma(z) - 1 = \tanh(z/2)`.
* **dead ReLU units**: a unit whose pre-activation is :math:`\le 0` on *every*
  sample outputs 0 and gets zero gradient: it never comes back.
* the **gradient norm** :math:`\|\partial L/\partial W^{[l]}\|` of each layer:
  vanishing if it shrinks towards the input layers, exploding if it grows.
* the **update-to-parameter ratio** :math:`\|\alpha\,\nabla_{W} L\| / \|W\|`
  recorded by the trainer: about :math:`10^{-3}` is healthy (Karpathy, CS231n
  notes), far below means the layer does not move.
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from ._validation import check_float, check_X_y

__all__ = ["SATURATION_THRESHOLD", "saturated_fraction", "dead_fraction", "layer_statistics",
           "plot_dashboard"]

#: :math:`|\tanh z|` above this counts as saturated (derivative below 0.06).
SATURATION_THRESHOLD = 0.97

_CAN_DIE = ("relu",)  # a leaky unit that is off everywhere still learns: not dead
_SATURATING = ("tanh", "sigmoid")


def saturated_fraction(A, *, activation="tanh", threshold=SATURATION_THRESHOLD):
    r"""Fraction of activation values in the flat tails of a tanh or sigmoid.

    Parameters
    ----------
    A : array-like
        Activations of one layer (any shape).
    activation : {"tanh", "sigmoid"}, default="tanh"
        ``"tanh"`` tests :math:`|a| > t`; ``"sigmoid"`` tests :math:`|2a - 1| > t`.
    threshold : float, default=0.97

    Returns
    -------
    float in [0, 1]
    """
    if activation not in _SATURATING:
        raise ValueError(f"The 'activation' parameter of saturated_fraction must be one of "
                         f"'tanh', 'sigmoid'. Got {activation!r} instead.")
    threshold = check_float(threshold, "threshold", "saturated_fraction")
    A = np.asarray(A, dtype=float)
    if A.size == 0:
        raise ValueError("The 'A' parameter of saturated_fraction must be a non-empty array. "
                         "Got an empty array instead.")
    centred = A if activation == "tanh" else 2 * A - 1
    return float(np.mean(np.abs(centred) > threshold))


def dead_fraction(Z):
    r"""Fraction of ReLU units that are off on every sample.

    Parameters
    ----------
    Z : array-like of shape (n_samples, n_units)
        Pre-activations of one layer.

    Returns
    -------
    float in [0, 1]
        :math:`\frac1n \sum_j [\max_i Z_{ij} \le 0]`.
    """
    Z = np.asarray(Z, dtype=float)
    if Z.ndim != 2 or Z.size == 0:
        raise ValueError(f"The 'Z' parameter of dead_fraction must be a non-empty 2-D array of shape "
                         f"(n_samples, n_units). Got shape {Z.shape} instead.")
    return float(np.mean(np.max(Z, axis=0) <= 0))


def layer_statistics(model, X, y):
    """One row per layer: activation spread, % saturated, % dead and gradient norm.

    Parameters
    ----------
    model : helpers.network.NeuralNet
    X : array-like of shape (n_samples, n_x)
    y : array-like of shape (n_samples,) or (n_samples, n_y)

    Returns
    -------
    pandas.DataFrame indexed by layer (1..L)
        Columns ``units``, ``activation``, ``std of A``, ``% saturated`` (tanh or
        sigmoid layers, else NaN), ``% dead`` (ReLU layers, else NaN) and
        ``grad norm W`` (:math:`\\|\\partial L/\\partial W^{[l]}\\|`).
    """
    X, y = check_X_y(X, y, caller="layer_statistics", n_features=model.layer_sizes[0],
                     n_outputs=model.layer_sizes[-1])
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        Zs, As = model.activations(X)
        grads = model.gradients(X, y)
    rows = []
    for l in range(1, model.n_layers + 1):
        act = (model.output if l == model.n_layers else model.hidden).name
        Z, A = Zs[l - 1], As[l]
        rows.append({
            "layer": l, "units": Z.shape[1], "activation": act, "std of A": float(np.std(A)),
            "% saturated": 100 * saturated_fraction(A, activation=act) if act in _SATURATING else np.nan,
            "% dead": 100 * dead_fraction(Z) if act in _CAN_DIE else np.nan,
            "grad norm W": float(np.linalg.norm(grads[f"W{l}"])),
        })
    return pd.DataFrame(rows).set_index("layer")


def _bars(ax, x, values, *, width, offset, label, color, log):
    """Bars that show an exact 0 as a written "0" instead of an invisible bar."""
    values = np.asarray(values, dtype=float)
    shown = np.where(values > 0, values, np.nan) if log else values
    ax.bar(x + offset, shown, width=width, label=label, color=color)
    if log:
        for xi, v in zip(x + offset, values):
            if v == 0:
                ax.annotate("0", (xi, 0), xycoords=("data", "axes fraction"), xytext=(0, 3),
                            textcoords="offset points", ha="center", fontsize=9, color=color)


def plot_dashboard(model, X, y, *, initial_theta=None, history=None, title=None,
                   figsize=(15, 3.6)):
    """Four panels on one row: activation histograms, % saturated or dead, gradient
    norm by layer, and update-to-parameter ratio over training.

    Parameters
    ----------
    model : helpers.network.NeuralNet
        The trained network.
    X, y : arrays
        Data the statistics are computed on.
    initial_theta : ndarray of shape (n_params,), optional
        A copy of ``model.theta`` taken before training. When given, the
        histograms show the activations at initialization (where a bad init does
        its damage), and the other panels compare initialization (grey) with the
        end of training (colour).
    history : helpers.training.History, optional
        Defaults to ``model.history``; gives the update ratios.

    Returns
    -------
    axes : ndarray of 4 matplotlib Axes
    """
    history = model.history if history is None else history
    stats = layer_statistics(model, X, y)
    with model.parameters_at(initial_theta):
        before = layer_statistics(model, X, y) if initial_theta is not None else None
        with np.errstate(over="ignore", invalid="ignore"):
            As = model.activations(X)[1]
    when = "at init" if initial_theta is not None else "after training"
    fig, axes = plt.subplots(1, 4, figsize=figsize)
    hidden = list(range(1, model.n_layers))
    palette = sns.color_palette("viridis", n_colors=max(len(hidden), 1))
    values = [As[l].ravel()[np.isfinite(As[l].ravel())] for l in hidden]
    lo, hi = min(v.min() for v in values), max(v.max() for v in values)
    bins = np.linspace(lo - 0.5, hi + 0.5, 41) if hi - lo < 1e-12 else np.linspace(lo, hi, 41)
    for colour, l, v in zip(palette, hidden, values):
        sns.histplot(v, bins=bins, stat="probability", element="step", fill=False, color=colour,
                     ax=axes[0], label=f"layer {l}")
    axes[0].set(xlabel=f"activation ({model.hidden.name})", ylabel="fraction of values",
                title=f"hidden activations {when}")
    axes[0].legend(fontsize=9)

    kind = "% dead" if model.hidden.name in _CAN_DIE else "% saturated"
    x = np.arange(len(hidden))
    after = stats.loc[hidden, kind].fillna(0).to_numpy()
    if before is not None:
        init = before.loc[hidden, kind].fillna(0).to_numpy()
        _bars(axes[1], x, init, width=0.4, offset=-0.2, label="at init", color="0.6", log=False)
        _bars(axes[1], x, after, width=0.4, offset=0.2, label="after training", color="#4C72B0",
              log=False)
        axes[1].legend(fontsize=9, loc="upper left")
        pairs = [(x - 0.2, init), (x + 0.2, after)]
    else:
        axes[1].bar(x, after, color=palette)
        pairs = [(x, after)]
    for xs, vs in pairs:
        for xi, v in zip(xs, vs):
            axes[1].text(xi, v + 2, f"{v:.0f}", ha="center", fontsize=9)
    axes[1].set(xticks=x, xticklabels=[str(l) for l in hidden], xlabel="hidden layer",
                ylabel=kind, ylim=(0, 110),
                title="dead ReLU units" if kind == "% dead" else "saturated (|tanh| > 0.97)")

    x = np.arange(model.n_layers)
    current = stats["grad norm W"].to_numpy()
    initial = before["grad norm W"].to_numpy() if before is not None else np.zeros(0)
    axes[2].set(xticks=x, xticklabels=[str(l) for l in stats.index], xlabel="layer",
                xlim=(-0.6, model.n_layers - 0.4),
                ylabel=r"$\|\partial L/\partial W^{[l]}\|$", title="gradient norm by layer")
    if not (np.any(current > 0) or np.any(initial > 0)):
        axes[2].set(yticks=[])
        axes[2].text(0.5, 0.5, "every weight gradient\nis exactly 0", ha="center", va="center",
                     transform=axes[2].transAxes)
    elif before is not None:
        _bars(axes[2], x, initial, width=0.4, offset=-0.2, label="at init", color="0.6", log=True)
        _bars(axes[2], x, current, width=0.4, offset=0.2, label="after training",
              color="#4C72B0", log=True)
        axes[2].set_yscale("log")
        axes[2].legend(fontsize=9)
    else:
        _bars(axes[2], x, current, width=0.6, offset=0, label=None, color="#4C72B0", log=True)
        axes[2].set_yscale("log")

    axes[3].set(title="update / parameter ratio")
    plotted = False
    if history is not None and history.n_iter > 0:
        it = np.arange(1, history.n_iter + 1)
        colours = sns.color_palette("viridis", n_colors=model.n_layers)
        for colour, l in zip(colours, stats.index):
            ratio = history.update_ratios[:, history.param_names.index(f"W{l}")]
            ok = np.isfinite(ratio) & (ratio > 0)
            if ok.any():
                axes[3].plot(it[ok], ratio[ok], color=colour, lw=1.4, label=f"W{l}")
                plotted = True
    if plotted:
        axes[3].axhline(1e-3, color="black", ls=":", lw=1.2, label="1e-3")
        axes[3].set(xscale="log", yscale="log", xlabel="update", ylabel="‖lr·grad‖ / ‖W‖")
        axes[3].legend(fontsize=9, ncol=2)
    else:
        message = "no training history" if history is None else "no weight ever moved"
        axes[3].text(0.5, 0.5, message, ha="center", va="center", transform=axes[3].transAxes)
        axes[3].set(xticks=[], yticks=[])
    if title:
        fig.suptitle(title)
    return axes
