"""Article front matter: the byline on article pages, the review-date rules, and one-line
errors for a missing or unreadable date and for YAML that MkDocs would silently show as text."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from conftest import ARTICLE_PAGES, NAV_PAGES
from support.site_helpers import REPO
from support.trust_sites import NEXT_YEAR, THREE_YEARS_ON, TODAY, built

from connection_series.trust.front_matter import (
    Article,
    FrontMatterError,
    add_years,
    article_from,
    read_front_matter,
    review_date_problems,
)

REVIEWED = dt.date(2026, 11, 26)


def fixture_article(**changes) -> Article:
    fields = {
        "title": "T",
        "description": "D.",
        "authors": ("The editorial team",),
        "published": dt.date(2026, 1, 1),
        "last_reviewed": REVIEWED,
        "next_review": dt.date(2029, 11, 26),
        "reviewer": "",
    }
    return Article(**{**fields, **changes})


# --- review-date rules, with "today" passed in --------------------------------------------


def test_a_review_due_today_is_not_yet_overdue_but_is_the_day_after():
    article = fixture_article()
    assert review_date_problems(article, today=dt.date(2029, 11, 26)) == []
    [(field, problem, _fix)] = review_date_problems(article, today=dt.date(2029, 11, 27))
    assert field == "next_review"
    assert problem == "the review due on 2029-11-26 is overdue (today is 2029-11-27)"


def test_next_review_may_be_three_years_after_the_last_review_but_not_a_day_more():
    assert review_date_problems(fixture_article(), today=REVIEWED) == []
    late = fixture_article(next_review=dt.date(2029, 11, 27))
    assert review_date_problems(late, today=REVIEWED) == [
        (
            "next_review",
            "next review (2029-11-27) is more than 3 years after the last review (2026-11-26)",
            "Set next_review to 2029-11-26 or earlier",
        )
    ]


def test_review_dates_in_the_wrong_order_are_reported():
    backwards = fixture_article(last_reviewed=dt.date(2025, 1, 1), next_review=dt.date(2025, 6, 1))
    problems = review_date_problems(backwards, today=dt.date(2025, 2, 1))
    assert [field for field, _, _ in problems] == ["last_reviewed"]
    same_day = fixture_article(next_review=REVIEWED)
    assert [field for field, _, _ in review_date_problems(same_day, today=REVIEWED)] == [
        "next_review"
    ]


def test_three_years_after_29_february_is_28_february():
    assert add_years(dt.date(2028, 2, 29), 3) == dt.date(2031, 2, 28)


# --- reading front matter -----------------------------------------------------------------


def test_dates_are_read_as_dates_and_lines_point_into_the_markdown_file():
    source = (REPO / "docs" / "part-1-when-connection-hurts.md").read_text(encoding="utf-8")
    front_matter = read_front_matter(source)
    article = article_from(front_matter)
    meta = yaml.safe_load(source.split("---")[1])
    assert article.published == meta["published"]
    assert article.next_review == meta["next_review"]
    line = front_matter.lines["next_review"]
    assert source.splitlines()[line - 1].startswith("next_review:")


def test_pages_without_article_fields_are_not_articles():
    assert article_from(read_front_matter("---\ntitle: Home\ndescription: D.\n---\n# H\n")) is None
    assert read_front_matter("# No front matter\n") is None


@pytest.mark.parametrize(
    ("source", "line", "problem"),
    [
        ("---\ntitle: [unclosed\n---\n", 3, "front matter is not valid YAML"),
        ("---\n- a list\n---\n", 2, "front matter is not a list of 'key: value' lines"),
        ("---\ntitle: x\n", 1, "front matter opens with '---' but never closes"),
    ],
)
def test_unreadable_front_matter_names_its_line(source, line, problem):
    with pytest.raises(FrontMatterError) as raised:
        read_front_matter(source)
    assert raised.value.line == line
    assert raised.value.problem.startswith(problem)


@pytest.mark.parametrize("value", ["2026-13-01", "2026-02-30", "26/11/2026", "", "2026-1-5"])
def test_a_date_that_is_not_a_real_yyyy_mm_dd_date_is_named(value):
    source = (
        "---\ntitle: T\ndescription: D.\nauthors:\n  - A\npublished: 2026-01-01\n"
        f"last_reviewed: 2026-01-02\nnext_review: '{value}'\nreviewer: ''\n---\n"
    )
    with pytest.raises(FrontMatterError) as raised:
        article_from(read_front_matter(source))
    assert raised.value.line == 8
    assert raised.value.problem.startswith("'next_review' is not a real date in YYYY-MM-DD form")


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
    "docs/bad-yaml.md:2: front matter is not valid YAML (mapping values are not allowed "
    "here). Fix the YAML: 'key: value' per line; put text holding ': ' or '#' in quotes",
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


@pytest.mark.parametrize("url_path", ARTICLE_PAGES)
def test_each_article_shows_authors_dates_and_review_status_under_its_heading(built_site, url_path):
    soup = built_site.soup(url_path)
    source = REPO / "docs" / f"{url_path.rstrip('/')}.md"
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
    for url_path in [page for page in NAV_PAGES if page not in ARTICLE_PAGES]:
        assert byline(built_site.soup(url_path)) == {}, url_path


def test_a_named_reviewer_and_several_authors_are_shown(good_site):
    html = built(good_site, "article/").read_text(encoding="utf-8")
    assert "<dt>Reviewed by</dt>" in html and "Dr Rev Iewer" in html
    assert "The editorial team of Love and social connection are therapeutic, Ada Example" in html
    assert f'<time datetime="{NEXT_YEAR}">' in html
