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

.PHONY: help serve build check test test-fast lint format linkcheck linkcheck-online check-sources system-deps build-system-deps lock clean new-article bench-preview bench-citations
.PHONY: add-reference
.PHONY: lighthouse screenshots bench-build bench-growth bench-cards

# Which engine builds the site: mkdocs (default), properdocs or zensical. Same sources,
# same articles: tests/test_engine_parity.py compares them.
ENGINE ?= mkdocs
# Where `make serve` listens.
ADDR ?= 127.0.0.1:8000

help:
	@echo "make serve             live preview on http://127.0.0.1:8000 (ADDR=host:port)"
	@echo "make test              the whole test suite (sets itself up), as CI runs it"
	@echo "make test-fast         all but the browser and slow tests, in a little over a minute"
	@echo "make check             check docs/, references.bib and docs/data/ in about a second"
	@echo "make build             strict build into site/ (ENGINE=mkdocs|properdocs|zensical;"
	@echo "                       SERIES_TODAY=YYYY-MM-DD: the site as it will be on that day)"
	@echo "make linkcheck         offline check of every internal link of site/"
	@echo "make linkcheck-online  check external links (needs the internet)"
	@echo "make check-sources     retractions, corrections and DOI metadata at Crossref (internet)"
	@echo "make new-article TITLE=\"...\"  start the next part of the series (one new file)"
	@echo "make add-reference DOI=10.xxxx/yyyy [KEY=name2024]  add a source to references.bib"
	@echo "make bench-preview     time from saving an edit to seeing it in make serve (+60 parts)"
	@echo "make lighthouse        Lighthouse scores of every page (benchmark, needs npm)"
	@echo "make bench-build       repeat against cold make build, and cold with 60 more parts"
	@echo "make bench-growth      an article page's weight with 60 more parts (benchmark)"
	@echo "make bench-cards       the social-card step, cold and warm (benchmark)"
	@echo "make screenshots       PNGs of every page (1280 px, 390 px, print) in artifacts/"
	@echo "make bench-citations   build cost of citations (200 pages x 30 citations)"
	@echo "make format            format and fix Python with ruff"
	@echo "make lock              re-resolve constraints.txt after changing pyproject.toml"

# uv installs the locked dependencies about six times faster than pip (22 s against 135 s
# for a fresh test set-up, measured here); pip only installs uv itself, at a pinned version.
# Where PYTHONDONTWRITEBYTECODE is set (many containers and CI images) Python keeps no
# bytecode, so every build a test starts compiled MkDocs and its plugins again (3.3 s against
# 0.7 s for a one-page fixture site, measured here): there, the install compiles it once.
UV_VERSION := 0.13.9
UV := $(BIN)/uv pip install --quiet --python $(BIN)/python --constraint constraints.txt \
	$(if $(PYTHONDONTWRITEBYTECODE),--compile-bytecode)

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)

$(SITE_STAMP): pyproject.toml constraints.txt | $(BIN)/uv
	@# Left by installs before the package moved to src/: it hides the plugin's entry point.
	@rm -rf connection_series.egg-info
	$(UV) --editable '.[engines,check]'
	@touch $@

$(TEST_STAMP): $(SITE_STAMP)
	$(UV) --editable '.[test]'
	@touch $@

# --dirty: a rebuild renders only the edited pages, unless what changed shows on other pages
# (a page's front matter, references.bib, docs/data/, overrides/, mkdocs.yml): the series
# plugin then builds every page (src/connection_series/plugin/rebuilds.py).
serve: build-system-deps $(SITE_STAMP)
	SERIES_STRICT=false $(BIN)/mkdocs serve --dirty --dev-addr $(ADDR)

# MkDocs and ProperDocs run the series plugin (check before, post-build step after).
# Zensical has no plugins: the same check and step run around it, it builds from a copy of
# mkdocs.yml with the series' navigation and held-back parts applied (series zensical-config),
# and --clean drops its page cache (the bibliography page depends on every other page).
# SERIES_TODAY=YYYY-MM-DD builds the site as it will be on that day; the Zensical steps
# share one day even across midnight.
ZENSICAL_CONFIG := .zensical.yml
build: build-system-deps $(SITE_STAMP)
ifeq ($(ENGINE),mkdocs)
	$(BIN)/mkdocs build --strict --site-dir site
else ifeq ($(ENGINE),properdocs)
	$(BIN)/properdocs build --strict --config-file mkdocs.yml --site-dir site
else ifeq ($(ENGINE),zensical)
	export SERIES_TODAY="$${SERIES_TODAY:-$$(date -u +%F)}" && \
	$(BIN)/series check && \
	$(BIN)/series zensical-config $(ZENSICAL_CONFIG) && \
	rm -rf site && \
	$(BIN)/zensical build --strict --clean --config-file $(ZENSICAL_CONFIG) && \
	$(BIN)/series postbuild site --engine "zensical $$($(BIN)/python -c 'from importlib.metadata import version; print(version("zensical"))')"
else
	$(error ENGINE must be mkdocs, properdocs or zensical, not '$(ENGINE)')
endif

# The contributor's quick check: the build's own check of docs/, references.bib and
# docs/data/, and the spelling of docs/; both report every problem before either fails.
check: $(SITE_STAMP)
	@status=0; $(BIN)/series check || status=1; \
	$(BIN)/codespell docs || status=1; exit $$status

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

# Both cores (pytest-xdist): the workers build the real site and the grown copy once between
# them (tests/conftest.py);
# --dist loadfile keeps a file's tests in one worker, in file order, with its fixtures built once.
# PYTHONDONTWRITEBYTECODE emptied: the workers and every build a test starts read our package's
# and pytest's rewritten tests' bytecode instead of compiling them again (collection 7.7 -> 2.8 s).
test: system-deps $(TEST_STAMP) lint
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n 2 --dist loadfile

# The inner loop while writing: every test but the browser (Chromium) and slow ones (three
# engines, the preview, the benchmarks' smoke runs); kinds are pytest markers (pyproject.toml).
test-fast: build-system-deps $(TEST_STAMP) lint
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -m "not browser and not slow" -n 2 --dist loadfile

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

linkcheck: build $(TEST_STAMP)
	$(BIN)/python -m connection_series.links.offline site

linkcheck-online: build $(TEST_STAMP)
	$(BIN)/python -m connection_series.links.external site --report artifacts/linkcheck-online.json

# Online, opt-in, never part of `make test`: notices (retraction, correction, ...) against
# every DOI in references.bib and whether each DOI is registered as the work we describe.
# Answers are kept a day in .cache/sources/. CROSSREF_MAILTO: the contact Crossref asks for.
check-sources: $(TEST_STAMP)
	$(BIN)/python -m connection_series.sources references.bib \
		--report artifacts/check-sources.json --issue-body artifacts/check-sources.md

# Benchmark, not a test: median Lighthouse scores (mobile). Installs lighthouse into .cache/.
lighthouse: system-deps $(TEST_STAMP)
	CHROME_PATH=/usr/bin/chromium $(BIN)/python scripts/bench_lighthouse.py --runs 3

# For reviewing pull requests: every page at 1280 and 390 px wide and as printed.
screenshots: system-deps build $(TEST_STAMP)
	$(BIN)/python scripts/screenshots.py site artifacts/screenshots

bench-preview: $(SITE_STAMP)
	$(BIN)/python scripts/bench_preview.py

bench-build: $(SITE_STAMP)
	$(BIN)/python scripts/bench_build.py

bench-growth: system-deps $(TEST_STAMP)
	$(BIN)/python scripts/bench_page_growth.py

bench-cards: build-system-deps $(SITE_STAMP)
	$(BIN)/python scripts/bench_cards.py

bench-citations: $(SITE_STAMP)
	$(BIN)/python scripts/bench_citations.py

new-article: $(SITE_STAMP)
	@test -n "$(TITLE)" || { echo 'Usage: make new-article TITLE="Title of the article"'; exit 1; }
	@$(BIN)/series new-article "$(TITLE)"

# Asks doi.org (or $$DOI_RESOLVER) for the DOI's data and writes the entry into references.bib.
# The test set-up: the HTTP session comes from the link checker, which needs requests and bs4.
add-reference: $(SITE_STAMP)
	@test -n "$(DOI)" || { echo 'Usage: make add-reference DOI=10.xxxx/yyyy [KEY=name2024]'; exit 1; }
	@$(BIN)/python -m connection_series.contributors.add_reference $(if $(KEY),--key "$(KEY)") "$(DOI)"

# Resolve the newest versions pyproject.toml allows, in a scratch environment, and record them.
lock: | $(BIN)/uv
	$(BIN)/uv pip compile --quiet --extra test --no-header --output-file constraints.txt pyproject.toml
	@echo "constraints.txt updated: commit it with the pyproject.toml change."

clean:
	rm -rf site artifacts .pytest_cache .ruff_cache
