# Two commands on a fresh machine with Python 3.11 and make:
#   make run    set up, ingest the bundled sample, print the stories found
#   make test   set up with test extras, run ruff and the test suite
PYTHON ?= python3.11
VENV ?= .venv
BIN = $(VENV)/bin
DB ?= out/sample.db

.PHONY: run test lint serve clean eval bench

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (or run: make PYTHON=python3 ...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	@mkdir -p $(dir $(DB))
	$(BIN)/newsdesk ingest --db $(DB) examples/sample
	$(BIN)/newsdesk stories --db $(DB)
	@echo "Next: $(BIN)/newsdesk story 1 --db $(DB)   or   $(BIN)/newsdesk serve --db $(DB)"

test: $(VENV)/.installed-test
	$(BIN)/ruff check newsdesk tests eval benchmarks
	$(BIN)/python -m pytest -q -p no:cacheprovider

serve: $(VENV)/.installed
	$(BIN)/newsdesk serve --db $(DB)

clean:
	rm -rf $(VENV) out .pytest_cache
