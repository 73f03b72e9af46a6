"""What the exercise tests share: run a check and get its ✓ line or its one-line hint."""
import io
import warnings
from contextlib import redirect_stdout

import numpy as np
import pytest

from helpers.exercises import NotQuiteRight


def passes(check, *args, **kwargs):
    """Run ``check``; assert it printed exactly one line starting with ✓ and no warning."""
    out = io.StringIO()
    with redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("error")
        check(*args, **kwargs)
    text = out.getvalue()
    assert text.startswith("✓ ") and text.count("\n") == 1, text
    return text


def hint(check, *args, **kwargs):
    """Run ``check``; assert it failed with a one-line hint (no other error, no warning, no
    output), and return the hint."""
    out = io.StringIO()
    with redirect_stdout(out), warnings.catch_warnings(), pytest.raises(NotQuiteRight) as info:
        warnings.simplefilter("error")
        check(*args, **kwargs)
    message = str(info.value)
    assert message.strip() and "\n" not in message, message
    assert info.value.__cause__ is None and (info.value.__suppress_context__ or info.value.__context__ is None)
    assert not out.getvalue(), out.getvalue()
    return message


def float32(function):
    """``function`` computing in float32: its array and float arguments are cast first, as a
    student who writes ``x = x.astype(np.float32)`` does."""
    def cast(value):
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            return value.astype(np.float32)
        if isinstance(value, float):
            return np.float32(value)
        if isinstance(value, list) and value and all(isinstance(v, float) for v in value):
            return list(np.asarray(value, dtype=np.float32))
        return value

    def in_float32(*args):
        return function(*(cast(a) for a in args))
    return in_float32


def raises(error):
    """A function of any arguments that raises ``error``, as a student's half-done code does."""
    def function(*args):
        raise error
    return function
