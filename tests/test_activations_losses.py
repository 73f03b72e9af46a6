import numpy as np
import pytest
from conftest import central_difference

from helpers.activations import ACTIVATIONS, get_activation, sigmoid
from helpers.losses import LOSSES, binary_cross_entropy, get_loss, mse

# points away from the kinks of relu, leaky_relu, elu and clip01
Z = np.array([-3.1, -1.7, -0.6, -0.2, 0.15, 0.45, 0.8, 1.3, 2.9])


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivative_matches_finite_differences(name):
    act = ACTIVATIONS[name]
    numeric = central_difference(lambda z: act.f(z).sum(), Z)
    np.testing.assert_allclose(act.df(Z), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_shape_preserved(name):
    z = np.linspace(-2, 2, 12).reshape(3, 4)
    act = ACTIVATIONS[name]
    assert act.f(z).shape == z.shape and act.df(z).shape == z.shape


def test_known_values():
    assert sigmoid(np.array([0.0]))[0] == 0.5
    assert ACTIVATIONS["sigmoid"].df(np.array([0.0]))[0] == 0.25
    assert ACTIVATIONS["tanh"].df(np.array([0.0]))[0] == 1.0
    np.testing.assert_array_equal(ACTIVATIONS["relu"].f(np.array([-1.0, 2.0])), [0, 2])
    np.testing.assert_allclose(ACTIVATIONS["leaky_relu"].f(np.array([-1.0])), [-0.01])
    np.testing.assert_array_equal(ACTIVATIONS["clip01"].f(np.array([-1.0, 0.5, 3.0])), [0, 0.5, 1])


def test_sigmoid_derivative_is_at_most_a_quarter():
    z = np.linspace(-20, 20, 4001)
    assert ACTIVATIONS["sigmoid"].df(z).max() == 0.25


def test_sigmoid_is_overflow_safe():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = sigmoid(np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0]))
    assert s[0] == 0.0 and s[-1] == 1.0 and np.all(np.diff(s) >= 0)
    np.testing.assert_allclose(s[1], np.exp(-40.0), rtol=1e-12)


def test_unknown_activation():
    with pytest.raises(ValueError, match=r"Unknown hidden_activation 'relu6'\. Choose one of: identity, sigmoid"):
        get_activation("relu6", parameter="hidden_activation")


Y = np.array([[1.0], [0.0], [1.0], [0.0], [1.0]])
P = np.array([[0.9], [0.2], [0.6], [0.45], [0.05]])


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss_gradient_matches_finite_differences(name):
    loss = LOSSES[name]
    numeric = central_difference(lambda p: loss.f(p, Y), P, h=1e-7)
    np.testing.assert_allclose(loss.grad(P, Y), numeric, rtol=1e-6)


def test_loss_values():
    assert mse(np.array([[1.0], [3.0]]), np.array([[0.0], [0.0]])) == 5.0
    assert binary_cross_entropy(np.full((4, 1), 0.5), np.array([[0], [1], [0], [1.0]])) == pytest.approx(np.log(2), rel=1e-15)
    # a confident wrong answer costs a lot but stays finite
    assert 27 < binary_cross_entropy(np.array([[0.0]]), np.array([[1.0]])) < 28


def test_unknown_loss():
    with pytest.raises(ValueError, match=r"Unknown loss 'mae'\. Choose one of: mse, binary_cross_entropy"):
        get_loss("mae")


def test_baseline_loss_is_per_column():
    from helpers.losses import baseline_loss
    y = np.array([[0.0, 1.0], [2.0, 1.0], [4.0, 1.0]])
    assert baseline_loss(y, "mse") == pytest.approx((8 / 3 + 0) / 2, rel=1e-15)
    assert baseline_loss(np.array([0, 1, 0, 1]), "binary_cross_entropy") == pytest.approx(np.log(2), rel=1e-15)
    with pytest.raises(ValueError, match=r"Unknown loss 'mae'"):
        baseline_loss(y, "mae")
