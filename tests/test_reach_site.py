"""Feeds, social cards and honest dates on built sites: the real site, and a fixture site
published in a sub-folder (SITE_URL=https://example.org/sub/) whose newest article records
a correction. Both feeds parse and carry the whole articles with absolute links and the
disclaimer; every page has its card; a `changes:` entry moves dateModified, the feeds'
`updated` and the sitemap's `lastmod`, and nothing carries the build date."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from support.articles import article_body
from support.feed_checks import (
    ATOM,
    Feeds,
    atom_problems,
    entry_html_problems,
    json_feed_problems,
    json_ld_modified,
    meta,
    sitemap_dates,
)
from support.site_helpers import REPO, BuiltSite, build, write_fixture_site

from connection_series.reach.card_image import contrast
from connection_series.reach.cards import COLOURS_FILE, site_palette
from connection_series.reach.changes import last_modified
from connection_series.reach.feeds import FEED_LENGTH
from connection_series.trust.front_matter import article_from, read_front_matter

pytestmark = pytest.mark.site

SUB = "https://example.org/sub/"
TODAY = dt.date.today()
PUBLISHED = TODAY - dt.timedelta(days=30)
CORRECTED = TODAY - dt.timedelta(days=2)
# Plain text that HTML would misread if it were not escaped (tags are refused by the check).
SUMMARY = 'We corrected the number of studies (3 < 4 & 4 > 3) & "quotes".'


def article_page(title: str, published: dt.date, body: str, extra: str = "") -> str:
    return (
        f"---\ntitle: '{title}'\ndescription: 'About {title}.'\nauthors:\n  - The editorial team\n"
        f"published: {published}\nlast_reviewed: {published + dt.timedelta(days=1)}\n"
        f"next_review: {published + dt.timedelta(days=365)}\nreviewer: ''\n{extra}---\n\n"
        + article_body(title, body)
    )


@pytest.fixture(scope="module")
def sub_site(tmp_path_factory) -> BuiltSite:
    root = tmp_path_factory.mktemp("reach-sub")
    changes = (
        f"part: 2\nchanges:\n  - date: {CORRECTED}\n    kind: correction\n"
        f"    summary: '{SUMMARY.replace(chr(39), chr(39) * 2)}'\n"
        f"  - date: {CORRECTED - dt.timedelta(days=1)}\n    kind: update\n"
        "    summary: Added a study.\n"
    )
    pages = {
        "index.md": "# Home\n\nThe series.\n",
        "part-3.md": article_page(
            'Part 2: A title long enough to wrap, with 3 < 4 & "quotes" in it',
            PUBLISHED,
            "Cited [@holtlunstad2010]. See [the other part](older.md).\n\n"
            "<!-- chart: evidence part=1 -->\n",
            changes,
        ),
        "older.md": article_page(
            "Part 1: An older article", PUBLISHED - dt.timedelta(days=7), "Text.", "part: 1\n"
        ),
        "data/evidence.yml": (REPO / "docs/data/evidence.yml").read_text(encoding="utf-8"),
    }
    config = write_fixture_site(root, pages, site_url=SUB)
    result = build(config, root / "site")
    assert result.returncode == 0, result.output
    return BuiltSite(root / "site", result.output)


def sites(built_site, sub_site) -> list[tuple[BuiltSite, str]]:
    return [(built_site, canonical_base(built_site)), (sub_site, SUB)]


def canonical_base(site: BuiltSite) -> str:
    return site.soup("").find("link", rel="canonical")["href"]


def words(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def articles(site: BuiltSite, docs) -> dict[str, object]:
    """Each article of the site by its address, from its front matter."""
    found = {}
    for source in sorted(docs.glob("*.md")):
        front_matter = read_front_matter(source.read_text(encoding="utf-8"))
        article = article_from(front_matter) if front_matter else None
        if article is not None:
            found[source.stem] = article
    return found


# --- the feeds --------------------------------------------------------------------------------


def test_both_feeds_parse_and_have_what_their_specifications_require(built_site, sub_site):
    for site, _base in sites(built_site, sub_site):
        feeds = Feeds.read(site.root)
        assert atom_problems(feeds.atom) == [], site.root
        assert json_feed_problems(feeds.json) == [], site.root


def test_entries_are_the_articles_newest_first(built_site, sub_site):
    for site, base in sites(built_site, sub_site):
        feeds = Feeds.read(site.root)
        ids = [item["id"] for item in feeds.json["items"]]
        dates = [item["date_published"] for item in feeds.json["items"]]
        assert dates == sorted(dates, reverse=True)
        pages = [
            path
            for path in site.html_files()
            if BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find(
                "script", type="application/ld+json"
            )
        ]
        expected = {
            base + p.relative_to(site.root).as_posix().removesuffix("index.html") for p in pages
        }
        assert set(ids) <= expected and len(ids) == min(len(expected), FEED_LENGTH)
        assert [entry.id for entry in _atom(feeds).entries] == ids
    listed = {
        item["id"].removeprefix(canonical_base(built_site))
        for item in Feeds.read(built_site.root).json["items"]
    }
    articles = set(built_site.sources.article_pages)
    assert len(listed & articles) == min(len(articles), FEED_LENGTH)


def _atom(feeds: Feeds):
    import feedparser

    return feedparser.parse(feeds.atom)


def test_each_entry_is_the_whole_article_with_absolute_links_and_the_disclaimer(
    built_site, sub_site
):
    for site, base in sites(built_site, sub_site):
        feeds = Feeds.read(site.root)
        root = ET.fromstring(feeds.atom)
        atom = {
            entry.findtext(f"{ATOM}id"): entry.findtext(f"{ATOM}content")
            for entry in root.findall(f"{ATOM}entry")
        }
        for item in feeds.json["items"]:
            html = item["content_html"]
            assert atom[item["id"]] == html  # the same article in both feeds
            assert entry_html_problems(html, base) == [], item["id"]
            page = BeautifulSoup(
                (site.root / item["id"].removeprefix(base) / "index.html").read_text("utf-8"),
                "html.parser",
            )
            text = words(html)
            disclaimer = page.select_one("#medical-disclaimer")
            assert " ".join(disclaimer.get_text(" ").split()) in text
            for reference in page.select("ul.references > li"):
                assert " ".join(reference.get_text(" ").split()) in text
            for citation in page.select("article a.citation"):
                assert f'href="{base}' in html and " ".join(citation.get_text().split()) in text
            for row in page.select("article table tr"):
                assert " ".join(row.get_text(" ").split()) in text
            assert not page.select("article h1") or "<h1" not in html


def test_feed_dates_are_each_articles_last_change_never_the_build(built_site, sub_site):
    for site, base, docs in [
        (built_site, canonical_base(built_site), built_site.sources.docs),
        (sub_site, SUB, sub_site.root.parent / "docs"),
    ]:
        by_url = {
            base + (stem + "/" if stem != "index" else ""): article
            for stem, article in articles(site, docs).items()
        }
        feeds = Feeds.read(site.root)
        for item in feeds.json["items"]:
            article = by_url[item["id"]]
            assert item["date_published"].startswith(article.published.isoformat())
            assert item["date_modified"].startswith(last_modified(article).isoformat())
        newest = max(last_modified(by_url[item["id"]]) for item in feeds.json["items"])
        assert _atom(feeds).feed.updated.startswith(newest.isoformat())


def test_every_page_names_both_feeds_in_its_head(built_site, sub_site):
    for site, _base in sites(built_site, sub_site):
        for path in site.html_files():
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            links = {
                link["type"]: link["href"]
                for link in soup.find_all("link", rel="alternate")
                if link.get("type")
            }
            for kind, file in (
                ("application/atom+xml", "feed.xml"),
                ("application/feed+json", "feed.json"),
            ):
                href = links.get(kind)
                assert href, f"{path}: no {kind} link"
                if path.name == "404.html":
                    assert href.endswith("/" + file) and href.startswith("/")
                else:
                    assert (path.parent / href).resolve() == (site.root / file).resolve()


# --- social cards -----------------------------------------------------------------------------


def test_every_page_has_a_1200_by_630_card_with_its_tags(built_site, sub_site):
    for site, base in sites(built_site, sub_site):
        for path in site.html_files():
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            image = meta(soup, "property", "og:image")
            assert image and image.startswith(base + "assets/cards/"), (path, image)
            card = Image.open(io.BytesIO((site.root / image.removeprefix(base)).read_bytes()))
            assert (card.format, card.size) == ("PNG", (1200, 630))
            assert meta(soup, "property", "og:image:width") == "1200"
            assert meta(soup, "property", "og:image:height") == "630"
            assert meta(soup, "property", "og:image:type") == "image/png"
            assert meta(soup, "property", "og:image:alt")
            assert meta(soup, "name", "twitter:card") == "summary_large_image"


def test_cards_are_in_the_sites_colours_with_enough_contrast(built_site):
    palette = site_palette(built_site.root / COLOURS_FILE)
    assert contrast(palette.text, palette.background) >= 4.5
    stylesheet = (built_site.root / COLOURS_FILE).read_text(encoding="utf-8")
    assert palette.background in stylesheet and palette.text in stylesheet
    card = Image.open(built_site.root / "assets/cards/index.png").convert("RGB")
    background = tuple(int(palette.background.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    assert card.getpixel((4, 4)) == background


def test_contributor_text_on_a_card_is_text_not_markup(sub_site):
    soup = sub_site.soup("part-3/")
    alt = meta(soup, "property", "og:image:alt")
    assert alt.startswith('Part 2: A title long enough to wrap, with 3 < 4 & "quotes" in it.')


# --- honest dates and the update history ----------------------------------------------------


def test_a_change_moves_every_date_and_nothing_carries_the_build_date(sub_site):
    soup = sub_site.soup("part-3/")
    assert json_ld_modified(soup) == CORRECTED.isoformat()
    assert meta(soup, "property", "article:modified_time") == CORRECTED.isoformat()
    feeds = Feeds.read(sub_site.root)
    [item] = [i for i in feeds.json["items"] if i["id"] == SUB + "part-3/"]
    assert item["date_modified"].startswith(CORRECTED.isoformat())
    assert _atom(feeds).feed.updated.startswith(CORRECTED.isoformat())
    dates = sitemap_dates(sub_site.root)
    assert dates[SUB + "part-3/"] == CORRECTED.isoformat()
    assert dates[SUB + "older/"] == (PUBLISHED - dt.timedelta(days=6)).isoformat()
    assert dates[SUB] is None  # no date of its own: no lastmod rather than the build's
    assert (
        gzip.decompress((sub_site.root / "sitemap.xml.gz").read_bytes())
        == (sub_site.root / "sitemap.xml").read_bytes()
    )


def test_what_changed_and_the_correction_notice_show_the_summary_as_text(sub_site):
    soup = sub_site.soup("part-3/")
    history = soup.select_one("article .update-history")
    items = [" ".join(li.get_text(" ").split()) for li in history.select("li")]
    assert len(items) == 2 and items[0].startswith("Correction") and items[1].startswith("Update")
    assert SUMMARY in items[0]
    assert history.find("b") is None
    notice = soup.select_one("article dl.article-meta + .correction-notice")
    assert SUMMARY in notice.get_text()
    assert notice.find("a", href="#update-history")
    # At the end of the content: only the series' links may stand before the disclaimer.
    following = history.find_next_siblings()
    assert [tag.get("id") for tag in following][-1:] == ["medical-disclaimer"]
    assert all(tag.name == "nav" for tag in following[:-1]), following


def test_robots_txt_names_the_sitemap_by_its_absolute_address(built_site, sub_site):
    for site, base in sites(built_site, sub_site):
        lines = (site.root / "robots.txt").read_text(encoding="utf-8").splitlines()
        assert f"Sitemap: {base}sitemap.xml" in lines
