"""Read a page's YAML front matter strictly and validate the article fields.

MkDocs reads front matter leniently: YAML it cannot parse (or a date YAML cannot build, such
as 2026-02-30) turns the whole block into page text without a word. Here the block is read
again with the same delimiters, by the contributor YAML reader (no anchors, aliases or tags;
the line where a mistake starts), dates kept as text, so each problem can be named with its
file, line and field. Fields every page may have are checked for their type too: a list as a
title would print as one. Plain module (no MkDocs events).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from connection_series.boundary.contributor_yaml import YamlMistake, read_yaml
from connection_series.common.front_matter_text import FRONT_MATTER_RE

OPENING_RE = re.compile(r"^-{3}[ \t]*\n")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

DATE_FIELDS = ("published", "last_reviewed", "next_review")
# A page is an article when its front matter has any of these; then it needs all of them.
ARTICLE_FIELDS = ("authors", *DATE_FIELDS, "reviewer")
REQUIRED_FIELDS = ("title", "description", *ARTICLE_FIELDS)
MAX_REVIEW_INTERVAL_YEARS = 3


class FrontMatterError(ValueError):
    """One problem in one page's front matter; `line` is 1-based in the Markdown file."""

    def __init__(self, line: int | None, problem: str, fix: str, *, unsafe: bool = False) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem
        self.fix = fix
        self.unsafe = unsafe  # no engine may read the front matter (an alias, a tag)


@dataclass(frozen=True)
class Article:
    title: str
    description: str
    authors: tuple[str, ...]
    published: dt.date
    last_reviewed: dt.date
    next_review: dt.date
    reviewer: str
    changes: tuple = ()  # reach.changes.Change: what changed since publication, and when


# Fields any page may have that the theme prints as text.
TEXT_FIELDS = ("title", "description", "template")


@dataclass(frozen=True)
class FrontMatter:
    data: dict
    lines: dict[str, int]  # field -> 1-based line in the Markdown file
    value_lines: dict  # every value's path (keys and list indexes) -> its line


def read_front_matter(source: str) -> FrontMatter | None:
    """The page's front matter, or None when it has none. Raises FrontMatterError."""
    match = FRONT_MATTER_RE.match(source)
    if not match:
        if OPENING_RE.match(source):
            raise FrontMatterError(
                1,
                "front matter opens with '---' but never closes",
                "End it with a line holding only '---'",
            )
        return None
    offset = 2  # the YAML's first line is the Markdown file's second line
    try:
        read = read_yaml(match.group(1), offset, dates_as_text=True)
    except YamlMistake as mistake:
        problem = mistake.said_of("front matter")
        raise FrontMatterError(mistake.line, problem, mistake.fix, unsafe=mistake.unsafe) from None
    data = read.data
    if data is None:
        return FrontMatter({}, {}, {})
    if not isinstance(data, dict):
        raise FrontMatterError(
            offset,
            "front matter is not a list of 'key: value' lines",
            "Write one 'key: value' per line between the two '---' lines",
        )
    lines = {key: line for path, line in read.lines.items() if len(path) == 1 for key in path}
    for field in TEXT_FIELDS:
        if field in data and not isinstance(data[field], str):
            raise FrontMatterError(
                lines.get(field),
                f"'{field}' must be text, not {_kind(data[field])}",
                f'Write it as {field}: "Your text" on one line',
            )
    return FrontMatter(data, lines, read.lines)


def _kind(value) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return "nothing" if value is None else f"{value!r}"


def parse_date(value, field: str, line: int | None) -> dt.date:
    text = str(value).strip() if value is not None else ""
    if ISO_DATE_RE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise FrontMatterError(
        line,
        f"'{field}' is not a real date in YYYY-MM-DD form (found {text or 'nothing'!r})",
        f"Write it like {field}: 2026-11-26",
    )


def article_from(front_matter: FrontMatter) -> Article | None:
    """The validated article fields, or None for a page that is not an article."""
    data, lines = front_matter.data, front_matter.lines
    if not any(field in data for field in ARTICLE_FIELDS):
        return None
    missing = [field for field in REQUIRED_FIELDS if field not in data]
    if missing:
        raise FrontMatterError(
            1,
            f"article front matter has no '{missing[0]}' field",
            "Articles need title, description, authors, published, last_reviewed, "
            'next_review (dates as YYYY-MM-DD) and reviewer ("" until a clinical review)',
        )
    for field in ("title", "description"):
        if not isinstance(data[field], str) or not data[field].strip():
            raise FrontMatterError(lines[field], f"'{field}' is empty", "Write it as text")
    authors = data["authors"]
    if (
        not isinstance(authors, list)
        or not authors
        or not all(isinstance(name, str) and name.strip() for name in authors)
    ):
        raise FrontMatterError(
            lines["authors"],
            "'authors' must be a list of names",
            "Write each author on its own line as '  - Name'",
        )
    reviewer = data["reviewer"]
    if reviewer is None:
        reviewer = ""
    if not isinstance(reviewer, str):
        raise FrontMatterError(
            lines["reviewer"],
            "'reviewer' must be a name or \"\"",
            'Write reviewer: "" until a clinical reviewer has checked the article',
        )
    published, last_reviewed, next_review = (
        parse_date(data[field], field, lines[field]) for field in DATE_FIELDS
    )
    # Here, not at the top: reach.changes reads its dates and errors with this module's.
    from connection_series.reach.changes import read_changes

    return Article(
        title=data["title"].strip(),
        description=data["description"].strip(),
        authors=tuple(name.strip() for name in authors),
        published=published,
        last_reviewed=last_reviewed,
        next_review=next_review,
        reviewer=reviewer.strip(),
        changes=read_changes(front_matter),
    )


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def review_date_problems(
    article: Article, today: dt.date, interval_years: int = MAX_REVIEW_INTERVAL_YEARS
) -> list[tuple[str, str, str]]:
    """(field, problem, fix) for each review-date rule the article breaks on `today`."""
    problems = []
    if article.last_reviewed < article.published:
        problems.append(
            (
                "last_reviewed",
                f"last review ({article.last_reviewed}) is before publication "
                f"({article.published})",
                "Set last_reviewed to the publication date or later",
            )
        )
    latest = add_years(article.last_reviewed, interval_years)
    if article.next_review > latest:
        problems.append(
            (
                "next_review",
                f"next review ({article.next_review}) is more than "
                f"{interval_years} years after the last review "
                f"({article.last_reviewed})",
                f"Set next_review to {latest} or earlier",
            )
        )
    if article.next_review < today:
        problems.append(
            (
                "next_review",
                f"the review due on {article.next_review} is overdue (today is {today})",
                "Review the article, then update last_reviewed and next_review",
            )
        )
    elif article.next_review <= article.last_reviewed:
        problems.append(
            (
                "next_review",
                f"next review ({article.next_review}) is not after the last review "
                f"({article.last_reviewed})",
                "Set next_review to a date after last_reviewed",
            )
        )
    return problems
