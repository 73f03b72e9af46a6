"""Render every notebook to a reveal.js deck that works offline.

``make slides`` runs this script after ``npm ci`` has put reveal.js (5.x),
MathJax 2, require.js and jQuery into ``slides/node_modules/``. The script

1. copies the parts of those packages a deck loads into ``<out>/lib/``, and
2. converts each ``notebooks/NN_*.ipynb`` with nbconvert's slides exporter into
   ``<out>/NN_*.slides.html``, every script and style sheet addressed relative
   to the deck (``lib/...``), so the folder can be opened from disk, copied to a
   USB stick or served by any static server, and no request leaves the machine.

Cells keep the slide structure stored in their ``slideshow`` metadata; cells
tagged ``hide-input`` show their output only. The stored outputs are used as
they are: nothing is executed here.

Usage: ``python slides/build_decks.py [--out build/slides] [notebook ...]``
"""
import argparse
import html
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from traitlets.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "student"))
from build_student import without_markers  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VENDOR = Path(__file__).resolve().parent / "node_modules"
TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_OUT = ROOT / "build" / "slides"

#: What a deck loads, as (source inside node_modules, destination inside lib/).
#: MathJax 2 is 70 MB on npm; a deck needs its TeX input, the CommonHTML output
#: and the TeX web fonts (about 5 MB).
VENDOR_FILES = [
    ("reveal.js/dist", "reveal.js/dist"),
    ("reveal.js/plugin/notes", "reveal.js/plugin/notes"),
    ("requirejs/require.js", "require.js"),
    ("jquery/dist/jquery.min.js", "jquery.min.js"),
    ("mathjax/MathJax.js", "mathjax/MathJax.js"),
    ("mathjax/config/TeX-AMS_CHTML-full.js", "mathjax/config/TeX-AMS_CHTML-full.js"),
    ("mathjax/config/Safe.js", "mathjax/config/Safe.js"),
    ("mathjax/extensions", "mathjax/extensions"),
    ("mathjax/jax/input/TeX", "mathjax/jax/input/TeX"),
    ("mathjax/jax/output/CommonHTML", "mathjax/jax/output/CommonHTML"),
    ("mathjax/jax/element", "mathjax/jax/element"),
    ("mathjax/fonts/HTML-CSS/TeX/woff", "mathjax/fonts/HTML-CSS/TeX/woff"),
    ("mathjax/fonts/HTML-CSS/TeX/otf", "mathjax/fonts/HTML-CSS/TeX/otf"),
]

#: nbconvert options: every URL is relative to the deck's folder.
URLS = {
    "reveal_url_prefix": "lib/reveal.js",
    "require_js_url": "lib/require.js",
    "jquery_url": "lib/jquery.min.js",
    "mathjax_url": "lib/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
}


def copy_vendor(out, vendor=VENDOR):
    """Copy the JavaScript libraries a deck needs into ``out/lib``."""
    missing = [src for src, _ in VENDOR_FILES if not (vendor / src).exists()]
    if missing:
        raise FileNotFoundError(f"{vendor} lacks {', '.join(missing)}: run `npm ci` in slides/ "
                                "(or `make slides`) first.")
    lib = out / "lib"
    for src, dst in VENDOR_FILES:
        target = lib / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        if (vendor / src).is_dir():
            shutil.copytree(vendor / src, target, dirs_exist_ok=True)
        else:
            shutil.copy2(vendor / src, target)
    return lib


def make_exporter():
    """nbconvert's SlidesExporter, configured for offline decks."""
    c = Config()
    for name, url in URLS.items():
        setattr(c.SlidesExporter, name, url)
    c.SlidesExporter.extra_template_basedirs = [str(TEMPLATES)]
    c.SlidesExporter.template_name = "reveal_offline"
    # "white" takes its fonts from lib/; several other themes import Google Fonts.
    c.SlidesExporter.reveal_theme = "white"
    c.SlidesExporter.reveal_scroll = True
    c.SlidesExporter.reveal_number = "c/t"
    c.SlidesExporter.reveal_width = "1280"
    c.SlidesExporter.reveal_height = "720"
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_input_tags = {"hide-input"}
    return SlidesExporter(config=c)


#: The line under a section heading that says how the section is used in class.
PLAN_LINE = re.compile(r"\n\n\*((?:In class|Homework|Optional) · about \d+ min)\*(?=\n|$)")


def plan_badge(cell):
    """A section's class-plan line, as a small line above its slide instead of a paragraph."""
    if cell.cell_type != "markdown" or "class_plan" not in cell.metadata:
        return cell
    cell.source = PLAN_LINE.sub(lambda m: f'\n\n<p class="class-plan">{html.escape(m[1])}</p>',
                                cell.source, count=1)
    return cell


def deck_name(notebook):
    """``notebooks/01_x.ipynb`` -> ``01_x.slides.html``."""
    return Path(notebook).stem + ".slides.html"


def build(notebooks, out=DEFAULT_OUT):
    """Write one deck per notebook into ``out`` and return their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    copy_vendor(out)
    exporter = make_exporter()
    decks = []
    for notebook in notebooks:
        nb = nbformat.read(notebook, as_version=4)
        for cell in nb.cells:             # a solution on a slide reads without nbgrader's markers
            if cell.cell_type == "code":
                cell.source = without_markers(cell.source)
            plan_badge(cell)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": Path(notebook).stem}})
        deck = out / deck_name(notebook)
        deck.write_text(body, encoding="utf-8")
        decks.append(deck)
    return decks


def default_notebooks():
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/NN_*.ipynb")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="default: build/slides")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or default_notebooks()
    if not notebooks:
        print("No notebooks to render.")
        return 0
    for deck in build(notebooks, args.out):
        print(f"Wrote {deck.relative_to(args.out.resolve().parent) if deck.is_absolute() else deck}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
