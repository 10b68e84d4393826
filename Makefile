# The two commands a newcomer needs: `make serve` and `make test`. Each sets itself up:
# it creates .venv and installs the locked dependencies (constraints.txt) the first time,
# and again only when pyproject.toml or constraints.txt change.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Material 9.8 prints a notice about MkDocs 2 on every run; this project pins mkdocs<2.
export NO_MKDOCS_2_WARNING := 1

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: help serve build test lint format linkcheck linkcheck-online lighthouse screenshots \
	system-deps lock clean

help:
	@echo "make serve             live preview on http://127.0.0.1:8000"
	@echo "make test              the whole test suite (sets itself up)"
	@echo "make build             strict build into site/"
	@echo "make linkcheck         offline check of every internal link of site/"
	@echo "make linkcheck-online  check external links (needs the internet)"
	@echo "make lighthouse        Lighthouse scores of home and articles (benchmark, needs npm)"
	@echo "make screenshots       PNGs of every page (1280 px, 390 px, print) in artifacts/"
	@echo "make format            format and fix Python with ruff"
	@echo "make lock              re-resolve constraints.txt after changing pyproject.toml"

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(SITE_STAMP): pyproject.toml constraints.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable .
	@touch $@

$(TEST_STAMP): $(SITE_STAMP)
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable '.[test]'
	@touch $@

serve: $(SITE_STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(SITE_STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

# System packages the browser and PDF tests need (Chromium); installs them only if missing.
system-deps:
	@bash scripts/install_system_deps.sh

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: system-deps $(TEST_STAMP) lint
	$(BIN)/pytest

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

linkcheck: build $(TEST_STAMP)
	$(BIN)/python scripts/check_links_offline.py site

linkcheck-online: build $(TEST_STAMP)
	$(BIN)/python scripts/check_links_external.py site --report artifacts/linkcheck-online.json

# Benchmark, not a test: median Lighthouse scores (mobile). Installs lighthouse into .cache/.
lighthouse: system-deps $(TEST_STAMP)
	$(BIN)/python scripts/bench_lighthouse.py --runs 3

# For reviewing pull requests: every page at 1280 and 390 px wide and as printed.
screenshots: system-deps build $(TEST_STAMP)
	$(BIN)/python scripts/screenshots.py site artifacts/screenshots

# Resolve the newest versions pyproject.toml allows, in a scratch environment, and record them.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --editable '.[test]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e ' > constraints.txt
	rm -rf .lock-venv
	@echo "constraints.txt updated: commit it with the pyproject.toml change."

clean:
	rm -rf site artifacts .pytest_cache .ruff_cache
