# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

EDITOR := tests/editor/node_modules/.installed

.PHONY: run test lint types pytest eval bench check clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# yaml-language-server, the engine of staff's editors, for tests/test_editor.py
$(EDITOR): tests/editor/package.json tests/editor/package-lock.json
	npm ci --prefix tests/editor --no-audit --no-fund --loglevel=error
	touch $(EDITOR)

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

pytest: $(STAMP) $(EDITOR)
	$(BIN)/pytest -q

check: $(STAMP)
	$(BIN)/faqbot check

eval: $(STAMP)
	$(BIN)/faqbot eval tests/eval/questions.yaml

bench: $(STAMP)
	$(BIN)/python benchmarks/matcher.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache tests/editor/node_modules
