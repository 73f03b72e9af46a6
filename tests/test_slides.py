"""The slide decks, opened in a real browser with the network switched off.

Each notebook's deck (``make slides`` -> ``build/slides/NN_*.slides.html``) is
loaded from disk by headless Chromium, driven through the Chrome DevTools
protocol over a pipe (no extra Python package). The test asserts that

- no request leaves the machine: every URL the page asks for is a ``file:`` or
  ``data:`` URL (the browser also runs with DNS and the network disabled);
- reveal.js initialized and the deck has one slide per ``slide``/``subslide``
  cell (the first visible cell always opens the deck);
- MathJax typeset every formula: the markdown shows no raw TeX and no
  MathJax error box (and automatic line breaks, which split formulas in table
  cells at every operator, are off);
- every figure stored in a shown cell is present and decoded, with the text alternative
  its cell stores (``mystnb.image.alt``, which the website uses too);
- every slide, with all its fragments shown, fits in what the 1280 x 720 screen shows without
  scrolling (nbconvert's template gives a slide taller than 95 % of the window a scroll box,
  which cuts its last line), and no text lies under the navigation arrows or the slide number;
- printed output wraps between words, never inside one.

The decks are the ones ``make slides`` built (rebuilt here only when older than a notebook or
the template); without ``slides/node_modules`` (no npm registry) the tests skip. One Chromium
serves every deck of a test worker.

Screenshots of the first slides, the first slide with a formula and the first
with a figure go to ``build/slides/screenshots/`` for a person to look at.
"""
import base64
import fcntl
import re
import sys
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
SLIDES_SRC = ROOT / "slides"
OUT = ROOT / "build" / "slides"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
VIEWPORT = (1280, 720)
N_FIRST_SLIDES = 3

sys.path.insert(0, str(SLIDES_SRC))
import build_decks  # noqa: E402
from cdp import headless_chromium, require_node_modules  # noqa: E402


# -- what a deck should contain, read from its notebook --------------------------------------
def slide_type(cell):
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def expected_slides(nb):
    """Slides reveal.js counts: the first visible cell, then one per slide/subslide cell."""
    types = [slide_type(c) for c in nb.cells]
    first = next(i for i, t in enumerate(types) if t not in {"skip", "notes"})
    return 1 + sum(t in {"slide", "subslide"} for t in types[first + 1:])


def expected_figures(nb):
    """Stored images in cells that the deck shows."""
    return sum(1 for c in nb.cells if c.cell_type == "code" and slide_type(c) != "skip"
               for o in c.get("outputs", []) if {"image/png", "image/svg+xml"} & set(o.get("data", {})))


def figure_alts(nb):
    """The text alternative of every stored image in a cell the deck shows, in order."""
    return [c.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
            for c in nb.cells if c.cell_type == "code" and slide_type(c) != "skip"
            for o in c.get("outputs", []) if {"image/png", "image/svg+xml"} & set(o.get("data", {}))]


def has_math(nb):
    return any(c.cell_type == "markdown" and slide_type(c) not in {"skip", "notes"}
               and re.search(r"\$[^$]+\$", c.source) for c in nb.cells)


# -- building the decks once, whichever test worker gets there first --------------------------
def _stale(deck, notebook):
    sources = [notebook, SLIDES_SRC / "build_decks.py",
               *(SLIDES_SRC / "templates").rglob("*")]
    return not deck.exists() or deck.stat().st_mtime < max(p.stat().st_mtime for p in sources)


@pytest.fixture(scope="session")
def decks():
    """Paths of up-to-date decks: ``make slides``'s, or rebuilt under a file lock where one is
    older than its notebook (pytest-xdist runs several sessions)."""
    require_node_modules()
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stale = [nb for nb in NOTEBOOKS if _stale(OUT / build_decks.deck_name(nb), nb)]
        if stale or not (OUT / "lib").exists():
            build_decks.build(stale, OUT)
    return {nb.stem: OUT / build_decks.deck_name(nb) for nb in NOTEBOOKS}


@pytest.fixture(scope="module")
def browser():
    """One Chromium for every deck of this module (per test worker)."""
    with headless_chromium(VIEWPORT) as chrome:
        chrome.send("Emulation.setDeviceMetricsOverride", width=VIEWPORT[0], height=VIEWPORT[1],
                    deviceScaleFactor=1, mobile=False)
        yield chrome


#: The deck loads reveal.js through require.js, so ``Reveal`` is a module, not a global.
REVEAL = "require('lib/reveal.js/dist/reveal.js')"
READY = ("document.querySelector('.reveal.ready') && window.MathJax && MathJax.isReady"
         " && MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running"
         " && Array.from(document.images).every(i => i.complete)")

FACTS = r"""(() => {
  const Reveal = %s;
  const markdown = Array.from(document.querySelectorAll('.jp-RenderedMarkdown')).map(el => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll('code, pre, script, .MathJax_Preview, .mjx-chtml').forEach(c => c.remove());
    return copy.textContent;
  }).join('\n');
  const images = Array.from(document.querySelectorAll('.jp-OutputArea-output img'));
  const streams = Array.from(document.querySelectorAll('.jp-OutputArea-output pre'));
  return {
    alts: images.map(i => i.getAttribute('alt')),
    stream_breaks: Array.from(new Set(streams.map(p => getComputedStyle(p).wordBreak))),
    total: Reveal.getTotalSlides(),
    horizontal: document.querySelectorAll('.reveal .slides > section').length,
    jax: MathJax.Hub.getAllJax().length,
    typeset: document.querySelectorAll('.mjx-chtml').length,
    errors: document.querySelectorAll('.mjx-merror, .MathJax_Error').length,
    autobreak: MathJax.Hub.config.CommonHTML.linebreaks.automatic,
    raw_tex: (markdown.match(/\$\$|\\[a-zA-Z]{2,}/g) || []).slice(0, 5),
    images: images.length,
    decoded: images.filter(i => i.complete && i.naturalWidth > 0).length,
  };
})()""" % REVEAL

SLIDES_OF_INTEREST = r"""(() => {
  const Reveal = %s;
  const slides = Reveal.getSlides();
  const pick = [];
  for (let i = 0; i < Math.min(%d, slides.length); i++) pick.push(i);
  const math = slides.findIndex(s => s.querySelector('.mjx-chtml'));
  const figure = slides.findIndex(s => s.querySelector('.jp-OutputArea-output img'));
  for (const i of [math, figure]) if (i >= 0 && !pick.includes(i)) pick.push(i);
  return pick.map(i => Object.assign({n: i + 1}, Reveal.getIndices(slides[i])));
})()""" % (REVEAL, N_FIRST_SLIDES)


#: Every slide shown with all its fragments, measured in one pass: is anything cut (the slide
#: scrolls, or text or a figure lies outside the window), and is any text under the arrows or
#: the slide number (text in a box that scrolls sideways counts only where it shows)?
LAYOUT = r"""(() => {
  const Reveal = %s;
  const hits = (a, b) => a.left < b.right - 1 && a.right > b.left + 1 && a.top < b.bottom - 1 && a.bottom > b.top + 1;
  const shown = (rect, el, slide) => {
    let r = {left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom};
    for (let e = el; e && e !== slide; e = e.parentElement) {
      if (getComputedStyle(e).overflowX !== 'visible') {
        const b = e.getBoundingClientRect();
        r = {left: Math.max(r.left, b.left), right: Math.min(r.right, b.right), top: r.top, bottom: r.bottom};
      }
    }
    return r.right > r.left ? r : null;
  };
  return Reveal.getSlides().map((s, i) => {
    const idx = Reveal.getIndices(s);
    Reveal.slide(idx.h, idx.v || 0, 1000);
    const chrome = Array.from(document.querySelectorAll('.reveal .controls button.enabled, .reveal .slide-number'))
        .filter(c => getComputedStyle(c).visibility !== 'hidden').map(c => c.getBoundingClientRect())
        .filter(r => r.width > 0);
    const text = [];
    const walker = document.createTreeWalker(s, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
      if (!node.textContent.trim() || node.parentElement.closest('aside.notes, script, style')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        const seen = r.width > 0 && shown(r, node.parentElement, s);
        if (seen) text.push(seen);
      }
    }
    const boxes = text.concat(Array.from(s.querySelectorAll('img')).map(e => e.getBoundingClientRect()));
    const top = Math.min(...boxes.map(r => r.top)), bottom = Math.max(...boxes.map(r => r.bottom));
    return {n: i + 1, height: s.scrollHeight,
            cut: s.scrollHeight > s.clientHeight + 1 || top < -1 || bottom > innerHeight + 1,
            under_arrows: text.filter(t => chrome.some(c => hits(t, c))).length};
  });
})()""" % REVEAL


def screenshot(chrome, deck_stem, slide):
    """Show ``slide`` (all fragments) and save a PNG of the viewport; return its path."""
    chrome.evaluate(f"{REVEAL}.slide({slide['h']}, {slide.get('v') or 0}, 1000)")
    chrome.wait_for("MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running")
    time.sleep(0.3)
    png = chrome.send("Page.captureScreenshot", format="png")["data"]
    path = OUT / "screenshots" / f"{deck_stem}-slide{slide['n']:02d}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(png))
    return path


@pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks/NN_*.ipynb yet")
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_deck_opens_offline_with_math_and_figures(notebook, decks, browser):
    nb = nbformat.read(notebook, as_version=4)
    deck = decks[notebook.stem]
    browser.send("Emulation.setDeviceMetricsOverride", width=VIEWPORT[0], height=VIEWPORT[1],
                 deviceScaleFactor=1, mobile=False)
    browser.open_offline(deck.as_uri(), READY)
    facts = browser.evaluate(FACTS)
    browser.assert_offline_and_clean()

    assert facts["total"] == expected_slides(nb)
    if has_math(nb):
        assert facts["jax"] > 0 and facts["typeset"] > 0, "MathJax typeset nothing"
    assert facts["errors"] == 0, "MathJax could not typeset some TeX"
    assert facts["autobreak"] is False, "automatic line breaks split formulas in table cells"
    assert facts["raw_tex"] == [], f"TeX left untypeset: {facts['raw_tex']}"
    assert facts["images"] == expected_figures(nb)
    assert facts["decoded"] == facts["images"], "a figure did not decode"
    assert facts["alts"] == figure_alts(nb), "a figure lacks its cell's text alternative"
    assert "break-all" not in facts["stream_breaks"], "printed output breaks inside words"

    browser.evaluate(REVEAL + ".configure({transition: 'none', backgroundTransition: 'none'})")
    for slide in browser.evaluate(SLIDES_OF_INTEREST):
        assert screenshot(browser, notebook.stem, slide).stat().st_size > 5000
    layout = browser.evaluate(LAYOUT)
    cut = [(s["n"], s["height"]) for s in layout if s["cut"]]
    assert not cut, (f"slides cut on the {VIEWPORT[0]}x{VIEWPORT[1]} screen (slide, px): {cut}; split them "
                     f"into sub-slides or hide plotting code with the 'hide-input' tag")
    covered = [s["n"] for s in layout if s["under_arrows"]]
    assert not covered, f"slides with text under the navigation arrows: {covered}"


def test_expected_slides_counts_the_first_visible_cell():
    cell = nbformat.v4.new_markdown_cell
    nb = nbformat.v4.new_notebook(cells=[
        cell("set-up", metadata={"slideshow": {"slide_type": "skip"}}),
        cell("# Title", metadata={"slideshow": {"slide_type": "-"}}),
        cell("## A", metadata={"slideshow": {"slide_type": "slide"}}),
        cell("### A.1", metadata={"slideshow": {"slide_type": "subslide"}}),
        cell("more", metadata={"slideshow": {"slide_type": "fragment"}}),
        cell("say this", metadata={"slideshow": {"slide_type": "notes"}}),
    ])
    assert expected_slides(nb) == 3


def test_decks_reference_no_remote_url(decks):
    for deck in decks.values():
        html = deck.read_text(encoding="utf-8")
        remote = re.findall(r"""(?:src|href)\s*=\s*["'](?:https?:)?//[^"']+""", html)
        assert remote == [], f"{deck.name} loads {remote}"
