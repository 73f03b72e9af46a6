"""Checks for the exercises of notebook 05 (the sine boundary and nonlinearity)."""
import numpy as np

from . import as_array, fail, passed
from ..activations import sigmoid
from ..network import ShallowNeuralNet

__all__ = ["check_clipped_cross_entropy", "check_sigmoid_backward"]

_EPS = 1e-12


def _reference_cross_entropy(p_hat, y):
    p = np.clip(p_hat, _EPS, 1 - _EPS)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def check_clipped_cross_entropy(cross_entropy):
    r"""Check ``cross_entropy(p_hat, y)``, the mean cross-entropy with :math:`\hat p` clipped.

    :math:`L = -\frac1m\sum_i y_i\ln\hat p_i + (1-y_i)\ln(1-\hat p_i)` with
    :math:`\hat p` clipped to :math:`[10^{-12}, 1 - 10^{-12}]` first. Tried on
    outputs strictly inside (0, 1), on outputs of exactly 0 and 1 (right and wrong),
    and on column vectors. Recognizes a missing clip, a clip to [0, 1], a sum in place
    of the mean, a missing minus sign and the two terms swapped.
    """
    if not callable(cross_entropy):
        fail("Pass the function itself, cross_entropy, not the result of calling it.")
    rng = np.random.RandomState(5)
    inside = (rng.uniform(0.05, 0.95, 40), (rng.uniform(size=40) < 0.6).astype(float))
    edges = (np.array([0.0, 1.0, 1.0, 0.0, 0.3, 0.8]), np.array([0.0, 1.0, 0.0, 1.0, 1.0, 0.0]))
    column = (inside[0][:8, None], inside[1][:8, None])
    for name, (p_hat, y) in (("outputs inside (0, 1)", inside), ("outputs of exactly 0 and 1", edges),
                             ("column vectors of shape (8, 1)", column)):
        expected = _reference_cross_entropy(p_hat, y)
        with np.errstate(divide="ignore", invalid="ignore"):
            raw = cross_entropy(p_hat.copy(), y.copy())
        if raw is None:
            fail("cross_entropy returned None: did you forget the return statement?")
        if np.ndim(raw) != 0 and np.size(raw) != 1:
            fail(f"cross_entropy returned {np.shape(raw)} values on {name}: it should return one "
                 f"number, the mean over the points.")
        value = float(np.asarray(raw, dtype=float).item())
        if not np.isfinite(value):
            fail(f"cross_entropy gives {value} on {name}: clip p_hat to [1e-12, 1 - 1e-12] before "
                 f"taking the log (clipping to [0, 1] is not enough).")
        if np.isclose(value, expected, rtol=1e-6, atol=1e-9):
            continue
        if np.isclose(value, -expected, rtol=1e-6):
            fail(f"cross_entropy gives a negative loss on {name}: the log of a probability is "
                 f"negative, so the formula starts with a minus sign.")
        if np.isclose(value, expected * len(y), rtol=1e-6):
            fail(f"cross_entropy is {len(y)} times too large on {name}, as many as there are "
                 f"points: take the mean, not the sum.")
        swapped = _reference_cross_entropy(1 - p_hat, y)
        if np.isclose(value, swapped, rtol=1e-6):
            fail(f"cross_entropy is off on {name}: ln p_hat goes with y and ln(1 - p_hat) with "
                 f"1 - y; did you swap them?")
        other_eps = [e for e in (1e-15, 1e-10, 1e-8, 1e-7, 1e-6) if np.isclose(
            value, float(-np.mean(y * np.log(np.clip(p_hat, e, 1 - e)) + (1 - y) * np.log(np.clip(1 - p_hat, e, 1 - e)))),
            rtol=1e-6)]
        if other_eps:
            fail(f"cross_entropy is off on {name}: clip with 1e-12, the constant of the notebook.")
        fail(f"cross_entropy gives {value:.4g} on {name}, which is not the mean cross-entropy.")
    passed("cross_entropy: the mean, clipped cross-entropy on every case tried.")


def _case(n_h, m, seed):
    rng = np.random.RandomState(seed)
    X = rng.uniform(-1, 1, (m, 2))
    y = (rng.uniform(size=(m, 1)) < 0.5).astype(float)
    net = ShallowNeuralNet(2, n_h, 1, init="standard_normal", hidden_activation="sigmoid",
                           output_activation="sigmoid", loss="binary_cross_entropy", random_state=seed)
    return X, y, net.get_params(), net.gradients(X, y)


def check_sigmoid_backward(backward):
    r"""Check ``backward(X, y, W1, b1, W2, b2) -> (dW1, db1, dW2, db2)`` of notebook 05's network.

    The network is two sigmoid layers with the cross-entropy (steps 1 to 5 of the
    notebook). The check compares with the package's backpropagation on two random
    networks and recognizes the usual slips: the missing 1/m, the hidden
    sigmoid's derivative left out (or taken of :math:`Z_1` as if it were
    :math:`A_1`), :math:`Z_1` in place of :math:`A_1` in :math:`dW_2`, and biases not
    summed over the points.
    """
    if not callable(backward):
        fail("Pass the function itself, backward, not the result of calling it.")
    names = ("dW1", "db1", "dW2", "db2")
    for n_h, m, seed in ((10, 30, 0), (3, 7, 1)):
        X, y, params, grads = _case(n_h, m, seed)
        with np.errstate(over="ignore"):
            result = backward(X.copy(), y.copy(), *(params[k].copy() for k in ("W1", "b1", "W2", "b2")))
        if result is None:
            fail("backward returned None: did you forget the return statement?")
        if not isinstance(result, (tuple, list)) or len(result) != 4:
            fail("backward should return four arrays, in the order dW1, db1, dW2, db2.")
        shapes = {"dW1": (2, n_h), "db1": (1, n_h), "dW2": (n_h, 1), "db2": (1, 1)}
        got = {}
        for name, value in zip(names, result):
            if name.startswith("db") and np.shape(value) == (m, shapes[name][1]):
                fail(f"{name} has one row per point: sum δ over the points (axis=0, keepdims=True).")
            got[name] = as_array(value, name, shape=shapes[name])
        expected = {name: grads[name[1:]] for name in names}
        wrong = [name for name in names if not np.allclose(got[name], expected[name], rtol=1e-6, atol=1e-12)]
        if not wrong:
            continue
        if all(np.allclose(got[k], m * expected[k], rtol=1e-6, atol=1e-12) for k in wrong) and len(wrong) == 4:
            fail(f"Every gradient is {m} times too large, as many as there are points: "
                 f"δ2 = (p_hat − y)/m, the 1/m of the mean.")
        W1, b1, W2, b2 = (params[k] for k in ("W1", "b1", "W2", "b2"))
        Z1 = X @ W1 + b1
        A1 = sigmoid(Z1)
        delta2 = (sigmoid(A1 @ W2 + b2) - y) / m
        if wrong == ["dW2"] and np.allclose(got["dW2"], Z1.T @ delta2, rtol=1e-6):
            fail("dW2 uses Z1: the second layer's input is the activation A1 = σ(Z1).")
        if "dW2" not in wrong and "db2" not in wrong:
            back = delta2 @ W2.T
            if np.allclose(got["dW1"], X.T @ back, rtol=1e-6):
                fail("dW1 is off: going back through the hidden sigmoid multiplies by its "
                     "derivative A1 ⊙ (1 − A1) (step 4).")
            s = sigmoid(A1)
            if np.allclose(got["dW1"], X.T @ (back * s * (1 - s)), rtol=1e-6) or np.allclose(
                    got["dW1"], X.T @ (back * A1), rtol=1e-6):
                fail("dW1 is off: the hidden sigmoid's derivative is A1 ⊙ (1 − A1), with A1 "
                     "already σ(Z1).")
        fail(f"{', '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} off on a network with "
             f"{n_h} hidden units and {m} points: go through steps 1 to 5 again.")
    passed("backward: all four gradients match backpropagation on two random networks.")

