"""The post-build pipeline in an incremental rebuild of the preview (`SiteBuild.rebuilt`):
the page steps run on the pages the engine wrote again and never again on the others, the
steps over the whole site do not run, what the steps found on the other pages is kept, and a
step whose addition shows a value of the site (the problem panel) gives the other pages the
new one when it changed, replacing the old."""

from __future__ import annotations

import dataclasses

import pytest
from support.pipeline_helpers import site_on_disk

from connection_series import postbuild
from connection_series.common.errors import Problem
from connection_series.contributors.problem_panel import (
    PANEL_ID,
    add_problem_panel,
    lists_every_problem,
    panel_problems,
)
from connection_series.pipeline.page import append, fragment_nodes
from connection_series.pipeline.runner import PageStep, SiteStep, run_steps

pytestmark = pytest.mark.unit

PAGES = ["a/index.html", "b/index.html", "index.html"]
CONTENT = '<article class="md-content__inner"><h1>{title}</h1><p>Text.</p></article>'


def html(title: str) -> str:
    """A page as the engine writes it."""
    return f"<!doctype html><html><head></head><body>{CONTENT.format(title=title)}</body></html>"


def mark(page, site):
    """Not idempotent, as most steps: a second run adds a second mark."""
    append(page.content, fragment_nodes('<p class="mark">marked</p>'))


def marks(build, where: str) -> int:
    return (build.site_dir / where).read_text(encoding="utf-8").count('class="mark"')


def panel_of(build, where: str) -> str | None:
    text = (build.site_dir / where).read_text(encoding="utf-8")
    assert text.count(f'id="{PANEL_ID}"') <= 1, f"two panels on {where}"
    return text[text.index(f'id="{PANEL_ID}"') :].split("</div>")[0] if PANEL_ID in text else None


def problem(text: str) -> Problem:
    return Problem("docs/x.md", 3, text, "Fix it")


PANEL = PageStep(
    "problem panel",
    add_problem_panel,
    waits=lists_every_problem,
    shows=panel_problems,
    site=False,
)


def rebuild(build, outcome, rebuilt: set[str], **changes):
    """The engine writes `rebuilt` again (fresh, unfinished); the build over it."""
    for where in rebuilt:
        (build.site_dir / where).write_text(html(where), encoding="utf-8")
    return dataclasses.replace(
        build, rebuilt=frozenset(rebuilt), earlier=outcome.earlier, **changes
    )


def test_page_steps_run_on_the_rebuilt_pages_only(tmp_path):
    build = site_on_disk(tmp_path, {where: html(where) for where in PAGES}, preview=True)
    outcome = run_steps(build, [PageStep("mark", mark)], [])
    assert [marks(build, where) for where in PAGES] == [1, 1, 1]
    before = (build.site_dir / "b/index.html").read_bytes()
    again = rebuild(build, outcome, {"a/index.html"})
    run_steps(again, [PageStep("mark", mark)], [])
    assert [marks(build, where) for where in PAGES] == [1, 1, 1]
    assert (build.site_dir / "b/index.html").read_bytes() == before  # not even rewritten


def test_steps_over_the_whole_site_do_not_run_in_an_incremental_rebuild(tmp_path):
    ran: list[str] = []

    def whole(site):
        ran.append("whole")
        return [problem("the whole site")]

    def cheap(site):
        ran.append("cheap")

    steps = [SiteStep("whole", whole, whole_site=True), SiteStep("cheap", cheap)]
    build = site_on_disk(tmp_path, {where: html(where) for where in PAGES}, preview=True)
    outcome = run_steps(build, [], steps)
    assert ran == ["whole", "cheap"]
    again = run_steps(rebuild(build, outcome, {"a/index.html"}), [], steps)
    assert ran == ["whole", "cheap", "cheap"]
    assert problem("the whole site") in again.problems  # what it found last is reported still


def test_what_the_steps_found_on_pages_not_rebuilt_is_kept_until_they_are(tmp_path):
    found_on = {"b/index.html"}

    def complain(page, site):
        return [problem(f"on {page.where}")] if page.where in found_on else []

    steps = [PageStep("complain", complain)]
    build = site_on_disk(tmp_path, {where: html(where) for where in PAGES}, preview=True)
    outcome = run_steps(build, steps, [])
    assert outcome.problems == [problem("on b/index.html")]
    outcome = run_steps(rebuild(build, outcome, {"a/index.html"}), steps, [])
    assert outcome.problems == [problem("on b/index.html")]
    found_on.clear()  # fixed, and b rebuilt
    outcome = run_steps(rebuild(build, outcome, {"b/index.html"}), steps, [])
    assert outcome.problems == []


def test_the_panel_is_given_again_to_the_pages_not_rebuilt_when_it_changed(tmp_path):
    first, second = problem("first"), problem("second")
    build = site_on_disk(
        tmp_path, {where: html(where) for where in PAGES}, preview=True, shown_problems=(first,)
    )
    outcome = run_steps(build, [PageStep("mark", mark), PANEL], [])
    assert all("first" in panel_of(build, where) for where in PAGES)
    # The same problems: the pages not rebuilt are left as they are.
    before = (build.site_dir / "b/index.html").read_bytes()
    outcome = run_steps(
        rebuild(build, outcome, {"a/index.html"}), [PageStep("mark", mark), PANEL], []
    )
    assert (build.site_dir / "b/index.html").read_bytes() == before
    # Another problem: every page's panel lists it instead, and no other step runs again.
    again = rebuild(build, outcome, {"a/index.html"}, shown_problems=(second,))
    outcome = run_steps(again, [PageStep("mark", mark), PANEL], [])
    for where in PAGES:
        assert "second" in panel_of(build, where) and "first" not in panel_of(build, where)
        assert marks(build, where) == 1
    # Fixed: the panel goes from every page.
    again = rebuild(build, outcome, {"a/index.html"}, shown_problems=())
    run_steps(again, [PageStep("mark", mark), PANEL], [])
    assert [panel_of(build, where) for where in PAGES] == [None, None, None]


def test_the_panel_keeps_listing_what_the_steps_found_on_a_page_not_rebuilt(tmp_path):
    def complain(page, site):
        return [problem("found on b")] if page.where == "b/index.html" else []

    steps = [PageStep("complain", complain), PANEL]
    build = site_on_disk(tmp_path, {where: html(where) for where in PAGES}, preview=True)
    outcome = run_steps(build, steps, [])
    run_steps(rebuild(build, outcome, {"a/index.html"}), steps, [])
    assert "found on b" in panel_of(build, "a/index.html")  # the rebuilt page lists it too


def test_a_page_waiting_for_what_every_page_has_gathers_it_from_pages_not_rebuilt(tmp_path):
    seen_key = "seen"

    def gather(page, site):
        site.notes.setdefault(seen_key, []).append(page.where)

    def waits(page, site):
        return page.where == "index.html"

    def list_seen(page, site):
        if waits(page, site):
            append(page.content, fragment_nodes(f"<p>{' '.join(site.notes[seen_key])}</p>"))

    steps = [PageStep("list", list_seen, gather=gather, waits=waits)]
    build = site_on_disk(tmp_path, {where: html(where) for where in PAGES}, preview=True)
    outcome = run_steps(build, steps, [])
    listed = "a/index.html b/index.html index.html"
    assert listed in (build.site_dir / "index.html").read_text(encoding="utf-8")
    run_steps(rebuild(build, outcome, {"index.html"}), steps, [])
    assert listed in (build.site_dir / "index.html").read_text(encoding="utf-8")


def test_each_step_runs_in_the_builds_it_is_declared_for(tmp_path):
    ran: list[str] = []
    steps = [
        SiteStep("both", lambda site: ran.append("both")),
        SiteStep("site only", lambda site: ran.append("site only"), preview=False),
        SiteStep("preview only", lambda site: ran.append("preview only"), site=False),
    ]
    run_steps(site_on_disk(tmp_path, {}, preview=False), [], steps)
    assert ran == ["both", "site only"]
    ran.clear()
    run_steps(site_on_disk(tmp_path, {}, preview=True), [], steps)
    assert ran == ["both", "preview only"]


def test_the_declared_steps_over_the_whole_site_are_site_steps_that_need_every_page():
    """The search index, the stylesheet's trim, the feeds and the sitemap read every page;
    in the preview the panel is the last page step, so it lists what every other found."""
    whole = {step.name for step in postbuild.SITE_STEPS if step.whole_site}
    assert {"search index", "CSS trim", "feeds", "sitemap dates"} <= whole
    preview_steps = [step for step in postbuild.PAGE_STEPS if step.preview]
    assert preview_steps[-1].shows is not None and not preview_steps[-1].site
