import warnings

import numpy as np
import pytest
from lecture_reference import LectureShallowNeuralNet

from helpers.network import ShallowNeuralNet
from helpers.training import TrainingDiverged, train


def lecture_net(init="normal", seed=37):
    return ShallowNeuralNet(2, 4, 1, init=init, random_state=seed)


def test_calibration_normal_init(housing):
    X, y = housing
    net = lecture_net()
    history = net.train(X, y, lr=1e-6, max_iter=100, tol=1e-6)
    assert history is net.history
    assert history.n_iter == 100 and len(history.losses) == 101
    np.testing.assert_allclose(history.final_loss, 2.654116, rtol=1e-6)
    np.testing.assert_allclose(history.final_loss, 2.654115820074732, rtol=1e-9)
    np.testing.assert_allclose(history.losses[1], 6.635228, rtol=1e-6)
    assert history.first_nonfinite is None and not history.converged
    assert history.status == "stopped after max_iter=100 updates"


@pytest.mark.parametrize("init, seed, max_iter", [("normal", 37, 100), ("lecun", 37, 100),
                                                  ("weird", 17, 500), ("normal", 37, 1000),
                                                  ("he", 37, 11)])
def test_same_losses_as_the_lectures_two_pass_loop(housing, init, seed, max_iter):
    X, y = housing
    reference = LectureShallowNeuralNet(2, 4, 1, init_type=init, seed=seed).train(
        X, y, N_max=max_iter, alpha=1e-6, delta=1e-6)
    history = lecture_net(init, seed).train(X, y, lr=1e-6, max_iter=max_iter, tol=1e-6)
    assert len(history.losses) == len(reference)
    np.testing.assert_allclose(history.losses, reference, rtol=1e-9)


def test_lucky_seed_stops_early_unlucky_seed_diverges(housing):
    X, y = housing
    lucky = lecture_net("weird", 17).train(X, y, lr=1e-6, max_iter=500, tol=1e-6)
    assert lucky.converged and lucky.n_iter < 500
    assert abs(lucky.losses[-1] - lucky.losses[-2]) < 1e-6 <= abs(lucky.losses[-2] - lucky.losses[-3])
    unlucky = lecture_net("weird", 37).train(X, y, lr=1e-6, max_iter=500, tol=1e-6)
    assert unlucky.diverged and unlucky.n_iter == unlucky.first_nonfinite


def test_explosion_is_reported_without_warnings(housing):
    X, y = housing
    net = lecture_net()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any numpy RuntimeWarning would fail here
        history = net.train(X, y, lr=1e-2, max_iter=100, tol=1e-6)
    t = history.first_nonfinite
    assert t is not None and history.diverged and history.n_iter == t
    assert np.all(np.isfinite(history.losses[:t])) and not np.isfinite(history.losses[t])
    assert f"after update {t}" in history.status
    # the explosion is visible before the NaN: the steps outgrow the parameters
    assert history.update_ratios[t - 2].max() > 1


def test_raise_and_continue_on_nonfinite(housing):
    X, y = housing
    with pytest.raises(TrainingDiverged, match=r"diverged: the loss became (nan|inf) after update \d+ \(lr=0\.01\)"):
        lecture_net().train(X, y, lr=1e-2, max_iter=100, on_nonfinite="raise")
    stopped = lecture_net().train(X, y, lr=1e-2, max_iter=100)
    carried = lecture_net().train(X, y, lr=1e-2, max_iter=20, on_nonfinite="continue")
    assert carried.n_iter == 20 and carried.first_nonfinite == stopped.first_nonfinite


def test_zero_init_moves_only_b2(housing):
    X, y = housing
    net = lecture_net("zeros")
    net.train(X, y, lr=1e-6, max_iter=100, tol=1e-6)
    assert not net.W1.any() and not net.b1.any() and not net.W2.any()
    assert net.b2[0, 0] > 0


def test_constant_init_keeps_hidden_units_identical(housing):
    X, y = housing
    net = lecture_net("constant")
    net.train(X, y, lr=1e-6, max_iter=2000)
    assert np.ptp(net.W1, axis=1).max() == 0 and np.ptp(net.W2) == 0 and np.ptp(net.b1) == 0
    assert net.W1[0, 0] != 0.1  # they moved, together


def test_history_records(housing):
    X, y = housing
    h = lecture_net().train(X, y, lr=1e-6, max_iter=10)
    assert h.grad_norms.shape == (11, 4) and h.update_ratios.shape == (10, 4)
    np.testing.assert_array_equal(h.learning_rates, np.full(10, 1e-6))
    frame = h.to_frame()
    assert list(frame.columns) == ["loss", "grad_norm_W1", "grad_norm_b1", "grad_norm_W2", "grad_norm_b2"]
    assert frame.index.name == "iteration" and len(frame) == 11
    first = ShallowNeuralNet(2, 4, 1, random_state=37)
    g = first.gradients(X, y)
    np.testing.assert_allclose(h.grad_norms[0], [np.linalg.norm(g[p]) for p in first.param_names])
    np.testing.assert_allclose(h.update_ratios[0], [1e-6 * np.linalg.norm(g[p]) / np.linalg.norm(first.params[p])
                                                    for p in first.param_names])
    assert repr(h).startswith("History(n_iter=10, final_loss=")


def test_training_from_nonfinite_start_stops_at_once(housing):
    X, y = housing
    net = lecture_net()
    net.theta[0] = np.inf
    h = net.train(X, y, lr=1e-6)
    assert h.first_nonfinite == 0 and h.n_iter == 0


@pytest.mark.parametrize("kwargs, error, match", [
    ({"lr": 0}, ValueError, r"'lr' parameter of train must be a positive float\. Got 0\.0 instead"),
    ({"lr": -1}, ValueError, r"'lr' parameter of train must be a positive float\. Got -1\.0 instead"),
    ({"lr": "big"}, TypeError, r"'lr' parameter of train must be a positive float\. Got 'big'"),
    ({"lr": float("nan")}, ValueError, r"'lr' parameter of train must be a positive float\. Got nan"),
    ({"lr": 1e-6, "max_iter": 0}, ValueError, r"'max_iter' parameter of train must be an int >= 1\. Got 0"),
    ({"lr": 1e-6, "max_iter": 10.0}, TypeError, r"'max_iter' parameter of train must be an int >= 1\. Got 10\.0"),
    ({"lr": 1e-6, "tol": -1e-6}, ValueError, r"'tol' parameter of train must be a non-negative float or None"),
    ({"lr": 1e-6, "clip_norm": 0}, ValueError, r"'clip_norm' parameter of train must be a positive float or None"),
    ({"lr": 1e-6, "lr_schedule": 0.5}, TypeError, r"'lr_schedule' parameter of train must be a callable"),
    ({"lr": 1e-6, "on_nonfinite": "ignore"}, ValueError, r"'on_nonfinite' parameter of train must be one of 'stop', 'raise', 'continue'\. Got 'ignore'"),
])
def test_bad_training_options(housing, kwargs, error, match):
    X, y = housing
    with pytest.raises(error, match=match):
        lecture_net().train(X, y, **kwargs)


def test_bad_training_data(housing):
    X, y = housing
    X_nan = X.copy()
    X_nan[3, 1] = np.nan
    with pytest.raises(ValueError, match=r"'X' parameter of train must contain only finite numbers\. Got 1 NaN or infinite"):
        train(lecture_net(), X_nan, y, lr=1e-6)
    with pytest.raises(ValueError, match=r"'y' parameter of train must have one row per row of X \(100\)"):
        train(lecture_net(), X, y[:50], lr=1e-6)
    with pytest.raises(ValueError, match=r"'X' parameter of train must have 2 columns"):
        train(lecture_net(), X[:, :1], y, lr=1e-6)
    y_inf = y.copy()
    y_inf[0] = np.inf
    with pytest.raises(ValueError, match=r"'y' parameter of train must contain only finite numbers"):
        train(lecture_net(), X, y_inf, lr=1e-6)
