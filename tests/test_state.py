"""A model's state is one thing: parameters and batch-norm statistics, saved, restored and resumed together."""
import numpy as np
import pytest

from helpers.checkpoints import load_checkpoint, save_checkpoint
from helpers.network import NeuralNet
from helpers.optimizers import OPTIMIZERS, Adam

OPTIMIZER_NAMES = list(OPTIMIZERS)


def bn_net(normalization="batch", seed=0):
    return NeuralNet([2, 8, 8, 1], hidden_activation="tanh", output_activation="sigmoid",
                     loss="binary_cross_entropy", init="lecun", random_state=seed,
                     normalization=normalization)


def assert_same_state(a, b):
    sa, sb = a.state_dict(), b.state_dict()
    assert sa.keys() == sb.keys()
    for key in sa:
        np.testing.assert_array_equal(sa[key], sb[key], err_msg=key)


def test_state_dict_holds_theta_and_the_running_statistics():
    net = bn_net()
    state = net.state_dict()
    assert sorted(state) == ["running_mean1", "running_mean2", "running_var1", "running_var2", "theta"]
    state["theta"][0] += 1                       # a copy: the net does not change
    assert net.theta[0] != state["theta"][0]
    assert sorted(bn_net("layer").state_dict()) == ["theta"]     # layer norm keeps no statistics


def test_load_state_dict_puts_everything_back(sine):
    X, y = sine
    net = bn_net()
    saved = net.state_dict()
    net.train(X, y, lr=0.1, max_iter=5)
    assert not np.array_equal(net.norms[0].running_mean, saved["running_mean1"])
    net.load_state_dict(saved)
    assert_same_state(net, bn_net())
    with pytest.raises(ValueError, match=r"'state' parameter of load_state_dict must be a dict with the keys"):
        net.load_state_dict({"theta": saved["theta"]})
    with pytest.raises(ValueError, match=r"'running_var1' parameter of load_state_dict must have shape \(1, 8\)"):
        net.load_state_dict({**saved, "running_var1": np.ones(8)})


def test_parameters_at_restores_the_statistics_too(sine):
    X, y = sine
    net = bn_net()
    before = net.state_dict()
    with net.parameters_at(net.theta * 2):
        net.recalibrate(X)                      # moves the statistics inside the block
    assert_same_state(net, bn_net())
    np.testing.assert_array_equal(net.state_dict()["running_mean1"], before["running_mean1"])


@pytest.mark.parametrize("resume_with", ["history", "checkpoint"])
def test_full_batch_with_batch_norm_two_calls_equal_one(tmp_path, sine, resume_with):
    """N updates move the running averages N times: 6 + 6 updates is 12, statistics and predictions too."""
    X, y = sine
    straight = bn_net()
    full = straight.train(X, y, lr=0.1, max_iter=12)
    net = bn_net()
    first = net.train(X, y, lr=0.1, max_iter=6)
    if resume_with == "checkpoint":
        save_checkpoint(tmp_path / "bn.npz", net, history=first)
        net, _, first, _, _ = load_checkpoint(tmp_path / "bn.npz")
    second = net.train(X, y, lr=0.1, max_iter=6, resume=first)
    assert_same_state(net, straight)
    np.testing.assert_array_equal(np.r_[first.losses, second.losses[1:]], full.losses)
    np.testing.assert_array_equal(net.predict_proba(X), straight.predict_proba(X))


def test_one_update_moves_the_statistics_once(sine):
    X, y = sine
    net = bn_net()
    Z1 = X @ net.params["W1"] + net.params["b1"]
    net.train(X, y, lr=0.1, max_iter=1)
    np.testing.assert_allclose(net.norms[0].running_mean[0], 0.1 * Z1.mean(axis=0), rtol=1e-12)


def test_validation_uses_inference_mode(sine):
    """The recorded validation loss is the loss every prediction gives: batch norm's running averages."""
    X, y = sine
    net = bn_net()
    h = net.train(X[:60], y[:60], lr=0.2, max_iter=15, validation_data=(X[60:], y[60:]), restore_best=False)
    assert h.val_losses[-1] == net.loss(X[60:], y[60:])
    with net.parameters_at(None):
        training_mode = net.loss_fn.f(net.forward(X[60:], training=True), y[60:, None])
    assert h.val_losses[-1] != training_mode      # and not the validation batch's own statistics


def test_restore_best_puts_back_the_statistics_of_that_update(sine):
    X, y = sine
    net = bn_net()
    h = net.train(X[:60], y[:60], lr=0.5, max_iter=40, validation_data=(X[60:], y[60:]))
    assert 0 < h.best_iter < h.n_iter                  # the best update is not the last one
    again = bn_net()
    again.train(X[:60], y[:60], lr=0.5, max_iter=h.best_iter)
    assert_same_state(net, again)
    assert net.loss(X[60:], y[60:]) == h.val_losses[h.best_iter]


def snapshot(net, history=None):
    opt = history.optimizer if history else None
    return (net.state_dict(), opt.state_dict() if opt else None,
            history.batches._snapshot() if history and history.batches else None, net.history)


def assert_unchanged(before, net, history=None):
    after = snapshot(net, history)
    for key in before[0]:
        np.testing.assert_array_equal(before[0][key], after[0][key], err_msg=key)
    if before[1] is not None:
        assert before[1]["t"] == after[1]["t"]
        for key in before[1]["state"]:
            np.testing.assert_array_equal(before[1]["state"][key], after[1]["state"][key])
    if before[2] is not None:
        assert before[2][2] == after[2][2]
        np.testing.assert_array_equal(before[2][1], after[2][1])
        assert str(before[2][0]) == str(after[2][0])
    assert after[3] is before[3]


def test_a_failed_call_changes_nothing(sine):
    X, y = sine
    other = Adam()
    NeuralNet([2, 3, 1], random_state=0).train(X, y, lr=0.01, max_iter=2, optimizer=other)
    net = bn_net()
    h = net.train(X, y, lr=0.1, max_iter=5, optimizer="adam", batch_size=16, random_state=0)
    before = snapshot(net, h)
    with pytest.raises(ValueError, match="belongs to another network"):
        net.train(X, y, lr=0.1, max_iter=5, optimizer=other)
    assert_unchanged(before, net, h)

    def schedule(t):                            # fails at the 4th update of this call
        if t >= h.n_iter + 3:
            raise RuntimeError("the schedule broke")
        return 1.0
    with pytest.raises(RuntimeError, match="the schedule broke"):
        net.train(X, y, lr=0.1, max_iter=10, lr_schedule=schedule, resume=h)
    assert_unchanged(before, net, h)
    with pytest.raises(ValueError, match=r"lr_schedule\(8\) returned 'x'"):
        net.train(X, y, lr=0.1, max_iter=10, lr_schedule=lambda t: 1.0 if t < 8 else "x", resume=h)
    assert_unchanged(before, net, h)
    # and the run, resumed after those failures, is still the uninterrupted one
    straight = bn_net()
    straight.train(X, y, lr=0.1, max_iter=12, optimizer="adam", batch_size=16, random_state=0)
    net.train(X, y, lr=0.1, max_iter=7, resume=h)
    assert_same_state(net, straight)


@pytest.mark.parametrize("normalization", [None, "batch"])
@pytest.mark.parametrize("name", OPTIMIZER_NAMES)
@pytest.mark.parametrize("k", [1, 9, 13])     # 100 samples in batches of 16: 7 updates an epoch
def test_resume_mid_epoch_is_the_uninterrupted_run(tmp_path, sine, name, normalization, k):
    X, y = sine
    settings = dict(lr=0.05, optimizer=name, batch_size=16)
    straight = bn_net(normalization)
    full = straight.train(X, y, max_iter=30, random_state=3, **settings)
    net = bn_net(normalization)
    first = net.train(X, y, max_iter=k, random_state=3, **settings)
    save_checkpoint(tmp_path / "mid.npz", net, history=first)
    second = net.train(X, y, max_iter=30 - k, resume=first, lr=0.05)      # continued in memory
    assert_same_state(net, straight)
    np.testing.assert_array_equal(np.r_[first.losses, second.losses[1:]], full.losses)
    loaded, _, h, _, _ = load_checkpoint(tmp_path / "mid.npz")           # and from the file
    third = loaded.train(X, y, max_iter=30 - k, resume=h, **settings)
    assert_same_state(loaded, straight)
    np.testing.assert_array_equal(third.losses, second.losses)
    assert h.optimizer.t == 30 and second.optimizer is first.optimizer


def test_a_schedule_continues_its_count_when_resumed(housing):
    X, y = housing
    X = X / X.std(axis=0)
    decay = lambda t: 1.0 / (1.0 + 0.5 * t)
    straight = NeuralNet([2, 4, 1], random_state=1)
    full = straight.train(X, y, lr=0.01, max_iter=10, lr_schedule=decay, optimizer="momentum")
    net = NeuralNet([2, 4, 1], random_state=1)
    first = net.train(X, y, lr=0.01, max_iter=4, lr_schedule=decay, optimizer="momentum")
    second = net.train(X, y, lr=0.01, max_iter=6, lr_schedule=decay, resume=first)
    np.testing.assert_array_equal(np.r_[first.learning_rates, second.learning_rates], full.learning_rates)
    np.testing.assert_array_equal(net.theta, straight.theta)


@pytest.mark.parametrize("kwargs, kind, match", [
    (dict(resume="history"), TypeError, r"'resume' parameter of train must be the History of an earlier run"),
    (dict(resume="h", optimizer="sgd"), ValueError, r"'optimizer' parameter of train must be left out \(or be 'adam'\)"),
    (dict(resume="h", random_state=0), ValueError, r"'random_state' parameter of train must be None when resuming"),
    (dict(resume="h", batch_size=10), ValueError, r"'batch_size' parameter of train must be left out \(or be 16\)"),
])
def test_resume_refuses_conflicting_options(sine, kwargs, kind, match):
    X, y = sine
    net = bn_net(None)
    h = net.train(X, y, lr=0.1, max_iter=3, optimizer="adam", batch_size=16, random_state=0)
    if kwargs.get("resume") == "h":
        kwargs["resume"] = h
    with pytest.raises(kind, match=match):
        net.train(X, y, lr=0.1, max_iter=3, **kwargs)


def test_resume_needs_the_same_training_set(sine):
    X, y = sine
    net = bn_net(None)
    h = net.train(X, y, lr=0.1, max_iter=3, batch_size=16, random_state=0)
    with pytest.raises(ValueError, match=r"'X' parameter of train must have the 100 samples of the run being resumed"):
        net.train(X[:50], y[:50], lr=0.1, resume=h)
