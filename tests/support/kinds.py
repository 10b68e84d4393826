"""Every test has one kind, so `make test-fast` can leave out what is slow to run.

- unit: no built site and no browser (pure functions, extensions in process, the check);
- site: reads the built sites (the real one and the grown copy) or builds a fixture site;
- browser: drives Chromium (implies a site).

A test file declares its kind with `pytestmark = pytest.mark.unit` (or `site`, `browser`); a
test may declare its own instead when its file has none. `slow` is added on top of a kind for
what dominates the suite's time (three engines, the preview, the benchmarks' smoke runs).

The fixtures a test uses say the least kind it can be: a test that uses the browser is a
browser test, one that uses a built site is a site test. Collection stops with one line when
a test has no kind, two kinds, or a kind less than its fixtures need.
"""

from __future__ import annotations

import os

import pytest

# Cheapest first: a kind may be declared higher than its fixtures need, never lower.
KINDS = ("unit", "site", "browser")
# Fixtures that start Chromium (`page`, `scheme_page` and the test files' own pages use it).
BROWSER_FIXTURES = frozenset({"browser"})
# Fixtures that build a site (tests/conftest.py and the fixture sites in tests/support/).
SITE_FIXTURES = frozenset(
    {
        "built_site",
        "real_site",
        "sites",
        "site_url",
        "good_site",
        "bad_site",
        "citing_site",
        "hostile_site",
    }
)
# Set while a test runs, so the site builders can refuse to run in a unit test.
KIND_VARIABLE = "SERIES_TEST_KIND"
HOW = "add `pytestmark = pytest.mark.unit` (or site, browser) under its imports"


def needed_kind(fixturenames) -> str:
    names = set(fixturenames)
    if names & BROWSER_FIXTURES:
        return "browser"
    if names & SITE_FIXTURES:
        return "site"
    return "unit"


def declared_kinds(item: pytest.Item) -> set[str]:
    return {mark.name for mark in item.iter_markers() if mark.name in KINDS}


def kind_of(item: pytest.Item) -> str:
    (kind,) = declared_kinds(item)
    return kind


def settle_kind(item: pytest.Item) -> str | None:
    """Give an undeclared test the kind its fixtures need; what is wrong, in one line."""
    declared = declared_kinds(item)
    needed = needed_kind(item.fixturenames)
    if len(declared) > 1:
        return f"{place(item)}: two kinds ({', '.join(sorted(declared))}); give it one"
    if not declared:
        if needed == "unit":
            return f"{file_of(item)}: tests with no kind (unit, site or browser): {HOW}"
        item.add_marker(needed)
        return None
    (kind,) = declared
    if KINDS.index(kind) < KINDS.index(needed):
        fixtures = sorted(set(item.fixturenames) & (BROWSER_FIXTURES | SITE_FIXTURES))
        return (
            f"{place(item)}: marked {kind} but uses {', '.join(fixtures)}: "
            f"mark it {needed} (move it to a {needed} test file)"
        )
    return None


def file_of(item: pytest.Item) -> str:
    return item.nodeid.split("::")[0]


def place(item: pytest.Item) -> str:
    """The test without its parameters: one line for all its cases."""
    return f"{file_of(item)}::{getattr(item, 'originalname', item.name)}"


def check_kinds(items: list[pytest.Item]) -> None:
    problems = dict.fromkeys(line for line in map(settle_kind, items) if line)
    if problems:
        raise pytest.UsageError("\n".join(problems))


def refuse_in_unit_test(what: str) -> None:
    """Called by the site builders: a unit test that builds a site is a site test."""
    if os.environ.get(KIND_VARIABLE) == "unit":
        current = os.environ.get("PYTEST_CURRENT_TEST", "this test").split(" ")[0]
        pytest.fail(f"{current}: a unit test {what}: mark it site", pytrace=False)
