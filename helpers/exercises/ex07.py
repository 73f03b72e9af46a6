"""Checks for the exercises of notebook 07 (initializing a deep network)."""
import numpy as np

from ..losses import baseline_loss
from . import as_float, fail, passed

__all__ = ["check_label_entropy", "check_init_std", "mystery_runs", "check_init_diagnosis"]

_ENTROPY_CASES = [np.array([0, 1] * 50), np.r_[np.ones(245), np.zeros(155)],
                  np.r_[np.ones(9), np.zeros(1)], np.r_[np.ones(1), np.zeros(19)]]


def check_label_entropy(label_entropy):
    r"""Check ``label_entropy(y) -> float``, the cost at which a zero-init network stalls.

    The best constant prediction of a sigmoid output is the share :math:`\bar y` of ones,
    and its cross-entropy is :math:`H(\bar y) = -\bar y\ln\bar y - (1-\bar y)\ln(1-\bar y)`.
    The check tries balanced and unbalanced labels and a single class (where
    :math:`0 \ln 0` counts as 0), and recognizes the base-2 logarithm, a forgotten
    second term, a forgotten minus sign and a constant :math:`\ln 2`.
    """
    if not callable(label_entropy):
        fail("Pass the function itself, label_entropy, not the result of calling it.")
    for y in _ENTROPY_CASES:
        expected = baseline_loss(y, "binary_cross_entropy")
        got = as_float(label_entropy(y.copy()), "label_entropy(y)")
        if abs(got - expected) <= 1e-9 + 1e-6 * expected:
            continue
        p = y.mean()
        where = f"For labels with a share {p:.3g} of ones your entropy is {got:.4g}"
        if abs(got - expected / np.log(2)) < 1e-6:
            fail(f"{where}: did you use log2? The cost is measured in nats, with the natural log.")
        if abs(got + expected) < 1e-6:
            fail(f"{where}, a negative number: did you forget the minus sign in front of the sum?")
        if abs(got + p * np.log(p)) < 1e-6 or abs(got + (1 - p) * np.log(1 - p)) < 1e-6:
            fail(f"{where}: did you forget one of the two terms, the ones or the zeros?")
        if abs(got - np.log(2)) < 1e-6:
            fail(f"{where}, ln 2: that is only right for balanced classes; use the share of ones in y.")
        fail(f"{where}, which is not the entropy of the labels.")
    y_one = np.ones(30)
    got = label_entropy(y_one)
    if got is None or not np.isfinite(float(np.asarray(got, dtype=float))) or abs(float(got)) > 1e-9:
        fail(f"With a single class (y all ones) your entropy is {got}: it should be 0, "
             f"counting 0·ln 0 as 0.")
    passed("label_entropy: the cost of the best constant prediction, for every label mix tried.")


_ACTIVATIONS = {"tanh": 1.0, "sigmoid": 1.0, "relu": 2.0}


def check_init_std(init_std):
    r"""Check ``init_std(activation, fan_in) -> float``, the fan-in-scaled standard deviation.

    LeCun's :math:`\sqrt{1/n_\text{in}}` for tanh and sigmoid, He's :math:`\sqrt{2/n_\text{in}}`
    for ReLU. The check recognizes the blog's bug (ReLU given LeCun's init), He's init for
    every activation, a variance returned as a standard deviation and an unscaled 1.
    """
    if not callable(init_std):
        fail("Pass the function itself, init_std, not the result of calling it.")
    for activation, gain in _ACTIVATIONS.items():
        small, large = (as_float(init_std(activation, n), f"init_std({activation!r}, {n})") for n in (2, 400))
        if small == large:
            fail(f"init_std({activation!r}, fan_in) is {small:.4g} for fan_in = 2 and for fan_in = 400: "
                 f"the standard deviation should shrink as fan_in grows.")
        for fan_in in (2, 10, 400):
            expected = np.sqrt(gain / fan_in)
            got = as_float(init_std(activation, fan_in), f"init_std({activation!r}, {fan_in})")
            if abs(got - expected) <= 1e-9 * expected:
                continue
            where = f"init_std({activation!r}, {fan_in}) is {got:.4g}"
            if activation == "relu" and abs(got - np.sqrt(1 / fan_in)) < 1e-9:
                fail(f"{where}: that is the blog's bug, LeCun's scale for a ReLU layer, "
                     f"which zeroes half of its inputs.")
            if activation != "relu" and abs(got - np.sqrt(2 / fan_in)) < 1e-9:
                fail(f"{where}: that is He's scale, meant for ReLU; a {activation} layer "
                     f"keeps (nearly) all of its input's variance.")
            if abs(got - expected ** 2) < 1e-9:
                fail(f"{where}: you returned the variance; the standard deviation is its square root.")
            fail(f"{where}, which does not keep the variance of the signal constant from layer to layer.")
    passed("init_std: LeCun's scale for tanh and sigmoid, He's for ReLU, at every fan_in tried.")


_DIAGNOSES = ("symmetry", "saturation", "vanishing", "healthy")
_MYSTERY = {"A": "saturation", "B": "healthy", "C": "vanishing"}
_MYSTERY_SETTINGS = {"A": dict(init="standard_normal", init_scale=10.0, random_state=5),
                     "B": dict(init="xavier_normal", init_scale=1.0, random_state=6),
                     "C": dict(init="standard_normal", init_scale=0.003, random_state=7)}


def mystery_runs(X, y, *, sizes=(2, 10, 10, 10, 1), lr=0.5, max_iter=100):
    """Train three tanh networks from undisclosed initializers and describe each run.

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
    for name, settings in _MYSTERY_SETTINGS.items():
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
    """Check the diagnosis of the three mystery runs of :func:`mystery_runs`.

    ``diagnosis`` maps "A", "B", "C" to one of "symmetry", "saturation",
    "vanishing", "healthy". A wrong entry gets a hint about the evidence to look
    at, never the answer.
    """
    if not isinstance(diagnosis, dict):
        fail(f"diagnosis should be a dict like {{'A': '...', 'B': '...', 'C': '...'}}; "
             f"got {type(diagnosis).__name__}.")
    if set(diagnosis) != set(_MYSTERY):
        fail(f"diagnosis should have exactly the keys 'A', 'B' and 'C'; it has {sorted(map(str, diagnosis))}.")
    for run in sorted(_MYSTERY):
        value = diagnosis[run]
        if value not in _DIAGNOSES:
            fail(f"The diagnosis of run {run} is {value!r}: choose one of {', '.join(map(repr, _DIAGNOSES))}.")
    for run in sorted(_MYSTERY):
        guess, truth = diagnosis[run], _MYSTERY[run]
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
