"""The pieces the exercise checks share: reading answers, calling a student's function,
feedback on a prediction, and how a failed check looks in a notebook."""
import re
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from exercise_helpers import raises
from helpers.exercises import (NotQuiteRight, agrees, as_array, as_float, as_label, compare_prediction,
                               name_the_mistake, student_function, unpack)
from helpers.exercises._feedback import in_order

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("value, expected", [
    (None, "still None"), (..., r"still \.\.\."), ("5e-7", "not the text '5e-7'"), (True, "not True"),
    ([1, 2], "single number; got a list of 2 values"), (np.array([1.0, 2.0]), r"array of shape \(2,\)"),
    (float("nan"), "finite number"), (-np.inf, "finite number"), (1j, "real number"), ({"a": 1}, "a dict"),
    ([[1, 2], [3]], "single number"), (np.array(["a"]), "single number"),
])
def test_as_float_hints(value, expected):
    with pytest.raises(NotQuiteRight, match=expected):
        as_float(value, "Your answer")


@pytest.mark.parametrize("value", [3, 3.0, np.float32(3.0), np.int64(3), [3.0], np.array([[3.0]])])
def test_as_float_reads_any_single_number(value):
    assert as_float(value, "x") == 3.0


def test_as_array_hints():
    assert as_array([[1, 2]], "W", shape=(1, 2)).dtype == float
    for value, expected in [(None, "W is None"), ("ab", "the text 'ab'"), ({1: 2}, "a dict"),
                            ([[1, 2], [3]], "array of numbers"), (np.ones((2, 3)), r"\(is it transposed\?\)"),
                            (np.ones(3, complex), "complex")]:
        with pytest.raises(NotQuiteRight, match=expected):
            as_array(value, "W", shape=(3, 2))


def test_unpack_counts_arrays_and_dicts_as_one_value():
    assert unpack((1, 2), "f", ("a", "b")) == (1, 2)
    assert unpack([1, 2], "f", ("a", "b")) == (1, 2)
    for value, expected in [(None, r"f returned None: did you forget the return statement\?"),
                            ((1, 2, 3), r"f should return two values, \(a, b\); it returned 3\."),
                            (np.ones((2, 5)), r"it returned one value, an array of shape \(2, 5\)"),
                            ({"a": 1, "b": 2}, r"not a dict"), (5.0, r"one value, the number 5")]:
        with pytest.raises(NotQuiteRight, match=expected):
            unpack(value, "f", ("a", "b"))


def test_in_order_names_a_permutation_of_shapes():
    in_order([np.ones((2, 3)), np.ones(4)], [(2, 3), (4,)], "f", ("A", "b"))
    in_order([np.ones((3, 3)), np.ones(4)], [(2, 3), (4,)], "f", ("A", "b"))     # wrong shape: not an order
    with pytest.raises(NotQuiteRight, match=r"another order: return \(A, b\)"):
        in_order([np.ones(4), np.ones((2, 3))], [(2, 3), (4,)], "f", ("A", "b"))


def test_as_label():
    assert as_label("trained", "x", ("trained", "stalled")) == "trained"
    for value, expected in [("Trained ", "write it exactly as 'trained'"), ("won", "not one of"),
                            (None, "is None"), (np.array(["trained"]), "array of shape"), (1, "the number 1")]:
        with pytest.raises(NotQuiteRight, match=expected):
            as_label(value, "x", ("trained", "stalled"))


def test_agrees_accepts_float32_rounding_and_refuses_a_slip():
    want = np.random.RandomState(0).standard_normal((5, 4))
    assert agrees(want.astype(np.float32), want)
    assert not agrees(want * 1.001, want)
    assert not agrees(want[:, :3], want) and not agrees(np.full_like(want, np.nan), want)
    name_the_mistake(np.ones(3), {"zeros": np.zeros(3)}, "Your f computes ")   # no known mistake: no error
    with pytest.raises(NotQuiteRight, match=r"Your f computes zeros\."):
        name_the_mistake(np.zeros(3), {"zeros": np.zeros(3)}, "Your f computes ")


def test_student_function_turns_everything_into_a_hint():
    def broken(Z, gamma):
        mu = Z.mean(axis=1)
        return Z - mu                               # (2, 3) - (2,): numpy refuses
    call = student_function(broken, "layer_norm(Z, gamma)")
    with pytest.raises(NotQuiteRight) as error:
        call(np.ones((2, 3)), 1.0)
    message = str(error.value)
    assert message.startswith("Your layer_norm raised ValueError: operands could not be broadcast")
    assert re.search(r"\(line \d+ of your code: `return Z - mu  *#", message)
    assert error.value.__context__ is None                        # no chained traceback to print
    for answer, expected in [(raises(NotImplementedError()), "still raises NotImplementedError"),
                             (lambda Z, gamma: None, "returned None: did you forget the return"),
                             (lambda Z, gamma: student_function(lambda: 1, "f(x)"), "The check calls f"),
                             ]:
        with pytest.raises(NotQuiteRight, match=expected):
            student_function(answer, "layer_norm(Z, gamma)")(np.ones((2, 3)), 1.0)


def test_student_function_checks_the_parameters_first():
    for answer, expected in [(lambda Z: Z, r"takes \(Z\): give it these 2 parameters, in this order"),
                             (lambda: 0, r"takes \(\)"), (3.0, "not the result of calling it"),
                             (None, "pass layer_norm itself"), (list, "the class list")]:
        with pytest.raises(NotQuiteRight, match=expected):
            student_function(answer, "layer_norm(Z, gamma)")
    student_function(lambda *args: 0, "layer_norm(Z, gamma)")
    student_function(lambda Z, gamma, eps=1e-5: 0, "layer_norm(Z, gamma)")


def test_student_function_passes_copies_and_keeps_warnings_quiet():
    Z = np.ones(3)

    def scribbles(Z):
        Z[:] = 0
        return np.log(Z)                            # -inf, with numpy's warning switched off
    with np.errstate(all="raise"):
        result = student_function(scribbles, "f(Z)")(Z)
    assert np.all(Z == 1) and np.all(result == -np.inf)


def test_student_function_reports_the_package_s_own_version():
    from helpers.activations import sigmoid, sigmoid_grad
    from helpers.activations import sigmoid_grad as imported_under_another_name
    call = student_function(lambda z: imported_under_another_name(z), "sigmoid_prime(z)", forbidden=(sigmoid_grad,))
    with pytest.raises(NotQuiteRight, match=r"calls helpers\.activations\.sigmoid_grad, the package's own version"):
        call(np.zeros(3))
    ok = student_function(lambda z: sigmoid(z) * (1 - sigmoid(z)), "sigmoid_prime(z)", forbidden=(sigmoid_grad,))
    assert np.allclose(ok(np.zeros(3)), 0.25)
    assert sys.getprofile() is None                 # the watch is removed after the call


# --- compare_prediction: one sentence for any guess, never an error -----------------------------

def said(capsys, prediction, actual, **kwargs):
    compare_prediction(prediction, actual, what="x", **kwargs)
    out = capsys.readouterr().out
    assert out.endswith("\n") and not capsys.readouterr().err
    return out


@pytest.mark.parametrize("prediction, actual, expected", [
    (None, 3.0, r"^No guess written for x"),
    (3.1, 3.0, r"^✓ Your guess for x \(3\.1\) was within 25% of the measurement"),
    (30.0, 3.0, r"too high: 10 times the measurement\. Look at the cell's output: why\?"),
    (0.3, 3.0, r"too low: the measurement is 10 times your guess"),
    (1.3, 0.967, r"too high by 34 %"),
    (0.5, 0.277, r"too high by 81 %"),
    (0, 0.277, r"was 0, and the measurement is not"),
    (-3, 0.277, r"does not have the sign of the measurement"),
    (42, 0.425, r"\(a percentage where a fraction was asked\?\)"),
    (0.95, 95.9, r"\(a fraction where a percentage was asked\?\)"),
    ("about ten", 9.3, r"should be a number, not the text 'about ten'"),
    ("50", 108, r"read as the number 50.*\n.*too low"),
    ("42%", 42.5, r"read as the number 42 \(the % sign dropped\).*\n✓"),
    (float("nan"), 9.3, r"is nan: write a finite number"),
    ([100], 108, r"^✓"), ([1, 2], 108, r"should be one number, not 2 numbers"),
    (True, 1.0, r"should be a number, not True"), ({"a": 1}, 1.0, r"should be one number, not a dict"),
    (np.array([[0.4]]), 0.425, r"^✓"), (2 + 1j, 1.0, r"real number"),
    (0.0, 0.0, r"^✓"), (1.0, 0.0, r"the measurement is 0"),
    (1.0, float("nan"), r"The measurement of x is nan, so there is nothing to compare"),
])
def test_compare_prediction_says_one_thing_for_any_guess(capsys, prediction, actual, expected):
    assert re.search(expected, said(capsys, prediction, actual))


def test_compare_prediction_tolerance_and_bad_arguments(capsys):
    assert said(capsys, 0.95, 0.967, relative=0.03).startswith("✓")
    assert "too low" in said(capsys, 0.9, 0.967, relative=0.03)
    assert "(1) was too high by 3.4 %" in said(capsys, 1.0, 0.967, relative=0.03)
    with pytest.raises(ValueError, match="'relative' parameter of compare_prediction"):
        compare_prediction(1.0, 1.0, what="x", relative=2)
    with pytest.raises(TypeError, match="'what' parameter"):
        compare_prediction(1.0, 1.0, what="")
    with pytest.raises(TypeError, match="'actual' parameter"):
        compare_prediction(1.0, "1.0", what="x")


# --- in a notebook: the hint alone, never the check's code ---------------------------------------

def _run(sources):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    NotebookClient(notebook, timeout=120, allow_errors=True, kernel_name="python3").execute()
    return notebook.cells


def test_a_failed_check_shows_one_line_in_a_notebook():
    cells = _run([
        "import numpy as np\nfrom helpers.exercises.ex12 import check_residual_backward",
        "def residual_backward(dA, A_prev, W, b):\n    return dA.sum(axis=0)\ncheck_residual_backward(residual_backward)",
        "def residual_backward(dA, A_prev, W, b):\n    Z = A_prev @ W\n    return Z @ np.ones((3, 2))\n"
        "check_residual_backward(residual_backward)",
        "def residual_backward(dA, A_prev, W, b):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"
        "check_residual_backward(residual_backward)",
        "print('the kernel carries on')",
        "1 / 0",
    ])
    errors = [[o for o in cell.outputs if o.output_type == "error"] for cell in cells]
    for index in (1, 2, 3):
        (error,) = errors[index]
        assert error.ename == "NotQuiteRight" and len(error.traceback) == 1
        text = error.traceback[0]
        assert "helpers" not in text and "tanh" not in text and "def " not in text and "\n" not in text
    assert "shape (4,); it should have shape (5, 4)" in errors[1][0].evalue
    assert "raised ValueError: matmul" in errors[2][0].evalue and "`return Z @ np.ones((3, 2))`" in errors[2][0].evalue
    assert "still raises NotImplementedError" in errors[3][0].evalue
    assert not errors[4] and cells[4].outputs[0].text == "the kernel carries on\n"
    assert errors[5][0].ename == "ZeroDivisionError" and len(errors[5][0].traceback) > 1   # others as usual
