import numpy as np
import pytest

from helpers.initializers import INITIALIZERS, compute_fans, get_initializer, initialize

SIZES = [2, 4, 1]


def reference_draws(name, seed=37, sizes=SIZES):
    """The lecture's draws with np.random, written out one by one."""
    rs = np.random.RandomState(seed)
    (n_x, n_h, n_y) = sizes
    if name == "normal":
        return [rs.randn(n_x, n_h) * 0.1, rs.randn(1, n_h) * 0.1, rs.randn(n_h, n_y) * 0.1,
                rs.randn(1, n_y) * 0.1]
    if name == "weird":
        r = np.sqrt(6 / (n_x + n_y))
        return [rs.uniform(-r, r, (n_x, n_h)), rs.uniform(-r, r, (1, n_h)),
                rs.uniform(-r, r, (n_h, n_y)), rs.uniform(-r, r, (1, n_y))]
    if name in ("he", "lecun"):
        k = 2 if name == "he" else 1
        return [rs.randn(n_x, n_h) * np.sqrt(k / n_x), np.zeros((1, n_h)),
                rs.randn(n_h, n_y) * np.sqrt(k / n_h), np.zeros((1, n_y))]
    raise KeyError(name)


@pytest.mark.parametrize("name", ["normal", "weird", "he", "lecun"])
def test_draw_order_is_the_lectures(name):
    drawn = [a for pair in initialize(SIZES, name, random_state=37) for a in pair]
    for got, want in zip(drawn, reference_draws(name)):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("name", sorted(INITIALIZERS))
def test_shapes_and_reproducibility(name):
    a = initialize([3, 5, 7, 2], name, random_state=1)
    b = initialize([3, 5, 7, 2], name, random_state=1)
    for (Wa, ba), (Wb, bb), (n_in, n_out) in zip(a, b, [(3, 5), (5, 7), (7, 2)]):
        assert Wa.shape == (n_in, n_out) and ba.shape == (1, n_out)
        np.testing.assert_array_equal(Wa, Wb)
        np.testing.assert_array_equal(ba, bb)


def test_zero_biases_draw_nothing():
    """He draws W1 then W2 straight after it: the zero bias consumes no random numbers."""
    (W1, _), (W2, _) = initialize([2, 4, 1], "he", random_state=5)
    rs = np.random.RandomState(5)
    rs.standard_normal((2, 4))
    np.testing.assert_array_equal(W2, rs.standard_normal((4, 1)) * np.sqrt(2 / 4))


FAN_IN, FAN_OUT = 400, 300
STD = {  # expected standard deviation of a weight, from each formula
    "normal": 0.1,
    "he": np.sqrt(2 / FAN_IN),
    "lecun": np.sqrt(1 / FAN_IN),
    "xavier_normal": np.sqrt(2 / (FAN_IN + FAN_OUT)),
    "xavier_uniform": np.sqrt(6 / (FAN_IN + FAN_OUT)) / np.sqrt(3),
    "he_uniform": np.sqrt(6 / FAN_IN) / np.sqrt(3),
    "weird": np.sqrt(6 / (FAN_IN + FAN_OUT)) / np.sqrt(3),  # network of one layer: n_x + n_y
}
UNIFORM_LIMIT = {"xavier_uniform": np.sqrt(6 / (FAN_IN + FAN_OUT)), "he_uniform": np.sqrt(6 / FAN_IN),
                 "weird": np.sqrt(6 / (FAN_IN + FAN_OUT))}


@pytest.mark.parametrize("name", sorted(STD))
def test_empirical_std_matches_the_formula(name):
    """120,000 draws: the sample std is within 1 % (about 4 standard errors) of the formula."""
    (W, _), = initialize([FAN_IN, FAN_OUT], name, random_state=0)
    assert abs(W.mean()) < 4 * STD[name] / np.sqrt(W.size)
    assert W.std() == pytest.approx(STD[name], rel=0.01)
    if name in UNIFORM_LIMIT:
        limit = UNIFORM_LIMIT[name]
        assert np.abs(W).max() <= limit and np.abs(W).max() > 0.999 * limit
    else:
        # a normal distribution: about 4.55 % of draws beyond 2 standard deviations
        assert np.mean(np.abs(W) > 2 * STD[name]) == pytest.approx(0.0455, abs=0.003)


def test_weird_uses_the_network_sizes_for_every_layer():
    layers = initialize([2, 50, 50, 1], "weird", random_state=0)
    limit = np.sqrt(6 / (2 + 1))
    for W, b in layers:
        assert np.abs(W).max() <= limit and np.abs(b).max() <= limit
    assert np.abs(layers[1][0]).max() > 0.99 * limit  # not Glorot's much smaller sqrt(6/100)


@pytest.mark.parametrize("name", ["he", "lecun", "xavier_uniform", "xavier_normal", "he_uniform"])
def test_textbook_schemes_have_zero_biases(name):
    for _, b in initialize([3, 6, 2], name, random_state=0):
        assert not b.any()


def test_constant_and_zeros():
    for W, b in initialize([2, 4, 1], "constant", random_state=0):
        assert np.all(W == 0.1) and np.all(b == 0.1)
    for W, b in initialize([2, 4, 1], "zeros", random_state=0):
        assert not W.any() and not b.any()


def test_scale_multiplies_every_value():
    plain = initialize([2, 4, 1], "weird", random_state=37)
    scaled = initialize([2, 4, 1], "weird", random_state=37, scale=0.01)
    for (W, b), (Ws, bs) in zip(plain, scaled):
        np.testing.assert_allclose(Ws, W * 0.01, rtol=1e-15)
        np.testing.assert_allclose(bs, b * 0.01, rtol=1e-15)


def test_user_callable():
    def ones(fan_in, fan_out, random_state, layer_sizes):
        return np.ones((fan_in, fan_out)), np.zeros((1, fan_out))
    (W, b), = initialize([3, 2], ones, random_state=0)
    assert W.tolist() == [[1, 1]] * 3 and not b.any()


def test_user_callable_with_wrong_shapes():
    def bad(fan_in, fan_out, random_state, layer_sizes):
        return np.ones((fan_out, fan_in)), np.zeros((1, fan_out))
    with pytest.raises(ValueError, match=r"must return W of shape \(3, 2\).*Got \(2, 3\)"):
        initialize([3, 2], bad, random_state=0)


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"Unknown init 'xavir'\. Choose one of: normal, weird, he, lecun"):
        get_initializer("xavir")
    with pytest.raises(TypeError, match="'init' parameter must be a name or a callable. Got 3"):
        get_initializer(3)


@pytest.mark.parametrize("sizes, error", [([2], ValueError), ([], ValueError), ([2, 0, 1], ValueError),
                                         ([2, -1], ValueError), ([2, 1.5], ValueError), ("21", TypeError),
                                         (None, TypeError)])
def test_bad_layer_sizes(sizes, error):
    with pytest.raises(error, match="'layer_sizes' parameter of initialize must be a list of at least two ints"):
        initialize(sizes, "normal", random_state=0)


def test_bad_scale():
    with pytest.raises(ValueError, match=r"'scale' parameter of initialize must be a non-negative float\. Got -1\.0"):
        initialize([2, 1], "normal", random_state=0, scale=-1)


def test_compute_fans():
    assert compute_fans((2, 4)) == (2, 4)
