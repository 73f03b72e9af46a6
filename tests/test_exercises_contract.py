"""What every check promises, whatever a student passes it: a one-line hint, never an error
from inside the check, never a warning; and no answer in what a student opens with one key."""
import inspect
import re
from functools import partial
from types import SimpleNamespace

import numpy as np
import pytest

from exercise_helpers import hint, raises
from helpers.exercises import (ex01, ex02, ex03, ex04, ex05, ex06, ex07, ex08, ex09, ex10, ex11,
                               ex12)

#: exercise: (check, number of arguments it calls the student's function with)
FUNCTION_CHECKS = {
    "01.1": (ex01.check_mse, 2), "01.2": (ex01.check_backward, 6),
    "02.1": (ex02.check_he_init, 3), "02.2": (ex02.check_he_uniform, 3), "02.4": (ex02.check_classify_run, 2),
    "03.1": (ex03.check_update_ratio, 3), "03.2": (ex03.check_max_stable_lr, 1),
    "04.1": (ex04.check_diagnose, 1), "04.4": (ex04.check_sigmoid_prime, 1),
    "05.1": (ex05.check_clipped_cross_entropy, 2), "05.2": (ex05.check_sigmoid_backward, 6),
    "06.1": (ex06.check_silu_prime, 1), "06.2": (ex06.check_dead_fraction, 1),
    "07.1": (ex07.check_label_entropy, 1), "07.3": (ex07.check_init_std, 2),
    "08.1": (ex08.check_classify_run, 2),
    "09.2": (ex09.check_minibatch_noise, 3), "09.3": (ex09.check_lr_limit, 1),
    "10.1": (ex10.check_momentum_step, 5), "10.2": (ex10.check_adam_direction, 7),
    "11.1": (ex11.check_early_stop, 2), "11.3": (ex11.check_standardize_split, 2),
    "12.1": (ex12.check_layer_norm, 4), "12.2": (ex12.check_residual_backward, 4),
}

_H = np.array([[2.0, 0.5], [0.5, 1.0]]) * 1e4
_RUNS = {"A": SimpleNamespace(losses=np.linspace(1, 0.5, 50), val_losses=np.linspace(1, 0.6, 50))}
VALUE_CHECKS = {
    "03.3": ex03.check_critical_lr, "04.2": ex04.check_stall_lr, "06.3": ex06.check_kill_lr,
    "07.4": ex07.check_init_diagnosis, "08.3": ex08.check_critical_lr,
    "10.3": partial(ex10.check_momentum_critical_lr, H=_H, w_star=np.array([1.0, -2.0])),
    "11.2": partial(ex11.check_diagnoses, runs=_RUNS),
}


def _answers(n_args):
    """What students pass for a function: (answer, what the hint must say)."""
    one_less = lambda *names: eval(f"lambda {', '.join(names)}: 1.0")             # noqa: E731
    params = [f"a{i}" for i in range(n_args)]
    return [
        (0.25, r"Pass the function itself"),
        (None, r"instead of your function"),
        (dict, r"pass your function"),
        (lambda *args: None, r"returned None: did you forget the return statement\?"),
        (raises(NotImplementedError()), r"still raises NotImplementedError: replace"),
        (lambda *args: 1 / 0, r"raised ZeroDivisionError: division by zero \(line \d+ of your code: `.*1 / 0"),
        (raises(ValueError("operands could not be broadcast")), r"raised ValueError: operands"),
        (lambda *args: "0.5", r"."),
        (lambda *args: float("nan"), r"."),
        (lambda *args: {"answer": 1.0}, r"."),
        (lambda *args: np.array(["a", "b"]), r"."),
        (lambda *args: [1.0, 2.0, 3.0], r"."),
        (lambda *args: (np.ones(3), "x"), r"."),
        (lambda *args: np.full(4, np.inf), r"."),
        (lambda *args: 1 + 2j, r"."),
        (one_less(*params[:-1]) if n_args > 1 else one_less("a", "b"), r"The check calls \w+\("),
    ]


@pytest.mark.parametrize("exercise", FUNCTION_CHECKS)
def test_any_function_gets_a_one_line_hint(exercise):
    check, n_args = FUNCTION_CHECKS[exercise]
    for answer, expected in _answers(n_args):
        assert re.search(expected, hint(check, answer)), (exercise, answer)


@pytest.mark.parametrize("exercise", VALUE_CHECKS)
@pytest.mark.parametrize("value, expected", [
    (None, r"still None|None"), ("0.5", r"text|'0\.5'"), (float("nan"), r"nan|."), ([0.1, 0.2], r"."),
    ({"x": 1}, r"."), (True, r"."), (-1.0, r"."), (1e9, r"."), (np.array(["a", "b"]), r"."),
    (1 + 2j, r"."), (lambda: 1, r"."),
])
def test_any_value_gets_a_one_line_hint(exercise, value, expected):
    assert re.search(expected, hint(VALUE_CHECKS[exercise], value))


#: Pieces of the answers that a check's docstring (Shift+Tab) and source (??) must not hold.
ANSWERS = {
    "02.1": ["2 / fan_in", "2/fan_in", "√(2"], "02.2": ["6 / fan_in", "6/fan_in", "√(6", "sqrt(6"],
    "04.4": ["s * (1 - s)", "σ(z)(1 − σ(z))`"], "05.1": ["np.clip(p", "np.log(p"],
    "05.2": ["A1 * (1 - A1)", "(p - y) / m", "(p_hat - y)"], "06.1": ["z * s * (1 - s)", "s + z"],
    "06.2": ["all(axis=0)", "<= 0).all"], "07.1": ["np.log(p)", "-p * np.log"],
    "08.1": ["losses[-1] > losses[0]"], "09.2": ["(n - B) / (n - 1)", "(n-B)/(n-1)", "n - B"],
    "09.3": ["design.T @ design", "DᵀD", "D^\\top D"], "10.1": ["beta * v + g"],
    "10.2": ["1 - beta1 ** t", "1 - b1 ** t"], "11.1": ["t - best >= patience", "best_loss"],
    "12.1": ["var + eps", "axis=1, keepdims"], "12.2": ["1 - np.tanh", "tanh(Z) ** 2", "tanh^2", "tanh²"],
    "11.3": ["X_train.mean(axis=0)", "X_train.std(axis=0)"], "03.3": ["train_many("],
    "06.3": [".activations(X)", "max(axis=0) <= 0"], "10.3": ["optimizer.step(", "H @ (w - w_star)"],
}


@pytest.mark.parametrize("exercise", ANSWERS)
def test_the_check_one_key_away_holds_no_answer(exercise):
    """Neither the check's docstring (Shift+Tab) nor its module's source (``ex02??``) holds the
    answer: the answers and the slips computed from them live in a private module."""
    check = (FUNCTION_CHECKS.get(exercise) or (VALUE_CHECKS[exercise],))[0]
    check = getattr(check, "func", check)
    text = inspect.getsource(inspect.getmodule(check)) + (check.__doc__ or "")
    for piece in ANSWERS[exercise]:
        assert piece not in text, (exercise, piece)


def test_no_check_docstring_states_a_formula():
    for check in [c for c, _ in FUNCTION_CHECKS.values()] + [ex03.check_critical_lr, ex10.check_momentum_critical_lr]:
        assert ":math:" not in (check.__doc__ or ""), check.__name__
