"""The browser checks catch what they exist to catch: each runs on a small page with one known
fault (and its fixed twin), so a check that silently passes everything would fail here."""

from __future__ import annotations

import pytest
from support.browser_checks import (
    axe_violations,
    has_focus_indicator,
    horizontal_overflow,
    lost_in_print,
    mark_visible_focusable,
    unfocused_looks,
    walk_with_tab,
)

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html lang="en"><head><title>Check</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>{css}</style></head>
<body><main><h1>Check</h1>{body}</main></body></html>"""


def show(page, body: str, css: str = "") -> None:
    page.set_content(PAGE.format(css=css, body=body))


def test_axe_reports_low_contrast_text_and_passes_the_fixed_page(page):
    show(page, '<p style="color:#aaa;background:#fff">Pale grey text</p>')
    count, report = axe_violations(page)
    assert count == 1 and "color-contrast" in report
    show(page, '<p style="color:#333;background:#fff">Dark grey text</p>')
    assert axe_violations(page)[0] == 0


def test_tab_walk_finds_a_control_that_a_focus_trap_makes_unreachable(page):
    body = '<a href="#a">first</a> <a href="#b" id="trap">trap</a> <a href="#c">after</a>'
    trap = (
        "<script>document.getElementById('trap').addEventListener('keydown',"
        " (event) => { if (event.key === 'Tab') event.preventDefault(); });</script>"
    )
    show(page, body + trap)
    visible = mark_visible_focusable(page)
    reached = {stop.index for stop in walk_with_tab(page, expected=len(visible))}
    assert len(visible) == 3 and len(reached) == 2, (visible, reached)
    show(page, body)
    visible = mark_visible_focusable(page)
    assert {stop.index for stop in walk_with_tab(page, expected=len(visible))} == set(visible)


def test_focus_without_outline_or_shadow_is_reported_as_invisible(page):
    show(page, '<a href="#x">link</a>', css="a:focus { outline: none; }")
    mark_visible_focusable(page)
    stops = walk_with_tab(page, expected=1)
    before = unfocused_looks(page, [stops[0].index])
    assert not has_focus_indicator(stops[0].focused_look, before[stops[0].index])

    show(page, '<a href="#x">link</a>', css="a:focus-visible { outline: 2px solid #bf360c; }")
    mark_visible_focusable(page)
    stops = walk_with_tab(page, expected=1)
    before = unfocused_looks(page, [stops[0].index])
    assert has_focus_indicator(stops[0].focused_look, before[stops[0].index])


def test_reflow_check_sees_a_fixed_width_box_wider_than_320_pixels(page):
    page.set_viewport_size({"width": 320, "height": 640})
    show(page, '<div style="width:500px">wide</div>')
    scroll_width, client_width = horizontal_overflow(page)
    assert scroll_width > client_width
    show(page, '<div style="max-width:500px">fits</div>')
    scroll_width, client_width = horizontal_overflow(page)
    assert scroll_width <= client_width


def test_print_check_names_text_that_print_css_hides(page):
    show(
        page,
        '<p class="note">Kept</p><p class="aside">Dropped</p>',
        css=("@media print { .aside { display: none; } }"),
    )
    assert lost_in_print(page, "main p") == ['<p class="aside">Dropped</p>']
