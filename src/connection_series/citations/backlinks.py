"""After the build: the bibliography's links back to every page that cites each entry.

The citations extension leaves `<p class="cited-in" data-cited-key="KEY"></p>` under each
cited entry of the full bibliography. Here, with the whole site built by whichever engine,
each page's first citation of a key (the link with `id="cite-ref-KEY-1"`) and the page's
title (its first heading) are known, and the links are written in. A page step of the
post-build pipeline (connection_series.postbuild).
"""

from __future__ import annotations

from html import escape

from connection_series.citations.extension import BACKLINKS_CLASS, anchor
from connection_series.common.errors import Problem
from connection_series.common.site_sources import relative_url
from connection_series.pipeline.page import BuiltPage, replace_with_html
from connection_series.pipeline.runner import Site

PLACEHOLDER = f"p.{BACKLINKS_CLASS}[data-cited-key]"
CITED_ON = "citations.cited_on"  # the site note: key -> [(page, its title)], in site order


def note_citations(page: BuiltPage, site: Site) -> None:
    """As each page is read: which keys it cites first here (the link with the id of the
    key's first citation), and its title."""
    cited_on = site.notes.setdefault(CITED_ON, {})
    title = None
    for link in page.tree.css("a.citation[href^='#cite-']"):
        key = (link.attributes.get("href") or "").removeprefix("#cite-")
        if link.attributes.get("id") == anchor(key, 1):
            title = title if title is not None else (page.title() or page.where)
            cited_on.setdefault(key, []).append((page.where, title))


def has_backlinks(page: BuiltPage, site: Site) -> bool:
    """The bibliography waits for every other page: their citations must all be known."""
    return page.tree.css_first(PLACEHOLDER) is not None


def add_backlinks(page: BuiltPage, site: Site) -> list[Problem]:
    cited_on = site.notes.get(CITED_ON, {})
    problems = []
    for placeholder in page.tree.css(PLACEHOLDER):
        key = placeholder.attributes.get("data-cited-key") or ""
        others = [(where, title) for where, title in cited_on.get(key, []) if where != page.where]
        if not others:
            problems.append(_no_citing_page(page, key))
            placeholder.decompose()
            continue
        items = [
            f'<a href="{escape(relative_url(page.where, where))}#{escape(anchor(key, 1))}">'
            f"{escape(title)}</a>"
            for where, title in others
        ]
        replace_with_html(placeholder, f'<p class="{BACKLINKS_CLASS}">Cited in {_join(items)}.</p>')
    return problems


def _no_citing_page(page: BuiltPage, key: str) -> Problem:
    return Problem(
        page.shown,
        None,
        f"the bibliography lists '{key}' as cited, but no built page cites it",
        "Rebuild the site from a clean folder",
    )


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]
