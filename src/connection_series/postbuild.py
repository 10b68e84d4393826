"""The site-level work after any engine's build, over the built folder: runnable on its own
(`series postbuild`), called by the MkDocs plugin and by the Makefile after Zensical.

It is a declared list of steps (pipeline.runner): each page is read and parsed once, the
page steps run over it in this order, each page is written once; then the site steps run
over the finished files. Adding a step is one function and one line below (with `gather`
and `waits` for a step that must have seen every page first).

Order matters: the content sanitised first (what the engine and the theme made of it),
then our own additions (back-links, the planner's links and PDFs, bylines, the update
history, structured data, the series' "Part N of M" and links, the sidebar's nearest parts,
modified dates, social cards and feed links), then each article as a feed entry, from its
finished content; then what reads the finished page (external-link attributes, the generator
tag, the promises), the CSP, whose hashes must see every script, the classes the finished
page uses, for the stylesheet trim, and last the preview's problem panel, which lists what
every step before it found (it holds no script). The search index reads the written pages;
the feeds, the sitemap's dates and robots.txt come from what the page steps noted.

Each step also says which builds run it: the preview's incremental rebuilds run the page
steps on the pages the engine wrote again only, and no step over the whole site (below).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from connection_series.boundary.live_reload import write_live_reload_script
from connection_series.boundary.published import refuse_outside_files
from connection_series.boundary.sanitise_step import sanitise_content
from connection_series.citations.backlinks import add_backlinks, has_backlinks, note_citations
from connection_series.common.errors import Problem
from connection_series.contributors.problem_panel import (
    add_problem_panel,
    lists_every_problem,
    panel_problems,
)
from connection_series.hardening.csp import add_policy
from connection_series.hardening.external_links import protect_external_links
from connection_series.hardening.generator import name_generator
from connection_series.hardening.minify import minify_own_assets
from connection_series.hardening.promises import check_promises
from connection_series.hardening.published_code import refuse_published_code
from connection_series.hardening.theme_markup import drop_invalid_autocomplete
from connection_series.hardening.unused_css import note_used_classes, trim_theme_css
from connection_series.pipeline.runner import Earlier, Outcome, PageStep, SiteStep, run_steps
from connection_series.planner.pdfs import add_planner_downloads
from connection_series.reach.cards import add_social_card
from connection_series.reach.dates import add_modified_date, date_sitemap
from connection_series.reach.feeds import add_feed_links, note_feed_entry, write_feeds
from connection_series.reach.history import add_update_history
from connection_series.reach.robots import write_robots
from connection_series.search import build_search_index
from connection_series.series.clock import build_day
from connection_series.series.page_steps import add_series_links, trim_sidebar
from connection_series.settings import SiteInfo
from connection_series.trust.article_metadata import add_byline, add_structured_data

# site=False: the preview only; preview=False: not in the preview (its stylesheet is not
# trimmed: pages come and go while it runs); whole_site: not in an incremental rebuild of the
# preview; shows: run again on the pages not rebuilt when what it shows changed
# (pipeline.runner).
PAGE_STEPS = (
    PageStep("sanitise", sanitise_content),
    PageStep("back-links", add_backlinks, gather=note_citations, waits=has_backlinks),
    PageStep("planner downloads", add_planner_downloads),
    PageStep("bylines", add_byline),
    PageStep("update history", add_update_history),
    PageStep("structured data", add_structured_data),
    PageStep("series links", add_series_links),
    PageStep("sidebar", trim_sidebar),
    PageStep("modified dates", add_modified_date),
    PageStep("social cards", add_social_card),
    PageStep("feed links", add_feed_links),
    PageStep("feed entries", note_feed_entry),
    PageStep("external links", protect_external_links),
    PageStep("generator", name_generator),
    PageStep("valid theme markup", drop_invalid_autocomplete),
    PageStep("promises", check_promises),
    PageStep("CSP", add_policy),
    PageStep("used classes", note_used_classes, preview=False),
    PageStep(
        "problem panel",
        add_problem_panel,
        waits=lists_every_problem,
        shows=panel_problems,
        site=False,
    ),
)
SITE_STEPS = (
    SiteStep("search index", build_search_index, whole_site=True),
    SiteStep("CSS trim", trim_theme_css, whole_site=True, preview=False),
    SiteStep("minify", minify_own_assets),
    SiteStep("feeds", write_feeds, whole_site=True),
    SiteStep("sitemap dates", date_sitemap, whole_site=True),
    SiteStep("robots.txt", write_robots, whole_site=True),
    SiteStep("no code published", refuse_published_code),
    SiteStep("nothing from outside", refuse_outside_files),
    SiteStep("live reload", write_live_reload_script, site=False),
)


@dataclass(frozen=True)
class SiteBuild:
    root: Path  # the project folder (where mkdocs.yml is)
    docs_dir: Path
    site_dir: Path
    templates: Path  # the theme's custom_dir (overrides/)
    bibliography: Path
    site: SiteInfo
    generator: str  # "mkdocs 1.6.1", "zensical 0.0.73": named on every page
    preview: bool = False  # `mkdocs serve`: its live-reload script must run; every part
    day: dt.date = field(default_factory=build_day)  # what is public (series.clock)
    publishing: bool = False  # the deploy build (plugin option `publishing`, SERIES_DEPLOY)
    # In the preview: what the check and the engine found, for the problem panel.
    shown_problems: tuple[Problem, ...] = field(default=())
    # An incremental rebuild of the preview: the pages (as "about/index.html") the engine
    # wrote again, the others finished by an earlier build; None: every page is new.
    rebuilt: frozenset[str] | None = None
    earlier: Earlier = field(default_factory=Earlier)  # what the earlier builds left

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache"


def run(build: SiteBuild) -> list[Problem]:
    """Every step; returns every broken promise as a one-line problem, each once."""
    return run_remembering(build).problems


def run_remembering(build: SiteBuild) -> Outcome:
    """Every step; the problems, and what the preview's next incremental rebuild needs."""
    return run_steps(build, PAGE_STEPS, SITE_STEPS)
