"""The general L-layer network: gradients, the shallow special case, symmetry, bad inputs."""
import numpy as np
import pytest
from conftest import central_difference

from helpers.activations import ACTIVATIONS, Activation, sigmoid, sigmoid_grad
from helpers.initializers import initialize, matching_init
from helpers.network import NeuralNet, ShallowNeuralNet

SIZES = [2, 5, 4, 3, 1]
# The same sigmoid under another name: forces the general (unfused) output path.
PLAIN_SIGMOID = Activation("plain_sigmoid", sigmoid, sigmoid_grad)


def _data(seed=0, m=12):
    rs = np.random.RandomState(seed)
    X = rs.uniform(-1, 1, (m, 2))
    y = (X[:, 1] > np.sin(np.pi * X[:, 0]) / 2).astype(float)
    return X, y


def _check_gradients(net, X, y, rtol=1e-5, atol=1e-8):
    grads = net.gradients(X, y)
    for name in net.param_names:
        original = net.params[name].copy()

        def loss_at(value, name=name):
            net.params[name][...] = value
            return net.loss(X, y)
        numeric = central_difference(loss_at, original)
        net.params[name][...] = original
        np.testing.assert_allclose(grads[name], numeric, rtol=rtol, atol=atol, err_msg=name)


@pytest.mark.parametrize("hidden", [a for a in ACTIVATIONS if a != "clip01"])
@pytest.mark.parametrize("output, loss", [("identity", "mse"), ("sigmoid", "mse"),
                                          ("sigmoid", "binary_cross_entropy"),
                                          (PLAIN_SIGMOID, "binary_cross_entropy")])
def test_gradient_check_every_activation_and_loss(hidden, output, loss):
    X, y = _data()
    net = NeuralNet(SIZES, hidden_activation=hidden, output_activation=output, loss=loss,
                    init=matching_init(hidden), random_state=3)
    net.set_params(**{f"b{l}": (0.1 * np.arange(n) - 0.05)[None, :] for l, n in enumerate(SIZES[1:], 1)})
    _check_gradients(net, X, y)


@pytest.mark.parametrize("loss", ["mse", "binary_cross_entropy"])
def test_gradient_check_clip01_away_from_the_kinks(loss):
    # Hidden and output clipped to [0, 1]: check where no pre-activation sits at a kink.
    X, y = _data(m=8)
    X = 0.3 + 0.2 * X  # inputs in (0.1, 0.5)
    net = NeuralNet([2, 3, 1], hidden_activation="clip01", output_activation="clip01", loss=loss,
                    init=lambda i, o, rs, s: (np.full((i, o), 0.4), np.full((1, o), 0.1)))
    Zs, _ = net.activations(X)
    assert all(np.all((Z > 0.01) & (Z < 0.99)) for Z in Zs)
    _check_gradients(net, X, y)


def test_gradient_descent_lowers_the_loss_of_a_deep_net(sine):
    X, y = sine
    net = NeuralNet([2, 8, 8, 1], hidden_activation="tanh", output_activation="sigmoid",
                    loss="binary_cross_entropy", init="lecun", random_state=0)
    history = net.train(X, y, lr=0.5, max_iter=200)
    assert history.final_loss < 0.8 * history.losses[0]


def test_three_sizes_reproduce_the_shallow_lecture_model(housing):
    X, y = housing
    deep = NeuralNet([2, 4, 1], init="normal", random_state=37)
    shallow = ShallowNeuralNet(2, 4, 1, init="normal", random_state=37)
    np.testing.assert_array_equal(deep.theta, shallow.theta)
    h_deep = deep.train(X, y, lr=1e-6, max_iter=100, tol=1e-6)
    h_shallow = shallow.train(X, y, lr=1e-6, max_iter=100, tol=1e-6)
    np.testing.assert_array_equal(h_deep.losses, h_shallow.losses)
    assert round(h_shallow.final_loss, 6) == 2.654116
    assert round(float(h_shallow.losses[1]), 6) == 6.635228


def test_shallow_gradients_are_the_lecture_formulas(housing):
    X, y = housing
    net = ShallowNeuralNet(2, 4, 1, init="normal", random_state=37)
    g = net.gradients(X, y)
    m = len(y)
    Z1 = X @ net.W1 + net.b1
    eps = Z1 @ net.W2 + net.b2 - y[:, None]
    dZ1 = eps @ net.W2.T
    np.testing.assert_allclose(g["W2"], 2 / m * Z1.T @ eps)
    np.testing.assert_allclose(g["b2"], 2 / m * eps.sum(axis=0, keepdims=True))
    np.testing.assert_allclose(g["W1"], 2 / m * X.T @ dZ1)
    np.testing.assert_allclose(g["b1"], 2 / m * dZ1.sum(axis=0, keepdims=True))


@pytest.mark.parametrize("init", ["zeros", "constant"])
@pytest.mark.parametrize("hidden", ["tanh", "sigmoid", "identity"])
def test_symmetric_init_keeps_hidden_units_equal(sine, init, hidden):
    X, y = sine
    net = NeuralNet([2, 5, 5, 1], hidden_activation=hidden, output_activation="sigmoid",
                    loss="binary_cross_entropy", init=init)
    net.train(X, y, lr=0.5, max_iter=300)
    for W in net.weights:
        np.testing.assert_allclose(W, W[:, :1] * np.ones_like(W), atol=1e-12)  # columns equal
    for A in net.activations(X)[1][1:-1]:
        np.testing.assert_allclose(A, A[:, :1] * np.ones_like(A), atol=1e-12)


def test_zero_init_tanh_only_moves_the_output_bias(sine):
    X, y = sine
    net = NeuralNet([2, 5, 5, 1], hidden_activation="tanh", output_activation="sigmoid",
                    loss="binary_cross_entropy", init="zeros")
    history = net.train(X, y, lr=0.5, max_iter=2000)
    assert round(float(history.losses[0]), 6) == 0.693147  # ln 2
    assert all(np.all(W == 0) for W in net.weights)
    p = y.mean()  # the output learns the class balance, nothing else
    np.testing.assert_allclose(net.predict_proba(X), p, atol=1e-3)
    entropy = -(p * np.log(p) + (1 - p) * np.log(1 - p))
    assert abs(history.final_loss - entropy) < 1e-5


def test_standard_normal_with_init_scale():
    layers = initialize([50, 40, 30], "standard_normal", random_state=0, scale=10)
    W = np.concatenate([W.ravel() for W, _ in layers])
    assert abs(W.std() - 10) < 0.3  # 3200 draws: std error of the std about 0.13
    assert all(np.all(b == 0) for _, b in layers)


@pytest.mark.parametrize("activation, expected", [("tanh", "lecun"), ("sigmoid", "lecun"),
                                                  ("identity", "lecun"), ("relu", "he"),
                                                  ("leaky_relu", "he"), ("elu", "he")])
def test_matching_init_is_not_the_blogs_always_true_test(activation, expected):
    assert matching_init(activation) == expected


def test_matching_init_rejects_unknown_activation():
    with pytest.raises(ValueError, match="Unknown activation 'relux'"):
        matching_init("relux")


@pytest.mark.parametrize("sizes", [[], [2], "2,4,1", 3])
def test_rejects_too_few_layer_sizes(sizes):
    with pytest.raises(ValueError, match="'layer_sizes' parameter of NeuralNet"):
        NeuralNet(sizes)


def test_rejects_non_positive_layer_size():
    with pytest.raises(ValueError, match="'layer_sizes' parameter of NeuralNet must be an int >= 1"):
        NeuralNet([2, 0, 1])


@pytest.mark.parametrize("param", ["hidden_activation", "output_activation"])
def test_rejects_unknown_activation(param):
    with pytest.raises(ValueError, match=f"Unknown {param} 'tanhh'. Choose one of: identity"):
        NeuralNet([2, 3, 1], **{param: "tanhh"})


def test_rejects_unknown_loss_and_init():
    with pytest.raises(ValueError, match="Unknown loss 'bce'"):
        NeuralNet([2, 3, 1], loss="bce")
    with pytest.raises(ValueError, match="Unknown init 'xavir'"):
        NeuralNet([2, 3, 1], init="xavir")


def test_rejects_wrong_output_size_for_the_data(sine):
    X, y = sine
    net = NeuralNet([2, 3, 2], output_activation="sigmoid", loss="binary_cross_entropy")
    with pytest.raises(ValueError, match="'y' parameter of train must have 2 column"):
        net.train(X, y, lr=0.1, max_iter=1)
    with pytest.raises(ValueError, match="'X' parameter of loss must have 3 columns"):
        NeuralNet([3, 2, 1]).loss(X, y)
