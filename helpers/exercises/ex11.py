"""Checks for the exercises of notebook 11 (good practices)."""
import numbers

import numpy as np

from . import _reference as ref
from ._calling import student_function
from ._feedback import agrees, as_array, as_label, describe, fail, passed, unpack

__all__ = ["check_early_stop", "check_diagnoses", "DIAGNOSES", "check_standardize_split"]


#: Curves (validation loss after update 0, 1, ...) and patience; what each case is about.
_EARLY_STOP_CASES = [
    ([1.0, 0.8, 0.6, 0.5, 0.55, 0.52, 0.6, 0.7, 0.8, 0.9], 3, "a U-shaped curve"),
    ([1.0, 0.9, 0.95, 0.92, 0.85, 0.9, 0.95, 1.0, 1.1, 1.2], 3, "a rise, then a new minimum"),
    ([1.0, 0.6, 0.7, 0.8, 0.9, 0.3, 0.2], 3, "a lower loss after the stop"),
    ([1.0, 0.5, 0.5, 0.5, 0.5, 0.5], 3, "a flat curve"),
    ([1.0, 0.9, 0.8, 0.7, 0.6], 3, "a curve that keeps falling"),
]


def check_early_stop(early_stop):
    """Check ``early_stop(val_losses, patience) -> (best, stop)`` (exercise 11.1).

    ``val_losses[t]`` is the validation loss after update ``t`` (``t = 0``: before
    training); the rule is the patience rule of :func:`helpers.training.train` (Goodfellow
    et al., 2016, algorithm 7.1). Tried on five curves; recognizes stopping one update late
    or early, counting ties as improvements, using the minimum of the whole curve (which the
    rule cannot see yet), stopping at the first rise, and indices that are not updates.
    """
    early_stop = student_function(early_stop, "early_stop(val_losses, patience)")
    for losses, patience, what in _EARLY_STOP_CASES:
        best, stop = unpack(early_stop(list(losses), patience), "early_stop", ("best", "stop"))
        on = f"On {what} with patience {patience}"
        for name, value in (("best", best), ("stop", stop)):
            if value is None and name == "stop":
                continue
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
                if isinstance(value, (float, np.floating)) and float(value).is_integer():
                    value = int(value)
                else:
                    fail(f"{on} your {name} is {describe(value)}: it should be an update number, an int "
                         f"from 0 to {len(losses) - 1}" + (", or None" if name == "stop" else "") + ".")
            if not 0 <= value < len(losses):
                fail(f"{on} your {name} is {value}, but the curve has updates 0 to {len(losses) - 1}: "
                     f"return the update number t, an index into val_losses.")
        best, stop = int(best), (None if stop is None else int(stop))
        right_best, right_stop = ref.early_stop(losses, patience)
        if (best, stop) == (right_best, right_stop):
            continue
        if best == int(np.argmin(losses)) and best != right_best:
            fail(f"{on} your best update is the minimum of the whole curve: early stopping only "
                 f"knows the losses up to the current update.")
        if right_stop is None and stop is not None:
            fail(f"{on} you stopped, but the loss kept improving: stop only after `patience` "
                 f"updates without a new best.")
        if right_stop is not None and stop is None:
            if best is not None and losses[best] == losses[right_best] and best > right_best:
                fail(f"{on} you never stopped: a loss equal to the best one is not an improvement "
                     f"(use <, not <=).")
            fail(f"{on} you never stopped, though `patience` updates passed without a new best.")
        if best is not None and best != right_best and losses[best] == losses[right_best]:
            fail(f"{on} your best update is a later one with the same loss: a tie is not an "
                 f"improvement (use <, not <=).")
        if best == right_best and stop == right_stop + 1:
            fail(f"{on} you stopped one update late: stop as soon as t − best reaches patience.")
        if best == right_best and stop == right_stop - 1:
            fail(f"{on} you stopped one update early: stop when t − best reaches patience, not "
                 f"patience − 1.")
        if stop is not None and right_stop is not None and 0 < stop < right_stop and losses[stop] > losses[stop - 1]:
            fail(f"{on} you stopped at the first rise: patience means waiting that many updates "
                 f"for a new best.")
        fail(f"{on} your (best, stop) is not what the patience rule gives: follow the curve update "
             f"by update.")
    passed("Early stopping: the best update and the stop are right on all five curves.")


#: The diagnoses to choose from in exercise 11.2.
DIAGNOSES = ("overfitting", "learning rate too small", "learning rate too large", "network too small")


def check_diagnoses(diagnoses, runs):
    """Check a dict ``{name: diagnosis}`` for the training runs ``runs`` (exercise 11.2).

    ``runs`` maps each name to its :class:`~helpers.training.History`. Each run is diagnosed
    from its own training and validation curves; the hint for a wrong diagnosis names the
    evidence in the curves, not the answer.

    Raises
    ------
    ValueError
        For ``runs`` that are not a non-empty dict.
    """
    if not isinstance(runs, dict) or not runs:
        raise ValueError(f"The 'runs' parameter of check_diagnoses must be a non-empty dict of "
                         f"runs (name: History). Got {runs!r} instead.")
    if diagnoses is None or diagnoses is Ellipsis:
        fail("diagnoses is still None: write a dict {run: diagnosis}.")
    if not isinstance(diagnoses, dict):
        fail(f"diagnoses should be a dict like {{'A': '...', ...}}; got {describe(diagnoses)}.")
    missing = [str(name) for name in runs if name not in diagnoses]
    if missing:
        fail(f"Give a diagnosis for every run: {', '.join(missing)} missing.")
    for name, history in runs.items():
        value = diagnoses[name]
        if isinstance(value, str) and value.strip().lower() in DIAGNOSES:
            value = value.strip().lower()
        guess = as_label(value, f"The diagnosis of run {name}", DIAGNOSES)
        truth, ev = ref.curve_diagnosis(history)
        if guess == truth:
            continue
        if truth == "learning rate too large":
            fail(f"Run {name}: its training loss jumps up {ev['jumps']} times; with full batches, "
                 f"what makes a descent step go uphill?")
        if truth == "overfitting":
            fail(f"Run {name}: its validation loss has been rising since update {ev['best']} while "
                 f"its training loss kept falling: what does that widening gap mean?")
        if truth == "learning rate too small":
            if guess == "network too small":
                fail(f"Run {name}: its training loss is still falling steadily at the end; a "
                     f"network too small to fit would have levelled off.")
            fail(f"Run {name}: its losses fall smoothly, both together, and slowly (by "
                 f"{ev['drop']:.0%} over the whole run): what sets the speed of each step?")
        if truth == "network too small":
            if guess == "learning rate too small":
                fail(f"Run {name}: its training loss has levelled off (it changed by "
                     f"{ev['change']:.1%} over the last quarter of the run): more updates, or "
                     f"larger ones, will not bring it down.")
            fail(f"Run {name}: its losses level off together, the validation loss never turns up "
                 f"and the training loss stays high: the fit itself is limited.")
        fail(f"Run {name}: this run's curves do not fit any one diagnosis clearly; look again.")
    passed(f"Diagnoses: all {len(runs)} runs read correctly from their curves.")


_STANDARDIZE_HINTS = {
    "all rows": "Your training set does not come out with mean 0 and std 1: the statistics were "
                "computed on all rows, held-out ones included.",
    "own statistics": "Your held-out set comes out with mean 0 and std 1 on its own: it was standardized "
                      "with its own statistics instead of the training set's.",
    "variance": "You divided by the variance: divide by the standard deviation.",
    "centred only": "You only subtracted the mean: divide by the standard deviation too.",
    "whole array": "You used one mean and one std for the whole array: take them per feature (axis=0).",
}


def check_standardize_split(standardize_split):
    """Check ``standardize_split(X_train, X_other) -> (X_train_std, X_other_std)`` (11.3).

    Both sets must be transformed with the statistics of each column of the training set
    (population or sample standard deviation, either is accepted). Recognizes statistics
    taken over all rows, each set standardized with its own statistics, a division by the
    variance, centring only, and one mean and spread for the whole array. A call to the
    package's own standardize is reported.
    """
    from ..diagnostics import standardize

    standardize_split = student_function(standardize_split, "standardize_split(X_train, X_other)",
                                         forbidden=(standardize,))
    rng = np.random.RandomState(12)
    X_train = rng.standard_normal((200, 2)) * [40.0, 300.0] + [100.0, 900.0]
    X_other = rng.standard_normal((50, 2)) * [60.0, 200.0] + [130.0, 600.0]
    train_std, other_std = unpack(standardize_split(X_train, X_other), "standardize_split",
                                  ("X_train_std", "X_other_std"))
    train_std = as_array(train_std, "The standardized training set", shape=X_train.shape)
    other_std = as_array(other_std, "The standardized held-out set", shape=X_other.shape)

    variants = ref.standardize_variants(X_train, X_other)
    if any(agrees(train_std, a) and agrees(other_std, b) for a, b in variants["right"]):
        passed("Standardization: both sets use the training set's mean and spread, per feature.")
        return
    for name, hint in _STANDARDIZE_HINTS.items():
        if name == "own statistics":
            if np.allclose(other_std.mean(axis=0), 0, atol=1e-4) and np.allclose(other_std.std(axis=0), 1, atol=1e-2):
                fail(hint)
        elif any(agrees(train_std, a, 1e-3) and agrees(other_std, b, 1e-3) for a, b in variants[name]):
            fail(hint)
    fail("Your standardized sets do not match the training set's mean and std per feature.")
