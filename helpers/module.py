"""What every model of the course shares: one flat parameter vector, and a state to save.

A model keeps all its parameters in one flat vector ``theta``; ``params["W1"]`` and friends
are reshaped *views* of it, so an update of ``theta`` (what every optimizer does) is an
update of every layer, and a copy is needed to keep a snapshot. Its whole *state* is
``theta`` plus whatever its layers keep beside the parameters (batch norm's running
statistics): :meth:`Module.state_dict` hands out a copy, :meth:`Module.load_state_dict` takes
one back, as in PyTorch's ``torch.nn.Module``. Checkpoints, early stopping and
:meth:`Module.parameters_at` all go through these two, so nothing is forgotten.
"""
from contextlib import contextmanager

import numpy as np

__all__ = ["Module"]


class Module:
    """Base class: a flat parameter vector with named views, and the model's state.

    Subclasses call :meth:`_init_parameters` with their arrays and may list layers that
    keep state of their own in :meth:`_stateful_layers`.

    Attributes
    ----------
    theta : ndarray of shape (n_params,)
        All parameters, flat, in the order of ``param_names``.
    params : dict of str to ndarray
        Views of ``theta`` by name.
    param_names : list of str
    """

    def _init_parameters(self, names, arrays):
        """Copy ``arrays`` into one flat ``theta`` and make ``params`` views of it."""
        self.param_names = list(names)
        self.theta = np.concatenate([np.ravel(a) for a in arrays])
        self._offsets = np.cumsum([0] + [np.size(a) for a in arrays])[:-1]
        self._shapes = [np.shape(a) for a in arrays]
        self.params = dict(zip(self.param_names, self.grad_views(self.theta)))

    def _stateful_layers(self):
        """``(suffix, layer)`` pairs whose ``state()``/``set_state()`` belong to the model's state."""
        return []

    def grad_views(self, grad):
        """Views of a flat array shaped like the parameters, in the order of ``param_names``."""
        return [grad[s:s + int(np.prod(shape))].reshape(shape) for s, shape in zip(self._offsets, self._shapes)]

    def get_params(self):
        """A copy of every parameter, by name."""
        return {k: v.copy() for k, v in self.params.items()}

    def set_params(self, **values):
        """Overwrite parameters by name, e.g. ``set_params(W1=..., b2=...)`` (finite numbers)."""
        for key, value in values.items():
            if key not in self.params:
                raise ValueError(f"Unknown parameter {key!r}. Choose one of: {', '.join(self.params)}.")
            self.params[key][...] = _as_float_array(value, key, self.params[key].shape, "set_params")

    def state_dict(self):
        """A copy of the model's whole state: ``"theta"`` and what its layers keep.

        For a network with batch norm, ``"running_mean{l}"`` and ``"running_var{l}"`` for
        each hidden layer ``l`` (numbered like its ``gamma{l}``). Nothing else changes as a
        model trains, so this is what checkpoints, early stopping and :meth:`parameters_at`
        save and put back.
        """
        state = {"theta": self.theta.copy()}
        for suffix, layer in self._stateful_layers():
            state.update({f"{key}{suffix}": value for key, value in layer.state().items()})
        return state

    def load_state_dict(self, state):
        """Put back a state from :meth:`state_dict`: the same keys and shapes, copied in."""
        expected = {key: value.shape for key, value in self.state_dict().items()}
        if not isinstance(state, dict) or set(state) != set(expected):
            got = sorted(state) if isinstance(state, dict) else type(state).__name__
            raise ValueError(f"The 'state' parameter of load_state_dict must be a dict with the keys "
                             f"{sorted(expected)} (from state_dict() of a model like this one). "
                             f"Got {got} instead.")
        arrays = {key: _as_float_array(state[key], key, shape, "load_state_dict", finite=False)
                  for key, shape in expected.items()}
        self.theta[...] = arrays["theta"]
        for suffix, layer in self._stateful_layers():
            layer.set_state({key: arrays[f"{key}{suffix}"] for key in layer.state()})

    @contextmanager
    def parameters_at(self, theta):
        """Temporarily give the model the parameters ``theta`` (None: leave them).

        ``theta`` is a flat vector like :attr:`theta` or a whole state from
        :meth:`state_dict`. Used as ``with net.parameters_at(theta0): ...``; the whole state
        is put back on exit, also after an error.
        """
        if theta is None:
            yield self
            return
        saved = self.state_dict()
        if isinstance(theta, dict):
            self.load_state_dict(theta)
        else:
            self.theta[...] = _as_float_array(theta, "theta", self.theta.shape, "parameters_at", finite=False)
        try:
            yield self
        finally:
            self.load_state_dict(saved)


def _as_float_array(value, name, shape, caller, *, finite=True):
    """``value`` as a float array of ``shape`` (of finite numbers), or an error naming ``name``."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"The {name!r} parameter of {caller} must be an array of numbers of shape "
                        f"{shape}. Got {type(value).__name__} {value!r:.60} instead.") from None
    if array.shape != shape:
        raise ValueError(f"The {name!r} parameter of {caller} must have shape {shape}. "
                         f"Got shape {array.shape} instead.")
    if finite and not np.isfinite(array).all():
        raise ValueError(f"The {name!r} parameter of {caller} must contain only finite numbers. Got "
                         f"{array.size - np.count_nonzero(np.isfinite(array))} NaN or infinite value(s).")
    return array
