"""Notebook 08's exercise checks: right answers pass, typical wrong answers get their hint."""
import numpy as np
import pytest

from helpers.exercises import NotQuiteRight
from helpers.exercises.ex08 import CRITICAL_LR_GRID, check_classify_run, check_critical_lr
from helpers.playground import run_playground


def classify(losses, baseline):
    if not np.all(np.isfinite(losses)) or losses[-1] > losses[0]:
        return "diverged"
    return "trained" if losses[-1] < 0.9 * baseline else "stalled"


def test_classify_run_right_answer_passes(capsys):
    check_classify_run(classify)
    assert capsys.readouterr().out.startswith("✓")


@pytest.mark.parametrize("wrong, hint", [
    (lambda l, b: "diverged" if l[-1] > l[0] else ("trained" if l[-1] < 0.9 * b else "stalled"),
     r"NaN at update 5 your verdict is 'stalled': every comparison with NaN is False"),
    (lambda l, b: "diverged" if not np.all(np.isfinite(l)) else ("trained" if l[-1] < 0.9 * b else "stalled"),
     r"ends above where it started .* sigmoid output keeps the loss finite"),
    (lambda l, b: classify(l, b) if classify(l, b) == "diverged" else ("trained" if l[-1] < b else "stalled"),
     r"below 0\.9 times the baseline, not just below it"),
    (lambda l, b: classify(l, b) if classify(l, b) == "diverged" else ("trained" if l[-1] < 0.9 * l[0] else "stalled"),
     r"judged against the baseline .*, not against its first loss"),
    (lambda l, b: "diverged" if not np.all(np.isfinite(l)) or np.any(l > l[0]) else classify(l, b),
     r"a spike that recovers is not a divergence"),
    (lambda l, b: True, r"return one of 'trained', 'stalled', 'diverged'"),
    (classify(np.ones(3), 1.0), r"Pass the function itself"),
])
def test_classify_run_wrong_answers_get_their_hint(wrong, hint):
    with np.errstate(invalid="ignore"), pytest.raises(NotQuiteRight, match=hint):
        check_classify_run(wrong)


def first_diverging(standardize=True):
    for lr in CRITICAL_LR_GRID:
        run = run_playground(dataset="housing", init="normal", activation="identity", depth=1, width=4,
                             lr=lr, max_iter=100, standardize=standardize, random_state=37)
        if run.outcome == "diverged":
            return lr


def test_critical_lr_right_answer_passes(capsys):
    check_critical_lr(first_diverging())
    assert capsys.readouterr().out.startswith("✓")


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
    with pytest.raises(NotQuiteRight, match=r"critical_lr is still empty"):
        check_critical_lr(None)


def test_critical_lr_hints_never_name_the_answer():
    answer = first_diverging()
    for wrong in CRITICAL_LR_GRID:
        if wrong == answer:
            continue
        with pytest.raises(NotQuiteRight) as error:
            check_critical_lr(wrong)
        assert f"{answer:.4g}" not in str(error.value)
