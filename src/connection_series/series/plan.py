"""What one build of the site contains of the series, decided once from the parts' front
matter and the day (series.clock), and read by every engine adapter, extension and step.

The public build has the public parts only: a scheduled or draft part has no page and no
link anywhere. The preview (`make serve`) builds every part, the held-back ones with a
notice, so that an editor sees a part before its day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from connection_series.series.clock import build_day, parse_day
from connection_series.series.parts import Part, Status, find_parts

# The options of our Markdown extensions that need the plan; the series plugin sets them so
# that every page of a build agrees (Zensical, which runs no plugin, keeps the defaults).
PLAN_OPTIONS = {
    "today": ["", "The build's day (YYYY-MM-DD); empty: today (UTC), or SERIES_TODAY"],
    "preview": [False, "The preview (make serve): it builds the parts that are not public yet"],
}


@dataclass(frozen=True)
class SeriesPlan:
    day: dt.date
    preview: bool
    parts: tuple[Part, ...]  # every part in docs/, by number

    @property
    def public(self) -> tuple[Part, ...]:
        return tuple(part for part in self.parts if part.status(self.day) is Status.PUBLIC)

    @property
    def held_back(self) -> tuple[Part, ...]:
        """Scheduled and draft parts: not public on this day."""
        return tuple(part for part in self.parts if part.status(self.day) is not Status.PUBLIC)

    @property
    def built(self) -> tuple[Part, ...]:
        """The parts this build makes pages for: "Part N of M" counts these."""
        return self.parts if self.preview else self.public

    @property
    def left_out(self) -> frozenset[str]:
        """Sources (relative to docs/) that this build must not contain or mention."""
        return frozenset(() if self.preview else (part.source for part in self.held_back))

    def part_of(self, source: str) -> Part | None:
        """The built part made from `source` (relative to docs/), if it is one."""
        return next((part for part in self.built if part.source == source), None)


def plan_series(docs_dir: Path, day: dt.date, preview: bool = False) -> SeriesPlan:
    return SeriesPlan(day, preview, tuple(find_parts(docs_dir)))


def plan_from_options(docs_dir: str | Path, today: str, preview: bool) -> SeriesPlan:
    """The plan as a Markdown extension sees it, from its PLAN_OPTIONS."""
    day = parse_day(today) if today else build_day()
    return plan_series(Path(docs_dir), day, bool(preview))
