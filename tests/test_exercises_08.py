"""Notebook 08's exercise checks: right answers pass, typical wrong answers get their hint."""
import numpy as np
import pytest

from exercise_helpers import float32, hint, passes
from exercise_helpers import hint as hint_of
from helpers.exercises import NotQuiteRight
from helpers.exercises.ex08 import CRITICAL_LR_GRID, check_classify_run, check_critical_lr
from helpers.playground import run_playground


def classify(losses, baseline):
    if not np.all(np.isfinite(losses)) or losses[-1] > losses[0]:
        return "diverged"
    return "trained" if losses[-1] <= 0.5 * baseline else "stalled"


def classify_loop(losses, baseline):
    for loss in losses:
        if loss != loss or loss in (float("inf"), float("-inf")):
            return "diverged"
    if losses[-1] > losses[0]:
        return "diverged"
    return "trained" if losses[-1] <= 0.5 * baseline else "stalled"


@pytest.mark.parametrize("right", [classify, float32(classify), classify_loop])
def test_classify_run_right_answers_pass(right):
    passes(check_classify_run, right)


def test_classify_run_from_the_playground_is_not_an_answer():
    from types import SimpleNamespace

    from helpers.playground import diagnose

    def package(losses, baseline):
        history = SimpleNamespace(losses=losses, n_iter=len(losses) - 1, final_loss=losses[-1],
                                  diverged=not np.all(np.isfinite(losses)),
                                  first_nonfinite=int(np.argmax(~np.isfinite(losses))))
        return diagnose(history, baseline)[0]
    assert "the package's own version" in hint(check_classify_run, package)


@pytest.mark.parametrize("wrong, hint", [
    (lambda l, b: "diverged" if l[-1] > l[0] else ("trained" if l[-1] <= 0.5 * b else "stalled"),
     r"NaN at update 5 your verdict is 'stalled': every comparison with NaN is False"),
    (lambda l, b: "diverged" if not np.all(np.isfinite(l)) else ("trained" if l[-1] <= 0.5 * b else "stalled"),
     r"ends above where it started .* a run can climb without ever reaching inf or NaN"),
    (lambda l, b: classify(l, b) if classify(l, b) == "diverged" else ("trained" if l[-1] < b else "stalled"),
     r"at most half the baseline, not just below it"),
    (lambda l, b: classify(l, b) if classify(l, b) == "diverged" else ("trained" if l[-1] < 0.9 * b else "stalled"),
     r"0\.7 times the baseline .* at most half the baseline: better than a constant is not enough"),
    (lambda l, b: classify(l, b) if classify(l, b) == "diverged" else ("trained" if l[-1] < 0.5 * l[0] else "stalled"),
     r"judged against the baseline .*, not against its first loss"),
    (lambda l, b: "diverged" if not np.all(np.isfinite(l)) or np.any(l > l[0]) else classify(l, b),
     r"a spike that recovers is not a divergence"),
    (lambda l, b: True, r"one of the strings 'trained', 'stalled', 'diverged'; got True"),
    (lambda l, b: np.where(np.isfinite(l), "trained", "diverged"), r"got an array of shape \(50,\)"),
    (classify(np.ones(3), 1.0), r"Pass the function itself"),
])
def test_classify_run_wrong_answers_get_their_hint(wrong, hint):
    import re
    assert re.search(hint, hint_of(check_classify_run, wrong))


def first_diverging(standardize=True):
    for lr in CRITICAL_LR_GRID:
        run = run_playground(dataset="housing", init="normal", activation="identity", depth=1, width=4,
                             lr=lr, max_iter=100, standardize=standardize, random_state=37)
        if run.outcome == "diverged":
            return lr


def test_critical_lr_right_answers_pass():
    passes(check_critical_lr, first_diverging())
    passes(check_critical_lr, np.float32(first_diverging()))


def test_critical_lr_wrong_answers_get_their_hint():
    k = int(np.flatnonzero(CRITICAL_LR_GRID == first_diverging())[0])
    with pytest.raises(NotQuiteRight, match=r"the run still trained: the critical rate is larger"):
        check_critical_lr(CRITICAL_LR_GRID[k - 1])          # the last rate that trains
    with pytest.raises(NotQuiteRight, match=r"a smaller rate of the grid already does"):
        check_critical_lr(CRITICAL_LR_GRID[k + 3])
    with pytest.raises(NotQuiteRight, match=r"did you forget standardize=True\?"):
        check_critical_lr(first_diverging(standardize=False))
    with pytest.raises(NotQuiteRight, match=r"is not one of the rates of CRITICAL_LR_GRID"):
        check_critical_lr(0.5 * (CRITICAL_LR_GRID[k - 1] + CRITICAL_LR_GRID[k]))
    with pytest.raises(NotQuiteRight, match=r"critical_lr is still None"):
        check_critical_lr(None)


def test_critical_lr_hints_never_name_the_answer():
    answer = first_diverging()
    for wrong in CRITICAL_LR_GRID:
        if wrong == answer:
            continue
        with pytest.raises(NotQuiteRight) as error:
            check_critical_lr(wrong)
        assert f"{answer:.4g}" not in str(error.value)
