# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AXE := node_modules/axe-core/axe.min.js
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

YAMLLS := tests/editor/node_modules/.installed

.PHONY: run test lint types pytest browser eval bench check clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# yaml-language-server, the engine of staff's editors, for tests/test_editor.py
$(YAMLLS): tests/editor/package.json tests/editor/package-lock.json
	npm ci --prefix tests/editor --no-audit --no-fund --loglevel=error
	touch $(YAMLLS)

## run: set up, then serve the web chat (prints its address), and Telegram if TELEGRAM_BOT_TOKEN is set
run: $(STAMP)
	$(BIN)/faqbot run

## test: set up, then lint, type-check and run the whole test suite
test: $(STAMP) lint types pytest

lint: $(STAMP)
	$(BIN)/ruff check bot handlers tests benchmarks
	$(BIN)/ruff format --check bot handlers tests benchmarks

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) browser $(YAMLLS)
	$(BIN)/pytest -q

## browser: what the browser tests need: Debian's Chromium and axe-core (pinned in package.json)
browser: $(CHROMIUM) $(AXE)

$(CHROMIUM):
	@echo "$(CHROMIUM) is missing: installing Debian's chromium package with apt-get (browser tests)"
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq chromium

$(AXE): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: installing Debian's npm package with apt-get (axe-core)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq npm; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

check: $(STAMP)
	$(BIN)/faqbot check

eval: $(STAMP)
	$(BIN)/faqbot eval tests/eval/questions.yaml

bench: $(STAMP)
	$(BIN)/python benchmarks/matcher.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache node_modules tests/editor/node_modules
