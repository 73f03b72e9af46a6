"""Checks for the exercises of notebook 09 (stochastic and mini-batch gradient descent)."""
import numpy as np

from . import as_float, fail, passed

__all__ = ["check_minibatch_noise", "check_lr_limit"]


def _noise(sigma2, n, B):
    return sigma2 / B * (n - B) / (n - 1)


def check_minibatch_noise(minibatch_noise):
    r"""Check ``minibatch_noise(sigma2, n, B)``, the expected squared error of a mini-batch gradient.

    For batches of :math:`B` samples drawn without replacement from :math:`n`,
    :math:`\mathbb E\|g_\mathcal B - g\|^2 = \frac{\sigma^2}{B}\,\frac{n-B}{n-1}`. The check
    recognizes the law without the finite-population correction, the correction with
    :math:`n` instead of :math:`n - 1`, a :math:`1/\sqrt B` and a factor :math:`B` on the
    wrong side.
    """
    if not callable(minibatch_noise):
        fail("Pass the function itself, minibatch_noise, not the result of calling it.")
    mistakes = {
        "you are missing the finite-population correction, which makes the noise vanish at B = n":
            lambda s, n, B: s / B,
        "the correction divides by n - 1, not by n": lambda s, n, B: s / B * (n - B) / n,
        "the variance falls like 1/B, not like 1/√B (that is the typical error, its square root)":
            lambda s, n, B: s / np.sqrt(B) * (n - B) / (n - 1),
        "averaging B gradients divides the variance by B; it does not multiply it":
            lambda s, n, B: s * B * (n - B) / (n - 1),
    }
    for sigma2, n, B in [(0.9934, 100, 10), (2.0, 50, 1), (1.5, 1000, 32), (0.3, 100, 99), (0.7, 60, 60)]:
        expected = _noise(sigma2, n, B)
        got = as_float(minibatch_noise(sigma2, n, B), f"minibatch_noise({sigma2}, {n}, {B})")
        if abs(got - expected) <= 1e-12 + 1e-9 * abs(expected):
            continue
        where = f"minibatch_noise({sigma2}, {n}, {B}) is {got:.4g}"
        for hint, wrong in mistakes.items():
            if abs(got - wrong(sigma2, n, B)) <= 1e-12 + 1e-9 * abs(wrong(sigma2, n, B)):
                fail(f"{where}: {hint}.")
        fail(f"{where}, which does not follow the law above.")
    passed("minibatch_noise: the 1/B law with its finite-population correction, for every case tried.")


def _limit(design):
    n = len(design)
    return 2 / np.linalg.eigvalsh(2 / n * design.T @ design).max()


def check_lr_limit(lr_limit):
    r"""Check ``lr_limit(design) -> float``, the largest stable step of gradient descent on least squares.

    For :math:`L(w) = \frac1n\|Dw - y\|^2` the Hessian is :math:`H = \frac2n D^\top D` and
    full-batch descent is stable for :math:`\alpha < 2/\lambda_{\max}(H)`. The check tries
    random designs and recognizes a forgotten factor 2 of the Hessian, :math:`1/\lambda_{\max}`,
    the smallest eigenvalue, a singular value taken for an eigenvalue and a forgotten
    :math:`1/n`.
    """
    if not callable(lr_limit):
        fail("Pass the function itself, lr_limit, not the result of calling it.")
    rng = np.random.RandomState(0)
    designs = [np.c_[rng.standard_normal((100, 2)) * [1.0, 3.0], np.ones(100)],
               np.c_[rng.uniform(-1, 1, (40, 3)), np.ones(40)],
               rng.standard_normal((25, 1)) * 2.0]
    for design in designs:
        n = len(design)
        expected = _limit(design)
        got = as_float(lr_limit(design.copy()), "lr_limit(design)")
        if abs(got - expected) <= 1e-9 * expected:
            continue
        eig = np.linalg.eigvalsh(2 / n * design.T @ design)
        where = f"For a {design.shape[0]} x {design.shape[1]} design your limit is {got:.4g}"
        mistakes = {
            "did you forget the factor 2 in the Hessian of the mean squared error?": 2 / (eig.max() / 2),
            "the limit is 2/λmax, not 1/λmax": 1 / eig.max(),
            "did you use the smallest eigenvalue? The sharpest direction sets the limit": 2 / eig.min(),
            "did you take a singular value of D for an eigenvalue of DᵀD? An eigenvalue of DᵀD is its square":
                2 / (2 / n * np.linalg.svd(design, compute_uv=False).max()),
            "did you forget the 1/n of the mean? Use the Hessian of the average loss": 2 / (n * eig.max()),
        }
        for hint, wrong in mistakes.items():
            if abs(got - wrong) <= 1e-9 * abs(wrong):
                fail(f"{where}: {hint}")
        fail(f"{where}, which is not 2/λmax of the Hessian of the loss.")
    passed("lr_limit: 2/λmax of the mean squared error's Hessian, for every design tried.")
