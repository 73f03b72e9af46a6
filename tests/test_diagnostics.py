import numpy as np
import pytest
from scipy import stats

from conftest import central_difference
from helpers.diagnostics import (first_nonfinite, gradient_check, hessian, hessian_vector_product,
                                 sharpness, standardize, symmetry_metric, update_ratios,
                                 weight_distribution)
from helpers.initializers import initialize
from helpers.network import NeuralNet, ShallowNeuralNet


def loss_at(net, X, y):
    """The loss as a function of the flat parameter vector (restores the parameters)."""
    def f(theta):
        saved = net.theta.copy()
        net.theta[:] = theta
        try:
            return net.loss(X, y)
        finally:
            net.theta[:] = saved
    return f


def fd_hessian_from_losses(f, theta, h):
    """Independent Hessian: second differences of loss values only (no gradients)."""
    P = theta.size
    H = np.empty((P, P))
    E = np.eye(P) * h
    for i in range(P):
        for j in range(P):
            H[i, j] = (f(theta + E[i] + E[j]) - f(theta + E[i] - E[j]) - f(theta - E[i] + E[j])
                       + f(theta - E[i] - E[j])) / (4 * h * h)
    return H


def test_first_nonfinite():
    assert first_nonfinite([3.0, 2.0, 1.0]) is None
    assert first_nonfinite([3.0, 1e300, np.inf, np.nan]) == 2
    assert first_nonfinite([np.nan]) == 0
    with pytest.raises(ValueError, match="'losses' parameter of first_nonfinite must be a 1-D"):
        first_nonfinite(np.ones((2, 2)))


def test_first_nonfinite_matches_training_history(housing):
    X, y = housing
    history = ShallowNeuralNet(2, 4, 1, init="weird", random_state=37).train(X, y, lr=1e-6)
    assert first_nonfinite(history.losses) == history.first_nonfinite == 7


def test_update_ratios_match_the_trainers_first_update(housing):
    X, y = housing
    net = ShallowNeuralNet(2, 4, 1, init="normal", random_state=37)
    ratios = update_ratios(net, X, y, lr=1e-6)
    history = ShallowNeuralNet(2, 4, 1, init="normal", random_state=37).train(X, y, lr=1e-6, max_iter=1)
    np.testing.assert_allclose([ratios[p] for p in net.param_names], history.update_ratios[0], rtol=1e-12)
    with pytest.raises(ValueError, match="'lr' parameter of update_ratios must be a positive float"):
        update_ratios(net, X, y, lr=-1)


@pytest.mark.parametrize("init", ["constant", "zeros"])
def test_symmetry_metric_is_zero_for_identical_units_and_stays_zero(housing, init):
    X, y = housing
    net = ShallowNeuralNet(2, 4, 1, init=init, random_state=37)
    assert symmetry_metric(net) == 0.0
    net.train(X, y, lr=1e-6, max_iter=200)
    assert symmetry_metric(net) == 0.0
    assert np.ptp(net.W1, axis=1).max() == 0.0  # the four columns of W1 are equal


@pytest.mark.parametrize("init", ["normal", "weird", "he", "lecun", "xavier_uniform"])
def test_symmetry_metric_is_positive_for_random_inits(init):
    net = ShallowNeuralNet(2, 4, 1, init=init, random_state=37)
    units = np.vstack([net.W1, net.b1]).T
    expected = max(np.linalg.norm(units[i] - units[j]) for i in range(4) for j in range(4))
    assert symmetry_metric(net) == pytest.approx(expected, rel=1e-12) and expected > 0


def test_symmetry_metric_rejects_bad_layer():
    net = ShallowNeuralNet(2, 4, 1, random_state=0)
    with pytest.raises(ValueError, match=r"'layer' parameter of symmetry_metric must be an int in \[1, 2\]"):
        symmetry_metric(net, layer=3)


@pytest.mark.parametrize("activation", ["identity", "tanh", "sigmoid"])
def test_gradient_check_agrees_with_backprop_and_catches_a_bug(sine, activation):
    X, y = sine
    net = NeuralNet([2, 5, 1], hidden_activation=activation, output_activation="sigmoid",
                    loss="binary_cross_entropy", random_state=3)
    assert gradient_check(net, X, y) < 1e-6
    # an independent finite-difference gradient (conftest) agrees with the analytic one too
    numeric = central_difference(loss_at(net, X, y), net.theta)
    analytic = np.concatenate([g.ravel() for g in net.gradients(X, y).values()])
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)
    # a wrong backward pass is detected
    backward = net._backward

    def wrong_backward(*args):
        loss = backward(*args)
        args[-1][0] *= 1.5  # dW1 off by 50 % (the last argument: the views of the gradient)
        return loss

    net._backward = wrong_backward
    assert gradient_check(net, X, y) > 1e-2


def test_hessian_matches_second_differences_of_the_loss(housing):
    X, y = housing
    Xs = standardize(X)  # well-conditioned data: second differences of the loss are accurate
    net = ShallowNeuralNet(2, 4, 1, init="normal", random_state=37)
    H = hessian(net, Xs, y)
    H_fd = fd_hessian_from_losses(loss_at(net, Xs, y), net.theta.copy(), 1e-4)
    np.testing.assert_allclose(H, H_fd, rtol=1e-5, atol=1e-5 * np.abs(H_fd).max())
    assert sharpness(net, Xs, y) == pytest.approx(np.linalg.eigvalsh(H_fd)[-1], rel=1e-6)


@pytest.mark.parametrize("init", ["normal", "lecun"])
def test_sharpness_on_raw_housing_matches_finite_difference_hessian(housing, init):
    X, y = housing
    net = ShallowNeuralNet(2, 4, 1, init=init, random_state=37)
    H_fd = fd_hessian_from_losses(loss_at(net, X, y), net.theta.copy(), 1e-4)
    assert sharpness(net, X, y) == pytest.approx(np.linalg.eigvalsh(H_fd)[-1], rel=1e-4)


def test_sharpness_course_values_and_power_iteration(housing):
    X, y = housing
    expected = {"normal": 3.3e4, "weird": 5.5e6}
    for init, value in expected.items():
        net = ShallowNeuralNet(2, 4, 1, init=init, random_state=37)
        lam = sharpness(net, X, y)
        assert lam == pytest.approx(value, rel=0.02)
        assert sharpness(net, X, y, method="power", max_iter=500) == pytest.approx(lam, rel=1e-5)
    # the prediction: 2/lambda above 1e-6 for normal (stable), below it for weird (explodes)
    assert 2 / sharpness(ShallowNeuralNet(2, 4, 1, init="normal", random_state=37), X, y) > 1e-6
    assert 2 / sharpness(ShallowNeuralNet(2, 4, 1, init="weird", random_state=37), X, y) < 1e-6


def test_power_iteration_finds_top_eigenvalue_when_a_negative_one_dominates():
    # a saddle: the constant-init net at a point where H has a large negative eigenvalue
    X = np.array([[1.0], [2.0], [3.0]])
    y = np.array([10.0, 20.0, 30.0])
    net = ShallowNeuralNet(1, 1, 1, init="zeros", random_state=0)
    net.set_params(W1=[[0.0]], b1=[[0.0]], W2=[[0.0]], b2=[[0.0]])
    H = hessian(net, X, y)
    eig = np.linalg.eigvalsh(H)
    assert abs(eig[0]) > abs(eig[-1])  # the dominant eigenvalue is negative
    assert sharpness(net, X, y, method="power", max_iter=2000) == pytest.approx(eig[-1], rel=1e-4)



@pytest.mark.parametrize("scale", [1e10, 1e165])
def test_lanczos_agrees_with_exact_on_a_saturated_net(scale):
    # every tanh unit and the sigmoid output saturated: the loss is flat, H = 0. The parameters
    # are finite (1e165 squared is not: the step of the Hessian-vector product must not be inf)
    X = np.array([[0.5, -0.2], [-0.3, 0.8], [0.1, 0.1], [-0.9, -0.4]])
    y = np.array([1.0, 0.0, 1.0, 0.0])
    net = NeuralNet([2, 4, 1], hidden_activation="tanh", output_activation="sigmoid",
                    loss="binary_cross_entropy", random_state=0)
    net.theta[:] = np.random.RandomState(1).normal(size=net.theta.size) * scale
    assert sharpness(net, X, y) == 0.0
    assert sharpness(net, X, y, method="lanczos") == 0.0
    assert np.isfinite(hessian_vector_product(net, X, y, np.ones(net.theta.size))).all()

def test_hessian_vector_product_matches_hessian(housing):
    X, y = housing
    net = ShallowNeuralNet(2, 4, 1, init="he", random_state=5)
    v = np.random.RandomState(0).standard_normal(net.theta.size)
    np.testing.assert_allclose(hessian_vector_product(net, X, y, v), hessian(net, X, y) @ v, rtol=1e-5,
                               atol=1e-6 * np.abs(hessian(net, X, y) @ v).max())
    with pytest.raises(ValueError, match="'v' parameter of hessian_vector_product must have shape"):
        hessian_vector_product(net, X, y, v[:3])


def test_sharpness_rejects_unknown_method(housing):
    X, y = housing
    net = ShallowNeuralNet(2, 4, 1, random_state=0)
    with pytest.raises(ValueError, match="'method' parameter of sharpness must be one of 'exact', "
                                         "'lanczos', 'power'"):
        sharpness(net, X, y, method="arnoldi")
    with pytest.raises(ValueError, match="'X' parameter of sharpness must have 2 columns"):
        sharpness(net, X[:, :1], y)


def test_standardize(housing):
    X, _ = housing
    Z = standardize(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0), 1, rtol=1e-12)
    np.testing.assert_allclose(Z[0], (X[0] - X.mean(0)) / X.std(0), rtol=1e-12)
    # a test set is scaled with the training set's statistics
    np.testing.assert_allclose(standardize(X[:5], reference=X), Z[:5], rtol=1e-12)
    with pytest.raises(ValueError, match="must not have a constant column"):
        standardize(np.c_[X[:, 0], np.ones(len(X))])
    with pytest.raises(ValueError, match=r"'reference' parameter of standardize must have as many columns as X \(1\)"):
        standardize(X[:, :1], reference=X)


def test_standardizing_lowers_the_sharpness_by_orders_of_magnitude(housing):
    X, y = housing
    net = ShallowNeuralNet(2, 4, 1, init="normal", random_state=37)
    assert sharpness(net, X, y) / sharpness(net, standardize(X), y) > 1e3


@pytest.mark.parametrize("init", ["normal", "weird", "he", "lecun", "xavier_uniform", "xavier_normal",
                                  "he_uniform"])
def test_weight_distribution_matches_the_initializers_draws(init):
    sizes = [2, 300, 200, 1]
    W = initialize(sizes, init, random_state=0)[1][0]  # the 300 -> 200 layer
    dist = weight_distribution(init, 300, 200, sizes)
    # Kolmogorov-Smirnov: the 60,000 draws come from this distribution...
    assert stats.kstest(W.ravel(), dist.cdf).pvalue > 1e-3
    # ...and not from one with a 10 % larger spread
    wider = stats.norm(0, 1.1 * dist.std()) if dist.dist.name == "norm" else \
        stats.uniform(-1.1 * dist.std() * np.sqrt(3), 2.2 * dist.std() * np.sqrt(3))
    assert stats.kstest(W.ravel(), wider.cdf).pvalue < 1e-6


def test_weight_distribution_rejects_constant_inits():
    with pytest.raises(ValueError, match="'init' parameter of weight_distribution must be one of"):
        weight_distribution("constant", 3, 4)


@pytest.mark.parametrize("scale", [1e200, 1e-200, 1.0])
def test_finite_norm_holds_where_the_squares_leave_the_float_range(scale):
    from helpers._numerics import finite_norm
    x = np.array([3.0, 4.0]) * scale
    assert finite_norm(x) == pytest.approx(5.0 * scale, rel=1e-15)
    if scale == 1.0:                     # elsewhere numpy's own result, bit for bit
        assert finite_norm(x) == np.linalg.norm(x)


def test_finite_norm_passes_nan_and_inf_through():
    from helpers._numerics import finite_norm
    assert np.isnan(finite_norm(np.array([np.nan, 1.0])))
    assert finite_norm(np.array([np.inf, 1.0])) == np.inf
    assert finite_norm(np.zeros(3)) == 0.0
