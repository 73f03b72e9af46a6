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

A run can be continued exactly: ``train(..., resume=history)`` takes up the
optimizer's state, the position in the epoch's permutation and the update count
of the learning-rate schedule where ``history`` left them, so two calls of k
updates give the run of 2k, bit for bit, wherever the first one stopped. A call
that fails (an error, an interrupt) leaves the model, the optimizer and the
mini-batch order as they were.
"""
import math
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._validation import (check_batch_size, check_choice, check_float, check_int,
                          check_random_state, check_X_y)
from .minibatches import Minibatches, minibatches  # noqa: F401  (also importable from here)
from .network import NeuralNet
from .optimizers import GradientDescent, Optimizer, get_optimizer
from .schedules import (_check_schedule, _scheduled, exponential_decay,  # noqa: F401
                        inverse_time_decay, step_decay)

__all__ = ["History", "TrainingDiverged", "train"]


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
        The update rule with its state after the last update.
    batches : Minibatches or None
        The mini-batch order after the last update (None: full batch). With
        ``optimizer``, what ``train(..., resume=history)`` continues from.
    val_losses : ndarray of shape (n_iter + 1,) or None
        The loss on ``validation_data`` (at inference) at the same points as ``losses``.
    best_iter : int or None
        The update after which the validation loss was lowest (the state the model
        ends with when ``restore_best=True``).
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
    batches: object = field(default=None, repr=False)

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


class _NormRecorder:
    """Per-parameter norms of a few flat vectors (gradient, parameters, step) at every update.

    Copying flat vectors into a buffer costs far less than computing six small
    norms per update, so the copies are kept for ``block`` updates and their
    norms computed block by block (the memory stays bounded, whatever ``max_iter``).
    """

    def __init__(self, n_rows, offsets, size, n_vectors):
        self.offsets = offsets
        self.norms = [[] for _ in range(n_vectors)]
        block = int(min(n_rows, 256, max(1, 2**20 // (size * n_vectors))))
        self.buffers = [np.empty((block, size)) for _ in range(n_vectors)]
        self.block = block
        self.filled = 0

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
        for buffer, out in zip(self.buffers, self.norms):
            x = buffer[:self.filled]
            out.append(np.sqrt(np.add.reduceat(x * x, self.offsets, axis=1)))
        self.filled = 0

    def result(self, k):
        """The norms of the ``k``-th vector at every recorded point."""
        return np.concatenate(self.norms[k]) if self.norms[k] else np.empty((0, len(self.offsets)))


class _Validation:
    """The validation loss after each update (at inference), the best state so far, and patience."""

    def __init__(self, model, data, patience, restore_best, caller):
        if not isinstance(restore_best, (bool, np.bool_)):
            raise TypeError(f"The 'restore_best' parameter of {caller} must be True or False. "
                            f"Got {restore_best!r} instead.")
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
                                   n_outputs=model.layer_sizes[-1],
                                   names=("validation_data[0] (X_val)", "validation_data[1] (y_val)"))
        model._check_targets(self.y, caller, name="validation_data[1] (y_val)")
        self.patience = None if patience is None else check_int(patience, "patience", caller)
        self.model, self.restore_best = model, bool(restore_best)
        self.losses, self.best, self.best_state, self.stopped = [], None, None, False

    def check(self, t):
        """Record the validation loss after update ``t``; True when patience has run out."""
        if self.model is None:
            return False
        loss = self.model.loss_fn.f(self.model._forward(self.X, training=False)[1][-1], self.y)
        self.losses.append(loss)
        if math.isfinite(loss) and (self.best is None or loss < self.losses[self.best]):
            self.best, self.best_state = t, self.model.state_dict()
        self.stopped = self.patience is not None and t - (self.best or 0) >= self.patience
        return self.stopped

    def finish(self):
        """History fields; puts the best state back when asked to."""
        if self.model is None:
            return {}
        if self.restore_best and self.best_state is not None:
            self.model.load_state_dict(self.best_state)
        return {"val_losses": np.array(self.losses), "best_iter": self.best,
                "stopped_early": self.stopped, "patience": self.patience}


def _continuation(model, optimizer, batch_size, random_state, resume, n_samples, caller):
    """The update rule and the mini-batch order of this call: new ones, or those of ``resume``."""
    if resume is None:
        opt = get_optimizer("gd" if optimizer is None else optimizer, caller=caller)
        batch_size = check_batch_size(batch_size, n_samples, caller)
        rng = check_random_state(random_state, caller=caller)   # unused with the full batch: checked all the same
        batches = None if batch_size is None else Minibatches(n_samples, batch_size, rng)
        return opt, batch_size, batches
    if not isinstance(resume, History) or not isinstance(resume.optimizer, Optimizer):
        raise TypeError(f"The 'resume' parameter of {caller} must be the History of an earlier run "
                        f"(from train or load_checkpoint) or None. Got {type(resume).__name__} instead.")
    opt = resume.optimizer
    if optimizer is not None and optimizer is not opt and optimizer != opt.name:
        raise ValueError(f"The 'optimizer' parameter of {caller} must be left out (or be "
                         f"{opt.name!r}) when resuming: the run continues with its own {opt!r}. "
                         f"Got {optimizer!r} instead.")
    if random_state is not None:
        raise ValueError(f"The 'random_state' parameter of {caller} must be None when resuming: the run "
                         f"continues its own mini-batch order. Got {random_state!r} instead.")
    if batch_size is not None and batch_size != resume.batch_size:
        raise ValueError(f"The 'batch_size' parameter of {caller} must be left out (or be "
                         f"{resume.batch_size}) when resuming that run. Got {batch_size!r} instead.")
    if resume.n_samples != n_samples:
        raise ValueError(f"The 'X' parameter of {caller} must have the {resume.n_samples} samples of "
                         f"the run being resumed. Got {n_samples} instead.")
    return opt, resume.batch_size, resume.batches


@contextmanager
def _all_or_nothing(model, optimizer, batches):
    """A call that does not return leaves the model, optimizer and mini-batch order as they were."""
    saved = model.state_dict(), optimizer.state_dict(), batches._snapshot() if batches else None
    try:
        yield
    except BaseException:
        model.load_state_dict(saved[0])
        optimizer.load_state_dict(saved[1])
        if batches:
            batches._restore(saved[2])
        raise


def _check_model(model, X, y, caller):
    if not isinstance(model, NeuralNet):
        raise TypeError(f"The 'model' parameter of {caller} must be a NeuralNet. Got "
                        f"{type(model).__name__} instead.")
    X, y = check_X_y(X, y, caller=caller, n_features=model.layer_sizes[0], n_outputs=model.layer_sizes[-1])
    return X, model._check_targets(y, caller)


def _check_batch_norm(model, batch_size, n_samples, caller):
    """Batch norm needs two samples or more in every batch (one is its own mean)."""
    if model.normalization == "batch" and batch_size is not None and \
            (batch_size == 1 or n_samples % batch_size == 1):
        why = "1" if batch_size == 1 else (f"{batch_size}, which leaves a last batch of one sample in "
                                           f"each epoch of {n_samples}")
        raise ValueError(f"The 'batch_size' parameter of {caller} must give batches of at least 2 samples "
                         f"for a network with batch normalization: the statistics of one sample are "
                         f"its own value (zero variance), so every normalized unit would output beta. "
                         f"Got {why} instead.")


def train(model, X, y, *, lr, max_iter=100, tol=None, clip_norm=None, lr_schedule=None,
          on_nonfinite="stop", optimizer=None, batch_size=None, random_state=None,
          validation_data=None, patience=None, restore_best=True, resume=None):
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
        ``lr_schedule(t)`` multiplies ``lr`` for the update after ``t`` updates of the run
        (``t`` from 0; a resumed run goes on counting), e.g. :func:`inverse_time_decay`.
        It must return a finite number >= 0.
    on_nonfinite : {"stop", "raise", "continue"}, default="stop"
        What to do when the loss becomes inf/NaN: stop and record the update,
        raise :class:`TrainingDiverged` (after recording), or carry on.
    optimizer : str, helpers.optimizers.Optimizer or None, default=None
        The update rule (see :mod:`helpers.optimizers`); None is ``"gd"``. A name
        makes a new optimizer with the default hyperparameters; an object keeps
        its state from earlier calls.
    batch_size : int or None, default=None
        None: every update uses the whole training set (the lecture's loop).
        An int B: each epoch reshuffles the samples and makes one update per
        slice of B of them (see :class:`Minibatches`); B = 1 is stochastic
        gradient descent. With batch norm, every batch needs 2 samples or more.
    random_state : None, int, RandomState or Generator
        The shuffling of the mini-batches (unused with the full batch).
    validation_data : tuple (X_val, y_val) or None, default=None
        Data held out from training: its loss at inference (batch norm with its
        running averages, as every prediction) is recorded after every update
        (``History.val_losses``) and the best update is tracked.
    patience : int or None, default=None
        Early stopping (Prechelt, 1998, "Early stopping — but when?"): stop when
        the validation loss has not improved for ``patience`` updates. Needs
        ``validation_data``. None: train for ``max_iter`` updates.
    restore_best : bool, default=True
        With ``validation_data``: end with the state (parameters and batch-norm
        statistics) of the update with the lowest validation loss
        (``History.best_iter``), not the last ones.
    resume : History or None, default=None
        Continue the run that recorded this history (from :func:`train` or
        :func:`helpers.checkpoints.load_checkpoint`): its optimizer and state, its
        mini-batch order where it stopped (mid-epoch too) and its schedule's count.
        Then ``optimizer``, ``batch_size`` and ``random_state`` are left out.

    Returns
    -------
    History
        ``losses[t]`` is the loss on the *whole* training set after update
        ``t``, whatever the batch size (batch norm in training mode, as the
        gradient sees it), and ``grad_norms`` the norms of the whole-set
        gradient; ``update_ratios`` measure the step actually taken.
    """
    caller = "train"
    X, y = _check_model(model, X, y, caller)
    lr = check_float(lr, "lr", caller)
    max_iter = check_int(max_iter, "max_iter", caller)
    tol = check_float(tol, "tol", caller, allow_none=True, allow_zero=True)
    clip_norm = check_float(clip_norm, "clip_norm", caller, allow_none=True)
    lr_schedule = _check_schedule(lr_schedule)
    check_choice(on_nonfinite, ("stop", "raise", "continue"), "on_nonfinite", caller)
    n_samples = X.shape[0]
    opt, batch_size, batches = _continuation(model, optimizer, batch_size, random_state, resume,
                                             n_samples, caller)
    _check_batch_norm(model, batch_size, n_samples, caller)
    opt.check_compatible(model.theta)
    validation = _Validation(model, validation_data, patience, restore_best, caller)
    full_batch_gd = batches is None and isinstance(opt, GradientDescent)

    theta = model.theta
    grad = np.empty_like(theta)          # the whole-set gradient at the current parameters
    views = model.grad_views(grad)
    if batches is not None:              # the gradient of each mini-batch gets its own buffer
        batch_grad = np.empty_like(theta)
        batch_views = model.grad_views(batch_grad)
    # norms of the gradient and the parameters at every point; the step of full-batch gd is
    # rate * gradient, any other rule also records its direction u (row t: update t)
    norms = _NormRecorder(max_iter + 1, model._offsets, theta.size, 2 if full_batch_gd else 3)
    losses, rates, schedule, used = [], [], [], []   # rates[t] * direction is the step taken
    first_nonfinite, converged, t, start = None, False, 0, opt.t

    with _all_or_nothing(model, opt, batches), \
            np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        losses.append(model._loss_and_grad(X, y, views))
        norms.record(grad, theta, grad)
        validation.check(0)
        if not math.isfinite(losses[0]):
            first_nonfinite = 0
        while t < max_iter and (first_nonfinite is None or on_nonfinite == "continue"):
            rate = _scheduled(lr, lr_schedule, start + t)
            schedule.append(rate)
            g = grad
            if batches is not None:
                batch = next(batches)
                model._loss_and_grad(X[batch], y[batch], batch_views)
                g = batch_grad
                used.append(len(batch))
            if clip_norm is not None:
                total = math.sqrt(float(g @ g))
                if total > clip_norm:
                    if full_batch_gd:
                        rate *= clip_norm / total  # the same as clipping the gradient
                    else:
                        g = g * (clip_norm / total)
            u = g if full_batch_gd else opt.direction(g)  # plain descent: the gradient itself
            rates.append(rate)
            theta -= rate * u
            model._commit_statistics()                    # batch norm: the batch of this update
            t += 1
            losses.append(model._loss_and_grad(X, y, views))
            norms.record(grad, theta, None if full_batch_gd else u)
            if not math.isfinite(losses[t]):
                if first_nonfinite is None:
                    first_nonfinite = t
            elif tol is not None and abs(losses[t] - losses[t - 1]) < tol:
                converged = True
            if validation.check(t) or converged:
                break
        norms.flush()
        if full_batch_gd:
            opt.t += t
        seen = np.arange(t + 1) * n_samples if batches is None else np.r_[0, np.cumsum(used, dtype=np.int64)]
        grad_norms, param_norms = norms.result(0), norms.result(1)
        directions = grad_norms[:t] if full_batch_gd else norms.result(2)[1:t + 1]
        update_ratios = np.array(rates)[:, None] * directions / param_norms[:t]
        ended = validation.finish()

    history = History(losses=np.array(losses), grad_norms=grad_norms, update_ratios=update_ratios,
                      learning_rates=np.array(schedule), param_names=list(model.param_names), n_iter=t,
                      first_nonfinite=first_nonfinite, converged=converged, tol=tol,
                      samples_seen=seen, batch_size=batch_size, optimizer=opt, batches=batches,
                      n_samples=n_samples, **ended)
    model.history = history
    if first_nonfinite is not None and on_nonfinite == "raise":
        raise TrainingDiverged(f"Training {history.status} (lr={lr:g}).")
    return history
