"""Checks for the exercises of notebook 07 (initializing a deep network)."""
import numpy as np

from . import _reference as ref
from ._calling import student_function
from ._feedback import agrees, as_array, as_float, as_label, describe, fail, passed
from ..losses import baseline_loss

__all__ = ["check_label_entropy", "check_init_std", "mystery_runs", "check_init_diagnosis"]

_ENTROPY_CASES = [np.array([0, 1] * 50), np.r_[np.ones(245), np.zeros(155)],
                  np.r_[np.ones(9), np.zeros(1)], np.r_[np.ones(1), np.zeros(19)]]


def check_label_entropy(label_entropy):
    """Check ``label_entropy(y) -> float``, the cost at which a zero-init network stalls (07.1).

    Tries balanced and unbalanced labels and a single class, and recognizes the base-2
    logarithm, a forgotten term, a forgotten minus sign and a constant ln 2. A call to the
    package's own baseline loss is reported.
    """
    label_entropy = student_function(label_entropy, "label_entropy(y)", forbidden=(baseline_loss,))
    for y in _ENTROPY_CASES:
        expected = baseline_loss(y, "binary_cross_entropy")
        got = as_float(label_entropy(y), "label_entropy(y)")
        if agrees(got, expected):
            continue
        where = f"For labels with a share {y.mean():.3g} of ones your entropy is {got:.4g}"
        for hint, wrong in ref.label_entropy_slips(y):
            if agrees(got, wrong):
                fail(f"{where}{hint}")
        fail(f"{where}, which is not the entropy of the labels.")
    single = as_array(label_entropy(np.ones(30)), "label_entropy(y) for a single class")
    if single.size != 1:
        fail(f"label_entropy(y) for a single class returned {single.shape} values: it should "
             f"return one number.")
    value = float(single.reshape(()))
    if not np.isfinite(value) or abs(value) > 1e-9:
        fail(f"With a single class (y all ones) your entropy is {value:.3g}: it should be 0, "
             f"counting 0·ln 0 as 0.")
    passed("label_entropy: the cost of the best constant prediction, for every label mix tried.")


def check_init_std(init_std):
    """Check ``init_std(activation, fan_in) -> float``, the fan-in-scaled standard deviation (07.3).

    Tries tanh, sigmoid and ReLU layers at three fan-ins, and recognizes the blog's bug
    (ReLU given the saturating activations' scale), the ReLU scale for every activation, a
    variance returned as a standard deviation and a scale that ignores fan_in.
    """
    init_std = student_function(init_std, "init_std(activation, fan_in)")
    for activation, gain in ref.INIT_GAINS.items():
        small, large = (as_float(init_std(activation, n), f"init_std({activation!r}, {n})") for n in (2, 400))
        if small == large:
            fail(f"init_std({activation!r}, fan_in) is {small:.4g} for fan_in = 2 and for fan_in = 400: "
                 f"the standard deviation should shrink as fan_in grows.")
        for fan_in in (2, 10, 400):
            expected = np.sqrt(gain / fan_in)
            got = as_float(init_std(activation, fan_in), f"init_std({activation!r}, {fan_in})")
            if agrees(got, expected):
                continue
            where = f"init_std({activation!r}, {fan_in}) is {got:.4g}"
            if activation == "relu" and agrees(got, np.sqrt(1 / fan_in)):
                fail(f"{where}: that is the blog's bug, the saturating activations' scale for a ReLU "
                     f"layer, which zeroes half of its inputs.")
            if activation != "relu" and agrees(got, np.sqrt(2 / fan_in)):
                fail(f"{where}: that is the scale meant for ReLU; a {activation} layer keeps (nearly) "
                     f"all of its input's variance.")
            if agrees(got, expected ** 2):
                fail(f"{where}: you returned the variance; the standard deviation is its square root.")
            fail(f"{where}, which does not keep the variance of the signal constant from layer to layer.")
    passed("init_std: LeCun's scale for tanh and sigmoid, He's for ReLU, at every fan_in tried.")


_DIAGNOSES = ("symmetry", "saturation", "vanishing", "healthy")


def mystery_runs(X, y, *, sizes=(2, 10, 10, 10, 1), lr=0.5, max_iter=100):
    """Train three tanh networks from undisclosed initializers and describe each run (07.4).

    Returns a DataFrame, one row per run ("A", "B", "C"): the first and last cost, the
    share of saturated hidden values and the smallest hidden |activation| spread at
    initialization, the gradient norms of the first and last weight layers at
    initialization, and the largest change of a first-layer weight during training.
    Deterministic: every net has its own seed.
    """
    import pandas as pd

    from ..dashboard import layer_statistics
    from ..network import NeuralNet

    rows = {}
    for name, settings in ref.MYSTERY_SETTINGS.items():
        net = NeuralNet(list(sizes), hidden_activation="tanh", output_activation="sigmoid",
                        loss="binary_cross_entropy", **settings)
        stats = layer_statistics(net, X, y)
        hidden = stats.iloc[:-1]
        W1 = net.weights[0].copy()
        history = net.train(X, y, lr=lr, max_iter=max_iter)
        rows[name] = {"first cost": history.losses[0], f"cost after {max_iter}": history.final_loss,
                      "% saturated (hidden, init)": hidden["% saturated"].mean(),
                      "std of A, last hidden (init)": hidden["std of A"].iloc[-1],
                      "grad norm W1 (init)": stats["grad norm W"].iloc[0],
                      f"grad norm W{len(sizes) - 1} (init)": stats["grad norm W"].iloc[-1],
                      "largest change of a W1 weight": float(np.abs(net.weights[0] - W1).max())}
    return pd.DataFrame(rows).T


def check_init_diagnosis(diagnosis):
    """Check the diagnosis of the three mystery runs of :func:`mystery_runs` (exercise 07.4).

    ``diagnosis`` maps "A", "B", "C" to one of "symmetry", "saturation", "vanishing",
    "healthy". A wrong entry gets a hint about the evidence to look at, never the answer.
    """
    runs = sorted(ref.MYSTERY_DIAGNOSES)
    if diagnosis is None or diagnosis is Ellipsis:
        fail("mystery_diagnosis is still None: write a dict like {'A': '...', 'B': '...', 'C': '...'}.")
    if not isinstance(diagnosis, dict):
        fail(f"The diagnosis should be a dict like {{'A': '...', 'B': '...', 'C': '...'}}; "
             f"got {describe(diagnosis)}.")
    if set(diagnosis) != set(runs):
        fail(f"The diagnosis should have exactly the keys 'A', 'B' and 'C'; it has "
             f"{', '.join(repr(key) for key in diagnosis) or 'none'}.")
    for run in runs:
        as_label(diagnosis[run], f"The diagnosis of run {run}", _DIAGNOSES)
    for run in runs:
        guess, truth = diagnosis[run], ref.MYSTERY_DIAGNOSES[run]
        if guess == truth:
            continue
        if guess == "symmetry":
            fail(f"Run {run} is not 'symmetry': its first-layer weights did move, and with a zero "
                 f"init they would stay exactly where they were.")
        if truth == "saturation":
            fail(f"Run {run} is not {guess!r}: look at its first cost, far above ln 2, and at its "
                 f"share of saturated units at initialization.")
        if truth == "healthy":
            fail(f"Run {run} is not {guess!r}: its cost fell far below the entropy of the labels, "
                 f"with first- and last-layer gradients of one size.")
        fail(f"Run {run} is not {guess!r}: look at the spread of its activations and at its "
             f"first-layer gradient, at initialization.")
    passed("Diagnosis: all three runs told apart from their costs and their layer statistics.")
