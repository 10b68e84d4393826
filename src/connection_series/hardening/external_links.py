"""Links to other sites get rel="noopener noreferrer".

noopener: the other site gets no handle on this tab (window.opener), even if a link is
later set to open a new tab. noreferrer: the other site is not told which page the reader
came from, in line with the site's promise to track no one. Links keep opening in the same
tab: opening new windows unasked disorients readers (WCAG technique G201). Runs on the
built HTML after the build, so links from Markdown, templates and data are all covered.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from connection_series.common.html_tags import find_tags, replace_spans

REQUIRED = ("noopener", "noreferrer")


def is_external(href: str, own_host: str) -> bool:
    address = urlsplit(href.strip())
    return address.scheme in ("http", "https") and address.hostname not in (None, own_host)


def _start_tag(attrs: dict[str, str | None], closing: str) -> str:
    """<a ...> rebuilt from parsed attributes, rel completed (values re-escaped)."""
    rel = (attrs.get("rel") or "").split()
    attrs = {**attrs, "rel": " ".join(rel + [value for value in REQUIRED if value not in rel])}
    parts = [
        name if value is None else f'{name}="{escape(value)}"' for name, value in attrs.items()
    ]
    return "<a " + " ".join(parts) + closing


def protect_external_links(html: str, own_host: str) -> str:
    edits = []
    for link in find_tags(html, "a"):
        href = link.attrs.get("href")
        if href and is_external(href, own_host):
            closing = "/>" if html.startswith("/>", link.end - 2) else ">"  # SVG: <a .../>
            edits.append((link.start, link.end, _start_tag(link.attrs, closing)))
    return replace_spans(html, edits)
