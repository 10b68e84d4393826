"""Chromium opens the built site over HTTP: the plumbing every browser test relies on."""

from __future__ import annotations

import pytest
from conftest import NAV_PAGES

pytestmark = pytest.mark.browser


def test_every_navigation_page_opens_in_chromium_with_its_heading(page, site_url):
    for url_path in NAV_PAGES:
        response = page.goto(site_url + url_path)
        assert response is not None and response.ok, url_path
        heading = page.locator("article h1").first.inner_text()
        assert heading.strip(), f"{url_path!r} has no visible H1"
        assert page.title().endswith("Love and social connection are therapeutic")
