"""Every committed notebook is fresh and its stored outputs are stable for nbval."""
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
UNSTABLE = {
    "a memory address": re.compile(r" at 0x[0-9a-fA-F]+"),
    "a kernel temp path": re.compile(r"/tmp/ipykernel_\d+"),
    "a numpy scalar repr": re.compile(r"np\.(float|int)\d+\("),
    "a matplotlib artist list": re.compile(r"\[<matplotlib\.\w+"),
}
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}


def cells(path):
    return json.loads(path.read_text())["cells"]


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_name_is_numbered(path):
    assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_in_order_from_a_fresh_kernel(path):
    counts = [c["execution_count"] for c in cells(path) if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_stable(path):
    for i, cell in enumerate(cells(path)):
        assert "execution" not in cell.get("metadata", {}), f"cell {i} stores execution timings"
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"cell {i} raised"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), f"cell {i} writes to stderr"
            text = json.dumps(out.get("text", "")) + json.dumps(out.get("data", {}).get("text/plain", ""))
            for what, pattern in UNSTABLE.items():
                assert not pattern.search(text), f"cell {i} output contains {what}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_cell_has_slide_metadata(path):
    for i, cell in enumerate(cells(path)):
        kind = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        assert kind in SLIDE_TYPES, f"cell {i} has slide type {kind!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_main_slide_has_speaker_notes(path):
    """Each 'slide' cell (a main slide) is followed by a 'notes' cell before the next main slide."""
    types = [c.get("metadata", {}).get("slideshow", {}).get("slide_type") for c in cells(path)]
    starts = [i for i, t in enumerate(types) if t == "slide"]
    for start, end in zip(starts, starts[1:] + [len(types)]):
        assert "notes" in types[start:end], f"the main slide at cell {start} has no speaker notes"
