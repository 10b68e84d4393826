"""After the build: the bibliography's links back to every page that cites each entry.

The citations extension leaves `<p class="cited-in" data-cited-key="KEY"></p>` under each
cited entry of the full bibliography. Here, with the whole site built by whichever engine,
each page's first citation of a key (`id="cite-ref-KEY-1"`) and the page's title (its first
heading) are known, and the links are written in.
"""

from __future__ import annotations

import os
import re
from html import escape
from pathlib import Path

from connection_series.citations.extension import BACKLINKS_CLASS, anchor
from connection_series.common.errors import Problem

PLACEHOLDER = re.compile(rf'<p class="{BACKLINKS_CLASS}" data-cited-key="(?P<key>[^"]+)"></p>')
FIRST_CITATION = re.compile(r'id="cite-ref-(?P<key>[^"]+?)-1"')
H1 = re.compile(r"<h1\b[^>]*>(?P<title>.*?)</h1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")


def add_backlinks(site_dir: Path) -> list[Problem]:
    pages = sorted(site_dir.rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    bibliographies = [page for page, html in texts.items() if PLACEHOLDER.search(html)]
    if not bibliographies:
        return []
    cited_on: dict[str, list[Path]] = {}
    for page, html in texts.items():
        for match in FIRST_CITATION.finditer(html):
            cited_on.setdefault(match["key"], []).append(page)
    problems = []
    for bibliography in bibliographies:

        def links(match: re.Match, bibliography: Path = bibliography) -> str:
            key = match["key"]
            others = [page for page in cited_on.get(key, []) if page != bibliography]
            if not others:
                problems.append(_no_citing_page(bibliography, site_dir, key))
                return ""
            items = [
                f'<a href="{escape(_relative(bibliography, page))}#{anchor(key, 1)}">'
                f"{_title(texts[page], page, site_dir)}</a>"
                for page in others
            ]
            return f'<p class="{BACKLINKS_CLASS}">Cited in {_join(items)}.</p>'

        html = PLACEHOLDER.sub(links, texts[bibliography])
        bibliography.write_text(html, encoding="utf-8")
    return problems


def _no_citing_page(bibliography: Path, site_dir: Path, key: str) -> Problem:
    return Problem(
        bibliography.relative_to(site_dir).as_posix(),
        None,
        f"the bibliography lists '{key}' as cited, but no built page cites it",
        "Rebuild the site from a clean folder",
    )


def _relative(page: Path, target: Path) -> str:
    """`target`'s address seen from `page`, as a directory URL where it is an index page."""
    folder = target.parent if target.name == "index.html" else target
    url = os.path.relpath(folder, page.parent).replace(os.sep, "/")
    return (url + "/") if target.name == "index.html" else url


def _title(html: str, page: Path, site_dir: Path) -> str:
    """The page's first heading as text (already escaped HTML), without its permalink."""
    match = H1.search(html)
    if not match:
        return escape(page.parent.relative_to(site_dir).as_posix())
    title = re.sub(r'<a class="headerlink".*?</a>', "", match["title"], flags=re.S)
    return TAG.sub("", title).strip()


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]
