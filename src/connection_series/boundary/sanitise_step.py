"""A page step after the build: each built page's content (`article.md-content__inner`)
sanitised again by the site's policy (`policy`), in the build and in the preview alike.

Every page's Markdown was sanitised as it was rendered (`extension`); what the theme's
templates put in the content around it (the edit button, the disclaimer) must pass too, so
this step finds what a template, another engine or a step before it let through. What it
removes is a problem naming the page (and the line, when the page's Markdown wrote it), so
the strict build fails; the page is written without it either way. The page's tree is
rebuilt only when something is removed, so a clean page is written as the engine made it.
"""

from __future__ import annotations

from connection_series.boundary.markup import markup_problems
from connection_series.boundary.policy import removed, sanitise
from connection_series.common.errors import Problem, line_of
from connection_series.common.front_matter_text import body_start
from connection_series.common.markdown_scan import scan
from connection_series.pipeline.page import BuiltPage, append, fragment_nodes
from connection_series.pipeline.runner import Site

FIX = (
    "Remove it from the page's Markdown; if a template made it, the policy in "
    "src/connection_series/boundary/policy.py must allow it first (a maintainer's change)"
)


def sanitise_content(page: BuiltPage, site: Site) -> list[Problem]:
    content = page.content
    if content is None:
        return []
    children = list(content.iter(include_text=True))
    written = "".join(node.html or "" for node in children)
    clean = sanitise(written)
    taken = removed(written, clean)
    if not taken:
        return []
    for node in children:
        node.decompose()
    append(content, fragment_nodes(clean))
    line = _first_line(page)
    return [
        Problem(
            page.shown,
            line,
            f"the built page {page.where} had {what} in its content, which the site removes",
            FIX,
        )
        for what in taken
    ]


def _first_line(page: BuiltPage) -> int | None:
    """The line of the page's Markdown that wrote markup the policy refuses, if any."""
    source = page.source_text()
    if not source:
        return None
    start = body_start(source)
    body = source[start:]
    found = markup_problems(body, scan(body))
    return line_of(source, start + found[0].offset) if found else None
