import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))  # the lecture's reference code


@pytest.fixture(scope="session")
def housing():
    from helpers.datasets import make_housing
    return make_housing(random_state=47)


@pytest.fixture(scope="session")
def sine():
    from helpers.datasets import make_sine_boundary
    return make_sine_boundary(random_state=47)


def central_difference(f, x, h=1e-6):
    """Centred finite-difference gradient of the scalar function f at the array x (copied)."""
    x = np.array(x, dtype=float)
    grad = np.empty_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad
