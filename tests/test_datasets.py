import numpy as np
import pytest

from helpers.datasets import (load_housing, load_sine_boundary, make_housing, make_sine_boundary,
                              sine_boundary_curve, write_lecture_csvs)
from lecture_reference import housing_list_comprehension, sine_boundary_list_comprehension


def test_housing_calibration_rows(housing):
    X, y = housing
    assert X.shape == (100, 2) and y.shape == (100,)
    assert X.dtype == float and y.dtype == float
    assert X[0].tolist() == [58.16, 572.97] and y[0] == 1.581913
    assert X[1].tolist() == [195.92, 809.8] and y[1] == 3.450274


def test_sine_calibration_rows(sine):
    X, y = sine
    assert X.shape == (100, 2) and y.shape == (100,)
    assert np.issubdtype(y.dtype, np.integer)
    assert X[:3].tolist() == [[-0.77, 0.1], [0.95, 0.6], [0.46, -0.37]]
    assert y[:3].tolist() == [1, 1, 0]
    assert y.mean() == 0.65


@pytest.mark.parametrize("n, seed", [(100, 47), (1000, 0), (3, 12345)])
def test_bit_exact_against_scalar_draws(n, seed):
    """The vectorized generators draw exactly what the lecture's loops drew."""
    for make, reference in ((make_housing, housing_list_comprehension),
                            (make_sine_boundary, sine_boundary_list_comprehension)):
        X, y = make(n, random_state=seed)
        X_ref, y_ref = reference(n, seed)
        np.testing.assert_array_equal(X, X_ref)
        np.testing.assert_array_equal(y, y_ref)


def test_housing_geometry():
    X, y = make_housing(5000, random_state=1)
    assert X[:, 0].min() >= 40 and X[:, 0].max() <= 200
    assert X[:, 1].min() >= 50 and X[:, 1].max() <= 1000
    np.testing.assert_array_equal(np.round(X, 2), X)
    noiseless = (100000 + 14373 * X[:, 0] + (1000 - X[:, 1]) * 1286) / 1e6
    assert np.all(np.abs(y / noiseless - 1) <= 0.1 + 1e-6)


def test_sine_labels_follow_the_curve():
    X, y = make_sine_boundary(5000, random_state=2)
    assert np.all(np.abs(X) <= 1)  # U(-1 + 1e-5, 1 - 1e-5) rounded to 2 decimals reaches ±1.0
    np.testing.assert_array_equal(y, (X[:, 1] >= sine_boundary_curve(X[:, 0])).astype(int))
    assert 0.3 < y.mean() < 0.8


def test_random_state_objects_continue_their_stream():
    rs = np.random.RandomState(47)
    first = make_housing(10, random_state=rs)[0]
    second = make_housing(10, random_state=rs)[0]
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(first, make_housing(10, random_state=47)[0])
    gen_a = make_sine_boundary(10, random_state=np.random.default_rng(3))
    gen_b = make_sine_boundary(10, random_state=np.random.default_rng(3))
    np.testing.assert_array_equal(gen_a[0], gen_b[0])


def test_stored_csvs_equal_the_generators(housing, sine):
    for (X, y), (X_ref, y_ref) in ((load_housing(), housing), (load_sine_boundary(), sine)):
        np.testing.assert_array_equal(X, X_ref)
        np.testing.assert_array_equal(y, y_ref)
        assert y.dtype == y_ref.dtype


def test_write_then_load_round_trips(tmp_path, housing):
    write_lecture_csvs(tmp_path)
    X, y = load_housing(tmp_path)
    np.testing.assert_array_equal(X, housing[0])
    np.testing.assert_array_equal(y, housing[1])
    assert (tmp_path / "sine_boundary.csv").read_text().startswith("x1,x2,label\n")


def test_load_rejects_missing_or_foreign_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="make data"):
        load_housing(tmp_path)
    (tmp_path / "housing.csv").write_text("a,b,c\n1,2,3\n")
    with pytest.raises(ValueError, match="header 'surface,distance,price'"):
        load_housing(tmp_path)


@pytest.mark.parametrize("make", [make_housing, make_sine_boundary])
@pytest.mark.parametrize("n, error, match", [
    (0, ValueError, r"'n_samples' parameter of make_\w+ must be an int >= 1\. Got 0"),
    (-5, ValueError, r"Got -5 instead"),
    (2.5, TypeError, r"must be an int >= 1\. Got 2\.5 instead"),
    ("100", TypeError, r"Got '100' instead"),
    (True, TypeError, r"Got True instead"),
])
def test_bad_n_samples(make, n, error, match):
    with pytest.raises(error, match=match):
        make(n, random_state=0)


@pytest.mark.parametrize("make", [make_housing, make_sine_boundary])
@pytest.mark.parametrize("seed, error", [(-1, ValueError), (2**32, ValueError), (1.5, TypeError),
                                         ("47", TypeError), (False, TypeError)])
def test_bad_random_state(make, seed, error):
    with pytest.raises(error, match=r"'random_state' parameter of make_\w+ must be None, an int"):
        make(10, random_state=seed)


def test_none_random_state_never_touches_the_global_state():
    np.random.seed(0)
    before = np.random.get_state()[1].copy()
    make_housing(10, random_state=None)
    np.testing.assert_array_equal(np.random.get_state()[1], before)


def test_flip_y_zero_keeps_the_lecture_data_exact(sine):
    X, y = sine
    X0, y0 = make_sine_boundary(random_state=47, flip_y=0.0)
    np.testing.assert_array_equal(X0, X)
    np.testing.assert_array_equal(y0, y)


@pytest.mark.parametrize("flip_y", [0.1, 0.3, 0.5])
def test_flip_y_flips_the_expected_share_of_labels(flip_y):
    X, clean = make_sine_boundary(20_000, random_state=3)
    Xn, noisy = make_sine_boundary(20_000, random_state=3, flip_y=flip_y)
    np.testing.assert_array_equal(Xn, X)                 # the points do not move
    share = np.mean(noisy != clean)
    # binomial standard error at n = 20,000 is at most 0.0036: allow four of them
    assert abs(share - flip_y) < 4 * np.sqrt(flip_y * (1 - flip_y) / 20_000)
    # the flips are drawn after everything else, from the same stream
    rs = np.random.RandomState(3)
    rs.uniform(size=40_000)
    np.testing.assert_array_equal(noisy != clean, rs.uniform(0, 1, 20_000) < flip_y)


@pytest.mark.parametrize("flip_y, kind", [(-0.1, ValueError), (1.5, ValueError), ("0.1", TypeError),
                                          (float("nan"), ValueError)])
def test_bad_flip_y_is_rejected(flip_y, kind):
    with pytest.raises(kind, match=r"'flip_y' parameter of make_sine_boundary"):
        make_sine_boundary(flip_y=flip_y)
