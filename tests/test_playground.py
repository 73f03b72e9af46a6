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
    assert run.outcome == "improving"  # R² = 0.45 after 100 updates, still falling fast
    assert 0.5 < run.history.final_loss / run.baseline < 0.6
    longer = pg.run_playground(**{**LECTURE, "max_iter": 1000}, lr=1e-2, standardize=True)
    assert longer.outcome == "trained"
    assert longer.history.final_loss < pg.TRAINED_BELOW * longer.baseline


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


# Runs a teacher would judge at a glance, and the verdict they would give (housing: R² = 1 - L/Var(y)).
TEACHER = [
    # raw features, α ≈ 6e-5: the loss fell 94 % but R² is only 0.12 after 100 updates
    (dict(**LECTURE, lr=6.35e-5), "improving"),
    # the loss fell by 90 %, still 1.4 times a constant prediction and falling 14 % per 10 updates
    (dict(**LECTURE, lr=5e-5), "improving"),
    # the lecture's run: 6.90 -> 2.65, five times a constant prediction, 0.5 % in the last 10 updates
    (dict(**LECTURE, lr=1e-6), "stalled"),
    # R² = 0.66 after 100 updates
    (dict(**LECTURE, lr=1e-4), "trained"),
    # a classifier whose loss ends 15 times above the constant prediction, parameters near 1e41
    (dict(pg.DEFAULTS, activation="elu", init="xavier_normal", init_scale=10.0, lr=1.0, depth=4), "diverged"),
    # the identity net: a straight boundary, but 0.39 times the constant's loss
    (dict(pg.DEFAULTS, activation="identity"), "trained"),
    # six sigmoid layers, normal init: the gradient vanishes, the loss sits at the baseline
    (dict(pg.DEFAULTS, activation="sigmoid", depth=6, init="normal"), "stalled"),
]


@pytest.mark.parametrize("settings, verdict", TEACHER)
def test_verdicts_agree_with_a_teacher(settings, verdict):
    run = pg.run_playground(**settings)
    assert run.outcome == verdict, run.diagnosis
    assert run.diagnosis.startswith("still improving:" if verdict == "improving" else f"{verdict}")


def test_blown_up_classifier_is_diverged_though_its_loss_is_finite():
    run = pg.run_playground(**TEACHER[4][0])
    assert not run.history.diverged and np.isfinite(run.history.losses).all()
    assert run.history.final_loss > 14 * run.baseline and np.abs(run.net.theta).max() > 1e40
    assert "parameters blew up" in run.diagnosis
    # without the parameters, the loss alone would not say so
    assert pg.diagnose(run.history, run.baseline)[0] == "stalled"


def _history(losses):
    from helpers.training import History
    losses = np.asarray(losses, dtype=float)
    bad = np.flatnonzero(~np.isfinite(losses))
    n = len(losses) - 1
    return History(losses=losses, grad_norms=np.ones((n + 1, 1)), update_ratios=np.ones((n, 1)),
                   learning_rates=np.ones(n), param_names=["W1"], n_iter=n,
                   first_nonfinite=int(bad[0]) if bad.size else None)


def test_trained_needs_half_the_baseline():
    assert pg.TRAINED_BELOW == 0.5
    assert pg.diagnose(_history(np.geomspace(1.0, 0.5, 101)), 1.0)[0] == "trained"
    assert pg.diagnose(_history(np.geomspace(1.0, 0.51, 101)), 1.0)[0] != "trained"


@pytest.mark.parametrize("fall_in_last_tenth, verdict", [(0.02, "improving"), (0.011, "improving"),
                                                         (0.009, "stalled"), (0.0, "stalled")])
def test_improving_or_stalled_by_the_fall_over_the_last_tenth(fall_in_last_tenth, verdict):
    losses = np.r_[np.linspace(3.0, 2.0, 91), 2.0 * (1 - fall_in_last_tenth * np.linspace(0.1, 1, 10))]
    outcome, sentence = pg.diagnose(_history(losses), 1.0)
    assert outcome == verdict
    assert "over the last 10 updates" in sentence


def test_a_spike_that_recovers_is_judged_by_where_the_run_ends():
    losses = np.geomspace(0.69, 0.05, 50)
    losses[25] = 3.0
    assert pg.diagnose(_history(losses), 0.6474)[0] == "trained"


@pytest.mark.parametrize("start, end, verdict", [
    (1.5, 149.0, "trained"), (1.5, 151.0, "diverged"),      # 100 times the largest initial parameter
    (0.01, 99.0, "trained"), (0.01, 101.0, "diverged"),     # ... or 100 times 1 for a tiny init
    (0.0, np.inf, "diverged"), (1.0, np.nan, "diverged"),   # overflowed parameters
])
def test_parameters_blown_up_by_more_than_100_times(start, end, verdict):
    history = _history(np.geomspace(0.69, 0.05, 50))
    theta0, theta = np.array([start, 0.1]), np.array([end, 0.1])
    outcome, sentence = pg.diagnose(history, 0.6474, initial_theta=theta0, theta=theta)
    assert outcome == verdict
    assert ("parameters blew up" in sentence) == (verdict == "diverged")


def test_nonfinite_or_rising_loss_is_diverged():
    assert pg.diagnose(_history([6.9, 4e6, np.nan]), 0.5)[1].startswith("diverged at iteration 2")
    assert pg.diagnose(_history([0.7, 0.5, 0.8]), 0.6474)[1].startswith("diverged at iteration 2")


def test_every_outcome_is_a_verdict():
    assert set(pg.VERDICTS) == {"trained", "improving", "stalled", "diverged"}


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
