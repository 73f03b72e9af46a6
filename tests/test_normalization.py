"""Batch norm, layer norm and residual connections: gradients, statistics, inference, options."""
import numpy as np
import pytest

from conftest import central_difference
from helpers.activations import ACTIVATIONS
from helpers.checkpoints import load_checkpoint, save_checkpoint
from helpers.network import NeuralNet
from helpers.normalization import normalize_backward, normalize_forward

RNG = np.random.RandomState(0)
X = RNG.uniform(-1, 1, (12, 3))
Y_REG = RNG.standard_normal((12, 2))


def assert_gradients_match(model, X, y):
    """Backpropagation against centred differences of the training-mode loss, every parameter.

    Batch norm makes each hidden bias b irrelevant (the batch mean removes it): its true
    gradient is 0, so an absolute tolerance is needed next to the relative one.
    """
    y = np.asarray(y, dtype=float).reshape(len(X), -1)
    analytic = np.concatenate([g.ravel() for g in model.gradients(X, y).values()])

    def loss(theta):
        with model.parameters_at(theta):
            return model.loss_fn.f(model.forward(X, training=True), y)
    numeric = central_difference(loss, model.theta.copy())
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


def net(normalization=None, residual=False, hidden="tanh", sizes=(3, 5, 5, 5, 2), seed=1, **kw):
    return NeuralNet(list(sizes), hidden_activation=hidden, normalization=normalization, residual=residual,
                     init="lecun", random_state=seed, **kw)


@pytest.mark.parametrize("hidden", list(ACTIVATIONS))
@pytest.mark.parametrize("normalization", [None, "batch", "layer"])
@pytest.mark.parametrize("residual", [False, True])
def test_gradients_match_finite_differences(hidden, normalization, residual):
    model = net(normalization, residual, hidden)
    # move gamma and beta away from 1 and 0 so that their gradients are exercised
    model.theta[...] += 0.1 * np.random.RandomState(2).standard_normal(model.theta.size)
    assert_gradients_match(model, X, Y_REG)


@pytest.mark.parametrize("normalization", ["batch", "layer"])
def test_gradients_with_a_sigmoid_output_and_cross_entropy(normalization):
    y = (X[:, 0] > 0).astype(int)
    model = NeuralNet([3, 6, 6, 1], hidden_activation="relu", output_activation="sigmoid",
                      loss="binary_cross_entropy", normalization=normalization, residual=True,
                      init="he", random_state=3)
    assert_gradients_match(model, X, y)


def test_the_normalization_pair_against_finite_differences():
    Z, G = RNG.standard_normal((7, 4)), RNG.standard_normal((7, 4))
    gamma, beta = RNG.uniform(0.5, 2, (1, 4)), RNG.standard_normal((1, 4))
    for kind in ("batch", "layer"):
        out, cache = normalize_forward(Z, gamma, beta, kind)
        dZ, dgamma, dbeta = normalize_backward(G, gamma, cache, kind)
        h = 1e-6
        for array, grad in ((Z, dZ), (gamma, dgamma), (beta, dbeta)):
            numeric = np.zeros_like(array)
            for i in np.ndindex(array.shape):
                old = array[i]
                array[i] = old + h
                up = (normalize_forward(Z, gamma, beta, kind)[0] * G).sum()
                array[i] = old - h
                down = (normalize_forward(Z, gamma, beta, kind)[0] * G).sum()
                array[i] = old
                numeric[i] = (up - down) / (2 * h)
            np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)


def test_batch_norm_standardizes_each_unit_over_the_batch():
    model = net("batch")
    model.params["gamma1"][...] = 2.0
    model.params["beta1"][...] = 3.0
    Zs, _, caches = model._forward(X)
    z_hat = caches[0][0]
    np.testing.assert_allclose(z_hat.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(z_hat.std(axis=0), 1, rtol=1e-4)        # eps = 1e-5 shrinks it a hair
    np.testing.assert_allclose(Zs[0].mean(axis=0), 3, atol=1e-12)
    np.testing.assert_allclose(Zs[0].std(axis=0), 2, rtol=1e-4)


def test_layer_norm_standardizes_each_sample_over_the_units():
    model = net("layer")
    for z_hat, _, _, _ in model._forward(X)[2]:
        np.testing.assert_allclose(z_hat.mean(axis=1), 0, atol=1e-12)
        np.testing.assert_allclose(z_hat.std(axis=1), 1, rtol=1e-3)


def test_running_averages_and_inference():
    model = net("batch", momentum=0.25)
    Z1 = X @ model.params["W1"] + model.params["b1"]
    bn = model.norms[0]
    model.train(X, Y_REG, lr=1e-9, max_iter=1)   # one update: the averages take the batch at theta_0 once
    mean0, var0 = Z1.mean(axis=0), Z1.var(axis=0) * 12 / 11
    np.testing.assert_allclose(bn.running_mean[0], 0.75 * 0 + 0.25 * mean0, rtol=1e-12)
    np.testing.assert_allclose(bn.running_var[0], 0.75 * 1 + 0.25 * var0, rtol=1e-12)
    # inference uses the running averages, not the statistics of the batch it is given
    one = model.forward(X[:1])
    manual = (X[:1] @ model.params["W1"] + model.params["b1"] - bn.running_mean) \
        / np.sqrt(bn.running_var + model.eps)
    manual = np.tanh(manual * model.params["gamma1"] + model.params["beta1"])
    np.testing.assert_allclose(model.activations(X[:1])[1][1], manual, rtol=1e-12)
    np.testing.assert_allclose(model.forward(X)[:1], one, rtol=1e-12)   # no dependence on the batch
    assert not np.allclose(model.forward(X, training=True)[:1], one)


def test_mini_batches_update_the_running_averages_once_per_update():
    model = net("batch", momentum=0.5)
    model.train(X, Y_REG, lr=1e-12, max_iter=3, batch_size=4, random_state=0)
    # three batch passes moved them; the whole-set passes that record the loss did not
    expected = np.zeros((1, 5))
    for batch in [b for _, b in zip(range(3), __import__("helpers").training.minibatches(12, 4, 0))]:
        Z = X[batch] @ model.params["W1"] + model.params["b1"]
        expected = 0.5 * expected + 0.5 * Z.mean(axis=0)
    np.testing.assert_allclose(model.norms[0].running_mean, expected, rtol=1e-6)


def test_residual_layers_add_their_input():
    model = net(residual=True)
    _, As, _ = model._forward(X)
    np.testing.assert_allclose(As[2], As[1] + np.tanh(As[1] @ model.params["W2"] + model.params["b2"]))
    np.testing.assert_allclose(As[3], As[2] + np.tanh(As[2] @ model.params["W3"] + model.params["b3"]))
    # with zero weights a residual layer is the identity
    for l in (2, 3):
        model.params[f"W{l}"][...] = 0
        model.params[f"b{l}"][...] = 0
    _, As, _ = model._forward(X)
    np.testing.assert_allclose(As[3], As[1])


def test_parameters_are_named_and_ordered():
    assert net().param_names == ["W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4"]
    model = net("layer")
    assert model.param_names[:4] == ["W1", "b1", "gamma1", "beta1"] and model.param_names[-2:] == ["W4", "b4"]
    assert np.all(model.params["gamma2"] == 1) and np.all(model.params["beta3"] == 0)
    assert model.theta.size == net().theta.size + 3 * 2 * 5


def test_batch_norm_nets_checkpoint_their_running_averages(tmp_path):
    model = net("batch", residual=True)
    model.train(X, Y_REG, lr=0.01, max_iter=5)
    save_checkpoint(tmp_path / "bn.npz", model)
    loaded = load_checkpoint(tmp_path / "bn.npz").model
    assert loaded.normalization == "batch" and loaded.residual
    np.testing.assert_array_equal(loaded.forward(X), model.forward(X))


@pytest.mark.parametrize("kwargs, kind, match", [
    (dict(normalization="batchnorm"), ValueError, r"'normalization' parameter of NeuralNet must be one of None, 'batch', 'layer'\. Got 'batchnorm'"),
    (dict(residual="yes"), TypeError, r"'residual' parameter of NeuralNet must be True or False\. Got 'yes'"),
    (dict(residual=True, sizes=(3, 5, 8, 2)), ValueError, r"needs hidden layers of one width.*hidden widths \[5, 8\]"),
    (dict(normalization="batch", momentum=0.0), ValueError, r"'momentum' parameter of NeuralNet must be a positive float"),
    (dict(normalization="batch", momentum=1.5), ValueError, r"'momentum' parameter of NeuralNet must be a float in \(0, 1\]"),
    (dict(normalization="layer", eps=0.0), ValueError, r"'eps' parameter of NeuralNet must be a positive float"),
])
def test_bad_options_are_rejected(kwargs, kind, match):
    with pytest.raises(kind, match=match):
        net(**kwargs)


def test_batch_norm_refuses_batches_of_one():
    with pytest.raises(ValueError, match=r"'batch_size' parameter of train must give batches of at least 2 samples for a network with batch normalization.*Got 1 instead"):
        net("batch").train(X, Y_REG, lr=0.1, batch_size=1)
    net("layer").train(X, Y_REG, lr=0.1, batch_size=1, max_iter=2)   # layer norm does not care


@pytest.mark.parametrize("normalization, residual", [("batch", True), ("layer", False), (None, True)])
def test_dashboard_and_diagnostics_work_on_normalized_and_residual_nets(normalization, residual, sine):
    import matplotlib
    matplotlib.use("Agg")
    from helpers.dashboard import layer_statistics, plot_dashboard
    from helpers.diagnostics import sharpness, update_ratios
    X, y = sine
    model = NeuralNet([2, 6, 6, 6, 1], hidden_activation="tanh", output_activation="sigmoid",
                      loss="binary_cross_entropy", init="lecun", random_state=0,
                      normalization=normalization, residual=residual)
    start = model.theta.copy()
    history = model.train(X, y, lr=0.1, max_iter=10)
    stats = layer_statistics(model, X, y)
    assert list(stats.index) == [1, 2, 3, 4] and np.isfinite(stats["grad norm W"]).all()
    assert sharpness(model, X, y) > 0 and update_ratios(model, X, y, lr=0.1)["W1"] > 0
    assert set(history.param_names) >= {"W1", "W4"}
    plot_dashboard(model, X, y, initial_theta=start, history=history)
    matplotlib.pyplot.close("all")


def test_recalibrate_sets_the_running_averages_to_the_data_statistics():
    model = net("batch")
    model.train(X, Y_REG, lr=0.05, max_iter=20)
    model.recalibrate(X)
    # each layer's running averages are now the statistics of X through the current parameters
    for norm, cache in zip(model.norms, model._forward(X, training=True)[2]):
        np.testing.assert_allclose(norm.running_mean, cache[2], rtol=1e-12)
        np.testing.assert_allclose(norm.running_var, cache[3] * 12 / 11, rtol=1e-12)
    assert model.momentum == 0.1
    # on many samples (unbiased and biased variance then agree) inference matches training mode
    big = np.random.RandomState(5).uniform(-1, 1, (2000, 3))
    model.recalibrate(big)
    np.testing.assert_allclose(model.forward(big), model.forward(big, training=True), rtol=2e-3, atol=1e-3)
    other = net("layer")
    before = other.forward(X)
    np.testing.assert_array_equal(other.recalibrate(X).forward(X), before)
