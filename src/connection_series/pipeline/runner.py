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

Each step says which builds run it: `site` (a build of the site, by any engine) and
`preview` (`make serve`). An incremental rebuild of the preview (`SiteBuild.rebuilt`: the
pages the engine wrote again, the others finished by an earlier build) runs the page steps
on those pages only: the steps are not idempotent (a second byline). A site step over the
whole site (`whole_site`: the search index, the feeds) does not run then, and what it wrote
last stays. A page step whose addition to every page depends only on a value of the site
(`shows`: the problem panel) runs again on the pages not rebuilt when that value changed,
and replaces what it added there. What the steps found on the pages not rebuilt is
remembered from the build that found it (`Earlier`), so a rebuild reports it still.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
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
    # What the step adds to a page depends only on this value (and the page): in an
    # incremental rebuild the step runs again on the pages not rebuilt when it changed.
    shows: Callable[[Site], Hashable] | None = None
    site: bool = True  # runs in a build of the site (make build, every engine)
    preview: bool = True  # runs in the preview (make serve)


@dataclass(frozen=True)
class SiteStep:
    name: str
    run: Callable[[Site], Iterable[Problem] | None]
    # Over the whole site (every page, the sitemap): not in an incremental rebuild, after
    # which what it wrote last stays.
    whole_site: bool = False
    site: bool = True
    preview: bool = True


@dataclass(frozen=True)
class Earlier:
    """What the preview's earlier builds left for an incremental rebuild."""

    # Built page ("about/index.html") -> what the page steps found on it when it was built.
    page_problems: Mapping[str, tuple[Problem, ...]] = field(default_factory=dict)
    # Site step -> what it found when it last ran.
    site_problems: Mapping[str, tuple[Problem, ...]] = field(default_factory=dict)
    # Page step -> the value of its `shows` that the pages carry.
    shown: Mapping[str, Hashable] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    problems: list[Problem]  # every problem, each once
    earlier: Earlier  # what the next incremental rebuild needs from this build


@dataclass
class Site:
    """The built site while the steps run: its pages, what the steps found and noted."""

    build: SiteBuild
    pages: list[BuiltPage] = field(default_factory=list)  # the pages built, in the site's order
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


def runs_in(step: PageStep | SiteStep, build: SiteBuild) -> bool:
    return step.preview if build.preview else step.site


def run_steps(
    build: SiteBuild, page_steps: Iterable[PageStep], site_steps: Iterable[SiteStep]
) -> Outcome:
    page_steps = tuple(step for step in page_steps if runs_in(step, build))
    site_steps = tuple(step for step in site_steps if runs_in(step, build))
    earlier = build.earlier if build.rebuilt is not None else Earlier()
    files = page_files(build)
    rebuilt = {where for _, where, _ in files if build.rebuilt is None or where in build.rebuilt}
    site = Site(build)
    for _, where, _ in files:  # what the steps found on the pages not rebuilt, as they found it
        if where not in rebuilt:
            site.problems += earlier.page_problems.get(where, ())
    found = _build_pages(files, rebuilt, page_steps, site)
    shown = _refresh(files, rebuilt, page_steps, site, earlier)
    site_problems = {}
    for site_step in site_steps:
        if build.rebuilt is not None and site_step.whole_site:
            problems = list(earlier.site_problems.get(site_step.name, ()))  # reported still
        else:
            problems = list(site_step.run(site) or [])
        site.problems += problems
        site_problems[site_step.name] = tuple(problems)
    page_problems = {
        where: found.get(where, ()) if where in rebuilt else earlier.page_problems.get(where, ())
        for _, where, _ in files
    }
    return Outcome(list(dict.fromkeys(site.problems)), Earlier(page_problems, site_problems, shown))


def _build_pages(files, rebuilt: set[str], page_steps, site: Site) -> dict[str, tuple]:
    """Every page step over the pages to build; what the steps found, by page."""
    found: dict[str, list[Problem]] = {}

    def run(step: PageStep, page: BuiltPage) -> None:
        problems = list(step.run(page, site) or [])
        site.problems += problems
        found.setdefault(page.where, []).extend(problems)

    waiting = []
    for page in _pages_to_build(files, rebuilt, page_steps, site):
        site.pages.append(page)
        if any(step.waits is not None and step.waits(page, site) for step in page_steps):
            waiting.append(page)
            continue
        for step in page_steps:
            run(step, page)
        page.write()
    for step in page_steps:
        for page in waiting:
            run(step, page)
    for page in waiting:
        page.write()
    return {where: tuple(problems) for where, problems in found.items()}


def _refresh(files, rebuilt: set[str], page_steps, site: Site, earlier: Earlier) -> dict:
    """The steps with `shows` again on the pages not rebuilt, where their value changed;
    their values now."""
    shown = {step.name: step.shows(site) for step in page_steps if step.shows is not None}
    changed = [
        step
        for step in page_steps
        if step.name in shown and earlier.shown.get(step.name, object()) != shown[step.name]
    ]
    for file, where, source_file in files if changed else ():
        if where not in rebuilt:
            page = BuiltPage.read(file, where, source_file, site.build.root)
            for step in changed:
                site.problems += step.run(page, site) or []
            page.write()
    return shown


def _pages_to_build(files, rebuilt: set[str], page_steps, site: Site) -> Iterator[BuiltPage]:
    """The pages to build, in the site's order, each gathered from as it is read: one at a
    time in a full build. In an incremental rebuild a step that gathers from every page, and
    that a rebuilt page waits for, gathers from the pages not rebuilt too (read, not changed:
    the bibliography's back-links need every page's citations)."""
    root = site.build.root
    gatherers = [step for step in page_steps if step.gather is not None]
    if site.build.rebuilt is None:
        for file, where, source_file in files:
            page = BuiltPage.read(file, where, source_file, root)
            for step in gatherers:
                step.gather(page, site)
            yield page
        return
    pages = {
        where: BuiltPage.read(file, where, source_file, root)
        for file, where, source_file in files
        if where in rebuilt
    }
    everywhere = [
        step
        for step in gatherers
        if step.waits is not None and any(step.waits(page, site) for page in pages.values())
    ]
    for file, where, source_file in files:
        page = pages.get(where)
        if page is None and everywhere:
            page = BuiltPage.read(file, where, source_file, root)
            for step in everywhere:
                step.gather(page, site)
        elif page is not None:
            for step in gatherers:
                step.gather(page, site)
    yield from pages.values()
