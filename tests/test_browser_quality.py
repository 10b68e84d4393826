"""WCAG 2.2 AA checks in Chromium on every built page, with the system in light and in dark mode:
axe-core finds nothing, the keyboard reaches every control with a visible focus, the text
reflows at 320 CSS pixels, and print keeps the article while dropping the navigation."""

from __future__ import annotations

import pytest
from support.browser_checks import (
    axe_violations,
    describe,
    has_focus_indicator,
    horizontal_overflow,
    lost_in_print,
    mark_visible_focusable,
    open_site_page,
    unfocused_looks,
    visible_flags,
    walk_with_tab,
    widest_elements,
)

from connection_series.common.site_sources import url_path_of

pytestmark = pytest.mark.browser

# WCAG 1.4.10 Reflow: content fits 320 CSS pixels without scrolling sideways.
REFLOW_WIDTH = 320


def test_the_checks_cover_every_built_page(built_site):
    built = {url_path_of(path, built_site.root) for path in built_site.html_files()}
    listed = set(built_site.sources.pages)
    assert built == listed, (
        "A page is built that the browser checks do not open (or the reverse): "
        f"built only {sorted(built - listed)}, listed only {sorted(listed - built)}"
    )
    assert set(built_site.sources.nav_pages) <= listed
    # What the browser checks open: every page, or (on the grown copy) the pages it changed.
    assert set(built_site.sources.pages_for("site_page", browser=True)) <= listed


# A desktop and a phone: Material's header and navigation change below 1220 px (menu button,
# drawer) and again below 960 px.
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_core_finds_no_wcag_a_or_aa_violation(
    scheme_page, site_url, site_page, color_scheme, width
):
    scheme_page.set_viewport_size(WIDTHS[width])
    open_site_page(scheme_page, site_url, site_page, color_scheme)
    count, report = axe_violations(scheme_page)
    assert count == 0, f"{site_page or 'home'} at {width} width, {color_scheme} scheme:\n{report}"


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_core_finds_no_violation_with_search_or_the_menu_open(
    scheme_page, site_url, color_scheme, width
):
    """The controls that only exist once opened: the search dialog with results, and (on a
    phone) the navigation drawer."""
    scheme_page.set_viewport_size(WIDTHS[width])
    open_site_page(scheme_page, site_url, "", color_scheme)
    scheme_page.locator("header [data-search-button]").click()
    query = scheme_page.locator("dialog[open] input[type=search]")
    query.fill(a_word_of_the_page(scheme_page, site_url))
    scheme_page.locator("dialog[open] .site-search__result").first.wait_for()
    count, report = axe_violations(scheme_page)
    assert count == 0, f"search open, {width} width, {color_scheme} scheme:\n{report}"
    scheme_page.keyboard.press("Escape")
    menu = scheme_page.locator("header [data-drawer-button]")
    if menu.is_visible():
        menu.click()
        count, report = axe_violations(scheme_page)
        assert count == 0, f"menu open, {width} width, {color_scheme} scheme:\n{report}"


def a_word_of_the_page(page, site_url: str) -> str:
    """A long word from the page's own text, whatever it says: search must find it."""
    return page.evaluate(
        """() => {
          const words = document.querySelector("article").innerText.match(/[a-z]{7,}/g);
          return words ? words[0] : "connection";
        }"""
    )


def test_keyboard_starts_at_the_skip_link_and_reaches_every_control_with_visible_focus(
    scheme_page, site_url, site_page, color_scheme
):
    open_site_page(scheme_page, site_url, site_page, color_scheme)
    visible = mark_visible_focusable(scheme_page)
    stops = walk_with_tab(scheme_page, expected=len(visible))
    assert stops, f"{site_page!r}: Tab reaches nothing"

    skip = scheme_page.locator(f"[data-qa-focus='{stops[0].index}']")
    assert "md-skip" in (skip.get_attribute("class") or ""), (
        f"{site_page!r}: the first Tab stop is {stops[0].description}, not the skip link"
    )
    target = skip.get_attribute("href") or ""
    assert target.startswith("#") and scheme_page.locator(f"article {target}").count() == 1, (
        f"{site_page!r}: the skip link points to {target!r}, which is not in the article"
    )

    reached = {stop.index for stop in stops}
    unreached = [describe(scheme_page, index) for index in visible if index not in reached]
    assert not unreached, f"{site_page!r}: Tab never reaches " + "; ".join(unreached)

    before = unfocused_looks(scheme_page, [stop.index for stop in stops])
    invisible_focus = [
        f"{stop.description} (focused {stop.focused_look}, unfocused {before[stop.index]})"
        for stop in stops
        if not has_focus_indicator(stop.focused_look, before[stop.index])
    ]
    assert not invisible_focus, f"{site_page!r}: no visible focus on:\n" + "\n".join(
        invisible_focus
    )


def test_text_reflows_at_320_css_pixels_without_sideways_scrolling(
    scheme_page, site_url, site_page, color_scheme
):
    scheme_page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    open_site_page(scheme_page, site_url, site_page, color_scheme)
    scroll_width, client_width = horizontal_overflow(scheme_page)
    assert scroll_width <= client_width, (
        f"{site_page!r} is {scroll_width}px wide in a {client_width}px viewport: "
        + "; ".join(widest_elements(scheme_page, client_width))
    )


# Content that must survive printing: headings, running text, lists, tables, figures, boxes,
# and the reference notes (mkdocs-bibtex writes citations as footnotes) where a page has them.
PRINTED_CONTENT = (
    "article h1, article h2, article h3, article p, article li, article table, article figure,"
    " article .admonition, article .footnote"
)
# Screen-only chrome Material hides in print (header, tabs, sidebars, footer, back-to-top).
NAVIGATION = [".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-top"]


def test_print_hides_navigation_and_keeps_every_part_of_the_article(
    scheme_page, site_url, site_page, color_scheme
):
    open_site_page(scheme_page, site_url, site_page, color_scheme)
    assert any(visible_flags(scheme_page, PRINTED_CONTENT)), f"{site_page!r}: no article content"
    lost = lost_in_print(scheme_page, PRINTED_CONTENT)
    assert not lost, f"{site_page!r}: visible on screen but not in print: {lost}"
    shown = [selector for selector in NAVIGATION if any(visible_flags(scheme_page, selector))]
    assert not shown, f"{site_page!r}: navigation still printed: {shown}"


def test_medical_disclaimer_is_printed(page, site_url, site_page):
    open_site_page(page, site_url, site_page)
    disclaimer = page.locator("aside#medical-disclaimer")
    assert disclaimer.count() == 1, f"{site_page!r} has no aside#medical-disclaimer"
    assert not lost_in_print(page, "aside#medical-disclaimer"), f"{site_page!r}: not printed"
    assert disclaimer.is_visible(), f"{site_page!r}: the disclaimer is hidden in print"
    assert len(disclaimer.inner_text().split()) >= 10, "the printed disclaimer has no text"
