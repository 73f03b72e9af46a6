"""Numerics shared by the diagnostics: a vector norm that does not overflow or underflow."""
import numpy as np

#: Below this a plain norm may have lost digits to squares that underflowed.
_SMALL = 1e-150


def finite_norm(x):
    r"""Euclidean norm :math:`\|x\|` that stays finite and non-zero as long as the entries are.

    ``np.linalg.norm`` squares the entries, so it returns inf once one passes about 1e154 and
    loses every digit below about 1e-154. There the norm is measured as
    :math:`m\,\|x/m\|` with :math:`m = \max_i |x_i|` (the scaling of LAPACK's ``dnrm2``).
    Anywhere else the result is ``np.linalg.norm``'s, bit for bit. NaN in gives NaN out;
    an infinite entry gives inf.
    """
    with np.errstate(over="ignore", under="ignore"):
        norm = float(np.linalg.norm(x))
        if not _SMALL < norm < np.inf:
            peak = float(np.max(np.abs(x))) if np.size(x) else 0.0
            if 0 < peak < np.inf:
                norm = peak * float(np.linalg.norm(np.asarray(x) / peak))
    return norm
