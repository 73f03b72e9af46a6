r"""Train thousands of the lecture's shallow linear nets at once.

A sweep trains one :class:`~helpers.network.ShallowNeuralNet` (no hidden
activation, MSE loss) per configuration of a grid (initializer × seed × init
scale × learning rate), with any update rule of :mod:`helpers.optimizers`, as
one numpy computation: every parameter gains a
leading batch axis ``b``, and the lecture's forward and backward passes are
evaluated for all nets together. Because the hidden layer is linear, the
network is the linear model :math:`\hat y = X w + c` with end-to-end weights
:math:`w = W_1 W_2` and bias :math:`c = b_1 W_2 + b_2`, and the lecture's
gradients regroup around :math:`X^\top\delta` and :math:`\sum_i \delta_i`,
with :math:`\delta = \tfrac2m(\hat y - y)`:

.. math::
    dW_1 = (X^\top\delta) W_2^\top, \quad db_1 = (\textstyle\sum_i\delta_i) W_2^\top, \quad
    dW_2 = Z_1^\top\delta = W_1^\top (X^\top\delta) + b_1^\top \textstyle\sum_i\delta_i, \quad
    db_2 = \textstyle\sum_i\delta_i.

So a step touches the data only through two matrix products shared by every
net, :math:`X w` and :math:`X^\top\delta`, never through the (m, n_hidden)
hidden layer of each net: this is what makes a sweep cheap. The numbers equal
the lecture's formulas up to rounding (a test checks rtol 1e-9 against
:meth:`ShallowNeuralNet.train`).

Each net follows exactly the rules of :func:`helpers.training.train`: it
stops at ``max_iter`` updates, when its loss changes by less than ``tol``, or
as soon as its loss is inf/NaN. A net that stops is taken out of the batch,
so its numbers are frozen and a diverging net cannot touch the others. The
grid is processed in chunks of ``chunk_size`` nets, so memory stays bounded
however many nets there are.
"""
import itertools
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from ._validation import (check_batch_size, check_bool, check_choice, check_float, check_int,
                          check_memory, check_X_y)
from .initializers import get_initializer, initialize
from .losses import TRAINED_BELOW, baseline_loss
from .optimizers import get_optimizer
from .training import minibatches

__all__ = ["Sweep", "train_many", "OUTCOMES"]

#: Outcome labels of a sweep, in the order the figures use.
OUTCOMES = ("trained", "stalled", "diverged")


@dataclass
class Sweep:
    """What a sweep recorded, one row per net.

    Attributes
    ----------
    frame : pandas.DataFrame
        Columns ``init, seed, init_scale, lr`` (the configuration), ``final_loss``,
        ``n_iter`` (updates made), ``first_nonfinite`` (update after which the
        loss became inf/NaN, -1 if never), ``converged`` (stopped by ``tol``),
        ``diverged`` and ``outcome`` (see :data:`OUTCOMES`).
    thetas : ndarray of shape (n_nets, n_params)
        Final parameters of each net, flat, in the order W1, b1, W2, b2 (like ``net.theta``).
    losses : ndarray of shape (n_nets, max_iter + 1) or None
        Loss curves (NaN after a net stopped) when ``record_losses=True``.
    trained_below : float
        A net whose final loss is at most this "trained", else "stalled".
    sizes : tuple of int
        ``(n_x, n_hidden, n_y)`` of every net.
    """
    frame: pd.DataFrame
    thetas: np.ndarray
    losses: np.ndarray
    trained_below: float
    sizes: tuple = None

    def evaluate(self, X, y):
        r"""The MSE of every net's final parameters on other data, e.g. a validation set.

        Each net is the linear map :math:`\hat y = X W_1 W_2 + b_1 W_2 + b_2`, so this is
        one matrix product for all of them. Diverged nets give NaN.

        Returns
        -------
        ndarray of shape (n_nets,)
        """
        X, y = check_X_y(X, y, caller="Sweep.evaluate", n_features=self.sizes[0],
                         n_outputs=self.sizes[2])
        n_x, n_h, n_y = self.sizes
        cuts = np.cumsum([n_x * n_h, n_h, n_h * n_y])
        W1 = self.thetas[:, :cuts[0]].reshape(-1, n_x, n_h)
        b1 = self.thetas[:, cuts[0]:cuts[1]]
        W2 = self.thetas[:, cuts[1]:cuts[2]].reshape(-1, n_h, n_y)
        b2 = self.thetas[:, cuts[2]:]
        with np.errstate(over="ignore", invalid="ignore"):
            w = np.einsum("bxh,bhj->bxj", W1, W2)
            c = np.einsum("bh,bhj->bj", b1, W2) + b2
            err = np.einsum("mx,bxj->bmj", X, w) + c[:, None, :] - y[None]
            loss = (err * err).mean(axis=(1, 2))
        loss[self.frame["diverged"].to_numpy()] = np.nan
        return loss

    def grid(self, value="final_loss", *, index="init_scale", columns="lr"):
        """``value`` as a table with ``index`` down and ``columns`` across (for a map).

        Each of ``value``, ``index`` and ``columns`` is a column of :attr:`frame`.
        """
        names = tuple(self.frame.columns)
        for name, given in (("value", value), ("index", index), ("columns", columns)):
            check_choice(given, names, name, "Sweep.grid")
        return self.frame.pivot_table(index=index, columns=columns, values=value, aggfunc="first",
                                      dropna=False)


def _check_grid(values, name, kind):
    """One value or a non-empty list of them (a TypeError naming ``name`` for anything else)."""
    if isinstance(values, (numbers.Number, str)):
        return [values]
    if callable(values) or not hasattr(values, "__iter__") or isinstance(values, (dict, bytes)):
        raise TypeError(f"The {name!r} parameter of train_many must be a list of {kind} (or a "
                        f"single one). Got an object of type {type(values).__name__} instead.")
    values = list(values)
    if not values:
        raise ValueError(f"The {name!r} parameter of train_many must be a non-empty list of {kind}. "
                         f"Got an empty list instead.")
    return values


def _grid(inits, seeds, init_scales, lrs):
    """The four lists of the grid, each value checked."""
    inits = _check_grid(inits, "inits", "initializer names")
    for init in inits:
        if not isinstance(init, str):
            raise TypeError(f"The 'inits' parameter of train_many must hold initializer names (see "
                            f"helpers.initializers.INITIALIZERS). Got {init!r} instead.")
        get_initializer(init)
    seeds = [check_int(s, "seeds", "train_many", minimum=0, maximum=2**32 - 1)
             for s in _check_grid(seeds, "seeds", "ints")]
    scales = [check_float(s, "init_scales", "train_many", allow_zero=True)
              for s in _check_grid(init_scales, "init_scales", "non-negative floats")]
    lrs = [check_float(a, "lrs", "train_many") for a in _check_grid(lrs, "lrs", "positive floats")]
    return inits, seeds, scales, lrs


def _initial_thetas(configs, sizes):
    """Flat initial parameters of each configuration, exactly as ``ShallowNeuralNet`` draws them."""
    cache, rows = {}, []
    for init, seed, scale, _ in configs:
        if (init, seed) not in cache:
            layers = initialize(sizes, init, random_state=seed)
            cache[init, seed] = [a for pair in layers for a in pair]
        arrays = cache[init, seed]
        rows.append(np.concatenate([(a * scale if scale != 1.0 else a).ravel() for a in arrays]))
    return np.array(rows)


def _train_chunk(X, y, theta, lr, sizes, max_iter, tol, losses_out, optimizer, batches):
    """Batched training from ``theta`` (n, P), in place; returns per-net results.

    The update rules are elementwise, so one fresh copy of ``optimizer`` per
    parameter array (with its leading batch axis) is the same as one per net.
    ``batches`` yields the rows of each update (None: all of them), the same for every net.
    """
    n_x, n_h, n_y = sizes
    n = theta.shape[0]
    cuts = np.cumsum([n_x * n_h, n_h, n_h * n_y])
    final_loss = np.full(n, np.nan)
    n_iter = np.zeros(n, dtype=int)
    first_bad = np.full(n, -1)
    converged = np.zeros(n, dtype=bool)
    active = np.arange(n)          # the nets still training = rows of the working arrays
    W1 = theta[:, :cuts[0]].reshape(n, n_x, n_h).copy()
    b1 = theta[:, cuts[0]:cuts[1]].copy()
    W2 = theta[:, cuts[1]:cuts[2]].reshape(n, n_h, n_y).copy()
    b2 = theta[:, cuts[2]:].copy()
    rate = lr.copy()
    rules = [optimizer.copy() for _ in range(4)]

    def loss_and_grads(X, y, grads=True):
        k, m = rate.size, X.shape[0]
        w = np.einsum("bxh,bhj->xbj", W1, W2)                       # end-to-end weights W1 W2
        c = np.einsum("bh,bhj->bj", b1, W2) + b2                    # end-to-end bias b1 W2 + b2
        err = (X @ w.reshape(n_x, k * n_y)).reshape(m, k, n_y) + c - y[:, None, :]
        loss = (err * err).mean(axis=(0, 2))
        if not grads:
            return loss, None
        delta = (2 / (m * n_y)) * err                               # dL/dy_hat
        g_x = (X.T @ delta.reshape(m, k * n_y)).reshape(n_x, k, n_y)  # X^T delta, per net
        g_c = delta.sum(axis=0)                                     # sum of delta, per net
        dW1 = np.einsum("xbj,bhj->bxh", g_x, W2)                    # X^T delta W2^T
        db1 = np.einsum("bj,bhj->bh", g_c, W2)                      # sum(delta) W2^T
        dW2 = np.einsum("bxh,xbj->bhj", W1, g_x) + b1[:, :, None] * g_c[:, None, :]  # Z1^T delta
        return loss, (dW1, db1, dW2, g_c)

    def retire(done, t, loss_now, grads):
        """Write the results of the nets in ``done`` (rows of the working arrays), drop them."""
        nonlocal W1, b1, W2, b2, rate, active
        rows = active[done]
        final_loss[rows] = loss_now[done]
        n_iter[rows] = t
        theta[rows] = np.concatenate([W1[done].reshape(len(rows), -1), b1[done],
                                      W2[done].reshape(len(rows), -1), b2[done]], axis=1)
        keep = ~done
        W1, b1, W2, b2, rate, active = (a[keep] for a in (W1, b1, W2, b2, rate, active))
        for rule in rules:
            rule._keep_rows(keep)
        return loss_now[keep], grads and tuple(g[keep] for g in grads)

    loss, grads = loss_and_grads(X, y)
    if losses_out is not None:
        losses_out[:, 0] = loss
    bad = ~np.isfinite(loss)
    first_bad[bad] = 0
    if bad.any():
        loss, grads = retire(bad, 0, loss, grads)
    t = 0
    while t < max_iter and active.size:
        batch = next(batches)
        if batch is not None:
            grads = loss_and_grads(X[batch], y[batch])[1]
        dW1, db1, dW2, db2 = grads
        W1 -= rate[:, None, None] * rules[0].direction(dW1)
        b1 -= rate[:, None] * rules[1].direction(db1)
        W2 -= rate[:, None, None] * rules[2].direction(dW2)
        b2 -= rate[:, None] * rules[3].direction(db2)
        t += 1
        prev = loss
        loss, grads = loss_and_grads(X, y, grads=batch is None)
        if losses_out is not None:
            losses_out[active, t] = loss
        bad = ~np.isfinite(loss)
        first_bad[active[bad]] = t
        done = bad.copy()
        if tol is not None:
            conv = ~bad & (np.abs(loss - prev) < tol)
            converged[active[conv]] = True
            done |= conv
        if t == max_iter:
            done[:] = True
        if done.any():
            loss, grads = retire(done, t, loss, grads)
    return final_loss, n_iter, first_bad, converged


def _check_memory(sizes, n, m, max_iter, record_losses, chunk_size):
    """Refuse, before any work, a sweep whose arrays would not fit in memory."""
    n_x, n_h, n_y = sizes
    P = n_x * n_h + n_h + n_h * n_y + n_y
    caller = "train_many"
    check_memory(P, "n_hidden", caller, n_h, what=f"the parameters of one {n_x}-{n_h:,}-{n_y} net")
    check_memory(n * P, ("inits", "seeds", "init_scales", "lrs"), caller, f"{n:,} configurations",
                 what=f"the parameters of {n:,} nets ({P:,} each)")
    if record_losses:
        check_memory(n * (max_iter + 1), "record_losses", caller, record_losses,
                     what=f"the loss curves of {n:,} nets, {max_iter + 1:,} points each")
    k = min(chunk_size, n)
    check_memory(3 * m * k * n_y + 6 * k * P, "chunk_size", caller, chunk_size,
                 what=f"the working arrays of {k:,} nets trained together on {m:,} samples")


def train_many(X, y, *, lrs, init_scales=1.0, seeds=37, inits="normal", n_hidden=4, max_iter=100,
               tol=None, trained_below=None, record_losses=False, chunk_size=2048, optimizer="gd",
               batch_size=None, random_state=0):
    r"""Train one shallow linear net per configuration of a grid, all at once.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_x)
    y : array-like of shape (n_samples,) or (n_samples, n_y)
    lrs : float or list of float
        Learning rates :math:`\alpha > 0`.
    init_scales : float or list of float, default=1.0
        Factors applied to every initial value (``init_scale`` of the net).
    seeds : int or list of int, default=37
        Model seeds (``random_state`` of the net).
    inits : str or list of str, default="normal"
        Initializer names from :data:`helpers.initializers.INITIALIZERS`.
    n_hidden : int, default=4
    max_iter : int, default=100
    tol : float or None, default=None
        The lecture's δ, as in :func:`helpers.training.train`.
    trained_below : float, optional
        Final loss at or under which a net counts as "trained". Default: half the loss of
        the best constant prediction (the variance of ``y``), i.e. R² >= 0.5
        (:data:`helpers.losses.TRAINED_BELOW`).
    record_losses : bool, default=False
        Keep every net's loss curve (``n_nets × (max_iter + 1)`` floats).
    chunk_size : int, default=2048
        Nets trained together; memory grows with it, not with the grid.
    optimizer : str or helpers.optimizers.Optimizer, default="gd"
        The update rule of every net (see :mod:`helpers.optimizers`): a name, or
        an object whose hyperparameters are used (each net starts from an
        empty state; the object itself is not changed).
    batch_size : int or None, default=None
        Mini-batch size, as in :func:`helpers.training.train` (None: full batch).
    random_state : int, default=0
        Seed of the mini-batch shuffling, the same for every net (so the nets
        are trained together on the same batches); unused with the full batch.

    Returns
    -------
    Sweep
        One row per configuration, in the order of
        ``itertools.product(inits, seeds, init_scales, lrs)``. Each row equals,
        up to rounding, what ``ShallowNeuralNet(n_x, n_hidden, n_y, init=init,
        init_scale=s, random_state=seed).train(X, y, lr=lr, max_iter=max_iter,
        tol=tol, optimizer=optimizer, batch_size=batch_size,
        random_state=random_state)`` gives. The rounding depends on the other
        nets of the chunk; for a run at the edge of divergence it can grow until
        the outcome differs.
    """
    caller = "train_many"
    X, y = check_X_y(X, y, caller=caller)
    grid = _grid(inits, seeds, init_scales, lrs)
    n_hidden = check_int(n_hidden, "n_hidden", caller)
    max_iter = check_int(max_iter, "max_iter", caller)
    tol = check_float(tol, "tol", caller, allow_none=True, allow_zero=True)
    chunk_size = check_int(chunk_size, "chunk_size", caller)
    optimizer = get_optimizer(optimizer, caller=caller)
    batch_size = check_batch_size(batch_size, X.shape[0], caller)
    random_state = check_int(random_state, "random_state", caller, minimum=0, maximum=2**32 - 1)
    record_losses = check_bool(record_losses, "record_losses", caller)
    trained_below = TRAINED_BELOW * baseline_loss(y, "mse") if trained_below is None else \
        check_float(trained_below, "trained_below", caller)

    sizes = (X.shape[1], n_hidden, y.shape[1])
    n = int(np.prod([len(values) for values in grid]))
    _check_memory(sizes, n, X.shape[0], max_iter, record_losses, chunk_size)
    configs = list(itertools.product(*grid))
    lr_all = np.array([c[3] for c in configs])
    thetas = np.empty((n, sizes[0] * sizes[1] + sizes[1] + sizes[1] * sizes[2] + sizes[2]))
    losses = np.full((n, max_iter + 1), np.nan) if record_losses else None
    results = [np.empty(n), np.empty(n, dtype=int), np.empty(n, dtype=int), np.empty(n, dtype=bool)]
    # One BLAS thread: the products are thin (n_x or n_samples by chunk_size), so a second
    # thread only waits for the first (several times slower on 2 cores); same results.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"), \
            threadpool_limits(limits=1, user_api="blas"):
        for start in range(0, n, chunk_size):
            part = slice(start, min(start + chunk_size, n))
            theta = _initial_thetas(configs[part], sizes)
            out = _train_chunk(X, y, theta, lr_all[part], sizes, max_iter, tol,
                               None if losses is None else losses[part], optimizer,
                               minibatches(X.shape[0], batch_size, random_state))
            thetas[part] = theta
            for store, value in zip(results, out):
                store[part] = value
    final_loss, n_iter, first_bad, converged = results
    frame = pd.DataFrame(configs, columns=["init", "seed", "init_scale", "lr"])
    frame["final_loss"] = final_loss
    frame["n_iter"] = n_iter
    frame["first_nonfinite"] = first_bad
    frame["converged"] = converged
    frame["diverged"] = first_bad >= 0
    frame["outcome"] = pd.Categorical(
        np.where(frame["diverged"], "diverged", np.where(final_loss <= trained_below, "trained", "stalled")),
        categories=OUTCOMES)
    return Sweep(frame=frame, thetas=thetas, losses=losses, trained_below=trained_below, sizes=sizes)
