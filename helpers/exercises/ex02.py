"""Checks for the exercises of notebook 02 (initializers and symmetry)."""
import numpy as np

from . import as_array, fail, passed

__all__ = ["check_he_init", "check_he_uniform", "check_classify_run"]


def _std_of(init, fan_in, fan_out, seed):
    W, b = init(fan_in, fan_out, np.random.RandomState(seed))
    W = as_array(W, "W", shape=(fan_in, fan_out))
    b = as_array(b, "b", shape=(1, fan_out))
    return W, b


def check_he_init(init):
    r"""Check ``init(fan_in, fan_out, rng) -> (W, b)`` against He et al. (2015).

    He init draws :math:`W \sim \mathcal N(0, 2/\text{fan}_\text{in})` and sets the
    biases to zero. The check draws large layers and compares the spread of the
    weights with the formula, recognizing the usual mix-ups (fan_out, LeCun's
    1/fan_in, Glorot's fan_in + fan_out, a variance used as a standard deviation).
    """
    if not callable(init):
        fail("Pass the function itself, he_init, not the result of calling it.")
    cases = [(2, 2000), (400, 300), (50, 1)]
    stds = []
    for fan_in, fan_out in cases:
        W, b = _std_of(init, fan_in, fan_out, seed=0)
        if np.any(b != 0):
            fail("The biases should all be zero: He init only scales the weights.")
        if abs(W.mean()) > 5 * np.sqrt(2 / fan_in) / np.sqrt(W.size) + 1e-12 and W.min() >= 0:
            fail(f"Your weights are all positive (mean {W.mean():.3g}): they should be centred on 0, "
                 f"drawn from a normal distribution.")
        stds.append((fan_in, fan_out, W.std(), W.size))

    def matches(formula):
        return all(abs(std - formula(i, o)) <= 4 * formula(i, o) / np.sqrt(2 * n) for i, o, std, n in stds)

    he = lambda i, o: np.sqrt(2 / i)
    if not matches(he):
        i, o, std, _ = next((i, o, std, n) for i, o, std, n in stds
                            if abs(std - he(i, o)) > 4 * he(i, o) / np.sqrt(2 * n))
        where = f"Your weights have std {std:.3g} for fan_in = {i}, fan_out = {o}, expected {he(i, o):.3g}"
        hints = {"fan_out instead of fan_in": lambda i, o: np.sqrt(2 / o),
                 "1/fan_in (that is LeCun's init, for tanh)": lambda i, o: np.sqrt(1 / i),
                 "fan_in + fan_out (that is Glorot's init)": lambda i, o: np.sqrt(2 / (i + o)),
                 "the variance 2/fan_in as the standard deviation": lambda i, o: 2 / i}
        for mistake, formula in hints.items():
            if matches(formula):
                fail(f"{where}: did you use {mistake}?")
        fail(f"{where}.")
    again = _std_of(init, 3, 4, seed=1)[0]
    if not np.array_equal(again, _std_of(init, 3, 4, seed=1)[0]):
        fail("Two calls with the same seed gave different weights: draw from the rng you are "
             "given, not from np.random.")
    passed("He init: zero biases and a weight spread of √(2/fan_in) for every layer tried.")


def _kurtosis(W):
    centred = W - W.mean()
    return float(np.mean(centred ** 4) / np.mean(centred ** 2) ** 2)


def check_he_uniform(init):
    r"""Check ``init(fan_in, fan_out, rng) -> (W, b)``, the uniform twin of He init.

    He uniform draws :math:`W \sim U(-r, r)` with :math:`r = \sqrt{6/\text{fan}_\text{in}}`,
    so that the spread :math:`r/\sqrt3` equals He's :math:`\sqrt{2/\text{fan}_\text{in}}`,
    and sets the biases to zero. The check draws large layers and looks at the
    bounds, the shape of the histogram (its kurtosis: 1.8 for a uniform, 3 for
    a normal distribution) and the spread, recognizing a normal draw, He's
    standard deviation used as the limit, fan_out, and Glorot's fan_in + fan_out.
    """
    if not callable(init):
        fail("Pass the function itself, he_uniform_init, not the result of calling it.")
    cases = [(2, 2000), (400, 300), (50, 1)]
    stds = []
    for fan_in, fan_out in cases:
        W, b = _std_of(init, fan_in, fan_out, seed=0)
        if np.any(b != 0):
            fail("The biases should all be zero: He uniform only draws the weights.")
        if W.min() >= 0:
            fail(f"Your weights are all positive (mean {W.mean():.3g}): draw them from U(−r, r), "
                 f"symmetric around 0, not from U(0, r).")
        if W.size >= 1000 and _kurtosis(W) > 2.4:
            fail(f"Your weights for fan_in = {fan_in}, fan_out = {fan_out} look normally distributed "
                 f"(the histogram has tails): draw them from a uniform distribution with rng.uniform.")
        stds.append((fan_in, fan_out, W.std(), W.size))

    def matches(limit):
        return all(abs(std - limit(i, o) / np.sqrt(3)) <= 4 * limit(i, o) / np.sqrt(3) / np.sqrt(n)
                   for i, o, std, n in stds)

    right = lambda i, o: np.sqrt(6 / i)
    if not matches(right):
        i, o, std, _ = next((i, o, std, n) for i, o, std, n in stds
                            if abs(std - right(i, o) / np.sqrt(3)) > 4 * right(i, o) / np.sqrt(3) / np.sqrt(n))
        where = (f"Your weights have std {std:.3g} for fan_in = {i}, fan_out = {o}, expected He's "
                 f"{right(i, o) / np.sqrt(3):.3g}")
        hints = {"did you use fan_out instead of fan_in?": lambda i, o: np.sqrt(6 / o),
                 "did you use fan_in + fan_out (that is Glorot's xavier_uniform)?":
                     lambda i, o: np.sqrt(6 / (i + o)),
                 "did you use He's standard deviation as the limit r (a uniform U(−r, r) has std r/√3, "
                 "not r)?": lambda i, o: np.sqrt(2 / i)}
        for hint, limit in hints.items():
            if matches(limit):
                fail(f"{where}: {hint}")
        fail(f"{where}.")
    for fan_in, fan_out in cases:
        W = _std_of(init, fan_in, fan_out, seed=2)[0]
        if np.abs(W).max() > right(fan_in, fan_out) * (1 + 1e-12):
            fail(f"Some weights for fan_in = {fan_in} lie outside the uniform's limits ±r: "
                 f"draw every weight from U(−r, r).")
    again = _std_of(init, 3, 4, seed=1)[0]
    if not np.array_equal(again, _std_of(init, 3, 4, seed=1)[0]):
        fail("Two calls with the same seed gave different weights: draw from the rng you are "
             "given, not from np.random.")
    passed("He uniform: zero biases, weights uniform within their limits, with He's spread for every layer tried.")


_LABELS = ("trained", "stalled", "diverged")


def check_classify_run(classify_run):
    """Check ``classify_run(history, trained_below) -> "trained" | "stalled" | "diverged"``.

    The rule of ``train_many``: a run whose loss became inf or NaN diverged; a
    finite run whose final loss is below ``trained_below`` trained; any other
    stalled. The check classifies five real runs of the housing network (one
    ending at inf, one at NaN, one stalled, one trained, and the stalled one
    again with a higher bar) and names the usual slips: no divergence test,
    ``== inf`` that misses NaN, the first loss instead of the last, the
    comparison the wrong way round, a threshold typed in instead of the argument.
    """
    from .. import ShallowNeuralNet, make_housing

    if not callable(classify_run):
        fail("Pass the function itself, classify_run, not the result of calling it.")
    X, y = make_housing(n_samples=100, random_state=47)
    bar = float(y.var())

    def run(init, seed, max_iter):
        return ShallowNeuralNet(2, 4, 1, init=init, random_state=seed).train(
            X, y, lr=1e-6, max_iter=max_iter, tol=1e-6)

    cases = {"inf": (run("weird", 37, 100), bar), "nan": (run("he", 37, 100), bar),
             "stalled": (run("normal", 37, 100), bar), "trained": (run("weird", 17, 500), bar),
             "higher bar": (run("normal", 37, 100), 3.0)}
    expected = {"inf": "diverged", "nan": "diverged", "stalled": "stalled", "trained": "trained",
                "higher bar": "trained"}
    got = {}
    for case, (history, trained_below) in cases.items():
        label = classify_run(history, trained_below)
        if label is None:
            fail("classify_run returned None: did you forget the return statement?")
        if not isinstance(label, str) or label not in _LABELS:
            fail(f"classify_run should return one of the strings 'trained', 'stalled' or 'diverged'; "
                 f"got {label!r}.")
        got[case] = label
    if got == expected:
        passed("classify_run: diverged (inf and NaN), stalled and trained runs all labelled as train_many does.")
        return
    if got["stalled"] == "trained":
        fail(f"A run that ended at loss {cases['stalled'][0].final_loss:.3g}, above trained_below = {bar:.3g}, "
             f"is labelled 'trained': 'trained' means a final loss below trained_below, better than the mean.")
    if got["inf"] != "diverged":
        fail(f"A run whose loss became inf is labelled {got['inf']!r}: test for divergence "
             f"(history.diverged, or a non-finite final loss) before comparing losses.")
    if got["nan"] != "diverged":
        fail(f"A run whose loss became NaN is labelled {got['nan']!r}: NaN is not equal to inf, nor to "
             f"anything else; use history.diverged or np.isfinite.")
    if got["trained"] != "trained":
        fail(f"A run that ended at loss {cases['trained'][0].final_loss:.3g}, below trained_below = {bar:.3g}, "
             f"is labelled {got['trained']!r}: compare the final loss (history.final_loss), not the loss "
             f"before training.")
    if got["higher bar"] != "trained":
        fail(f"With trained_below = 3.0, a run that ended at loss {cases['higher bar'][0].final_loss:.3g} "
             f"is labelled {got['higher bar']!r}: use the trained_below you are given, not a fixed number.")
    fail("A run is labelled differently from train_many's rule: diverged, else trained if the final "
         "loss is below trained_below, else stalled.")
