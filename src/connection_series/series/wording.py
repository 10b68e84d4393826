"""What readers and editors read about the series, written once: the dates, "Part N of M",
reading times and the preview's notices on parts that are not public yet."""

from __future__ import annotations

import datetime as dt

from connection_series.series.parts import Part, Status


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def notice(part: Part, day: dt.date) -> str | None:
    """The preview's notice on a part that readers cannot see yet (None for a public one)."""
    status = part.status(day)
    if status is Status.SCHEDULED:
        return f"Scheduled: not public until {long_date(part.published)}"
    if status is Status.DRAFT:
        return "Draft: not public until you remove draft: true from its front matter"
    return None


def why_not_public(part: Part, day: dt.date) -> str:
    """For messages: "not public until 8 December 2026", "a draft"."""
    if part.status(day) is Status.SCHEDULED:
        return f"not public until {long_date(part.published)}"
    return "a draft, not public"


def reading_time(minutes: int) -> str:
    return f"About {minutes} minute{'s' if minutes != 1 else ''} to read"


def numbered_title(part: Part) -> str:
    """The title with its part number in front, unless it starts with it already."""
    if part.title.lower().startswith(f"part {part.number}"):
        return part.title
    return f"Part {part.number}: {part.title}"


def position(part: Part, count: int) -> str:
    return f"Part {part.number} of {count}"
