"""Privacy and safety: a Content-Security-Policy that allows only the site itself, safe links to
other sites, and the About page's feedback link. In Chromium (no request to any other host and
no cookie on any page, the policy enforced): test_trust_privacy_browser.py."""

from __future__ import annotations

import base64
import hashlib

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config
from support.pipeline_helpers import run_step
from support.site_helpers import REPO

from connection_series.hardening.csp import add_policy
from connection_series.hardening.external_links import protect_external_links
from connection_series.settings import read_settings
from connection_series.trust.feedback import feedback_markdown

pytestmark = pytest.mark.site

CONFIG = load_config(str(REPO / "mkdocs.yml"))


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
    assert checked >= len(built_site.html_files())  # at least the repository link on each page


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
    feedback_url = read_settings(built_site.sources.config_file).feedback_url
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
