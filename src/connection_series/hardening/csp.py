"""Give every built page a Content-Security-Policy that allows only the site itself.

The policy goes in a <meta http-equiv> (the site is static: no server headers to rely on),
first in <head>, so it governs every script after it. The theme's few inline scripts (scope
and storage helpers, palette restore) are allowed by their sha256 hashes, computed from each
page's final HTML, but only those outside the page's content: a script that came in with
contributor content is never allowed (the check refuses it earlier; this is the second
lock). No 'unsafe-inline' for scripts. JSON blocks (the theme's config, our JSON-LD) are
data, never run, and need no hash.
"""

from __future__ import annotations

import base64
import hashlib
import re

from connection_series.common.errors import Problem
from connection_series.common.html_tags import find_tags

# Script types a browser runs; anything else (application/json, application/ld+json) is data.
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
HEAD_RE = re.compile(r"<head\b[^>]*>", re.I)
CHARSET_RE = re.compile(r"<meta\s+charset=[^>]*>", re.I)

FIXED_DIRECTIVES = [
    "default-src 'self'",
    "img-src 'self' data:",  # Material's CSS draws its icons from data: SVG masks
    "font-src 'self'",
    "connect-src 'self'",  # search fetches the pieces of its index (pagefind/) it needs
    # Pagefind searches in a worker. Its WebAssembly core runs there, under the worker's own
    # policy (none is sent with the file), so pages need no 'wasm-unsafe-eval'.
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
]


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CONTENT_START = re.compile(r'<article class="md-content__inner', re.I)
CONTENT_END = "</article>"
# `mkdocs serve` adds its live-reload script to each page as it serves it, inline and with a
# new timestamp every time, so no hash can allow it. In the preview only, inline scripts are
# allowed ('unsafe-inline' is ignored next to hashes, so there are none then); the built site
# always gets the strict policy, and the tests check the built site.


def policy_for(html: str, *, serving: bool = False) -> str:
    """The policy for one page: fixed directives plus hashes of its inline scripts."""
    script_hashes, style_hashes = [], []
    start, end = content_span(html)
    for tag in find_tags(html, "script", "style"):
        if start <= tag.start < end:
            continue  # content never gets a hash: see the module's docstring
        if tag.name == "style":
            style_hashes.append(_hash(tag.text))
        elif _runs_inline(tag):
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


def content_span(html: str) -> tuple[int, int]:
    """Where the page's content (contributor Markdown) stands in the built page."""
    start = CONTENT_START.search(html)
    if start is None:
        return (0, 0)
    end = html.rfind(CONTENT_END)
    return (start.start(), end if end > start.start() else len(html))


def inline_scripts_in_content(html: str) -> list[str]:
    """Inline scripts a browser would run that stand inside the page's content."""
    start, end = content_span(html)
    return [
        tag.text
        for tag in find_tags(html, "script")
        if start <= tag.start < end and _runs_inline(tag)
    ]


def _runs_inline(tag) -> bool:
    kind = (tag.attrs.get("type") or "").strip().lower()
    return "src" not in tag.attrs and kind in EXECUTABLE_TYPES


def add_policy(html: str, where: str, *, serving: bool = False) -> tuple[str, list[Problem]]:
    """The page with its policy, and a problem if content carries a script or no <head>."""
    problems = []
    if inline_scripts_in_content(html):
        problems.append(
            Problem(
                where,
                None,
                "the built page has a script inside its content",
                "Remove the <script> from the page's Markdown or from the data it shows",
            )
        )
    policy = policy_for(html, serving=serving)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    anchor = CHARSET_RE.search(html) or HEAD_RE.search(html)
    if anchor is None:
        problems.append(Problem(where, None, "built page has no <head>", "Check its template"))
        return html, problems
    return html[: anchor.end()] + tag + html[anchor.end() :], problems
