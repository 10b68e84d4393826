"""Article front matter: the review-date rules, and one-line errors for a missing or
unreadable date and for YAML that MkDocs would silently show as text. On built pages (the
strict build's lines, the byline): test_trust_front_matter_site.py."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from support.site_helpers import REPO

from connection_series.trust.front_matter import (
    Article,
    FrontMatterError,
    add_years,
    article_from,
    read_front_matter,
    review_date_problems,
)

pytestmark = pytest.mark.unit

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
        # Where the bracket opens, not where YAML noticed (the line after)
        ("---\ntitle: [unclosed\n---\n", 2, "front matter is not valid YAML"),
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
