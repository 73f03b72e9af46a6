"""The course website (``make site`` -> ``build/site/``), in a real browser with the network off.

Every page is loaded from disk by headless Chromium (the client in ``cdp.py``, as for the
decks). The tests assert that

- no request leaves the machine and nothing fails to load: MathJax, the theme's scripts and
  fonts and the search index all ship with the site; no page throws a JavaScript error;
- MathJax typeset every formula (no MathJax error, no TeX left as text, no backslash in
  typeset math, as ``\\text{fan\\_in}`` would show) and every figure
  decoded (as many as the notebook stores);
- the search page finds "sharpness" and "momentum" in the notebooks that teach them;
- the API reference lists ``NeuralNet``, ``train`` and every initializer, and each
  ``show_source`` output links to its object's entry;
- each notebook page links its deck, its notebook and its student copy, which exist; previous
  and next follow the course's order; each exercise shows the student's starting code and
  folds the solution;
- every relative link and anchor of every page resolves inside the folder;
- the pages of the lecture's experiments and of the notation are the README's tables;
- the build stops on a broken reference (``sphinx-build -W``);
- accessibility: every page passes axe-core (pinned with the deck libraries, injected into
  the page) with no serious or critical violation; every figure has the text alternative its
  cell stores; printed, no code line is cut and every fold prints open; on a phone no display
  formula or page scrolls sideways;
- every section of every notebook says how it is used in class, and the week's plan page
  lists each notebook's class (at most 90 minutes) and homework.

Each page is checked in one load, in one Chromium per test module (per worker). The site is
``make site``'s, rebuilt here (under a file lock) only when older than its sources; without
``slides/node_modules`` (no npm registry) the browser tests skip.
"""
import fcntl
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "build" / "site"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
VIEWPORT = (1280, 900)

sys.path.insert(0, str(ROOT / "website"))
import build_site  # noqa: E402
from cdp import NODE_MODULES, headless_chromium, require_node_modules  # noqa: E402

from helpers.initializers import INITIALIZERS  # noqa: E402
from helpers.plotting import SHOW_SOURCE_KEY  # noqa: E402

#: The pages the site must have (besides the decks and notebooks copied into it).
PAGES = (["index.html", "search.html", "genindex.html", "py-modindex.html", "experiments.html",
          "notation.html", "plan.html", "api/index.html"]
         + [f"api/{name}.html" for name in build_site.API_MODULES]
         + [f"notebooks/{nb.stem}.html" for nb in NOTEBOOKS])


# -- building the site once, whichever test worker gets there first ---------------------------
def _sources():
    yield from NOTEBOOKS
    yield ROOT / "README.md"
    for folder, pattern in [("website", "*"), ("helpers", "**/*.py"), ("student", "*.py"),
                            ("slides", "build_decks.py"), ("slides/templates", "**/*")]:
        yield from (p for p in (ROOT / folder).glob(pattern) if p.is_file())


def _stale():
    index = SITE / "index.html"
    return not index.exists() or index.stat().st_mtime < max(p.stat().st_mtime for p in _sources())


@pytest.fixture(scope="session")
def site():
    """``build/site``, rebuilt (decks, student copies, then the site) when a source is newer."""
    SITE.parent.mkdir(parents=True, exist_ok=True)
    with open(SITE.parent / ".site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _stale():
            require_node_modules()          # the decks, copied into the site, need them
            notebooks = [str(nb) for nb in NOTEBOOKS]
            for script, out in [("slides/build_decks.py", "build/slides"),
                                ("student/build_student.py", "build/student")]:
                subprocess.run([sys.executable, str(ROOT / script), "--out", str(ROOT / out),
                                *notebooks], check=True, capture_output=True)
            status = build_site.main([])
            assert status == 0, "Sphinx failed on the site (its warnings are printed above)"
    assert not _stale(), "the site could not be built: run `make site` to see why"
    return SITE


# -- reading pages without a browser -----------------------------------------------------------
class _Links(HTMLParser):
    """Every (tag, attribute, url) of a page, its element ids and the classes seen on links."""

    def __init__(self):
        super().__init__()
        self.urls, self.ids, self.anchors = [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                self.urls.append((tag, name, attrs[name]))
        if tag == "a":
            self.anchors.append(attrs)


def parse(page):
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_the_site_has_every_page_and_no_other(site):
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")
             if p.relative_to(site).parts[0] not in {"slides", "_static", "_sources"}}
    assert pages == set(PAGES)


def test_pages_load_no_remote_script_style_or_image(site):
    for page in PAGES:
        remote = [(tag, url) for tag, name, url in parse(site / page).urls
                  if tag != "a" and re.match(r"(https?:)?//", url)]
        assert remote == [], f"{page} loads {remote}"
    for css in (site / "_static").rglob("*.css"):
        remote = re.findall(r"""(?:url\(|@import\s)\s*["']?((?:https?:)?//[^"')\s]+)""",
                            css.read_text(encoding="utf-8", errors="replace"))
        assert remote == [], f"{css.relative_to(site)} loads {remote}"


def test_every_relative_link_and_anchor_resolves(site):
    ids = {}
    broken = []
    for page in PAGES:
        for tag, name, url in parse(site / page).urls:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//") or url.startswith("mailto:"):
                continue
            target = (site / page).parent / unquote(parts.path) if parts.path else site / page
            target = target.resolve()
            if not target.exists():
                broken.append((page, url))
            elif parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = parse(target).ids
                if parts.fragment not in ids[target]:
                    broken.append((page, url))
    assert broken == [], f"links to nothing (page, link): {broken[:10]}"


def test_the_experiments_page_is_the_readme_table_the_notebooks_cite(site):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+|–) \|", readme.split("## The lecture's experiments")[1], re.M)
    page = (site / "experiments.html").read_text(encoding="utf-8")
    cells = re.findall(r"<tr class=\"row-(?:even|odd)\"><td><p>(\d+|–)</p></td>", page)
    assert len(rows) >= 8 and cells == rows


def test_the_notation_page_is_the_readme_table_linked_from_the_landing_page(site):
    import html
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Notation\n")[1].split("\n## ")[0]
    symbols = re.findall(r"^\| (.+?) \|", section, re.M)[1:]      # after the header row
    page = html.unescape((site / "notation.html").read_text(encoding="utf-8"))
    cells = re.findall(r"<tr class=\"row-(?:even|odd)\"><td><p>(.*?)</p></td>", page)
    assert len(symbols) >= 20 and cells == symbols
    assert 'href="notation.html"' in (site / "index.html").read_text(encoding="utf-8")


def test_every_public_module_of_helpers_has_an_api_page():
    import pkgutil

    import helpers
    public = {m.name for m in pkgutil.iter_modules(helpers.__path__) if not m.name.startswith("_")}
    assert set(build_site.API_MODULES) == public


def test_api_reference_lists_the_network_the_trainer_and_every_initializer(site):
    links = {a.get("href", "") for a in parse(site / "api" / "index.html").anchors}
    wanted = (["network.html#helpers.network.NeuralNet", "training.html#helpers.training.train"]
              + [f"initializers.html#helpers.initializers.{name}" for name in INITIALIZERS])
    missing = [w for w in wanted if w not in links]
    assert missing == [], f"the API index does not list {missing}"
    ids = parse(site / "api" / "initializers.html").ids
    assert {f"helpers.initializers.{name}" for name in INITIALIZERS} <= ids


def _nav(page):
    """(previous, next) page of a page, as the footer links them."""
    found = {}
    for a in parse(page).anchors:
        for cls in ("left-prev", "right-next"):
            if cls in (a.get("class") or "").split():
                found[cls] = a["href"]
    return found.get("left-prev"), found.get("right-next")


def test_previous_and_next_follow_the_course(site):
    order = (["index.html"] + [f"notebooks/{nb.stem}.html" for nb in NOTEBOOKS]
             + ["plan.html", "experiments.html", "notation.html", "api/index.html"])
    for before, page, after in zip(order, order[1:], order[2:]):
        prev, nxt = _nav(site / page)
        here = (site / page).parent
        assert prev and (here / prev).resolve() == (site / before).resolve(), page
        assert nxt and (here / nxt).resolve() == (site / after).resolve(), page


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_notebook_page_links_its_deck_notebook_and_student_copy(site, notebook):
    page = site / "notebooks" / f"{notebook.stem}.html"
    links = [a["href"] for a in parse(page).anchors if "course-link" in (a.get("class") or "")]
    assert links == [f"../slides/{notebook.stem}.slides.html",
                     f"../_sources/notebooks/{notebook.stem}.ipynb", f"../student/{notebook.stem}.ipynb"]
    assert (site / "_sources" / "notebooks" / f"{notebook.stem}.ipynb").read_bytes() == notebook.read_bytes()
    student = nbformat.read(site / "student" / f"{notebook.stem}.ipynb", as_version=4)
    assert not any("### BEGIN SOLUTION" in c.source for c in student.cells)
    assert (site / "slides" / f"{notebook.stem}.slides.html").exists()
    title = next(line[2:] for cell in nbformat.read(notebook, as_version=4).cells
                 if cell.cell_type == "markdown" for line in cell.source.splitlines()
                 if line.startswith("# "))
    landing = (site / "index.html").read_text(encoding="utf-8")
    assert f'notebooks/{notebook.stem}.html"><span class="doc">{title}</span>' in landing


def _plain_phrases(markdown):
    """Runs of 30+ characters of plain words in a markdown text (no markup, math or code)."""
    return re.findall(r"[A-Za-z][A-Za-z ,']{29,}", re.sub(r"\$[^$]*\$|`[^`]*`|\*\*?|_", " ", markdown))


def test_speaker_notes_stay_in_the_decks(site):
    import html
    notes = 0
    for notebook in NOTEBOOKS:
        nb = nbformat.read(notebook, as_version=4)
        page = html.unescape((site / "notebooks" / f"{notebook.stem}.html").read_text(encoding="utf-8"))
        body = " ".join(c.source for c in nb.cells
                        if c.metadata.get("slideshow", {}).get("slide_type") != "notes")
        # a figure's text alternative is on the page by design, and may say what the notes say
        body += " ".join(c.metadata.get("mystnb", {}).get("image", {}).get("alt", "") for c in nb.cells)
        for cell in nb.cells:
            if cell.metadata.get("slideshow", {}).get("slide_type") == "notes":
                notes += 1
                shown = [p for p in _plain_phrases(cell.source) if p in page and p not in body]
                assert shown == [], f"{notebook.stem}: speaker notes on the page: {shown[:2]}"
    assert notes > 0


def test_no_page_names_the_folder_it_was_built_in(site):
    for page in PAGES:
        assert str(ROOT) not in (site / page).read_text(encoding="utf-8"), page


def test_widgets_show_their_one_line_text_where_no_kernel_runs(site):
    import html
    widgets = 0
    for notebook in NOTEBOOKS:
        page = html.unescape((site / "notebooks" / f"{notebook.stem}.html").read_text(encoding="utf-8"))
        for cell in nbformat.read(notebook, as_version=4).cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "application/vnd.jupyter.widget-view+json" in data:
                    widgets += 1
                    assert data["text/plain"] in page, notebook.stem
    assert widgets > 0


# -- in the browser ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    """One Chromium for every page of this module (per test worker)."""
    require_node_modules()                  # axe-core
    with headless_chromium(VIEWPORT) as chrome:
        yield chrome


def _desktop(chrome):
    chrome.send("Emulation.setDeviceMetricsOverride", width=VIEWPORT[0], height=VIEWPORT[1],
                deviceScaleFactor=1, mobile=False)
    chrome.send("Emulation.setEmulatedMedia", media="")


READY = ("document.readyState === 'complete' && (!window.MathJax || (MathJax.isReady"
         " && MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running))"
         " && Array.from(document.images).every(i => i.complete)")

FACTS = r"""(() => {
  const main = document.querySelector('main') || document.body;
  const copy = main.cloneNode(true);
  copy.querySelectorAll('code, pre, script, style, .MathJax_Preview, .mjx-chtml, .highlight')
      .forEach(c => c.remove());
  const images = Array.from(main.querySelectorAll('.cell_output img, .output img'));
  return {
    math: main.querySelectorAll('.math').length,
    untypeset: Array.from(main.querySelectorAll('.math')).filter(m => !m.querySelector('.mjx-chtml')).length,
    typeset: main.querySelectorAll('.mjx-chtml').length,
    backslash: Array.from(main.querySelectorAll('.mjx-chtml')).map(m => m.textContent)
        .filter(t => t.includes('\\')).slice(0, 3),
    errors: main.querySelectorAll('.mjx-merror, .MathJax_Error').length,
    raw_tex: (copy.textContent.match(/\$|\\\(|\\\[|\\[a-zA-Z]{2,}/g) || []).slice(0, 5),
    off_centre: Array.from(main.querySelectorAll('div.math')).filter(d => {
        const box = d.getBoundingClientRect(), formula = d.querySelector('.mjx-math');
        if (!formula || formula.getBoundingClientRect().width >= box.width - 4) return false;
        const f = formula.getBoundingClientRect();
        return Math.abs((f.left - box.left) - (box.right - f.right)) > 24;
    }).length,
    images: images.length,
    decoded: images.filter(i => i.complete && i.naturalWidth > 0).length,
    starters: Array.from(main.querySelectorAll('.exercise-starter')).map(e => e.textContent),
    solutions: main.querySelectorAll('details.exercise-solution').length,
    markers: Array.from(main.querySelectorAll('details.exercise-solution'))
        .filter(d => d.textContent.includes('SOLUTION')).length,
    results: main.querySelectorAll('details.prediction-result').length,
    answers_in_sight: Array.from(main.querySelectorAll('.cell_output'))
        .filter(o => /No guess written|Your guess/.test(o.textContent) && !o.closest('details')).length,
    api_links: Array.from(main.querySelectorAll('p.api-link a.reference.internal')).map(a => a.getAttribute('href')),
    alts: images.map(i => i.getAttribute('alt')),
  };
})()"""

#: axe-core's rules, with the one that catches a label that differs from the visible text.
AXE = ("axe.run(document, {resultTypes: ['violations'],"
       " rules: {'label-content-name-mismatch': {enabled: true}}})"
       ".then(r => r.violations.filter(v => ['serious', 'critical'].includes(v.impact))"
       ".map(v => [v.id, v.impact, v.nodes.length, v.nodes[0].html.slice(0, 120)]))")

#: Printed: code blocks whose lines are cut at the paper's edge, and folds printed closed.
PRINTED = r"""(() => {
  const main = document.querySelector('main') || document.body;
  return {
    cut_code: Array.from(main.querySelectorAll('pre')).filter(p => p.scrollWidth > p.clientWidth + 1).length,
    code: main.querySelectorAll('pre').length,
    closed_folds: Array.from(main.querySelectorAll('details')).filter(d =>
        !Array.from(d.children).some(c => c.tagName !== 'SUMMARY' && c.getBoundingClientRect().height > 0)).length,
  };
})()"""

#: On a phone: display formulas that scroll sideways, and whether the page itself does.
PHONE = r"""(() => ({
  wide_formulas: Array.from(document.querySelectorAll('main div.math'))
      .filter(d => d.scrollWidth > d.clientWidth + 1).length,
  page_scrolls: document.documentElement.scrollWidth > innerWidth + 1,
}))()"""
PHONE_VIEWPORT = (390, 844)
MATH_IDLE = "!window.MathJax || (MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running)"


def _exercise_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and "exercise" in c.metadata.get("tags", [])
            and "### BEGIN SOLUTION" in c.source]


def _alts(nb):
    return [c.metadata.get("mystnb", {}).get("image", {}).get("alt", "") for c in nb.cells
            if c.cell_type == "code" for o in c.get("outputs", [])
            if {"image/png", "image/svg+xml"} & set(o.get("data", {}))]


def _figures(nb):
    return sum(1 for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
               if {"image/png", "image/svg+xml"} & set(o.get("data", {})))


def _shown_sources(nb):
    return [o["metadata"][SHOW_SOURCE_KEY] for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if SHOW_SOURCE_KEY in o.get("metadata", {})]


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_offline_with_math_and_figures(site, browser, page):
    _desktop(browser)
    browser.open_offline((site / page).as_uri(), READY)
    browser.assert_offline_and_clean()
    facts = browser.evaluate(FACTS)
    browser.inject(NODE_MODULES / "axe-core" / "axe.min.js")
    violations = browser.evaluate(AXE, timeout=120)
    assert violations == [], f"axe-core: serious or critical violations {violations}"
    assert facts["errors"] == 0, "MathJax could not typeset some TeX"
    assert facts["untypeset"] == 0, f"{facts['untypeset']} of {facts['math']} formulas not typeset"
    assert facts["backslash"] == [], f"a macro MathJax does not know, shown as text: {facts['backslash']}"
    assert facts["raw_tex"] == [], f"TeX left as text: {facts['raw_tex']}"
    assert facts["off_centre"] == 0, f"{facts['off_centre']} display formulas not centred"
    assert facts["decoded"] == facts["images"], "a figure did not decode"
    if page.startswith("notebooks/"):
        nb = nbformat.read(ROOT / "notebooks" / (Path(page).stem + ".ipynb"), as_version=4)
        assert facts["math"] > 0 and facts["typeset"] > 0, "no formula typeset on a notebook page"
        assert facts["images"] == _figures(nb)
        exercises = _exercise_cells(nb)
        assert len(facts["starters"]) == facts["solutions"] == len(exercises)
        for text in facts["starters"]:
            assert "raise NotImplementedError()" in text and "SOLUTION" not in text
        assert facts["markers"] == 0, "nbgrader's markers shown in a solution"
        predictions = len([c for c in nb.cells if "exercise" in c.metadata.get("tags", [])
                           and "### BEGIN SOLUTION" not in c.source])
        assert facts["results"] >= predictions and facts["answers_in_sight"] == 0, \
            "a prediction's answer is in sight before the reader opens it"
        if facts["images"]:
            browser.evaluate("document.querySelector('.cell_output img').click()")
            assert browser.evaluate("document.querySelector('.figure-zoom img').naturalWidth") > 0
            browser.evaluate("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}))")
            assert browser.evaluate("document.querySelectorAll('.figure-zoom').length") == 0
        shown = _shown_sources(nb)
        assert len(facts["api_links"]) == len(shown)
        for href, name in zip(facts["api_links"], shown):
            public = re.sub(r"(\._\w+)+$", "", name)      # a private method: its class's entry
            assert href.startswith("../api/") and href.endswith("#" + public), (href, name)
        assert facts["alts"] == _alts(nb), "a figure without its cell's text alternative"
        plan_lines = browser.evaluate("Array.from(document.querySelectorAll('main section > p em'))"
                                      ".map(e => e.textContent).filter(t => / · about \\d+ min$/.test(t)).length")
        assert plan_lines == len(class_plan(nb)), "a section without its class-plan line"
    # printed: nothing cut, every fold open
    browser.send("Emulation.setEmulatedMedia", media="print")
    printed = browser.evaluate(PRINTED)
    assert printed["cut_code"] == 0, f"{printed['cut_code']} of {printed['code']} code blocks cut in print"
    assert printed["closed_folds"] == 0, "a fold prints closed"
    browser.send("Emulation.setEmulatedMedia", media="")
    # a phone: formulas broken at their operators instead of scrolling
    browser.send("Emulation.setDeviceMetricsOverride", width=PHONE_VIEWPORT[0],
                 height=PHONE_VIEWPORT[1], deviceScaleFactor=2, mobile=True)
    import time
    time.sleep(0.4)                                  # course.js waits for the resize to settle
    browser.wait_for(MATH_IDLE)
    phone = browser.evaluate(PHONE)
    assert phone["wide_formulas"] == 0, f"{phone['wide_formulas']} display formulas scroll on a phone"


@pytest.mark.parametrize("term, notebook", [("sharpness", "03_exploding_gradients"),
                                            ("momentum", "10_optimizers")])
def test_search_finds_the_notebook_that_teaches_it(site, browser, term, notebook):
    _desktop(browser)
    browser.open_offline((site / "search.html").as_uri() + f"?q={term}", READY)
    browser.wait_for("document.querySelector('#search-results p.search-summary')"
                     " && !document.querySelector('#search-results').classList.contains('searching')"
                     " && document.querySelectorAll('#search-results ul.search li').length > 0",
                     timeout=30)
    browser.assert_offline_and_clean()
    hits = browser.evaluate("Array.from(document.querySelectorAll('#search-results ul.search li a'))"
                            ".map(a => a.getAttribute('href'))")
    assert any(f"notebooks/{notebook}.html" in h for h in hits), hits


# -- accessibility and the class plan in the notebooks ------------------------------------------
def class_plan(nb):
    return [c.metadata["class_plan"] for c in nb.cells
            if c.cell_type == "markdown" and "class_plan" in c.metadata]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_every_figure_has_a_text_alternative(notebook):
    nb = nbformat.read(notebook, as_version=4)
    alts = _alts(nb)
    assert alts and all(len(alt) >= 80 for alt in alts), \
        f"{notebook.stem}: a figure without a text alternative (cell metadata mystnb.image.alt)"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_every_section_says_how_it_is_used_in_class(notebook):
    nb = nbformat.read(notebook, as_version=4)
    label = {"class": "In class", "homework": "Homework", "optional": "Optional"}
    headings = [c for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## ")]
    for cell in headings:
        plan = cell.metadata.get("class_plan")
        assert plan and plan["part"] in label, f"{notebook.stem}: {cell.source.splitlines()[0]}"
        assert cell.source.splitlines()[2] == f"*{label[plan['part']]} · about {plan['minutes']} min*"
    assert sum(p["minutes"] for p in class_plan(nb) if p["part"] == "class") <= 90


def test_the_plan_page_lists_every_notebook_with_its_class_and_homework(site):
    import html
    page = html.unescape((site / "plan.html").read_text(encoding="utf-8"))
    rows = [r for r in re.findall(r"<tr class=\"row-(?:even|odd)\">(.*?)</tr>", page, re.S)
            if "<th" not in r]
    assert len(rows) == len(NOTEBOOKS)
    for row, notebook in zip(rows, NOTEBOOKS):
        plan = class_plan(nbformat.read(notebook, as_version=4))
        minutes = sum(p["minutes"] for p in plan if p["part"] == "class")
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        assert f"notebooks/{notebook.stem}.html" in cells[1]
        assert re.sub("<[^>]+>", "", cells[3]).strip() == str(minutes) and minutes <= 90
        assert ("–" in cells[4]) == all(p["part"] == "class" for p in plan)
    assert 'href="plan.html"' in (site / "index.html").read_text(encoding="utf-8")


# -- the build itself --------------------------------------------------------------------------
def test_the_build_stops_on_a_reference_to_nothing(tmp_path):
    """A show_source output naming an object the API does not document fails the build."""
    src = tmp_path / "src"
    (src / "notebooks").mkdir(parents=True)
    (src / "index.md").write_text("# Home\n\n```{toctree}\nnotebooks/99_broken\n```\n")
    cell = nbformat.v4.new_code_cell("show_source(nothing)", execution_count=1, outputs=[
        nbformat.v4.new_output("display_data", data={"text/plain": "def nothing(): ..."},
                               metadata={SHOW_SOURCE_KEY: "helpers.nothing_here"})])
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 99 · Broken"), cell])
    nbformat.write(nb, src / "notebooks" / "99_broken.ipynb")
    result = build_site.sphinx_build(src, tmp_path / "out", tmp_path / "doctrees", check=False)
    assert result.returncode != 0
    assert "helpers.nothing_here" in result.stderr
