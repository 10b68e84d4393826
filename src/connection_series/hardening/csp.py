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

from connection_series.common.errors import Problem
from connection_series.pipeline.page import BuiltPage, head_nodes
from connection_series.pipeline.runner import Site

# Script types a browser runs; anything else (application/json, application/ld+json) is data.
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}

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
# The preview gets the same policy: `mkdocs serve` adds its live-reload script as a file of
# the site's own origin there (boundary.live_reload), not inline, so no contributor script
# runs in a reviewer's preview either.


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def policy_for(page: BuiltPage) -> str:
    """The policy for one page: fixed directives plus hashes of its inline scripts and
    styles outside the content."""
    script_hashes, style_hashes = [], []
    for element in page.tree.css("script, style"):
        if page.in_content(element):
            continue  # content never gets a hash: see the module's docstring
        if element.tag == "style":
            style_hashes.append(_hash(element.text(deep=True)))
        elif _runs_inline(element):
            script_hashes.append(_hash(element.text(deep=True)))
    return "; ".join(
        [
            *FIXED_DIRECTIVES[:1],
            " ".join(["script-src 'self'", *dict.fromkeys(script_hashes)]),
            # No 'unsafe-inline' for styles either: Material sets styles from its script
            # through the CSSOM (element.style), which the policy does not restrict, and our
            # templates use no style="..." attributes. Chromium reports no violation on any
            # page (tests/test_trust_privacy_browser.py); a <style> element is allowed by hash.
            " ".join(["style-src 'self'", *dict.fromkeys(style_hashes)]),
            *FIXED_DIRECTIVES[1:],
        ]
    )


def inline_scripts_in_content(page: BuiltPage) -> list[str]:
    """Inline scripts a browser would run that stand inside the page's content."""
    return [
        script.text(deep=True)
        for script in page.tree.css("script")
        if page.in_content(script) and _runs_inline(script)
    ]


def _runs_inline(script) -> bool:
    kind = (script.attributes.get("type") or "").strip().lower()
    return "src" not in script.attributes and kind in EXECUTABLE_TYPES


def add_policy(page: BuiltPage, site: Site) -> list[Problem]:
    """The page's policy, first in <head> after the charset; a problem if content carries a
    script or the page has no <head>."""
    problems = []
    if inline_scripts_in_content(page):
        problems.append(
            Problem(
                page.shown,
                None,
                "the built page has a script inside its content",
                "Remove the <script> from the page's Markdown or from the data it shows",
            )
        )
    head = page.head
    if head is None:
        problems.append(Problem(page.shown, None, "built page has no <head>", "Check its template"))
        return problems
    for old in page.tree.css('meta[http-equiv="Content-Security-Policy" i]'):
        old.decompose()  # the build's policy is the only one
    policy = policy_for(page)
    [tag] = head_nodes(f'<meta http-equiv="Content-Security-Policy" content="{policy}">')
    charset = head.css_first("meta[charset]")
    if charset is not None:
        charset.insert_after(tag)
    elif head.child is not None:
        head.child.insert_before(tag)
    else:
        head.insert_child(tag)
    return problems
