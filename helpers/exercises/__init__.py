"""Instant feedback for the notebooks' exercises.

Every code exercise is a cell the student completes and, after it, a test cell that calls a
check from this package, e.g. ``check_he_init(he_init)``. A check runs the student's function
(or reads the value) on cases whose answers it knows, and then either prints one line that
starts with ✓ or raises :class:`NotQuiteRight` with one sentence saying what is wrong and,
for the usual mistakes, where to look. It never prints the answer. Whatever the student's
code does (return None or text, raise an error, take other parameters, call the package's
own version) becomes such a sentence, never an error from inside the check.

In a notebook, importing this package tells IPython to show a :class:`NotQuiteRight` as
that one sentence, without the traceback through the check's code. It stays an error, so
"Run All" stops at an exercise that is not done yet and nbgrader's autograder gives the
test no points.

Predict-then-run exercises use :func:`compare_prediction`, which prints one sentence for any
guess and never raises: a guess is a guess.

The checks live in one module per notebook (``helpers.exercises.ex02`` for notebook 02, ...);
the pieces they share are here.
"""
from ._calling import student_function
from ._display import register as _register
from ._feedback import (NotQuiteRight, agrees, as_array, as_float, as_label, fail, name_the_mistake,
                        passed, unpack)
from ._prediction import compare_prediction

__all__ = ["NotQuiteRight", "passed", "fail", "student_function", "as_float", "as_array", "unpack",
           "as_label", "agrees", "name_the_mistake", "compare_prediction"]

_register()
