"""Feedback on a guess written before running the cell that measures it."""
import math
import numbers

import numpy as np

__all__ = ["compare_prediction"]


def _read_guess(prediction):
    """(the guess as a float or None, a note for the student or None)."""
    if prediction is None or prediction is Ellipsis:
        return None, None
    if isinstance(prediction, (bool, np.bool_)):
        return None, f"should be a number, not {prediction}"
    note = None
    if isinstance(prediction, (str, bytes)):
        text = prediction.decode(errors="replace") if isinstance(prediction, bytes) else prediction
        shown = text if len(text) <= 30 else text[:27] + "..."
        try:
            value = float(text.strip().replace(",", "").rstrip("%").strip())
        except ValueError:
            return None, f"should be a number, not the text {shown!r}: write the number without quotes"
        percent = " (the % sign dropped)" if text.strip().endswith("%") else ""
        note = f"Your guess was the text {shown!r}: read as the number {value:g}{percent}; next time, leave out the quotes."
        prediction = value
    if not isinstance(prediction, numbers.Number):
        try:
            array = np.asarray(prediction)
        except Exception:
            return None, f"should be one number, not a {type(prediction).__name__}"
        if array.dtype.kind not in "iuf" or array.size != 1:
            what = f"{array.size} numbers" if array.dtype.kind in "iuf" else f"a {type(prediction).__name__}"
            return None, f"should be one number, not {what}"
        prediction = array.reshape(()).item()
    if isinstance(prediction, complex):
        return None, f"should be a real number, not {prediction}"
    value = float(prediction)
    if not math.isfinite(value):
        return None, f"is {value}: write a finite number"
    return value, note


def _how_far(guess, actual):
    """'too high by 8.5 %', 'too low: the measurement is 11 times your guess', ..."""
    ratio = guess / actual
    direction = "too high" if guess > actual else "too low"
    if 0.5 <= ratio <= 2:
        return f"{direction} by {abs(ratio - 1) * 100:.2g} %"
    if ratio > 2:
        text = f"{direction}: {ratio:.2g} times the measurement"
    else:
        text = f"{direction}: the measurement is {1 / ratio:.2g} times your guess"
    if 50 <= ratio <= 200:
        text += " (a percentage where a fraction was asked?)"
    elif 1 / 200 <= ratio <= 1 / 50:
        text += " (a fraction where a percentage was asked?)"
    return text


def compare_prediction(prediction, actual, *, what, relative=0.25):
    """Compare a guess written before running a cell with what the cell measured.

    Prints one line: whether the guess was within ``relative`` (a fraction) of the actual
    value, or how far off it was and in which direction, or that no guess was written. The
    measured value is already on the screen, so nothing is given away. Any guess gets a
    sentence and never an error: None, text (read as a number when it is one), a one-element
    list, zero, a negative number, NaN.

    Parameters
    ----------
    prediction : object
        What the student wrote, ``None`` if nothing.
    actual : float
        What the cell measured.
    what : str
        What was guessed, for the sentence ("the loss after 1,000 iterations").
    relative : float, default=0.25
        The tolerance, as a fraction of ``actual``.

    Raises
    ------
    TypeError, ValueError
        For an ``actual``, ``what`` or ``relative`` that the notebook got wrong; never for
        the guess.
    """
    if not isinstance(what, str) or not what.strip():
        raise TypeError(f"The 'what' parameter of compare_prediction must be a non-empty str. Got {what!r} instead.")
    if isinstance(relative, (bool, np.bool_)) or not isinstance(relative, numbers.Real) \
            or not 0 < relative < 1:
        raise ValueError(f"The 'relative' parameter of compare_prediction must be a float in (0, 1). "
                         f"Got {relative!r} instead.")
    if isinstance(actual, (bool, np.bool_, str, bytes)) or np.size(actual) != 1:
        raise TypeError(f"The 'actual' parameter of compare_prediction must be a number. Got {actual!r} instead.")
    try:
        actual = float(np.asarray(actual).reshape(()).item())
    except (TypeError, ValueError):
        raise TypeError(f"The 'actual' parameter of compare_prediction must be a number. "
                        f"Got {actual!r} instead.") from None
    guess, note = _read_guess(prediction)
    if note is not None and guess is None:
        print(f"Your guess for {what} {note}.")
        return
    if note is not None:
        print(note)
    if guess is None:
        print(f"No guess written for {what}: next time, write it down before running the cell.")
        return
    if not math.isfinite(actual):
        print(f"The measurement of {what} is {actual}, so there is nothing to compare your guess "
              f"({guess:.3g}) with.")
        return
    close = abs(guess - actual) <= relative * abs(actual) if actual != 0 else guess == 0
    if close:
        print(f"✓ Your guess for {what} ({guess:.3g}) was within {relative:.0%} of the measurement.")
        return
    if actual == 0:
        off = f"({guess:.3g}) is off: the measurement is 0"
    elif guess == 0:
        off = f"was 0, and the measurement is not"
    elif (guess > 0) != (actual > 0):
        off = f"({guess:.3g}) does not have the sign of the measurement"
    else:
        off = f"({guess:.3g}) was {_how_far(guess, actual)}"
    print(f"Your guess for {what} {off}. Look at the cell's output: why?")
