"""The parts of the series, found in docs/: an article whose front matter has `part: N` is
part N. Its number sets its place; `published` and `draft` say when readers may see it.

Read leniently here (a page whose `part` or dates do not read is left out or held back): the
rules a contributor must follow are the check's (series.rules), with their one-line messages.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from connection_series.common.front_matter_text import body_of
from connection_series.trust.front_matter import (
    FrontMatter,
    FrontMatterError,
    parse_date,
    read_front_matter,
)

# A common estimate for adults reading plain text on screen.
WORDS_PER_MINUTE = 200
WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019.-][A-Za-z0-9]+)*")
# What a reader does not read as words: code, comments, tags, link targets, citations and
# the statistics' syntax (they print as a few words; counted as one).
NOT_READ = re.compile(
    r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[ \t]*$|<!--.*?-->|<[^>\n]*>|\]\([^)\n]*\)|\[@[^\]\n]*\]"
    r"|\{[:#.][^}\n]*\}",
    re.S | re.M,
)


class Status(enum.Enum):
    PUBLIC = "public"
    SCHEDULED = "scheduled"  # `published` is after the build's day
    DRAFT = "draft"  # `draft: true`, or no readable publication date


@dataclass(frozen=True)
class Part:
    number: int
    source: str  # relative to docs/, with slashes: "part-1-when-connection-hurts.md"
    title: str
    description: str
    published: dt.date | None  # None when the date does not read (the check says so)
    draft: bool
    minutes: int  # reading time
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def status(self, day: dt.date) -> Status:
        if self.draft or self.published is None:
            return Status.DRAFT
        return Status.SCHEDULED if self.published > day else Status.PUBLIC


def part_number(value) -> int | None:
    """The value of `part:` as a part number, or None (booleans are not numbers here)."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None


def read_part(text: str, source: str) -> Part | None:
    """The part a page is, or None when it is not one (or its `part:` does not read)."""
    try:
        front_matter = read_front_matter(text)
    except FrontMatterError:
        return None
    return part_from(front_matter, text, source) if front_matter else None


def part_from(front_matter: FrontMatter, text: str, source: str) -> Part | None:
    """The part a page's (read) front matter makes it, or None."""
    data = front_matter.data
    number = part_number(data.get("part"))
    if number is None:
        return None
    try:
        published = parse_date(data.get("published"), "published", None)
    except FrontMatterError:
        published = None
    title = data.get("title")
    description = data.get("description")
    return Part(
        number=number,
        source=source,
        title=title.strip() if isinstance(title, str) and title.strip() else source,
        description=description.strip() if isinstance(description, str) else "",
        published=published,
        draft=data.get("draft", False) is not False,  # anything but `false` holds it back
        minutes=reading_minutes(body_of(text)),
        lines=front_matter.lines,
    )


def find_parts(docs_dir: Path) -> list[Part]:
    """Every part in docs/, by number (then file name, when two share one)."""
    parts = []
    for path in sorted(docs_dir.rglob("*.md")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the check reports an unreadable page
        part = read_part(text, path.relative_to(docs_dir).as_posix())
        if part is not None:
            parts.append(part)
    return sorted(parts, key=lambda part: (part.number, part.source))


def reading_minutes(markdown: str) -> int:
    words = len(WORD.findall(NOT_READ.sub(" ", markdown)))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
