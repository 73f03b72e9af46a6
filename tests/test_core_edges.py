"""Bad or edge-case input to the network, the trainer, normalization and checkpoints: a clear error
naming the parameter, or the right answer, quietly; never a hang, a numpy traceback or a warning."""
import json
import os
import warnings

import numpy as np
import pytest

from helpers.checkpoints import load_checkpoint, save_checkpoint
from helpers.network import NeuralNet, ShallowNeuralNet
from helpers.normalization import normalize_backward, normalize_forward
from helpers.training import minibatches, step_decay, train


def lecture_net():
    return ShallowNeuralNet(2, 4, 1, random_state=0)


def classifier():
    return NeuralNet([2, 3, 1], hidden_activation="tanh", output_activation="sigmoid",
                     loss="binary_cross_entropy", random_state=0)


# -- the network -------------------------------------------------------------------------
@pytest.mark.parametrize("call, kind, match", [
    (lambda n, X: n.forward(np.array([[1 + 1j, 2]])), TypeError, r"'X' parameter of forward must be an array of real numbers"),
    (lambda n, X: n.predict(X, threshold=float("nan")), ValueError, r"'threshold' parameter of predict must be a non-negative float"),
    (lambda n, X: n.predict(X, threshold="a"), TypeError, r"'threshold' parameter of predict"),
    (lambda n, X: n.predict(X, threshold=1.5), ValueError, r"'threshold' parameter of predict must be a float in \[0, 1\]"),
    (lambda n, X: n.set_params(W1=np.full((2, 3), np.nan)), ValueError, r"'W1' parameter of set_params must contain only finite numbers"),
    (lambda n, X: n.set_params(W1="abc"), TypeError, r"'W1' parameter of set_params must be an array of numbers"),
    (lambda n, X: n.parameters_at(5.0).__enter__(), ValueError, r"'theta' parameter of parameters_at must have shape \(13,\)"),
    (lambda n, X: n.parameters_at(np.zeros(3)).__enter__(), ValueError, r"'theta' parameter of parameters_at must have shape \(13,\)\. Got shape \(3,\)"),
    (lambda n, X: n.forward(X, training="yes"), TypeError, r"'training' parameter of forward must be True or False"),
])
def test_network_refuses_bad_input(sine, call, kind, match):
    X, _ = sine
    net = classifier()
    before = net.theta.copy()
    with pytest.raises(kind, match=match):
        call(net, X)
    np.testing.assert_array_equal(net.theta, before)


def test_structure_options():
    assert NeuralNet([2, 3, 3, 1], residual=np.bool_(True)).residual is True
    with pytest.raises(ValueError, match=r"'normalization' parameter of NeuralNet must be one of None, 'batch', 'layer'\. Got \['batch'\]"):
        NeuralNet([2, 3, 3, 1], normalization=["batch"])
    with pytest.raises(ValueError, match=r"'n_x', 'n_h', 'n_y' parameter\(s\) of ShallowNeuralNet describe a network too large"):
        ShallowNeuralNet(2, 10**9, 1)


def test_a_diverged_net_predicts_nan_quietly(housing):
    X, y = housing
    net = lecture_net()
    net.theta[...] = 1e165
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not np.isfinite(net.forward(X)).any() and not np.isfinite(net.predict(X)).any()
        assert not np.isfinite(net.loss(X, y))
        Zs, As = net.activations(X)
        assert not np.isfinite(As[-1]).any()
        assert all(not np.isfinite(g).all() for g in net.gradients(X, y).values())


# -- the trainer ---------------------------------------------------------------------------
@pytest.mark.parametrize("schedule, kind, match", [
    (lambda t: -1.0, ValueError, r"'lr_schedule' parameter of train must return a finite number >= 0.*lr_schedule\(0\) returned -1\.0"),
    (lambda t: float("nan"), ValueError, r"lr_schedule\(0\) returned nan"),
    (lambda t: "fast", ValueError, r"lr_schedule\(0\) returned 'fast'"),
    (lambda t: None, ValueError, r"lr_schedule\(0\) returned None"),
    (lambda t: np.array([1.0, 0.5]), ValueError, r"lr_schedule\(0\) returned array"),
    (lambda: 1.0, TypeError, r"'lr_schedule' parameter of train must be a callable t -> factor.*cannot be called with one argument"),
    (5, TypeError, r"'lr_schedule' parameter of train must be a callable.*is not callable"),
])
def test_bad_schedules_are_refused_and_change_nothing(housing, schedule, kind, match):
    X, y = housing
    net = lecture_net()
    before = net.theta.copy()
    with pytest.raises(kind, match=match):
        net.train(X, y, lr=1e-6, max_iter=5, lr_schedule=schedule)
    np.testing.assert_array_equal(net.theta, before)
    assert net.history is None


def test_a_zero_factor_is_allowed(housing):
    X, y = housing
    net = lecture_net()
    before = net.theta.copy()
    net.train(X, y, lr=1e-6, max_iter=3, lr_schedule=lambda t: 0)
    np.testing.assert_array_equal(net.theta, before)


def test_max_iter_is_not_allocated_up_front(housing):
    X, y = housing
    h = lecture_net().train(X, y, lr=1e-6, max_iter=10**12, tol=1e3)
    assert h.converged and h.n_iter == 1 and h.grad_norms.shape == (2, 4)


@pytest.mark.parametrize("args, kind, match", [
    ((0, 1, 0), ValueError, r"'n_samples' parameter of Minibatches must be an int >= 1\. Got 0"),
    ((-5, 2, 0), ValueError, r"'n_samples' parameter of Minibatches must be an int >= 1\. Got -5"),
    ((5, -1, 0), ValueError, r"'batch_size' parameter of Minibatches must be None \(full batch\) or an int in \[1, 5\].*Got -1"),
    ((5, 0, 0), ValueError, r"'batch_size' parameter of Minibatches.*Got 0"),
    ((5, 2.5, 0), TypeError, r"'batch_size' parameter of Minibatches.*Got 2\.5"),
    ((0, None, 0), ValueError, r"'n_samples' parameter of minibatches must be an int >= 1"),
])
def test_minibatches_never_hang(args, kind, match):
    with pytest.raises(kind, match=match):
        next(iter(minibatches(*args)))


def test_batch_norm_refuses_a_remainder_of_one_sample(sine):
    X, y = sine
    net = NeuralNet([2, 4, 4, 1], normalization="batch", random_state=0)
    with pytest.raises(ValueError, match=r"must give batches of at least 2 samples.*Got 3, which leaves a last "
                                         r"batch of one sample in each epoch of 100"):
        net.train(X, y, lr=0.1, batch_size=3)
    assert net.history is None
    net.train(X, y, lr=0.1, max_iter=3, batch_size=32)           # 100 = 3 * 32 + 4: fine


@pytest.mark.parametrize("kwargs, kind, match", [
    (dict(validation_data=(np.ones((10, 3)), np.ones(10))), ValueError, r"'validation_data\[0\] \(X_val\)' parameter of train must have 2 columns"),
    (dict(validation_data=(np.ones((10, 2)), np.ones(9))), ValueError, r"'validation_data\[1\] \(y_val\)' parameter of train must have one row per row"),
    (dict(validation_data=(np.full((10, 2), np.nan), np.ones(10))), ValueError, r"'validation_data\[0\] \(X_val\)' parameter of train must contain only finite"),
    (dict(restore_best="yes"), TypeError, r"'restore_best' parameter of train must be True or False\. Got 'yes'"),
])
def test_bad_training_options_are_named(housing, kwargs, kind, match):
    X, y = housing
    with pytest.raises(kind, match=match):
        lecture_net().train(X, y, lr=1e-6, max_iter=2, **kwargs)


def test_train_needs_a_network(housing):
    X, y = housing
    with pytest.raises(TypeError, match=r"'model' parameter of train must be a NeuralNet\. Got str instead"):
        train("not a model", X, y, lr=0.1)


@pytest.mark.parametrize("factor", [2.0, 0.0, -0.5])
def test_step_decay_must_decay(factor):
    with pytest.raises(ValueError, match=r"'factor' parameter of step_decay must be"):
        step_decay(10, factor=factor)


# -- normalization ---------------------------------------------------------------------------
Z, G = np.arange(9.0).reshape(3, 3), np.ones((3, 3))
ROW = np.ones((1, 3))


@pytest.mark.parametrize("call, kind, match", [
    (lambda: normalize_forward(Z, np.ones((3, 1)), ROW, "batch"), ValueError, r"'gamma' parameter of normalize_forward must have shape \(1, 3\).*Got shape \(3, 1\)"),
    (lambda: normalize_forward(Z, ROW, ROW, "group"), ValueError, r"'kind' parameter of normalize_forward must be one of 'batch', 'layer'\. Got 'group'"),
    (lambda: normalize_forward(np.empty((0, 3)), ROW, ROW, "batch"), ValueError, r"'Z' parameter of normalize_forward must be a non-empty 2-D array"),
    (lambda: normalize_forward(Z, ROW, ROW, "batch", mean=ROW), ValueError, r"'mean' and 'var' parameters of normalize_forward go together"),
    (lambda: normalize_forward(Z, ROW, ROW, "layer", mean=ROW, var=ROW), ValueError, r"are for batch norm only"),
    (lambda: normalize_backward(G, ROW, normalize_forward(Z, ROW, ROW, "batch")[1], "foo"), ValueError, r"'kind' parameter of normalize_backward"),
    (lambda: normalize_backward(np.ones((2, 3)), ROW, normalize_forward(Z, ROW, ROW, "batch")[1], "batch"), ValueError, r"'G' parameter of normalize_backward must have the shape of the normalized Z, \(3, 3\)"),
])
def test_normalization_refuses_bad_input(call, kind, match):
    with pytest.raises(kind, match=match):
        call()


# -- checkpoints -------------------------------------------------------------------------------
@pytest.fixture
def saved(tmp_path, sine):
    X, y = sine
    net = classifier()
    h = net.train(X, y, lr=0.1, max_iter=5, optimizer="adam", batch_size=16, random_state=np.random.default_rng(1))
    return save_checkpoint(tmp_path / "good.npz", net, history=h)


def edit_record(path, change):
    with np.load(path, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    record = json.loads(str(arrays["record"]))
    change(record)
    arrays["record"] = np.array(json.dumps(record))
    np.savez(path, **arrays)


@pytest.mark.parametrize("change, match", [
    (lambda r: r["optimizer"].update(t=-5), r"optimizer description is not valid.*'t' entry .* must be an int >= 0"),
    (lambda r: r["history"].update(converged="no"), r"its history is not valid \(TypeError: 'converged' is 'no'\)"),
    (lambda r: r["history"].update(n_iter=True), r"its history is not valid \(TypeError: 'n_iter' is True\)"),
    (lambda r: r.update(metadata=[1, 2]), r"its metadata must be a dict; it is a list"),
    (lambda r: r["batches"]["rng"]["state"].update(bit_generator="seed"), r"random-state record is not valid.*unknown bit generator 'seed'"),
    (lambda r: r["batches"].update(rng={"kind": "Foo"}), r"random-state record is not valid.*unknown kind 'Foo'"),
    (lambda r: r["batches"].update(offset=500), r"mini-batch record is not valid.*offset must be an int in \[0, 100\]"),
    (lambda r: r["batches"].update(batch_size=0), r"mini-batch record is not valid"),
])
def test_damaged_records_are_refused_without_touching_numpys_global_state(saved, change, match):
    edit_record(saved, change)
    state = np.random.get_state()
    with pytest.raises(ValueError, match=rf"good\.npz is not a usable checkpoint: (its )?{match}"):
        load_checkpoint(saved)
    after = np.random.get_state()
    assert state[2] == after[2] and np.array_equal(state[1], after[1])


def test_a_damaged_randomstate_record_is_refused(tmp_path, housing):
    X, y = housing
    rng = np.random.RandomState(0)
    path = save_checkpoint(tmp_path / "rs.npz", lecture_net(), random_state=rng)
    edit_record(path, lambda r: r["random_state"].update(keys=[1, 2, 3]))
    with pytest.raises(ValueError, match=r"random-state record is not valid.*624 keys, not 3"):
        load_checkpoint(path)


@pytest.mark.parametrize("make, match", [
    (lambda p: np.save(p, np.zeros(3)), r"it is a \.npy file \(a single array\)"),
    (lambda p: p.write_text("theta,record\n1,2\n"), r"it is not a \.npz file"),
    (lambda p: p.mkdir(), r"it is a folder, not a file"),
])
def test_files_that_are_not_checkpoints(tmp_path, make, match):
    path = tmp_path / "x.npz"
    make(path)
    if not path.exists():              # np.save adds .npy
        path = tmp_path / "x.npz.npy"
    with pytest.raises(ValueError, match=rf"is not a usable checkpoint: {match}"):
        load_checkpoint(path)


def test_a_path_must_be_a_path():
    with pytest.raises(TypeError, match=r"'path' parameter of load_checkpoint must be a str or a path.*Got NoneType None"):
        load_checkpoint(None)
    with pytest.raises(TypeError, match=r"'path' parameter of save_checkpoint must be a str or a path"):
        save_checkpoint(None, lecture_net())


def test_save_errors_name_the_path_given(tmp_path):
    missing = tmp_path / "no_such_folder" / "ck.npz"
    with pytest.raises(FileNotFoundError, match=rf"Cannot write the checkpoint {missing}"):
        save_checkpoint(missing, lecture_net())
    (tmp_path / "plain").write_text("x")
    inside_a_file = tmp_path / "plain" / "ck.npz"
    with pytest.raises(NotADirectoryError, match=rf"Cannot write the checkpoint {inside_a_file}"):
        save_checkpoint(inside_a_file, lecture_net())
    cycle = []
    cycle.append(cycle)
    with pytest.raises(TypeError, match=r"without cycles.*Nothing was written"):
        save_checkpoint(tmp_path / "c.npz", lecture_net(), note=cycle)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain"]


def test_the_file_mode_follows_the_umask_like_np_savez(tmp_path):
    old = os.umask(0o022)
    try:
        save_checkpoint(tmp_path / "ck.npz", lecture_net())
        np.savez(tmp_path / "plain.npz", a=np.zeros(1))
    finally:
        os.umask(old)
    assert (tmp_path / "ck.npz").stat().st_mode & 0o777 == (tmp_path / "plain.npz").stat().st_mode & 0o777 == 0o644


def test_version_1_files_are_still_read(tmp_path, sine):
    """A batch-norm checkpoint of format 1 (statistics numbered from 0) loads into the same state."""
    X, y = sine
    net = NeuralNet([2, 4, 4, 1], normalization="batch", random_state=0)
    net.train(X, y, lr=0.1, max_iter=3)
    path = save_checkpoint(tmp_path / "v2.npz", net)
    with np.load(path, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    for l in (1, 2):
        for kind in ("running_mean", "running_var"):
            arrays[f"{kind}/{l - 1}"] = arrays.pop(f"state/{kind}{l}")
    record = json.loads(str(arrays["record"]))
    record["format_version"] = 1
    arrays["record"] = np.array(json.dumps(record))
    np.savez(tmp_path / "v1.npz", **arrays)
    loaded = load_checkpoint(tmp_path / "v1.npz").model
    for key, value in net.state_dict().items():
        np.testing.assert_array_equal(loaded.state_dict()[key], value)
