"""Instant feedback for the notebooks' exercises.

Every code exercise ends with a call to a check from this package, e.g.
``check_he_init(he_init)``. A check runs the student's function or value on
cases whose answers it knows, and then either prints one line that starts
with ✓ or raises :class:`NotQuiteRight` with one sentence saying what is
wrong and, for the usual mistakes, where to look. It never prints the answer.

Predict-then-run exercises use :func:`compare_prediction`, which never raises:
a guess is a guess.

The checks live in one module per notebook (``helpers.exercises.ex02`` for
notebook 02, ...); the shared pieces are here.
"""
import numbers

import numpy as np

__all__ = ["NotQuiteRight", "passed", "fail", "as_float", "as_array", "unpack", "name_the_mistake",
           "compare_prediction"]


class NotQuiteRight(AssertionError):
    """Raised by a check: the message says what is wrong, never what the answer is."""


def passed(message):
    """Print the success line of a check."""
    print(f"✓ {message}")


def fail(message):
    """Stop with the hint ``message``."""
    raise NotQuiteRight(message)


def as_float(value, what):
    """``value`` as a float, or a hint that it should be a number."""
    if value is None or value is Ellipsis:
        fail(f"{what} is still empty: replace the ... with your answer.")
    if isinstance(value, (str, bytes)):
        fail(f"{what} should be a number, not the text {value!r}: leave out the quotes.")
    if isinstance(value, (bool, np.bool_)):
        fail(f"{what} should be a single number, not {value}.")
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        try:
            value = float(np.asarray(value).item())
        except (TypeError, ValueError):
            fail(f"{what} should be a single number; got {type(value).__name__}.")
    value = float(value)
    if not np.isfinite(value):
        fail(f"{what} is {value}: it should be a finite number.")
    return value


def as_array(value, what, shape=None):
    """``value`` as a float array (of ``shape``), or a hint about what went wrong."""
    if value is None:
        fail(f"{what} returned None: did you forget the return statement?")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        fail(f"{what} should be an array of numbers; got {type(value).__name__}.")
    if shape is not None and array.shape != tuple(shape):
        fail(f"{what} has shape {array.shape}; it should have shape {tuple(shape)}.")
    return array


def unpack(result, function, names):
    """The values a student's function returned, checked to be ``len(names)`` of them.

    ``names`` describe them for the hint, e.g. ``("theta", "v")``.
    """
    if result is None:
        fail(f"{function} returned None: did you forget the return statement?")
    try:
        values = tuple(result)
    except TypeError:
        values = (result,)
    if len(values) != len(names):
        count = {1: "one", 2: "two", 3: "three", 4: "four"}.get(len(names), str(len(names)))
        fail(f"{function} should return {count} values, ({', '.join(names)}); it returned {len(values)}.")
    return values


def name_the_mistake(got, mistakes, opening, *, rtol=1e-6, atol=1e-12):
    """If ``got`` equals one of the known wrong answers, fail with its description.

    ``mistakes`` maps a description ("z(1 − z): apply the formula to σ(z), not to z") to the
    values that mistake gives; the hint is ``opening`` followed by the description, e.g.
    "Your sigmoid_prime computes " + description + ".".
    """
    for mistake, wrong in mistakes.items():
        if np.allclose(got, wrong, rtol=rtol, atol=atol):
            fail(f"{opening}{mistake}.")


def compare_prediction(prediction, actual, *, what, relative=0.25):
    """Compare a guess written before running a cell with what the cell measured.

    Prints whether the guess was within ``relative`` (a fraction) of the actual
    value, or that no guess was written. The actual value is already on the
    screen, so nothing is given away.
    """
    if prediction is None or prediction is Ellipsis:
        print(f"No guess written for {what}: next time, write it down before running the cell.")
        return
    guess = as_float(prediction, "Your prediction")
    if actual == 0:
        close = abs(guess) < 1e-12
    else:
        close = abs(guess - actual) <= relative * abs(actual)
    if close:
        print(f"✓ Your guess for {what} was within {relative:.0%} of the measurement.")
    else:
        direction = "too high" if guess > actual else "too low"
        print(f"Your guess for {what} was {direction} (off by a factor of "
              f"{max(abs(guess), 1e-300) / max(abs(actual), 1e-300):.2g}). Look at the cell's output: why?")
