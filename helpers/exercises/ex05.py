"""Checks for the exercises of notebook 05 (the sine boundary and nonlinearity)."""
import numpy as np

from . import _reference as ref
from ._calling import student_function
from ._feedback import agrees, as_array, as_float, fail, in_order, passed, unpack

__all__ = ["check_clipped_cross_entropy", "check_sigmoid_backward"]

_EPS = 1e-12


def _one_number(raw, name, case):
    """(the loss a student's function returned as a float, NaN and inf let through; whether
    it was computed in float32)."""
    if isinstance(raw, (str, bytes)):
        fail(f"{name} returned the text {raw!r} on {case}: return the number itself, not a "
             f"string made from it.")
    try:
        array = np.asarray(raw)
    except Exception:
        array = None
    if array is not None and array.dtype.kind in "iuf" and array.size != 1:
        fail(f"{name} returned {array.shape} values on {case}: it should return one number, the "
             f"mean over the points.")
    if array is None or array.dtype.kind not in "iuf":
        return as_float(raw, f"What {name} returned"), False
    return float(array.reshape(())), array.dtype == np.float32


def check_clipped_cross_entropy(cross_entropy):
    """Check ``cross_entropy(p_hat, y)``, the mean cross-entropy with p_hat clipped (05.1).

    Tried on outputs strictly inside (0, 1), on outputs of exactly 0 and 1 (right and
    wrong), and on column vectors. Recognizes a missing clip, a clip to [0, 1] or with
    another constant, a sum in place of the mean, a missing minus sign, the two terms
    swapped, a base-10 logarithm, and a clip lost to float32's rounding. A call to the
    package's or scikit-learn's own function is reported.
    """
    from sklearn.metrics import log_loss

    from ..losses import binary_cross_entropy

    cross_entropy = student_function(cross_entropy, "cross_entropy(p_hat, y)",
                                     forbidden=(binary_cross_entropy, log_loss))
    rng = np.random.RandomState(5)
    inside = (rng.uniform(0.05, 0.95, 40), (rng.uniform(size=40) < 0.6).astype(float))
    edges = (np.array([0.0, 1.0, 1.0, 0.0, 0.3, 0.8]), np.array([0.0, 1.0, 0.0, 1.0, 1.0, 0.0]))
    column = (inside[0][:8, None], inside[1][:8, None])
    for name, (p_hat, y) in (("outputs inside (0, 1)", inside), ("outputs of exactly 0 and 1", edges),
                             ("column vectors of shape (8, 1)", column)):
        expected = ref.cross_entropy(p_hat, y)
        value, single = _one_number(cross_entropy(p_hat, y), "cross_entropy", name)
        if not np.isfinite(value):
            if single:
                fail(f"cross_entropy gives {value} on {name}, and it computes in float32, where "
                     f"1 - 1e-12 rounds to exactly 1: keep p_hat in float64 (numpy's default).")
            fail(f"cross_entropy gives {value} on {name}: clip p_hat to [1e-12, 1 - 1e-12] before "
                 f"taking the log (clipping to [0, 1] is not enough).")
        if agrees(value, expected):
            continue
        if agrees(value, -expected):
            fail(f"cross_entropy gives a negative loss on {name}: the log of a probability is "
                 f"negative, so the formula starts with a minus sign.")
        if agrees(value, expected * len(y)):
            fail(f"cross_entropy is {len(y)} times too large on {name}, as many as there are "
                 f"points: take the mean, not the sum.")
        if agrees(value, ref.cross_entropy(1 - p_hat, y)):
            fail(f"cross_entropy is off on {name}: ln p_hat goes with y and ln(1 - p_hat) with "
                 f"1 - y; did you swap them?")
        if agrees(value, expected / np.log(10)):
            fail(f"cross_entropy is off on {name}: the cross-entropy uses the natural logarithm, "
                 f"np.log, not np.log10.")
        if any(agrees(value, ref.cross_entropy(p_hat, y, eps)) for eps in (1e-15, 1e-10, 1e-8, 1e-7, 1e-6)):
            fail(f"cross_entropy is off on {name}: clip with 1e-12, the constant of the notebook.")
        fail(f"cross_entropy gives {value:.4g} on {name}, which is not the mean cross-entropy.")
    passed("cross_entropy: the mean, clipped cross-entropy on every case tried.")


def _case(n_h, m, seed):
    rng = np.random.RandomState(seed)
    X = rng.uniform(-1, 1, (m, 2))
    y = (rng.uniform(size=(m, 1)) < 0.5).astype(float)
    params = (rng.standard_normal((2, n_h)), rng.standard_normal((1, n_h)),
              rng.standard_normal((n_h, 1)), rng.standard_normal((1, 1)))
    return X, y, params


_BACKWARD_SLIPS = {
    "no 1/m": "every gradient is {m} times too large, as many as there are points: the loss is a "
              "mean, so δ2 carries its 1/m",
    "no hidden slope": "dW1 is off: going back through the hidden sigmoid multiplies by its "
                       "derivative A1 ⊙ (1 − A1) (step 4)",
    "slope of A1": "dW1 is off: the hidden sigmoid's derivative is A1 ⊙ (1 − A1), with A1 "
                   "already σ(Z1)",
    "A1 only": "dW1 is off: the hidden sigmoid's derivative is A1 ⊙ (1 − A1), not A1",
    "slope of Z1": "dW1 is off: the sigmoid's derivative A ⊙ (1 − A) is taken of its output A1, "
                   "not of Z1",
    "Z1 in dW2": "dW2 uses Z1: the second layer's input is the activation A1 = σ(Z1)",
    "mean biases": "db1 and db2 are averaged over the points: the 1/m is already in δ2, so sum "
                   "δ over the points",
    "output slope": "every gradient has an extra σ'(output): with the cross-entropy, the output "
                    "sigmoid's derivative cancels, and δ2 = (p_hat − y)/m",
}


def check_sigmoid_backward(backward):
    """Check ``backward(X, y, W1, b1, W2, b2) -> (dW1, db1, dW2, db2)`` of notebook 05 (05.2).

    The network is two sigmoid layers with the mean cross-entropy (steps 1 to 5 of the
    notebook). Compared with backpropagation on two random networks; recognizes the
    usual slips in each step, biases not summed over the points, and the gradients in
    another order. A call to the package's own gradients is reported.
    """
    from ..network import NeuralNet

    backward = student_function(backward, "backward(X, y, W1, b1, W2, b2)", forbidden=(NeuralNet.gradients,))
    names = ("dW1", "db1", "dW2", "db2")
    for n_h, m, seed in ((10, 30, 0), (3, 7, 1)):
        X, y, params = _case(n_h, m, seed)
        result = unpack(backward(X, y, *params), "backward", names)
        shapes = {"dW1": (2, n_h), "db1": (1, n_h), "dW2": (n_h, 1), "db2": (1, 1)}
        for name, value in zip(names, result):
            if name.startswith("db") and np.shape(value) == (m, shapes[name][1]):
                fail(f"{name} has one row per point: sum δ over the points (axis=0, keepdims=True).")
        in_order(result, shapes.values(), "backward", names)
        got = {name: as_array(value, name, shape=shapes[name]) for name, value in zip(names, result)}
        expected = dict(zip(names, ref.sigmoid_net_backward(X, y, *params)))
        wrong = [name for name in names if not agrees(got[name], expected[name])]
        if not wrong:
            continue
        for slip, hint in _BACKWARD_SLIPS.items():
            if all(agrees(got[k], v) for k, v in zip(names, ref.sigmoid_net_backward(X, y, *params, variant=slip))):
                fail(hint.format(m=m) + ".")
        fail(f"{', '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} off on a network with "
             f"{n_h} hidden units and {m} points: go through steps 1 to 5 again.")
    passed("backward: all four gradients match backpropagation on two random networks.")
