"""Argument checks shared by every public helper.

Each check raises a ``TypeError`` (wrong kind of object) or a ``ValueError``
(right kind, wrong value) whose message names the parameter, the function,
what is allowed and what was given, in the form used by scikit-learn:
"The 'lr' parameter of train must be a positive float. Got -1 instead."
"""
import numbers
import os

import numpy as np

__all__ = ["check_random_state", "check_int", "check_float", "check_X_y", "check_choice",
           "check_batch_size", "check_array", "check_pair", "check_binary_labels", "check_memory",
           "check_layer_sizes", "check_path", "check_instance", "check_model", "check_bool",
           "check_figure_options", "MAX_ARRAY_BYTES"]

#: Arrays that would take more memory than this are refused before they are made: 1 GiB of
#: float64, the limit :data:`helpers.network.MAX_PARAMETER_BYTES` sets on a network's
#: parameters. A typo such as ``10**12`` samples should be an error, not a ``MemoryError``
#: or a process killed by the operating system.
MAX_ARRAY_BYTES = 2**30


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


def check_int(value, name, caller, *, minimum=1, maximum=None):
    """Return ``value`` as an ``int`` if it is an integer in [``minimum``, ``maximum``]."""
    allowed = f"an int >= {minimum}" if maximum is None else f"an int in [{minimum}, {maximum}]"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise _fail(TypeError, name, caller, allowed, value)
    if value < minimum or (maximum is not None and value > maximum):
        raise _fail(ValueError, name, caller, allowed, value)
    return int(value)


def check_float(value, name, caller, *, positive=True, allow_none=False, allow_zero=False,
                below=None):
    """Return ``value`` as a finite ``float``; optionally ``None``; by default > 0.

    ``below``: the value must also be smaller than this (a positive ``value`` then lies in
    ``(0, below)``, or ``[0, below)`` with ``allow_zero``).
    """
    if allow_none and value is None:
        return None
    sign = "non-negative" if allow_zero else "positive"
    if below is not None and positive:
        allowed = f"a float in {'[' if allow_zero else '('}0, {below:g})"
    else:
        allowed = (f"a {sign} float" if positive else "a finite float") + \
            (f" below {below:g}" if below is not None else "")
    allowed += " or None" if allow_none else ""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _fail(TypeError, name, caller, allowed, value)
    value = float(value)
    if not np.isfinite(value) or (positive and (value < 0 or (value == 0 and not allow_zero))) \
            or (below is not None and value >= below):
        raise _fail(ValueError, name, caller, allowed, value)
    return value


def check_choice(value, choices, name, caller):
    """Return ``value`` if it is one of ``choices`` (strings)."""
    if not isinstance(value, str) or value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        kind = TypeError if not isinstance(value, str) else ValueError
        raise kind(f"The {name!r} parameter of {caller} must be one of {listed}. Got {value!r} instead.")
    return value


def _as_float_array(a, name, caller):
    """``a`` as a float array; a TypeError naming the parameter for text, complex numbers or objects."""
    not_numbers = TypeError(f"The {name!r} parameter of {caller} must be an array of numbers. "
                            f"Got an object of type {type(a).__name__} instead.")
    if a is None or isinstance(a, (str, bytes)):
        raise not_numbers
    try:
        raw = np.asarray(a)
    except (TypeError, ValueError):
        raise not_numbers from None
    if raw.dtype.kind == "O" and any(v is None for v in raw.ravel()):  # astype would make NaN of it
        raise TypeError(f"The {name!r} parameter of {caller} must be an array of numbers. Got an "
                        f"array holding None instead.")
    text = raw.dtype.kind in "US" or (raw.dtype.kind == "O" and any(isinstance(v, (str, bytes))
                                                                     for v in raw.ravel()))
    if text:
        raise TypeError(f"The {name!r} parameter of {caller} must be an array of numbers. Got an "
                        f"array of text (dtype {raw.dtype}) instead: convert it with "
                        f"np.asarray(..., dtype=float) if the text holds numbers.")
    if raw.dtype.kind == "c":
        raise TypeError(f"The {name!r} parameter of {caller} must be an array of real numbers. Got "
                        f"an array of complex numbers (dtype {raw.dtype}) instead.")
    try:
        arr = raw.astype(float, copy=False)
    except (TypeError, ValueError):
        raise not_numbers from None
    return arr


_NO_Y = object()  # check_X_y(X) without y: only X is checked; an explicit y=None is an error


def check_X_y(X, y=_NO_Y, *, caller, n_features=None, n_outputs=None, names=("X", "y")):
    """Validate a design matrix ``X`` (m, n_x) and targets ``y`` (m,) or (m, n_y).

    Returns ``X`` as a float array of shape (m, n_x) and ``y`` as a float array
    of shape (m, n_y) (a 1-D ``y`` becomes one column). ``names`` are the
    parameters' names in the messages (e.g. ``("reference", None)``).
    """
    x_name, y_name = names
    X = _as_float_array(X, x_name, caller)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"The {x_name!r} parameter of {caller} must be a non-empty 2-D array of shape "
                         f"(n_samples, n_features). Got shape {X.shape} instead.")
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(f"The {x_name!r} parameter of {caller} must have {n_features} columns "
                         f"(the network's input size). Got {X.shape[1]} instead.")
    if not np.all(np.isfinite(X)):
        bad = int(np.size(X) - np.count_nonzero(np.isfinite(X)))
        raise ValueError(f"The {x_name!r} parameter of {caller} must contain only finite numbers. "
                         f"Got {bad} NaN or infinite value(s) instead.")
    if y is _NO_Y:
        return X
    y = _as_float_array(y, y_name, caller)
    if y.ndim == 1:
        y = y[:, None]
    if y.ndim != 2 or y.shape[0] != X.shape[0]:
        raise ValueError(f"The {y_name!r} parameter of {caller} must have one row per row of "
                         f"{x_name} ({X.shape[0]}), as shape ({X.shape[0]},) or ({X.shape[0]}, "
                         f"n_outputs). Got shape {y.shape} instead.")
    if n_outputs is not None and y.shape[1] != n_outputs:
        raise ValueError(f"The {y_name!r} parameter of {caller} must have {n_outputs} column(s) "
                         f"(the network's output size). Got {y.shape[1]} instead.")
    if not np.all(np.isfinite(y)):
        raise ValueError(f"The {y_name!r} parameter of {caller} must contain only finite numbers. "
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


def check_array(a, name, caller, *, ndim=None, allow_empty=False):
    """Return ``a`` as a float array (lists are converted; text is refused), by default non-empty.

    NaN and inf are kept: a formula given them gives NaN or inf, as the maths says.
    ``ndim``: the number of dimensions required, if any.
    """
    arr = _as_float_array(a, name, caller)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"The {name!r} parameter of {caller} must be a {ndim}-D array. "
                         f"Got shape {arr.shape} instead.")
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"The {name!r} parameter of {caller} must be a non-empty array. "
                         f"Got shape {arr.shape} instead.")
    return arr


def _is_column(shape):
    return len(shape) == 1 or (len(shape) == 2 and shape[1] == 1)


def check_pair(y_hat, y, caller, *, name="y_hat"):
    """Return a prediction ``y_hat`` and targets ``y`` as float arrays of one shape.

    The one mismatch accepted is the column: a 1-D ``y`` of length n against an (n, 1)
    ``y_hat``, or the reverse, holds the same n values, so ``y`` takes the shape of
    ``y_hat``. Any other difference of shape is refused, never broadcast (an (n, 1)
    prediction minus (n,) targets would silently be an (n, n) table). Float arrays of one
    shape, as the network passes them, go through at the cost of a few comparisons.
    """
    if type(y_hat) is np.ndarray and type(y) is np.ndarray and y_hat.shape == y.shape \
            and y_hat.size and y_hat.dtype.kind == "f" and y.dtype.kind == "f":
        return y_hat, y
    y_hat, y = check_array(y_hat, name, caller), check_array(y, "y", caller)
    if y.shape != y_hat.shape:
        if y.size != y_hat.size or not (_is_column(y.shape) and _is_column(y_hat.shape)):
            raise ValueError(f"The 'y' parameter of {caller} must have the shape of {name}, "
                             f"{y_hat.shape} (a 1-D y of length n also matches an (n, 1) column). "
                             f"Got shape {y.shape} instead.")
        y = y.reshape(y_hat.shape)
    return y_hat, y


def check_binary_labels(y, name, caller, *, why=""):
    """Return ``y`` if every value is 0 or 1 (the labels of a binary classifier).

    ``why`` ends the first sentence of the message, e.g. " for the binary cross-entropy loss".
    """
    bad = (y != 0) & (y != 1)
    if bad.any():
        values = ", ".join(f"{v:g}" for v in np.unique(y[bad])[:5])
        raise ValueError(f"The {name!r} parameter of {caller} must hold labels 0 or 1{why}. "
                         f"Got {int(bad.sum())} other value(s) instead: {values}.")
    return y


def check_memory(n_values, name, caller, value, *, what):
    """Refuse ``value`` of parameter ``name`` when it asks for more than :data:`MAX_ARRAY_BYTES`.

    ``n_values`` is the number of float64 values it would need; ``what`` says what they are.
    ``name`` may be a tuple of names when their values ask together.
    """
    if 8 * n_values > MAX_ARRAY_BYTES:
        if isinstance(name, str):
            names = f"{name!r} parameter of {caller} asks"
        else:
            names = f"{', '.join(repr(n) for n in name[:-1])} and {name[-1]!r} parameters of {caller} ask"
        raise ValueError(f"The {names} for too much memory: {what} would need {n_values:,} float64 "
                         f"values, {8 * n_values / 2**30:,.1f} GiB, over the limit of "
                         f"{MAX_ARRAY_BYTES / 2**30:g} GiB ({MAX_ARRAY_BYTES // 8:,} values). "
                         f"Got {value!r} instead.")


def check_layer_sizes(layer_sizes, name, caller):
    """Return ``layer_sizes`` as a list of at least two ints >= 1 (a network's sizes)."""
    allowed = "a list of at least two ints >= 1"
    if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__len__"):
        raise _fail(TypeError, name, caller, allowed, layer_sizes)
    sizes = list(layer_sizes)
    if len(sizes) < 2 or any(isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1
                             for n in sizes):
        raise _fail(ValueError, name, caller, allowed, layer_sizes)
    return [int(n) for n in sizes]


def check_path(path, name, caller):
    """Return ``path`` as a :class:`pathlib.Path` if it is a str or a path-like object."""
    from pathlib import Path
    if not isinstance(path, (str, os.PathLike)):
        raise _fail(TypeError, name, caller, "a str or a pathlib.Path", path)
    return Path(path)


def check_instance(value, test, name, caller, allowed):
    """Return ``value`` if ``test(value)`` holds, else a ``TypeError`` saying what is ``allowed``."""
    if not test(value):
        simple = value is None or isinstance(value, (numbers.Number, str)) or \
            (isinstance(value, (tuple, list)) and len(repr(value)) < 60)
        shown = repr(value) if simple else f"an object of type {type(value).__name__}"
        raise TypeError(f"The {name!r} parameter of {caller} must be {allowed}. Got {shown} instead.")
    return value


def check_model(model, caller, *, name="model"):
    """Return ``model`` if it is a :class:`helpers.network.NeuralNet` (or a subclass)."""
    from .network import NeuralNet
    return check_instance(model, lambda m: isinstance(m, NeuralNet), name, caller,
                          "a helpers.network.NeuralNet")


def check_bool(value, name, caller):
    """Return ``value`` as a ``bool`` if it is True or False (numpy's bool too)."""
    if not isinstance(value, (bool, np.bool_)):
        raise _fail(TypeError, name, caller, "True or False", value)
    return bool(value)


def _is_size(figsize):
    try:
        width, height = figsize
        return all(isinstance(v, numbers.Real) and not isinstance(v, bool) and 0 < v < np.inf
                   for v in (width, height))
    except (TypeError, ValueError):
        return False


def check_figure_options(caller, *, figsize, title=None, ax=None, legend=True):
    """The options every figure of the course takes: ``figsize`` (width, height) in inches,
    ``title`` a str or None, ``ax`` a matplotlib Axes or None, ``legend`` True or False."""
    from matplotlib.axes import Axes
    check_instance(figsize, _is_size, "figsize", caller, "a pair (width, height) of positive numbers")
    check_instance(title, lambda t: t is None or isinstance(t, str), "title", caller, "a str or None")
    check_instance(ax, lambda a: a is None or isinstance(a, Axes), "ax", caller,
                   "a matplotlib Axes or None")
    check_bool(legend, "legend", caller)
