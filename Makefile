# Two commands on a fresh machine (Python 3 and make):  make run   and   make test
# Every target creates .venv from requirements.txt first when it is missing or out of date.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

.PHONY: run test lab bench clean help data slides chromium student site

help:
	@echo "make run    execute every notebook in place and render HTML to build/html/"
	@echo "make test   unit, student-copy, browser tests and nbval on every notebook"
	@echo "make slides render every notebook to an offline reveal.js deck in build/slides/"
	@echo "make student write the student copies (solutions removed) to build/student/ and nbgrader's course folder to build/course/"
	@echo "make site   the course website (notebooks, API reference, search, decks) in build/site/"
	@echo "make lab    open JupyterLab on notebooks/ (live slides: Alt+R in a notebook)"
	@echo "make bench  speed ratios, the slowest cells, and the time of each step of make test"
	@echo "make data   regenerate data/*.csv from the recipes in helpers.datasets"
	@echo "make clean  remove build/ and the virtual environment"

# requirements.txt ends with `-e .`: one pip call installs the pinned stack and helpers (editable).
# --no-compile: Python compiles a module when it is first imported, so only what is used is
# compiled (about half the install time otherwise).
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-compile -r requirements.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python tools/stable_outputs.py save build/variable_outputs.json $(NOTEBOOKS)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.store_widget_state=False \
	    --ExecutePreprocessor.timeout=600 $(NOTEBOOKS)
	$(BIN)/python tools/stable_outputs.py restore build/variable_outputs.json $(NOTEBOOKS)
	$(BIN)/jupyter nbconvert --to html --output-dir build/html $(NOTEBOOKS)
	@echo "Executed notebooks: notebooks/   Rendered HTML: build/html/"

# nbgrader, for instructors (students need only requirements.txt); make test installs it so
# that tests/test_nbgrader.py runs nbgrader itself (installed once, behind a stamp file).
INSTRUCTOR := $(VENV)/.instructor
$(INSTRUCTOR): $(STAMP) requirements-instructor.txt
	$(BIN)/python -m pip install --quiet -r requirements-instructor.txt
	touch $(INSTRUCTOR)

# One session: unit tests, student copies, nbval and the browser tests share the workers, the
# longest jobs first (tests/conftest.py), so no core idles while the other finishes a notebook.
# The browser tests build the decks, the student copies and the website when they are stale
# (their session fixtures, under a lock), on one worker while the other runs notebooks.
test: $(STAMP) $(INSTRUCTOR) slides/node_modules/.package-lock.json chromium
	$(BIN)/python -m pytest tests notebooks --nbval --nbval-current-env -n auto --dist loadscope \
	    --durations=10

# Offline decks: reveal.js, MathJax 2, require.js and jQuery (and axe-core, for the browser
# tests) pinned in slides/package-lock.json,
# installed into slides/node_modules (git-ignored) and copied next to the decks.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends
VENDOR_STAMP := slides/node_modules/.package-lock.json

$(VENDOR_STAMP): slides/package.json slides/package-lock.json
	command -v npm >/dev/null || ($(APT_INSTALL) npm)
	cd slides && npm ci --no-audit --no-fund --loglevel=error
	touch $(VENDOR_STAMP)

slides: $(STAMP) $(VENDOR_STAMP)
	$(BIN)/python slides/build_decks.py --out build/slides $(NOTEBOOKS)
	@echo "Slide decks: build/slides/*.slides.html (open from disk, no network needed)"

# The browser test of the decks needs Debian's chromium; without it the test is skipped.
chromium:
	@command -v chromium >/dev/null || ($(APT_INSTALL) chromium) \
	    || echo "chromium could not be installed: the browser test of the decks will be skipped"

student: $(STAMP)
	$(BIN)/python student/build_student.py --out build/student --course build/course $(NOTEBOOKS)

# The website: Sphinx (myst-nb, sphinx-book-theme) on the stored notebooks, nothing executed;
# warnings are errors. Works from disk: MathJax comes with the decks, copied in with them.
site: $(STAMP) slides student
	$(BIN)/python website/build_site.py --out build/site

# No "get notified about Jupyter news?" prompt and no update check for a class of students.
lab: $(STAMP)
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp lab/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	$(BIN)/jupyter lab notebooks --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

data: $(STAMP)
	$(BIN)/python -c "from helpers.datasets import write_lecture_csvs; write_lecture_csvs()"

clean:
	rm -rf build $(VENV)
