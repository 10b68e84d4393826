"""After the build: each part says which part it is and ends with links to the parts before
and after it; the sidebar keeps the parts nearest the page. Page steps of the post-build
pipeline (connection_series.postbuild), from the build's plan (series.plan), so every engine
gets the same links.

- "Part N of M" (M: the parts this build makes) first in its byline, under its title; in the
  preview, above the title, the notice of a part that is not public yet.
- At the end of its content, before the disclaimer: a `<nav aria-label="Series">` with the
  previous and next part, by title, and "All parts" (the home page's list).
- The sidebar: the engine lists every part (series.navigation); here it keeps the part the
  page is (or, elsewhere, the newest) and its neighbours, SIDEBAR_PARTS in all, and adds
  "All parts" when it left some out, so a page's weight does not grow with the series.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from connection_series.common.site_sources import built_path_for, relative_url
from connection_series.pipeline.page import (
    BuiltPage,
    append,
    fragment_nodes,
    insert_after,
    insert_before,
    prepend,
)
from connection_series.pipeline.runner import Site
from connection_series.series.extension import LIST_ID, marker_page
from connection_series.series.parts import Part
from connection_series.series.plan import SeriesPlan, plan_series
from connection_series.series.wording import notice, numbered_title, position

PLAN = "series.plan"  # the site note: the build's SeriesPlan
LIST_PAGE = "series.list_page"  # the site note: the built page that lists every part
SIDEBAR_PARTS = 3
DISCLAIMER = "#medical-disclaimer"
NOT_FOUND = "404.html"


def site_plan(site: Site) -> SeriesPlan:
    if PLAN not in site.notes:
        build = site.build
        site.notes[PLAN] = plan_series(build.docs_dir, build.day, build.preview)
        listing = marker_page(build.docs_dir)
        site.notes[LIST_PAGE] = built_path_for(Path(listing)).as_posix() if listing else None
    return site.notes[PLAN]


def built_file(part: Part) -> str:
    return built_path_for(Path(part.source)).as_posix()


def page_part(page: BuiltPage, site: Site) -> Part | None:
    plan = site_plan(site)
    source_file, docs_dir = page.source_file, site.build.docs_dir
    if source_file is None or not source_file.is_relative_to(docs_dir):
        return None
    return plan.part_of(source_file.relative_to(docs_dir).as_posix())


def add_series_links(page: BuiltPage, site: Site) -> None:
    part = page_part(page, site)
    content = page.content
    heading = content.css_first("h1") if content is not None else None
    if part is None or heading is None:
        return
    plan = site_plan(site)
    built = list(plan.built)
    here = built.index(part)
    held_back = notice(part, plan.day) if plan.preview else None
    if held_back:
        insert_before(
            heading,
            '<div class="admonition warning series-notice" role="note">'
            f'<p class="admonition-title">{escape(held_back)}</p>'
            "<p>Only this preview shows the part. The public site leaves it out, with every "
            "link to it.</p></div>",
        )
    counted = escape(position(part, len(built)))
    byline = content.css_first("dl.article-meta")
    if byline is not None:
        prepend(byline, f'<div class="series-position"><dt>Series</dt><dd>{counted}</dd></div>')
    else:
        insert_after(heading, f'<p class="series-position">{counted}</p>')
    links = []
    if here > 0:
        links.append(_neighbour(page, built[here - 1], "Previous part", "prev"))
    if here + 1 < len(built):
        links.append(_neighbour(page, built[here + 1], "Next part", "next"))
    all_parts = _all_parts_url(page, site)
    if all_parts:
        links.append(f'<li><a href="{escape(all_parts)}">All parts of the series</a></li>')
    nav = (
        '<nav class="series-nav" aria-label="Series" data-pagefind-ignore>'
        f"<ul>{''.join(links)}</ul></nav>"
    )
    disclaimer = content.css_first(DISCLAIMER)
    if disclaimer is None:
        append(content, fragment_nodes(nav))
    else:
        insert_before(disclaimer, nav)


def _neighbour(page: BuiltPage, part: Part, label: str, rel: str) -> str:
    href = escape(relative_url(page.where, built_file(part)))  # never the 404 page
    return f'<li>{label}: <a href="{href}" rel="{rel}">{escape(numbered_title(part))}</a></li>'


def _all_parts_url(page: BuiltPage, site: Site) -> str | None:
    listing = site.notes.get(LIST_PAGE)
    return f"{_link(page, listing, site)}#{LIST_ID}" if listing else None


def _link(page: BuiltPage, target: str, site: Site) -> str:
    """A link from the page to a built file: relative, except on the 404 page, which is
    served at any address (the engines link from it from the site's root, so do we)."""
    if page.where == NOT_FOUND:
        root = urlsplit(site.build.site.site_url or "/").path.rstrip("/")
        return f"{root}/{target.removesuffix('index.html')}"
    return relative_url(page.where, target)


def _path_of(href: str, page: BuiltPage, site: Site) -> str:
    """The path a link reaches, as on a site at the root of its host ("/part-1/")."""
    resolved = urlsplit(urljoin(_address(page.where), href))
    if resolved.netloc == urlsplit(_address("")).netloc:
        return resolved.path
    prefix = urlsplit(site.build.site.site_url or "/").path.rstrip("/")
    return "/" + resolved.path.removeprefix(prefix).lstrip("/")


def trim_sidebar(page: BuiltPage, site: Site) -> None:
    plan = site_plan(site)
    built = list(plan.built)
    if len(built) <= SIDEBAR_PARTS or page.tree is None:
        return
    top = page.tree.css_first("nav.md-nav--primary ul.md-nav__list")
    if top is None:
        return
    by_address = {urlsplit(_address(built_file(part))).path: i for i, part in enumerate(built)}
    items = []  # (list item, the index in `built` of the part it links to)
    for item in top.iter():
        link = item.css_first("a.md-nav__link[href]") if item.tag == "li" else None
        if link is not None:
            address = _path_of(link.attributes["href"], page, site)
            if address in by_address:
                items.append((item, by_address[address]))
    if not items:
        return
    part = page_part(page, site)
    kept = _nearest(len(built), built.index(part) if part else len(built) - 1)
    kept_items = [item for item, index in items if index in kept]
    for item, index in items:
        if index not in kept:
            item.decompose()
    all_parts = _all_parts_url(page, site)
    if all_parts and kept_items:
        insert_after(
            kept_items[-1],
            f'<li class="md-nav__item"><a href="{escape(all_parts)}" class="md-nav__link">'
            '<span class="md-ellipsis">All parts</span></a></li>',
        )


def _address(where: str) -> str:
    """A built file's address on an imaginary host: links resolve against it."""
    return "http://site.invalid/" + where.removesuffix("index.html")


def _nearest(count: int, index: int) -> range:
    """SIDEBAR_PARTS indexes around `index` among `count` parts (shifted at either end)."""
    start = max(0, min(index - SIDEBAR_PARTS // 2, count - SIDEBAR_PARTS))
    return range(start, start + SIDEBAR_PARTS)
