"""helpers.training.train with mini-batches and every update rule."""
import numpy as np
import pytest

from helpers.network import NeuralNet, ShallowNeuralNet
from helpers.optimizers import OPTIMIZERS, Adam, GradientDescent, Momentum
from helpers.training import minibatches


def lecture_net(init="normal", seed=37):
    return ShallowNeuralNet(2, 4, 1, init=init, random_state=seed)


def take(stream, k):
    return [next(stream) for _ in range(k)]


@pytest.mark.parametrize("n, B", [(100, 1), (100, 16), (100, 100), (7, 3)])
def test_each_epoch_uses_every_sample_once(n, B):
    per_epoch = -(-n // B)
    batches = take(minibatches(n, B, 5), 3 * per_epoch)
    for e in range(3):
        epoch = batches[e * per_epoch:(e + 1) * per_epoch]
        assert [len(b) for b in epoch[:-1]] == [B] * (per_epoch - 1)
        assert len(epoch[-1]) == n - B * (per_epoch - 1)  # the last may be smaller
        assert sorted(np.concatenate(epoch)) == list(range(n))


def test_batches_follow_the_documented_permutations():
    rs = np.random.RandomState(11)
    expected = [p[s:s + 30] for p in (rs.permutation(100), rs.permutation(100)) for s in range(0, 100, 30)]
    for got, want in zip(take(minibatches(100, 30, 11), 8), expected):
        np.testing.assert_array_equal(got, want)


def test_same_seed_same_run_other_seed_other_run(housing):
    X, y = housing
    X = X / X.std(axis=0)
    runs = [lecture_net().train(X, y, lr=1e-3, max_iter=60, batch_size=10, random_state=s).losses
            for s in (4, 4, 5)]
    np.testing.assert_array_equal(runs[0], runs[1])
    assert not np.array_equal(runs[0], runs[2])


def test_full_batch_as_one_minibatch_equals_full_batch(housing):
    X, y = housing
    full = lecture_net().train(X, y, lr=1e-6, max_iter=200)
    one = lecture_net().train(X, y, lr=1e-6, max_iter=200, batch_size=len(X), random_state=0)
    # the same gradient, summed over the rows in another order: equal to rounding
    np.testing.assert_allclose(one.losses, full.losses, rtol=1e-10)
    np.testing.assert_allclose(one.update_ratios, full.update_ratios, rtol=1e-8)


def test_the_default_is_full_batch_gradient_descent_bit_for_bit(housing):
    X, y = housing
    default = lecture_net("weird").train(X, y, lr=1e-6, max_iter=50, clip_norm=100.0)
    for optimizer in ("gd", GradientDescent()):
        other = lecture_net("weird").train(X, y, lr=1e-6, max_iter=50, clip_norm=100.0,
                                           optimizer=optimizer)
        np.testing.assert_array_equal(other.losses, default.losses)
        np.testing.assert_array_equal(other.update_ratios, default.update_ratios)


def test_minibatch_losses_are_whole_training_set_losses(sine):
    X, y = sine
    net = NeuralNet([2, 8, 1], hidden_activation="tanh", output_activation="sigmoid",
                    loss="binary_cross_entropy", init="lecun", random_state=0)
    h = net.train(X, y, lr=0.5, max_iter=37, batch_size=8, random_state=1)
    assert h.final_loss == net.loss(X, y)
    assert h.batch_size == 8 and h.n_samples == 100
    # 12 batches of 8 and one of 4 per epoch
    assert h.samples_seen[13] == 100 and h.samples_seen[37] == 2 * 100 + 11 * 8
    np.testing.assert_array_equal(h.epochs[[0, 13, 26]], [0, 1, 2])


def manual_run(net, X, y, lr, n_updates, optimizer, batches):
    """The loop of notebook 09, written out: batch gradient, update rule, step."""
    for _, batch in zip(range(n_updates), batches):
        grads = net.gradients(X[batch], y[batch])
        g = np.concatenate([grads[p].ravel() for p in net.param_names])
        optimizer.step(net.theta, g, lr)
    return net.theta


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_trainer_equals_the_loop_written_out(sine, name):
    X, y = sine

    def net():
        return NeuralNet([2, 6, 1], hidden_activation="tanh", output_activation="sigmoid",
                         loss="binary_cross_entropy", init="lecun", random_state=2)
    trained = net()
    h = trained.train(X, y, lr=0.05, max_iter=25, batch_size=16, random_state=9, optimizer=name)
    by_hand = manual_run(net(), X, y, 0.05, 25, OPTIMIZERS[name](), minibatches(100, 16, 9))
    np.testing.assert_allclose(trained.theta, by_hand, rtol=1e-12, atol=1e-15)
    assert h.optimizer.t == 25


@pytest.mark.parametrize("name", ["momentum", "adam"])
def test_update_ratios_measure_the_step_actually_taken(housing, name):
    X, y = housing
    net = lecture_net()
    before = net.theta.copy()
    h = net.train(X, y, lr=1e-3, max_iter=1, optimizer=name)
    step = before - net.theta
    for i, p in enumerate(net.param_names):
        view = net.grad_views(step)[i]
        start = net.grad_views(before)[i]
        assert h.update_ratios[0, i] == pytest.approx(np.linalg.norm(view) / np.linalg.norm(start), rel=1e-12)


def test_clipping_acts_on_the_gradient_before_the_rule(housing):
    X, y = housing
    net = lecture_net("weird")
    g = np.concatenate([v.ravel() for v in net.gradients(X, y).values()])
    assert np.linalg.norm(g) > 10
    expected = net.theta.copy()
    Momentum().step(expected, g * 10 / np.linalg.norm(g), 1e-4)
    net.train(X, y, lr=1e-4, max_iter=1, clip_norm=10.0, optimizer="momentum")
    np.testing.assert_allclose(net.theta, expected, rtol=1e-13)


@pytest.mark.parametrize("name, batch_size", [("gd", None), ("adam", None), ("momentum", 10), ("adam", 25)])
def test_an_optimizer_object_continues_training_exactly(housing, name, batch_size):
    """k updates, then k more with the same optimizer (and the same shuffling stream), equal 2k."""
    X, y = housing
    X = X / X.std(axis=0)
    k = 20  # a whole number of epochs for both batch sizes
    once = lecture_net()
    h = once.train(X, y, lr=1e-3, max_iter=2 * k, optimizer=name, batch_size=batch_size,
                   random_state=np.random.RandomState(3))
    twice = lecture_net()
    opt, rng = OPTIMIZERS[name](), np.random.RandomState(3)
    first = twice.train(X, y, lr=1e-3, max_iter=k, optimizer=opt, batch_size=batch_size, random_state=rng)
    second = twice.train(X, y, lr=1e-3, max_iter=k, optimizer=first.optimizer, batch_size=batch_size,
                         random_state=rng)
    np.testing.assert_array_equal(twice.theta, once.theta)
    np.testing.assert_array_equal(np.concatenate([first.losses, second.losses[1:]]), h.losses)
    assert opt.t == 2 * k


def test_a_new_name_starts_from_an_empty_state(housing):
    X, y = housing
    net = lecture_net()
    a = net.train(X, y, lr=1e-3, max_iter=3, optimizer="adam").optimizer
    b = net.train(X, y, lr=1e-3, max_iter=3, optimizer="adam").optimizer
    assert a is not b and b.t == 3


def test_an_optimizer_of_another_network_is_refused(housing, sine):
    X, y = housing
    opt = Adam()
    lecture_net().train(X, y, lr=1e-3, max_iter=2, optimizer=opt)
    bigger = ShallowNeuralNet(2, 8, 1, random_state=0)
    with pytest.raises(ValueError, match=r"'optimizer' holds state of shape \(17,\) .* parameters have shape \(33,\)"):
        bigger.train(X, y, lr=1e-3, max_iter=2, optimizer=opt)


def test_sgd_trains_the_sine_boundary(sine):
    X, y = sine
    net = NeuralNet([2, 10, 1], hidden_activation="tanh", output_activation="sigmoid",
                    loss="binary_cross_entropy", init="lecun", random_state=1)
    h = net.train(X, y, lr=0.1, max_iter=3000, batch_size=1, random_state=0)
    assert h.final_loss < 0.5 * h.losses[0] and not h.diverged


def test_divergence_with_minibatches_is_reported(housing):
    X, y = housing
    h = lecture_net().train(X, y, lr=1e-2, max_iter=100, batch_size=10, random_state=0)
    assert h.diverged and h.n_iter == h.first_nonfinite < 100
    assert "diverged" in h.status


@pytest.mark.parametrize("value, kind, message", [
    (0, ValueError, r"'batch_size' parameter of train must be None \(full batch\) or an int in \[1, 100\] "
                    r"\(the number of samples\)\. Got 0 instead\."),
    (101, ValueError, r"in \[1, 100\].*Got 101 instead"),
    (-5, ValueError, r"Got -5 instead"),
    (2.5, TypeError, r"'batch_size' parameter of train.*Got 2\.5 instead"),
    (True, TypeError, r"Got True instead"),
    ("8", TypeError, r"Got '8' instead"),
])
def test_bad_batch_sizes_are_rejected(housing, value, kind, message):
    X, y = housing
    with pytest.raises(kind, match=message):
        lecture_net().train(X, y, lr=1e-6, batch_size=value)


def test_bad_optimizers_and_seeds_are_rejected(housing):
    X, y = housing
    with pytest.raises(ValueError, match=r"Unknown optimizer 'adma'\. Choose one of: gd, momentum"):
        lecture_net().train(X, y, lr=1e-6, optimizer="adma")
    with pytest.raises(TypeError, match=r"'optimizer' parameter of train must be an optimizer name"):
        lecture_net().train(X, y, lr=1e-6, optimizer=5)
    with pytest.raises(TypeError, match=r"'random_state' parameter of train must be None, an int"):
        lecture_net().train(X, y, lr=1e-6, batch_size=10, random_state="seed")
    with pytest.raises(ValueError, match=r"'random_state' parameter of train.*Got -1 instead"):
        lecture_net().train(X, y, lr=1e-6, random_state=-1)
