"""Notebook 03's exercise checks: right answers pass, typical wrong answers get their hint."""
import numpy as np
import pytest

from helpers import ShallowNeuralNet, make_housing
from helpers.diagnostics import sharpness, standardize
from exercise_helpers import float32, hint, passes
from helpers.exercises import NotQuiteRight
from helpers.exercises.ex03 import (CRITICAL_LR_GRID, check_critical_lr, check_max_stable_lr,
                                    check_update_ratio)
from helpers.sweeps import train_many


def update_ratio(p, grad, lr):
    return float(np.linalg.norm(lr * grad) / np.linalg.norm(p))


@pytest.mark.parametrize("right", [update_ratio, float32(update_ratio),
                                   lambda p, g, lr: lr * np.sqrt(np.sum(g ** 2)) / np.sqrt(np.sum(p ** 2))])
def test_update_ratio_right_answers_pass(right):
    passes(check_update_ratio, right)


@pytest.mark.parametrize("wrong, hint", [
    (lambda p, g, lr: np.linalg.norm(p) / np.linalg.norm(lr * g), r"upside down"),
    (lambda p, g, lr: np.linalg.norm(g) / np.linalg.norm(p), r"learning rate is missing"),
    (lambda p, g, lr: np.sum((lr * g) ** 2) / np.sum(p ** 2), r"squared norms"),
    (lambda p, g, lr: np.mean(np.abs(lr * g) / np.abs(p)), r"averages element-wise ratios"),
    (lambda p, g, lr: np.abs(lr * g) / np.abs(p), r"should be a single number; got an array of shape \(2, 4\)"),
    (lambda p, g, lr: None, r"update_ratio returned None: did you forget the return statement\?"),
    (float32(lambda p, g, lr: np.linalg.norm(g) / np.linalg.norm(p)), r"learning rate is missing"),
    (lambda p, g, lr: np.linalg.norm(lr * g), r"which is not the norm of the step divided by"),
])
def test_update_ratio_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_update_ratio(wrong)


def test_update_ratio_hint_says_which_case():
    with pytest.raises(NotQuiteRight, match=r"^For a \(2, 4\) weight matrix your ratio is [\d.e+-]+: the learning"):
        check_update_ratio(lambda p, g, lr: np.linalg.norm(g) / np.linalg.norm(p))


def test_update_ratio_matches_the_trainer_on_the_housing_net():
    calls = []
    check_update_ratio(lambda p, g, lr: calls.append(p.shape) or update_ratio(p, g, lr))
    assert calls[2:] == [(2, 4), (1, 4), (4, 1), (1, 1)]


def max_stable_lr(H):
    return 2 / np.linalg.eigvalsh(H)[-1]


@pytest.mark.parametrize("right", [max_stable_lr, float32(max_stable_lr),
                                   lambda H: 2 / np.max(np.linalg.eig(H)[0].real)])
def test_max_stable_lr_right_answers_pass(right):
    passes(check_max_stable_lr, right)


@pytest.mark.parametrize("wrong, hint", [
    (lambda H: np.linalg.eigvalsh(H)[-1], r"the curvature λmax itself"),
    (lambda H: 1 / np.linalg.eigvalsh(H)[-1], r"half the limit"),
    (lambda H: 2 / np.linalg.eigvalsh(H)[0], r"smallest eigenvalue"),
    (lambda H: 2 / np.trace(H), r"uses the trace"),
    (lambda H: 2 / np.max(np.diag(H)), r"largest diagonal entry of H is not its largest eigenvalue"),
    (lambda H: 2 / np.linalg.eigvalsh(H), r"should be a single number"),
    (lambda H: 2 / np.linalg.eigvalsh(H)[-2], r"does not follow from the largest eigenvalue"),
])
def test_max_stable_lr_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_max_stable_lr(wrong)


def test_max_stable_lr_check_agrees_with_sharpness():
    X, y = make_housing(n_samples=100, random_state=47)
    lam = sharpness(ShallowNeuralNet(2, 4, 1, init="normal", random_state=37), X, y)
    check_max_stable_lr(lambda H: 2 / lam if H.shape == (17, 17) else max_stable_lr(H))


def critical_sweep():
    X, y = make_housing(n_samples=100, random_state=47)
    frame = train_many(standardize(X), y, lrs=CRITICAL_LR_GRID, seeds=37, inits="normal", max_iter=100).frame
    return frame.sort_values("lr")


def test_critical_lr_right_answer_passes(capsys):
    frame = critical_sweep()
    critical = float(frame.loc[frame.diverged, "lr"].min())
    # the boundary is clean: every α below it stays finite, every α from it on diverges
    assert not frame.loc[frame.lr < critical, "diverged"].any() and frame.loc[frame.lr >= critical, "diverged"].all()
    check_critical_lr(critical)
    check_critical_lr(np.float32(critical))            # a float32 copy of the grid value is close enough
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and all(line.startswith("✓") for line in out)


def grid_index(offset):
    frame = critical_sweep()
    return float(frame.lr.iloc[int(np.argmax(frame.diverged.to_numpy())) + offset])


@pytest.mark.parametrize("wrong, hint", [
    (lambda: grid_index(-1), r"stayed finite \(it is the last one that did\)"),
    (lambda: float(CRITICAL_LR_GRID[-1]), r"largest α on the grid"),
    (lambda: 2 / sharpness(ShallowNeuralNet(2, 4, 1, init="normal", random_state=37),
                           standardize(make_housing(n_samples=100, random_state=47)[0]),
                           make_housing(n_samples=100, random_state=47)[1]), r"prediction 2/λmax"),
    (lambda: 0.7, r"not one of the grid's learning rates"),
    (lambda: grid_index(-5), r"too small: its run stayed finite"),
    (lambda: grid_index(+3), r"too large: smaller α on the grid already diverge"),
    (lambda: None, r"critical_lr is still None"),
    (lambda: CRITICAL_LR_GRID[20:], r"should be a single number"),
])
def test_critical_lr_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_critical_lr(wrong())


def test_critical_lr_hints_never_contain_the_answer():
    answer = grid_index(0)
    for wrong in [grid_index(-1), grid_index(-5), grid_index(3), 0.7, float(CRITICAL_LR_GRID[-1])]:
        with pytest.raises(NotQuiteRight) as error:
            check_critical_lr(wrong)
        message = str(error.value)
        assert f"{answer:.3g}" not in message and f"{answer:.2g}" not in message and f"{answer:.2f}" not in message
