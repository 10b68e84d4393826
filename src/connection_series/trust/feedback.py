"""Hook: the About page's `<!-- feedback-link -->` line becomes a link to extra.feedback_url.

The address lives once, in mkdocs.yml (CI may set it through FEEDBACK_URL), not in prose.
The link names the other site, so readers know they are leaving this one.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from connection_series.common.errors import page_source, report

MARKER_RE = re.compile(r"^[ \t]*<!--\s*feedback-link\s*-->[ \t]*$", re.M)
PAGE = "about.md"


def feedback_url(config) -> str | None:
    url = (config.extra or {}).get("feedback_url")
    if isinstance(url, str) and urlsplit(url).scheme in ("http", "https", "mailto"):
        return url
    return None


def feedback_markdown(url: str) -> str:
    address = urlsplit(url)
    where = f" on {address.hostname}" if address.hostname else " by email"
    return f"[Send us a correction or a question]({url}){where}."


def on_config(config, **kwargs):
    if feedback_url(config) is None:
        report(
            "mkdocs.yml",
            None,
            "extra.feedback_url is missing or not an http(s) or mailto address",
            "Set extra.feedback_url to where readers send corrections",
        )
    return config


def on_page_markdown(markdown, page, config, files, **kwargs):
    found = MARKER_RE.search(markdown)
    if page.file.src_uri == PAGE and not found:
        report(
            page_source(page, config),
            None,
            "the '<!-- feedback-link -->' line is missing",
            "Put it on its own line in the Feedback section, where the link belongs",
        )
    if not found:
        return markdown
    url = feedback_url(config)  # None was reported by on_config: drop the marker then
    return MARKER_RE.sub(lambda _: feedback_markdown(url) if url else "", markdown)
