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

.PHONY: help serve build test lint format linkcheck linkcheck-online system-deps build-system-deps lock clean new-article bench-preview bench-citations
.PHONY: add-reference
.PHONY: lighthouse screenshots

help:
	@echo "make serve             live preview on http://127.0.0.1:8000"
	@echo "make test              the whole test suite (sets itself up)"
	@echo "make build             strict build into site/"
	@echo "make linkcheck         offline check of every internal link of site/"
	@echo "make linkcheck-online  check external links (needs the internet)"
	@echo "make new-article TITLE=\"...\"  start a new article from the template"
	@echo "make add-reference DOI=10.xxxx/yyyy [KEY=name2024]  add a source to references.bib"
	@echo "make bench-preview     time from saving an edit to seeing it in make serve"
	@echo "make lighthouse        Lighthouse scores of home and articles (benchmark, needs npm)"
	@echo "make screenshots       PNGs of every page (1280 px, 390 px, print) in artifacts/"
	@echo "make bench-citations   build cost of citations (200 pages x 30 citations)"
	@echo "make format            format and fix Python with ruff"
	@echo "make lock              re-resolve constraints.txt after changing pyproject.toml"

# uv installs the locked dependencies about six times faster than pip (22 s against 135 s
# for a fresh test set-up, measured here); pip only installs uv itself, at a pinned version.
UV_VERSION := 0.13.9
UV := $(BIN)/uv pip install --quiet --python $(BIN)/python --constraint constraints.txt

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)

$(SITE_STAMP): pyproject.toml constraints.txt | $(BIN)/uv
	$(UV) --editable .
	@touch $@

$(TEST_STAMP): $(SITE_STAMP)
	$(UV) --editable '.[test]'
	@touch $@

serve: build-system-deps $(SITE_STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: build-system-deps $(SITE_STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

# System packages the browser and PDF tests need (Chromium); installs them only if missing.
system-deps:
	@bash scripts/install_system_deps.sh test

# Pango and a font, which WeasyPrint needs to draw the planner PDFs at every build.
build-system-deps:
	@bash scripts/install_system_deps.sh build

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/codespell docs

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

bench-preview: $(SITE_STAMP)
	$(BIN)/python scripts/bench_preview.py

bench-citations: $(SITE_STAMP)
	$(BIN)/python scripts/bench_citations.py

new-article: $(SITE_STAMP)
	@test -n "$(TITLE)" || { echo 'Usage: make new-article TITLE="Title of the article"'; exit 1; }
	$(BIN)/python scripts/new_article.py "$(TITLE)"

# Asks doi.org (or $$DOI_RESOLVER) for the DOI's data and writes the entry into references.bib.
# The test set-up: the HTTP session comes from the link checker, which needs requests and bs4.
add-reference: $(TEST_STAMP)
	@test -n "$(DOI)" || { echo 'Usage: make add-reference DOI=10.xxxx/yyyy [KEY=name2024]'; exit 1; }
	@$(BIN)/python -m connection_series.contributors.add_reference $(if $(KEY),--key "$(KEY)") "$(DOI)"

# Resolve the newest versions pyproject.toml allows, in a scratch environment, and record them.
lock: | $(BIN)/uv
	$(BIN)/uv pip compile --quiet --extra test --no-header --output-file constraints.txt pyproject.toml
	@echo "constraints.txt updated: commit it with the pyproject.toml change."

clean:
	rm -rf site artifacts .pytest_cache .ruff_cache
