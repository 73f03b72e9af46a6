"""Argument checks shared by every public helper.

Each check raises a ``TypeError`` (wrong kind of object) or a ``ValueError``
(right kind, wrong value) whose message names the parameter, the function,
what is allowed and what was given, in the form used by scikit-learn:
"The 'lr' parameter of train must be a positive float. Got -1 instead."
"""
import numbers

import numpy as np

__all__ = ["check_random_state", "check_int", "check_float", "check_X_y", "check_choice",
           "check_batch_size"]


def _fail(kind, name, caller, allowed, value):
    return kind(f"The {name!r} parameter of {caller} must be {allowed}. Got {value!r} instead.")


def check_random_state(random_state, *, name="random_state", caller="this function"):
    """Turn ``random_state`` into a random number generator.

    Parameters
    ----------
    random_state : None, int, numpy.random.RandomState or numpy.random.Generator
        ``int`` gives a legacy ``RandomState(int)`` (MT19937): that is the
        generator that reproduces the lecture's numbers. ``None`` gives a fresh,
        unpredictably seeded ``RandomState`` (never the global ``np.random``
        state). A ``RandomState`` or ``Generator`` is used as is, so successive
        calls continue its stream.

    Returns
    -------
    numpy.random.RandomState or numpy.random.Generator
    """
    if isinstance(random_state, (np.random.RandomState, np.random.Generator)):
        return random_state
    allowed = "None, an int in [0, 2**32 - 1], a numpy RandomState or a numpy Generator"
    if random_state is None:
        return np.random.RandomState()
    if isinstance(random_state, bool) or not isinstance(random_state, numbers.Integral):
        raise _fail(TypeError, name, caller, allowed, random_state)
    if not 0 <= random_state < 2**32:
        raise _fail(ValueError, name, caller, allowed, random_state)
    return np.random.RandomState(int(random_state))


def check_int(value, name, caller, *, minimum=1):
    """Return ``value`` as an ``int`` if it is an integer >= ``minimum``."""
    allowed = f"an int >= {minimum}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise _fail(TypeError, name, caller, allowed, value)
    if value < minimum:
        raise _fail(ValueError, name, caller, allowed, value)
    return int(value)


def check_float(value, name, caller, *, positive=True, allow_none=False, allow_zero=False):
    """Return ``value`` as a finite ``float``; optionally ``None``; by default > 0."""
    if allow_none and value is None:
        return None
    sign = "non-negative" if allow_zero else "positive"
    allowed = (f"a {sign} float" if positive else "a finite float") + (" or None" if allow_none else "")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _fail(TypeError, name, caller, allowed, value)
    value = float(value)
    if not np.isfinite(value) or (positive and (value < 0 or (value == 0 and not allow_zero))):
        raise _fail(ValueError, name, caller, allowed, value)
    return value


def check_choice(value, choices, name, caller):
    """Return ``value`` if it is one of ``choices`` (strings)."""
    if not isinstance(value, str) or value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        kind = TypeError if not isinstance(value, str) else ValueError
        raise kind(f"The {name!r} parameter of {caller} must be one of {listed}. Got {value!r} instead.")
    return value


def _as_float_2d(a, name, caller):
    not_numbers = TypeError(f"The {name!r} parameter of {caller} must be an array of numbers. "
                            f"Got an object of type {type(a).__name__} instead.")
    if isinstance(a, (str, bytes)):
        raise not_numbers
    try:
        raw = np.asarray(a)
    except (TypeError, ValueError):
        raise not_numbers from None
    text = raw.dtype.kind in "US" or (raw.dtype.kind == "O" and any(isinstance(v, (str, bytes))
                                                                     for v in raw.ravel()))
    if text:
        raise TypeError(f"The {name!r} parameter of {caller} must be an array of numbers. Got an "
                        f"array of text (dtype {raw.dtype}) instead: convert it with "
                        f"np.asarray(..., dtype=float) if the text holds numbers.")
    if raw.dtype.kind == "c":
        raise TypeError(f"The {name!r} parameter of {caller} must be an array of real numbers. Got an "
                        f"array of complex numbers (dtype {raw.dtype}) instead.")
    try:
        arr = raw.astype(float, copy=False)
    except (TypeError, ValueError):
        raise not_numbers from None
    return arr


def check_X_y(X, y=None, *, caller, n_features=None, n_outputs=None, names=("X", "y")):
    """Validate a design matrix ``X`` (m, n_x) and targets ``y`` (m,) or (m, n_y).

    Returns ``X`` as a float array of shape (m, n_x) and ``y`` as a float array
    of shape (m, n_y) (a 1-D ``y`` becomes one column). ``names``: what the
    messages call the two arrays (e.g. the parts of ``validation_data``).
    """
    name_X, name_y = names
    X = _as_float_2d(X, name_X, caller)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"The {name_X!r} parameter of {caller} must be a non-empty 2-D array of shape "
                         f"(n_samples, n_features). Got shape {X.shape} instead.")
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(f"The {name_X!r} parameter of {caller} must have {n_features} columns "
                         f"(the network's input size). Got {X.shape[1]} instead.")
    if not np.all(np.isfinite(X)):
        bad = int(np.size(X) - np.count_nonzero(np.isfinite(X)))
        raise ValueError(f"The {name_X!r} parameter of {caller} must contain only finite numbers. "
                         f"Got {bad} NaN or infinite value(s) instead.")
    if y is None:
        return X
    y = _as_float_2d(y, name_y, caller)
    if y.ndim == 1:
        y = y[:, None]
    if y.ndim != 2 or y.shape[0] != X.shape[0]:
        raise ValueError(f"The {name_y!r} parameter of {caller} must have one row per row of {name_X} "
                         f"({X.shape[0]}), as shape ({X.shape[0]},) or ({X.shape[0]}, n_outputs). "
                         f"Got shape {y.shape} instead.")
    if n_outputs is not None and y.shape[1] != n_outputs:
        raise ValueError(f"The {name_y!r} parameter of {caller} must have {n_outputs} column(s) "
                         f"(the network's output size). Got {y.shape[1]} instead.")
    if not np.all(np.isfinite(y)):
        raise ValueError(f"The {name_y!r} parameter of {caller} must contain only finite numbers. "
                         f"Got NaN or infinite values instead.")
    return X, y


def check_batch_size(batch_size, n_samples, caller):
    """Return ``batch_size`` if it is None (full batch) or an int in [1, n_samples]."""
    if batch_size is None:
        return None
    allowed = f"None (full batch) or an int in [1, {n_samples}] (the number of samples)"
    if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral):
        raise TypeError(f"The 'batch_size' parameter of {caller} must be {allowed}. "
                        f"Got {batch_size!r} instead.")
    if not 1 <= batch_size <= n_samples:
        raise ValueError(f"The 'batch_size' parameter of {caller} must be {allowed}. "
                         f"Got {batch_size!r} instead.")
    return int(batch_size)
