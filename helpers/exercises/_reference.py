"""What the checks compare with: the exercises' answers and the usual slips, computed.

Kept apart from the checks so that the source of a check (``check_x??``) and its docstring
(Shift+Tab) say what is checked and how, not what the answer is. Instructors: the notebooks
hold the solutions; this module holds the same results written for the checks.
"""
from functools import lru_cache

import numpy as np

from ..activations import sigmoid


def _sigma(z):
    with np.errstate(over="ignore"):
        return sigmoid(z)


# --- 01 · the mean squared error and the backward pass of the linear two-layer net -------------

def mse_cases(y_hat, y):
    """The right mean squared error for y_hat of shape (m, 1) and y of shape (m,), and slips."""
    err = y_hat[:, 0] - y
    right = float(np.mean(err ** 2))
    slips = {
        "y_hat - y broadcasts a (m, 1) array against a (m,) one into an (m, m) matrix of every "
        "pair: flatten y_hat (y_hat[:, 0]) first": float(np.mean((y_hat - y) ** 2)),
        "that is the sum of the squared errors: divide by the number of houses m": float(np.sum(err ** 2)),
        "that is the mean absolute error: square the errors instead": float(np.mean(np.abs(err))),
        "the errors are not squared, so errors of opposite signs cancel": float(np.mean(err)),
        "that is the root of the mean squared error (RMSE): leave out the square root": float(np.sqrt(right)),
        "it is half of the mean squared error: drop the factor 1/2": right / 2,
    }
    return right, slips


def linear_backward(X, y, W1, b1, W2, b2):
    """(dW1, db1, dW2, db2) of the mean squared error of the linear net (X W1 + b1) W2 + b2."""
    m = len(X)
    Z1 = X @ W1 + b1
    eps = Z1 @ W2 + b2 - y
    dZ1 = eps @ W2.T
    return (2 / m * X.T @ dZ1, 2 / m * dZ1.sum(axis=0, keepdims=True),
            2 / m * Z1.T @ eps, 2 / m * eps.sum(axis=0, keepdims=True))


# --- 02 · He's initializers and the trained / stalled / diverged rule --------------------------

def he_std(fan_in, fan_out):
    return np.sqrt(2 / fan_in)


#: The spreads of the usual mix-ups of exercise 02.1, as functions of (fan_in, fan_out).
HE_SLIPS = {"fan_out instead of fan_in": lambda i, o: np.sqrt(2 / o),
            "1/fan_in (that is LeCun's init, for tanh)": lambda i, o: np.sqrt(1 / i),
            "fan_in + fan_out (that is Glorot's init)": lambda i, o: np.sqrt(2 / (i + o)),
            "the variance 2/fan_in as the standard deviation": lambda i, o: 2 / i}


def he_uniform_limit(fan_in, fan_out):
    return np.sqrt(6 / fan_in)


#: The limits r of the usual mix-ups of exercise 02.2.
HE_UNIFORM_SLIPS = {
    "did you use fan_out instead of fan_in?": lambda i, o: np.sqrt(6 / o),
    "did you use fan_in + fan_out (that is Glorot's xavier_uniform)?": lambda i, o: np.sqrt(6 / (i + o)),
    "did you use He's standard deviation as the limit r (a uniform U(−r, r) has std r/√3, not r)?":
        lambda i, o: np.sqrt(2 / i),
    "is the square root over the whole fraction, numerator included?": lambda i, o: np.sqrt(6) / i,
    "the spread of U(−r, r) is r/√3: which r gives He's spread?": lambda i, o: np.sqrt(3 / i),
}


def run_label(history, trained_below):
    """The rule of train_many (exercise 02.4)."""
    if not np.isfinite(history.losses[-1]):
        return "diverged"
    return "trained" if history.final_loss <= trained_below else "stalled"


# --- 03 · the update ratio and the largest stable learning rate --------------------------------

def update_ratio(p, grad, lr):
    return float(np.linalg.norm(lr * grad) / np.linalg.norm(p))


def update_ratio_slips(p, grad, lr):
    right = update_ratio(p, grad, lr)
    return {"the fraction is upside down: the size of the step goes on top": 1 / right,
            "the learning rate is missing: the step is α times the gradient": right / lr,
            "those are squared norms: take the norms themselves (np.linalg.norm)": right ** 2,
            "that averages element-wise ratios: divide the norm of the whole step by the norm of "
            "the whole parameter": float(np.mean(np.abs(lr * grad) / np.abs(p)))}


def max_stable_lr(H):
    return float(2 / np.linalg.eigvalsh(H)[-1])


def max_stable_lr_slips(H):
    eig = np.linalg.eigvalsh(H)
    return {"that is the curvature λmax itself, not the learning rate it allows": eig[-1],
            "it is half the limit: the factor |1 − αλ| stays below 1 up to twice that": 1 / eig[-1],
            "it comes from the smallest eigenvalue: the steepest direction, the largest "
            "eigenvalue, sets the limit (np.linalg.eigvalsh sorts them in increasing order)": 2 / eig[0],
            "it uses the trace, the sum of all the eigenvalues, instead of the largest": 2 / np.trace(H),
            "the largest diagonal entry of H is not its largest eigenvalue: "
            "compute the eigenvalues (np.linalg.eigvalsh)": 2 / np.max(np.diag(H))}


def critical_sweep(lrs):
    """Exercise 03.3's sweep: the `normal` net of seed 37 on the standardized housing data."""
    from ..datasets import make_housing
    from ..diagnostics import standardize
    from ..sweeps import train_many

    X, y = make_housing(n_samples=100, random_state=47)
    frame = train_many(standardize(X), y, lrs=lrs, seeds=37, inits="normal", max_iter=100).frame
    return frame.sort_values("lr").reset_index(drop=True)


# --- 04 · diagnosis from update ratios, and the sigmoid's derivative ---------------------------

def housing_run(init, lr, seed):
    """The housing runs of exercises 04.1 and 04.2: 100 updates, δ = 1e-6."""
    from ..datasets import make_housing
    from ..network import ShallowNeuralNet

    X, y = make_housing(random_state=47)
    return ShallowNeuralNet(2, 4, 1, init=init, random_state=seed).train(X, y, lr=lr, max_iter=100, tol=1e-6)


def ratio_diagnosis(history):
    ratios = history.update_ratios
    moving = np.isfinite(ratios) & (ratios > 0)
    if not moving.any(axis=0).all():
        return "frozen"
    first = ratios[0][np.isfinite(ratios[0])]
    return "too slow" if first.max() < 1e-3 else "healthy"


def sigmoid_prime(z):
    s = _sigma(z)
    return s * (1 - s)


def sigmoid_prime_slips(z):
    s = _sigma(z)
    return {"z(1 − z): apply the formula to σ(z), not to z": z * (1 - z),
            "σ(z) itself: that is the activation, not its slope": s,
            "σ(z)(1 + σ(z)): check the sign": s * (1 + s),
            "1 − σ(z)²: that is the pattern of tanh's derivative": 1 - s ** 2}


# --- 05 · the clipped cross-entropy and backpropagation through two sigmoid layers -------------

def cross_entropy(p_hat, y, eps=1e-12):
    p = np.clip(p_hat, eps, 1 - eps)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def sigmoid_net_backward(X, y, W1, b1, W2, b2, variant="right"):
    """Gradients of the two-sigmoid network, right or with one of the usual slips."""
    m = len(X)
    Z1 = X @ W1 + b1
    A1 = _sigma(Z1)
    p = _sigma(A1 @ W2 + b2)
    delta2 = (p - y) / (1 if variant == "no 1/m" else m)
    if variant == "output slope":
        delta2 = delta2 * p * (1 - p)
    dW2 = (Z1 if variant == "Z1 in dW2" else A1).T @ delta2
    back = delta2 @ W2.T
    slope = {"no hidden slope": 1.0, "slope of A1": _sigma(A1) * (1 - _sigma(A1)), "A1 only": A1,
             "slope of Z1": Z1 * (1 - Z1)}.get(variant, A1 * (1 - A1))
    delta1 = back * slope
    total = (lambda d: d.mean(axis=0, keepdims=True)) if variant == "mean biases" else \
        (lambda d: d.sum(axis=0, keepdims=True))
    return X.T @ delta1, total(delta1), dW2, total(delta2)


# --- 06 · SiLU's derivative and dead units -----------------------------------------------------

def silu_prime_slips(z):
    s = _sigma(z)
    return {"only σ(z), the first term of the product rule: (z σ(z))' also has z σ'(z)": s,
            "only z σ'(z): the product rule also gives σ(z) · (z)' = σ(z)": z * s * (1 - s),
            "only σ'(z), the derivative of the sigmoid alone": s * (1 - s),
            "the activation z σ(z) itself, not its slope": z * s,
            "σ(z) − z σ'(z): check the sign of the second term": s - z * s * (1 - s)}


def dead_fraction(Z):
    return float(np.mean((Z <= 0).all(axis=0)))


def dead_fraction_slips(Z):
    off = Z <= 0
    return [(float(np.mean(off)), "you count values, not units: a unit (a column) is dead only if "
                                  "it is off for every input (every row)"),
            (float(np.mean(off.all(axis=1))), "you count inputs (rows) on which every unit is off; "
                                              "a unit is a column, dead when it is off in every row"),
            (float(np.mean((Z < 0).all(axis=0))), "a pre-activation of exactly 0 is off too (ReLU's "
                                                   "slope is 0 there): compare with <= 0"),
            (float(np.mean(off.any(axis=0))), "you count units that are off for some input; a dead "
                                              "unit is off for every input"),
            (float(np.sum(off.all(axis=0))), "you return a number of units: return the fraction "
                                             "of the layer's units")]


def last_layer_dead(lr):
    """Exercise 06.3: is every unit of the last hidden layer off for every point after 100 updates?"""
    from ..datasets import make_sine_boundary
    from ..initializers import matching_init
    from ..network import NeuralNet

    X, y = make_sine_boundary(400, random_state=1)
    net = NeuralNet([2, 10, 10, 10, 1], hidden_activation="relu", output_activation="sigmoid",
                    loss="binary_cross_entropy", init=matching_init("relu"), random_state=0)
    net.train(X, y, lr=lr, max_iter=100)
    Z_last = net.activations(X)[0][-2]
    return bool(np.all(Z_last.max(axis=0) <= 0))


# --- 07 · the entropy of the labels, fan-in-scaled init, the mystery runs ----------------------

def label_entropy_slips(y):
    """[(the end of a hint, the value that slip gives)] for exercise 07.1."""
    from ..losses import baseline_loss

    p, right = y.mean(), baseline_loss(y, "binary_cross_entropy")
    with np.errstate(divide="ignore", invalid="ignore"):
        ones, zeros = -p * np.log(p), -(1 - p) * np.log(1 - p)
    forgot = ": did you forget one of the two terms, the ones or the zeros?"
    return [(": did you use log2? The cost is measured in nats, with the natural log.", right / np.log(2)),
            (", a negative number: did you forget the minus sign in front of the sum?", -right),
            (forgot, ones), (forgot, zeros),
            (", ln 2: that is only right for balanced classes; use the share of ones in y.", np.log(2))]


INIT_GAINS = {"tanh": 1.0, "sigmoid": 1.0, "relu": 2.0}
MYSTERY_SETTINGS = {"A": dict(init="standard_normal", init_scale=10.0, random_state=5),
                    "B": dict(init="xavier_normal", init_scale=1.0, random_state=6),
                    "C": dict(init="standard_normal", init_scale=0.003, random_state=7)}
MYSTERY_DIAGNOSES = {"A": "saturation", "B": "healthy", "C": "vanishing"}


# --- 08 · the playground's verdict from a loss curve -------------------------------------------

def curve_verdict(losses, baseline, trained_below):
    if not np.all(np.isfinite(losses)) or losses[-1] > losses[0]:
        return "diverged"
    return "trained" if losses[-1] <= trained_below * baseline else "stalled"


@lru_cache(maxsize=1)
def playground_outcomes(lrs):
    """Exercise 08.3's sweep: the outcome of the standardized housing run at each rate."""
    from ..playground import run_playground

    return tuple(run_playground(lr=float(lr), dataset="housing", init="normal", activation="identity",
                                depth=1, width=4, max_iter=100, standardize=True, random_state=37).outcome
                 for lr in lrs)


# --- 09 · the noise of a mini-batch gradient, and 2/λmax of least squares ----------------------

def minibatch_noise(sigma2, n, B):
    return sigma2 / B * (n - B) / (n - 1)


#: The usual slips of exercise 09.2, as functions of (sigma2, n, B).
MINIBATCH_SLIPS = {
    "you are missing the finite-population correction, which makes the noise vanish at B = n":
        lambda s, n, B: s / B,
    "the correction divides by n - 1, not by n": lambda s, n, B: s / B * (n - B) / n,
    "the variance falls like 1/B, not like 1/√B (that is the typical error, its square root)":
        lambda s, n, B: s / np.sqrt(B) * (n - B) / (n - 1),
    "averaging B gradients divides the variance by B; it does not multiply it":
        lambda s, n, B: s * B * (n - B) / (n - 1),
}


def lr_limit(design):
    return float(2 / np.linalg.eigvalsh(2 / len(design) * design.T @ design).max())


def lr_limit_slips(design):
    n, k = design.shape
    eig = np.linalg.eigvalsh(2 / n * design.T @ design)
    return {
        "did you forget the factor 2 in the Hessian of the mean squared error?": 2 / (eig.max() / 2),
        "the limit is 2/λmax, not 1/λmax": 1 / eig.max(),
        "did you use the smallest eigenvalue? The sharpest direction sets the limit": 2 / eig.min(),
        "did you take a singular value of D for an eigenvalue of DᵀD? An eigenvalue of DᵀD is its square":
            2 / (2 / n * np.linalg.svd(design, compute_uv=False).max()),
        "did you forget the 1/n of the mean? Use the Hessian of the average loss": 2 / (n * eig.max()),
        "did you divide by the number of columns? n is the number of samples, the rows of the design":
            2 / (eig.max() * n / k),
    }


# --- 10 · momentum, Adam, and momentum's critical learning rate --------------------------------

def momentum_rules(lr, beta):
    """The heavy-ball step and its usual slips: (theta, v, grad) -> (new theta, new v)."""
    return {
        "right": lambda t, v, g: (t - lr * (beta * v + g), beta * v + g),
        "ema": lambda t, v, g: (t - lr * (beta * v + (1 - beta) * g), beta * v + (1 - beta) * g),
        "old": lambda t, v, g: (t - lr * v, beta * v + g),
        "uphill": lambda t, v, g: (t + lr * (beta * v + g), beta * v + g),
        "swapped": lambda t, v, g: (t - lr * (v + beta * g), v + beta * g),
        "nesterov": lambda t, v, g: (t - lr * (g + beta * (beta * v + g)), beta * v + g),
    }


def adam_path(grads, beta1, beta2, eps, kind="right"):
    """[(m, v, u)] of Adam's first updates, right or with one of the usual slips."""
    m, v, out = np.zeros_like(grads[0]), np.zeros_like(grads[0]), []
    for t, g in enumerate(grads, start=1):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * (g if kind == "no square" else g * g)
        power = t + 1 if kind == "t + 1" else t
        m_hat = m if kind in ("none", "only v") else m / (1 - beta1 ** power)
        v_hat = v if kind in ("none", "only m") else v / (1 - beta2 ** power)
        with np.errstate(invalid="ignore"):
            if kind == "eps inside":
                u = m_hat / np.sqrt(v_hat + eps)
            elif kind == "efficient, plain eps":
                u = m * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t) / (np.sqrt(v) + eps)
            else:
                u = m_hat / (np.sqrt(v_hat) + eps)
        if kind == "corrected state":
            m, v = m_hat, v_hat
        out.append((m.copy(), v.copy(), u))
    return out


def momentum_error_grows(lr, H, w_star, beta, n_steps=300):
    """Whether momentum from w = 0 ends farther from w* than it started (notebook 10's sweep)."""
    from ..optimizers import Momentum

    w, optimizer = np.zeros(len(w_star)), Momentum(beta=beta)
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(n_steps):
            optimizer.step(w, H @ (w - w_star), lr)
        return not np.linalg.norm(w - w_star) < np.linalg.norm(w_star)


# --- 11 · early stopping -----------------------------------------------------------------------

def early_stop(val_losses, patience):
    best, best_loss = None, np.inf
    for t, loss in enumerate(val_losses):
        if np.isfinite(loss) and loss < best_loss:
            best, best_loss = t, loss
        if t - (best or 0) >= patience:
            return best, t
    return best, None


def curve_diagnosis(history):
    """The diagnosis of one run from its training and validation losses, and the evidence."""
    train, val = np.asarray(history.losses, float), np.asarray(history.val_losses, float)
    n = len(train) - 1
    if not np.isfinite(train).all():
        return "learning rate too large", {"jumps": n}
    jumps = int(np.sum(np.diff(train) > 0.01 * train[:-1]))
    best = int(np.argmin(val))
    quarter = train[-(n // 4) - 1:]
    evidence = {"jumps": jumps, "best": best, "change": abs(quarter[-1] - quarter[0]) / quarter[0],
                "drop": 1 - train[-1] / train[0]}
    if jumps >= 0.02 * n:
        return "learning rate too large", evidence
    if best < 0.6 * n and val[-1] > 1.1 * val[best] and train[-1] < 0.9 * train[best]:
        return "overfitting", evidence
    if evidence["drop"] < 0.3 and train[-1] < quarter[0] * 0.995:
        return "learning rate too small", evidence
    if evidence["change"] < 0.02:
        return "network too small", evidence
    return None, evidence


def standardize_variants(X_train, X_other):
    """Exercise 11.3: {name: [(train, other) it gives]}, the right answer and the usual slips."""
    def scaled(mean, std):
        return (X_train - mean) / std, (X_other - mean) / std

    both = np.r_[X_train, X_other]
    mean = X_train.mean(axis=0)
    return {"right": [scaled(mean, X_train.std(axis=0)), scaled(mean, X_train.std(axis=0, ddof=1))],
            "all rows": [scaled(both.mean(axis=0), both.std(axis=0)), scaled(both.mean(axis=0), both.std(axis=0, ddof=1))],
            "variance": [scaled(mean, X_train.var(axis=0))],
            "centred only": [scaled(mean, 1.0)],
            "whole array": [scaled(X_train.mean(), X_train.std())]}


# --- 12 · layer norm and the residual block's backward pass ------------------------------------

def layer_norm_variants(Z, gamma, beta, eps):
    """Layer norm ("right") and its usual slips, each an array like Z."""
    from ..normalization import normalize_forward

    mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        Z_hat = (Z - mu) / np.sqrt(var + eps)
        return {
            "right": gamma * Z_hat + beta,
            "batch": normalize_forward(Z, gamma, beta, "batch", eps=eps)[0],
            "eps outside": (Z - mu) / (np.sqrt(var) + eps) * gamma + beta,
            "ddof": (Z - mu) / np.sqrt(Z.var(axis=1, ddof=1, keepdims=True) + eps) * gamma + beta,
            "swapped": Z_hat * beta + gamma,
            "no affine": Z_hat,
            "no gamma": Z_hat + beta,
            "no beta": gamma * Z_hat,
            "variance": (Z - mu) / (var + eps) * gamma + beta,
        }


def residual_backward_variants(dA, A_prev, W, b):
    """dL/dA_prev of the block A = A_prev + tanh(A_prev W + b) ("right") and the usual slips."""
    Z = A_prev @ W + b
    A = A_prev + np.tanh(Z)
    slope = 1 - np.tanh(Z) ** 2
    return {
        "right": dA + (dA * slope) @ W.T,
        "no identity": (dA * slope) @ W.T,
        "no tanh'": dA + dA @ W.T,
        "W not transposed": dA + (dA * slope) @ W,
        "tanh' of A": dA + (dA * (1 - np.tanh(A) ** 2)) @ W.T,
        "1 - A^2": dA + (dA * (1 - A ** 2)) @ W.T,
        "not squared": dA + (dA * (1 - np.tanh(Z))) @ W.T,
        "minus": dA - (dA * slope) @ W.T,
    }
