"""Run a declared list of steps over a built site: every page read and parsed once, the page
steps run over it in the list's order, every page serialised and written once; then the site
steps, over the finished files.

A page step is `run(page, site) -> problems`: it changes `page.tree`. Pages are finished one
at a time and their trees let go, so memory does not grow with the number of pages. A step
that needs to have seen every page (the bibliography's back-links need every page's
citations) says so with two more functions: `gather(page, site)` runs on each page as soon as
it is read, and a page for which `waits(page, site)` holds is kept until every other page is
finished; the waiting pages then go through the steps together, step by step, so each step
sees all of them as the steps before it left them. (In the preview every page waits: its
problem panel lists what the steps found on every page.)

A site step is `run(site) -> problems`, over the written files (the search index reads them)
or what the page steps left in `site.notes`.
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
    gather: Callable[[BuiltPage, Site], None] | None = None
    waits: Callable[[BuiltPage, Site], bool] | None = None


@dataclass(frozen=True)
class SiteStep:
    name: str
    run: Callable[[Site], Iterable[Problem] | None]


@dataclass
class Site:
    """The built site while the steps run: its pages, what the steps found and noted."""

    build: SiteBuild
    pages: list[BuiltPage] = field(default_factory=list)  # every page, in the site's order
    problems: list[Problem] = field(default_factory=list)
    notes: dict = field(default_factory=dict)  # what a step leaves for later ones (by name)

    @property
    def root(self) -> Path:
        return self.build.site_dir


def page_files(build: SiteBuild) -> list[tuple[Path, str, Path | None]]:
    """(file, where, Markdown source) of every built page, in the site's order."""
    sources = source_map(build.docs_dir)  # built page -> "docs/about.md"
    found = []
    for file in sorted(build.site_dir.rglob("*.html")):
        where = file.relative_to(build.site_dir).as_posix()
        source = sources.get(where)
        found.append((file, where, build.docs_dir.parent / source if source else None))
    return found


def run_steps(
    build: SiteBuild, page_steps: Iterable[PageStep], site_steps: Iterable[SiteStep]
) -> list[Problem]:
    page_steps = tuple(page_steps)
    site = Site(build)
    waiting = []
    for file, where, source_file in page_files(build):
        page = BuiltPage.read(file, where, source_file, build.root)
        site.pages.append(page)
        for step in page_steps:
            if step.gather is not None:
                step.gather(page, site)
        if any(step.waits is not None and step.waits(page, site) for step in page_steps):
            waiting.append(page)
            continue
        for step in page_steps:
            site.problems += step.run(page, site) or []
        page.write()
    for step in page_steps:
        for page in waiting:
            site.problems += step.run(page, site) or []
    for page in waiting:
        page.write()
    for site_step in site_steps:
        site.problems += site_step.run(site) or []
    return site.problems
