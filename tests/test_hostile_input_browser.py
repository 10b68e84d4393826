"""Hostile input in Chromium (issue 20): the site the strict build of the hostile project
writes anyway (tests/support/hostile_site.py), and the preview of that project, run none of
the planted script, contact no host but 127.0.0.1, and publish nothing that was refused,
whether a page is opened or a file is opened directly (an SVG, a PDF)."""

from __future__ import annotations

import time

import pytest
import requests
from support.hostile_site import write_hostile_project
from support.preview_server import preview_server

from connection_series.devtools.browser import serve_directory

pytestmark = pytest.mark.browser

REFUSED = ["layout.html", "page.htm", "page.xhtml", "images/evil.svg", "images/dangling.png"]
REFUSED += ["assets/stylesheets/hide.css", "git-config/", "environment.png", "certs/"]


def network(urls: list[str]) -> list[str]:
    """The requests that went out to another host (the browser's own chrome:// pages, such as
    its PDF viewer, are not the network)."""
    return [
        url
        for url in urls
        if url.startswith(("http:", "https:", "ws:", "wss:"))
        and not url.startswith("http://127.0.0.1:")
    ]


def visit(context, url: str, wait_ms: int = 1500):
    """Open `url` in a new tab, let refreshes and scripts have their chance, and return what
    the page ran and where it went."""
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = tab.goto(url, wait_until="load")
    tab.wait_for_timeout(wait_ms)
    ran = tab.evaluate("window.__pwned === undefined ? null : window.__pwned")
    where = tab.url
    tab.close()
    return response, ran, where, dialogs


def test_nothing_planted_runs_or_leaves_127_0_0_1_in_the_published_site(browser, hostile_site):
    site = hostile_site.site
    context = browser.new_context()
    asked: list[str] = []
    context.on("request", lambda request: asked.append(request.url))
    try:
        with serve_directory(site) as base:
            pages = ["", "planted/", "weekly-planner/"]
            files = [
                path.relative_to(site).as_posix()
                for path in sorted(site.rglob("*"))
                if path.suffix in (".svg", ".pdf", ".png") and "assets" not in path.parts
            ]
            assert "images/ok.svg" in files
            for address in pages + files:
                response, ran, where, dialogs = visit(context, base + address)
                assert response is not None and response.ok, address
                assert ran is None and not dialogs, address
                assert where == base + address, f"{address} went to {where}"
            for address in REFUSED:
                assert requests.get(base + address, timeout=5).status_code == 404, address
        assert context.cookies() == []
    finally:
        context.close()
    assert network(asked) == []


def reloaded(tab, condition: str, seconds: float) -> bool:
    """Poll `condition` (the page's policy forbids the eval wait_for_function needs)."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if tab.evaluate(condition):
                return True
        except Error:
            pass  # the page is reloading: ask again
        time.sleep(0.25)
    return False


@pytest.fixture
def hostile_preview(tmp_path):
    """`make serve` (mkdocs serve, not strict) on the hostile project."""
    config, _ = write_hostile_project(tmp_path, strict=False)
    with preview_server(config, tmp_path) as base:
        yield tmp_path, base


@pytest.mark.slow
def test_the_preview_keeps_the_strict_policy_runs_nothing_planted_and_still_reloads(
    browser, hostile_preview
):
    project, base = hostile_preview
    context = browser.new_context()
    asked: list[str] = []
    context.on("request", lambda request: asked.append(request.url))
    context.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', event =>"
        " window.__violations.push(event.violatedDirective + ' ' + event.blockedURI));"
    )
    try:
        for address in ["", "planted/", "images/ok.svg"]:
            response, ran, where, dialogs = visit(context, base + address)
            assert response is not None and response.ok, address
            assert ran is None and not dialogs and where == base + address, address
        for address in REFUSED:
            assert requests.get(base + address, timeout=5).status_code == 404, address
        tab = context.new_page()
        tab.goto(base + "planted/", wait_until="load")
        policy = tab.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert "'unsafe-inline'" not in policy
        assert tab.locator("#series-problems").count() == 1  # the panel lists the problems
        assert tab.evaluate("window.__violations") == []
        # Live reload still works: an edit reloads the open page.
        tab.evaluate("window.__before_edit = true")
        planted = project / "docs" / "index.md"
        planted.write_text(planted.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
        assert reloaded(tab, "window.__before_edit === undefined", seconds=60)
        assert tab.evaluate("window.__pwned === undefined")
    finally:
        context.close()
    assert any("/livereload/" in url for url in asked)
    assert network(asked) == []
