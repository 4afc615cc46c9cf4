# Two commands set up and run everything on a fresh machine with Python 3.11+:
#   make run   create .venv, install kg, build the reference article into output/
#   make test  create .venv, install kg with test extras, lint, type-check, run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test eval bench bench-load clean chromium virtuoso

run: $(VENV)/install.stamp
	$(BIN)/kg build --out output
	$(BIN)/kg export --format svg
	$(BIN)/kg export --format png
	$(BIN)/kg export --format html

test: $(VENV)/install-test.stamp
	@test -x /usr/bin/chromium || $(MAKE) --no-print-directory chromium
	@test -x /usr/bin/virtuoso-t || $(MAKE) --no-print-directory virtuoso
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/pytest

# Debian's Chromium, for the graph page test (never a browser download). apt waits for a lock
# another apt holds; `apt-get update` runs only when the install alone fails; a failure here
# does not stop `make test` (the page test then says what is missing).
chromium:
	@test -x /usr/bin/chromium || { export DEBIAN_FRONTEND=noninteractive; \
	  apt="apt-get -q -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3"; \
	  $$apt install -y --no-install-recommends chromium \
	  || { $$apt update && $$apt install -y --no-install-recommends chromium; } \
	  || echo "warning: could not install chromium; the graph page test will fail"; }

# Debian's Virtuoso, for the kg load tests (the fixture runs its own scratch instance; the
# package's service is never started). DEBIAN_FRONTEND=noninteractive skips the debconf
# questions for a DBA password. As for chromium, a failure here does not stop `make test`.
virtuoso:
	@test -x /usr/bin/virtuoso-t || { export DEBIAN_FRONTEND=noninteractive; \
	  apt="apt-get -q -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3"; \
	  $$apt install -y virtuoso-opensource \
	  || { $$apt update && $$apt install -y virtuoso-opensource; } \
	  || echo "warning: could not install virtuoso-opensource; the Virtuoso load tests will fail"; }

eval: $(VENV)/install.stamp
	@../shared/eval/run.sh

# Corpus-scale benchmark: kg build of 1,000, 10,000 and 100,000 synthetic articles against
# pyoxigraph's parse + serialize of the same graph, and the competency queries on Oxigraph
# (about 40 minutes on 2 cores, 20 GB of disk; not part of make test). BENCH_ARGS=--rdflib
# adds rdflib's round trip and queries.
bench: $(VENV)/install.stamp
	$(BIN)/python bench/bench.py $(BENCH_ARGS)

# kg load into Oxigraph and Virtuoso (started on loopback, as the tests do): triples/s for a
# graph of more than 100,000 triples (a few minutes; not part of make test).
bench-load: $(VENV)/install-test.stamp
	@test -x /usr/bin/virtuoso-t || $(MAKE) --no-print-directory virtuoso
	$(BIN)/python bench/load.py

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
