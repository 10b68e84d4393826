"""Privacy and safety: a Content-Security-Policy that allows only the site itself, no request to
any other host and no cookie on any page (checked in Chromium), safe links to other sites, and
the About page's feedback link."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import sys
import time

import pytest
import requests
from bs4 import BeautifulSoup
from mkdocs.config import load_config
from support.pipeline_helpers import run_step
from support.ports import free_port
from support.site_helpers import REPO, write_fixture_site

from connection_series.hardening.csp import add_policy
from connection_series.hardening.external_links import protect_external_links
from connection_series.settings import read_settings
from connection_series.trust.feedback import feedback_markdown

CONFIG = load_config(str(REPO / "mkdocs.yml"))
# Records every Content-Security-Policy violation the page reports.
VIOLATION_RECORDER = (
    "window.__violations = [];"
    "document.addEventListener('securitypolicyviolation', event =>"
    " window.__violations.push(event.violatedDirective + ' ' + event.blockedURI));"
)


def policy_of(soup) -> dict[str, list[str]]:
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    directives = [part.split() for part in meta["content"].split(";")]
    return {name: sources for name, *sources in directives}


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_every_page_has_a_policy_that_allows_only_its_own_origin(built_site):
    for path in built_site.html_files():
        html = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        policy = policy_of(soup)
        assert policy["default-src"] == ["'self'"], path
        assert policy["object-src"] == ["'none'"], path
        for name, sources in policy.items():
            for source in sources:
                allowed = source in ("'self'", "'none'") or source.startswith("'sha256-")
                allowed = allowed or (name == "img-src" and source == "data:")
                assert allowed, f"{path}: {name} allows {source}"
        # The policy comes before every script, so it governs all of them.
        assert html.index("Content-Security-Policy") < html.index("<script"), path
        inline = [
            script.string or ""
            for script in soup.find_all("script")
            if not script.get("src") and script.get("type") in (None, "text/javascript")
        ]
        assert inline, path
        assert sorted(policy["script-src"][1:]) == sorted({sha256_source(s) for s in inline})


def test_policy_hashes_inline_scripts_and_styles_but_not_json_data():
    page = (
        '<html><head><meta charset="utf-8"><script>run()</script>'
        '<script type="application/ld+json">{"a": 1}</script>'
        '<script src="x.js"></script><style>p{color:red}</style></head><body></body></html>'
    )
    html, problems = run_step(add_policy, page)
    assert problems == []
    soup = BeautifulSoup(html, "html.parser")
    policy = policy_of(soup)
    assert policy["script-src"] == ["'self'", sha256_source("run()")]
    assert policy["style-src"] == ["'self'", sha256_source("p{color:red}")]
    assert str(soup.head).startswith('<head><meta charset="utf-8"/><meta content="default-src')


def test_a_script_inside_the_content_gets_no_hash_and_fails_the_build():
    page = (
        '<html><head><meta charset="utf-8"><script>theme()</script></head><body>'
        '<article class="md-content__inner"><script>steal()</script></article></body></html>'
    )
    html, problems = run_step(add_policy, page)
    policy = policy_of(BeautifulSoup(html, "html.parser"))
    assert policy["script-src"] == ["'self'", sha256_source("theme()")]
    assert [p.problem for p in problems] == ["the built page has a script inside its content"]


@pytest.fixture
def watched(page):
    """The test page with every request (pages, workers) and CSP violation recorded."""
    requests: list[str] = []
    page.context.on("request", lambda request: requests.append(request.url))
    page.context.add_init_script(VIOLATION_RECORDER)
    return page, requests


def all_url_paths(built_site) -> list[str]:
    paths = []
    for path in built_site.html_files():
        relative = path.relative_to(built_site.root).as_posix()
        paths.append(relative.removesuffix("index.html"))
    return paths


def test_no_page_requests_another_host_sets_a_cookie_or_breaks_its_policy(
    watched, site_url, built_site
):
    page, requests = watched
    visited = all_url_paths(built_site)
    assert "404.html" in visited and len(visited) >= 7
    for url_path in visited:
        response = page.goto(site_url + url_path, wait_until="networkidle")
        assert response.ok, url_path
        assert page.evaluate("window.__violations") == [], url_path
        assert page.evaluate("document.cookie") == "", url_path
        assert page.context.cookies() == [], url_path
    off_origin = [url for url in requests if not url.startswith(site_url)]
    assert off_origin == []
    assert any(url.endswith(".css") for url in requests)  # the recorder sees subresources


def test_search_palette_and_scrolling_stay_on_the_site_and_within_the_policy(watched, site_url):
    page, requests = watched
    page.goto(site_url + "part-1-when-connection-hurts/", wait_until="networkidle")
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


def test_the_policy_blocks_an_inline_script_it_does_not_know(browser, built_site, tmp_path):
    """The check can fail: a script added after the build (not hashed) must not run."""
    from connection_series.devtools.browser import serve_directory

    copy = tmp_path / "site"
    shutil.copytree(built_site.root, copy)
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
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config)]
    server = subprocess.Popen(
        [*command, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(base_url, timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "mkdocs serve did not start within 60 s"
            time.sleep(0.3)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_live_reload_of_the_preview_is_not_blocked_by_the_policy(watched, preview):
    page, requests_made = watched
    page.goto(preview)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__violations") == []
    assert any("/livereload/" in url for url in requests_made), requests_made


# --- links to other sites -------------------------------------------------------------------


def test_every_link_to_another_site_has_noopener(built_site):
    checked = 0
    for path in built_site.html_files():
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for link in soup.select('a[href^="http"]'):
            if not link["href"].startswith(CONFIG.site_url):
                rel = link.get("rel") or []
                assert {"noopener", "noreferrer"} <= set(rel), (path, link["href"])
                checked += 1
    assert checked >= 7  # at least the repository link on every page


def test_external_link_rewriting_keeps_other_attributes_and_leaves_internal_links():
    html = (
        '<p><a href="https://doi.org/10.1/x" title="a > b" rel="edit">x</a>'
        '<a href="../about/">in</a><a href="https://site.test/page/">same host</a>'
        '<a href="mailto:a@b.c">mail</a><a href="http://other.test/?a=1&amp;b=2">q</a></p>'
        '<svg><a href="https://other.test/"/></svg>'
    )
    result, _ = run_step(protect_external_links, html)
    assert result.endswith(
        '<body><p><a href="https://doi.org/10.1/x" title="a &gt; b" rel="edit noopener '
        'noreferrer">x</a><a href="../about/">in</a><a href="https://site.test/page/">same host'
        '</a><a href="mailto:a@b.c">mail</a>'
        '<a href="http://other.test/?a=1&amp;b=2" rel="noopener noreferrer">q</a></p>'
        '<svg><a href="https://other.test/" rel="noopener noreferrer"></a></svg></body></html>'
    )


# --- feedback link --------------------------------------------------------------------------


def test_about_page_links_to_the_configured_feedback_address(built_site):
    about = built_site.html("about/")
    assert "feedback-link" not in about
    soup = BeautifulSoup(about, "html.parser")
    # Read afresh: MkDocs reuses plugin instances between load_config calls in one process,
    # so another test's in-process build can change a config loaded at import.
    feedback_url = read_settings(REPO / "mkdocs.yml").feedback_url
    [link] = soup.select(f'a[href="{feedback_url}"]')
    assert link.find_parent("article") and "noopener" in link["rel"]
    heading = link.find_previous("h2")
    assert heading["id"] == "feedback"


def test_feedback_link_names_the_site_it_leads_to():
    assert feedback_markdown("https://forms.example.org/x") == (
        "[Send us a correction or a question](https://forms.example.org/x) on forms.example.org."
    )


def test_missing_feedback_marker_or_setting_fails_the_build_with_one_line_each(bad_site):
    assert bad_site.returncode != 0
    lines = bad_site.output.splitlines()
    assert (
        lines.count(
            "WARNING -  mkdocs.yml: plugins: series: feedback_url is missing or not an http(s) "
            "or mailto address. Set feedback_url to where readers send corrections"
        )
        == 1
    ), bad_site.output
    assert (
        lines.count(
            "WARNING -  docs/about.md: the '<!-- feedback-link -->' line is missing. Put it on its "
            "own line in the Feedback section, where the link belongs"
        )
        == 1
    ), bad_site.output
