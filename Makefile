# The two set-up commands of the README. Both work on a machine with only Python 3.11, pip and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB ?= storytrail-demo.db

.PHONY: demo test lint install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[all]'

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/storytrail analyze examples/seeds --metadata examples/seeds-metadata.csv --db $(DEMO_DB)
	$(BIN)/storytrail stats --db $(DEMO_DB)
	$(BIN)/storytrail export --db $(DEMO_DB) --what quotes --format jsonl -o demo-quotes.jsonl
	@echo "first quotes (all in demo-quotes.jsonl):"
	@head -n 3 demo-quotes.jsonl

test: install-dev
	$(BIN)/python -m pytest -q

lint: install-dev
	$(BIN)/ruff check src tests benchmarks training docs scripts
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm demo-quotes.jsonl
