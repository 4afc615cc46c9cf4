# Two commands set up and run everything on a fresh machine with Python 3.11+:
#   make run   create .venv, install kg, build the reference article into output/
#   make test  create .venv, install kg with test extras, lint, type-check, run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test eval clean

run: $(VENV)/install.stamp
	$(BIN)/kg build --out output

test: $(VENV)/install-test.stamp
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/pytest

eval: $(VENV)/install.stamp
	../shared/eval/run.sh

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build dist
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -name '*.egg-info' -type d -prune -exec rm -rf {} +

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps live inside .venv, so a deleted venv never leaves a stale stamp behind;
# they are redone only when pyproject.toml changes.
$(VENV)/install.stamp: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/install-test.stamp: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/install.stamp
