r"""Save a training run to one file and load it back, so that training resumes exactly.

A checkpoint is one ``.npz`` file (numpy's zip of arrays) holding

* ``theta``: the network's parameters, flat, and ``state/<key>``: the rest of its state
  (batch norm's running statistics, see :meth:`~helpers.module.Module.state_dict`);
* ``optimizer/<name>``: the update rule's state arrays (e.g. Adam's ``m`` and ``v``);
* ``history/<field>``: the arrays of the :class:`~helpers.training.History`;
* ``batches/perm``: the current epoch's permutation of the mini-batch order;
* ``record``: one JSON text with everything else: the format version, the
  network's structure (class, layer sizes, activations, loss, init), the
  optimizer's name, hyperparameters and update count ``t``, the history's
  scalars, the mini-batch order's generator state and position, and your metadata.

It is read with ``np.load(..., allow_pickle=False)``: nothing in the file can
run code, and loading never touches numpy's global random state. It is written
atomically, to a temporary file in the same folder that replaces the target only
once complete, so a crash while saving leaves the last good checkpoint, never half
a file; the file gets the permissions ``np.savez`` would give it. Every bad file
(missing, a folder, truncated, not an npz, missing keys, wrong shapes or types, a
newer format, object arrays) is refused with an error that names the file and the
problem.

Resuming is exact: train ``k`` updates, save, load, train ``k`` more with
``resume=`` the loaded history, and the parameters, the batch-norm statistics and
the losses equal those of ``2k`` updates without a stop, bit for bit, wherever
``k`` falls in an epoch.
"""
import json
import math
import os
import tempfile
import zipfile
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .network import NeuralNet, ShallowNeuralNet
from .optimizers import OPTIMIZERS, Optimizer
from .training import History, Minibatches

__all__ = ["FORMAT_VERSION", "Checkpoint", "save_checkpoint", "load_checkpoint"]

#: The version written by :func:`save_checkpoint`; newer files are refused, not misread.
#: Version 2 added the mini-batch position; version 1 files are still read.
FORMAT_VERSION = 2

_HISTORY_ARRAYS = ("losses", "grad_norms", "update_ratios", "learning_rates", "samples_seen",
                   "val_losses")
_NONE = type(None)
_HISTORY_SCALARS = {"param_names": (list,), "n_iter": (int,), "first_nonfinite": (int, _NONE),
                    "converged": (bool,), "tol": (float, int, _NONE), "batch_size": (int, _NONE),
                    "n_samples": (int, _NONE), "best_iter": (int, _NONE),
                    "stopped_early": (bool,), "patience": (int, _NONE)}
_BIT_GENERATORS = ("MT19937", "PCG64", "PCG64DXSM", "Philox", "SFC64")


class Checkpoint(NamedTuple):
    """What :func:`load_checkpoint` returns (unpack it or use the names)."""
    model: NeuralNet
    optimizer: Optimizer
    history: History
    metadata: dict
    random_state: object


def _rng_state(random_state, caller="save_checkpoint"):
    if random_state is None:
        return None
    if isinstance(random_state, np.random.RandomState):
        name, keys, pos, has_gauss, gauss = random_state.get_state()
        return {"kind": "RandomState", "keys": keys.tolist(), "pos": int(pos),
                "has_gauss": int(has_gauss), "cached_gaussian": float(gauss)}
    if isinstance(random_state, np.random.Generator):
        return {"kind": "Generator", "state": random_state.bit_generator.state}
    raise TypeError(f"The 'random_state' parameter of {caller} must be a numpy RandomState, "
                    f"a numpy Generator or None (the generator that shuffles the mini-batches). "
                    f"Got {random_state!r} instead.")


def _make_rng(path, state):
    """A new generator in the recorded state; never numpy's global one."""
    if state is None:
        return None
    try:
        if state["kind"] == "RandomState":
            keys = np.array(state["keys"], dtype=np.uint32)
            if keys.shape != (624,):
                raise ValueError(f"an MT19937 state has 624 keys, not {keys.size}")
            rng = np.random.RandomState(0)
            rng.set_state(("MT19937", keys, int(state["pos"]), int(state["has_gauss"]),
                           float(state["cached_gaussian"])))
            return rng
        if state["kind"] == "Generator":
            name = state["state"]["bit_generator"]
            if name not in _BIT_GENERATORS:
                raise ValueError(f"unknown bit generator {name!r}")
            bit_generator = getattr(np.random, name)(0)
            bit_generator.state = state["state"]
            return np.random.Generator(bit_generator)
        raise ValueError(f"unknown kind {state['kind']!r} (RandomState or Generator)")
    except (KeyError, TypeError, ValueError, IndexError, OverflowError) as error:
        raise _fail(path, f"its random-state record is not valid ({type(error).__name__}: {error})") from None


def _as_path(path, caller):
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"The 'path' parameter of {caller} must be a str or a path (os.PathLike). "
                        f"Got {type(path).__name__} {path!r} instead.")
    return Path(path)


def save_checkpoint(path, model, *, optimizer=None, history=None, random_state=None, **metadata):
    """Write ``model`` (and optionally its optimizer, history and mini-batch order) to ``path``.

    Parameters
    ----------
    path : str or os.PathLike
        The file to write (``.npz`` by convention); replaced atomically if it exists.
    model : NeuralNet
        Its whole state is saved (parameters and batch-norm statistics).
    optimizer : Optimizer, optional
        Saved with its state, so that training continues exactly where it stopped.
        Default: the optimizer of ``history``, if given.
    history : History, optional
        Saved with the run's mini-batch order (generator, permutation and position), so
        ``train(..., resume=loaded_history)`` continues the run bit for bit.
    random_state : numpy RandomState or Generator, optional
        A generator to save as well (returned as ``random_state`` by :func:`load_checkpoint`).
    **metadata
        Anything JSON can hold (numbers, strings, lists, dicts), e.g. ``epoch=3``.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    caller = "save_checkpoint"
    path = _as_path(path, caller)
    if not isinstance(model, NeuralNet):
        raise TypeError(f"The 'model' parameter of {caller} must be a NeuralNet. "
                        f"Got {type(model).__name__} instead.")
    if optimizer is not None and not isinstance(optimizer, Optimizer):
        raise TypeError(f"The 'optimizer' parameter of {caller} must be an Optimizer or None. "
                        f"Got {type(optimizer).__name__} instead.")
    if history is not None and not isinstance(history, History):
        raise TypeError(f"The 'history' parameter of {caller} must be a History or None. "
                        f"Got {type(history).__name__} instead.")
    if optimizer is None and history is not None:
        optimizer = history.optimizer
    state = model.state_dict()
    arrays = {"theta": state.pop("theta"), **{f"state/{k}": v for k, v in state.items()}}
    record = {"format_version": FORMAT_VERSION,
              "model": {"class": type(model).__name__, "layer_sizes": model.layer_sizes,
                        "hidden_activation": model.hidden.name, "output_activation": model.output.name,
                        "loss": model.loss_fn.name, "init_scale": model.init_scale,
                        "normalization": model.normalization, "residual": model.residual,
                        "momentum": model.momentum, "eps": model.eps,
                        "init": model.init if isinstance(model.init, str) else getattr(
                            model.init, "__name__", repr(model.init))},
              "optimizer": None, "history": None, "batches": None,
              "random_state": _rng_state(random_state)}
    if optimizer is not None:
        record["optimizer"] = {"name": optimizer.name, "hyperparameters": optimizer.hyperparameters,
                               "t": optimizer.t, "state": sorted(optimizer.state)}
        arrays.update({f"optimizer/{k}": v for k, v in optimizer.state.items()})
    if history is not None:
        scalars = {k: getattr(history, k) for k in _HISTORY_SCALARS}
        record["history"] = {k: (v.item() if isinstance(v, np.generic) else v) for k, v in scalars.items()}
        arrays.update({f"history/{k}": getattr(history, k) for k in _HISTORY_ARRAYS
                       if getattr(history, k) is not None})
        batches = history.batches
        if batches is not None:
            record["batches"] = {"n_samples": batches.n_samples, "batch_size": batches.batch_size,
                                 "offset": batches.offset, "rng": _rng_state(batches.rng)}
            if batches.perm is not None:
                arrays["batches/perm"] = batches.perm
    try:
        record["metadata"] = metadata
        text = json.dumps(record, allow_nan=True)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{caller} can only store metadata that JSON can hold (numbers, text, "
                        f"lists, dicts, without cycles): {error}. Nothing was written to {path}.") from None
    arrays["record"] = np.array(text)
    _write_atomically(path, arrays)
    return path


def _write_atomically(path, arrays):
    """``np.savez`` into a temporary file beside ``path``, then rename it; errors name ``path``."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise _naming(error, path) from None
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez(file, **arrays)
            file.flush()
            os.fsync(file.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)          # what np.savez(path) would give the file
        os.replace(temporary, path)
    except BaseException as error:
        if os.path.exists(temporary):
            os.remove(temporary)
        if isinstance(error, OSError):
            raise _naming(error, path) from None
        raise


def _naming(error, path):
    """The same kind of OSError, naming the file the user asked for (not the temporary one)."""
    message = f"Cannot write the checkpoint {path}: {error.strerror or error}"
    return type(error)(error.errno, message) if error.errno else type(error)(message)


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
    if path.is_dir():
        raise _fail(path, "it is a folder, not a file")
    if not path.is_file():
        raise FileNotFoundError(f"No checkpoint at {path}: the file does not exist.")
    with open(path, "rb") as file:
        magic = file.read(6)
    if magic.startswith(b"\x93NUMPY"):
        raise _fail(path, "it is a .npy file (a single array), not the .npz file save_checkpoint writes")
    if not magic.startswith(b"PK"):
        raise _fail(path, "it is not a .npz file (a zip archive of arrays)")
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
        ``history`` and ``random_state`` are None when they were not saved. The
        history holds the optimizer and the mini-batch order: pass it as
        ``train(..., resume=history)`` to continue the run. ``random_state`` is the
        generator saved with ``random_state=``, else the mini-batch order's generator.

    Raises
    ------
    FileNotFoundError
        No file at ``path``.
    ValueError
        The file is not a checkpoint this version can read; the message says why.
    """
    path = _as_path(path, "load_checkpoint")
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
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= FORMAT_VERSION:
        raise _fail(path, f"it has format version {version!r}, and this version of helpers reads "
                          f"versions up to {FORMAT_VERSION}")
    metadata = record.get("metadata", {})
    if not isinstance(metadata, dict):
        raise _fail(path, f"its metadata must be a dict; it is a {type(metadata).__name__}")

    model = _build_model(path, spec, arrays, version)
    optimizer = _build_optimizer(path, record.get("optimizer"), arrays, model.theta.shape)
    history = _build_history(path, record.get("history"), arrays)
    batches = _build_batches(path, record.get("batches"), arrays)
    if history is not None:
        history.optimizer, history.batches = optimizer, batches
    random_state = _make_rng(path, record.get("random_state"))
    if random_state is None and batches is not None:
        random_state = batches.rng
    return Checkpoint(model=model, optimizer=optimizer, history=history, metadata=metadata,
                      random_state=random_state)


def _build_model(path, spec, arrays, version):
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
    theta = arrays["theta"]
    if theta.dtype.kind != "f" or theta.shape != model.theta.shape:
        raise _fail(path, f"'theta' has shape {theta.shape} and dtype {theta.dtype}, but a network "
                          f"with layer sizes {sizes} needs {model.theta.shape[0]} floats")
    state = {"theta": theta}
    for key, value in model.state_dict().items():
        if key != "theta":
            stored = f"state/{key}" if version >= 2 else _version1_key(key)
            state[key] = _require(path, arrays, stored, value.shape, "batch-norm statistics", floats=True)
    model.load_state_dict(state)
    model.init, model.init_scale = spec.get("init"), spec.get("init_scale", 1.0)
    return model


def _version1_key(key):
    """Version 1 numbered the batch-norm statistics from 0: ``running_mean1`` was ``running_mean/0``."""
    name = key.rstrip("0123456789")
    return f"{name}/{int(key[len(name):]) - 1}"


def _build_optimizer(path, spec, arrays, shape):
    if spec is None:
        return None
    try:
        optimizer = OPTIMIZERS[spec["name"]](**spec["hyperparameters"])
        names = list(spec["state"])
        state = {name: _require(path, arrays, f"optimizer/{name}", shape, "optimizer state", floats=True)
                 for name in names}
        optimizer.load_state_dict({"t": spec["t"], "state": state})
    except (KeyError, TypeError, ValueError) as error:
        if str(error).startswith(str(path)):
            raise
        raise _fail(path, f"its optimizer description is not valid ({type(error).__name__}: {error})") from None
    return optimizer


def _build_history(path, spec, arrays):
    if spec is None:
        return None
    try:
        fields = {k: spec[k] for k in _HISTORY_SCALARS}
        for key, kinds in _HISTORY_SCALARS.items():
            value = fields[key]     # JSON's true/false are bools, which are ints too: keep them apart
            if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
                raise TypeError(f"{key!r} is {value!r}")
        if fields["n_iter"] < 0 or (fields["tol"] is not None and not math.isfinite(fields["tol"])):
            raise ValueError("'n_iter' must be >= 0 and 'tol' finite")
        fields.update({k: arrays.get(f"history/{k}") for k in _HISTORY_ARRAYS})
        n, p = fields["n_iter"], len(fields["param_names"])
        expected = {"losses": (n + 1,), "grad_norms": (n + 1, p), "update_ratios": (n, p),
                    "learning_rates": (n,), "samples_seen": (n + 1,)}
    except (KeyError, TypeError, ValueError) as error:
        raise _fail(path, f"its history is not valid ({type(error).__name__}: {error})") from None
    for key, shape in expected.items():
        _require(path, arrays, f"history/{key}", shape, "history array")
    return History(**fields)


def _build_batches(path, spec, arrays):
    if spec is None:
        return None
    try:
        batches = Minibatches(spec["n_samples"], spec["batch_size"], _make_rng(path, spec["rng"]))
        offset = spec["offset"]
        perm = arrays.get("batches/perm")
        if perm is not None and (perm.dtype.kind not in "iu" or
                                 not np.array_equal(np.sort(perm), np.arange(batches.n_samples))):
            raise ValueError(f"'batches/perm' must be a permutation of range({batches.n_samples})")
        if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= batches.n_samples \
                or (perm is None and offset != 0):
            raise ValueError(f"the offset must be an int in [0, {batches.n_samples}]; it is {offset!r}")
    except (KeyError, TypeError, ValueError) as error:
        if str(error).startswith(str(path)):
            raise
        raise _fail(path, f"its mini-batch record is not valid ({type(error).__name__}: {error})") from None
    batches.perm, batches.offset = (None if perm is None else perm.astype(np.int64)), offset
    return batches
