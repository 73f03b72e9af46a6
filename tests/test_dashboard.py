"""Per-layer statistics on hand-built cases."""
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.dashboard import dead_fraction, layer_statistics, plot_dashboard, saturated_fraction
from helpers.network import NeuralNet

matplotlib.use("Agg")


def test_saturated_fraction_tanh_hand_built():
    A = np.array([[0.0, 0.98, -0.99, 0.5], [0.97, -0.969, 1.0, -1.0]])
    assert saturated_fraction(A) == 4 / 8  # 0.98, -0.99, 1.0, -1.0; 0.97 itself is not > 0.97


def test_saturated_fraction_sigmoid_uses_the_same_z_threshold():
    z = np.array([-5.0, -1.0, 0.0, 1.0, 5.0, 4.0])
    s = 1 / (1 + np.exp(-z))
    # 2 sigmoid(z) - 1 = tanh(z / 2): saturated iff |z| > 2 artanh(0.97) = 4.18
    assert saturated_fraction(s, activation="sigmoid") == 2 / 6
    assert 2 * np.arctanh(0.97) == pytest.approx(4.1846, abs=1e-4)


def test_dead_fraction_hand_built():
    Z = np.array([[-1.0, 2.0, 0.0, -3.0], [-0.5, -1.0, 0.0, 0.1]])
    # unit 0: never positive (dead); unit 1 alive; unit 2: exactly 0 always (dead); unit 3 alive
    assert dead_fraction(Z) == 0.5


@pytest.mark.parametrize("bad", [np.zeros(3), np.zeros((0, 2))])
def test_dead_fraction_rejects_bad_shapes(bad):
    with pytest.raises(ValueError, match="'Z' parameter of dead_fraction"):
        dead_fraction(bad)


def test_saturated_fraction_rejects_other_activations():
    with pytest.raises(ValueError, match="'activation' parameter of saturated_fraction .* Got 'relu'"):
        saturated_fraction(np.zeros(2), activation="relu")


def test_layer_statistics_of_a_built_relu_net():
    # Layer 1: 4 units, biases push units 0 and 1 below zero for every input in [0, 1]^2.
    net = NeuralNet([2, 4, 1], hidden_activation="relu", output_activation="sigmoid",
                    loss="binary_cross_entropy", init="zeros")
    net.set_params(W1=np.ones((2, 4)), b1=[[-5.0, -3.0, 0.5, 1.0]], W2=np.ones((4, 1)))
    X = np.random.RandomState(0).uniform(0, 1, (30, 2))
    y = (X[:, 0] > 0.5).astype(float)
    stats = layer_statistics(net, X, y)
    assert stats.loc[1, "% dead"] == 50.0
    assert np.isnan(stats.loc[1, "% saturated"])
    assert list(stats["units"]) == [4, 1]
    grads = net.gradients(X, y)
    assert stats.loc[2, "grad norm W"] == pytest.approx(np.linalg.norm(grads["W2"]))
    assert grads["W1"][:, :2].tolist() == [[0, 0], [0, 0]]  # dead units learn nothing


def test_layer_statistics_saturated_tanh():
    net = NeuralNet([2, 3, 1], hidden_activation="tanh", output_activation="sigmoid",
                    loss="binary_cross_entropy", init="standard_normal", init_scale=100,
                    random_state=0)
    X = np.random.RandomState(1).uniform(-1, 1, (50, 2))
    stats = layer_statistics(net, X, (X[:, 0] > 0).astype(float))
    assert stats.loc[1, "% saturated"] > 90


def test_plot_dashboard_has_four_panels(sine):
    X, y = sine
    net = NeuralNet([2, 5, 5, 1], hidden_activation="tanh", output_activation="sigmoid",
                    loss="binary_cross_entropy", init="lecun", random_state=0)
    net.train(X, y, lr=0.5, max_iter=20)
    axes = plot_dashboard(net, X, y, title="x")
    assert len(axes) == 4 and axes[2].get_yscale() == "log"
    assert len(axes[3].lines) == 3 + 1  # W1..W3 and the 1e-3 reference
    plt.close("all")
