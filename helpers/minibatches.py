"""Mini-batches: the order in which a run visits its samples, and where it is in that order."""
from itertools import repeat

import numpy as np

from ._validation import check_batch_size, check_int, check_random_state

__all__ = ["Minibatches", "minibatches"]


class Minibatches:
    r"""The order in which a run visits its samples, and where it is in that order.

    Every epoch draws ``perm = rng.permutation(n_samples)`` from the run's own generator
    and yields the consecutive slices ``perm[0:B], perm[B:2B], ...`` (the last one may be
    smaller), so each sample is used exactly once per epoch. The object remembers the
    epoch's permutation and the position in it: a run continued with the same object
    (``train(..., resume=history)``, or from a checkpoint) takes the very next batch, even
    in the middle of an epoch.

    Parameters
    ----------
    n_samples : int >= 1
    batch_size : int in [1, n_samples]
    random_state : None, int, RandomState or Generator
        An int seeds a legacy ``RandomState``; a generator passed in continues its stream.

    Attributes
    ----------
    rng : RandomState or Generator
    perm : ndarray of int or None
        The current epoch's permutation (None before the first batch).
    offset : int
        How many samples of ``perm`` have been used.
    """

    def __init__(self, n_samples, batch_size, random_state=None):
        self.n_samples = check_int(n_samples, "n_samples", "Minibatches")
        self.batch_size = check_batch_size(batch_size, self.n_samples, "Minibatches")
        if self.batch_size is None:
            raise TypeError("The 'batch_size' parameter of Minibatches must be an int in "
                            f"[1, {self.n_samples}]. Got None instead (the full batch needs no order).")
        self.rng = check_random_state(random_state, caller="Minibatches")
        self.perm, self.offset = None, 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.perm is None or self.offset >= self.n_samples:
            self.perm, self.offset = self.rng.permutation(self.n_samples), 0
        batch = self.perm[self.offset:self.offset + self.batch_size]
        self.offset += len(batch)
        return batch

    def _snapshot(self):
        rng = self.rng.get_state() if isinstance(self.rng, np.random.RandomState) else self.rng.bit_generator.state
        return rng, None if self.perm is None else self.perm.copy(), self.offset

    def _restore(self, snapshot):
        rng, self.perm, self.offset = snapshot
        if isinstance(self.rng, np.random.RandomState):
            self.rng.set_state(rng)
        else:
            self.rng.bit_generator.state = rng

    def __repr__(self):
        where = "before the first batch" if self.perm is None else f"{self.offset} of {self.n_samples} used"
        return f"Minibatches(n_samples={self.n_samples}, batch_size={self.batch_size}, epoch: {where})"


def minibatches(n_samples, batch_size, random_state):
    """Endless stream of mini-batch indices: a :class:`Minibatches`, or ``None`` for ever
    when ``batch_size`` is None (the full batch)."""
    if batch_size is None:
        check_int(n_samples, "n_samples", "minibatches")
        return repeat(None)
    return Minibatches(n_samples, batch_size, random_state)
