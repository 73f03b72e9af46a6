"""The playground: lecture numbers, the three verdicts, validation, and the controls."""
import io
import math

import numpy as np
import pytest

import helpers.playground as pg
from helpers.datasets import make_housing, make_sine_boundary
from helpers.network import ShallowNeuralNet

LECTURE = dict(dataset="housing", init="normal", init_scale=1.0, activation="identity", depth=1,
               width=4, max_iter=100, random_state=37)


def test_lecture_run_reproduces_the_lecture_loss():
    run = pg.run_playground(**LECTURE, lr=1e-6)
    assert run.net.layer_sizes == [2, 4, 1]
    assert round(run.history.final_loss, 6) == 2.654116
    reference = ShallowNeuralNet(2, 4, 1, init="normal", random_state=37)
    X, y = make_housing(random_state=47)
    np.testing.assert_array_equal(run.history.losses, reference.train(X, y, lr=1e-6).losses)


def test_lecture_explosion_is_diagnosed_at_its_iteration():
    run = pg.run_playground(**LECTURE, lr=1e-2)
    assert run.outcome == "diverged"
    k = run.history.first_nonfinite
    assert k == 5 and run.diagnosis.startswith(f"diverged at iteration {k}:")
    assert run.scores is None


def test_standardized_features_train_where_raw_ones_explode():
    run = pg.run_playground(**LECTURE, lr=1e-2, standardize=True)
    assert run.outcome == "trained"
    assert run.history.final_loss < pg.TRAINED_BELOW * run.baseline


def test_default_sine_run_trains_and_separates_the_classes():
    run = pg.run_playground(**pg.DEFAULTS)
    assert run.outcome == "trained" and run.diagnosis.startswith("trained:")
    assert run.net.layer_sizes == [2, 8, 8, 1]
    assert run.net.output.name == "sigmoid" and run.net.loss_fn.name == "binary_cross_entropy"
    assert run.scores["accuracy"] >= 0.95


def test_zero_init_stalls_at_the_constant_prediction():
    run = pg.run_playground(**{**pg.DEFAULTS, "init": "zeros"})
    assert run.outcome == "stalled"
    assert run.history.final_loss == pytest.approx(run.baseline, rel=1e-3)


def test_loss_that_ends_above_its_start_counts_as_diverged():
    run = pg.run_playground(**{**pg.DEFAULTS, "activation": "relu", "init": "he", "lr": 10.0})
    assert not run.history.diverged  # the clipped cross-entropy stays finite ...
    assert run.outcome == "diverged"  # ... but training made things worse
    assert run.history.final_loss > run.history.losses[0]


def test_baseline_loss_is_the_best_constant_prediction():
    X, y = make_housing(random_state=47)
    constants = np.linspace(y.min(), y.max(), 2001)
    best = min(float(np.mean((y - c) ** 2)) for c in constants)
    assert pg.baseline_loss(y, "mse") == pytest.approx(best, rel=1e-6)
    _, labels = make_sine_boundary(random_state=47)
    p = labels.mean()
    assert p == 0.65
    assert pg.baseline_loss(labels, "binary_cross_entropy") == pytest.approx(
        -(0.65 * math.log(0.65) + 0.35 * math.log(0.35)))
    assert pg.baseline_loss(np.ones(10), "binary_cross_entropy") == 0.0


@pytest.mark.parametrize("bad, match", [
    (dict(dataset="moons"), "'dataset' parameter of run_playground must be one of"),
    (dict(init="xavir"), "'init' parameter"),
    (dict(activation="softmax"), "'activation' parameter"),
    (dict(depth=0), "'depth' parameter of run_playground must be an int >= 1"),
    (dict(depth=9), "'depth' and 'width' parameters"),
    (dict(width=65), "'depth' and 'width' parameters"),
    (dict(max_iter=5001), r"'max_iter' parameter of run_playground must be an int in \[1, 5000\]"),
    (dict(lr=-1.0), "'lr' parameter of run_playground must be a positive float"),
    (dict(init_scale=0.0), "'init_scale' parameter of run_playground must be a positive float"),
    (dict(dataset="sine", standardize=True), "'standardize' parameter of run_playground must be False"),
])
def test_rejects_bad_settings(bad, match):
    with pytest.raises(ValueError, match=match):
        pg.run_playground(**{**pg.DEFAULTS, **bad})


def test_rejects_non_bool_standardize():
    with pytest.raises(TypeError, match="'standardize' parameter of run_playground must be True or False"):
        pg.run_playground(**{**pg.DEFAULTS, "dataset": "housing", "standardize": "yes"})


def test_playground_prints_the_diagnosis_and_shows_one_image(capsys, monkeypatch):
    import IPython.display
    import matplotlib.pyplot as plt
    shown = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    run = pg.playground(**{**pg.DEFAULTS, "max_iter": 50})
    printed = capsys.readouterr().out.splitlines()
    assert printed == [run.diagnosis, f"training accuracy {run.scores['accuracy']:.2f}, "
                                      f"F1 {run.scores['f1']:.2f}"]
    assert len(shown) == 1 and shown[0].data.startswith(b"\x89PNG")
    assert plt.get_fignums() == []  # pyplot never holds the playground's figures


def test_plot_run_panels():
    fig = pg.plot_run(pg.run_playground(**{**pg.DEFAULTS, "max_iter": 50}))
    assert [ax.get_title() for ax in fig.axes] == ["loss", "update / parameter ratio",
                                                   "decision boundary"]
    with np.errstate(all="raise"):  # losses near the float limit must not overflow the plots
        run = pg.run_playground(**{**pg.DEFAULTS, "dataset": "housing"})
        fig = pg.plot_run(run)
        fig.savefig(io.BytesIO(), format="png")
    assert run.diagnosis.startswith("diverged at iteration 241")
    assert np.nanmax(run.history.losses[np.isfinite(run.history.losses)]) > 1e300
    assert len(fig.axes) == 2  # no boundary for regression
    low, high = fig.axes[0].get_ylim()
    assert low <= np.nanmin(run.history.losses) and high <= run.history.losses[0] * 1e9


def test_loss_limits_cover_whole_decades_and_cap_explosions():
    assert pg._loss_limits(np.array([0.67, 0.3, 0.026])) == (0.01, 1.0)
    assert pg._loss_limits(np.array([6.9, 4e6, 1e300, np.inf])) == (1.0, 1e9)
    assert pg._loss_limits(np.array([np.nan])) == (1e-3, 1e3)


def test_controls_start_from_the_settings_and_retrain_on_change(monkeypatch):
    calls = []
    monkeypatch.setattr(pg, "playground", lambda **kw: calls.append(kw))
    box = pg.interactive_playground(**pg.DEFAULTS)
    assert repr(box).startswith("Playground: controls")  # stable stored output for nbval
    assert {k: c.value for k, c in box.controls.items()} == pg.DEFAULTS
    assert calls == []  # nothing is trained until a control changes
    box.controls["lr"].value = 0.1
    assert calls == [{**pg.DEFAULTS, "lr": 0.1}]
    assert box.controls["standardize"].disabled
    box.controls["dataset"].value = "housing"
    assert not box.controls["standardize"].disabled
    box.controls["standardize"].value = True
    box.controls["dataset"].value = "sine"  # switching back unticks standardize first: one run
    assert [(c["dataset"], c["standardize"]) for c in calls[1:]] == [
        ("housing", False), ("housing", True), ("sine", False)]
    assert box.controls["standardize"].disabled


def test_controls_reject_bad_starting_settings():
    with pytest.raises(ValueError, match="'width' parameters"):
        pg.interactive_playground(width=100)
