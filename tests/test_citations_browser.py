"""Citations in a browser: the tooltip of a citation on the citations' fixture site."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_tooltip_shows_the_reference_on_hover_and_on_keyboard_focus(citing_site, browser):
    from connection_series.devtools.browser import serve_directory

    with serve_directory(citing_site.root) as base_url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(base_url)
        link = page.locator("a.citation").first
        tooltip = page.locator(".md-tooltip2--active")
        link.hover()
        tooltip.wait_for(state="visible", timeout=5000)
        assert "Loneliness and social isolation as risk factors" in tooltip.inner_text()
        page.mouse.move(0, 0)
        page.locator(".md-tooltip2--active").wait_for(state="detached", timeout=5000)
        link.focus()
        tooltip.wait_for(state="visible", timeout=5000)
        assert "Holt-Lunstad, J." in tooltip.inner_text()
        context.close()
