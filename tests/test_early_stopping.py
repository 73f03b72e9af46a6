"""Early stopping in helpers.training.train, and the input checks a new user runs into."""
import numpy as np
import pytest
from sklearn.model_selection import train_test_split

from helpers.datasets import make_sine_boundary
from helpers.network import MAX_PARAMETER_BYTES, NeuralNet, ShallowNeuralNet


@pytest.fixture(scope="module")
def noisy():
    X, y = make_sine_boundary(300, flip_y=0.2, random_state=4)
    return train_test_split(X, y, test_size=0.5, stratify=y, random_state=0)


def big_net(seed=0):
    return NeuralNet([2, 40, 40, 1], hidden_activation="tanh", output_activation="sigmoid",
                     loss="binary_cross_entropy", init="lecun", random_state=seed)


def test_validation_losses_are_recorded_at_every_update(noisy):
    X_tr, X_val, y_tr, y_val = noisy
    net = big_net()
    h = net.train(X_tr, y_tr, lr=0.5, max_iter=50, validation_data=(X_val, y_val), restore_best=False)
    assert h.val_losses.shape == h.losses.shape == (51,)
    assert h.val_losses[-1] == net.loss(X_val, y_val)
    assert h.best_iter == int(np.argmin(h.val_losses)) and not h.stopped_early


def test_patience_stops_and_the_best_parameters_come_back(noisy):
    X_tr, X_val, y_tr, y_val = noisy
    reference = big_net()
    long = reference.train(X_tr, y_tr, lr=0.5, max_iter=3000, validation_data=(X_val, y_val),
                           restore_best=False)
    best = int(np.argmin(long.val_losses))
    assert 0 < best < 2900                      # it overfits: the validation loss turns up
    net = big_net()
    h = net.train(X_tr, y_tr, lr=0.5, max_iter=3000, validation_data=(X_val, y_val), patience=100)
    assert h.stopped_early and h.best_iter == best and h.n_iter == best + 100
    assert "stopped early at update" in h.status and f"since update {best}" in h.status
    np.testing.assert_array_equal(h.val_losses, long.val_losses[:best + 101])
    # the model holds the parameters of the best update, not of the last one
    assert net.loss(X_val, y_val) == long.val_losses[best]
    replay = big_net()
    replay.train(X_tr, y_tr, lr=0.5, max_iter=best)
    np.testing.assert_array_equal(net.theta, replay.theta)


def test_restore_best_false_keeps_the_last_parameters(noisy):
    X_tr, X_val, y_tr, y_val = noisy
    net = big_net()
    h = net.train(X_tr, y_tr, lr=0.5, max_iter=400, validation_data=(X_val, y_val), patience=20,
                  restore_best=False)
    assert net.loss(X_val, y_val) == h.val_losses[-1]


def test_without_validation_nothing_changes(housing):
    X, y = housing
    a = ShallowNeuralNet(2, 4, 1, random_state=37).train(X, y, lr=1e-6, max_iter=100, tol=1e-6)
    assert a.val_losses is None and a.best_iter is None and not a.stopped_early
    assert round(a.final_loss, 6) == 2.654116


@pytest.mark.parametrize("kwargs, kind, match", [
    (dict(patience=10), ValueError, r"'patience' parameter of train needs validation_data"),
    (dict(validation_data=np.ones((3, 2))), TypeError, r"'validation_data' parameter of train must be a tuple"),
    (dict(validation_data=(np.ones((3, 2)), np.ones(3)), patience=0), ValueError,
     r"'patience' parameter of train must be an int >= 1"),
    (dict(validation_data=(np.ones((3, 3)), np.ones(3))), ValueError, r"'validation_data\[0\] \(X_val\)' parameter of train must have 2 columns"),
    (dict(validation_data=(np.ones((3, 2)), np.ones(3)), restore_best="yes"), TypeError,
     r"'restore_best' parameter of train must be True or False"),
])
def test_bad_early_stopping_options(housing, kwargs, kind, match):
    X, y = housing
    with pytest.raises(kind, match=match):
        ShallowNeuralNet(2, 4, 1, random_state=0).train(X, y, lr=1e-6, **kwargs)


# -- input checks -----------------------------------------------------------------------------
@pytest.mark.parametrize("labels", [2, -1, 0.5])
def test_cross_entropy_refuses_labels_other_than_0_and_1(sine, labels):
    X, y = sine
    net = NeuralNet([2, 4, 1], output_activation="sigmoid", loss="binary_cross_entropy", random_state=0)
    bad = np.where(y == 1, labels, 0)
    match = rf"'y' parameter of train must hold labels 0 or 1 .* Got 65 other value\(s\) instead: {labels:g}\."
    with pytest.raises(ValueError, match=match):
        net.train(X, bad, lr=0.1)
    with pytest.raises(ValueError, match=r"'y' parameter of loss must hold labels 0 or 1"):
        net.loss(X, bad)
    with pytest.raises(ValueError, match=r"'y' parameter of gradients must hold labels 0 or 1"):
        net.gradients(X, bad)
    with pytest.raises(ValueError, match=r"'validation_data\[1\] \(y_val\)' parameter of train must hold labels 0 or 1"):
        net.train(X, y, lr=0.1, validation_data=(X, bad))


def test_mse_accepts_any_targets(housing):
    X, y = housing
    ShallowNeuralNet(2, 4, 1, random_state=0).train(X, -y, lr=1e-6, max_iter=2)


@pytest.mark.parametrize("sizes, params", [([2, 10**9, 1], 4_000_000_001), ([100_000, 2_000, 1], 200_004_001)])
def test_networks_too_large_for_memory_are_refused(sizes, params):
    with pytest.raises(ValueError, match=rf"too large for memory: .* has {params:,} parameters, .* GiB as float64, "
                                         rf"over the limit of 1 GiB \(134,217,728 parameters\)"):
        NeuralNet(sizes)
    assert MAX_PARAMETER_BYTES == 2**30


def test_the_limit_is_on_the_parameter_count(monkeypatch):
    import helpers.network
    monkeypatch.setattr(helpers.network, "MAX_PARAMETER_BYTES", 8 * 17)
    ShallowNeuralNet(2, 4, 1)                              # 17 parameters: exactly at the limit
    with pytest.raises(ValueError, match=r"has 21 parameters"):
        ShallowNeuralNet(2, 5, 1)


@pytest.mark.parametrize("X", [np.array([["1.0", "2.0"], ["3.0", "4.0"]]), [["1", "2"], ["3", "4"]],
                               np.array([["1", 2.0], [3.0, 4.0]], dtype=object)])
def test_text_inputs_are_refused(X):
    net = ShallowNeuralNet(2, 4, 1, random_state=0)
    with pytest.raises(TypeError, match=r"'X' parameter of forward must be an array of numbers\. Got an array of text"):
        net.forward(X)
    with pytest.raises(TypeError, match=r"'y' parameter of train must be an array of numbers\. Got an array of text"):
        net.train(np.ones((2, 2)), np.array(["1", "2"]), lr=0.1)


def test_ragged_lists_are_refused_with_the_parameter_named():
    net = ShallowNeuralNet(2, 4, 1, random_state=0)
    with pytest.raises(TypeError, match=r"'X' parameter of forward must be an array of numbers\. "
                                        r"Got an object of type list instead\."):
        net.forward([[1.0, 2.0], [3.0]])
