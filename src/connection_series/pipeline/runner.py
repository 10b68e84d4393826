"""Run a declared list of steps over a built site: every page read and parsed once, every
page step run over every page in the list's order, every page serialised and written once;
then the site steps, over the finished files.

A page step is `step(page, site) -> problems`; it changes `page.tree` and may read any other
page of `site` (the back-links read every page's citations). Each step runs over all pages
before the next starts, so a step sees every page as the steps before it left them. A site
step is `step(site) -> problems` and works on the written files (the search index reads
them) or on what the pages told it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from connection_series.common.errors import Problem
from connection_series.common.site_sources import source_map
from connection_series.pipeline.page import BuiltPage

if TYPE_CHECKING:
    from connection_series.postbuild import SiteBuild


@dataclass(frozen=True)
class PageStep:
    name: str
    run: Callable[[BuiltPage, Site], Iterable[Problem] | None]


@dataclass(frozen=True)
class SiteStep:
    name: str
    run: Callable[[Site], Iterable[Problem] | None]


@dataclass
class Site:
    """The built site while the steps run: its pages, parsed, and what every step found."""

    build: SiteBuild
    pages: list[BuiltPage]
    problems: list[Problem] = field(default_factory=list)
    notes: dict = field(default_factory=dict)  # what a step leaves for later ones (by name)

    @property
    def root(self) -> Path:
        return self.build.site_dir

    def page(self, where: str) -> BuiltPage | None:
        return next((page for page in self.pages if page.where == where), None)


def read_site(build: SiteBuild) -> Site:
    sources = source_map(build.docs_dir)  # built page -> "docs/about.md"
    pages = []
    for file in sorted(build.site_dir.rglob("*.html")):
        where = file.relative_to(build.site_dir).as_posix()
        source = sources.get(where)
        source_file = build.docs_dir.parent / source if source else None
        pages.append(BuiltPage.read(file, where, source_file, build.root))
    return Site(build, pages)


def run_steps(
    build: SiteBuild, page_steps: Iterable[PageStep], site_steps: Iterable[SiteStep]
) -> list[Problem]:
    site = read_site(build)
    for step in page_steps:
        for page in site.pages:
            site.problems += step.run(page, site) or []
    for page in site.pages:
        page.file.write_text(page.html(), encoding="utf-8")
    for site_step in site_steps:
        site.problems += site_step.run(site) or []
    return site.problems
