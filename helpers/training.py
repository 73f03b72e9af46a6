r"""Gradient descent, full-batch or on mini-batches, that records what went on.

Each iteration :math:`t = 1, 2, \dots` makes one update of every parameter.
With the full batch and plain gradient descent (the lecture's loop) it is

.. math:: \theta_t = \theta_{t-1} - \alpha_t\, \nabla L(\theta_{t-1}),

then one forward and backward pass at :math:`\theta_t` gives both the loss
:math:`L(\theta_t)` and the gradient for the next update. (The lecture ran a
second forward pass per iteration to get that loss; the numbers are the same.)
With mini-batches the gradient of update :math:`t` is that of a batch
:math:`B_t` of the samples, :math:`g_t = \nabla L_{B_t}(\theta_{t-1})`, and an
update rule from :mod:`helpers.optimizers` turns :math:`g_t` into the step
:math:`\alpha_t u_t`; the loss recorded is still that of the whole training set.

Training stops after ``max_iter`` updates, when
:math:`|L(\theta_t) - L(\theta_{t-1})| <` ``tol`` (the lecture's δ), or as soon
as the loss is no longer finite: the :class:`History` then says at which update
that happened, instead of a screen full of ``nan`` matrices. Overflow is the
lesson here, so numpy's warnings about it are silenced inside the loop only.
"""
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._validation import (check_batch_size, check_choice, check_float, check_int,
                          check_random_state, check_X_y)
from .optimizers import GradientDescent, get_optimizer

__all__ = ["History", "TrainingDiverged", "train", "minibatches", "inverse_time_decay",
           "exponential_decay", "step_decay"]


class TrainingDiverged(FloatingPointError):
    """Raised by :func:`train` with ``on_nonfinite="raise"`` when the loss stops being finite."""


@dataclass
class History:
    """What one training run recorded.

    Attributes
    ----------
    losses : ndarray of shape (n_iter + 1,)
        ``losses[0]`` before training, ``losses[t]`` after update ``t``.
    grad_norms : ndarray of shape (n_iter + 1, n_params)
        :math:`\\|\\nabla_p L\\|` of each parameter ``p`` at the same points
        (before any clipping).
    update_ratios : ndarray of shape (n_iter, n_params)
        :math:`\\|\\alpha_t \\nabla_p L\\| / \\|p\\|` of update ``t`` (inf where
        :math:`\\|p\\| = 0`). About 1e-3 is healthy; near 1 or above, the step
        is as large as the parameter itself: an explosion.
    learning_rates : ndarray of shape (n_iter,)
        The learning rate used by each update.
    param_names : list of str
    n_iter : int
        Updates made.
    first_nonfinite : int or None
        The update after which the loss first became inf or NaN (0: already at
        the initial parameters), else None.
    converged : bool
        Whether the ``tol`` criterion stopped training.
    samples_seen : ndarray of shape (n_iter + 1,)
        Training samples used by the first ``t`` updates (``t·n_samples`` for
        the full batch): the x-axis that compares batch sizes fairly.
    batch_size : int or None
        The mini-batch size (None: full batch).
    n_samples : int
        Size of the training set.
    optimizer : helpers.optimizers.Optimizer
        The update rule with its state after the last update: pass it to
        ``train(..., optimizer=history.optimizer)`` to continue.
    val_losses : ndarray of shape (n_iter + 1,) or None
        The loss on ``validation_data`` at the same points as ``losses``.
    best_iter : int or None
        The update after which the validation loss was lowest (the parameters
        the model ends with when ``restore_best=True``).
    stopped_early : bool
        Whether ``patience`` stopped training.
    patience : int or None
    """
    losses: np.ndarray
    grad_norms: np.ndarray
    update_ratios: np.ndarray
    learning_rates: np.ndarray
    param_names: list
    n_iter: int
    first_nonfinite: int = None
    converged: bool = False
    tol: float = field(default=None, repr=False)
    samples_seen: np.ndarray = field(default=None, repr=False)
    batch_size: int = None
    optimizer: object = field(default=None, repr=False)
    n_samples: int = None
    val_losses: np.ndarray = field(default=None, repr=False)
    best_iter: int = None
    stopped_early: bool = False
    patience: int = field(default=None, repr=False)

    @property
    def epochs(self):
        """Passes over the training set after each update: ``samples_seen / n_samples``."""
        return self.samples_seen / self.n_samples

    @property
    def final_loss(self):
        """The loss after the last update."""
        return float(self.losses[-1])

    @property
    def diverged(self):
        """Whether the loss became inf or NaN."""
        return self.first_nonfinite is not None

    @property
    def status(self):
        """One sentence: how training ended."""
        if self.diverged:
            return f"diverged: the loss became {self.losses[self.first_nonfinite]} after update {self.first_nonfinite}"
        if self.converged:
            return f"converged: the loss changed by less than tol={self.tol:g} at update {self.n_iter}"
        if self.stopped_early:
            return (f"stopped early at update {self.n_iter}: no better validation loss for "
                    f"patience={self.patience} updates since update {self.best_iter}")
        return f"stopped after max_iter={self.n_iter} updates"

    def __repr__(self):
        return f"History(n_iter={self.n_iter}, final_loss={self.final_loss:.6g}, status={self.status!r})"

    def to_frame(self):
        """A pandas DataFrame indexed by iteration: loss and each parameter's gradient norm."""
        frame = pd.DataFrame(self.grad_norms, columns=[f"grad_norm_{p}" for p in self.param_names])
        frame.insert(0, "loss", self.losses)
        frame.index.name = "iteration"
        return frame


# -- learning-rate schedules: t (0-based update index) -> multiplier of lr -----------------
def inverse_time_decay(decay):
    r"""Schedule :math:`\alpha_t = \alpha / (1 + \text{decay}\cdot t)`."""
    decay = check_float(decay, "decay", "inverse_time_decay", allow_zero=True)
    return lambda t: 1.0 / (1.0 + decay * t)


def exponential_decay(rate):
    r"""Schedule :math:`\alpha_t = \alpha\cdot\text{rate}^t`, with 0 < rate <= 1."""
    rate = check_float(rate, "rate", "exponential_decay")
    if rate > 1:
        raise ValueError(f"The 'rate' parameter of exponential_decay must be a float in (0, 1]. "
                         f"Got {rate!r} instead.")
    return lambda t: rate ** t


def step_decay(every, factor=0.5):
    r"""Schedule :math:`\alpha_t = \alpha\cdot\text{factor}^{\lfloor t/\text{every}\rfloor}`."""
    every = check_int(every, "every", "step_decay")
    factor = check_float(factor, "factor", "step_decay")
    return lambda t: factor ** (t // every)


class _NormRecorder:
    """Per-parameter norms of a few flat vectors (gradient, parameters, step) at every update.

    Copying flat vectors into a buffer costs far less than computing six small
    norms per update, so the copies are kept for ``block`` updates and their
    norms computed block by block (the memory stays bounded).
    """

    def __init__(self, n_rows, offsets, size, n_vectors):
        self.offsets = offsets
        self.norms = [np.empty((n_rows, len(offsets))) for _ in range(n_vectors)]
        block = int(min(n_rows, 256, max(1, 2**20 // (size * n_vectors))))
        self.buffers = [np.empty((block, size)) for _ in range(n_vectors)]
        self.block = block
        self.start = self.filled = 0

    def record(self, grad, theta, step=None):
        """Keep copies of the vectors of one point (``step`` only if recording three)."""
        row = self.filled
        self.buffers[0][row] = grad
        self.buffers[1][row] = theta
        if step is not None and len(self.buffers) == 3:
            self.buffers[2][row] = step
        self.filled = row = row + 1
        if row == self.block:
            self.flush()

    def flush(self):
        rows = slice(self.start, self.start + self.filled)
        for buffer, out in zip(self.buffers, self.norms):
            x = buffer[:self.filled]
            out[rows] = np.sqrt(np.add.reduceat(x * x, self.offsets, axis=1))
        self.start += self.filled
        self.filled = 0


class _Validation:
    """The validation loss after each update, the best parameters so far, and the patience rule."""

    def __init__(self, model, data, patience, restore_best, caller):
        if data is None:
            if patience is not None:
                raise ValueError(f"The 'patience' parameter of {caller} needs validation_data "
                                 f"(X_val, y_val) to watch. Got patience={patience!r} without it.")
            self.model = None
            return
        if not isinstance(data, (tuple, list)) or len(data) != 2:
            raise TypeError(f"The 'validation_data' parameter of {caller} must be a tuple "
                            f"(X_val, y_val) or None. Got {type(data).__name__} instead.")
        self.X, self.y = check_X_y(*data, caller=caller, n_features=model.layer_sizes[0],
                                   n_outputs=model.layer_sizes[-1])
        model._check_targets(self.y, caller, name="validation_data")
        self.patience = None if patience is None else check_int(patience, "patience", caller)
        if not isinstance(restore_best, bool):
            raise TypeError(f"The 'restore_best' parameter of {caller} must be True or False. "
                            f"Got {restore_best!r} instead.")
        self.model, self.restore_best = model, restore_best
        self.losses, self.best, self.best_theta, self.stopped = [], None, None, False

    def check(self, t):
        """Record the validation loss after update ``t``; True when patience has run out."""
        if self.model is None:
            return False
        loss = self.model.loss_fn.f(self.model._forward(self.X)[1][-1], self.y)
        self.losses.append(loss)
        if math.isfinite(loss) and (self.best is None or loss < self.losses[self.best]):
            self.best, self.best_theta = t, self.model.theta.copy()
        self.stopped = self.patience is not None and t - (self.best or 0) >= self.patience
        return self.stopped

    def finish(self):
        """History fields; puts the best parameters back when asked to."""
        if self.model is None:
            return {}
        if self.restore_best and self.best_theta is not None:
            self.model.theta[...] = self.best_theta
        return {"val_losses": np.array(self.losses), "best_iter": self.best,
                "stopped_early": self.stopped, "patience": self.patience}


def minibatches(n_samples, batch_size, random_state):
    r"""Endless stream of mini-batch indices, one reshuffle per epoch.

    Every epoch draws ``perm = rng.permutation(n_samples)`` and yields the
    consecutive slices ``perm[0:B], perm[B:2B], ...`` (the last one may be
    smaller), so each sample is used exactly once per epoch. ``batch_size=None``
    yields ``None`` for ever (the full batch).

    Parameters
    ----------
    n_samples : int
    batch_size : int or None
    random_state : None, int, RandomState or Generator
        An int seeds a legacy ``RandomState``; a generator passed in continues its stream.

    Yields
    ------
    ndarray of int or None
    """
    if batch_size is None:
        while True:
            yield None
    rng = check_random_state(random_state, caller="minibatches")
    while True:
        perm = rng.permutation(n_samples)
        for start in range(0, n_samples, batch_size):
            yield perm[start:start + batch_size]


def train(model, X, y, *, lr, max_iter=100, tol=None, clip_norm=None, lr_schedule=None,
          on_nonfinite="stop", optimizer="gd", batch_size=None, random_state=None,
          validation_data=None, patience=None, restore_best=True):
    r"""Train ``model`` by gradient descent or another update rule, recording a :class:`History`.

    Parameters
    ----------
    model : helpers.network.NeuralNet
        Updated in place; ``model.history`` is set to the result.
    X : array-like of shape (n_samples, n_x)
    y : array-like of shape (n_samples,) or (n_samples, n_y)
    lr : float
        Learning rate :math:`\alpha > 0`.
    max_iter : int, default=100
        Maximum number of updates N (with mini-batches too: updates, not epochs).
    tol : float or None, default=None
        Stop when :math:`|L_t - L_{t-1}| <` ``tol`` (the lecture's δ). None never stops early.
    clip_norm : float or None, default=None
        Gradient clipping by global norm: if :math:`\|g\| > c`, use
        :math:`g\,c/\|g\|` (Pascanu et al., 2013, "On the difficulty of training
        recurrent neural networks"), before the update rule sees it.
    lr_schedule : callable or None, default=None
        ``lr_schedule(t)`` multiplies ``lr`` for update ``t + 1`` (``t`` from 0),
        e.g. :func:`inverse_time_decay`.
    on_nonfinite : {"stop", "raise", "continue"}, default="stop"
        What to do when the loss becomes inf/NaN: stop and record the update,
        raise :class:`TrainingDiverged` (after recording), or carry on.
    optimizer : str or helpers.optimizers.Optimizer, default="gd"
        The update rule (see :mod:`helpers.optimizers`). A name makes a new
        optimizer with the default hyperparameters; an object keeps its state
        from earlier calls, so training continues where it stopped.
    batch_size : int or None, default=None
        None: every update uses the whole training set (the lecture's loop).
        An int B: each epoch reshuffles the samples and makes one update per
        slice of B of them (see :func:`minibatches`); B = 1 is stochastic
        gradient descent.
    random_state : None, int, RandomState or Generator
        The shuffling of the mini-batches (unused with the full batch).
    validation_data : tuple (X_val, y_val) or None, default=None
        Data held out from training: its loss is recorded after every update
        (``History.val_losses``) and the best update is tracked.
    patience : int or None, default=None
        Early stopping (Prechelt, 1998, "Early stopping — but when?"): stop when
        the validation loss has not improved for ``patience`` updates. Needs
        ``validation_data``. None: train for ``max_iter`` updates.
    restore_best : bool, default=True
        With ``validation_data``: end with the parameters of the update with
        the lowest validation loss (``History.best_iter``), not the last ones.

    Returns
    -------
    History
        ``losses[t]`` is the loss on the *whole* training set after update
        ``t``, whatever the batch size, and ``grad_norms`` the norms of the
        whole-set gradient; ``update_ratios`` measure the step actually taken.
    """
    caller = "train"
    X, y = check_X_y(X, y, caller=caller, n_features=model.layer_sizes[0],
                     n_outputs=model.layer_sizes[-1])
    model._check_targets(y, caller)
    lr = check_float(lr, "lr", caller)
    max_iter = check_int(max_iter, "max_iter", caller)
    tol = check_float(tol, "tol", caller, allow_none=True, allow_zero=True)
    clip_norm = check_float(clip_norm, "clip_norm", caller, allow_none=True)
    if lr_schedule is not None and not callable(lr_schedule):
        raise TypeError(f"The 'lr_schedule' parameter of train must be a callable t -> factor or "
                        f"None. Got {lr_schedule!r} instead.")
    check_choice(on_nonfinite, ("stop", "raise", "continue"), "on_nonfinite", caller)
    opt = get_optimizer(optimizer, caller=caller)
    n_samples = X.shape[0]
    batch_size = check_batch_size(batch_size, n_samples, caller)
    if batch_size is not None or random_state is not None:
        random_state = check_random_state(random_state, caller=caller)
    batches = minibatches(n_samples, batch_size, random_state)
    full_batch_gd = batch_size is None and isinstance(opt, GradientDescent)
    # batch norm's running averages move once per update: on the pass whose gradient is used
    stats_here = batch_size is None
    if getattr(model, "normalization", None) == "batch" and batch_size == 1:
        raise ValueError("The 'batch_size' parameter of train must be at least 2 for a network with "
                         "batch normalization: the statistics of one sample are its own value (zero "
                         "variance), so every normalized unit would output beta. Got 1 instead.")
    validation = _Validation(model, validation_data, patience, restore_best, caller)

    theta = model.theta
    grad = np.empty_like(theta)          # the whole-set gradient at the current parameters
    views = model.grad_views(grad)
    if batch_size is not None:           # the gradient of each mini-batch gets its own buffer
        batch_grad = np.empty_like(theta)
        batch_views = model.grad_views(batch_grad)
    # norms of the gradient and the parameters at every point; the step of full-batch gd is
    # rate * gradient, any other rule also records its direction u (row t: update t)
    norms = _NormRecorder(max_iter + 1, model._offsets, theta.size, 2 if full_batch_gd else 3)
    losses = np.empty(max_iter + 1)
    rates = np.empty(max_iter)  # the step actually taken is rates[t] * direction
    schedule = np.empty(max_iter)  # the learning rate of each update (before clipping)
    batch_sizes = np.empty(max_iter, dtype=np.int64) if batch_size is not None else None
    first_nonfinite, converged, t = None, False, 0

    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        losses[0] = model._loss_and_grad(X, y, views, update_stats=stats_here)
        norms.record(grad, theta, grad)
        watch = validation.check if validation_data is not None else None
        if watch is not None:
            watch(0)
        if not math.isfinite(losses[0]):
            first_nonfinite = 0
        while t < max_iter and (first_nonfinite is None or on_nonfinite == "continue"):
            schedule[t] = rate = lr * lr_schedule(t) if lr_schedule is not None else lr
            g = grad
            if batch_sizes is not None:
                batch = next(batches)
                model._loss_and_grad(X[batch], y[batch], batch_views, update_stats=True)
                g, batch_sizes[t] = batch_grad, len(batch)
            if clip_norm is not None:
                total = math.sqrt(float(g @ g))
                if total > clip_norm:
                    if full_batch_gd:
                        rate *= clip_norm / total  # the same as clipping the gradient
                    else:
                        g = g * (clip_norm / total)
            u = g if full_batch_gd else opt.direction(g)  # plain descent: the gradient itself
            rates[t] = rate
            theta -= rate * u
            t += 1
            losses[t] = model._loss_and_grad(X, y, views, update_stats=stats_here)
            norms.record(grad, theta, None if full_batch_gd else u)
            if not math.isfinite(losses[t]):
                if first_nonfinite is None:
                    first_nonfinite = t
            elif tol is not None and abs(losses[t] - losses[t - 1]) < tol:
                converged = True
            if (watch is not None and watch(t)) or converged:
                break
        norms.flush()
        if full_batch_gd:
            opt.t += t
        seen = np.arange(t + 1) * n_samples if batch_sizes is None else np.r_[0, np.cumsum(batch_sizes[:t])]
        grad_norms, param_norms = norms.norms[0][:t + 1], norms.norms[1][:t + 1]
        directions = grad_norms[:t] if full_batch_gd else norms.norms[2][1:t + 1]
        update_ratios = rates[:t, None] * directions / param_norms[:t]

    history = History(losses=losses[:t + 1].copy(), grad_norms=grad_norms.copy(),
                      update_ratios=update_ratios, learning_rates=schedule[:t].copy(),
                      param_names=list(model.param_names), n_iter=t,
                      first_nonfinite=first_nonfinite, converged=converged, tol=tol,
                      samples_seen=seen, batch_size=batch_size, optimizer=opt,
                      n_samples=n_samples, **validation.finish())
    model.history = history
    if first_nonfinite is not None and on_nonfinite == "raise":
        raise TrainingDiverged(f"Training {history.status} (lr={lr:g}).")
    return history
