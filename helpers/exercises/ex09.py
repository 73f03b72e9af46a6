"""Checks for the exercises of notebook 09 (stochastic and mini-batch gradient descent)."""
import numpy as np

from . import _reference as ref
from ._calling import student_function
from ._feedback import agrees, as_float, fail, passed

__all__ = ["check_minibatch_noise", "check_lr_limit"]


def check_minibatch_noise(minibatch_noise):
    """Check ``minibatch_noise(sigma2, n, B)``, the expected squared error of a mini-batch gradient (09.2).

    Tried on five (sigma2, n, B), from B = 1 to B = n. Recognizes the law without the
    finite-population correction, the correction with n in place of n - 1, a square root
    of B, a factor B on the wrong side, and an integer division.
    """
    minibatch_noise = student_function(minibatch_noise, "minibatch_noise(sigma2, n, B)")
    for sigma2, n, B in [(0.9934, 100, 10), (2.0, 50, 1), (1.5, 1000, 32), (0.3, 100, 99), (0.7, 60, 60)]:
        expected = ref.minibatch_noise(sigma2, n, B)
        got = as_float(minibatch_noise(sigma2, n, B), f"minibatch_noise({sigma2}, {n}, {B})")
        if agrees(got, expected):
            continue
        where = f"minibatch_noise({sigma2}, {n}, {B}) is {got:.4g}"
        for hint, wrong in ref.MINIBATCH_SLIPS.items():
            if agrees(got, wrong(sigma2, n, B)):
                fail(f"{where}: {hint}.")
        if got == 0 and expected != 0:
            fail(f"{where}: did an integer division (//) round a fraction down to 0? Use /.")
        fail(f"{where}, which does not follow the law above.")
    passed("minibatch_noise: the 1/B law with its finite-population correction, for every case tried.")


def check_lr_limit(lr_limit):
    """Check ``lr_limit(design) -> float``, the largest stable step of gradient descent on least squares (09.3).

    Tried on three random designs (with and without a column of ones, n from 25 to 100).
    Recognizes the usual slips in the Hessian (its factor 2, the 1/n of the mean, n taken as
    the number of columns, a singular value taken for an eigenvalue) and in the limit
    (1/λmax, the smallest eigenvalue).
    """
    lr_limit = student_function(lr_limit, "lr_limit(design)")
    rng = np.random.RandomState(0)
    designs = [np.c_[rng.standard_normal((100, 2)) * [1.0, 3.0], np.ones(100)],
               np.c_[rng.uniform(-1, 1, (40, 3)), np.ones(40)],
               rng.standard_normal((25, 1)) * 2.0]
    for design in designs:
        got = as_float(lr_limit(design), "lr_limit(design)")
        if agrees(got, ref.lr_limit(design)):
            continue
        where = f"For a {design.shape[0]} x {design.shape[1]} design your limit is {got:.4g}"
        for hint, wrong in ref.lr_limit_slips(design).items():
            if agrees(got, wrong):
                fail(f"{where}: {hint}" + ("" if hint.endswith("?") else "."))
        fail(f"{where}, which is not 2/λmax of the Hessian of the loss.")
    passed("lr_limit: 2/λmax of the mean squared error's Hessian, for every design tried.")
