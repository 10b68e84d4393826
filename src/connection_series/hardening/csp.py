"""Hook: give every built page a Content-Security-Policy that allows only the site itself.

The policy goes in a <meta http-equiv> (the site is static: no server headers to rely on),
first in <head>, so it governs every script after it. Material's few inline scripts (scope
and storage helpers, palette restore, tab restore) are allowed by their sha256 hashes,
computed here from each page's final HTML: no 'unsafe-inline' for scripts. JSON blocks
(Material's __config, our JSON-LD) are data, never run, and need no hash.
"""

from __future__ import annotations

import base64
import hashlib
import re

from connection_series.common.errors import fail, page_source
from connection_series.common.html_tags import find_tags
from mkdocs.plugins import event_priority

# Script types a browser runs; anything else (application/json, application/ld+json) is data.
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
HEAD_RE = re.compile(r"<head\b[^>]*>", re.I)
CHARSET_RE = re.compile(r"<meta\s+charset=[^>]*>", re.I)

FIXED_DIRECTIVES = [
    "default-src 'self'",
    "img-src 'self' data:",  # Material's CSS draws its icons from data: SVG masks
    "font-src 'self'",
    "connect-src 'self'",  # the search worker fetches search/search_index.json
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
]


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# `mkdocs serve` adds its live-reload script to each page as it serves it, inline and with a
# new timestamp every time, so no hash can allow it. In the preview only, inline scripts are
# allowed ('unsafe-inline' is ignored next to hashes, so there are none then); the built site
# always gets the strict policy, and the tests check the built site.
_preview = {"serving": False}


def on_startup(command, dirty, **kwargs):
    _preview["serving"] = command == "serve"


def policy_for(html: str, *, serving: bool = False) -> str:
    """The policy for one page: fixed directives plus hashes of its inline scripts."""
    script_hashes, style_hashes = [], []
    for tag in find_tags(html, "script", "style"):
        kind = (tag.attrs.get("type") or "").strip().lower()
        if tag.name == "style":
            style_hashes.append(_hash(tag.text))
        elif "src" not in tag.attrs and kind in EXECUTABLE_TYPES:
            script_hashes.append(_hash(tag.text))
    return "; ".join(
        [
            *FIXED_DIRECTIVES[:1],
            "script-src 'self' 'unsafe-inline'"
            if serving
            else " ".join(["script-src 'self'", *dict.fromkeys(script_hashes)]),
            # No 'unsafe-inline' for styles either: Material sets styles from its script
            # through the CSSOM (element.style), which the policy does not restrict, and our
            # templates use no style="..." attributes. Chromium reports no violation on any
            # page (tests/test_trust_privacy.py); a <style> element would be allowed by hash.
            " ".join(["style-src 'self'", *dict.fromkeys(style_hashes)]),
            *FIXED_DIRECTIVES[1:],
        ]
    )


def add_policy(html: str, where: str) -> str:
    policy = policy_for(html, serving=_preview["serving"])
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    anchor = CHARSET_RE.search(html) or HEAD_RE.search(html)
    if anchor is None:
        raise fail(where, None, "built page has no <head>", "Check the page's template")
    return html[: anchor.end()] + tag + html[anchor.end() :]


# Last of all post-page edits: a hook that adds an inline script after this would be blocked.
@event_priority(-100)
def on_post_page(output, page, config, **kwargs):
    return add_policy(output, page_source(page, config))


@event_priority(-100)
def on_post_template(output_content, template_name, config, **kwargs):
    # 404.html is a theme template, not a page: it does not pass through on_post_page.
    if template_name.endswith(".html"):
        return add_policy(output_content, template_name)
    return output_content
