"""Checks for the exercises of notebook 11 (good practices)."""
import numpy as np

from . import as_array, fail, passed, unpack

__all__ = ["check_early_stop", "check_diagnoses", "DIAGNOSES", "check_standardize_split"]


def _early_stop_reference(val_losses, patience):
    best, best_loss = None, np.inf
    for t, loss in enumerate(val_losses):
        if np.isfinite(loss) and loss < best_loss:
            best, best_loss = t, loss
        if t - (best or 0) >= patience:
            return best, t
    return best, None


#: Curves (validation loss after update 0, 1, ...) and patience; what each case is about.
_EARLY_STOP_CASES = [
    ([1.0, 0.8, 0.6, 0.5, 0.55, 0.52, 0.6, 0.7, 0.8, 0.9], 3, "a U-shaped curve"),
    ([1.0, 0.9, 0.95, 0.92, 0.85, 0.9, 0.95, 1.0, 1.1, 1.2], 3, "a rise, then a new minimum"),
    ([1.0, 0.6, 0.7, 0.8, 0.9, 0.3, 0.2], 3, "a lower loss after the stop"),
    ([1.0, 0.5, 0.5, 0.5, 0.5, 0.5], 3, "a flat curve"),
    ([1.0, 0.9, 0.8, 0.7, 0.6], 3, "a curve that keeps falling"),
]


def check_early_stop(early_stop):
    r"""Check ``early_stop(val_losses, patience) -> (best, stop)`` against the patience rule.

    ``val_losses[t]`` is the validation loss after update ``t`` (``t = 0``: before
    training). The rule (Goodfellow et al., 2016, algorithm 7.1, as in
    :func:`helpers.training.train`): ``best`` is the update with the lowest loss seen
    so far (a tie is no improvement), and training stops at the first update ``t``
    with ``t - best >= patience``; ``stop`` is that update, or None when patience
    never runs out. Recognizes stopping one update late, counting ties as
    improvements, using the minimum of the whole curve (which the rule cannot see
    yet), and stopping at the first rise.
    """
    if not callable(early_stop):
        fail("Pass the function itself, early_stop, not the result of calling it.")
    for losses, patience, what in _EARLY_STOP_CASES:
        best, stop = unpack(early_stop(list(losses), patience), "early_stop", ("best", "stop"))
        right_best, right_stop = _early_stop_reference(losses, patience)
        if (best, stop) == (right_best, right_stop):
            continue
        on = f"On {what} with patience {patience}"
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
        if stop is not None and right_stop is not None and stop < right_stop and losses[stop] > losses[stop - 1]:
            fail(f"{on} you stopped at the first rise: patience means waiting that many updates "
                 f"for a new best.")
        fail(f"{on} your (best, stop) is not what the patience rule gives: follow the curve update "
             f"by update.")
    passed("Early stopping: the best update and the stop are right on all five curves.")


#: The diagnoses to choose from in exercise 11.2.
DIAGNOSES = ("overfitting", "learning rate too small", "learning rate too large", "network too small")


def _diagnose(history):
    """The diagnosis of one run from its training and validation losses, and the evidence."""
    train, val = np.asarray(history.losses, float), np.asarray(history.val_losses, float)
    n = len(train) - 1
    if not np.isfinite(train).all():
        return "learning rate too large", {"jumps": n}
    jumps = int(np.sum(np.diff(train) > 0.01 * train[:-1]))
    best = int(np.argmin(val))
    quarter = train[-(n // 4) - 1:]
    evidence = {"jumps": jumps, "best": best, "change": abs(quarter[-1] - quarter[0]) / quarter[0],
                "drop": 1 - train[-1] / train[0]}
    if jumps >= 0.02 * n:
        return "learning rate too large", evidence
    if best < 0.6 * n and val[-1] > 1.1 * val[best] and train[-1] < 0.9 * train[best]:
        return "overfitting", evidence
    if evidence["drop"] < 0.3 and train[-1] < quarter[0] * 0.995:
        return "learning rate too small", evidence
    if evidence["change"] < 0.02:
        return "network too small", evidence
    return None, evidence


def check_diagnoses(diagnoses, runs):
    r"""Check a dict ``{name: diagnosis}`` for the training runs ``runs`` (``{name: History}``).

    Each run is diagnosed from its own curves: a training loss that jumps up (or turns
    non-finite) means a learning rate too large; a validation loss that turns up while
    the training loss keeps falling, overfitting; a training loss still falling
    steadily but having lost less than 30 %, a learning rate too small; both losses
    levelled off, a network too small. The hint for a wrong diagnosis names the
    evidence in the curves, not the answer.
    """
    if diagnoses is None or diagnoses is Ellipsis:
        fail("diagnoses is still empty: write a dict {run: diagnosis}.")
    if not isinstance(diagnoses, dict):
        fail(f"diagnoses should be a dict like {{'A': '...', ...}}; got {type(diagnoses).__name__}.")
    missing = [name for name in runs if name not in diagnoses]
    if missing:
        fail(f"Give a diagnosis for every run: {', '.join(missing)} missing.")
    for name, history in runs.items():
        guess = str(diagnoses[name]).strip().lower()
        if guess not in DIAGNOSES:
            fail(f"Run {name}: {diagnoses[name]!r} is not one of the choices; use one of "
                 f"{', '.join(repr(d) for d in DIAGNOSES)}.")
        truth, ev = _diagnose(history)
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


def check_standardize_split(standardize_split):
    r"""Check ``standardize_split(X_train, X_other) -> (X_train_std, X_other_std)``.

    Both sets must be transformed with the mean and standard deviation of each
    column of the *training* set (population or sample standard deviation, either
    is accepted). Recognizes statistics taken over all rows, each set standardized
    with its own statistics, a division by the variance, centring only, and
    statistics over the whole array instead of per feature.
    """
    if not callable(standardize_split):
        fail("Pass the function itself, standardize_split, not the result of calling it.")
    rng = np.random.RandomState(12)
    X_train = rng.standard_normal((200, 2)) * [40.0, 300.0] + [100.0, 900.0]
    X_other = rng.standard_normal((50, 2)) * [60.0, 200.0] + [130.0, 600.0]
    train_std, other_std = unpack(standardize_split(X_train.copy(), X_other.copy()), "standardize_split",
                                  ("X_train_std", "X_other_std"))
    train_std = as_array(train_std, "The standardized training set", shape=X_train.shape)
    other_std = as_array(other_std, "The standardized held-out set", shape=X_other.shape)

    def close(mean, std, rtol=1e-9):
        return (np.allclose(train_std, (X_train - mean) / std, rtol=rtol, atol=1e-9)
                and np.allclose(other_std, (X_other - mean) / std, rtol=rtol, atol=1e-9))

    mean = X_train.mean(axis=0)
    if close(mean, X_train.std(axis=0)) or close(mean, X_train.std(axis=0, ddof=1)):
        passed("Standardization: both sets use the training set's mean and spread, per feature.")
        return
    both = np.r_[X_train, X_other]
    if close(both.mean(axis=0), both.std(axis=0), 1e-3) or close(both.mean(axis=0), both.std(axis=0, ddof=1), 1e-3):
        fail("Your training set does not come out with mean 0 and std 1: the statistics were "
             "computed on all rows, held-out ones included.")
    if np.allclose(other_std.mean(axis=0), 0, atol=1e-9) and np.allclose(other_std.std(axis=0), 1, atol=1e-2):
        fail("Your held-out set comes out with mean 0 and std 1 on its own: it was standardized "
             "with its own statistics instead of the training set's.")
    if close(mean, X_train.var(axis=0), 1e-3):
        fail("You divided by the variance: divide by the standard deviation.")
    if close(mean, 1.0):
        fail("You only subtracted the mean: divide by the standard deviation too.")
    if close(X_train.mean(), X_train.std(), 1e-3):
        fail("You used one mean and one std for the whole array: take them per feature (axis=0).")
    fail("Your standardized sets do not match the training set's mean and std per feature.")
