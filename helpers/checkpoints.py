r"""Save a training run to one file and load it back, so that training resumes exactly.

A checkpoint is one ``.npz`` file (numpy's zip of arrays) holding

* ``theta``: the network's parameters, flat;
* ``optimizer/<name>``: the update rule's state arrays (e.g. Adam's ``m`` and ``v``);
* ``history/<field>``: the arrays of the :class:`~helpers.training.History`;
* ``record``: one JSON text with everything else: the format version, the
  network's structure (class, layer sizes, activations, loss, init), the
  optimizer's name, hyperparameters and update count ``t``, the history's
  scalars, the state of the mini-batch shuffling generator and your metadata.

It is read with ``np.load(..., allow_pickle=False)``: nothing in the file can
run code. It is written atomically, to a temporary file in the same folder that
replaces the target only once complete, so a crash while saving leaves the last
good checkpoint, never half a file. Every bad file (missing, truncated, not an
npz, missing keys, wrong shapes, a newer format, object arrays) is refused with
an error that names the file and the problem.

Resuming is exact: train ``k`` updates, save, load, train ``k`` more, and the
parameters equal those of ``2k`` updates without a stop, bit for bit (with
mini-batches, at an epoch boundary, passing the loaded ``random_state`` on).
"""
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .network import NeuralNet, ShallowNeuralNet
from .optimizers import OPTIMIZERS, Optimizer
from .training import History

__all__ = ["FORMAT_VERSION", "Checkpoint", "save_checkpoint", "load_checkpoint"]

#: The version written by :func:`save_checkpoint`; newer files are refused, not misread.
FORMAT_VERSION = 1

_HISTORY_ARRAYS = ("losses", "grad_norms", "update_ratios", "learning_rates", "samples_seen",
                   "val_losses")
_HISTORY_SCALARS = ("param_names", "n_iter", "first_nonfinite", "converged", "tol", "batch_size",
                    "n_samples", "best_iter", "stopped_early", "patience")


class Checkpoint(NamedTuple):
    """What :func:`load_checkpoint` returns (unpack it or use the names)."""
    model: NeuralNet
    optimizer: Optimizer
    history: History
    metadata: dict
    random_state: object


def _rng_state(random_state):
    if random_state is None:
        return None
    if isinstance(random_state, np.random.RandomState):
        name, keys, pos, has_gauss, gauss = random_state.get_state()
        return {"kind": "RandomState", "keys": keys.tolist(), "pos": int(pos),
                "has_gauss": int(has_gauss), "cached_gaussian": float(gauss)}
    if isinstance(random_state, np.random.Generator):
        return {"kind": "Generator", "state": random_state.bit_generator.state}
    raise TypeError(f"The 'random_state' parameter of save_checkpoint must be a numpy RandomState, "
                    f"a numpy Generator or None (the generator that shuffles the mini-batches). "
                    f"Got {random_state!r} instead.")


def _make_rng(state):
    if state is None:
        return None
    if state["kind"] == "RandomState":
        rng = np.random.RandomState()
        rng.set_state(("MT19937", np.array(state["keys"], dtype=np.uint32), state["pos"],
                       state["has_gauss"], state["cached_gaussian"]))
        return rng
    bit_generator = getattr(np.random, state["state"]["bit_generator"])()
    bit_generator.state = state["state"]
    return np.random.Generator(bit_generator)


def save_checkpoint(path, model, *, optimizer=None, history=None, random_state=None, **metadata):
    """Write ``model`` (and optionally its optimizer, history and shuffling generator) to ``path``.

    Parameters
    ----------
    path : str or os.PathLike
        The file to write (``.npz`` by convention); replaced atomically if it exists.
    model : NeuralNet
    optimizer : Optimizer, optional
        Saved with its state, so that training continues exactly where it stopped.
    history : History, optional
    random_state : numpy RandomState or Generator, optional
        The generator passed to ``train(..., random_state=...)`` for the mini-batches.
    **metadata
        Anything JSON can hold (numbers, strings, lists, dicts), e.g. ``epoch=3``.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    if not isinstance(model, NeuralNet):
        raise TypeError(f"The 'model' parameter of save_checkpoint must be a NeuralNet. "
                        f"Got {type(model).__name__} instead.")
    if optimizer is not None and not isinstance(optimizer, Optimizer):
        raise TypeError(f"The 'optimizer' parameter of save_checkpoint must be an Optimizer or None. "
                        f"Got {type(optimizer).__name__} instead.")
    if history is not None and not isinstance(history, History):
        raise TypeError(f"The 'history' parameter of save_checkpoint must be a History or None. "
                        f"Got {type(history).__name__} instead.")
    path = Path(path)
    arrays = {"theta": model.theta}
    if model.normalization == "batch":
        arrays.update({f"running_mean/{l}": a for l, a in enumerate(model.running_mean)})
        arrays.update({f"running_var/{l}": a for l, a in enumerate(model.running_var)})
    record = {"format_version": FORMAT_VERSION,
              "model": {"class": type(model).__name__, "layer_sizes": model.layer_sizes,
                        "hidden_activation": model.hidden.name, "output_activation": model.output.name,
                        "loss": model.loss_fn.name, "init_scale": model.init_scale,
                        "normalization": model.normalization, "residual": model.residual,
                        "momentum": model.momentum, "eps": model.eps,
                        "init": model.init if isinstance(model.init, str) else getattr(
                            model.init, "__name__", repr(model.init))},
              "optimizer": None, "history": None, "random_state": _rng_state(random_state)}
    if optimizer is not None:
        record["optimizer"] = {"name": optimizer.name, "hyperparameters": optimizer.hyperparameters,
                               "t": optimizer.t, "state": sorted(optimizer.state)}
        arrays.update({f"optimizer/{k}": v for k, v in optimizer.state.items()})
    if history is not None:
        scalars = {k: getattr(history, k) for k in _HISTORY_SCALARS}
        record["history"] = {k: (v.item() if isinstance(v, np.generic) else v) for k, v in scalars.items()}
        arrays.update({f"history/{k}": getattr(history, k) for k in _HISTORY_ARRAYS
                       if getattr(history, k) is not None})
    try:
        record["metadata"] = metadata
        text = json.dumps(record, allow_nan=True)
    except TypeError as error:
        raise TypeError(f"save_checkpoint can only store metadata that JSON can hold (numbers, text, "
                        f"lists, dicts): {error}. Nothing was written to {path}.") from None
    arrays["record"] = np.array(text)

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez(file, **arrays)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
    return path


def _fail(path, problem):
    return ValueError(f"{path} is not a usable checkpoint: {problem}. Nothing was loaded.")


def _require(path, arrays, key, shape, what, *, floats=False):
    """``arrays[key]``, checked to exist with ``shape`` (and a float dtype if ``floats``)."""
    array = arrays.get(key)
    if array is None or array.shape != shape or (floats and array.dtype.kind != "f"):
        got = ("missing" if array is None else f"shape {array.shape}"
               + (f" of {array.dtype}" if array.shape == shape else ""))
        raise _fail(path, f"the {what} '{key}' must have shape {shape}; it is {got}")
    return array


def _read(path):
    """Every array of the file, checked to be a complete npz without object arrays."""
    if not path.is_file():
        raise FileNotFoundError(f"No checkpoint at {path}: the file does not exist.")
    try:
        with np.load(path, allow_pickle=False) as npz:
            return {k: npz[k] for k in npz.files}
    except ValueError as error:
        if "allow_pickle" in str(error):
            raise _fail(path, "it holds Python objects (object arrays), which are not loaded "
                              "because loading them could run code") from None
        raise _fail(path, f"numpy could not read it ({error})") from None
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise _fail(path, f"it is not a complete .npz file ({type(error).__name__}: {error})") from None


def load_checkpoint(path):
    """Read a file written by :func:`save_checkpoint`.

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    Checkpoint
        ``(model, optimizer, history, metadata, random_state)``; ``optimizer``,
        ``history`` and ``random_state`` are None when they were not saved.

    Raises
    ------
    FileNotFoundError
        No file at ``path``.
    ValueError
        The file is not a checkpoint this version can read; the message says why.
    """
    path = Path(path)
    arrays = _read(path)
    if "record" not in arrays or "theta" not in arrays:
        missing = [k for k in ("record", "theta") if k not in arrays]
        raise _fail(path, f"the array(s) {missing} are missing")
    try:
        record = json.loads(str(arrays["record"]))
        version = record["format_version"]
        spec = record["model"]
    except (ValueError, KeyError, TypeError) as error:
        raise _fail(path, f"its record is not valid ({type(error).__name__}: {error})") from None
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise _fail(path, f"it has format version {version!r}, and this version of helpers reads "
                          f"versions up to {FORMAT_VERSION}")

    model = _build_model(path, spec, arrays["theta"], arrays)
    optimizer = _build_optimizer(path, record.get("optimizer"), arrays, model.theta.shape)
    history = _build_history(path, record.get("history"), arrays)
    if history is not None:
        history.optimizer = optimizer
    return Checkpoint(model=model, optimizer=optimizer, history=history,
                      metadata=record.get("metadata", {}), random_state=_make_rng(record.get("random_state")))


def _build_model(path, spec, theta, arrays):
    try:
        options = dict(hidden_activation=spec["hidden_activation"], output_activation=spec["output_activation"],
                       loss=spec["loss"], init="zeros")
        extra = dict(normalization=spec.get("normalization"), residual=spec.get("residual", False),
                     momentum=spec.get("momentum", 0.1), eps=spec.get("eps", 1e-5))
        sizes = spec["layer_sizes"]
        if spec["class"] == "ShallowNeuralNet":
            model = ShallowNeuralNet(*sizes, **options)
        else:
            model = NeuralNet(sizes, **options, **extra)
    except (KeyError, TypeError, ValueError) as error:
        raise _fail(path, f"its network description is not valid ({type(error).__name__}: {error})") from None
    if theta.dtype.kind != "f" or theta.shape != model.theta.shape:
        raise _fail(path, f"'theta' has shape {theta.shape} and dtype {theta.dtype}, but a network "
                          f"with layer sizes {sizes} needs {model.theta.shape[0]} floats")
    model.theta[...] = theta
    model.init, model.init_scale = spec.get("init"), spec.get("init_scale", 1.0)
    if model.normalization == "batch":
        for kind in ("running_mean", "running_var"):
            for l, target in enumerate(getattr(model, kind)):
                target[...] = _require(path, arrays, f"{kind}/{l}", target.shape, "batch-norm statistics")
    return model


def _build_optimizer(path, spec, arrays, shape):
    if spec is None:
        return None
    try:
        optimizer = OPTIMIZERS[spec["name"]](**spec["hyperparameters"])
        optimizer.t = int(spec["t"])
        names = list(spec["state"])
    except (KeyError, TypeError, ValueError) as error:
        raise _fail(path, f"its optimizer description is not valid ({type(error).__name__}: {error})") from None
    if sorted(names) != sorted(optimizer._state_names) and not (names == [] and optimizer.t == 0):
        raise _fail(path, f"the optimizer {spec['name']!r} needs the state {list(optimizer._state_names)}, "
                          f"the file lists {names}")
    optimizer.state = {name: _require(path, arrays, f"optimizer/{name}", shape, "optimizer state",
                                      floats=True).copy() for name in names}
    return optimizer


def _build_history(path, spec, arrays):
    if spec is None:
        return None
    try:
        fields = {k: spec[k] for k in _HISTORY_SCALARS}
        fields.update({k: arrays.get(f"history/{k}") for k in _HISTORY_ARRAYS})
        n = fields["n_iter"]
        expected = {"losses": (n + 1,), "grad_norms": (n + 1, len(fields["param_names"])),
                    "update_ratios": (n, len(fields["param_names"])), "learning_rates": (n,),
                    "samples_seen": (n + 1,)}
    except (KeyError, TypeError) as error:
        raise _fail(path, f"its history is not valid ({type(error).__name__}: {error})") from None
    for key, shape in expected.items():
        _require(path, arrays, f"history/{key}", shape, "history array")
    return History(**fields)
