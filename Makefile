# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint types pytest eval bench check clean browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## browser: Debian's Chromium for the browser tests (Playwright cannot download its own here)
CHROMIUM := /usr/bin/chromium
browser: $(CHROMIUM)
$(CHROMIUM):
	@echo "$(CHROMIUM) is missing: installing Debian's chromium with apt-get"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

## run: set up, then run the bot (Telegram if TELEGRAM_BOT_TOKEN is set, else a terminal chat)
run: $(STAMP)
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ]; then $(BIN)/faqbot run; else $(BIN)/faqbot chat; fi

## test: set up, then lint, type-check and run the whole test suite
test: $(STAMP) lint types pytest

lint: $(STAMP)
	$(BIN)/ruff check bot handlers tests benchmarks
	$(BIN)/ruff format --check bot handlers tests benchmarks

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) $(CHROMIUM)
	$(BIN)/pytest -q

check: $(STAMP)
	$(BIN)/faqbot check

eval: $(STAMP)
	$(BIN)/faqbot eval tests/eval/questions.yaml

bench: $(STAMP)
	$(BIN)/python benchmarks/matcher.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
