"""Checks for the exercises of notebook 02 (initializers and symmetry)."""
import numpy as np

from ..losses import TRAINED_BELOW
from . import _reference as ref
from ._calling import student_function
from ._feedback import as_array, as_label, fail, passed, unpack

__all__ = ["check_he_init", "check_he_uniform", "check_classify_run"]

#: The layer shapes (fan_in, fan_out) the initializer checks draw.
_LAYERS = [(2, 2000), (400, 300), (50, 1)]
#: The kurtosis of a normal distribution is 3, of a uniform one 1.8. With at least 4,000
#: weights the sample kurtosis is within 0.08 (one standard error) of its true value, so
#: 2.4 tells the two apart with a margin of more than seven standard errors.
_KURTOSIS_BETWEEN, _KURTOSIS_SAMPLE = 2.4, 4000


def _kurtosis(W):
    centred = W - W.mean()
    return float(np.mean(centred ** 4) / np.mean(centred ** 2) ** 2)


def _draw(init, name, fan_in, fan_out, seed):
    """(W, b) from the student's initializer, checked for shape and finiteness."""
    W, b = unpack(init(fan_in, fan_out, np.random.RandomState(seed)), name, ("W", "b"))
    if np.shape(W) == (1, fan_out) and np.shape(b) == (fan_in, fan_out) and fan_in != 1:
        fail(f"{name} returns (b, W): return the weights first, (W, b).")
    W = as_array(W, "W", shape=(fan_in, fan_out))
    b = as_array(b, "b", shape=(1, fan_out))
    if not np.all(np.isfinite(W)):
        fail(f"W holds NaN or inf values for fan_in = {fan_in}, fan_out = {fan_out}: the weights "
             f"should be finite draws.")
    return W, b


def _uses_the_rng(init, name):
    W1 = _draw(init, name, 3, 4, seed=1)[0]
    if not np.array_equal(W1, _draw(init, name, 3, 4, seed=1)[0]):
        fail("Two calls with the same seed gave different weights: draw from the rng you are "
             "given, not from np.random.")
    if np.array_equal(W1, _draw(init, name, 3, 4, seed=2)[0]):
        fail("Two calls with different rngs gave the same weights: draw from the rng you are "
             "given, not from a generator of your own.")


def _spread_hint(stds, expected, slips, *, scale=1.0, opening="did you use "):
    """Fail with the first layer whose spread is off, naming a slip that explains every layer.

    ``stds`` holds (fan_in, fan_out, std, n_weights); ``expected`` and the ``slips`` give
    a spread (times ``scale``) for (fan_in, fan_out). A spread is right within four
    standard errors of the sample standard deviation.
    """
    def off(formula, i, o, std, n):
        target = formula(i, o) * scale
        return abs(std - target) > 4 * target / np.sqrt(2 * n)

    wrong = [(i, o, std) for i, o, std, n in stds if off(expected, i, o, std, n)]
    if not wrong:
        return
    i, o, std = wrong[0]
    where = (f"Your weights have std {std:.3g} for fan_in = {i}, fan_out = {o}, expected "
             f"{expected(i, o) * scale:.3g}")
    for mistake, formula in slips.items():
        if not any(off(formula, *row) for row in stds):
            fail(f"{where}: {opening}{mistake}" + ("" if mistake.endswith("?") else "?"))
    fail(f"{where}.")


def check_he_init(init):
    """Check ``he_init(fan_in, fan_out, rng) -> (W, b)`` (exercise 02.1).

    Draws three layers, the larger ones with thousands of weights, and checks the shapes,
    zero biases, weights centred on zero, normally distributed (the histogram's kurtosis,
    which tells a normal from a uniform draw), with He's spread for every layer, drawn from
    the rng given. Names the usual mix-ups of fan_in, fan_out and the variance.
    """
    from ..initializers import he

    init = student_function(init, "he_init(fan_in, fan_out, rng)", forbidden=(he,))
    stds = []
    for fan_in, fan_out in _LAYERS:
        W, b = _draw(init, "he_init", fan_in, fan_out, seed=0)
        if np.any(b != 0):
            fail("The biases should all be zero: He init only scales the weights.")
        if W.min() >= 0:
            fail(f"Your weights are all positive (mean {W.mean():.3g}): they should be centred on 0, "
                 f"drawn from a normal distribution.")
        if W.size >= _KURTOSIS_SAMPLE and _kurtosis(W) < _KURTOSIS_BETWEEN:
            fail(f"Your weights for fan_in = {fan_in}, fan_out = {fan_out} are not normally "
                 f"distributed: their histogram has no tails, like a uniform draw's. Draw them with "
                 f"rng.standard_normal (or rng.normal).")
        stds.append((fan_in, fan_out, W.std(), W.size))
    _spread_hint(stds, ref.he_std, ref.HE_SLIPS)
    _uses_the_rng(init, "he_init")
    passed("He init: zero biases and normal weights with He's spread, for every layer tried.")


def check_he_uniform(init):
    """Check ``he_uniform_init(fan_in, fan_out, rng) -> (W, b)`` (exercise 02.2).

    Draws three layers and checks the shapes, zero biases, weights symmetric around zero,
    uniformly distributed (the histogram's kurtosis: a normal draw has tails), with He's
    spread and within the uniform's limits for every layer, drawn from the rng given.
    Names the usual mix-ups of the limit.
    """
    from ..initializers import he_uniform

    init = student_function(init, "he_uniform_init(fan_in, fan_out, rng)", forbidden=(he_uniform,))
    stds = []
    for fan_in, fan_out in _LAYERS:
        W, b = _draw(init, "he_uniform_init", fan_in, fan_out, seed=0)
        if np.any(b != 0):
            fail("The biases should all be zero: He uniform only draws the weights.")
        if W.min() >= 0:
            fail(f"Your weights are all positive (mean {W.mean():.3g}): draw them from U(−r, r), "
                 f"symmetric around 0, not from U(0, r).")
        if W.size >= _KURTOSIS_SAMPLE and _kurtosis(W) > _KURTOSIS_BETWEEN:
            fail(f"Your weights for fan_in = {fan_in}, fan_out = {fan_out} look normally distributed "
                 f"(the histogram has tails): draw them from a uniform distribution with rng.uniform.")
        stds.append((fan_in, fan_out, W.std(), W.size))
    # the std of U(−r, r) is r/√3; its sample std has a smaller standard error than a normal's
    _spread_hint(stds, ref.he_uniform_limit, ref.HE_UNIFORM_SLIPS, scale=1 / np.sqrt(3), opening="")
    for fan_in, fan_out in _LAYERS:
        W = _draw(init, "he_uniform_init", fan_in, fan_out, seed=2)[0]
        if np.abs(W).max() > ref.he_uniform_limit(fan_in, fan_out) * (1 + 1e-6):
            fail(f"Some weights for fan_in = {fan_in} lie outside the uniform's limits ±r: "
                 f"draw every weight from U(−r, r).")
    _uses_the_rng(init, "he_uniform_init")
    passed("He uniform: zero biases, weights uniform within their limits, with He's spread for every layer tried.")


_LABELS = ("trained", "stalled", "diverged")


def check_classify_run(classify_run):
    """Check ``classify_run(history, trained_below) -> "trained" | "stalled" | "diverged"`` (02.4).

    Classifies five real runs of the housing network (one ending at inf, one at NaN, one
    stalled, one trained, and the stalled one again with a higher bar) with the rule of
    ``train_many``, and names the usual slips: no divergence test, ``== inf`` that misses
    NaN, the first loss instead of the last, the comparison the wrong way round, a fixed
    threshold instead of the argument.
    """
    from .. import ShallowNeuralNet, make_housing

    classify_run = student_function(classify_run, "classify_run(history, trained_below)")
    X, y = make_housing(n_samples=100, random_state=47)
    bar = TRAINED_BELOW * float(y.var())            # what train_many uses: R² >= 0.5

    def run(init, seed, max_iter):
        return ShallowNeuralNet(2, 4, 1, init=init, random_state=seed).train(
            X, y, lr=1e-6, max_iter=max_iter, tol=1e-6)

    cases = {"inf": (run("weird", 37, 100), bar), "nan": (run("he", 37, 100), bar),
             "stalled": (run("normal", 37, 100), bar), "trained": (run("weird", 17, 500), bar),
             "higher bar": (run("normal", 37, 100), 3.0)}
    got = {case: as_label(classify_run(history, trained_below), "The label classify_run returned", _LABELS)
           for case, (history, trained_below) in cases.items()}
    expected = {case: ref.run_label(history, trained_below) for case, (history, trained_below) in cases.items()}
    if got == expected:
        passed("classify_run: diverged (inf and NaN), stalled and trained runs all labelled as train_many does.")
        return
    if got["stalled"] == "trained":
        fail(f"A run that ended at loss {cases['stalled'][0].final_loss:.3g}, above trained_below = {bar:.3g}, "
             f"is labelled 'trained': 'trained' means a final loss at most trained_below (half the loss of "
             f"predicting the mean).")
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
         "loss is at most trained_below, else stalled.")
