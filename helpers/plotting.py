"""The course's figures: consistent style, explicit sizes, labelled axes.

Every function draws on the axes it is given (or makes a figure of a stated
size) and returns the axes, so a notebook can add to a figure before
``plt.show()``.
"""
import inspect

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import seaborn as sns

from .datasets import sine_boundary_curve

__all__ = ["set_style", "show_source", "plot_loss", "plot_housing", "plot_sine_boundary"]

#: One colour per class of the sine-boundary data, used by every figure.
CLASS_PALETTE = {0: "#4C72B0", 1: "#DD8452"}


def set_style():
    """Seaborn's whitegrid theme at a size that stays readable on a slide."""
    sns.set_theme(context="notebook", style="whitegrid", font_scale=1.05)
    plt.rcParams.update({"figure.dpi": 100, "savefig.dpi": 100, "axes.titleweight": "bold",
                         "figure.constrained_layout.use": True})


def show_source(obj):
    """Display the source code of a helper (function, class or module) in a notebook.

    Notebooks show the code they use this way instead of pasting a copy that
    would drift from the package.
    """
    from IPython.display import Code, display
    display(Code(inspect.getsource(obj), language="python"))


def _as_dict(histories):
    if hasattr(histories, "losses"):
        return {"": histories}
    return dict(histories)


def plot_loss(histories, *, title=None, figsize=(11, 3.8)):
    """Loss against iteration on linear and log axes, side by side.

    Parameters
    ----------
    histories : History or dict of str to History
        One run, or several runs by label.
    title : str, optional
        Title of the whole figure.

    Returns
    -------
    axes : ndarray of 2 matplotlib Axes
        Linear axis on the left, logarithmic on the right. A run that diverged
        ends in a cross at its last finite loss, labelled with the update at
        which the loss became non-finite.
    """
    fig, axes = plt.subplots(1, 2, figsize=figsize)
    runs = _as_dict(histories)
    for label, history in runs.items():
        losses = np.asarray(history.losses, dtype=float)
        finite = np.isfinite(losses)
        it = np.arange(len(losses))
        for ax in axes:
            line, = ax.plot(it[finite], losses[finite], label=label or None, lw=1.8)
            if history.first_nonfinite is not None and finite.any():
                last = np.flatnonzero(finite)[-1]
                ax.plot(it[last], losses[last], "x", ms=10, mew=2.5, color=line.get_color())
                ax.annotate(f"non-finite after\nupdate {history.first_nonfinite}",
                            (it[last], losses[last]), textcoords="offset points", xytext=(-10, -28),
                            ha="right", fontsize=9, color=line.get_color())
    axes[0].set(xlabel="iteration (updates)", ylabel="loss", title="linear scale")
    axes[1].set(xlabel="iteration (updates)", ylabel="loss (log scale)", yscale="log",
                title="log scale")
    plain = mticker.FuncFormatter(lambda v, _: f"{v:g}")
    axes[1].yaxis.set_major_formatter(plain)
    axes[1].yaxis.set_minor_formatter(plain)
    if any(runs):
        axes[1].legend(loc="best", fontsize=9)
    if title:
        fig.suptitle(title)
    return axes


def plot_housing(X, y, *, figsize=(11, 4)):
    """Price against surface (coloured by distance) and against distance (coloured by surface)."""
    fig, axes = plt.subplots(1, 2, figsize=figsize)
    surface, distance = X[:, 0], X[:, 1]
    for ax, x, c, xlabel, clabel in ((axes[0], surface, distance, "surface (m²)", "distance (m)"),
                                     (axes[1], distance, surface, "distance to centre (m)", "surface (m²)")):
        points = ax.scatter(x, y, c=c, cmap="viridis", s=30, edgecolor="white", linewidth=0.4)
        fig.colorbar(points, ax=ax, label=clabel)
        ax.set(xlabel=xlabel, ylabel="price (millions)")
    axes[0].set_title("bigger is dearer")
    axes[1].set_title("farther is cheaper")
    return axes


def plot_sine_boundary(X, y, *, ax=None, title=None, figsize=(5.5, 5), legend=True):
    """Scatter of the sine-boundary data by class, with the true boundary curve."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    labels = np.asarray(y).astype(int)
    sns.scatterplot(x=X[:, 0], y=X[:, 1], hue=labels, palette=CLASS_PALETTE, ax=ax, s=40,
                    edgecolor="white", linewidth=0.5, legend=legend)
    grid = np.linspace(-1, 1, 400)
    ax.plot(grid, sine_boundary_curve(grid), "k--", lw=1.5, label="true boundary")
    ax.set(xlim=(-1.05, 1.05), ylim=(-1.05, 1.05), xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
    if legend:
        handles, texts = ax.get_legend_handles_labels()
        ax.legend(handles, [{"0": "class 0", "1": "class 1"}.get(t, t) for t in texts],
                  loc="lower right", fontsize=9, framealpha=0.9)
    if title:
        ax.set_title(title)
    return ax
