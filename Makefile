# Two commands on a fresh machine (Python 3 and make):  make run   and   make test
# Every target creates .venv from requirements.txt first when it is missing or out of date.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

.PHONY: run test lab bench clean help data

help:
	@echo "make run    execute every notebook in place and render HTML to build/html/"
	@echo "make test   unit tests of helpers + nbval on every notebook"
	@echo "make lab    open JupyterLab on notebooks/"
	@echo "make bench  speed ratios against the lecture's reference code"
	@echo "make data   regenerate data/*.csv from the recipes in helpers.datasets"
	@echo "make clean  remove build/ and the virtual environment"

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=600 $(NOTEBOOKS)
	$(BIN)/jupyter nbconvert --to html --output-dir build/html $(NOTEBOOKS)
	@echo "Executed notebooks: notebooks/   Rendered HTML: build/html/"

test: $(STAMP)
	$(BIN)/python -m pytest tests -n auto
	$(BIN)/python -m pytest --nbval --nbval-current-env -n auto --dist loadscope notebooks

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

data: $(STAMP)
	$(BIN)/python -c "from helpers.datasets import write_lecture_csvs; write_lecture_csvs()"

clean:
	rm -rf build $(VENV)
