"""An article's update history: the `changes:` list of its front matter, and the date it was
last modified.

    changes:
      - date: 2026-12-08
        kind: correction
        summary: "We corrected the number of studies in the loneliness review."

Read (and its shape checked) with the rest of the article's front matter
(trust.front_matter.article_from); the rules that need the day of the check (no change in the
future) are `change_date_problems`, which the contributor-file check runs.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from connection_series.trust.front_matter import (
    Article,
    FrontMatter,
    FrontMatterError,
    parse_date,
)

FIELD = "changes"
KINDS = {
    "correction": "Correction",  # something we said was wrong; also shown under the byline
    "update": "Update",  # new evidence or advice added
    "review": "Review",  # checked again, nothing of substance changed
}
ENTRY_FIELDS = ("date", "kind", "summary")
EXAMPLE = (
    'Write each change as "- date: 2026-12-08", then "kind: correction" (or update, review) '
    'and "summary: what changed" on the lines under it'
)


@dataclass(frozen=True)
class Change:
    date: dt.date
    kind: str  # one of KINDS
    summary: str  # plain text: shown escaped, never as markup
    line: int | None  # of the entry in the Markdown file

    @property
    def label(self) -> str:
        return KINDS[self.kind]


def read_changes(front_matter: FrontMatter) -> tuple[Change, ...]:
    """The article's changes, newest first. Raises FrontMatterError for the first mistake."""
    data, lines = front_matter.data, front_matter.value_lines
    entries = data.get(FIELD)
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise FrontMatterError(lines.get((FIELD,)), f"'{FIELD}' must be a list", EXAMPLE)
    changes = [_change(entry, index, lines) for index, entry in enumerate(entries)]
    return tuple(sorted(changes, key=lambda change: change.date, reverse=True))


def _change(entry, index: int, lines: dict[tuple, int]) -> Change:
    where = (FIELD, index)
    line = lines.get(where)
    shown = f"'{FIELD}' entry {index + 1}"
    if not isinstance(entry, dict):
        raise FrontMatterError(line, f"{shown} is not a date, kind and summary", EXAMPLE)
    for name in entry:
        if name not in ENTRY_FIELDS:
            nearest = difflib.get_close_matches(str(name), ENTRY_FIELDS, n=1)
            fix = f"Did you mean '{nearest[0]}'?" if nearest else "Remove it"
            fix += " An entry has date, kind and summary"
            raise FrontMatterError(
                lines.get((*where, name), line), f"{shown}: unknown field '{name}'", fix
            )
    for name in ENTRY_FIELDS:
        if name not in entry:
            raise FrontMatterError(line, f"{shown} has no '{name}'", EXAMPLE)
    try:
        date = parse_date(entry["date"], "date", lines.get((*where, "date"), line))
    except FrontMatterError as error:
        raise FrontMatterError(error.line, f"{shown}: {error.problem}", error.fix) from None
    kind = entry["kind"]
    if kind not in KINDS:
        known = ", ".join(KINDS)
        raise FrontMatterError(
            lines.get((*where, "kind"), line),
            f"{shown}: unknown kind {kind!r}",
            f"Write one of {known}",
        )
    summary = entry["summary"]
    if not isinstance(summary, str) or not summary.strip():
        raise FrontMatterError(
            lines.get((*where, "summary"), line),
            f"{shown} has no summary",
            'Say in one plain sentence what changed: summary: "We corrected ..."',
        )
    return Change(date, kind, " ".join(summary.split()), line)


def change_date_problems(article: Article, today: dt.date) -> list[tuple[int | None, str, str]]:
    """(line, problem, fix) for each change dated after `today` or before publication."""
    problems = []
    for change in article.changes:
        if change.date > today:
            problems.append(
                (
                    change.line,
                    f"the change of {change.date} is in the future (today is {today})",
                    "Record a change on the day it is made, not before",
                )
            )
        elif change.date < article.published:
            problems.append(
                (
                    change.line,
                    f"the change of {change.date} is before publication ({article.published})",
                    "Correct its date: a change is made to a published article",
                )
            )
    return problems


def last_modified(article: Article) -> dt.date:
    """When the article last changed: the latest of its publication, its last review and its
    recorded changes. Never the day it was built."""
    return max(article.published, article.last_reviewed, *(c.date for c in article.changes))


def corrections(article: Article) -> list[Change]:
    return [change for change in article.changes if change.kind == "correction"]
