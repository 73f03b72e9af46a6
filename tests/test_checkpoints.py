"""helpers.checkpoints: exact round trips, exact resumes, and every bad file refused."""
import json
import zipfile

import numpy as np
import pytest

from helpers.checkpoints import FORMAT_VERSION, load_checkpoint, save_checkpoint
from helpers.network import NeuralNet, ShallowNeuralNet
from helpers.optimizers import Adam, GradientDescent, Momentum


def sine_net(seed=0):
    return NeuralNet([2, 8, 8, 1], hidden_activation="tanh", output_activation="sigmoid",
                     loss="binary_cross_entropy", init="lecun", random_state=seed)


def test_round_trip_is_bit_exact(tmp_path, sine):
    X, y = sine
    net = sine_net()
    h = net.train(X, y, lr=0.05, max_iter=30, optimizer="adam", batch_size=16, random_state=3,
                  validation_data=(X[:20], y[:20]))
    path = save_checkpoint(tmp_path / "run.npz", net, optimizer=h.optimizer, history=h, epoch=3,
                           note="after 30 updates", lrs=[0.05, 0.1])
    model, opt, history, metadata, rng = load_checkpoint(path)
    np.testing.assert_array_equal(model.theta, net.theta)
    assert type(model) is NeuralNet and model.layer_sizes == [2, 8, 8, 1]
    assert (model.hidden.name, model.output.name, model.loss_fn.name) == ("tanh", "sigmoid", "binary_cross_entropy")
    assert isinstance(opt, Adam) and opt.t == 30 and opt.hyperparameters == h.optimizer.hyperparameters
    for key in ("m", "v"):
        np.testing.assert_array_equal(opt.state[key], h.optimizer.state[key])
    for key in ("losses", "grad_norms", "update_ratios", "learning_rates", "samples_seen", "val_losses"):
        np.testing.assert_array_equal(getattr(history, key), getattr(h, key))
    for key in ("param_names", "n_iter", "first_nonfinite", "converged", "batch_size", "best_iter", "n_samples"):
        assert getattr(history, key) == getattr(h, key)
    assert history.status == h.status
    assert metadata == {"epoch": 3, "note": "after 30 updates", "lrs": [0.05, 0.1]}
    # no random_state saved: the generator returned is the mini-batch order's, at its position
    assert rng is history.batches.rng and history.batches.offset == h.batches.offset == 2 * 16  # 7 batches an epoch
    np.testing.assert_array_equal(history.batches.perm, h.batches.perm)
    np.testing.assert_array_equal(model.predict(X), net.predict(X))


def test_the_lecture_net_comes_back_as_a_shallow_net(tmp_path, housing):
    X, y = housing
    net = ShallowNeuralNet(2, 4, 1, init="weird", random_state=37)
    save_checkpoint(tmp_path / "lecture.npz", net)
    model, opt, history, metadata, rng = load_checkpoint(tmp_path / "lecture.npz")
    assert isinstance(model, ShallowNeuralNet) and model.init == "weird"
    assert opt is None and history is None and metadata == {}
    assert model.loss(X, y) == net.loss(X, y)


def resumed_equals_straight(tmp_path, X, y, make, k, **options):
    """k updates, save, load, k more == 2k updates without a stop (parameters and losses)."""
    rng = np.random.RandomState(5) if options.get("batch_size") else None
    straight = make()
    full = straight.train(X, y, max_iter=2 * k, optimizer=options.pop("optimizer")(),
                          random_state=np.random.RandomState(5) if rng is not None else None, **options)
    first = make()
    opt = type(full.optimizer)(**full.optimizer.hyperparameters)
    h1 = first.train(X, y, max_iter=k, optimizer=opt, random_state=rng, **options)
    save_checkpoint(tmp_path / "mid.npz", first, optimizer=opt, history=h1, random_state=rng)
    del first, opt, rng                                     # the "crash"
    model, opt, h1_loaded, _, rng = load_checkpoint(tmp_path / "mid.npz")
    h2 = model.train(X, y, max_iter=k, optimizer=opt, random_state=rng, **options)
    np.testing.assert_array_equal(model.theta, straight.theta)
    np.testing.assert_array_equal(np.r_[h1_loaded.losses, h2.losses[1:]], full.losses)
    assert opt.t == 2 * k


@pytest.mark.parametrize("optimizer", [GradientDescent, Adam, Momentum])
def test_resume_full_batch_is_exact(tmp_path, sine, optimizer):
    X, y = sine
    resumed_equals_straight(tmp_path, X, y, sine_net, 40, lr=0.1, optimizer=optimizer)


@pytest.mark.parametrize("optimizer", [GradientDescent, Adam])
def test_resume_minibatches_at_an_epoch_boundary_is_exact(tmp_path, sine, optimizer):
    X, y = sine
    # 100 samples in batches of 25: 4 updates per epoch, so 12 updates are 3 whole epochs
    resumed_equals_straight(tmp_path, X, y, sine_net, 12, lr=0.1, optimizer=optimizer, batch_size=25)


def test_resume_with_a_generator(tmp_path, housing):
    X, y = housing
    X = X / X.std(axis=0)
    rng = np.random.default_rng(8)
    a = ShallowNeuralNet(2, 4, 1, random_state=1)
    a.train(X, y, lr=1e-3, max_iter=10, batch_size=10, random_state=rng)
    save_checkpoint(tmp_path / "g.npz", a, random_state=rng)
    expected = rng.permutation(100)
    restored = load_checkpoint(tmp_path / "g.npz").random_state
    np.testing.assert_array_equal(restored.permutation(100), expected)


def test_saving_replaces_atomically_and_a_failed_save_leaves_nothing(tmp_path, monkeypatch, housing):
    net = ShallowNeuralNet(2, 4, 1, random_state=1)
    path = tmp_path / "c.npz"
    save_checkpoint(path, net, version="first")
    with pytest.raises(TypeError, match=r"metadata that JSON can hold.*Nothing was written"):
        save_checkpoint(path, net, bad=object())
    assert load_checkpoint(path).metadata == {"version": "first"}

    def broken_savez(file, **arrays):
        file.write(b"PK\x03\x04 half a zip")
        raise OSError("disk full")
    monkeypatch.setattr(np, "savez", broken_savez)
    with pytest.raises(OSError, match="disk full"):
        save_checkpoint(path, net, version="second")
    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir()] == ["c.npz"]        # no temporary file left
    assert load_checkpoint(path).metadata == {"version": "first"}  # the old checkpoint intact


def rewrite(path, **changes):
    """Write the arrays of a checkpoint again with some replaced (None: removed)."""
    with np.load(path, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    for key, value in changes.items():
        if value is None:
            arrays.pop(key)
        else:
            arrays[key] = value
    np.savez(path, **arrays)


@pytest.fixture
def good(tmp_path, sine):
    X, y = sine
    net = sine_net()
    h = net.train(X, y, lr=0.1, max_iter=5, optimizer="adam")
    return save_checkpoint(tmp_path / "good.npz", net, optimizer=h.optimizer, history=h)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"No checkpoint at .*nothing\.npz"):
        load_checkpoint(tmp_path / "nothing.npz")


def test_truncated_file(good):
    data = good.read_bytes()
    good.write_bytes(data[:len(data) // 2])
    with pytest.raises(ValueError, match=r"good\.npz is not a usable checkpoint: it is not a complete \.npz file"):
        load_checkpoint(good)


def test_not_an_npz(tmp_path):
    path = tmp_path / "notes.npz"
    path.write_text("these are my notes, not a checkpoint")
    with pytest.raises(ValueError, match=r"notes\.npz is not a usable checkpoint"):
        load_checkpoint(path)


def test_object_arrays_are_never_unpickled(good):
    rewrite(good, theta=np.array([{"evil": 1}], dtype=object))
    with pytest.raises(ValueError, match=r"holds Python objects \(object arrays\).*Nothing was loaded"):
        load_checkpoint(good)


@pytest.mark.parametrize("key", ["theta", "record"])
def test_missing_arrays(good, key):
    rewrite(good, **{key: None})
    with pytest.raises(ValueError, match=rf"the array\(s\) \['{key}'\] are missing"):
        load_checkpoint(good)


def test_wrong_theta_shape(good):
    rewrite(good, theta=np.zeros(7))
    with pytest.raises(ValueError, match=r"'theta' has shape \(7,\).*needs 105 floats"):
        load_checkpoint(good)


def test_wrong_optimizer_state(good):
    rewrite(good, **{"optimizer/m": np.zeros(3)})
    with pytest.raises(ValueError, match=r"optimizer state 'optimizer/m' must have shape \(105,\); it is shape \(3,\)"):
        load_checkpoint(good)
    rewrite(good, **{"optimizer/m": None})
    with pytest.raises(ValueError, match=r"'optimizer/m' must have shape \(105,\); it is missing"):
        load_checkpoint(good)


def test_wrong_history_arrays(good):
    rewrite(good, **{"history/losses": np.zeros(3)})
    with pytest.raises(ValueError, match=r"history array 'history/losses' must have shape \(6,\)"):
        load_checkpoint(good)


def edit_record(path, change):
    with np.load(path, allow_pickle=False) as npz:
        record = json.loads(str(npz["record"]))
    change(record)
    rewrite(path, record=np.array(json.dumps(record)))


def test_newer_format_is_refused(good):
    edit_record(good, lambda r: r.update(format_version=FORMAT_VERSION + 1))
    with pytest.raises(ValueError, match=rf"format version {FORMAT_VERSION + 1}.*reads versions up to {FORMAT_VERSION}"):
        load_checkpoint(good)


def test_broken_records_are_refused(good):
    rewrite(good, record=np.array("{not json"))
    with pytest.raises(ValueError, match="its record is not valid"):
        load_checkpoint(good)
    rewrite(good, record=np.array(json.dumps({"format_version": 1})))
    with pytest.raises(ValueError, match=r"its record is not valid \(KeyError"):
        load_checkpoint(good)


def test_unknown_optimizer_or_layers_are_refused(good):
    edit_record(good, lambda r: r["optimizer"].update(name="adma"))
    with pytest.raises(ValueError, match="optimizer description is not valid"):
        load_checkpoint(good)


def test_bad_layer_sizes_are_refused(good):
    edit_record(good, lambda r: r["model"].update(layer_sizes=[2, 0, 1]))
    with pytest.raises(ValueError, match="network description is not valid"):
        load_checkpoint(good)


def test_a_zip_that_is_not_an_npz(tmp_path):
    path = tmp_path / "archive.npz"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(ValueError, match=r"archive\.npz is not a usable checkpoint"):
        load_checkpoint(path)


@pytest.mark.parametrize("kwargs, kind, match", [
    (dict(model="net"), TypeError, r"'model' parameter of save_checkpoint must be a NeuralNet\. Got str"),
    (dict(optimizer="adam"), TypeError, r"'optimizer' parameter of save_checkpoint must be an Optimizer"),
    (dict(history=[1, 2]), TypeError, r"'history' parameter of save_checkpoint must be a History"),
    (dict(random_state=3), TypeError, r"'random_state' parameter of save_checkpoint must be a numpy RandomState"),
])
def test_bad_arguments_to_save(tmp_path, kwargs, kind, match):
    args = dict(model=ShallowNeuralNet(2, 4, 1, random_state=0))
    args.update(kwargs)
    with pytest.raises(kind, match=match):
        save_checkpoint(tmp_path / "x.npz", args.pop("model"), **args)
    assert not list(tmp_path.iterdir())
