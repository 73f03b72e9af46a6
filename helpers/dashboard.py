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

A diverged network (activations or gradients that are inf or NaN) gets NaN or
inf in its cells and a note on its figure, quietly: the dashboard is where one
looks when training went wrong, so it must not fail there.
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from ._validation import (check_array, check_choice, check_figure_options, check_float,
                          check_model, check_X_y)

__all__ = ["SATURATION_THRESHOLD", "saturated_fraction", "dead_fraction", "layer_statistics",
           "plot_dashboard"]

#: :math:`|\tanh z|` above this counts as saturated (derivative below 0.06).
SATURATION_THRESHOLD = 0.97

_CAN_DIE = ("relu",)  # a leaky unit that is off everywhere still learns: not dead
_SATURATING = ("tanh", "sigmoid")
#: The colour of "after training" (the colour-blind palette's blue; "at init" is grey).
_AFTER = sns.color_palette("colorblind")[0]


def saturated_fraction(A, *, activation="tanh", threshold=SATURATION_THRESHOLD):
    r"""Fraction of activation values in the flat tails of a tanh or sigmoid.

    Parameters
    ----------
    A : array-like
        Activations of one layer (any shape).
    activation : {"tanh", "sigmoid"}, default="tanh"
        ``"tanh"`` tests :math:`|a| > t`; ``"sigmoid"`` tests :math:`|2a - 1| > t`.
    threshold : float in (0, 1), default=0.97
        Both functions stay inside (-1, 1), so a threshold of 1 or more would
        count nothing.

    Returns
    -------
    float in [0, 1]
        NaN if ``A`` holds NaN (a diverged network).
    """
    check_choice(activation, _SATURATING, "activation", "saturated_fraction")
    threshold = check_float(threshold, "threshold", "saturated_fraction", below=1)
    A = check_array(A, "A", "saturated_fraction")
    if np.isnan(A).any():
        return float("nan")
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
        :math:`\frac1n \sum_j [\max_i Z_{ij} \le 0]`; NaN if ``Z`` holds NaN.
    """
    Z = check_array(Z, "Z", "dead_fraction", allow_empty=True)
    if Z.ndim != 2 or Z.size == 0:
        raise ValueError(f"The 'Z' parameter of dead_fraction must be a non-empty 2-D array of shape "
                         f"(n_samples, n_units). Got shape {Z.shape} instead.")
    if np.isnan(Z).any():
        return float("nan")
    return float(np.mean(np.max(Z, axis=0) <= 0))


def _spread(f, a):
    r"""``f(a)`` for ``f`` = ``np.std`` or ``np.linalg.norm``; when the squares inside overflow but
    ``a`` is finite, computed in units of :math:`\max|a|` (both scale with ``a``)."""
    value = float(f(a))
    if np.isinf(value) and np.isfinite(a).all():
        scale = np.abs(a).max()
        value = float(scale * f(a / scale))
    return value


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
        ``grad norm W`` (:math:`\\|\\partial L/\\partial W^{[l]}\\|`). A diverged
        network gets NaN (or inf) cells, without warnings.
    """
    check_model(model, "layer_statistics")
    X, y = check_X_y(X, y, caller="layer_statistics", n_features=model.layer_sizes[0],
                     n_outputs=model.layer_sizes[-1])
    rows = []
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        Zs, As = model.activations(X)
        grads = model.gradients(X, y)
        for l in range(1, model.n_layers + 1):
            act = (model.output if l == model.n_layers else model.hidden).name
            Z, A = Zs[l - 1], As[l]
            rows.append({
                "layer": l, "units": Z.shape[1], "activation": act, "std of A": _spread(np.std, A),
                "% saturated": 100 * saturated_fraction(A, activation=act) if act in _SATURATING else np.nan,
                "% dead": 100 * dead_fraction(Z) if act in _CAN_DIE else np.nan,
                "grad norm W": _spread(np.linalg.norm, grads[f"W{l}"]),
            })
    return pd.DataFrame(rows).set_index("layer")


def _bars(ax, x, values, *, width, offset, label, color, log):
    """Bars that write what cannot be drawn at the foot of the axis: an exact 0 on a log
    axis as "0", and inf or NaN (a diverged network) as "inf" or "NaN"."""
    values = np.asarray(values, dtype=float)
    drawable = np.isfinite(values) & (values > 0 if log else True)
    ax.bar(x + offset, np.where(drawable, values, np.nan), width=width, label=label, color=color)
    colors = color if isinstance(color, list) else [color] * len(values)  # one per bar, or one
    for xi, v, ok, c in zip(x + offset, values, drawable, colors):
        if not ok:
            ax.annotate("0" if v == 0 else "NaN" if np.isnan(v) else f"{v:g}", (xi, 0),
                        xycoords=("data", "axes fraction"), xytext=(0, 3),
                        textcoords="offset points", ha="center", fontsize=9, color=c)


def _note(ax, text):
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes)


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
        On a diverged network, what cannot be drawn (inf or NaN) is written
        instead: "no finite activation", "NaN" under a bar, and so on.
    """
    check_model(model, "plot_dashboard")
    check_figure_options("plot_dashboard", figsize=figsize, title=title)
    if initial_theta is not None:
        initial_theta = check_array(initial_theta, "initial_theta", "plot_dashboard")
        if initial_theta.shape != model.theta.shape:
            raise ValueError(f"The 'initial_theta' parameter of plot_dashboard must have shape "
                             f"{model.theta.shape} (a copy of model.theta). Got shape "
                             f"{initial_theta.shape} instead.")
    history = model.history if history is None else history
    if history is not None and not hasattr(history, "update_ratios"):
        raise TypeError(f"The 'history' parameter of plot_dashboard must be a "
                        f"helpers.training.History or None. Got an object of type "
                        f"{type(history).__name__} instead.")
    stats = layer_statistics(model, X, y)
    with model.parameters_at(initial_theta):
        before = layer_statistics(model, X, y) if initial_theta is not None else None
        with np.errstate(over="ignore", invalid="ignore"):
            As = model.activations(X)[1]
    # a diverged network's numbers may overflow inside the plotting too
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return _draw(model, stats, before, As, history, title, figsize,
                     when="at init" if initial_theta is not None else "after training")


def _draw(model, stats, before, As, history, title, figsize, when):
    fig, axes = plt.subplots(1, 4, figsize=figsize, layout="constrained")
    hidden = list(range(1, model.n_layers))
    palette = sns.color_palette("viridis", n_colors=max(len(hidden), 1))
    values = [As[l].ravel()[np.isfinite(As[l].ravel())] for l in hidden]
    axes[0].set(xlabel=f"activation ({model.hidden.name})", ylabel="fraction of values",
                title=f"hidden activations {when}")
    if any(v.size for v in values):
        lo = min(v.min() for v in values if v.size)
        hi = max(v.max() for v in values if v.size)
        bins = np.linspace(lo - 0.5, hi + 0.5, 41) if hi - lo < 1e-12 else np.linspace(lo, hi, 41)
        for colour, l, v in zip(palette, hidden, values):
            if v.size:
                sns.histplot(v, bins=bins, stat="probability", element="step", fill=False,
                             color=colour, ax=axes[0], label=f"layer {l}")
    else:
        _note(axes[0], "no hidden layer" if not hidden else
              "no finite activation:\nthe network has diverged")

    kind = "% dead" if model.hidden.name in _CAN_DIE else "% saturated"
    applies = model.hidden.name in _CAN_DIE + _SATURATING  # else the column is NaN: shown as 0

    def shares(table):
        column = table.loc[hidden, kind]
        return (column if applies else column.fillna(0)).to_numpy(float)

    x = np.arange(len(hidden))
    after = shares(stats)
    if before is not None:
        init = shares(before)
        _bars(axes[1], x, init, width=0.4, offset=-0.2, label="at init", color="0.6", log=False)
        _bars(axes[1], x, after, width=0.4, offset=0.2, label="after training", color=_AFTER,
              log=False)
        pairs = [(x - 0.2, init), (x + 0.2, after)]
    else:
        _bars(axes[1], x, after, width=0.8, offset=0, label=None, color=palette, log=False)
        pairs = [(x, after)]
    for xs, vs in pairs:
        for xi, v in zip(xs, vs):
            if np.isfinite(v):
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
    both = np.concatenate([current, initial])
    if not np.any(np.isfinite(both) & (both > 0)):
        axes[2].set(yticks=[])
        _note(axes[2], "every weight gradient\nis exactly 0" if np.all(both == 0) else
              "no finite, non-zero gradient:\nthe network has diverged")
    elif before is not None:
        _bars(axes[2], x, initial, width=0.4, offset=-0.2, label="at init", color="0.6", log=True)
        _bars(axes[2], x, current, width=0.4, offset=0.2, label="after training",
              color=_AFTER, log=True)
        axes[2].set_yscale("log")
    else:
        _bars(axes[2], x, current, width=0.6, offset=0, label=None, color=_AFTER, log=True)
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
    else:
        message = "no training history" if history is None else "no weight ever moved"
        axes[3].text(0.5, 0.5, message, ha="center", va="center", transform=axes[3].transAxes)
        axes[3].set(xticks=[], yticks=[])
    # one legend under the panels, so that none covers a curve, a bar or a label
    entries = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels()):
            entries.setdefault(label, handle)
    if entries:
        fig.legend(entries.values(), entries.keys(), loc="outside lower center", ncol=len(entries),
                   fontsize=9)
    if title:
        fig.suptitle(title)
    return axes
