"""An article's `changes:` (its update history): read with the front matter, each mistake one
line naming the entry's line as an editor counts it, and the article's last-modified date the
latest of published, last_reviewed and the changes, never the build date."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from support.articles import article_body

from connection_series.check import page_problems
from connection_series.reach.changes import KINDS, last_modified
from connection_series.trust.front_matter import article_from, read_front_matter

pytestmark = pytest.mark.unit

TODAY = dt.date(2026, 12, 10)
HEADER = """---
title: Part 9
description: D.
authors:
  - The editorial team
published: 2026-11-26
last_reviewed: 2026-11-28
next_review: 2029-11-26
reviewer: ""
"""
CHANGES_LINE = HEADER.count("\n") + 1  # the line of `changes:` in the file
ONE_LINE = re.compile(r"^docs/x\.md:\d+: [^\n]+\. [^\n]+$")


def page(changes: str) -> str:
    return HEADER + changes + "---\n\n" + article_body("Part 9")


def article(changes: str):
    return article_from(read_front_matter(page(changes)))


def problems(changes: str) -> list[str]:
    from connection_series.common.source_page import Page
    from connection_series.settings import Settings, SiteInfo

    settings = Settings(
        root=None,
        docs_dir=None,
        templates=None,
        bibliography=None,
        feedback_url="https://example.org",
        review_interval_years=3,
        site=SiteInfo("S", None, "The editorial team", "en"),
    )
    found = page_problems(Page("docs/x.md", page(changes)), {}, None, settings, TODAY)
    lines = [str(problem) for problem in found]
    assert all(ONE_LINE.match(line) for line in lines), lines
    return lines


def test_changes_are_read_newest_first_with_their_lines():
    read = article(
        "changes:\n"
        "  - date: 2026-12-01\n    kind: update\n    summary: Added a newer study.\n"
        "  - date: 2026-12-08\n    kind: correction\n    summary: 'We corrected a number.'\n"
    )
    assert [(c.date.isoformat(), c.kind, c.line) for c in read.changes] == [
        ("2026-12-08", "correction", CHANGES_LINE + 4),
        ("2026-12-01", "update", CHANGES_LINE + 1),
    ]
    assert read.changes[0].summary == "We corrected a number."
    assert problems("changes: []\n") == []


def test_last_modified_is_the_latest_of_published_last_reviewed_and_the_changes():
    assert last_modified(article("")) == dt.date(2026, 11, 28)
    later = article("changes:\n  - date: 2026-12-03\n    kind: review\n    summary: Checked.\n")
    assert last_modified(later) == dt.date(2026, 12, 3)
    earlier = article("changes:\n  - date: 2026-11-27\n    kind: update\n    summary: Added.\n")
    assert last_modified(earlier) == dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("changes", "line", "words"),
    [
        ("changes: soon\n", 0, "'changes' must be a list"),
        ("changes:\n  - fixed it\n", 1, "entry 1 is not a date, kind and summary"),
        (
            "changes:\n  - date: 2026-12-01\n    kind: fix\n    summary: x\n",
            2,
            "unknown kind 'fix'. Write one of " + ", ".join(KINDS),
        ),
        ("changes:\n  - date: 2026-12-01\n    kind: update\n", 1, "has no 'summary'"),
        (
            "changes:\n  - date: 2026-12-01\n    kind: update\n    summary: '  '\n",
            3,
            "has no summary",
        ),
        (
            "changes:\n  - date: 2026-12-01\n    kind: update\n    sumary: x\n",
            3,
            "unknown field 'sumary'. Did you mean 'summary'?",
        ),
        (
            "changes:\n  - date: 2026-12-32\n    kind: update\n    summary: x\n",
            1,
            "entry 1: 'date' is not a real date",
        ),
        (
            "changes:\n  - date: 2026-12-01\n    kind: update\n    summary: x\n"
            "  - date: 2026-12-11\n    kind: update\n    summary: y\n",
            4,
            "the change of 2026-12-11 is in the future (today is 2026-12-10)",
        ),
        (
            "changes:\n  - date: 2026-11-01\n    kind: review\n    summary: x\n",
            1,
            "the change of 2026-11-01 is before publication (2026-11-26)",
        ),
    ],
)
def test_each_mistake_in_changes_is_one_line_at_its_entry(changes, line, words):
    [found] = problems(changes)
    assert found.startswith(f"docs/x.md:{CHANGES_LINE + line}: ")
    assert words in found


def test_a_change_made_today_is_fine():
    today = f"changes:\n  - date: {TODAY}\n    kind: correction\n    summary: Fixed.\n"
    assert problems(today) == []
