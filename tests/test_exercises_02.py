"""Notebook 02's exercise checks: He init, its uniform twin and classifying a run. Right
answers pass (float64, float32, written otherwise), the usual slips get their hint, a draw of
the wrong distribution is refused."""
import re

import numpy as np
import pytest

from exercise_helpers import hint, passes
from helpers import ShallowNeuralNet, make_housing
from helpers.exercises.ex02 import check_classify_run, check_he_init, check_he_uniform


def he(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2 / fan_in), np.zeros((1, fan_out))


def he_by_columns(fan_in, fan_out, rng):
    W = np.empty((fan_in, fan_out))
    for j in range(fan_out):
        W[:, j] = rng.randn(fan_in) * (2 / fan_in) ** 0.5
    return W, np.zeros((1, fan_out))


@pytest.mark.parametrize("right", [
    he, he_by_columns,
    lambda i, o, rng: (rng.normal(0, (2 / i) ** .5, (i, o)).astype(np.float32), np.zeros((1, o), np.float32)),
    lambda i, o, rng: (rng.normal(0, (2 / i) ** .5, (i, o)).tolist(), [[0.0] * o]),
])
def test_he_init_right_answers_pass(right):
    passes(check_he_init, right)


@pytest.mark.parametrize("wrong, expected", [
    (lambda i, o, rng: (rng.standard_normal((i, o)) * np.sqrt(2 / o), np.zeros((1, o))),
     r"std 0\.03\d* for fan_in = 2, fan_out = 2000, expected 1: did you use fan_out instead of fan_in\?"),
    (lambda i, o, rng: (rng.standard_normal((i, o)) * np.sqrt(1 / i), np.zeros((1, o))),
     r"did you use 1/fan_in \(that is LeCun's init"),
    (lambda i, o, rng: (rng.standard_normal((i, o)) * np.sqrt(2 / (i + o)), np.zeros((1, o))),
     r"did you use fan_in \+ fan_out \(that is Glorot's init\)"),
    (lambda i, o, rng: (rng.standard_normal((i, o)) * 2 / i, np.zeros((1, o))),
     r"did you use the variance 2/fan_in as the standard deviation"),
    (lambda i, o, rng: (rng.standard_normal((i, o)) * np.sqrt(2 / i), rng.standard_normal((1, o))),
     r"biases should all be zero"),
    (lambda i, o, rng: (rng.standard_normal((o, i)) * np.sqrt(2 / i), np.zeros((1, o))),
     r"W has shape \(2000, 2\); it should have shape \(2, 2000\) \(is it transposed\?\)"),
    (lambda i, o, rng: (he(i, o, rng)[0], np.zeros(o)), r"b has shape \(2000,\); it should have shape \(1, 2000\)"),
    (lambda i, o, rng: (np.random.standard_normal((i, o)) * np.sqrt(2 / i), np.zeros((1, o))),
     r"draw from the rng you are given, not from np.random"),
    (lambda i, o, rng: he(i, o, np.random.RandomState(0)), r"different rngs gave the same weights"),
    (lambda i, o, rng: (rng.rand(i, o), np.zeros((1, o))), r"all positive .* centred on 0"),
    (lambda i, o, rng: (rng.uniform(-1, 1, (i, o)) * np.sqrt(6 / i), np.zeros((1, o))),
     r"not normally distributed: their histogram has no tails, like a uniform draw's"),
    (lambda i, o, rng: he(i, o, rng)[0], r"should return two values, \(W, b\); it returned one value, an array of shape \(2, 2000\)"),
    (lambda i, o, rng: he(i, o, rng)[::-1], r"returns \(b, W\): return the weights first"),
    (lambda i, o, rng: (np.full((i, o), np.nan), np.zeros((1, o))), r"W holds NaN or inf values"),
    (lambda i, o, rng: (he(i, o, rng)[0], None), r"b is None: it should be an array of numbers"),
    (lambda fan_in, fan_out: he(fan_in, fan_out, np.random.RandomState(0)),
     r"The check calls he_init\(fan_in, fan_out, rng\), but your he_init takes \(fan_in, fan_out\)"),
])
def test_he_init_slips_get_their_hint(wrong, expected):
    assert re.search(expected, hint(check_he_init, wrong))


def test_he_init_from_the_package_is_not_an_answer():
    from helpers.initializers import he as package_he
    assert "helpers.initializers.he, the package's own version" in hint(check_he_init, package_he)


def test_he_init_hint_never_contains_the_formula():
    message = hint(check_he_init, lambda i, o, rng: (rng.standard_normal((i, o)), np.zeros((1, o))))
    assert "sqrt(2" not in message and "2 / fan_in" not in message and "√(2" not in message


def he_uniform(fan_in, fan_out, rng, limit=None):
    r = np.sqrt(6 / fan_in) if limit is None else limit(fan_in, fan_out)
    return rng.uniform(-r, r, (fan_in, fan_out)), np.zeros((1, fan_out))


@pytest.mark.parametrize("right", [
    he_uniform,
    lambda i, o, rng: ((rng.rand(i, o) * 2 - 1) * np.sqrt(3) * np.sqrt(2 / i), np.zeros((1, o))),
    lambda i, o, rng: tuple(a.astype(np.float32) for a in he_uniform(i, o, rng)),
])
def test_he_uniform_right_answers_pass(right):
    passes(check_he_uniform, right)


@pytest.mark.parametrize("wrong, expected", [
    (lambda i, o, rng: (rng.standard_normal((i, o)) * np.sqrt(2 / i), np.zeros((1, o))),
     r"look normally distributed .* rng\.uniform"),
    (lambda i, o, rng: he_uniform(i, o, rng, limit=lambda i, o: np.sqrt(2 / i)),
     r"std 0\.5\d* for fan_in = 2, fan_out = 2000, expected 1: did you use He's standard deviation as the limit r"),
    (lambda i, o, rng: he_uniform(i, o, rng, limit=lambda i, o: np.sqrt(6 / o)), r"did you use fan_out instead of fan_in\?"),
    (lambda i, o, rng: he_uniform(i, o, rng, limit=lambda i, o: np.sqrt(6 / (i + o))), r"Glorot's xavier_uniform"),
    (lambda i, o, rng: he_uniform(i, o, rng, limit=lambda i, o: np.sqrt(3 / i)), r"the spread of U\(−r, r\) is r/√3"),
    (lambda i, o, rng: he_uniform(i, o, rng, limit=lambda i, o: np.sqrt(6) / i), r"square root over the whole fraction"),
    (lambda i, o, rng: (rng.uniform(0, np.sqrt(6 / i), (i, o)), np.zeros((1, o))), r"all positive"),
    (lambda i, o, rng: (he_uniform(i, o, rng)[0], rng.uniform(-1, 1, (1, o))), r"biases should all be zero"),
    (lambda i, o, rng: (np.random.uniform(-1, 1, (i, o)) * np.sqrt(6 / i), np.zeros((1, o))),
     r"draw from the rng you are given"),
    (lambda i, o, rng: (he_uniform(i, o, rng)[0].T, np.zeros((1, o))), r"W has shape \(2000, 2\)"),
    (lambda i, o, rng: he_uniform(i, o, rng, limit=lambda i, o: 3 / i), r"expected 1\.$"),
    (lambda i, o, rng: (np.full((i, o), np.nan), np.zeros((1, o))), r"W holds NaN or inf values"),
])
def test_he_uniform_slips_get_their_hint(wrong, expected):
    assert re.search(expected, hint(check_he_uniform, wrong))


def test_he_uniform_hint_never_gives_the_limit():
    for limit in [lambda i, o: np.sqrt(2 / i), lambda i, o: np.sqrt(6 / o), lambda i, o: np.sqrt(3 / i)]:
        message = hint(check_he_uniform, lambda i, o, rng: he_uniform(i, o, rng, limit=limit))
        assert "6/fan_in" not in message and "6 / fan_in" not in message
        assert "1.73" not in message and "√3 times" not in message


def classify_run(history, trained_below):
    if history.diverged:
        return "diverged"
    return "trained" if history.final_loss <= trained_below else "stalled"


@pytest.mark.parametrize("right", [
    classify_run,
    lambda h, t: "diverged" if not all(np.isfinite(h.losses)) else ("trained" if h.losses[-1] < t else "stalled"),
    lambda h, t: ("diverged" if not np.isfinite(np.float32(h.losses[-1]))
                  else ("trained" if np.float32(h.final_loss) < np.float32(t) else "stalled")),
])
def test_classify_run_right_answers_pass(right):
    passes(check_classify_run, right)


@pytest.mark.parametrize("wrong, expected", [
    (lambda h, t: "trained" if h.final_loss < t else "stalled",
     r"loss became inf is labelled 'stalled': test for divergence"),
    (lambda h, t: "diverged" if h.final_loss == np.inf else ("trained" if h.final_loss < t else "stalled"),
     r"loss became NaN is labelled 'stalled': NaN is not equal to inf"),
    (lambda h, t: "diverged" if h.diverged else ("trained" if h.losses[0] < t else "stalled"),
     r"ended at loss 0\.124, below trained_below = 0\.254, is labelled 'stalled': compare the final loss"),
    (lambda h, t: "diverged" if h.diverged else ("trained" if h.final_loss > t else "stalled"),
     r"ended at loss 2\.65, above trained_below = 0\.254, is labelled 'trained'"),
    (lambda h, t: "diverged" if h.diverged else ("trained" if h.final_loss < 0.5078 else "stalled"),
     r"use the trained_below you are given"),
    (lambda h, t: h.diverged, r"one of the strings .* got True"),
    (lambda h, t: "Diverged" if h.diverged else "trained", r"is 'Diverged': write it exactly as 'diverged'"),
    (lambda h, t: np.array(["diverged", "trained"]), r"one of the strings .* got an array of shape \(2,\)"),
    (lambda h, t: "diverged" if h.diverged or (t < 1 < h.final_loss) else
     ("trained" if h.final_loss < t else "stalled"), r"labelled differently from train_many's rule"),
])
def test_classify_run_slips_get_their_hint(wrong, expected):
    assert re.search(expected, hint(check_classify_run, wrong))


def test_classify_run_agrees_with_train_many():
    from helpers.sweeps import train_many
    X, y = make_housing(n_samples=100, random_state=47)
    frame = train_many(X, y, lrs=1e-6, seeds=[17, 37], inits=["weird", "he", "normal"], max_iter=500,
                       tol=1e-6).frame
    for row in frame.itertuples():
        history = ShallowNeuralNet(2, 4, 1, init=row.init, random_state=row.seed).train(
            X, y, lr=1e-6, max_iter=500, tol=1e-6)
        assert classify_run(history, float(y.var())) == row.outcome
