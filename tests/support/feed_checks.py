"""What a built site's feeds, social cards and dates must be, as functions that return what is
wrong: used on the real site, the fixture site and every engine's build (the parity test)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
from bs4 import BeautifulSoup

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Elements an RFC 4287 feed and entry must have exactly once (4.1.1, 4.1.2).
ATOM_FEED_ONCE = ("id", "title", "updated")
ATOM_ENTRY_ONCE = ("id", "title", "updated")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "srcset", "xlink:href")
SCHEMES = ("http", "https", "mailto")


@dataclass(frozen=True)
class Feeds:
    atom: bytes
    json: dict

    @classmethod
    def read(cls, site_root: Path) -> Feeds:
        return cls(
            (site_root / "feed.xml").read_bytes(),
            json.loads((site_root / "feed.json").read_text(encoding="utf-8")),
        )


def atom_problems(atom: bytes) -> list[str]:
    """feedparser reads it without a "bozo" error, and RFC 4287's required elements are
    there: id, title and updated once each; an author on the feed or on every entry; a
    rel=self link; each entry's content or an alternate link."""
    problems = []
    parsed = feedparser.parse(atom)
    if parsed.bozo:
        problems.append(f"feedparser: {parsed.bozo_exception!r}")
    if parsed.version != "atom10":
        problems.append(f"feedparser reads it as {parsed.version!r}, not Atom 1.0")
    root = ET.fromstring(atom)
    problems += _once(root, ATOM_FEED_ONCE, "feed")
    links = root.findall(f"{ATOM}link")
    if not any(link.get("rel") == "self" for link in links):
        problems.append("feed: no link rel=self")
    feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    for number, entry in enumerate(root.findall(f"{ATOM}entry"), 1):
        where = f"entry {number}"
        problems += _once(entry, ATOM_ENTRY_ONCE, where)
        if not feed_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"{where}: no author, and none on the feed")
        alternate = any(
            link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{ATOM}link")
        )
        if entry.find(f"{ATOM}content") is None and not alternate:
            problems.append(f"{where}: neither content nor an alternate link")
    return problems


def _once(element: ET.Element, names: tuple[str, ...], where: str) -> list[str]:
    return [
        f"{where}: {len(element.findall(ATOM + name))} <{name}>, not one"
        for name in names
        if len(element.findall(ATOM + name)) != 1
    ]


def json_feed_problems(feed: dict) -> list[str]:
    """JSON Feed 1.1's required fields (version, title, items; each item's id and content),
    and its addresses absolute."""
    problems = []
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append(f"version {feed.get('version')!r}")
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        problems.append("no title")
    if not isinstance(feed.get("items"), list):
        return [*problems, "no items list"]
    for field in ("home_page_url", "feed_url"):
        if not is_absolute(feed.get(field, "")):
            problems.append(f"{field} {feed.get(field)!r} is not absolute")
    for number, item in enumerate(feed["items"], 1):
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"item {number}: no id")
        if not (item.get("content_html") or item.get("content_text")):
            problems.append(f"item {number}: no content_html or content_text")
    return problems


def is_absolute(url: str) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in SCHEMES and (parts.scheme == "mailto" or bool(parts.netloc))


def entry_html_problems(html: str, base: str) -> list[str]:
    """An entry's HTML: every address absolute (the site's under `base`), no script, no
    style, no event attribute, no inline SVG."""
    problems = []
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        if tag.name in ("script", "style", "svg", "iframe", "form", "object", "embed"):
            problems.append(f"a <{tag.name}>")
        for name, value in tag.attrs.items():
            if name.lower().startswith("on") or name.lower() == "style":
                problems.append(f"<{tag.name} {name}=...>")
            if name in URL_ATTRIBUTES and not is_absolute(value):
                problems.append(f"<{tag.name} {name}={value!r}> is not absolute")
    internal = [a["href"] for a in soup.find_all("a", href=True) if a["href"].startswith(base)]
    if not internal:
        problems.append(f"no link into the site ({base})")
    return problems


def sitemap_dates(site_root: Path) -> dict[str, str | None]:
    """<loc> -> its <lastmod> (None when it has none)."""
    root = ET.parse(site_root / "sitemap.xml").getroot()
    found = {}
    for url in root.findall(f"{SITEMAP}url"):
        lastmod = url.find(f"{SITEMAP}lastmod")
        found[url.findtext(f"{SITEMAP}loc")] = lastmod.text if lastmod is not None else None
    return found


def json_ld_modified(soup: BeautifulSoup) -> str | None:
    for block in soup.select('script[type="application/ld+json"]'):
        return json.loads(block.string).get("dateModified")
    return None


def meta(soup: BeautifulSoup, key: str, value: str) -> str | None:
    tag = soup.find("meta", attrs={key: value})
    return tag.get("content") if tag else None
