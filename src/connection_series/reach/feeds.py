"""The series as Atom 1.0 (`feed.xml`) and JSON Feed 1.1 (`feed.json`) feeds, for feed readers
and for services that send a feed's new entries as an e-mail (README, "Feeds").

- Page step "feed links": every page's <head> names both feeds (`rel="alternate"`), so
  readers and browsers find them from any page.
- Page step "feed entries": each article, once the steps before it have finished its content,
  noted as an entry: the whole article (reach.feed_content), its dates (reach.changes:
  `updated` is when it last changed, never the build date), authors and social card.
- Site step "feeds": both files, newest article first, absolute URLs only; a deploy build
  whose address is this machine fails instead (reach.address).

Atom is written by feedgen (namespaces, escaping and the RFC 4287 elements); JSON Feed is a
JSON document, written with json.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from connection_series.common.errors import Problem
from connection_series.common.files import write_atomically
from connection_series.pipeline.page import BuiltPage, append, head_nodes
from connection_series.pipeline.runner import Site
from connection_series.reach.address import absolute, address_problems, base_url, href_from
from connection_series.reach.cards import CARD_URLS
from connection_series.reach.changes import last_modified
from connection_series.reach.feed_content import entry_html
from connection_series.trust.article_metadata import page_article

ATOM_FILE = "feed.xml"
JSON_FILE = "feed.json"
ATOM_TYPE = "application/atom+xml"
JSON_TYPE = "application/feed+json"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
FEED_LENGTH = 20  # the newest articles; readers keep the older ones they have seen
ENTRIES = "reach.feed_entries"  # the site note: every FeedEntry noted so far
NOTHING_PUBLISHED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # an empty feed's `updated`


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str
    summary: str
    authors: tuple[str, ...]
    published: dt.date
    updated: dt.date
    html: str
    image: str | None  # the social card


def is_feed_entry(page: BuiltPage, site: Site) -> bool:
    """Which pages are the feed's entries: the articles this build published. (The series'
    scheduled and draft parts are not built, so they are never entries.)"""
    return page_article(page) is not None


def add_feed_links(page: BuiltPage, site: Site) -> None:
    if page.head is None:
        return
    name = html.escape(site.build.site.site_name, quote=True)
    links = "".join(
        f'<link rel="alternate" type="{kind}" title="{name} ({label})" '
        f'href="{html.escape(href_from(page.where, site.build.site, file), quote=True)}">'
        for kind, label, file in (
            (ATOM_TYPE, "Atom", ATOM_FILE),
            (JSON_TYPE, "JSON Feed", JSON_FILE),
        )
    )
    append(page.head, head_nodes(links))


def note_feed_entry(page: BuiltPage, site: Site) -> None:
    article = page_article(page)
    if article is None or not is_feed_entry(page, site):
        return
    url = absolute(site.build.site, page.where)
    entry = FeedEntry(
        url=url,
        title=article.title,
        summary=article.description,
        authors=article.authors,
        published=article.published,
        updated=last_modified(article),
        html=entry_html(page, url),
        image=site.notes.get(CARD_URLS, {}).get(page.where),
    )
    site.notes.setdefault(ENTRIES, []).append(entry)


def write_feeds(site: Site) -> list[Problem]:
    problems = address_problems(site.build.site, site.build.publishing)
    entries = sorted(
        site.notes.get(ENTRIES, []), key=lambda e: (e.published, e.updated, e.url), reverse=True
    )[:FEED_LENGTH]
    write_atomically(site.root / ATOM_FILE, atom_feed(site, entries))
    write_atomically(site.root / JSON_FILE, json_feed(site, entries))
    return problems


def moment(day: dt.date) -> dt.datetime:
    """A day as the instant feeds need: its start, in UTC."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def feed_updated(entries: list[FeedEntry]) -> dt.datetime:
    return max((moment(entry.updated) for entry in entries), default=NOTHING_PUBLISHED)


def atom_feed(site: Site, entries: list[FeedEntry]) -> bytes:
    info = site.build.site
    home = base_url(info)
    feed = FeedGenerator()
    feed.id(home)
    feed.title(info.site_name)
    if info.description:
        feed.subtitle(info.description)
    feed.language(info.language)
    feed.link(href=home, rel="alternate", type="text/html")
    feed.link(href=home + ATOM_FILE, rel="self", type=ATOM_TYPE)
    feed.link(href=home + JSON_FILE, rel="alternate", type=JSON_TYPE)
    feed.author(name=info.editorial_team or info.site_name)
    feed.updated(feed_updated(entries))
    for entry in entries:
        item = feed.add_entry(order="append")
        item.id(entry.url)
        item.title(entry.title)
        item.link(href=entry.url, rel="alternate", type="text/html")
        item.published(moment(entry.published))
        item.updated(moment(entry.updated))
        for name in entry.authors:
            item.author(name=name)
        item.summary(entry.summary)
        item.content(entry.html, type="html")
    return feed.atom_str(pretty=True)


def json_feed(site: Site, entries: list[FeedEntry]) -> str:
    info = site.build.site
    home = base_url(info)
    feed = {
        "version": JSON_FEED_VERSION,
        "title": info.site_name,
        "home_page_url": home,
        "feed_url": home + JSON_FILE,
        "description": info.description,
        "language": info.language,
        "authors": [{"name": info.editorial_team or info.site_name}],
        "items": [
            {
                "id": entry.url,
                "url": entry.url,
                "title": entry.title,
                "summary": entry.summary,
                "content_html": entry.html,
                "date_published": moment(entry.published).isoformat(),
                "date_modified": moment(entry.updated).isoformat(),
                "authors": [{"name": name} for name in entry.authors],
                "language": info.language,
                **({"image": entry.image} if entry.image else {}),
            }
            for entry in entries
        ],
    }
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"
