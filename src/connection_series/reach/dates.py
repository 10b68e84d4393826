"""Honest dates: an article's "last modified" is the latest of its publication, its last review
and its recorded changes (reach.changes.last_modified), never the day the site was built.

- A page step sets the article's Open Graph `article:modified_time` and notes its date by
  address for the sitemap (the JSON-LD's dateModified comes from trust.structured_data).
- A site step rewrites the engine's sitemap.xml: an article's `<lastmod>` is its date; a page
  without one (home, About, ...) gets none, rather than the build date MkDocs writes (Zensical
  writes none). sitemap.xml.gz is written again from it, on every engine.

The sitemap is read and written with ElementTree (an XML parser, not text edits); it is the
engine's output, not contributor input, and Python's expat refuses entity bombs anyway.
"""

from __future__ import annotations

import datetime as dt
import gzip
import xml.etree.ElementTree as ET

from connection_series.common.errors import Problem
from connection_series.common.files import write_atomically
from connection_series.pipeline.page import BuiltPage, append, head_nodes
from connection_series.pipeline.runner import Site
from connection_series.reach.address import absolute
from connection_series.reach.changes import last_modified
from connection_series.trust.article_metadata import page_article

MODIFIED = "reach.modified"  # the site note: absolute URL -> the article's last-modified day
SITEMAP = "sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
MODIFIED_PROPERTY = "article:modified_time"


def modified_dates(site: Site) -> dict[str, dt.date]:
    return site.notes.setdefault(MODIFIED, {})


def add_modified_date(page: BuiltPage, site: Site) -> None:
    article = page_article(page)
    if article is None or page.head is None:
        return
    modified = last_modified(article)
    modified_dates(site)[absolute(site.build.site, page.where)] = modified
    for meta in page.head.css("meta[property]"):
        if meta.attributes.get("property") == MODIFIED_PROPERTY:
            meta.decompose()
    tag = f'<meta property="{MODIFIED_PROPERTY}" content="{modified.isoformat()}">'
    published = [
        meta
        for meta in page.head.css("meta[property]")
        if meta.attributes.get("property") == "article:published_time"
    ]
    nodes = head_nodes(tag)
    if published:
        for node in reversed(nodes):
            published[0].insert_after(node)
    else:
        append(page.head, nodes)


def date_sitemap(site: Site) -> list[Problem]:
    path = site.root / SITEMAP
    if not path.is_file():
        return []
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        return [
            Problem(SITEMAP, None, f"the engine's sitemap cannot be read ({error})", "Report it")
        ]
    xml = sitemap_with_dates(root, modified_dates(site))
    write_atomically(path, xml)
    # mtime 0: the same sitemap gives the same bytes, whenever it is built.
    write_atomically(path.with_name(SITEMAP + ".gz"), gzip.compress(xml.encode(), mtime=0))
    return []


def sitemap_with_dates(root: ET.Element, dates: dict[str, dt.date]) -> str:
    """The sitemap with each page's `<lastmod>` set from `dates` (by <loc>), or removed."""
    ns = {"s": SITEMAP_NS}
    for url in root.findall("s:url", ns):
        for lastmod in url.findall("s:lastmod", ns):
            url.remove(lastmod)
        loc = url.find("s:loc", ns)
        date = dates.get((loc.text or "").strip()) if loc is not None else None
        if date is not None:
            lastmod = ET.Element(f"{{{SITEMAP_NS}}}lastmod")
            lastmod.text = date.isoformat()
            url.insert(list(url).index(loc) + 1, lastmod)
    ET.indent(root)
    try:
        body = ET.tostring(root, encoding="unicode", default_namespace=SITEMAP_NS)
    except ValueError:  # elements of other namespaces (image or language extensions)
        body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
