"""The parts of feeds, social cards and honest dates that need no built site: the entry
sanitiser, the card's text layout and cache, the sitemap's dates, the site's address."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image, ImageFont
from support.feed_checks import entry_html_problems

from connection_series.reach import cards
from connection_series.reach.address import address_problems, href_from
from connection_series.reach.card_image import (
    ELLIPSIS,
    HEIGHT,
    WIDTH,
    CardText,
    Palette,
    contrast,
    draw_card,
    fitted_lines,
    fitted_title,
    wrapped,
)
from connection_series.reach.cards import FONT_FILE, FONT_FOLDERS, CardSetup, cached_card, card_name
from connection_series.reach.dates import sitemap_with_dates
from connection_series.reach.feed_content import sanitised
from connection_series.settings import SiteInfo

pytestmark = pytest.mark.unit

FONT = next(folder / FONT_FILE for folder in FONT_FOLDERS if (folder / FONT_FILE).is_file())
PALETTE = Palette("#00695c", "#fff", "#bf360c")
LONG_TITLE = (
    "When the people we love the most are also the ones who hurt us, and what the research "
    "on families, friendships and partners says we can do about it this week, step by step"
)


# --- the feed entry's HTML -----------------------------------------------------------------


def test_entry_html_keeps_the_article_and_drops_script_events_styles_and_svg():
    hostile = (
        '<p onclick="x()" style="color:red">Text <a href="../about/#full">about</a>'
        ' <a href="javascript:alert(1)">bad</a> <a href="#cite-a">cite</a></p>'
        '<img src="../images/a.svg" onerror="x()" alt="A diagram">'
        "<script>alert(1)</script><style>p{}</style>"
        '<svg viewBox="0 0 1 1"><text>chart words</text></svg>'
        "<table><tr><th>Result</th><td>1.29</td></tr></table>"
        '<iframe src="https://example.org/"></iframe><p>end <b>bold</b></p>'
    )
    cleaned = sanitised(hostile, "https://example.org/sub/part-1/")
    assert entry_html_problems(cleaned, "https://example.org/sub/") == []
    assert 'href="https://example.org/sub/about/#full"' in cleaned
    assert 'href="https://example.org/sub/part-1/#cite-a"' in cleaned
    assert 'src="https://example.org/sub/images/a.svg"' in cleaned
    assert "javascript:" not in cleaned
    assert "alert" not in cleaned and "chart words" not in cleaned
    assert "<th>Result</th>" in cleaned and "<b>bold</b>" in cleaned


# --- the card's text ---------------------------------------------------------------------


@pytest.mark.parametrize("size", [40, 80])
def test_wrapped_lines_are_never_wider_than_the_card(size):
    font = ImageFont.truetype(str(FONT), size)
    width = WIDTH - 160
    lines = wrapped(LONG_TITLE + " " + "x" * 100, font, width)  # one word wider than a line
    assert all(font.getlength(line) <= width for line in lines)
    assert " ".join(lines).replace(" ", "") == (LONG_TITLE + "x" * 100).replace(" ", "")


def test_a_title_takes_the_largest_size_that_fits_and_ends_in_an_ellipsis_if_none_does():
    short_font, _ = fitted_title("When connection hurts", FONT, 1040, 340)
    long_font, long_lines = fitted_title(LONG_TITLE, FONT, 1040, 340)
    assert short_font.size > long_font.size
    assert len(long_lines) * round(long_font.size * 1.2) <= 340
    font, lines = fitted_title(LONG_TITLE * 3, FONT, 1040, 340)
    assert lines[-1].endswith(ELLIPSIS)
    assert all(font.getlength(line) <= 1040 for line in lines)
    [one] = fitted_lines(LONG_TITLE, font, 1040, 1)
    assert one.endswith(ELLIPSIS) and font.getlength(one) <= 1040


def test_a_card_is_a_1200_by_630_png_in_the_palette():
    png = draw_card(CardText("Part 3", LONG_TITLE, "The series"), PALETTE, FONT)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT) == (1200, 630)
    assert image.convert("RGB").getpixel((4, 4)) == (0, 105, 92)
    assert contrast(PALETTE.text, PALETTE.background) >= 4.5
    assert round(contrast("#000", "#fff"), 1) == 21.0


def test_a_card_is_drawn_once_then_read_from_the_cache(tmp_path, monkeypatch):
    setup = CardSetup(FONT, "font-digest", PALETTE)
    text = CardText("", "A page", "The series")
    first = cached_card(text, setup, tmp_path)
    monkeypatch.setattr(cards, "draw_card", lambda *args: pytest.fail("drawn again"))
    assert cached_card(text, setup, tmp_path) == first
    assert len(list(tmp_path.glob("*.png"))) == 1
    monkeypatch.undo()
    cached_card(CardText("", "Another page", "The series"), setup, tmp_path)
    assert len(list(tmp_path.glob("*.png"))) == 2


def test_card_names_follow_the_pages():
    assert card_name("index.html") == "index"
    assert card_name("part-1-when-connection-hurts/index.html") == "part-1-when-connection-hurts"
    assert card_name("a/b/index.html") == "a/b"
    assert card_name("404.html") == "404"


# --- the sitemap's dates -------------------------------------------------------------------

MKDOCS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://example.org/sub/</loc><lastmod>2031-01-01</lastmod></url>
    <url><loc>https://example.org/sub/part-1/</loc><lastmod>2031-01-01</lastmod></url>
</urlset>"""
ZENSICAL_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://example.org/sub/</loc></url>
  <url><loc>https://example.org/sub/part-1/</loc></url>
</urlset>"""


@pytest.mark.parametrize("engine_sitemap", [MKDOCS_SITEMAP, ZENSICAL_SITEMAP])
def test_the_sitemap_gives_articles_their_date_and_other_pages_none(engine_sitemap):
    import datetime as dt

    dates = {"https://example.org/sub/part-1/": dt.date(2026, 12, 8)}
    xml = sitemap_with_dates(ET.fromstring(engine_sitemap), dates)
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http')
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    found = {
        url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns)
        for url in ET.fromstring(xml).findall("s:url", ns)
    }
    assert found == {
        "https://example.org/sub/": None,
        "https://example.org/sub/part-1/": "2026-12-08",
    }


# --- the site's address ---------------------------------------------------------------------


def info(url: str | None) -> SiteInfo:
    return SiteInfo("Series", url, "The editorial team", "en")


def test_a_deploy_build_refuses_an_address_on_this_machine_in_one_line():
    local = info("http://127.0.0.1:8000/")
    assert address_problems(local, publishing=False) == []
    [problem] = address_problems(local, publishing=True)
    assert str(problem).startswith("mkdocs.yml: a deploy build (SERIES_DEPLOY=true)")
    assert "\n" not in str(problem) and "SITE_URL" in problem.fix
    assert address_problems(info("https://example.org/sub/"), publishing=True) == []
    [missing] = address_problems(info(None), publishing=False)
    assert "site_url" in missing.problem


def test_links_to_site_files_are_relative_but_on_the_404_page():
    sub = info("https://example.org/sub/")
    assert href_from("index.html", sub, "feed.xml") == "feed.xml"
    assert href_from("part-1/index.html", sub, "feed.xml") == "../feed.xml"
    assert href_from("404.html", sub, "feed.xml") == "/sub/feed.xml"
