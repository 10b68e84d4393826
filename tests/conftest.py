"""Fixtures shared by every test. Every site test runs twice in one session: over the real
site and over the grown copy (tests/support/grown_site.py: the real project with an article,
a reference, two statistics and a planner change added the documented way), each built once,
strictly. Every test has a kind (unit, site, browser; tests/support/kinds.py), checked at
collection."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from filelock import FileLock
from support import kinds

# Fixture sites, defined here so every module shares one build of each.
from support.citation_sites import citing_site  # noqa: F401
from support.grown_site import grow
from support.hostile_site import hostile_site  # noqa: F401
from support.site_helpers import REPO, BuiltSite, build
from support.sites import GROWN, PAGE_ARGUMENTS, REAL, SiteSources
from support.trust_sites import bad_site, good_site  # noqa: F401

# The reader's system setting, as Chromium reports it to `prefers-color-scheme`.
COLOR_SCHEMES = ["light", "dark"]
SITES = pytest.StashKey[dict[str, SiteSources]]()
# Why the grown copy could not be made (the real sources broken, say), for one test to say.
GROWTH_PROBLEM = pytest.StashKey[str]()


def page_id(url_path: str) -> str:
    return url_path.strip("/") or "home"


def pytest_configure(config: pytest.Config) -> None:
    """The grown copy is made at collection (a copy and `series new-article`, well under a
    second), so that its pages parametrize the tests; it is built only if a test needs it."""
    folder = Path(tempfile.mkdtemp(prefix="grown-copy-"))
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    config.stash[SITES] = {REAL: SiteSources(REAL, REPO)}
    try:
        growth = grow(REPO, folder / "project")
    except Exception as error:  # reported by tests/test_grown_site.py, in one line
        config.stash[GROWTH_PROBLEM] = f"{type(error).__name__}: {error}"
        return
    config.stash[SITES][GROWN] = SiteSources(GROWN, growth.project, growth.changed_pages)


def site_sources(config: pytest.Config, name: str) -> SiteSources:
    """A site's sources; if the grown copy could not be made, one line saying why."""
    if name not in config.stash[SITES]:
        problem = config.stash.get(GROWTH_PROBLEM, "unknown")
        pytest.fail(f"the grown copy could not be made: {problem}", pytrace=False)
    return config.stash[SITES][name]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test of the built site runs once per site (`site_name`), and a page parameter
    (`site_page`, `article_page`, `nav_page`) takes that site's pages; `color_scheme` once
    per scheme."""
    if "color_scheme" in metafunc.fixturenames:
        metafunc.parametrize("color_scheme", COLOR_SCHEMES)
    if "built_site" not in metafunc.fixturenames:
        return
    sites = metafunc.config.stash[SITES].values()
    browser = kinds.needed_kind(metafunc.fixturenames) == "browser" or any(
        mark.name == "browser" for mark in metafunc.definition.iter_markers()
    )
    argument = next((name for name in PAGE_ARGUMENTS if name in metafunc.fixturenames), None)
    if argument is None:
        metafunc.parametrize("site_name", [site.name for site in sites])
        return
    cases = [(site.name, page) for site in sites for page in site.pages_for(argument, browser)]
    metafunc.parametrize(
        ["site_name", argument],
        cases,
        ids=[f"{name}-{page_id(page)}" for name, page in cases],
    )


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


class Sites:
    """Each site built once, when a test first needs it, and served once over HTTP."""

    def __init__(self, config: pytest.Config, folders, stack: contextlib.ExitStack):
        self.config, self.folders, self.stack = config, folders, stack
        self.built: dict[str, BuiltSite] = {}
        self.served: dict[str, str] = {}

    def site(self, name: str) -> BuiltSite:
        if name not in self.built:
            sources = site_sources(self.config, name)
            self.built[name] = BuiltSite(*self._built_once(name, sources), sources)
        return self.built[name]

    def _built_once(self, name: str, sources: SiteSources) -> tuple[Path, str]:
        """The site's strict build, once for the whole run: under pytest-xdist (make test),
        the first worker that needs it builds it in the workers' shared temporary folder and
        the others read it (xdist's documented recipe for a session fixture, with filelock)."""
        shared = self.folders.getbasetemp()
        if os.environ.get("PYTEST_XDIST_WORKER"):
            shared = shared.parent
        site_dir, log = shared / f"site-{name}", shared / f"site-{name}.log"
        with FileLock(shared / f"site-{name}.lock"):
            if not log.exists():
                result = build(sources.config_file, site_dir)
                if result.returncode != 0:
                    pytest.fail(
                        f"The strict build of the {name} site failed:\n{result.output}",
                        pytrace=False,
                    )
                log.write_text(result.output, encoding="utf-8")
        return site_dir, log.read_text(encoding="utf-8")

    def url(self, name: str) -> str:
        from connection_series.devtools.browser import serve_directory

        if name not in self.served:
            self.served[name] = self.stack.enter_context(serve_directory(self.site(name).root))
        return self.served[name]


@pytest.fixture(scope="session")
def sites(request, tmp_path_factory: pytest.TempPathFactory):
    with contextlib.ExitStack() as stack:
        yield Sites(request.config, tmp_path_factory, stack)


@pytest.fixture
def built_site(sites: Sites, site_name: str) -> BuiltSite:
    """The real site or the grown copy (the test runs over both), built strictly once per
    session (`sites`); function-scoped, so that pytest keeps the tests in file order."""
    return sites.site(site_name)


@pytest.fixture(scope="session")
def real_site(sites: Sites) -> BuiltSite:
    """The real site only: for a test of a tool that uses the built site as its material
    (planted breakage, the other engines' builds), not for a test of the site."""
    return sites.site(REAL)


@pytest.fixture
def scratch_repo(tmp_path: Path) -> Path:
    """The site's sources copied, so a test (the article scaffold's) can change them freely."""
    from connection_series.devtools.project import copy_project

    return copy_project(REPO, tmp_path)


@pytest.fixture
def site_url(sites: Sites, built_site: BuiltSite) -> str:
    """The built site served over HTTP on 127.0.0.1 (some browser features need http://)."""
    return sites.url(built_site.name)


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
