"""The deep linear chain follows a**l and a**(L-1) exactly."""
import numpy as np
import pytest

from helpers.deep_linear import chain_profile, scaled_identity


@pytest.mark.parametrize("gain", [1.5, 0.5, 1.0])
@pytest.mark.parametrize("depth", [1, 5, 20])
def test_chain_profile_matches_powers(gain, depth):
    table = chain_profile(gain, depth, width=3)
    np.testing.assert_allclose(table["signal"], gain ** np.arange(1, depth + 1), rtol=1e-12)
    np.testing.assert_allclose(table["gradient"], gain ** (depth - 1), rtol=1e-12)


def test_one_point_five_to_the_twentieth():
    assert round(chain_profile(1.5, 20)["signal"].iloc[-1]) == 3325


def test_scaled_identity_rejects_non_square_layers():
    with pytest.raises(ValueError, match="square layers"):
        scaled_identity(1.5)(2, 3)


def test_chain_profile_rejects_bad_depth():
    with pytest.raises(ValueError, match="'depth' parameter of chain_profile must be an int >= 1"):
        chain_profile(1.5, 0)


@pytest.mark.parametrize("gain, depth", [(1e10, 30), (1.5, 1200), (0.5, 1000)])
def test_signal_follows_a_to_the_l_while_it_is_a_float(gain, depth):
    # the squares inside the norm leave the float range long before a**l does
    table = chain_profile(gain, depth)
    np.testing.assert_allclose(table["signal"], table["a**l"], rtol=1e-12)
