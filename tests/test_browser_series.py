"""The series' links in Chromium: a landmark named "Series" on every part, its previous and
next links named by the parts' titles and reached by the keyboard with a visible focus, the
sidebar's "All parts" link, the preview's notice; axe-core finds no WCAG 2.2 A or AA
violation on them in either colour scheme, on a desktop and a phone.

On the real site (its parts, whatever they are) and on the fixture series of
tests/test_series_site.py (four public parts: the sidebar keeps three and links all parts;
its preview, with a scheduled part and a draft).
"""

from __future__ import annotations

import pytest
from support.browser_checks import (
    axe_violations,
    has_focus_indicator,
    mark_visible_focusable,
    open_site_page,
    unfocused_looks,
    walk_with_tab,
)
from support.site_helpers import REPO
from test_series_site import SCHEDULED, _built, address, part_of

from connection_series.devtools.browser import serve_directory
from connection_series.series.clock import build_day
from connection_series.series.plan import plan_series
from connection_series.series.wording import numbered_title

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def site_stylesheets() -> dict[str, str]:
    """The site's own stylesheets under docs/ (its colours pass AA contrast; Material's do
    not), for the fixture's docs/: what the real pages get."""
    docs = REPO / "docs"
    return {
        path.relative_to(docs).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(docs.rglob("*.css"))
    }


@pytest.fixture(scope="module")
def series_sites(tmp_path_factory):
    """The fixture series' public build and its preview, each served on 127.0.0.1."""
    styles = site_stylesheets()
    public = _built(tmp_path_factory.mktemp("browser-series"), extra=styles)
    preview = _built(tmp_path_factory.mktemp("browser-series-preview"), preview=True, extra=styles)
    with (
        serve_directory(public.site.root) as public_url,
        serve_directory(preview.site.root) as preview_url,
    ):
        yield {"public": (public, public_url), "preview": (preview, preview_url)}


@pytest.fixture
def real(built_site):
    """The series of the site under test (the real one or the grown copy), from its own
    sources, on the day the session's build is for."""
    return plan_series(built_site.project / "docs", build_day())


def series_landmark(page):
    return page.get_by_role("navigation", name="Series")


def assert_series_links_are_named_and_reached(page, url_path: str, plan) -> None:
    """The landmark is there once; each link is named by what it leads to; Tab reaches each
    with a visible focus."""
    landmark = series_landmark(page)
    assert landmark.count() == 1, f"{url_path!r}: {landmark.count()} 'Series' landmarks"
    names = [link.inner_text().strip() for link in landmark.get_by_role("link").all()]
    titles = {numbered_title(part) for part in plan.built}
    assert names and names[-1] == "All parts of the series", names
    assert set(names[:-1]) <= titles, f"{url_path!r}: links named {names}"
    visible = mark_visible_focusable(page)
    series_indexes = landmark.evaluate(
        "(nav) => [...nav.querySelectorAll('a')].map((a) => Number(a.dataset.qaFocus))"
    )
    stops = walk_with_tab(page, expected=len(visible))
    reached = {stop.index: stop for stop in stops}
    missing = [index for index in series_indexes if index not in reached]
    assert not missing, f"{url_path!r}: Tab never reaches the series links {missing}"
    before = unfocused_looks(page, series_indexes)
    for index in series_indexes:
        assert has_focus_indicator(reached[index].focused_look, before[index]), (
            f"{url_path!r}: no visible focus on {reached[index].description}"
        )


def test_every_real_part_has_a_named_series_landmark_the_keyboard_reaches(page, site_url, real):
    for part in real.built:
        open_site_page(page, site_url, address(part))
        assert_series_links_are_named_and_reached(page, address(part), real)


def test_the_fixture_parts_have_a_named_series_landmark_the_keyboard_reaches(page, series_sites):
    series, base = series_sites["public"]
    for part in series.plan.built:
        open_site_page(page, base, address(part))
        assert_series_links_are_named_and_reached(page, address(part), series.plan)


def test_the_keyboard_reaches_the_sidebars_all_parts_link_with_a_visible_focus(page, series_sites):
    series, base = series_sites["public"]
    page.set_viewport_size(WIDTHS["desktop"])
    for url_path in ["", address(series.plan.built[0])]:
        open_site_page(page, base, url_path)
        link = page.locator("nav.md-nav--primary").get_by_role("link", name="All parts")
        assert link.count() == 1, f"{url_path!r}: {link.count()} 'All parts' links"
        visible = mark_visible_focusable(page)
        index = int(link.get_attribute("data-qa-focus"))
        stops = {stop.index: stop for stop in walk_with_tab(page, expected=len(visible))}
        assert index in stops, f"{url_path!r}: Tab never reaches the sidebar's 'All parts'"
        before = unfocused_looks(page, [index])
        assert has_focus_indicator(stops[index].focused_look, before[index])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("build", ["public", "preview"])
def test_axe_core_finds_no_violation_on_the_series_pages(
    scheme_page, series_sites, color_scheme, width, build
):
    series, base = series_sites[build]
    scheme_page.set_viewport_size(WIDTHS[width])
    pages = ["", address(series.plan.built[1])]  # the list; a part, its links, its sidebar
    if build == "preview":
        pages = [address(part_of(series.plan, SCHEDULED))]  # the notice (a draft's is alike)
    for url_path in pages:
        open_site_page(scheme_page, base, url_path, color_scheme)
        count, report = axe_violations(scheme_page)
        assert count == 0, f"{build} {url_path or 'home'}, {width}, {color_scheme}:\n{report}"


def test_the_preview_notice_is_read_out_before_the_title(page, series_sites):
    series, base = series_sites["preview"]
    open_site_page(page, base, address(part_of(series.plan, SCHEDULED)))
    note = page.get_by_role("note")
    assert note.count() == 1
    assert note.inner_text().startswith("Scheduled: not public until")
    order = page.evaluate(
        """() => {
          const note = document.querySelector('[role=note]');
          const title = document.querySelector('article h1');
          return note.compareDocumentPosition(title) & Node.DOCUMENT_POSITION_FOLLOWING;
        }"""
    )
    assert order, "the notice comes after the title"
