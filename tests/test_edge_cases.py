"""Bad and edge-case input to the public helpers: one test per kind of defect, over its cases.

Each case either gives the right answer or raises a ValueError/TypeError that names the
parameter; every call runs with numpy's warnings turned into errors, so a case that is
right but noisy fails too.
"""
import math
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import activations, dashboard, datasets, deep_linear, diagnostics, initializers
from helpers import losses, playground, plotting, sweeps
from helpers.boundary import classification_scores, decision_grid, plot_decision_boundary
from helpers.network import NeuralNet, ShallowNeuralNet

matplotlib.use("Agg")

X_HOUSE, Y_HOUSE = datasets.make_housing(random_state=47)
X_SINE, Y_SINE = datasets.make_sine_boundary(random_state=47)
RS = np.random.RandomState(0)


def quietly(call):
    """``call()`` with every warning an error; figures closed afterwards."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return call()
    finally:
        plt.close("all")


def classifier():
    return NeuralNet([2, 5, 1], hidden_activation="tanh", output_activation="sigmoid",
                     loss="binary_cross_entropy", init="lecun", random_state=0)


def diverged(kind, sizes=(2, 4, 1), hidden="identity"):
    """A network after a divergence: parameters near 1e165, one inf, or all NaN."""
    net = NeuralNet(list(sizes), hidden_activation=hidden, random_state=0)
    if kind == "1e165":
        net.theta *= 1e165 / np.abs(net.theta).max()
    elif kind == "inf":
        net.theta[0] = np.inf
    else:
        net.theta[:] = np.nan
    return net


def raises(error, match, call):
    with pytest.raises(error, match=match):
        quietly(call)


# -- 1. shapes: a prediction and its targets are never broadcast ------------------------------
COLUMN, FLAT = np.array([[1.0], [2.0], [3.0], [4.0]]), np.array([1.0, 2.0, 3.0, 4.0])
P_COLUMN, LABELS = np.array([[0.9], [0.1], [0.8], [0.3]]), np.array([1, 0, 1, 0])


@pytest.mark.parametrize("call, expected", [
    (lambda: losses.mse(COLUMN, FLAT), 0.0),
    (lambda: losses.mse(FLAT, COLUMN), 0.0),
    (lambda: losses.mse_grad(COLUMN + 1, FLAT).ravel().tolist(), [0.5] * 4),
    (lambda: losses.binary_cross_entropy(P_COLUMN, LABELS),
     -np.mean(np.log([0.9, 0.9, 0.8, 0.7]))),
    (lambda: losses.binary_cross_entropy_grad(P_COLUMN, LABELS).shape, (4, 1)),
    (lambda: losses.LOSSES["mse"].f(COLUMN, FLAT), 0.0),
], ids=["mse", "mse-reversed", "mse_grad", "bce", "bce_grad", "registry"])
def test_a_column_and_a_flat_array_of_targets_are_the_same_targets(call, expected):
    assert quietly(call) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("call, match", [
    (lambda: losses.mse(np.ones(3), np.ones(4)), r"'y' parameter of mse must have the shape of y_hat"),
    (lambda: losses.mse(np.ones((5, 2)), np.ones(5)), r"'y' parameter of mse .* Got shape \(5,\)"),
    (lambda: losses.binary_cross_entropy(np.full((4, 1), 0.5), np.ones((1, 4))), r"'y' parameter"),
    (lambda: losses.LOSSES["mse"].grad(np.ones((4, 2)), np.ones(4)), r"'y' parameter of mse"),
    (lambda: plotting.plot_housing(X_HOUSE[:, 0], Y_HOUSE), r"'X' parameter of plot_housing"),
    (lambda: plotting.plot_sine_boundary(X_SINE[:, 0], Y_SINE), r"'X' parameter of plot_sine_boundary"),
    (lambda: plot_decision_boundary(classifier(), X_SINE[:, 0], Y_SINE),
     r"'X' parameter of plot_decision_boundary"),
    (lambda: initializers.compute_fans((2,)), r"'shape' parameter of compute_fans must be a pair"),
    (lambda: dashboard.plot_dashboard(classifier(), X_SINE, Y_SINE, initial_theta=np.zeros(3)),
     r"'initial_theta' parameter of plot_dashboard must have shape \(21,\)"),
], ids=["mse-lengths", "mse-columns", "bce-row", "registry", "plot_housing", "plot_sine_boundary",
        "plot_decision_boundary", "compute_fans", "plot_dashboard"])
def test_arrays_of_the_wrong_shape_are_refused_by_name(call, match):
    raises(ValueError, match, call)


# -- 2. labels other than 0 and 1, and classifiers that are not ------------------------------
@pytest.mark.parametrize("call, match", [
    (lambda: losses.binary_cross_entropy([0.9, 0.2], [2, -1]),
     r"'y' parameter of binary_cross_entropy must hold labels 0 or 1\. Got 2 other value\(s\) instead: -1, 2"),
    (lambda: losses.binary_cross_entropy_grad([0.5], [3]), r"'y' parameter of binary_cross_entropy_grad"),
    (lambda: losses.binary_cross_entropy([0.5], [np.nan]), r"'y' parameter of binary_cross_entropy"),
    (lambda: losses.baseline_loss([0, 2, 2], "binary_cross_entropy"), r"'y' parameter of baseline_loss"),
    (lambda: classification_scores(classifier(), X_SINE, Y_SINE + 0.4),
     r"'y' parameter of classification_scores must hold labels 0 or 1"),
    (lambda: classification_scores(classifier(), X_SINE, 2 * Y_SINE), r"'y' parameter of classification_scores"),
    (lambda: classification_scores(ShallowNeuralNet(2, 4, 1, random_state=0), X_SINE, Y_SINE),
     r"'model' parameter of classification_scores must be a binary classifier"),
    (lambda: plotting.plot_sine_boundary(X_SINE, Y_SINE + 0.5), r"'y' parameter of plot_sine_boundary"),
    (lambda: diagnostics.sharpness(classifier(), X_SINE, 3 * Y_SINE), r"'y' parameter of sharpness"),
], ids=["bce", "bce_grad", "bce-nan", "baseline_loss", "scores-soft", "scores-2", "scores-regression",
        "plot_sine_boundary", "sharpness"])
def test_labels_other_than_0_or_1_are_refused_by_name(call, match):
    raises(ValueError, match, call)


# -- 3. empty, text or list input ----------------------------------------------------------
@pytest.mark.parametrize("call, error, match", [
    (lambda: losses.binary_cross_entropy(np.array([]), np.array([])), ValueError,
     r"'p' parameter of binary_cross_entropy must be a non-empty array"),
    (lambda: losses.mse(np.array([]), np.array([])), ValueError, r"'y_hat' parameter of mse must be a non-empty"),
    (lambda: losses.baseline_loss([], "mse"), ValueError, r"'y' parameter of baseline_loss must be a non-empty"),
    (lambda: losses.baseline_loss("abc", "mse"), TypeError, r"'y' parameter of baseline_loss must be an array of numbers"),
    (lambda: losses.mse(["a"], [1]), TypeError, r"'y_hat' parameter of mse must be an array of numbers"),
    (lambda: diagnostics.first_nonfinite("abc"), TypeError, r"'losses' parameter of first_nonfinite"),
    (lambda: plotting.plot_histogram_vs_density([], diagnostics.weight_distribution("he", 2, 3)),
     ValueError, r"'values' parameter of plot_histogram_vs_density must be a non-empty"),
    (lambda: losses.mse(np.array([1 + 1j]), [1.0]), TypeError, r"'y_hat' parameter of mse must be an array of real"),
], ids=["bce-empty", "mse-empty", "baseline-empty", "baseline-text", "mse-text", "first_nonfinite",
        "histogram", "complex"])
def test_empty_or_non_numeric_arrays_are_refused_by_name(call, error, match):
    raises(error, match, call)


@pytest.mark.parametrize("call, expected", [
    (lambda: losses.mse([1, 2], [1, 2]), 0.0),
    (lambda: losses.binary_cross_entropy([0.5, 0.5], [0, 1]), math.log(2)),
], ids=["mse", "bce"])
def test_lists_are_accepted(call, expected):
    assert quietly(call) == pytest.approx(expected, rel=1e-12)


# -- 4. overflow: inf or NaN, exactly where the maths says, and quietly ------------------------
@pytest.mark.parametrize("call, expected", [
    (lambda: losses.mse([np.inf], [np.inf]), np.nan),
    (lambda: losses.mse([1e200], [0]), np.inf),
    (lambda: losses.mse_grad([np.inf], [1.0])[0], np.inf),
    (lambda: activations.gelu(np.array([1e103]))[0], 1e103),
    (lambda: activations.gelu(np.array([-np.inf]))[0], 0.0),
    (lambda: activations.gelu_grad(np.array([1e160]))[0], 1.0),
    (lambda: activations.gelu_grad(np.array([-1e160]))[0], 0.0),
    (lambda: activations.silu(np.array([-np.inf]))[0], 0.0),
    (lambda: activations.silu_grad(np.array([np.inf]))[0], 1.0),
    (lambda: activations.silu_grad(np.array([-np.inf]))[0], 0.0),
    (lambda: deep_linear.chain_profile(1.5, 2000).iloc[-1].tolist(), [np.inf] * 4),
    (lambda: deep_linear.chain_profile(1e10, 40).iloc[-1].tolist(), [np.inf] * 4),
    (lambda: deep_linear.chain_profile(0.5, 2000).iloc[-1].tolist(), [0.0] * 4),
], ids=["mse-inf", "mse-overflow", "mse_grad-inf", "gelu", "gelu-inf", "gelu_grad-1", "gelu_grad-0",
        "silu", "silu_grad-inf", "silu_grad-minus-inf", "chain-1.5", "chain-1e10", "chain-0.5"])
def test_overflow_gives_the_limit_quietly(call, expected):
    np.testing.assert_array_equal(quietly(call), expected)


# -- 5. numbers out of range ----------------------------------------------------------------
@pytest.mark.parametrize("call, error, match", [
    (lambda: initializers.he(0, 3, RS), ValueError, r"'fan_in' parameter of he must be an int >= 1\. Got 0"),
    (lambda: initializers.xavier_uniform(-1, 3, RS), ValueError, r"'fan_in' parameter of xavier_uniform"),
    (lambda: initializers.lecun(2, 2.5, RS), TypeError, r"'fan_out' parameter of lecun"),
    (lambda: initializers.normal(2, 3, "seed"), TypeError, r"'random_state' parameter of normal"),
    (lambda: initializers.weird(2, 3, RS, layer_sizes=None), TypeError, r"'layer_sizes' parameter of weird"),
    (lambda: diagnostics.weight_distribution("weird", 2, 3, layer_sizes=[]), ValueError,
     r"'layer_sizes' parameter of weight_distribution"),
    (lambda: dashboard.saturated_fraction(np.tanh(np.ones(3)), threshold=2), ValueError,
     r"'threshold' parameter of saturated_fraction must be a float in \(0, 1\)\. Got 2\.0"),
    (lambda: sweeps.train_many(X_HOUSE, Y_HOUSE, lrs=1e-6, seeds=[2**32]), ValueError,
     r"'seeds' parameter of train_many must be an int in \[0, 4294967295\]"),
    (lambda: playground.run_playground(random_state=None), TypeError, r"'random_state' parameter of run_playground"),
    (lambda: playground.diagnose(ShallowNeuralNet(2, 4, 1, random_state=0).train(
        X_HOUSE, Y_HOUSE, lr=1e-6, max_iter=2), None), TypeError, r"'baseline' parameter of diagnose"),
    (lambda: decision_grid(classifier(), xlim=(1, -1)), ValueError, r"'xlim' parameter of decision_grid"),
    (lambda: plotting.plot_loss_capped(ShallowNeuralNet(2, 4, 1, random_state=0).train(
        X_HOUSE, Y_HOUSE, lr=1e-6, max_iter=2), ylim=(0, 1)), ValueError, r"'ylim' parameter of plot_loss_capped"),
    (lambda: diagnostics.sharpness(ShallowNeuralNet(2, 4, 1), X_HOUSE, Y_HOUSE, method="lanczos", rtol=2.0),
     ValueError, r"'rtol' parameter of sharpness must be a float in \(0, 1\)"),
    (lambda: diagnostics.sharpness(ShallowNeuralNet(2, 4, 1), X_HOUSE, Y_HOUSE, method="lanczos",
                                   max_iter=2**40), ValueError, r"'max_iter' parameter of sharpness"),
    (lambda: playground.interactive_playground(max_iter=0), ValueError,
     r"'max_iter' parameter of interactive_playground must be an int in \[1, 5000\]"),
    (lambda: plotting.plot_histogram_vs_density(np.ones(5), diagnostics.weight_distribution("he", 2, 3), bins=0),
     ValueError, r"'bins' parameter of plot_histogram_vs_density"),
    (lambda: plotting.plot_histogram_vs_density([np.nan, 1.0], diagnostics.weight_distribution("he", 2, 3)),
     ValueError, r"'values' parameter of plot_histogram_vs_density must contain only finite numbers"),
    (lambda: diagnostics.standardize(X_HOUSE, reference=[1.0, 2.0]), ValueError,
     r"'reference' parameter of standardize must be a non-empty 2-D array"),
], ids=["he-0", "xavier-negative", "lecun-float", "normal-rng", "weird-None", "weight_distribution",
        "threshold", "seeds", "playground-seed", "diagnose", "xlim", "ylim", "rtol", "max_iter",
        "controls-max_iter", "bins", "histogram-nan", "reference"])
def test_numbers_out_of_range_are_refused_by_name(call, error, match):
    raises(error, match, call)


# -- 6. sizes too large for memory fail at once --------------------------------------------
@pytest.mark.parametrize("call, match", [
    (lambda: datasets.make_housing(10**12), r"'n_samples' parameter of make_housing asks for too much memory"),
    (lambda: datasets.make_sine_boundary(10**12), r"'n_samples' parameter of make_sine_boundary"),
    (lambda: sweeps.train_many(X_HOUSE, Y_HOUSE, lrs=1e-6, n_hidden=10**9), r"'n_hidden' parameter of train_many"),
    (lambda: sweeps.train_many(X_HOUSE, Y_HOUSE, lrs=np.geomspace(1e-9, 1e-6, 10**4), seeds=range(10**3)),
     r"'inits', 'seeds', 'init_scales' and 'lrs' parameters of train_many ask"),
    (lambda: sweeps.train_many(X_HOUSE, Y_HOUSE, lrs=1e-6, max_iter=10**9, record_losses=True),
     r"'record_losses' parameter of train_many"),
    (lambda: initializers.he(10**5, 10**5, RS), r"'fan_in' and 'fan_out' parameters of he ask"),
    (lambda: initializers.initialize([2, 10**5, 10**5], "he", random_state=0), r"'layer_sizes' parameter of initialize"),
    (lambda: diagnostics.hessian(NeuralNet([2, 200, 200, 1]), X_HOUSE, Y_HOUSE), r"'model' parameter of hessian"),
    (lambda: diagnostics.sharpness(NeuralNet([2, 200, 200, 1]), X_HOUSE, Y_HOUSE),
     r"'method' parameter of sharpness asks .*method='lanczos'"),
    (lambda: decision_grid(classifier(), resolution=10**5), r"'resolution' parameter of decision_grid"),
    (lambda: deep_linear.chain_profile(1.0, 10**8), r"'depth' parameter of chain_profile"),
    (lambda: deep_linear.chain_profile(1.0, 2, width=10**5), r"'width' parameter of chain_profile"),
], ids=["make_housing", "make_sine_boundary", "n_hidden", "grid", "record_losses", "he", "initialize",
        "hessian", "sharpness", "decision_grid", "chain-depth", "chain-width"])
def test_sizes_too_large_for_memory_are_refused_before_anything_is_made(call, match):
    raises(ValueError, match + r".* over the limit of 1 GiB", call)


# -- 7. the wrong kind of object -------------------------------------------------------------
SWEEP_HISTORY = ShallowNeuralNet(2, 4, 1, random_state=0).train(X_HOUSE, Y_HOUSE, lr=1e-6, max_iter=2)


@pytest.mark.parametrize("call, match", [
    (lambda: plotting.plot_loss(None), r"'histories' parameter of plot_loss must be a helpers.training.History"),
    (lambda: plotting.plot_loss({"a": 5}), r"'histories' parameter of plot_loss .* Got int 5 for the label 'a'"),
    (lambda: plotting.plot_loss_capped([1, 2]), r"'histories' parameter of plot_loss_capped"),
    (lambda: plotting.plot_histogram_vs_density(np.ones(10), "he"),
     r"'dist' parameter of plot_histogram_vs_density must be a frozen scipy.stats distribution"),
    (lambda: plotting.show_source(5), r"'obj' parameter of show_source must be a function, method, class or module"),
    (lambda: plotting.plot_update_ratios({"losses": []}), r"'history' parameter of plot_update_ratios"),
    (lambda: plotting.plot_stability_map("sweep"), r"'sweep' parameter of plot_stability_map"),
    (lambda: plotting.plot_outcomes([1, 2]), r"'frame' parameter of plot_outcomes"),
    (lambda: sweeps.train_many(X_HOUSE, Y_HOUSE, lrs=1e-6, inits=initializers.he),
     r"'inits' parameter of train_many must be a list of initializer names"),
    (lambda: sweeps.train_many(X_HOUSE, Y_HOUSE, lrs=1e-6, inits=[initializers.he]), r"'inits' parameter"),
    (lambda: datasets.load_housing(data_dir=123), r"'data_dir' parameter of load_housing must be a str"),
    (lambda: diagnostics.sharpness("net", X_HOUSE, Y_HOUSE), r"'model' parameter of sharpness"),
    (lambda: dashboard.layer_statistics(None, X_HOUSE, Y_HOUSE), r"'model' parameter of layer_statistics"),
    (lambda: diagnostics.symmetry_metric(np.zeros(3)), r"'model' parameter of symmetry_metric"),
    (lambda: playground.diagnose([1.0, 2.0], 1.0), r"'history' parameter of diagnose"),
    (lambda: plotting.plot_loss(SWEEP_HISTORY, figsize=5), r"'figsize' parameter of plot_loss must be a pair"),
    (lambda: plotting.plot_sine_boundary(X_SINE, Y_SINE, ax="left"), r"'ax' parameter of plot_sine_boundary"),
    (lambda: plot_decision_boundary(classifier(), X_SINE, Y_SINE, legend="yes"),
     r"'legend' parameter of plot_decision_boundary must be True or False"),
    (lambda: dashboard.plot_dashboard(classifier(), X_SINE, Y_SINE, title=3), r"'title' parameter of plot_dashboard"),
    (lambda: sweeps.train_many(X_HOUSE, Y_HOUSE, lrs=1e-6, record_losses="yes"), r"'record_losses' parameter"),
    (lambda: dashboard.saturated_fraction(None), r"'A' parameter of saturated_fraction must be an array of numbers"),
    (lambda: losses.mse([1.0, None], [1.0, 2.0]), r"'y_hat' parameter of mse must be an array of numbers"),
    (lambda: diagnostics.update_ratios(ShallowNeuralNet(2, 4, 1), X_HOUSE, None, lr=0.1),
     r"'y' parameter of update_ratios must be an array of numbers"),
], ids=["plot_loss-None", "plot_loss-dict", "plot_loss_capped", "density", "show_source", "update_ratios",
        "stability_map", "outcomes", "inits-callable", "inits-list", "data_dir", "sharpness",
        "layer_statistics", "symmetry_metric", "diagnose", "figsize", "ax", "legend", "title",
        "record_losses", "None", "None-inside", "y-None"])
def test_the_wrong_kind_of_object_is_refused_by_name(call, match):
    raises(TypeError, match, call)


# -- 8. names that are not there ------------------------------------------------------------
SWEEP = sweeps.train_many(X_HOUSE, Y_HOUSE, lrs=[1e-7, 1e-6], max_iter=3)


@pytest.mark.parametrize("call, match", [
    (lambda: SWEEP.grid("nope"), r"'value' parameter of Sweep.grid must be one of 'init', 'seed'"),
    (lambda: SWEEP.grid(index="nope"), r"'index' parameter of Sweep.grid"),
    (lambda: plotting.plot_outcomes(SWEEP.frame, by="nope"), r"'by' parameter of plot_outcomes must be one of"),
    (lambda: diagnostics.sharpness(ShallowNeuralNet(2, 4, 1), X_HOUSE, Y_HOUSE, method="qr"),
     r"'method' parameter of sharpness must be one of 'exact', 'lanczos', 'power'"),
    (lambda: plotting.show_source(len), r"'obj' parameter of show_source must be defined in a Python source"),
], ids=["grid-value", "grid-index", "plot_outcomes", "sharpness", "show_source-builtin"])
def test_names_that_are_not_there_are_refused_by_name(call, match):
    raises(ValueError, match, call)


# -- 9. the stored CSV files -----------------------------------------------------------------
@pytest.mark.parametrize("key, body, match", [
    ("housing", "1,2,3,4\n5,6,7,8\n", r"housing.csv, line 2: a row must hold 3 values .* Got 4"),
    ("housing", "1,2,3\n4,5\n", r"housing.csv, line 3: a row must hold 3 values .* Got 2"),
    ("housing", "1,2,3\n4,nan,6\n", r"housing.csv, line 3: the distance must be a finite number. Got 'nan'"),
    ("housing", "1,abc,3\n", r"housing.csv, line 2: the distance must be a finite number. Got 'abc'"),
    ("housing", "1,,3\n", r"housing.csv, line 2: the distance must be a finite number. Got ''"),
    ("housing", "1,2,inf\n", r"housing.csv, line 2: the price must be a finite number"),
    ("housing", "", r"housing.csv holds no data: it has its header and no row"),
    ("sine_boundary", "0.1,0.2,1\n0.1,0.2,0.5\n", r"sine_boundary.csv, line 3: the label must be 0 or 1. Got '0.5'"),
    ("sine_boundary", "0.1,0.2,2\n", r"sine_boundary.csv, line 2: the label must be 0 or 1. Got '2'"),
], ids=["extra-column", "short-row", "nan", "text", "empty-field", "inf", "header-only", "label-0.5",
        "label-2"])
def test_bad_csv_files_are_refused_naming_the_file_and_the_line(tmp_path, key, body, match):
    header = {"housing": "surface,distance,price", "sine_boundary": "x1,x2,label"}[key]
    (tmp_path / f"{key}.csv").write_text(f"{header}\n{body}")
    load = {"housing": datasets.load_housing, "sine_boundary": datasets.load_sine_boundary}[key]
    raises(ValueError, match, lambda: load(tmp_path))


def test_a_data_dir_that_is_not_a_folder_is_refused_by_name(tmp_path):
    (tmp_path / "file").write_text("")
    raises(ValueError, r"'data_dir' parameter of load_housing must be a folder holding housing.csv\. "
                       r"Got .* which is a file", lambda: datasets.load_housing(tmp_path / "file"))
    raises(FileNotFoundError, r"'data_dir' parameter of load_sine_boundary must be a folder .* no such folder",
           lambda: datasets.load_sine_boundary(tmp_path / "nowhere"))


# -- 10. diverged networks: NaN (or the true value), quietly ------------------------------------
@pytest.mark.parametrize("kind", ["1e165", "inf", "nan"])
@pytest.mark.parametrize("measure", [
    lambda net: diagnostics.sharpness(net, X_HOUSE, Y_HOUSE),
    lambda net: diagnostics.sharpness(net, X_HOUSE, Y_HOUSE, method="power", max_iter=20),
    lambda net: diagnostics.gradient_check(net, X_HOUSE[:10], Y_HOUSE[:10]),
    lambda net: list(diagnostics.update_ratios(net, X_HOUSE, Y_HOUSE, lr=0.1).values()),
    lambda net: diagnostics.hessian(net, X_HOUSE, Y_HOUSE),
    lambda net: diagnostics.hessian_vector_product(net, X_HOUSE, Y_HOUSE, np.ones(17)),
], ids=["sharpness", "sharpness-power", "gradient_check", "update_ratios", "hessian", "hvp"])
def test_diverged_networks_are_measured_as_nan_quietly(measure, kind):
    assert np.isnan(quietly(lambda: measure(diverged(kind)))).any()


def test_symmetry_metric_of_a_diverged_network():
    net = diverged("1e165")
    units = np.vstack([net.params["W1"], net.params["b1"]]).T / 1e150
    expected = 1e150 * max(np.linalg.norm(units[i] - units[j]) for i in range(4) for j in range(4))
    assert quietly(lambda: diagnostics.symmetry_metric(net)) == pytest.approx(expected, rel=1e-12)
    assert np.isnan(quietly(lambda: diagnostics.symmetry_metric(diverged("inf"))))


@pytest.mark.parametrize("kind", ["1e165", "inf", "nan"])
def test_the_dashboard_of_a_diverged_network_is_drawn_quietly(kind):
    net = diverged(kind, sizes=(2, 5, 5, 1), hidden="relu")
    stats = quietly(lambda: dashboard.layer_statistics(net, X_SINE, Y_SINE))
    assert list(stats.index) == [1, 2, 3]
    if kind == "1e165":  # finite activations, whose squares overflow: the spread is still measured
        assert 1e160 < stats.loc[1, "std of A"] < 1e170
    else:
        assert stats["std of A"].isna().all()
    axes = quietly(lambda: dashboard.plot_dashboard(net, X_SINE, Y_SINE))
    notes = [t.get_text() for ax in axes for t in ax.texts]
    assert len(axes) == 4 and ("NaN" in notes or any("diverged" in n for n in notes))
    assert np.isnan(quietly(lambda: dashboard.saturated_fraction([np.nan, 0.5])))


# -- 11. sharpness by Lanczos: as exact as the Hessian, or a clear error ------------------------
def test_lanczos_sharpness_matches_the_exact_hessian_where_two_eigenvalues_are_close():
    X = diagnostics.standardize(X_HOUSE)
    net = ShallowNeuralNet(2, 4, 1, init="normal", random_state=37)
    eigenvalues = np.linalg.eigvalsh(diagnostics.hessian(net, X, Y_HOUSE))
    assert eigenvalues[-1] - eigenvalues[-2] < 0.01 * eigenvalues[-1]  # 4.898 and 4.861
    for method in ("power", "lanczos"):  # the notebooks' name, and the method's
        assert quietly(lambda: diagnostics.sharpness(net, X, Y_HOUSE, method=method)) == \
            pytest.approx(eigenvalues[-1], rel=1e-7)


def test_sharpness_that_does_not_converge_says_so():
    net = NeuralNet([2, 10, 10, 1], hidden_activation="tanh", output_activation="sigmoid",
                    loss="binary_cross_entropy", init="lecun", random_state=0)
    raises(ValueError, r"'max_iter' parameter of sharpness was too small: the Lanczos method did not "
                       r"reach the relative accuracy rtol=1e-14 in 1 restart",
           lambda: diagnostics.sharpness(net, X_SINE, Y_SINE, method="power", max_iter=1, rtol=1e-14))


# -- 12. the playground's controls hold what run_playground accepts --------------------------
@pytest.mark.parametrize("name, value", [("random_state", 150), ("random_state", 2**32 - 1),
                                         ("lr", 100.0), ("lr", 1e-12), ("init_scale", 1e-4),
                                         ("init_scale", 1e3), ("max_iter", 5)])
def test_the_controls_start_at_every_value_run_playground_accepts(name, value):
    playground.run_playground(**{**playground.DEFAULTS, name: value, "max_iter": 1})
    box = quietly(lambda: playground.interactive_playground(**{name: value}))
    assert box.controls[name].value == value


def test_the_memory_limit_is_the_networks():
    from helpers._validation import MAX_ARRAY_BYTES
    from helpers.network import MAX_PARAMETER_BYTES
    assert MAX_ARRAY_BYTES == MAX_PARAMETER_BYTES
