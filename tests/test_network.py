import numpy as np
import pytest
from conftest import central_difference

from helpers.network import NeuralNet, ShallowNeuralNet


def numeric_gradients(net, X, y):
    """Centred finite differences of net.loss over the flat parameter vector."""
    theta0 = net.theta.copy()

    def loss_at(theta):
        net.theta[...] = theta
        return net.loss(X, y)
    numeric = central_difference(loss_at, theta0, h=1e-6)
    net.theta[...] = theta0
    return dict(zip(net.param_names, net.grad_views(numeric)))


def test_shallow_gradients_match_finite_differences(housing):
    X, y = housing
    X = X / 1000  # keep the finite differences well conditioned
    net = ShallowNeuralNet(2, 4, 1, init="normal", random_state=37)
    analytic, numeric = net.gradients(X, y), numeric_gradients(net, X, y)
    for name in net.param_names:
        np.testing.assert_allclose(analytic[name], numeric[name], rtol=1e-6, atol=1e-9)


def test_shallow_gradients_are_the_lecture_formulas(housing):
    X, y = housing
    net = ShallowNeuralNet(2, 4, 1, init="normal", random_state=37)
    m, y = len(X), y[:, None]
    Z1 = X @ net.W1 + net.b1
    eps = Z1 @ net.W2 + net.b2 - y
    dZ1 = eps @ net.W2.T
    want = {"W2": 2 / m * Z1.T @ eps, "b2": 2 / m * eps.sum(0, keepdims=True),
            "W1": 2 / m * X.T @ dZ1, "b1": 2 / m * dZ1.sum(0, keepdims=True)}
    got = net.gradients(X, y)
    for name, value in want.items():
        np.testing.assert_allclose(got[name], value, rtol=1e-12)


@pytest.mark.parametrize("hidden, output, loss", [
    ("sigmoid", "sigmoid", "binary_cross_entropy"),
    ("tanh", "sigmoid", "binary_cross_entropy"),
    ("tanh", "identity", "mse"),
    ("elu", "sigmoid", "mse"),
])
def test_deep_gradients_match_finite_differences(sine, hidden, output, loss):
    X, y = sine
    net = NeuralNet([2, 5, 3, 1], hidden_activation=hidden, output_activation=output, loss=loss,
                    init="xavier_normal", random_state=0)
    analytic, numeric = net.gradients(X, y), numeric_gradients(net, X, y)
    for name in net.param_names:
        np.testing.assert_allclose(analytic[name], numeric[name], rtol=1e-5, atol=1e-9)


def test_parameters_are_views_of_theta():
    net = ShallowNeuralNet(2, 4, 1, random_state=0)
    net.theta[:] = np.arange(net.theta.size)
    assert net.W1.tolist() == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert net.b2.tolist() == [[16]]
    net.W2 /= 2  # in place, as the lecture divides its parameters
    assert net.theta[12:16].tolist() == [6, 6.5, 7, 7.5]
    net.b1 = np.zeros((1, 4))
    assert not net.theta[8:12].any()


def test_set_params_rejects_bad_names_and_shapes():
    net = ShallowNeuralNet(2, 4, 1, random_state=0)
    with pytest.raises(ValueError, match=r"Unknown parameter 'W3'\. Choose one of: W1, b1, W2, b2"):
        net.set_params(W3=np.zeros((4, 1)))
    with pytest.raises(ValueError, match=r"'W1' parameter of set_params must have shape \(2, 4\)\. Got shape \(4, 2\)"):
        net.W1 = np.zeros((4, 2))


def test_forward_shapes_and_predict(sine):
    X, y = sine
    net = NeuralNet([2, 3, 1], hidden_activation="tanh", output_activation="sigmoid",
                    loss="binary_cross_entropy", random_state=0)
    assert net.forward(X).shape == (100, 1)
    proba = net.predict_proba(X)
    assert proba.shape == (100,) and np.all((proba > 0) & (proba < 1))
    np.testing.assert_array_equal(net.predict(X), (proba >= 0.5).astype(int))


@pytest.mark.parametrize("args, error, match", [
    ((2, 0, 1), ValueError, r"'n_h' parameter of ShallowNeuralNet must be an int >= 1\. Got 0"),
    ((2, 4.0, 1), TypeError, r"'n_h' parameter of ShallowNeuralNet must be an int >= 1\. Got 4\.0"),
    ((0, 4, 1), ValueError, r"'n_x' parameter of ShallowNeuralNet"),
    ((2, 4, -1), ValueError, r"'n_y' parameter of ShallowNeuralNet"),
])
def test_bad_sizes(args, error, match):
    with pytest.raises(error, match=match):
        ShallowNeuralNet(*args, random_state=0)


@pytest.mark.parametrize("kwargs, match", [
    ({"init": "xavir"}, r"Unknown init 'xavir'\. Choose one of"),
    ({"hidden_activation": "swish"}, r"Unknown hidden_activation 'swish'"),
    ({"output_activation": "softmax"}, r"Unknown output_activation 'softmax'"),
    ({"loss": "hinge"}, r"Unknown loss 'hinge'"),
    ({"random_state": -3}, r"'random_state' parameter of initialize must be None, an int"),
    ({"init_scale": -1.0}, r"'init_scale' parameter of ShallowNeuralNet must be a non-negative float"),
])
def test_bad_options(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ShallowNeuralNet(2, 4, 1, **kwargs)


@pytest.mark.parametrize("sizes", [[], [3], "abc", 5])
def test_bad_layer_lists(sizes):
    with pytest.raises(ValueError, match="'layer_sizes' parameter of NeuralNet must be a list of at least two ints"):
        NeuralNet(sizes)


def test_bad_inputs_to_forward_and_loss(housing):
    X, y = housing
    net = ShallowNeuralNet(2, 4, 1, random_state=0)
    with pytest.raises(ValueError, match=r"'X' parameter of forward must have 2 columns .* Got 3"):
        net.forward(np.ones((5, 3)))
    with pytest.raises(ValueError, match=r"'X' parameter of forward must be a non-empty 2-D array .* Got shape \(2,\)"):
        net.forward(np.ones(2))
    with pytest.raises(ValueError, match=r"'y' parameter of loss must have one row per row of X \(100\).* Got shape \(99, 1\)"):
        net.loss(X, y[:99])
    with pytest.raises(ValueError, match=r"'y' parameter of gradients must have 1 column\(s\).* Got 2"):
        net.gradients(X, np.column_stack([y, y]))
    with pytest.raises(TypeError, match=r"'X' parameter of loss must be an array of numbers\. Got an object of type str"):
        net.loss("abc", y)


def test_parameters_at_restores_even_after_an_error():
    net = ShallowNeuralNet(2, 4, 1, random_state=0)
    before = net.theta.copy()
    with net.parameters_at(np.zeros_like(before)):
        assert not net.W1.any()
    np.testing.assert_array_equal(net.theta, before)
    with pytest.raises(RuntimeError):
        with net.parameters_at(np.ones_like(before)):
            raise RuntimeError
    np.testing.assert_array_equal(net.theta, before)
    with net.parameters_at(None):
        np.testing.assert_array_equal(net.theta, before)
