"""Article front matter on built sites: each mistake fails the strict build with one line,
and article pages show their byline."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from support.trust_sites import NEXT_YEAR, THREE_YEARS_ON, TODAY, built

pytestmark = pytest.mark.site


# --- the strict build: one line per problem, naming the file (and line) -------------------

EXPECTED_ERRORS = [
    "docs/missing-date.md:1: article front matter has no 'next_review' field. Articles need "
    "title, description, authors, published, last_reviewed, next_review (dates as YYYY-MM-DD) "
    'and reviewer ("" until a clinical review)',
    "docs/impossible-date.md:6: 'published' is not a real date in YYYY-MM-DD form "
    "(found '2026-02-30'). Write it like published: 2026-11-26",
    "docs/words-date.md:7: 'last_reviewed' is not a real date in YYYY-MM-DD form "
    "(found '26 November 2026'). Write it like last_reviewed: 2026-11-26",
    f"docs/overdue.md:8: the review due on 2001-01-01 is overdue (today is {TODAY}). "
    "Review the article, then update last_reviewed and next_review",
    f"docs/too-far.md:8: next review ({THREE_YEARS_ON + dt.timedelta(days=2)}) is more than "
    f"3 years after the last review ({TODAY}). Set next_review to {THREE_YEARS_ON} or earlier",
    "docs/bad-yaml.md:2: front matter is not valid YAML: a ': ' inside a value, or a line "
    "indented more than the field above it. Put text holding ': ' in quotes (title: "
    '"Part 3: Friends"), or line the field up with the ones above it',
    "docs/unclosed.md:1: front matter opens with '---' but never closes. "
    "End it with a line holding only '---'",
]


def test_each_front_matter_mistake_fails_the_build_with_one_line_naming_file_and_field(
    bad_site,
):
    assert bad_site.returncode != 0
    assert "Traceback" not in bad_site.output
    warnings = [line.removeprefix("WARNING -  ") for line in bad_site.output.splitlines()]
    for expected in EXPECTED_ERRORS:
        assert warnings.count(expected) == 1, f"{expected}\n--- build log:\n{bad_site.output}"


# --- the byline on article pages ------------------------------------------------------------


def byline(soup) -> dict[str, str]:
    block = soup.select_one("article.md-content__inner dl.article-meta")
    if block is None:
        return {}
    return {
        item.dt.get_text(strip=True): item.dd for item in block.find_all("div", recursive=False)
    }


def test_each_article_shows_authors_dates_and_review_status_under_its_heading(
    built_site, article_page
):
    url_path = article_page
    soup = built_site.soup(url_path)
    source = built_site.sources.docs / f"{url_path.rstrip('/')}.md"
    meta = yaml.safe_load(source.read_text(encoding="utf-8").split("---")[1])
    heading = soup.select_one("article.md-content__inner h1")
    assert heading.find_next_sibling().name == "dl", "the byline follows the page heading"
    items = byline(soup)
    assert items["Written by"].get_text(strip=True) == ", ".join(meta["authors"])
    for label, field in [
        ("Published", "published"),
        ("Last reviewed", "last_reviewed"),
        ("Next review due", "next_review"),
    ]:
        time = items[label].find("time")
        assert time["datetime"] == meta[field].isoformat()
        assert time.get_text() == f"{meta[field].day} {meta[field]:%B %Y}"
    if meta["reviewer"]:
        assert items["Reviewed by"].get_text(strip=True) == meta["reviewer"]
    else:
        assert items["Clinical review"].get_text(strip=True) == "Not yet clinically reviewed"


def test_pages_that_are_not_articles_have_no_byline(built_site):
    articles = built_site.sources.article_pages
    for url_path in [page for page in built_site.sources.nav_pages if page not in articles]:
        assert byline(built_site.soup(url_path)) == {}, url_path


def test_a_named_reviewer_and_several_authors_are_shown(good_site):
    html = built(good_site, "article/").read_text(encoding="utf-8")
    assert "<dt>Reviewed by</dt>" in html and "Dr Rev Iewer" in html
    assert "The editorial team of Love and social connection are therapeutic, Ada Example" in html
    assert f'<time datetime="{NEXT_YEAR}">' in html
