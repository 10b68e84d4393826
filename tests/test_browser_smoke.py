"""Chromium opens the built site over HTTP: the plumbing every browser test relies on."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_every_navigation_page_opens_in_chromium_with_its_heading(page, site_url, built_site):
    for url_path in built_site.sources.pages_for("nav_page", browser=True):
        response = page.goto(site_url + url_path)
        assert response is not None and response.ok, url_path
        heading = page.locator("article h1").first.inner_text()
        assert heading.strip(), f"{url_path!r} has no visible H1"
        assert page.title().endswith(built_site.soup("").title.get_text())
