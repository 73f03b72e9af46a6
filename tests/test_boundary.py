"""Decision grids, scores and the collapse of stacked linear layers."""
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.boundary import classification_scores, collapse_linear, decision_grid, plot_decision_boundary
from helpers.network import NeuralNet, ShallowNeuralNet

matplotlib.use("Agg")


def test_decision_grid_matches_predict_proba():
    net = NeuralNet([2, 6, 1], hidden_activation="tanh", output_activation="sigmoid",
                    loss="binary_cross_entropy", init="lecun", random_state=0)
    xx, yy, proba = decision_grid(net, resolution=7)
    assert xx.shape == yy.shape == proba.shape == (7, 7)
    assert xx[0, 0] == -1.05 and yy[-1, -1] == 1.05
    np.testing.assert_allclose(proba[2, 5], net.predict_proba([[xx[2, 5], yy[2, 5]]])[0])


def test_decision_grid_rejects_bad_model_and_resolution():
    with pytest.raises(ValueError, match="'model' parameter of decision_grid must have 2 inputs"):
        decision_grid(NeuralNet([3, 2, 1]))
    with pytest.raises(ValueError, match="'resolution' parameter of decision_grid"):
        decision_grid(NeuralNet([2, 2, 1]), resolution=1)


@pytest.mark.parametrize("depth", [1, 2, 4])
def test_collapse_linear_is_the_same_function(depth):
    net = NeuralNet([2] + [5] * depth + [1], init="normal", random_state=1)
    X = np.random.RandomState(0).uniform(-1, 1, (20, 2))
    W, b = collapse_linear(net)
    np.testing.assert_allclose(X @ W + b, net.forward(X), atol=1e-12)


def test_collapse_linear_formula_two_layers():
    net = ShallowNeuralNet(2, 10, 1, init="normal", random_state=37)
    W, b = collapse_linear(net)
    np.testing.assert_allclose(W, net.W1 @ net.W2)
    np.testing.assert_allclose(b, net.b1 @ net.W2 + net.b2)


def test_clipped_linear_boundary_is_a_straight_line():
    net = ShallowNeuralNet(2, 10, 1, init="normal", output_activation="clip01",
                           loss="binary_cross_entropy", random_state=37)
    net.set_params(b2=[[0.2]])
    xx, yy, proba = decision_grid(net, resolution=101)
    W, b = collapse_linear(net)
    predicted = (xx * W[0, 0] + yy * W[1, 0] + b[0, 0]) >= 0.5
    assert np.array_equal(proba >= 0.5, predicted)


def test_collapse_linear_rejects_nonlinear_hidden_layers():
    with pytest.raises(ValueError, match="hidden_activation='identity'. Got 'tanh'"):
        collapse_linear(NeuralNet([2, 3, 1], hidden_activation="tanh"))


def test_classification_scores_are_sklearns_fractions():
    net = NeuralNet([2, 1], output_activation="sigmoid", loss="binary_cross_entropy", init="zeros")
    net.set_params(W1=[[1.0], [0.0]])  # predicts 1 where x1 >= 0
    X = np.array([[1, 0], [2, 0], [-1, 0], [-2, 0], [3, 0.]])
    y = np.array([1, 0, 0, 1, 1])
    # predictions 1,1,0,0,1: TP=2, FP=1, FN=1 -> accuracy 3/5, F1 = 2*2/(2*2+1+1) = 2/3
    scores = classification_scores(net, X, y)
    assert scores["accuracy"] == pytest.approx(0.6)
    assert scores["f1"] == pytest.approx(2 / 3)


def test_plot_decision_boundary_draws_the_contour(sine):
    X, y = sine
    net = NeuralNet([2, 1], output_activation="sigmoid", loss="binary_cross_entropy", init="zeros")
    net.set_params(W1=[[0.0], [5.0]])  # boundary x2 = 0
    ax = plot_decision_boundary(net, X, y, title="t")
    assert ax.get_title() == "t"
    assert len(ax.collections) >= 3  # filled regions, contour and the scatter
    plt.close("all")
