r"""A playground: pick the data, the initializer, the activation, the shape and the
learning rate of a small network, train it, and see how training ended.

Every run trains one :class:`~helpers.network.NeuralNet` by full-batch gradient
descent (:func:`helpers.training.train`) on one of the lecture's datasets:

- ``"sine"``: the sine-boundary classification data (100 points, seed 47),
  a sigmoid output and binary cross-entropy;
- ``"housing"``: the mock housing prices (100 houses, seed 47), a linear output
  and mean squared error; ``standardize=True`` centres and scales the two
  features first (:func:`helpers.diagnostics.standardize`).

A run ends in one of four ways (:data:`VERDICTS`), judged against the loss
:math:`L_0^\star` of the best *constant* prediction, the baseline any model should
beat:

.. math::
    L_0^\star = \operatorname{Var}(y) \ \text{(MSE)}, \qquad
    L_0^\star = -\bar y \ln \bar y - (1 - \bar y)\ln(1 - \bar y) \ \text{(cross-entropy)}.

With :math:`L_T` the loss after the last of :math:`T` updates, checked in this order:

- **diverged**: the loss became inf/NaN; or it ended above the first loss; or the
  parameters blew up, their largest magnitude :math:`\max_k |\theta_k|` ending more
  than :data:`BLOWN_UP` (100) times :math:`\max(\max_k |\theta^{(0)}_k|, 1)`, its value
  at the start or 1, whichever is larger. A classifier needs that last rule: its
  clipped cross-entropy stays finite (at most :math:`-\ln 10^{-12} \approx 27.6` per
  point) while the weights run off towards 1e40, until a pre-activation overflows to
  inf and inf − inf turns the loss into NaN. Runs that train grow their largest
  parameter a few tens of times at most: 33 times at most in the 358 trained runs of
  a sweep of the sine data (eight activations, four initializers, init scales 0.1, 1
  and 10, :math:`\alpha` = 0.1, 1 and 10, one and three hidden layers, 1,000 updates);
- **trained**: :math:`L_T \le` :data:`TRAINED_BELOW` :math:`\cdot L_0^\star = \tfrac12 L_0^\star`.
  For the MSE this is :math:`R^2 = 1 - L_T/L_0^\star \ge 0.5`: the model explains at
  least half of the variance a constant leaves; for the cross-entropy the same ratio
  is McFadden's pseudo-:math:`R^2` (McFadden, 1974, "Conditional logit analysis of
  qualitative choice behavior");
- **improving**: not trained, but the loss is still falling: its lowest value over
  the last tenth of the updates is at least :data:`STILL_FALLING` (1 %) below its
  lowest value before them. More updates or a larger step would help;
- **stalled**: not trained and no longer falling. A network that has only learned the
  mean (the class rate) stalls right at :math:`L_0^\star`: that is where zero init or
  vanishing gradients leave it.

:func:`playground` runs and draws one configuration; :func:`interactive_playground`
puts a control on each argument and calls :func:`playground` again whenever one
changes, so what a notebook shows statically is exactly what the controls run.
"""
import io
import math
from dataclasses import dataclass

import ipywidgets as w
import numpy as np
from matplotlib.figure import Figure

from ._validation import check_bool, check_choice, check_float, check_instance, check_int
from .activations import ACTIVATIONS
from .boundary import classification_scores, plot_decision_boundary
from .datasets import LECTURE_SEED, make_housing, make_sine_boundary
from .diagnostics import standardize as standardize_features
from .initializers import INITIALIZERS
from .losses import TRAINED_BELOW as _TRAINED_BELOW, baseline_loss
from .network import NeuralNet
from .plotting import _is_history, plot_loss_capped, plot_update_ratios

__all__ = ["DATASETS", "DEFAULTS", "VERDICTS", "TRAINED_BELOW", "BLOWN_UP", "STILL_FALLING", "PlaygroundRun",
           "baseline_loss", "diagnose", "run_playground", "plot_run", "show_png", "playground", "Playground",
           "interactive_playground"]

#: Dataset name -> (generator, output activation, loss).
DATASETS = {
    "sine": (make_sine_boundary, "sigmoid", "binary_cross_entropy"),
    "housing": (make_housing, "identity", "mse"),
}

#: The verdicts of :func:`diagnose`, from best to worst.
VERDICTS = ("trained", "improving", "stalled", "diverged")

#: "trained": the final loss is at most this fraction of :func:`baseline_loss` (R² >= 0.5 for the MSE);
#: defined in :mod:`helpers.losses`, shared with :func:`helpers.sweeps.train_many`.
TRAINED_BELOW = _TRAINED_BELOW

#: "diverged": the largest parameter grew more than this factor (from max(its start, 1)).
BLOWN_UP = 100.0

#: "improving": the last tenth of the updates lowered the lowest loss by at least this fraction.
STILL_FALLING = 0.01

#: The configuration shown when the notebook opens: a tanh net that trains.
DEFAULTS = dict(dataset="sine", init="xavier_normal", init_scale=1.0, activation="tanh", depth=2,
                width=8, lr=0.3, max_iter=1000, standardize=False, random_state=37)


def diagnose(history, baseline, *, initial_theta=None, theta=None):
    """``(outcome, sentence)``: how a training run ended, in one line.

    The outcome is one of :data:`VERDICTS`, with the rules of the module's docstring:
    diverged (the loss non-finite, the last loss above the first, or the parameters
    blown up), trained (:math:`L_T \\le \\tfrac12 L_0^\\star`), improving (still falling by
    1 % or more over the last tenth of the updates) or stalled.

    Parameters
    ----------
    history : helpers.training.History
    baseline : float
        Loss of the best constant prediction (:func:`baseline_loss`), >= 0.
    initial_theta, theta : ndarray, optional
        The parameters before and after training (``net.theta``). Without them the
        blow-up of the parameters is not checked.
    """
    check_instance(history, _is_history, "history", "diagnose", "a helpers.training.History")
    baseline = check_float(baseline, "baseline", "diagnose", allow_zero=True)
    losses, n = history.losses, history.n_iter
    if history.diverged:
        k = history.first_nonfinite
        return "diverged", f"diverged at iteration {k}: the loss became {losses[k]} (it started at {losses[0]:.4g})"
    if history.final_loss > losses[0]:
        k = int(np.argmax(losses > losses[0]))
        return "diverged", (f"diverged at iteration {k}: the loss rose above its start ({losses[0]:.4g}) "
                            f"and ended at {history.final_loss:.4g}")
    ratio = history.final_loss / baseline if baseline > 0 else np.inf
    change = (f"loss {losses[0]:.4g} → {history.final_loss:.4g} in {n} updates, "
              f"{ratio:.2g} × {baseline:.4g} (a constant prediction)")
    if theta is not None and initial_theta is not None:
        with np.errstate(invalid="ignore"):
            start, end = float(np.max(np.abs(initial_theta))), float(np.max(np.abs(theta)))
        if not end <= BLOWN_UP * max(start, 1.0):  # NaN too
            return "diverged", (f"diverged: the parameters blew up, largest |θ| {start:.3g} → {end:.3g}, "
                                f"while the loss stayed finite: {change}")
    if history.final_loss <= TRAINED_BELOW * baseline:
        return "trained", f"trained: {change}"
    last = max(1, -(-n // 10))  # the last tenth of the updates, at least one
    before, recent = (np.min(losses[:-last]), np.min(losses[-last:])) if n else (losses[0], losses[0])
    fall = (before - recent) / before if before > 0 else 0.0
    if fall >= STILL_FALLING:
        return "improving", (f"still improving: {change}, {100 * fall:.1f} % lower over the last {last} "
                             f"updates: train longer or take a larger step")
    trend = f"{100 * fall:.1f} % lower" if fall >= 0.0005 else "no lower"
    return "stalled", f"stalled: {change}, {trend} over the last {last} updates"


@dataclass
class PlaygroundRun:
    """One playground run: the trained network, its history and the verdict."""
    settings: dict
    net: NeuralNet
    X: np.ndarray
    y: np.ndarray
    history: object
    baseline: float
    outcome: str
    diagnosis: str

    @property
    def scores(self):
        """Accuracy and F1 on the training data (sine data only), else None."""
        if self.settings["dataset"] != "sine" or self.outcome == "diverged":
            return None
        return classification_scores(self.net, self.X, self.y)


def _settings(caller, *, dataset, init, init_scale, activation, depth, width, lr, max_iter,
              standardize, random_state):
    """The playground's settings, each checked (the same checks for the controls and for a run)."""
    check_choice(dataset, tuple(DATASETS), "dataset", caller)
    check_choice(init, tuple(INITIALIZERS), "init", caller)
    check_choice(activation, tuple(ACTIVATIONS), "activation", caller)
    depth, width = check_int(depth, "depth", caller), check_int(width, "width", caller)
    if depth > 8 or width > 64:
        raise ValueError(f"The 'depth' and 'width' parameters of {caller} must be at most 8 and 64. "
                         f"Got depth={depth} and width={width} instead.")
    max_iter = check_int(max_iter, "max_iter", caller, maximum=5000)
    standardize = check_bool(standardize, "standardize", caller)
    if standardize and dataset != "housing":
        raise ValueError(f"The 'standardize' parameter of {caller} must be False for the {dataset!r} "
                         f"data (its features already lie in [-1, 1]). Got True instead.")
    return dict(dataset=dataset, init=init, init_scale=check_float(init_scale, "init_scale", caller),
                activation=activation, depth=depth, width=width, lr=check_float(lr, "lr", caller),
                max_iter=max_iter, standardize=standardize,
                random_state=check_int(random_state, "random_state", caller, minimum=0,
                                       maximum=2**32 - 1))


def run_playground(*, dataset="sine", init="xavier_normal", init_scale=1.0, activation="tanh",
                   depth=2, width=8, lr=0.3, max_iter=1000, standardize=False, random_state=37):
    """Train one network on one of the lecture's datasets and diagnose the run.

    Parameters
    ----------
    dataset : {"sine", "housing"}, default="sine"
    init : str, default="xavier_normal"
        Any name of :data:`helpers.initializers.INITIALIZERS`.
    init_scale : float, default=1.0
        Multiplies every initial value.
    activation : str, default="tanh"
        Hidden activation, any name of :data:`helpers.activations.ACTIVATIONS`.
    depth : int, default=2
        Number of hidden layers (1 to 8).
    width : int, default=8
        Units per hidden layer (1 to 64).
    lr : float, default=0.3
        Learning rate :math:`\\alpha`.
    max_iter : int, default=1000
        Updates (1 to 5000).
    standardize : bool, default=False
        Standardize the housing features first (the sine features already lie in [-1, 1]).
    random_state : int, default=37
        Seed of the initializer, in [0, 2**32 - 1] (the data always use the lecture's seed 47).

    Returns
    -------
    PlaygroundRun
    """
    settings = _settings("run_playground", dataset=dataset, init=init, init_scale=init_scale,
                         activation=activation, depth=depth, width=width, lr=lr, max_iter=max_iter,
                         standardize=standardize, random_state=random_state)
    dataset, width, depth = settings["dataset"], settings["width"], settings["depth"]
    make, output, loss = DATASETS[dataset]
    X, y = make(random_state=LECTURE_SEED)
    if standardize:
        X = standardize_features(X)
    net = NeuralNet([X.shape[1], *[width] * depth, 1], hidden_activation=activation,
                    output_activation=output, loss=loss, init=init,
                    init_scale=settings["init_scale"], random_state=settings["random_state"])
    initial_theta = net.theta.copy()
    history = net.train(X, y, lr=settings["lr"], max_iter=settings["max_iter"])
    baseline = baseline_loss(y, loss)
    outcome, diagnosis = diagnose(history, baseline, initial_theta=initial_theta, theta=net.theta)
    return PlaygroundRun(settings, net, X, y, history, baseline, outcome, diagnosis)


def _title(settings):
    s = settings
    shape = "-".join(str(n) for n in [2, *[s["width"]] * s["depth"], 1])
    data = s["dataset"] + (" (standardized)" if s["standardize"] else "")
    return (f"{data}: {shape} net, {s['activation']}, {s['init']} init × {s['init_scale']:g}, "
            f"α = {s['lr']:g}")


def plot_run(run):
    """One row of panels for a :class:`PlaygroundRun`; returns the figure.

    The loss on a log axis whose range is capped, so that an exploding run stays
    readable (:func:`helpers.plotting.plot_loss_capped`), the update-to-parameter
    ratios (:func:`helpers.plotting.plot_update_ratios`) and, for the sine data,
    the decision boundary (:func:`helpers.boundary.plot_decision_boundary`).
    """
    sine = run.settings["dataset"] == "sine"
    # A Figure that pyplot does not know: see show_png.
    fig = Figure(figsize=(15, 4.3) if sine else (12, 4.0))
    axes = fig.subplots(1, 3 if sine else 2, gridspec_kw={"width_ratios": [1, 1, 0.8] if sine else [1, 1]})
    plot_loss_capped({"training loss": run.history}, ylim=_loss_limits(run.history.losses),
                     ax=axes[0], title="loss")
    if not run.history.diverged:
        axes[0].get_legend().remove()
    plot_update_ratios(run.history, ax=axes[1], title="update / parameter ratio")
    if run.net.n_layers > 3:
        axes[1].legend(title="parameter", loc="upper left", fontsize=9, ncol=4)
    if sine:
        plot_decision_boundary(run.net, run.X, run.y, ax=axes[2], title="decision boundary",
                               resolution=101)
    fig.suptitle(_title(run.settings))
    return fig


def show_png(fig):
    """Display ``fig`` as a PNG image.

    The playground draws from widget callbacks too, outside any cell. There the
    inline backend may flush pyplot's figures from another thread while one is
    being drawn (JupyterLab showed blank images), so the playground's figures
    are plain :class:`matplotlib.figure.Figure` objects that pyplot never sees,
    rendered here.
    """
    from IPython.display import Image, display

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    display(Image(buffer.getvalue()))


def playground(**settings):
    """Train with :func:`run_playground`, print the diagnosis and show :func:`plot_run`.

    Returns the :class:`PlaygroundRun`.
    """
    run = run_playground(**settings)
    print(run.diagnosis)
    if run.scores is not None:
        print(f"training accuracy {run.scores['accuracy']:.2f}, F1 {run.scores['f1']:.2f}")
    show_png(plot_run(run))
    return run


def _loss_limits(losses):
    """Log-axis range of a loss curve: whole decades around its finite values, at most 1e8 above its start."""
    finite = losses[np.isfinite(losses) & (losses > 0)]
    if finite.size == 0:
        return 1e-3, 1e3
    lo = 10.0 ** np.floor(np.log10(finite.min()))
    hi = 10.0 ** np.ceil(np.log10(min(finite.max(), finite[0] * 1e8)))
    return lo, max(hi, 10 * lo)


# -- the controls ---------------------------------------------------------------------------
def _decades(value, low, high):
    """Exponents (base 10) of a log slider's range: [low, high], widened to hold ``value``."""
    if 10.0 ** low <= value <= 10.0 ** high:
        return low, high
    below, above = math.floor(math.log10(value)), math.ceil(math.log10(value))
    below -= 10.0 ** below > value  # one decade more if rounding put the bound past the value
    above += 10.0 ** above < value
    return min(low, below), max(high, above)


class Playground(w.VBox):
    """The controls and output of :func:`interactive_playground`."""

    def __repr__(self):
        # What shows where widgets cannot (static HTML, stored outputs): a stable line.
        return "Playground: controls for the data, init, activation, shape, learning rate and iterations"


def interactive_playground(**settings):
    """A control for each argument of :func:`playground`; any change trains and redraws.

    Starts at ``settings`` (default :data:`DEFAULTS`). Nothing is trained until a
    control changes: call :func:`playground` with the same values next to it to
    show the starting point. Needs a running kernel (JupyterLab).

    Every setting :func:`run_playground` accepts is accepted here, and each control
    starts exactly at its setting: a slider's usual range (learning rate 1e-8 to 10,
    init scale 1e-3 to 100, seed 0 to 99, 10 to 5000 iterations) is widened to
    include a starting value outside it, never the value moved into the range.
    """
    values = _settings("interactive_playground", **{**DEFAULTS, **settings})
    lr_min, lr_max = _decades(values["lr"], -8, 1)
    scale_min, scale_max = _decades(values["init_scale"], -3, 2)
    box = dict(style={"description_width": "110px"}, layout=w.Layout(width="380px"))
    slider = dict(box, continuous_update=False)  # train when the slider is released
    controls = {
        "dataset": w.ToggleButtons(options=[("sine boundary", "sine"), ("housing", "housing")],
                                   value=values["dataset"], description="dataset",
                                   style={"description_width": "110px"}),
        "init": w.Dropdown(options=list(INITIALIZERS), value=values["init"], description="initializer",
                           **box),
        "init_scale": w.FloatLogSlider(value=values["init_scale"], base=10, min=scale_min,
                                       max=scale_max, step=0.25,
                                       description="init scale", readout_format=".3g", **slider),
        "activation": w.Dropdown(options=list(ACTIVATIONS), value=values["activation"],
                                 description="activation", **box),
        "depth": w.IntSlider(value=values["depth"], min=1, max=8, description="hidden layers", **slider),
        "width": w.IntSlider(value=values["width"], min=1, max=64, description="units per layer",
                             **slider),
        "lr": w.FloatLogSlider(value=values["lr"], base=10, min=lr_min, max=lr_max, step=0.25,
                               description="learning rate", readout_format=".2g", **slider),
        "max_iter": w.IntSlider(value=values["max_iter"], min=min(10, values["max_iter"]), max=5000,
                                step=10,
                                description="iterations", **slider),
        "standardize": w.Checkbox(value=values["standardize"], description="standardize features",
                                  disabled=values["dataset"] != "housing", indent=False),
        "random_state": w.IntSlider(value=values["random_state"], min=0,
                                    max=max(99, values["random_state"]), description="seed",
                                    **slider),
    }
    out = w.Output()
    quiet = []  # non-empty while one change is making another

    def retrain(_=None):
        if quiet:
            return
        with out:
            out.clear_output(wait=True)
            playground(**{name: c.value for name, c in controls.items()})

    def on_dataset(change):
        quiet.append(True)
        try:
            controls["standardize"].value = controls["standardize"].value and change["new"] == "housing"
            controls["standardize"].disabled = change["new"] != "housing"
        finally:
            quiet.pop()

    controls["dataset"].observe(on_dataset, names="value")
    for control in controls.values():
        control.observe(retrain, names="value")
    left = [controls[k] for k in ("dataset", "init", "init_scale", "activation", "standardize")]
    right = [controls[k] for k in ("depth", "width", "lr", "max_iter", "random_state")]
    hint = w.HTML("<i>Change any control to train again with the new values.</i>")
    playground_box = Playground([w.HBox([w.VBox(left), w.VBox(right)]), hint, out])
    playground_box.controls, playground_box.output = controls, out
    return playground_box
