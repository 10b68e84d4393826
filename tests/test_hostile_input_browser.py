"""Hostile input in a browser: a site built anyway (non-strict) from the planted pages of
test_hostile_input.py runs none of their script."""

from __future__ import annotations

import shutil

import pytest
from support.site_helpers import build
from test_hostile_input import planted_site

from connection_series.devtools.browser import serve_directory

pytestmark = pytest.mark.browser


def test_no_planted_script_runs_even_in_a_site_built_without_strict(browser, tmp_path):
    _, config, _ = planted_site(tmp_path / "lenient", strict=False)
    site = tmp_path / "site"
    result = build(config, site, strict=False)
    assert result.returncode == 0, result.output
    assert (site / "planted" / "index.html").is_file()
    context = browser.new_context()
    try:
        with serve_directory(site) as base_url:
            for url_path in ["planted/", "weekly-planner/"]:
                page = context.new_page()
                page.goto(base_url + url_path)
                page.wait_for_load_state("load")
                if url_path == "planted/":
                    page.click("a:has-text('link that runs script')")
                assert page.evaluate("window.__pwned") is None, url_path
                page.close()
    finally:
        context.close()
    shutil.rmtree(site)
