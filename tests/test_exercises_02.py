"""Notebook 02's new exercise checks (He uniform, classifying a run): right answers pass,
typical wrong answers get their specific hint. He init (exercise 02.1) is in test_exercises.py."""
import numpy as np
import pytest

from helpers import ShallowNeuralNet, make_housing
from helpers.exercises import NotQuiteRight
from helpers.exercises.ex02 import check_classify_run, check_he_uniform


def he_uniform(fan_in, fan_out, rng, limit=None):
    r = np.sqrt(6 / fan_in) if limit is None else limit(fan_in, fan_out)
    return rng.uniform(-r, r, (fan_in, fan_out)), np.zeros((1, fan_out))


def test_he_uniform_right_answer_passes(capsys):
    check_he_uniform(he_uniform)
    assert capsys.readouterr().out.startswith("✓")


@pytest.mark.parametrize("wrong, hint", [
    (lambda i, o, rng: (rng.standard_normal((i, o)) * np.sqrt(2 / i), np.zeros((1, o))),
     r"look normally distributed .* rng\.uniform"),
    (lambda i, o, rng: he_uniform(i, o, rng, limit=lambda i, o: np.sqrt(2 / i)),
     r"std 0\.5\d* for fan_in = 2, fan_out = 2000, expected He's 1: did you use He's standard deviation as the limit r"),
    (lambda i, o, rng: he_uniform(i, o, rng, limit=lambda i, o: np.sqrt(6 / o)),
     r"did you use fan_out instead of fan_in\?"),
    (lambda i, o, rng: he_uniform(i, o, rng, limit=lambda i, o: np.sqrt(6 / (i + o))),
     r"Glorot's xavier_uniform"),
    (lambda i, o, rng: (rng.uniform(0, np.sqrt(6 / i), (i, o)), np.zeros((1, o))), r"all positive"),
    (lambda i, o, rng: (he_uniform(i, o, rng)[0], rng.uniform(-1, 1, (1, o))), r"biases should all be zero"),
    (lambda i, o, rng: (np.random.uniform(-1, 1, (i, o)) * np.sqrt(6 / i), np.zeros((1, o))),
     r"draw from the rng you are given"),
    (lambda i, o, rng: (he_uniform(i, o, rng)[0].T, np.zeros((1, o))), r"W has shape \(2000, 2\)"),
    (lambda i, o, rng: he_uniform(i, o, rng, limit=lambda i, o: 3 / i), r"expected He's 1\.$"),
])
def test_he_uniform_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_he_uniform(wrong)


def test_he_uniform_hint_never_gives_the_limit():
    for limit in [lambda i, o: np.sqrt(2 / i), lambda i, o: np.sqrt(6 / o)]:
        with pytest.raises(NotQuiteRight) as error:
            check_he_uniform(lambda i, o, rng: he_uniform(i, o, rng, limit=limit))
        assert "6/fan_in" not in str(error.value) and "6 / fan_in" not in str(error.value)
        assert "1.73" not in str(error.value) and "√3 times" not in str(error.value)


def classify_run(history, trained_below):
    if history.diverged:
        return "diverged"
    return "trained" if history.final_loss < trained_below else "stalled"


def test_classify_run_right_answer_passes(capsys):
    check_classify_run(classify_run)
    check_classify_run(lambda h, t: "diverged" if not np.isfinite(h.losses[-1]) else
                       ("trained" if h.losses[-1] < t else "stalled"))
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and all(line.startswith("✓") for line in out)


@pytest.mark.parametrize("wrong, hint", [
    (lambda h, t: "trained" if h.final_loss < t else "stalled",
     r"loss became inf is labelled 'stalled': test for divergence"),
    (lambda h, t: "diverged" if h.final_loss == np.inf else ("trained" if h.final_loss < t else "stalled"),
     r"loss became NaN is labelled 'stalled': NaN is not equal to inf"),
    (lambda h, t: "diverged" if h.diverged else ("trained" if h.losses[0] < t else "stalled"),
     r"ended at loss 0\.124, below trained_below = 0\.508, is labelled 'stalled': compare the final loss"),
    (lambda h, t: "diverged" if h.diverged else ("trained" if h.final_loss > t else "stalled"),
     r"ended at loss 2\.65, above trained_below = 0\.508, is labelled 'trained'"),
    (lambda h, t: "diverged" if h.diverged else ("trained" if h.final_loss < 0.5078 else "stalled"),
     r"use the trained_below you are given"),
    (lambda h, t: h.diverged, r"one of the strings .* got True"),
    (lambda h, t: None, r"returned None"),
    (lambda h, t: "Diverged" if h.diverged else "trained", r"one of the strings .* got 'Diverged'"),
    (lambda h, t: "diverged" if h.diverged or (t < 1 < h.final_loss) else
     ("trained" if h.final_loss < t else "stalled"), r"labelled differently from train_many's rule"),
])
def test_classify_run_wrong_answers_get_their_hint(wrong, hint):
    with pytest.raises(NotQuiteRight, match=hint):
        check_classify_run(wrong)


def test_classify_run_agrees_with_train_many():
    from helpers.sweeps import train_many
    X, y = make_housing(n_samples=100, random_state=47)
    frame = train_many(X, y, lrs=1e-6, seeds=[17, 37], inits=["weird", "he", "normal"], max_iter=500,
                       tol=1e-6).frame
    for row in frame.itertuples():
        history = ShallowNeuralNet(2, 4, 1, init=row.init, random_state=row.seed).train(
            X, y, lr=1e-6, max_iter=500, tol=1e-6)
        assert classify_run(history, float(y.var())) == row.outcome
