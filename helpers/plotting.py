"""The course's figures: consistent style, explicit sizes, labelled axes.

Every function draws on the axes it is given (or makes a figure of a stated
size) and returns the axes, so a notebook can add to a figure before
``plt.show()``.
"""
import ast
import inspect
import math

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import seaborn as sns

from ._validation import (check_array, check_binary_labels, check_bool, check_choice,
                          check_figure_options, check_float, check_instance, check_int,
                          check_X_y)
from .datasets import sine_boundary_curve

__all__ = ["PALETTE", "LINESTYLES", "set_style", "show_source", "plot_loss", "plot_housing",
           "plot_sine_boundary"]

#: One colour per class of the sine-boundary data, used by every figure.
CLASS_PALETTE = {0: "#4C72B0", 1: "#DD8452"}


#: The course's colours, in the order lines get them: seaborn's "colorblind" palette, whose ten
#: hues stay apart under the common red-green colour-vision deficiencies.
PALETTE = tuple(sns.color_palette("colorblind").as_hex())

#: The line style that goes with each colour of :data:`PALETTE`, so that lines compared on one
#: axis differ in two ways (colour and dash) and can be told apart without colour.
LINESTYLES = ("-", "--", "-.", ":", (0, (3, 1, 1, 1, 1, 1)), (0, (9, 2)), (0, (9, 2, 1, 2, 1, 2)),
              (0, (1, 3)), (0, (5, 1, 1, 1, 5, 4)), (0, (2, 1)))


def set_style():
    """Seaborn's whitegrid theme at a size that stays readable on a slide, in colour-blind-safe colours.

    Lines take their colours from :data:`PALETTE` (seaborn's "colorblind") and, with each
    colour, a line style from :data:`LINESTYLES`: the second line of a figure is orange and
    dashed, the third green and dash-dotted, and so on; legends draw their samples long enough
    to show each pattern. A line drawn with an explicit colour but no style still takes the
    next style of the cycle; give ``ls=`` to fix it.
    """
    sns.set_theme(context="notebook", style="whitegrid", font_scale=1.05, palette="colorblind")
    plt.rcParams.update({"figure.dpi": 100, "savefig.dpi": 100, "axes.titleweight": "bold",
                         "figure.constrained_layout.use": True,
                         "axes.prop_cycle": plt.cycler(color=PALETTE, linestyle=LINESTYLES),
                         "legend.handlelength": 3.5})     # long enough to show each dash pattern


#: The key of the output metadata in which :func:`show_source` records what it shows.
SHOW_SOURCE_KEY = "helpers.show_source"


def show_source(obj, docstring=True):
    """Display the source code of a helper (function, class or module) in a notebook.

    Notebooks show the code they use this way instead of pasting a copy that
    would drift from the package.

    Parameters
    ----------
    obj : function, method, class or module
        Anything :func:`inspect.getsource` accepts.
    docstring : bool, default=True
        Show the docstrings. With ``False`` the docstring of ``obj`` and of
        every function and class defined in it (a class's methods, say) is
        left out, so that the computation itself fits on a slide; decorators,
        signatures, code and comments are shown exactly as in the package. A
        body that held nothing but its docstring is shown as ``...``.

    Notes
    -----
    The output's metadata records the object's full name (see :func:`full_name`) under
    :data:`SHOW_SOURCE_KEY`; the course website links the shown code to the object's entry
    in the API reference with it.
    """
    from IPython.display import Code, display
    check_instance(obj, lambda o: inspect.ismodule(o) or inspect.isclass(o) or inspect.isroutine(o),
                   "obj", "show_source", "a function, method, class or module")
    check_bool(docstring, "docstring", "show_source")
    try:
        source = inspect.getsource(obj)
    except (OSError, TypeError):  # built in, or defined where Python keeps no source
        raise ValueError(f"The 'obj' parameter of show_source must be defined in a Python source "
                         f"file. Got {obj!r} instead, whose source Python cannot find.") from None
    if not docstring:
        source = _without_docstrings(source)
    # The full name goes with the output, so the course website can link it to the API reference.
    display(Code(source, language="python"), metadata={SHOW_SOURCE_KEY: full_name(obj)})


def full_name(obj):
    """``obj``'s importable name: ``helpers.training.train``, ``helpers.optimizers.Adam.direction``."""
    if inspect.ismodule(obj):
        return obj.__name__
    return f"{obj.__module__}.{obj.__qualname__}"


def _without_docstrings(source):
    """``source`` with the docstring of the module and of every function and class removed."""
    try:
        tree, shift = ast.parse(source), 0
    except IndentationError:
        # a method's source is indented: parse it as the body of an if-block, one line down
        tree, shift = ast.parse("if True:\n" + source), 1
    lines = [line.encode("utf-8") for line in source.splitlines(keepends=True)]
    docstrings = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) \
                and node.body and isinstance(node.body[0], ast.Expr) \
                and isinstance(node.body[0].value, ast.Constant) \
                and isinstance(node.body[0].value.value, str):
            docstrings.append((node.body[0], len(node.body) == 1))
    # from the last one up, so that the positions of the others stay valid
    for doc, alone in sorted(docstrings, key=lambda d: (d[0].lineno, d[0].col_offset), reverse=True):
        first, last = doc.lineno - 1 - shift, doc.end_lineno - 1 - shift
        before, after = lines[first][:doc.col_offset], lines[last][doc.end_col_offset:]
        if after.lstrip().startswith(b";"):        # `"""doc"""; x = 1`: keep the statement
            after = after.lstrip()[1:].lstrip(b" \t")
        if not before.strip() and not after.strip():
            # the docstring has lines of its own
            if alone:
                lines[first:last + 1] = [before + b"...\n"]
            else:                                  # drop them, and the blank lines after them
                end = last + 1
                while end < len(lines) and not lines[end].strip():
                    end += 1
                del lines[first:end]
        else:
            # on one line with other code, e.g. `def f(): """doc"""`
            lines[first:last + 1] = [before + (b"..." if alone else b"") + after]
    return b"".join(lines).decode("utf-8")


def _is_history(h):
    return hasattr(h, "losses") and hasattr(h, "first_nonfinite")


def _as_dict(histories, caller):
    """``{label: History}`` from one History or a dict of them (a TypeError naming 'histories')."""
    if _is_history(histories):
        return {"": histories}
    allowed = "a helpers.training.History or a non-empty dict of label to History"
    check_instance(histories, lambda h: isinstance(h, dict) and h, "histories", caller, allowed)
    for label, history in histories.items():
        if not _is_history(history):
            raise TypeError(f"The 'histories' parameter of {caller} must be {allowed}. Got "
                            f"{type(history).__name__} {history!r} for the label {label!r} instead.")
    return histories


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
    runs = _as_dict(histories, "plot_loss")
    check_figure_options("plot_loss", figsize=figsize, title=title)
    fig, axes = plt.subplots(1, 2, figsize=figsize)
    for label, history in runs.items():
        losses = np.asarray(history.losses, dtype=float)
        # past ~1e300 matplotlib's log-axis arithmetic overflows: such points are not drawn
        finite = np.isfinite(losses) & (np.abs(losses) < 1e300)
        it = np.arange(len(losses))
        for ax in axes:
            line, = ax.plot(it[finite], losses[finite], label=label or None, lw=1.8)
            if history.first_nonfinite is not None and finite.any():
                last = np.flatnonzero(finite)[-1]
                ax.plot(it[last], losses[last], "x", ms=10, mew=2.5, color=line.get_color())
                ax.annotate(f"non-finite after\nupdate {history.first_nonfinite}",
                            (it[last], losses[last]), textcoords="offset points", xytext=(-10, -28),
                            ha="right", fontsize=9, color=line.get_color())
    for ax in axes:
        ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    axes[0].set(xlabel="iteration (updates)", ylabel="loss", title="linear scale")
    axes[1].set(xlabel="iteration (updates)", ylabel="loss (log scale)", yscale="log",
                title="log scale")
    plain = mticker.FuncFormatter(lambda v, _: f"{v:g}")
    axes[1].yaxis.set_major_formatter(plain)
    low, high = axes[1].get_ylim()
    # within one decade there is no major tick to read, so label the minor ones
    axes[1].yaxis.set_minor_formatter(plain if high < 10 * low else mticker.NullFormatter())
    if any(runs):
        axes[1].legend(loc="best", fontsize=9)
    if title:
        fig.suptitle(title)
    return axes


def _points(X, y, caller, columns):
    """``X`` of shape (n, 2) and ``y`` of shape (n,), both finite, checked for a scatter plot."""
    X, y = check_X_y(X, y, caller=caller)
    if X.shape[1] != 2:
        raise ValueError(f"The 'X' parameter of {caller} must have 2 columns ({columns}). "
                         f"Got shape {X.shape} instead.")
    if y.shape[1] != 1:
        raise ValueError(f"The 'y' parameter of {caller} must be 1-D, one value per row of X. "
                         f"Got shape {y.shape} instead.")
    return X, y[:, 0]


def plot_housing(X, y, *, figsize=(11, 4)):
    """Price against surface (coloured by distance) and against distance (coloured by surface).

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
        Surface (m²) and distance (m), as from :func:`helpers.datasets.make_housing`.
    y : array-like of shape (n_samples,)
        Prices.
    """
    X, y = _points(X, y, "plot_housing", "surface, distance")
    check_figure_options("plot_housing", figsize=figsize)
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
    """Scatter of the sine-boundary data by class, with the true boundary curve.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
    y : array-like of shape (n_samples,)
        Labels 0 or 1.
    """
    X, y = _points(X, y, "plot_sine_boundary", "x1, x2")
    labels = check_binary_labels(y, "y", "plot_sine_boundary").astype(int)
    check_figure_options("plot_sine_boundary", figsize=figsize, title=title, ax=ax, legend=legend)
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
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


# -- initializers, explosions and sweeps (notebooks 02 and 03) ------------------------------
__all__ += ["OUTCOME_COLORS", "OUTCOME_HATCHES", "OUTCOME_MARKERS", "plot_loss_capped",
            "plot_histogram_vs_density", "plot_update_ratios", "plot_stability_map", "plot_outcomes"]

#: One colour per outcome of a training run (see :data:`helpers.sweeps.OUTCOMES`), from
#: :data:`PALETTE`: grey (stalled), blue (trained) and vermillion (diverged) stay three different
#: colours under deuteranopia and protanopia, unlike green, orange and red.
OUTCOME_COLORS = {"trained": PALETTE[0], "stalled": PALETTE[7], "diverged": PALETTE[3]}

#: The second cue of each outcome, for readers who cannot rely on colour: diverged areas are
#: cross-hatched, trained ones plain, stalled ones dotted (the bars of :func:`plot_outcomes`).
OUTCOME_HATCHES = {"trained": "", "stalled": "..", "diverged": "xx"}

#: Marker of each outcome where runs are drawn as points.
OUTCOME_MARKERS = {"trained": "o", "stalled": "s", "diverged": "X"}

#: Colour of the hatching and of the text drawn on top of the outcome colours.
_INK = "#1A1A1A"


def _halo():
    """A white outline that keeps a black line visible on any of the outcome colours."""
    from matplotlib import patheffects
    return patheffects.withStroke(linewidth=4, foreground="white")


def _hatch_cells(ax, codes, x_edges, y_edges, outcomes):
    """Hatch the cells of a map whose outcome has a hatching, one rectangle per run of cells in a row."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle
    for k, outcome in enumerate(outcomes):
        if not OUTCOME_HATCHES[outcome]:
            continue
        cells = []
        for i, row in enumerate(codes == k):
            # the columns where a run of hatched cells starts and where it ends
            changes = np.flatnonzero(np.diff(np.concatenate([[0], row.astype(int), [0]])))
            for start, stop in zip(changes[::2], changes[1::2]):
                cells.append(Rectangle((x_edges[start], y_edges[i]), x_edges[stop] - x_edges[start],
                                       y_edges[i + 1] - y_edges[i]))
        if cells:
            ax.add_collection(PatchCollection(cells, facecolor="none", edgecolor=_INK, linewidth=0,
                                              hatch=OUTCOME_HATCHES[outcome], alpha=0.55))


def plot_loss_capped(histories, *, ylim=(1e-2, 1e8), ax=None, title=None, figsize=(9, 4.2)):
    """Loss curves on one log axis whose range is capped, so exploding runs don't hide the others.

    A run that diverged is drawn until it leaves the axis and ends in a cross
    on the top edge at the update after which its loss became inf/NaN (named in
    the legend). See :func:`plot_loss` for linear and log axes side by side.
    """
    runs = _as_dict(histories, "plot_loss_capped")
    check_figure_options("plot_loss_capped", figsize=figsize, title=title, ax=ax)
    try:
        low, high = (float(v) for v in ylim)
    except (TypeError, ValueError):
        low = high = math.nan
    if not 0 < low < high < math.inf:
        raise ValueError(f"The 'ylim' parameter of plot_loss_capped must be a pair (low, high) with "
                         f"0 < low < high (a log axis). Got {ylim!r} instead.")
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    for label, history in runs.items():
        losses = np.asarray(history.losses, dtype=float)
        with np.errstate(invalid="ignore"):
            shown = np.where(np.isfinite(losses), np.minimum(losses, ylim[1] * 10), np.nan)
        if history.first_nonfinite is not None:
            shown[history.first_nonfinite] = ylim[1] * 10
            label = f"{label} (non-finite after update {history.first_nonfinite})"
        line, = ax.plot(np.arange(len(losses)), shown, lw=2, label=label)
        if history.first_nonfinite is not None:
            ax.plot(history.first_nonfinite, ylim[1], "x", ms=11, mew=3, color=line.get_color(),
                    clip_on=False)
    ax.set(yscale="log", ylim=ylim, xlabel="iteration (updates)", ylabel="loss (log scale)")
    if any(line.get_label() and not line.get_label().startswith("_") for line in ax.lines):
        ax.legend(loc="best", fontsize=9)
    if title:
        ax.set_title(title)
    return ax


def plot_histogram_vs_density(values, dist, *, ax=None, title=None, bins=60, figsize=(5, 3.5)):
    """Histogram of drawn values (as a density) with the theoretical density on top.

    Parameters
    ----------
    values : array-like
        The draws, e.g. ``W.ravel()``.
    dist : scipy.stats frozen distribution
        E.g. :func:`helpers.diagnostics.weight_distribution`.
    """
    values = check_array(values, "values", "plot_histogram_vs_density").ravel()
    if not np.isfinite(values).all():
        raise ValueError(f"The 'values' parameter of plot_histogram_vs_density must contain only "
                         f"finite numbers. Got {int(np.sum(~np.isfinite(values)))} NaN or infinite "
                         f"value(s) instead.")
    bins = check_int(bins, "bins", "plot_histogram_vs_density", maximum=100_000)
    check_figure_options("plot_histogram_vs_density", figsize=figsize, title=title, ax=ax)
    check_instance(dist, lambda d: hasattr(d, "ppf") and hasattr(d, "pdf"), "dist",
                   "plot_histogram_vs_density", "a frozen scipy.stats distribution, e.g. "
                   "helpers.diagnostics.weight_distribution('he', fan_in, fan_out)")
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    ax.hist(values, bins=bins, density=True, color="#8FAADC", edgecolor="white", linewidth=0.3,
            label="drawn")
    lo, hi = dist.ppf(1e-4), dist.ppf(1 - 1e-4)
    pad = 0.08 * (hi - lo)
    grid = np.linspace(lo - pad, hi + pad, 600)
    ax.plot(grid, dist.pdf(grid), "k-", lw=1.8, label="density")
    ax.set(xlim=(lo - pad, hi + pad), xlabel="weight", yticks=[])
    if title:
        ax.set_title(title)
    return ax


def plot_update_ratios(history, *, ax=None, title=None, figsize=(9, 4)):
    r"""Update-to-parameter ratio :math:`\|\alpha\nabla_p L\|/\|p\|` of each parameter per update.

    Log scale, with the healthy level (about 1e-3) and the level where the step
    is as large as the parameter (1) marked, and a vertical line at the update
    after which the loss became inf/NaN.
    """
    check_instance(history, lambda h: _is_history(h) and hasattr(h, "update_ratios"), "history",
                   "plot_update_ratios", "a helpers.training.History")
    check_figure_options("plot_update_ratios", figsize=figsize, title=title, ax=ax)
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    ratios = np.asarray(history.update_ratios, dtype=float)
    it = np.arange(1, len(ratios) + 1)
    for j, name in enumerate(history.param_names):
        r = ratios[:, j]
        ok = np.isfinite(r) & (r > 0)
        ax.plot(it[ok], r[ok], lw=1.8, marker="o" if ok.sum() < 30 else None, ms=4, label=name)
    ax.axhline(1e-3, color="#55A868", ls=":", lw=1.5)
    ax.axhline(1.0, color="#C44E52", ls=":", lw=1.5)
    ax.text(0.99, 1e-3, "healthy ≈ 1e-3", transform=ax.get_yaxis_transform(), ha="right",
            va="bottom", fontsize=9, color="#3B7F4F")
    ax.text(0.99, 1.0, "step = parameter", transform=ax.get_yaxis_transform(), ha="right",
            va="bottom", fontsize=9, color="#C44E52")
    ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    if history.first_nonfinite is not None:
        ax.axvline(history.first_nonfinite, color="k", lw=1.2, ls="--")
        ax.annotate(f"loss non-finite\nafter update {history.first_nonfinite}",
                    (history.first_nonfinite, 0.5), xycoords=("data", "axes fraction"),
                    xytext=(-6, 0), textcoords="offset points", ha="right", fontsize=9)
    ax.set(yscale="log", xlabel="update", ylabel=r"$\|\alpha\,\nabla_p L\| \,/\, \|p\|$")
    ax.legend(title="parameter", loc="upper left", fontsize=9, ncol=2)
    if title:
        ax.set_title(title)
    return ax


def _log_edges(values):
    """Cell edges, in the middle on a log scale, around sorted positive grid values."""
    v = np.log10(np.asarray(values, dtype=float))
    if v.size == 1:
        return 10 ** np.array([v[0] - 0.5, v[0] + 0.5])
    mid = (v[1:] + v[:-1]) / 2
    return 10 ** np.concatenate([[2 * v[0] - mid[0]], mid, [2 * v[-1] - mid[-1]]])


def _curve(pair, name, caller):
    """``(x, y)``: two 1-D arrays of one length, as a curve to draw."""
    try:
        x, y = pair
        x, y = check_array(x, name, caller, ndim=1), check_array(y, name, caller, ndim=1)
    except (TypeError, ValueError):
        x = y = None
    if x is None or x.shape != y.shape:
        raise ValueError(f"The {name!r} parameter of {caller} must be a pair (x, y) of 1-D arrays of "
                         f"one length. Got {type(pair).__name__} {pair!r} instead."[:400])
    return x, y


def plot_stability_map(sweep, *, ax=None, title=None, prediction=None, legend=True, figsize=(6.5, 5)):
    """Outcome of every (learning rate, init scale) of a sweep as a coloured map, log axes.

    Parameters
    ----------
    sweep : helpers.sweeps.Sweep
        A sweep over ``lrs`` × ``init_scales`` (one seed, one initializer).
    prediction : tuple of (init_scales, lrs), optional
        A curve to draw over the map, e.g. :math:`\\alpha = 2/\\lambda_{\\max}` at
        initialization for each scale.
    """
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch
    from .sweeps import OUTCOMES, Sweep

    check_instance(sweep, lambda s: isinstance(s, Sweep), "sweep", "plot_stability_map",
                   "a helpers.sweeps.Sweep (what train_many returns)")
    check_figure_options("plot_stability_map", figsize=figsize, title=title, ax=ax, legend=legend)
    if prediction is not None:
        prediction = _curve(prediction, "prediction", "plot_stability_map")
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    codes = sweep.grid("outcome").apply(lambda col: col.map({o: i for i, o in enumerate(OUTCOMES)}))
    scales, lrs = codes.index.to_numpy(float), codes.columns.to_numpy(float)
    cmap = ListedColormap([OUTCOME_COLORS[o] for o in OUTCOMES])
    x_edges, y_edges = _log_edges(lrs), _log_edges(scales)
    ax.pcolormesh(x_edges, y_edges, codes.to_numpy(float), cmap=cmap, vmin=-0.5,
                  vmax=len(OUTCOMES) - 0.5, edgecolors="none")
    _hatch_cells(ax, codes.to_numpy(float), x_edges, y_edges, OUTCOMES)
    handles = [Patch(facecolor=OUTCOME_COLORS[o], edgecolor=_INK, hatch=OUTCOME_HATCHES[o], linewidth=0,
                     label=o) for o in OUTCOMES]
    if prediction is not None:
        pred_scales, pred_lrs = prediction
        line, = ax.plot(pred_lrs, pred_scales, "k--", lw=2.2, label=r"$\alpha = 2/\lambda_{\max}$ at init",
                        path_effects=[_halo()])
        handles.append(line)
    ax.set(xscale="log", yscale="log", xlabel=r"learning rate $\alpha$", ylabel="init scale",
           xlim=_log_edges(lrs)[[0, -1]], ylim=_log_edges(scales)[[0, -1]])
    ax.grid(False)
    if legend:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=len(handles),
                  fontsize=9, frameon=False)
    if title:
        ax.set_title(title)
    return ax


def plot_outcomes(frame, *, by="init", trained_below=None, figsize=(12, 4.5)):
    """Outcomes of a sweep per group: shares of trained/stalled/diverged, and final losses.

    Parameters
    ----------
    frame : pandas.DataFrame
        ``Sweep.frame``: one row per net with ``outcome`` and ``final_loss``.
    by : str, default="init"
        Column that defines the groups (one row of bars each).
    trained_below : float, optional
        Drawn as a vertical line on the losses (the "trained" threshold).

    Returns
    -------
    axes : ndarray of 2 matplotlib Axes
        Left: stacked shares of each outcome. Right: final loss of every net
        that did not diverge, one dot per net, log scale.
    """
    import pandas as pd
    from .sweeps import OUTCOMES

    needed = ("outcome", "final_loss", "diverged")
    check_instance(frame, lambda f: isinstance(f, pd.DataFrame) and all(c in f for c in needed),
                   "frame", "plot_outcomes", "a pandas DataFrame with the columns of Sweep.frame")
    check_choice(by, tuple(str(c) for c in frame.columns), "by", "plot_outcomes")
    trained_below = check_float(trained_below, "trained_below", "plot_outcomes", allow_none=True)
    check_figure_options("plot_outcomes", figsize=figsize)
    fig, axes = plt.subplots(1, 2, figsize=figsize, gridspec_kw={"width_ratios": [1, 1.3]})
    order = list(dict.fromkeys(frame[by]))
    shares = (frame.groupby(by, observed=True)["outcome"].value_counts(normalize=True)
              .unstack(fill_value=0).reindex(index=order, columns=list(OUTCOMES), fill_value=0) * 100)
    left = np.zeros(len(order))
    for outcome in OUTCOMES:
        axes[0].barh(order, shares[outcome], left=left, color=OUTCOME_COLORS[outcome], label=outcome,
                     hatch=OUTCOME_HATCHES[outcome], edgecolor=_INK, linewidth=0)
        for k, (x0, w) in enumerate(zip(left, shares[outcome])):
            if w >= 7:
                axes[0].text(x0 + w / 2, k, f"{w:.0f}%", ha="center", va="center", fontsize=9,
                             color=_INK, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none",
                                                   alpha=0.85))
        left += shares[outcome].to_numpy()
    n = frame.groupby(by, observed=True).size().reindex(order)
    axes[0].set(xlim=(0, 100), xlabel=f"% of nets ({n.iloc[0]} seeds per {by})")
    axes[0].invert_yaxis()
    axes[0].legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=9, frameon=False)
    finite = frame[~frame["diverged"]]
    jitter = np.random.RandomState(0).uniform(-0.25, 0.25, len(finite))  # same picture every run
    rows = finite[by].map({name: k for k, name in enumerate(order)}).to_numpy(float) + jitter
    for outcome in [o for o in OUTCOMES if o != "diverged"]:     # one marker per outcome
        mine = (finite["outcome"] == outcome).to_numpy()
        axes[1].scatter(finite["final_loss"][mine], rows[mine], s=14, alpha=0.75, linewidths=0,
                        color=OUTCOME_COLORS[outcome], marker=OUTCOME_MARKERS[outcome], label=outcome)
    axes[1].set(xscale="log", yticks=range(len(order)), yticklabels=order, ylim=(len(order) - 0.5, -0.5))
    if trained_below is not None:
        axes[1].axvline(trained_below, color="k", ls="--", lw=1.2, label=f"trained below {trained_below:.3g}")
    if axes[1].get_legend_handles_labels()[0]:
        axes[1].legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=9,
                       frameon=False, markerscale=1.5)
    axes[1].set(xlabel="final loss of the nets that did not diverge (log scale)", ylabel="")
    axes[0].set_title("how training ended")
    axes[1].set_title("where it ended")
    return axes
