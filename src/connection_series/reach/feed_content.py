"""The whole article as a feed entry's HTML: what a feed reader or an e-mail shows, and safe
to show there.

From the built page's content (its byline, citations, references, update history and the
medical disclaimer included), without the page's own chrome (its title, which the entry
carries, the edit button, heading anchors, the series navigation). Inline SVG charts are left
out: feed readers and e-mail drop them, and each evidence chart's table, which says the same,
follows it. Then sanitised by an allow-list (nh3, Ammonia's HTML sanitiser): known tags and
attributes only, so no script, no style and no event attribute survives, and every link and
image is made absolute against the page's address (http, https and mailto only).
"""

from __future__ import annotations

from html import escape

import nh3
from selectolax.lexbor import LexborNode

from connection_series.pipeline.page import (
    BuiltPage,
    ancestors,
    fragment_nodes,
    replace_with_html,
)

# The page's own chrome, taken out before sanitising (the sanitiser would keep their text).
CHROME = (
    "h1",  # the title: the entry has its own
    "a.headerlink",  # heading anchors
    ".md-content__button",  # "Edit this page"
    "nav",  # the series' previous and next links
    "[hidden]",
)
TAGS = {
    "a", "abbr", "aside", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul",
}  # fmt: skip
# Dropped with everything inside them: what would only leave stray text or markup behind.
DROPPED_WHOLE = {
    "script", "style", "svg", "math", "template", "noscript", "iframe", "object", "embed",
    "form", "button", "input", "select", "textarea", "dialog", "canvas", "video", "audio",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "*": {"lang", "dir"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def entry_html(page: BuiltPage, page_url: str) -> str:
    """The page's content as a feed entry: absolute links, no script, no chrome."""
    content = page.content
    if content is None:
        return ""
    copy = fragment_nodes(content.html or "")[0]  # the page itself is not changed
    for selector in CHROME:
        for node in copy.css(selector):
            node.decompose()
    for title in copy.css(".admonition-title"):  # the box's title, without its styling
        replace_with_html(title, f"<p><strong>{escape(title.text(deep=True).strip())}</strong></p>")
    _shorten_blank_runs(copy)
    return sanitised(copy.inner_html or "", page_url).strip()


def _shorten_blank_runs(node: LexborNode) -> None:
    """The templates' indentation between elements, one newline or space each (not in <pre>,
    where it shows)."""
    for text in list(node.traverse(include_text=True)):
        value = text.text_content if text.tag == "-text" else None
        if value and not value.strip() and not any(a.tag == "pre" for a in ancestors(text)):
            text.replace_with("\n" if "\n" in value else " ")


def sanitised(html: str, page_url: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=DROPPED_WHOLE,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        url_relative=("rewrite_with_base", page_url),
        strip_comments=True,
    )
