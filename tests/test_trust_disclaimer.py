"""The short medical disclaimer: defined once, on every built page exactly once (404 and pages
added later included), in the content area, linking to the full text. On paper:
test_trust_disclaimer_browser.py."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from support.site_helpers import REPO

pytestmark = pytest.mark.site

PARTIAL = REPO / "overrides" / "partials" / "medical-disclaimer.html"
# What the short version must say, in the words of the partial.
MUST_SAY = [
    "general health information",
    "not a substitute for advice, diagnosis or treatment",
    "call your local emergency number",
]


def disclaimers(soup) -> list:
    return soup.select("#medical-disclaimer")


def words(text: str) -> str:
    return " ".join(text.split())


def test_the_short_disclaimer_is_written_in_one_file_only():
    defining = [
        path.relative_to(REPO).as_posix()
        for folder in ("overrides", "docs")
        for path in (REPO / folder).rglob("*")
        if path.is_file()
        and path.suffix in (".html", ".md", ".yml", ".py")
        and 'id="medical-disclaimer"' in path.read_text(encoding="utf-8")
    ]
    assert defining == ["overrides/partials/medical-disclaimer.html"]


def test_every_built_page_carries_the_disclaimer_exactly_once_in_its_content(built_site):
    texts = set()
    pages = built_site.html_files()
    assert {page.relative_to(built_site.root).as_posix() for page in pages} >= {
        "404.html",
        "index.html",
        "about/index.html",
    }
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        found = disclaimers(soup)
        assert len(found) == 1, f"{page}: {len(found)} disclaimers"
        aside = found[0]
        assert aside.name == "aside" and aside["aria-label"] == "Medical disclaimer", page
        assert aside.find_parent("article", class_="md-content__inner"), page
        assert not aside.find_parent("footer"), page
        texts.add(words(aside.get_text(" ")))
    assert len(texts) == 1, "the disclaimer differs between pages"
    [text] = texts
    for phrase in MUST_SAY:
        assert phrase in text


def test_the_disclaimer_links_to_the_full_text_on_the_about_page(built_site, site_page):
    url_path = site_page
    link = disclaimers(built_site.soup(url_path))[0].find("a")
    page_url = "http://site.test/" + url_path
    target = urljoin(page_url, link["href"])
    assert target == "http://site.test/about/#full-disclaimer", url_path
    about = built_site.soup("about/")
    heading = about.find(id="full-disclaimer")
    assert heading.name == "h2" and heading.get_text(strip=True).startswith("Medical disclaimer")
    full_text = " ".join(p.get_text() for p in heading.find_next_siblings("p"))
    assert "emergency" in full_text and len(full_text.split()) > 60


def test_a_page_added_later_and_the_404_page_get_it_without_any_markup(good_site):
    for url_path in ("added-later/index.html", "404.html", "article/index.html"):
        html = (good_site.site_dir / url_path).read_text(encoding="utf-8")
        assert len(disclaimers(BeautifulSoup(html, "html.parser"))) == 1, url_path
