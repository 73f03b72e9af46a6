"""The course's figures stay readable without colour: colour-blind-safe hues and a second cue."""
import itertools

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import seaborn as sns
from matplotlib.collections import PatchCollection
from matplotlib.colors import to_rgb

from helpers import make_housing
from helpers.plotting import (LINESTYLES, OUTCOME_COLORS, OUTCOME_HATCHES, OUTCOME_MARKERS, PALETTE,
                              plot_outcomes, plot_stability_map, set_style)
from helpers.sweeps import OUTCOMES, train_many

# Machado, Oliveira & Fernandes (2009), severity 1, applied to linear RGB
DEUTERANOPIA = np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                         [-0.011820, 0.042940, 0.968881]])
PROTANOPIA = np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                       [-0.003882, -0.048116, 1.051998]])


def seen_with(colour, matrix):
    """sRGB of ``colour`` as a reader with the given colour-vision deficiency sees it."""
    rgb = np.array(to_rgb(colour))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    out = np.clip(matrix @ linear, 0, 1)
    return np.where(out <= 0.0031308, out * 12.92, 1.055 * out ** (1 / 2.4) - 0.055)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def sweep():
    """A small map with all three outcomes: stalled at tiny α, trained, diverged at large α."""
    X, y = make_housing(n_samples=100, random_state=47)
    return train_many(X, y, lrs=np.geomspace(1e-8, 1e-2, 7), init_scales=[0.1, 1.0, 3.0], seeds=37,
                      max_iter=300, tol=1e-6)


def test_lines_differ_in_colour_and_in_dash():
    set_style()
    cycle = matplotlib.rcParams["axes.prop_cycle"].by_key()
    assert cycle["color"] == list(PALETTE) == sns.color_palette("colorblind").as_hex()
    assert cycle["linestyle"] == list(LINESTYLES)
    assert len(set(map(str, LINESTYLES))) == len(LINESTYLES)
    assert matplotlib.rcParams["legend.handlelength"] >= 3     # a dash pattern needs room
    _, ax = plt.subplots()
    first, = ax.plot([0, 1])
    second, = ax.plot([1, 0])
    assert first.get_color() != second.get_color()
    assert first.get_linestyle() == "-" and second.get_linestyle() == "--"


@pytest.mark.parametrize("matrix", [DEUTERANOPIA, PROTANOPIA], ids=["deuteranopia", "protanopia"])
def test_the_outcome_colours_stay_apart_without_red_green_vision(matrix):
    for a, b in itertools.combinations(OUTCOMES, 2):
        distance = np.linalg.norm(seen_with(OUTCOME_COLORS[a], matrix) - seen_with(OUTCOME_COLORS[b], matrix))
        assert distance > 0.25, (a, b, distance)


def test_every_outcome_has_a_cue_besides_its_colour():
    assert len({OUTCOME_HATCHES[o] for o in OUTCOMES}) == len(OUTCOMES)
    assert len({OUTCOME_MARKERS[o] for o in OUTCOMES}) == len(OUTCOMES)


def test_the_stability_map_hatches_exactly_the_cells_of_their_outcome(sweep):
    ax = plot_stability_map(sweep)
    grid = sweep.grid("outcome")
    scales, lrs = grid.index.to_numpy(float), grid.columns.to_numpy(float)
    for outcome in OUTCOMES:
        collections = [c for c in ax.collections if isinstance(c, PatchCollection)
                       and c.get_hatch() == OUTCOME_HATCHES[outcome]]
        if not OUTCOME_HATCHES[outcome]:
            assert not collections
            continue
        (hatched,) = collections
        boxes = [path.get_extents() for path in hatched.get_paths()]
        inside = np.array([[any(b.x0 < lr < b.x1 and b.y0 < s < b.y1 for b in boxes) for lr in lrs]
                           for s in scales])
        assert (inside == (grid.to_numpy() == outcome)).all(), outcome
    legend = {p.get_label(): p.get_hatch() or "" for p in ax.get_legend().get_patches()}
    assert legend == OUTCOME_HATCHES


def test_the_outcome_bars_are_hatched_and_the_points_have_one_marker_per_outcome(sweep):
    frame = sweep.frame.assign(init=np.where(sweep.frame.init_scale < 1, "small", "large"))
    assert set(frame.outcome) == set(OUTCOMES)
    bars, points = plot_outcomes(frame, trained_below=sweep.trained_below)
    hatches = {c.get_label(): {p.get_hatch() or "" for p in c} for c in bars.containers}
    assert hatches == {o: {OUTCOME_HATCHES[o]} for o in OUTCOMES}
    labels = [t.get_text() for t in points.get_legend().get_texts()]
    assert labels[:2] == ["trained", "stalled"] and labels[2].startswith("trained below")
    # the legend sits under the axes, not over the points
    assert points.get_legend().get_bbox_to_anchor().y1 < points.get_window_extent().y0
