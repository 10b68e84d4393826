"""Fixtures shared by every test: the real site is built once per session, strictly.
Every test has a kind (unit, site, browser; tests/support/kinds.py), checked at collection."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import kinds

# Fixture sites, defined here so every module shares one build of each.
from support.citation_sites import citing_site  # noqa: F401
from support.content_pages import article_pages, nav_pages
from support.hostile_site import hostile_site  # noqa: F401
from support.site_helpers import REPO, BuiltSite, build, source_page_urls
from support.trust_sites import bad_site, good_site  # noqa: F401

# Every page in the navigation, as URL paths relative to the site root, found from mkdocs.yml;
# the articles among them are the pages whose front matter has the article fields.
NAV_PAGES = nav_pages(REPO / "mkdocs.yml")
ARTICLE_PAGES = article_pages(REPO / "mkdocs.yml", REPO / "docs")
# Every HTML page the build writes: one per Markdown file in docs/ (so a new page is covered
# without editing a list) plus the theme's 404 page. A test checks this against the built site.
SITE_PAGES = [*source_page_urls(), "404.html"]
# The reader's system setting, as Chromium reports it to `prefers-color-scheme`.
COLOR_SCHEMES = ["light", "dark"]


def page_id(url_path: str) -> str:
    return url_path.strip("/") or "home"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`site_page` runs a test once per built page, `color_scheme` once per scheme."""
    if "site_page" in metafunc.fixturenames:
        metafunc.parametrize("site_page", SITE_PAGES, ids=page_id)
    if "color_scheme" in metafunc.fixturenames:
        metafunc.parametrize("color_scheme", COLOR_SCHEMES)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    kinds.check_kinds(items)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item):
    """Tell the site builders the running test's kind (they refuse to run in a unit test)."""
    os.environ[kinds.KIND_VARIABLE] = kinds.kind_of(item)
    try:
        return (yield)
    finally:
        del os.environ[kinds.KIND_VARIABLE]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    site_dir = tmp_path_factory.mktemp("site")
    result = build(REPO / "mkdocs.yml", site_dir)
    if result.returncode != 0:
        pytest.fail(f"The strict build of the real site failed:\n{result.output}", pytrace=False)
    return BuiltSite(site_dir, result.output)


@pytest.fixture
def scratch_repo(tmp_path: Path) -> Path:
    """The site's sources copied, so a test (the article scaffold's) can change them freely."""
    from connection_series.devtools.project import copy_project

    return copy_project(REPO, tmp_path)


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site served over HTTP on 127.0.0.1 (some browser features need http://)."""
    from connection_series.devtools.browser import serve_directory

    with serve_directory(built_site.root) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, one instance for the whole session."""
    from playwright.sync_api import sync_playwright

    from connection_series.devtools.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies or storage carried over) and one page in it."""
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def scheme_page(browser, color_scheme):
    """Like `page`, with the system colour scheme set (Material follows it) and no animations."""
    context = browser.new_context(color_scheme=color_scheme, reduced_motion="reduce")
    tab = context.new_page()
    yield tab
    context.close()
