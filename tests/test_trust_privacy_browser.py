"""Privacy and safety in Chromium: no request to any other host and no cookie on any page,
search and the preview's live reload within the policy, and a script the policy does not know
blocked."""

from __future__ import annotations

import shutil

import pytest
from support.preview_server import preview_server
from support.site_helpers import write_fixture_site

pytestmark = pytest.mark.browser

# Records every Content-Security-Policy violation the page reports.
VIOLATION_RECORDER = (
    "window.__violations = [];"
    "document.addEventListener('securitypolicyviolation', event =>"
    " window.__violations.push(event.violatedDirective + ' ' + event.blockedURI));"
)


@pytest.fixture
def watched(page):
    """The test page with every request (pages, workers) and CSP violation recorded."""
    requests: list[str] = []
    page.context.on("request", lambda request: requests.append(request.url))
    page.context.add_init_script(VIOLATION_RECORDER)
    return page, requests


def test_no_page_requests_another_host_sets_a_cookie_or_breaks_its_policy(
    watched, site_url, built_site
):
    page, requests = watched
    visited = built_site.sources.pages_for("site_page", browser=True)
    assert visited
    for url_path in visited:
        response = page.goto(site_url + url_path, wait_until="networkidle")
        assert response.ok, url_path
        assert page.evaluate("window.__violations") == [], url_path
        assert page.evaluate("document.cookie") == "", url_path
        assert page.context.cookies() == [], url_path
    off_origin = [url for url in requests if not url.startswith(site_url)]
    assert off_origin == []
    assert any(url.endswith(".css") for url in requests)  # the recorder sees subresources


def test_search_palette_and_scrolling_stay_on_the_site_and_within_the_policy(
    watched, site_url, built_site
):
    page, requests = watched
    longest = max(built_site.sources.pages, key=lambda url_path: len(built_site.html(url_path)))
    page.goto(site_url + longest, wait_until="networkidle")
    assert not [url for url in requests if "pagefind" in url], "search loads before it is used"
    page.keyboard.press("/")
    page.locator("dialog[open] input[type=search]").wait_for()
    page.keyboard.type("lonely", delay=20)
    page.locator(".site-search__result").first.wait_for()
    page.keyboard.press("Escape")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.mouse.wheel(0, 4000)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__violations") == []
    assert [url for url in requests if not url.startswith(site_url)] == []
    assert any("/pagefind/" in url for url in requests)
    assert page.context.cookies() == []


def test_the_policy_blocks_an_inline_script_it_does_not_know(browser, real_site, tmp_path):
    """The check can fail: a script added after the build (not hashed) must not run."""
    from connection_series.devtools.browser import serve_directory

    copy = tmp_path / "site"
    shutil.copytree(real_site.root, copy)
    about = copy / "about" / "index.html"
    html = about.read_text(encoding="utf-8")
    planted = "<script>document.title = 'planted'</script>"
    about.write_text(html.replace("</body>", planted + "</body>"), encoding="utf-8")
    context = browser.new_context()
    context.add_init_script(VIOLATION_RECORDER)
    tab = context.new_page()
    try:
        with serve_directory(copy) as base_url:
            tab.goto(base_url + "about/", wait_until="networkidle")
            assert tab.title() != "planted"
            assert tab.evaluate("window.__violations") == ["script-src-elem inline"]
    finally:
        context.close()


@pytest.fixture
def preview(tmp_path):
    """`mkdocs serve` (live reload on) for a one-page fixture site; yields its base URL."""
    config = write_fixture_site(tmp_path, {"index.md": "# Preview\n"})
    with preview_server(config, tmp_path) as base_url:
        yield base_url


def test_live_reload_of_the_preview_is_not_blocked_by_the_policy(watched, preview):
    page, requests_made = watched
    page.goto(preview)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__violations") == []
    assert any("/livereload/" in url for url in requests_made), requests_made
