# Two entry points: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
export CORDON_HOME ?= $(CURDIR)/.cordon
# The suite waits on PostgreSQL, chromium and Spark: 3 workers on 2 cores took 450 s, 2 took 515 s.
TEST_WORKERS ?= 3
SHARED_LISTS := $(abspath ../shared/data/lists)
CORDON_LISTS ?= $(if $(wildcard $(SHARED_LISTS)),$(SHARED_LISTS),)

.PHONY: run test install install-dev install-bench lint format bench system-check browser clean

run: install
	$(BIN)/cordon init
	@if [ -n "$(CORDON_LISTS)" ]; then $(BIN)/cordon lists load $(CORDON_LISTS); \
	  else $(BIN)/cordon lists fetch; fi
	$(BIN)/cordon resolve
	$(BIN)/cordon demo
	$(BIN)/cordon serve --host 127.0.0.1 --port 8000

test: install-dev browser
	$(BIN)/ruff check cordon tests benchmarks
	$(BIN)/ruff format --check cordon tests benchmarks
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

bench: install-bench
	$(BIN)/python -m benchmarks.load_lists
	$(BIN)/python -m benchmarks.screening

lint: install-dev
	$(BIN)/ruff check --fix cordon tests benchmarks
	$(BIN)/ruff format cordon tests benchmarks

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
install-bench: $(VENV)/.installed-bench

browser:
	@bash scripts/browser.sh

system-check:
	@bash scripts/system-check.sh

$(VENV)/bin/python:
	@bash scripts/system-check.sh
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(VENV)/bin/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/bin/python requirements-dev.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(VENV)/.installed $@

clean:
	rm -rf $(VENV) .cordon .pytest_cache

$(VENV)/.installed-bench: $(VENV)/bin/python requirements-bench.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-bench.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(VENV)/.installed $(VENV)/.installed-dev $@
