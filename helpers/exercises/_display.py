"""How a failed check looks in a notebook: the hint alone, not the check's code.

A check that fails raises :class:`NotQuiteRight`. IPython would show it as a traceback whose
context lines are the check's own code, which can hold the very answer the exercise asks
for. :func:`register` installs an IPython handler for that exception (and only that one)
which shows one line, ``NotQuiteRight: <the hint>``. It is still an error for Jupyter and
for nbgrader's autograder (an ``error`` output, the cell's execution fails), so Run All stops
there and the test cell scores no points. ``%tb`` and ``%debug`` still reach the full
traceback. Outside IPython, nothing changes.
"""
import sys

from ._feedback import NotQuiteRight

__all__ = ["register"]

_RED, _RESET = "\x1b[0;31m", "\x1b[0m"


def show_hint(shell, etype, value, tb, tb_offset=None):
    """IPython's custom exception handler for :class:`NotQuiteRight`: one line, the hint."""
    stb = [f"{_RED}{etype.__name__}{_RESET}: {value}"]
    sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb   # for %debug and %tb
    shell._showtraceback(etype, value, stb)
    return stb


def register(shell=None):
    """Show :class:`NotQuiteRight` compactly in ``shell`` (the running IPython, if any).

    Another custom handler already installed is left alone.
    """
    if shell is None:
        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return False
    current = tuple(shell.custom_exceptions)
    if current and not all(getattr(e, "__name__", "") == "NotQuiteRight" for e in current):
        return False
    shell.set_custom_exc((NotQuiteRight,), show_hint)
    return True
