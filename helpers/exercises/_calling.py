"""Running a student's function inside a check, so that whatever it does becomes a hint.

:func:`student_function` wraps the function once its parameters are known to fit the call
the check makes. Calling the wrapper runs the student's code on copies of the arguments,
with numpy's floating-point warnings off (a check judges the result, and a warning printed
during a test would cost the points in nbgrader), and turns every way it can go wrong into
a one-sentence :class:`NotQuiteRight`: the stub's ``NotImplementedError``, any other error
(with the line of the student's code where it happened), a forgotten ``return``, and a call
to the package's own version of the function the exercise asks for.
"""
import copy
import inspect
import os
import sys
import sysconfig
import traceback
import warnings

import numpy as np

from ._feedback import fail

__all__ = ["student_function"]

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_LIBRARIES = tuple(os.path.realpath(p) for p in {sysconfig.get_paths()[k] for k in ("stdlib", "purelib", "platlib")})


def _is_students(filename):
    """Whether a traceback frame comes from the student's code (a cell, a script of theirs)."""
    if filename.startswith("<") and not filename.startswith("<ipython-input"):
        return False
    path = os.path.realpath(filename)
    return not path.startswith(_PACKAGE) and not path.startswith(_LIBRARIES)


def _where(error):
    """' (line N of your code: `source`)' for the last frame of the student's code, or ''."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if _is_students(f.filename)]
    if not frames:
        return ""
    frame = frames[-1]
    line = (frame.line or "").strip()
    code = f": `{line}`" if line else ""
    return f" (line {frame.lineno} of your code{code})"


def _first_line(error):
    text = str(error).strip().split("\n")[0]
    return text if len(text) <= 160 else text[:157] + "..."


class StudentFunction:
    """A student's function, called the way the exercise says (see :func:`student_function`)."""

    def __init__(self, function, name, params, forbidden):
        self.function, self.name, self.params, self.forbidden = function, name, params, forbidden

    def __call__(self, *args):
        args = copy.deepcopy(args)                 # the student's code may change its inputs
        codes = {code: name for code, name in self.forbidden.items()}
        called = []

        def profile(frame, event, arg):
            if event == "call" and frame.f_code in codes:
                called.append(codes[frame.f_code])

        previous, problem = sys.getprofile(), None
        if codes:
            sys.setprofile(profile)
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = self.function(*args)
        except NotImplementedError:
            problem = (f"{self.name} still raises NotImplementedError: replace `# YOUR CODE HERE` "
                       f"and `raise NotImplementedError()` with your code.")
        except RecursionError:
            problem = (f"{self.name} calls itself without end (RecursionError): does it call "
                       f"{self.name} instead of computing the answer?")
        except Exception as error:
            if type(error).__name__ == "NotQuiteRight":
                raise
            problem = f"Your {self.name} raised {type(error).__name__}: {_first_line(error)}{_where(error)}."
        finally:
            if codes:
                sys.setprofile(previous)
        if problem:                                # outside the except: no chained traceback
            fail(problem)
        if called:
            fail(f"Your {self.name} calls {called[0]}, the package's own version: write the "
                 f"computation yourself.")
        if result is None:
            fail(f"{self.name} returned None: did you forget the return statement?")
        return result


def _parse(call):
    name, _, rest = call.partition("(")
    params = [p.strip() for p in rest.rstrip(")").split(",") if p.strip()]
    return name.strip(), params


def _code(function):
    """The code object of a function or method (None for anything else); a decorated
    function's own code, not its wrapper's (wrappers of several functions share one code)."""
    function = inspect.unwrap(getattr(function, "__func__", function))
    return getattr(function, "__code__", None)


def student_function(function, call, *, forbidden=()):
    """Check that ``function`` can be called as ``call`` says, and wrap it.

    Parameters
    ----------
    function : object
        What the student passed to the check.
    call : str
        How the check calls it, e.g. ``"layer_norm(Z, gamma, beta, eps)"``: the name used in
        the hints and the positional arguments it gets.
    forbidden : sequence of callables, optional
        The package's own versions of the answer; calling one of them is reported.

    Returns
    -------
    StudentFunction
        Call it with the arguments of ``call``; it returns what the student's function
        returned, never None, or raises :class:`NotQuiteRight` with a hint.
    """
    name, params = _parse(call)
    if function is None or function is Ellipsis:
        fail(f"The check got {function!r} instead of your function: pass {name} itself.")
    if isinstance(function, type):
        fail(f"The check got the class {function.__name__}: pass your function {name} itself.")
    if not callable(function):
        fail(f"Pass the function itself, {name}, not the result of calling it (the check got "
             f"a {type(function).__name__}).")
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):               # a builtin without a signature: just call it
        signature = None
    if signature is not None:
        try:
            signature.bind(*params)
        except TypeError:
            yours = ", ".join(str(p) for p in signature.parameters.values())
            these = "this parameter" if len(params) == 1 else f"these {len(params)} parameters, in this order"
            fail(f"The check calls {name}({', '.join(params)}), but your {name} takes ({yours}): "
                 f"give it {these}.")
    codes = {}
    for helper in forbidden:
        code = _code(helper)
        if code is not None:
            qualname = getattr(helper, "__qualname__", getattr(helper, "__name__", "?"))
            codes[code] = f"{helper.__module__}.{qualname}"
    return StudentFunction(function, name, params, codes)
