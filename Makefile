# hrsync: every target installs what it needs (uv is bootstrapped with pip when missing).
SHELL := /bin/bash
PYTHON ?= python3
TOOLS := .tools
UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)
SYNCED := .venv/.synced
export UV_PYTHON_DOWNLOADS := never
# Compile bytecode at install: with PYTHONDONTWRITEBYTECODE=1 (CI images, containers) nothing
# is ever compiled later, and every start of Prefect's server pays ~12 s of CPU to parse source.
export UV_COMPILE_BYTECODE := 1

.PHONY: demo test browser lint serve emulate clean help bench bytecode

help:
	@echo "make demo   - sync the demo tenant against the emulators (first command)"
	@echo "make test   - run the whole test suite (second command; CI runs this)"
	@echo "make lint   - ruff + mypy"
	@echo "make emulate - serve both emulators with demo data on 127.0.0.1:8101/8102"
	@echo "make bench  - the flow benchmark (SIZES=\"1000 10000\"): sync vs floor, bench/results/"

$(TOOLS)/bin/uv:
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv

$(SYNCED): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

# hrsync's own modules as bytecode too (uv compiles the installed packages only, and the project
# is installed editable): with PYTHONDONTWRITEBYTECODE=1 every `hrsync` process, the tests'
# many included, would parse ~300 modules afresh (~0.4 s each start). Only changed files are
# compiled again.
PACKAGES := bench cli clients config deployments emulators flows ledger schemas tasks
bytecode: $(SYNCED)
	@.venv/bin/python -m compileall -q -j0 $(PACKAGES)

# The demo keeps its Prefect database (embedded SQLite) in .demo/, apart from ~/.prefect.
demo: export PREFECT_HOME ?= $(CURDIR)/.demo/prefect
demo: export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
demo: bytecode
	@mkdir -p $(PREFECT_HOME)
	$(UV) run --frozen hrsync demo $(ARGS)

test: bytecode browser
	$(UV) run --frozen pytest

# Debian's headless Chromium for the Prefect UI test (tests/ui), installed only when missing;
# Playwright drives it as is (never `playwright install`, which downloads a browser of its own).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
browser: /usr/bin/chromium

/usr/bin/chromium:
	$(SUDO) apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

lint: $(SYNCED)
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy

emulate: bytecode
	$(UV) run --frozen hrsync emulate

# Prefect server + UI on :4200, the emulators with demo data, and the demo tenants' deployments.
serve: bytecode
	$(UV) run --frozen hrsync up

clean:
	rm -rf .venv $(TOOLS) .demo .mypy_cache .ruff_cache .pytest_cache

# The flow benchmark (bench/README.md): the real syncs on a Prefect server beside their floor.
SIZES ?= 1000
bench: bytecode
	$(UV) run --frozen python -m bench.flow_benchmark --sizes $(SIZES) $(ARGS)
