"""Checks for the exercises of notebook 08 (the playground)."""
import numpy as np

from . import _reference as ref
from ._calling import student_function
from ._feedback import as_float, as_label, fail, passed
from ..playground import TRAINED_BELOW, diagnose

__all__ = ["CRITICAL_LR_GRID", "check_classify_run", "check_critical_lr"]

_OUTCOMES = ("trained", "stalled", "diverged")


def _curve(start, end, n=50, spike=None, nonfinite=None):
    losses = np.geomspace(start, end, n)
    if spike is not None:
        losses[n // 2] = spike
    if nonfinite is not None:
        losses[nonfinite:] = np.nan if nonfinite % 2 else np.inf
    return losses


# (name, losses, baseline): the cases of the check, in the order a hint is most useful
_CASES = [
    ("a loss that falls well below the baseline", _curve(0.69, 0.05), 0.6474),
    ("a loss that stays at the baseline", _curve(0.69, 0.6474), 0.6474),
    ("a loss that becomes NaN at update 5", _curve(6.9, 3.0, nonfinite=5), 0.5078),
    ("a loss that overflows to inf at update 8", _curve(6.9, 3.0, nonfinite=8), 0.5078),
    ("a finite loss that ends above where it started", _curve(0.7, 1.4), 0.6474),
    ("a loss that ends between 0.9 and 1 times the baseline", _curve(0.69, 0.63), 0.6474),
    ("a loss that ends at 0.7 times the baseline", _curve(0.69, 0.45), 0.6474),
    ("a loss that starts far above the baseline and ends above it", _curve(6.0, 0.9), 0.6474),
    ("a loss that spikes above its start and comes back well below the baseline",
     _curve(0.69, 0.05, spike=3.0), 0.6474),
]


def check_classify_run(classify_run):
    """Check ``classify_run(losses, baseline) -> "trained" | "stalled" | "diverged"`` (08.1).

    The check feeds it made-up loss curves, each against the playground's rules, that catch
    the usual slips: NaN compared like a number, the finite divergence forgotten, the margin
    below the baseline dropped, the first loss used instead of the baseline, a spike that
    recovers taken for a divergence. A call to the playground's own verdict is reported.
    """
    classify_run = student_function(classify_run, "classify_run(losses, baseline)", forbidden=(diagnose,))
    hints = {
        "a loss that becomes NaN at update 5": "every comparison with NaN is False: test the losses "
                                                "with np.isfinite first",
        "a loss that overflows to inf at update 8": "a loss that overflowed has diverged: test the losses "
                                                     "with np.isfinite",
        "a finite loss that ends above where it started": "compare the last loss with the first one: "
                                                          "a run can climb without ever reaching inf or NaN",
        "a loss that ends between 0.9 and 1 times the baseline": "'trained' needs the final loss at most "
                                                                  "half the baseline, not just below it",
        "a loss that ends at 0.7 times the baseline": "'trained' needs the final loss at most half the "
                                                      "baseline: better than a constant is not enough",
        "a loss that starts far above the baseline and ends above it": "a run is judged against the baseline "
                                                                       "(a constant prediction), not against its first loss",
        "a loss that spikes above its start and comes back well below the baseline":
            "only the last loss counts: a spike that recovers is not a divergence",
    }
    for name, losses, baseline in _CASES:
        expected = ref.curve_verdict(losses, baseline, TRAINED_BELOW)
        got = as_label(classify_run(losses, baseline), f"The verdict of classify_run for {name}", _OUTCOMES)
        if got != expected:
            fail(f"For {name} your verdict is {got!r}: {hints.get(name, 'look at the rules above again')}.")
    passed("classify_run: the playground's verdict on every loss curve tried.")


#: The learning rates of the sweep in exercise 08.3.
CRITICAL_LR_GRID = np.geomspace(0.01, 10, 31)
def check_critical_lr(critical_lr):
    """Check the first rate of :data:`CRITICAL_LR_GRID` whose standardized housing run diverges (08.3).

    The run: the lecture's 2-4-1 linear net, normal init, seed 37, 100 updates on the
    standardized features. The check sweeps the grid itself and recognizes a rate that
    still trains, a diverging rate that is not the first one, a rate off the grid, and
    the sweep run on the raw features.
    """
    value = as_float(critical_lr, "critical_lr")
    outcomes = ref.playground_outcomes(tuple(CRITICAL_LR_GRID))
    first = outcomes.index("diverged")
    k = int(np.argmin(np.abs(np.log(CRITICAL_LR_GRID / value)))) if value > 0 else -1
    if k < 0 or not np.isclose(CRITICAL_LR_GRID[k], value, rtol=1e-6):
        fail(f"critical_lr = {value:.4g} is not one of the rates of CRITICAL_LR_GRID: report the "
             f"first rate of the sweep whose run diverged.")
    if k == first:
        passed("Critical learning rate: the first rate of the sweep at which the run diverges.")
        return
    if k == 0:
        fail(f"At α = {value:.4g} the run on the standardized features trains: did you forget "
             f"standardize=True? On the raw features every rate of the grid diverges.")
    if k < first:
        fail(f"At α = {value:.4g} the run still {outcomes[k]}: the critical rate is larger.")
    fail(f"α = {value:.4g} diverges, but a smaller rate of the grid already does: "
         f"stop the sweep at the first divergence.")
