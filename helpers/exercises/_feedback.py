"""The shared pieces of the checks: the failure, the success line, and readers of answers.

Every reader turns what a student wrote into what the check needs (a float, an array of a
given shape, a tuple of values, one label out of a few) or stops with a one-sentence hint
saying what is off, so that no check ever fails with an error from inside itself.
"""
import numbers

import numpy as np

__all__ = ["NotQuiteRight", "passed", "fail", "describe", "as_float", "as_array", "unpack", "in_order",
           "as_label", "agrees", "name_the_mistake"]

#: Relative tolerance of :func:`agrees`: a float32 computation is about 1e-7 off, the usual
#: slips are off by a percent or more.
RTOL = 1e-4

_COUNTS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


class NotQuiteRight(AssertionError):
    """Raised by a check: the message says what is wrong, never what the answer is.

    In a notebook, :mod:`helpers.exercises` shows it as one line (the hint), without the
    check's own code; nbgrader's autograder sees an error and gives the test no points.
    """


def passed(message):
    """Print the success line of a check: ``message`` after a ✓."""
    print(f"✓ {message}")


def fail(message):
    """Stop the check with the hint ``message`` (one sentence), never chained to an error the
    check caught on the way (no "During handling of the above exception" in a traceback)."""
    raise NotQuiteRight(" ".join(str(message).split())) from None


def describe(value):
    """A short description of a value for a hint: "the text '0.5'", "a list of 3 values"..."""
    if isinstance(value, (str, bytes)):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {text!r}"
    if value is None or value is Ellipsis:
        return repr(value)
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        return f"the complex number {value}"
    if isinstance(value, numbers.Number):
        return f"the number {value:.4g}" if isinstance(value, numbers.Real) else f"the number {value}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} value{'s' if len(value) != 1 else ''}"
    if callable(value):
        return "a function" if not isinstance(value, type) else f"the class {value.__name__}"
    return f"a {type(value).__name__}"


def as_float(value, what):
    """``value`` as a finite float, or a hint that it should be one number.

    Accepts Python and numpy numbers and one-element arrays or lists; refuses None, text,
    booleans, complex numbers, several values and NaN or infinity, each with its own hint.
    """
    if value is None or value is Ellipsis:
        fail(f"{what} is still {'None' if value is None else '...'}: replace it with your answer.")
    if isinstance(value, (str, bytes)):
        fail(f"{what} should be a number, not {describe(value)}: give the number itself, without quotes.")
    if isinstance(value, (bool, np.bool_)):
        fail(f"{what} should be a number, not {value}.")
    if not isinstance(value, numbers.Number):
        try:
            array = np.asarray(value)
        except Exception:                      # a ragged list, an object numpy cannot read
            fail(f"{what} should be a single number; got {describe(value)}.")
        if array.size != 1 or array.dtype.kind not in "iufcb":
            fail(f"{what} should be a single number; got {describe(value)}.")
        value = array.reshape(()).item()
        if isinstance(value, bool):
            fail(f"{what} should be a number, not {value}.")
    if isinstance(value, complex) or np.iscomplexobj(value):
        fail(f"{what} should be a real number; got the complex number {value}.")
    value = float(value)
    if not np.isfinite(value):
        fail(f"{what} is {value}: it should be a finite number.")
    return value


def as_array(value, what, shape=None):
    """``value`` as a float array (of ``shape``), or a hint about what went wrong.

    NaN and infinity are let through: a check decides what they mean.
    """
    if value is None:
        fail(f"{what} is None: it should be an array of numbers.")
    if isinstance(value, (str, bytes, dict, set)):
        fail(f"{what} should be an array of numbers; got {describe(value)}.")
    try:
        array = np.asarray(value)
        if array.dtype.kind == "c":
            fail(f"{what} holds complex numbers: it should hold real ones.")
        array = array.astype(float)
    except NotQuiteRight:
        raise
    except Exception:
        fail(f"{what} should be an array of numbers; got {describe(value)}.")
    if shape is not None and array.shape != tuple(shape):
        transposed = " (is it transposed?)" if array.shape == tuple(shape)[::-1] and len(shape) == 2 else ""
        fail(f"{what} has shape {array.shape}; it should have shape {tuple(shape)}{transposed}.")
    return array


def unpack(result, function, names):
    """The values a student's function returned, checked to be ``len(names)`` of them.

    ``names`` describe them for the hint, e.g. ``("theta", "v")``. One array is one value
    (not a tuple of its rows), and so is a dict.
    """
    count = _COUNTS.get(len(names), str(len(names)))
    wanted = f"{function} should return {count} values, ({', '.join(names)})"
    if result is None:
        fail(f"{function} returned None: did you forget the return statement?")
    if isinstance(result, dict):
        fail(f"{wanted}, not a dict: return them separated by commas, in that order.")
    if isinstance(result, (tuple, list)):
        values = tuple(result)
    else:
        fail(f"{wanted}; it returned one value, {describe(result)}.")
    if len(values) != len(names):
        fail(f"{wanted}; it returned {len(values)}.")
    return values


def in_order(values, shapes, function, names):
    """Fail if ``values`` have the ``shapes`` expected, but in another order.

    Only arrays whose shapes are all different can be told apart this way; the order of
    values of one shape is for the check to test on their values.
    """
    try:
        got = [tuple(np.shape(value)) for value in values]
    except Exception:                          # a ragged list: as_array says what is wrong
        return
    shapes = [tuple(shape) for shape in shapes]
    if got != shapes and sorted(got) == sorted(shapes):
        fail(f"{function} returns arrays of the right shapes but in another order: return ({', '.join(names)}), "
             f"in that order.")


def as_label(value, what, choices):
    """``value`` as one of the strings ``choices``, or a hint (None, an array, a typo...)."""
    options = ", ".join(repr(choice) for choice in choices)
    if value is None:
        fail(f"{what} is None: it should be one of {options}.")
    if isinstance(value, str):
        if value in choices:
            return str(value)
        near = [choice for choice in choices if choice == value.strip().lower()]
        if near:
            fail(f"{what} is {value!r}: write it exactly as {near[0]!r} (lower case, no spaces around).")
        fail(f"{what} is {value!r}, which is not one of {options}.")
    fail(f"{what} should be one of the strings {options}; got {describe(value)}.")


def agrees(got, want, rtol=RTOL):
    """Whether ``got`` equals ``want`` up to rounding, for arrays or numbers of the same shape.

    The error of every entry is compared with the size of the largest entry of ``want``
    (``rtol`` times it): a float32 computation passes, a missing factor or term does not.
    """
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if got.shape != want.shape or not np.all(np.isfinite(got)):
        return False
    scale = float(np.max(np.abs(want))) if want.size else 0.0
    return bool(np.all(np.abs(got - want) <= rtol * scale + 1e-300))


def name_the_mistake(got, mistakes, opening, *, rtol=RTOL):
    """If ``got`` equals one of the known wrong answers, fail with its description.

    ``mistakes`` maps a description ("z(1 − z): apply the formula to σ(z), not to z") to the
    value that mistake gives; the hint is ``opening`` followed by the description, e.g.
    "Your sigmoid_prime computes " + description + ".".
    """
    for mistake, wrong in mistakes.items():
        with np.errstate(all="ignore"):
            if agrees(got, wrong, rtol=rtol):
                fail(f"{opening}{mistake}.")
