"""Options of helpers.training.train that the fixes of notebook 03 rely on."""
import numpy as np
import pytest

from helpers.network import ShallowNeuralNet
from helpers.training import exponential_decay, inverse_time_decay, step_decay


def net(init="weird", seed=37):
    return ShallowNeuralNet(2, 4, 1, init=init, random_state=seed)


@pytest.mark.parametrize("clip", [0.5, 10.0, 1e3])
def test_clipping_bounds_the_update_norm(housing, clip):
    X, y = housing
    model = net()
    grad_norm = np.linalg.norm(np.concatenate([g.ravel() for g in model.gradients(X, y).values()]))
    assert grad_norm > clip  # weird init: the raw gradient is huge
    before = model.theta.copy()
    model.train(X, y, lr=1e-3, max_iter=1, clip_norm=clip)
    step = before - model.theta
    assert np.linalg.norm(step) == pytest.approx(1e-3 * clip, rel=1e-9)
    # clipping rescales, it does not turn: the step points along the gradient
    unclipped = net()
    unclipped.train(X, y, lr=1e-3, max_iter=1)
    np.testing.assert_allclose(step, (before - unclipped.theta) * clip / grad_norm, rtol=1e-6)


def test_clipping_every_update_of_a_run(housing):
    X, y = housing
    history = net().train(X, y, lr=1e-6, max_iter=200, clip_norm=100.0)
    steps = np.sqrt((history.grad_norms[:-1] ** 2).sum(axis=1))  # global norm before clipping
    assert (steps > 100).any() and not history.diverged  # clipping saves the weird init
    total = np.minimum(steps, 100.0) * 1e-6
    # per-parameter step norms recorded by the trainer add up to the clipped global step
    model = net()
    thetas = [model.theta.copy()]
    for _ in range(5):
        model.train(X, y, lr=1e-6, max_iter=1, clip_norm=100.0)
        thetas.append(model.theta.copy())
    np.testing.assert_allclose(np.linalg.norm(np.diff(thetas, axis=0), axis=1), total[:5], rtol=1e-9)


def test_clipping_does_nothing_below_the_threshold(housing):
    X, y = housing
    a = net("normal").train(X, y, lr=1e-6, max_iter=50)
    b = net("normal").train(X, y, lr=1e-6, max_iter=50, clip_norm=1e12)
    np.testing.assert_array_equal(a.losses, b.losses)


@pytest.mark.parametrize("schedule, expected", [
    (inverse_time_decay(0.5), [1, 1 / 1.5, 1 / 2, 1 / 2.5]),
    (exponential_decay(0.9), [1, 0.9, 0.81, 0.729]),
    (step_decay(2, 0.1), [1, 1, 0.1, 0.1]),
])
def test_schedule_values_and_recorded_learning_rates(housing, schedule, expected):
    X, y = housing
    np.testing.assert_allclose([schedule(t) for t in range(4)], expected, rtol=1e-12)
    history = net("normal").train(X, y, lr=1e-6, max_iter=4, lr_schedule=schedule)
    np.testing.assert_allclose(history.learning_rates, 1e-6 * np.array(expected), rtol=1e-12)


def test_update_ratios_are_step_over_parameter(housing):
    X, y = housing
    model = net("normal")
    before = model.get_params()
    grads = model.gradients(X, y)
    history = model.train(X, y, lr=1e-6, max_iter=1)
    expected = [np.linalg.norm(1e-6 * grads[p]) / np.linalg.norm(before[p]) for p in model.param_names]
    np.testing.assert_allclose(history.update_ratios[0], expected, rtol=1e-12)
    np.testing.assert_allclose(history.grad_norms[0], [np.linalg.norm(grads[p]) for p in model.param_names],
                               rtol=1e-12)


@pytest.mark.parametrize("factory, args, match", [
    (inverse_time_decay, (-1.0,), "'decay' parameter of inverse_time_decay must be a non-negative float"),
    (exponential_decay, (1.5,), r"'rate' parameter of exponential_decay must be a float in \(0, 1\]"),
    (exponential_decay, (0.0,), "'rate' parameter of exponential_decay must be a positive float"),
    (step_decay, (0,), "'every' parameter of step_decay must be an int >= 1"),
])
def test_schedule_bad_inputs(factory, args, match):
    with pytest.raises(ValueError, match=match):
        factory(*args)


def test_train_rejects_bad_clip_and_schedule(housing):
    X, y = housing
    with pytest.raises(ValueError, match="'clip_norm' parameter of train must be a positive float or None"):
        net().train(X, y, lr=1e-6, clip_norm=-1.0)
    with pytest.raises(TypeError, match="'lr_schedule' parameter of train must be a callable"):
        net().train(X, y, lr=1e-6, lr_schedule=0.5)
