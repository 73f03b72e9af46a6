r"""Learning-rate schedules: functions of the update count that multiply the learning rate.

A schedule is any callable ``t -> factor``: the update after ``t`` updates of a run (``t`` from
0, and a resumed run goes on counting) uses the learning rate :math:`\alpha_t = \alpha\cdot`
``factor``. Decaying the rate lets a noisy (mini-batch) run settle into a minimum instead of
bouncing around it at the noise floor (Robbins & Monro, 1951, ask for
:math:`\sum_t \alpha_t = \infty` and :math:`\sum_t \alpha_t^2 < \infty`, which
:func:`inverse_time_decay` meets). :func:`helpers.training.train` checks every factor: a finite
number :math:`\ge 0`, since a negative one would climb the loss.
"""
import inspect
import math
import numbers

import numpy as np

from ._validation import check_float, check_int

__all__ = ["inverse_time_decay", "exponential_decay", "step_decay"]


def inverse_time_decay(decay):
    r"""Schedule :math:`\alpha_t = \alpha / (1 + \text{decay}\cdot t)`."""
    decay = check_float(decay, "decay", "inverse_time_decay", allow_zero=True)
    return lambda t: 1.0 / (1.0 + decay * t)


def _check_factor(value, name, caller):
    value = check_float(value, name, caller)
    if value > 1:
        raise ValueError(f"The {name!r} parameter of {caller} must be a float in (0, 1]. "
                         f"Got {value!r} instead.")
    return value


def exponential_decay(rate):
    r"""Schedule :math:`\alpha_t = \alpha\cdot\text{rate}^t`, with 0 < rate <= 1."""
    rate = _check_factor(rate, "rate", "exponential_decay")
    return lambda t: rate ** t


def step_decay(every, factor=0.5):
    r"""Schedule :math:`\alpha_t = \alpha\cdot\text{factor}^{\lfloor t/\text{every}\rfloor}`, 0 < factor <= 1."""
    every = check_int(every, "every", "step_decay")
    factor = _check_factor(factor, "factor", "step_decay")
    return lambda t: factor ** (t // every)


def _check_schedule(lr_schedule):
    """A callable of one argument, or None."""
    if lr_schedule is None:
        return None
    problem = "is not callable" if not callable(lr_schedule) else None
    if problem is None:
        try:
            inspect.signature(lr_schedule).bind(0)
        except TypeError:
            problem = "cannot be called with one argument t"
        except ValueError:           # no signature to read (some builtins): try it at update 1
            pass
    if problem:
        raise TypeError(f"The 'lr_schedule' parameter of train must be a callable t -> factor (t = 0, "
                        f"1, ... counts the updates) or None. Got {lr_schedule!r} instead, which {problem}.")
    return lr_schedule


def _scheduled(lr, lr_schedule, t):
    """The learning rate of the update after ``t`` updates: ``lr * lr_schedule(t)``, checked."""
    if lr_schedule is None:
        return lr
    factor = lr_schedule(t)
    if isinstance(factor, (bool, np.bool_)) or not isinstance(factor, numbers.Real) \
            or not math.isfinite(factor) or factor < 0:
        raise ValueError(f"The 'lr_schedule' parameter of train must return a finite number >= 0 for "
                         f"every update (a negative factor would climb the loss). lr_schedule({t}) "
                         f"returned {factor!r} instead.")
    return lr * float(factor)


