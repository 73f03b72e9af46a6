"""Figure text stays readable from the back of a room: nothing below 9 pt.

The notebooks draw at 100 dpi (``helpers.plotting.set_style``) and the decks show figures at
their own size on a 1280 x 720 screen, so 9 pt is 12.5 px on the screen: the smallest text we
allow. The defaults (seaborn's "notebook" context, scaled by 1.05) are 11.5 pt and larger.
"""
import json
import re
from pathlib import Path

import matplotlib
import pytest

ROOT = Path(__file__).resolve().parent.parent
SIZE = re.compile(r"\b(?:fontsize|labelsize|size)\s*=\s*(\d+(?:\.\d+)?)\b(?!\s*[,)]?\s*#\s*markers?)")
TEXT = re.compile(r"\b(fontsize|labelsize)\s*=\s*(\d+(?:\.\d+)?)")


def sources():
    for path in sorted((ROOT / "helpers").rglob("*.py")):
        yield path.name, path.read_text()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        yield path.name, "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


@pytest.mark.parametrize("name, text", list(sources()), ids=lambda v: v if isinstance(v, str) and len(v) < 60 else "")
def test_no_text_smaller_than_9_points(name, text):
    small = [m.group(0) for m in TEXT.finditer(text) if float(m.group(2)) < 9]
    assert not small, f"{name} sets text below 9 pt (12.5 px on the slides): {small}"


def test_the_style_draws_at_100_dpi_with_text_of_at_least_9_points():
    from helpers.plotting import set_style
    set_style()
    rc = matplotlib.rcParams
    assert rc["figure.dpi"] == 100
    sizes = [rc["font.size"], rc["xtick.labelsize"], rc["ytick.labelsize"], rc["legend.fontsize"],
             rc["axes.labelsize"], rc["axes.titlesize"]]
    sizes = [matplotlib.font_manager.FontProperties(size=s).get_size_in_points() for s in sizes]
    assert min(sizes) >= 9
