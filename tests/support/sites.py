"""The two sites every site test runs over: the real one and the grown copy.

What a test needs to know about a site before it is built (its pages, articles, the pages a
browser test opens) is read here from the site's own sources, never listed in the tests:
pytest parametrizes each test with it at collection (tests/conftest.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from support.content_pages import article_pages, nav_pages
from support.site_helpers import public_sources, source_page_urls

REAL, GROWN = "real", "grown"


@dataclass(frozen=True)
class SiteSources:
    name: str  # REAL or GROWN, in the tests' ids
    project: Path  # mkdocs.yml, docs/, references.bib, overrides/
    # The pages a browser test opens on this site (every page of the real site; on the grown
    # copy, the pages the growth changed: the browser has seen the rest on the real site).
    browser_pages: tuple[str, ...] = field(default=())

    @property
    def docs(self) -> Path:
        return self.project / "docs"

    @property
    def config_file(self) -> Path:
        return self.project / "mkdocs.yml"

    @property
    def pages(self) -> list[str]:
        """Every HTML page the build writes: one per Markdown file in docs/ (so a new page is
        covered without editing a list) plus the theme's 404 page."""
        return [*source_page_urls(self.docs), "404.html"]

    @property
    def public_sources(self) -> list[Path]:
        """The Markdown files the public build makes pages of (no part that is not public)."""
        return public_sources(self.docs)

    @property
    def nav_pages(self) -> list[str]:
        return nav_pages(self.config_file)

    @property
    def article_pages(self) -> list[str]:
        return article_pages(self.config_file, self.docs)

    def pages_for(self, argument: str, browser: bool) -> list[str]:
        """The pages a test parameter (`site_page`, `article_page`, `nav_page`) takes."""
        pages = {
            "site_page": self.pages,
            "article_page": self.article_pages,
            "nav_page": self.nav_pages,
        }[argument]
        if browser and self.browser_pages:
            return [page for page in pages if page in self.browser_pages]
        return pages


PAGE_ARGUMENTS = ("site_page", "article_page", "nav_page")
