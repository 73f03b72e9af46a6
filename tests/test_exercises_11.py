"""Notebook 11's exercise checks: right answers pass, typical wrong answers get their hint."""
from types import SimpleNamespace

import numpy as np
import pytest

from helpers.exercises import NotQuiteRight
from helpers.exercises.ex11 import check_diagnoses, check_early_stop, check_standardize_split


def early_stop(val_losses, patience):
    best, best_loss = None, np.inf
    for t, loss in enumerate(val_losses):
        if loss < best_loss:
            best, best_loss = t, loss
        if t - best >= patience:
            return best, t
    return best, None


def test_early_stop_right_answer_passes(capsys):
    check_early_stop(early_stop)
    assert capsys.readouterr().out.startswith("✓")


def late(val_losses, patience):                      # > instead of >=
    best, best_loss = None, np.inf
    for t, loss in enumerate(val_losses):
        if loss < best_loss:
            best, best_loss = t, loss
        if t - best > patience:
            return best, t
    return best, None


def ties(val_losses, patience):                      # <= instead of <
    best, best_loss = None, np.inf
    for t, loss in enumerate(val_losses):
        if loss <= best_loss:
            best, best_loss = t, loss
        if t - best >= patience:
            return best, t
    return best, None


def whole_curve(val_losses, patience):               # looks into the future
    best = int(np.argmin(val_losses))
    return best, best + patience if best + patience < len(val_losses) else None


def first_rise(val_losses, patience):                # ignores patience
    for t in range(1, len(val_losses)):
        if val_losses[t] > val_losses[t - 1]:
            return t - 1, t
    return len(val_losses) - 1, None


@pytest.mark.parametrize("wrong, hint", [
    (late, r"one update late"),
    (ties, r"a loss equal to the best one is not an improvement|a tie is not an improvement"),
    (whole_curve, r"minimum of the whole curve"),
    (first_rise, r"stopped at the first rise"),
    (lambda losses, patience: None, r"returned None"),
    (lambda losses, patience: 3, r"should return two values"),
])
def test_early_stop_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_early_stop(wrong)


def run(train, val):
    return SimpleNamespace(losses=np.asarray(train), val_losses=np.asarray(val))


T = np.arange(401)
RUNS = {
    "A": run(0.9 - 0.5 * (1 - np.exp(-T / 40)) + 0.08 * (np.sin(T) > 0.5),        # jumpy
             0.9 - 0.4 * (1 - np.exp(-T / 40)) + 0.08 * (np.sin(T) > 0.5)),
    "B": run(0.8 * np.exp(-T / 150) + 0.1, 0.8 * np.exp(-T / 40) + 0.3 + 0.0006 * T),  # overfits
    "C": run(0.3 * np.exp(-T / 30) + 0.5, 0.3 * np.exp(-T / 30) + 0.48),            # levels off
    "D": run(0.93 - 0.0004 * T, 0.92 - 0.0004 * T),                                 # crawls
}
RIGHT = {"A": "learning rate too large", "B": "overfitting", "C": "network too small",
         "D": "learning rate too small"}


def test_diagnoses_right_answer_passes(capsys):
    check_diagnoses(dict(RIGHT), RUNS)
    check_diagnoses({k: v.upper() + " " for k, v in RIGHT.items()}, RUNS)
    out = capsys.readouterr().out.splitlines()
    assert all(line.startswith("✓") for line in out) and len(out) == 2


def test_diverged_run_is_a_learning_rate_too_large(capsys):
    runs = {"E": run([0.9, 5.0, np.inf, np.nan], [0.9, 5.0, np.inf, np.nan])}
    check_diagnoses({"E": "learning rate too large"}, runs)
    assert capsys.readouterr().out.startswith("✓")


@pytest.mark.parametrize("swap, hint", [
    ({"C": "learning rate too small"}, r"Run C: its training loss has levelled off"),
    ({"D": "network too small"}, r"Run D: its training loss is still falling steadily"),
    ({"B": "network too small"}, r"Run B: its validation loss has been rising since update \d+"),
    ({"A": "overfitting"}, r"Run A: its training loss jumps up \d+ times"),
    ({"D": "learning rate too large"}, r"Run D: its losses fall smoothly"),
    ({"C": "overfitting"}, r"Run C: its losses level off together"),
    ({"A": "too fast"}, r"not one of the choices"),
])
def test_diagnoses_wrong_answers_get_their_hint(swap, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_diagnoses({**RIGHT, **swap}, RUNS)


def test_diagnoses_incomplete_or_empty():
    with pytest.raises(NotQuiteRight, match="D missing"):
        check_diagnoses({k: v for k, v in RIGHT.items() if k != "D"}, RUNS)
    with pytest.raises(NotQuiteRight, match="still empty"):
        check_diagnoses(None, RUNS)


def test_diagnosis_hints_never_contain_the_answer():
    for name in RUNS:
        for wrong in {"overfitting", "learning rate too small", "learning rate too large",
                      "network too small"} - {RIGHT[name]}:
            with pytest.raises(NotQuiteRight) as error:
                check_diagnoses({**RIGHT, name: wrong}, RUNS)
            assert RIGHT[name] not in str(error.value)


def standardize_split(X_train, X_other):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_other - mean) / std


def test_standardize_right_answers_pass(capsys):
    check_standardize_split(standardize_split)
    check_standardize_split(lambda a, b: ((a - a.mean(0)) / a.std(0, ddof=1), (b - a.mean(0)) / a.std(0, ddof=1)))
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and all(line.startswith("✓") for line in out)


def _all_rows(a, b):
    both = np.r_[a, b]
    return (a - both.mean(0)) / both.std(0), (b - both.mean(0)) / both.std(0)


@pytest.mark.parametrize("wrong, hint", [
    (_all_rows, r"computed on all rows"),
    (lambda a, b: ((a - a.mean(0)) / a.std(0), (b - b.mean(0)) / b.std(0)), r"with its own statistics"),
    (lambda a, b: ((a - a.mean(0)) / a.var(0), (b - a.mean(0)) / a.var(0)), r"divided by the variance"),
    (lambda a, b: (a - a.mean(0), b - a.mean(0)), r"only subtracted the mean"),
    (lambda a, b: ((a - a.mean()) / a.std(), (b - a.mean()) / a.std()), r"per feature \(axis=0\)"),
    (lambda a, b: None, r"returned None"),
    (lambda a, b: (a.T, b), r"shape"),
])
def test_standardize_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_standardize_split(wrong)
