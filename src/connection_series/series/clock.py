"""The day a build is made for: today in UTC, or `SERIES_TODAY=YYYY-MM-DD` to build the site
as it will be on that day (like Hugo's --clock). A part whose `published` day is later is
held back from the public build."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from connection_series.common.errors import fail

DAY_VARIABLE = "SERIES_TODAY"


def build_day(environ: Mapping[str, str] | None = None) -> dt.date:
    """Raises ContributorError (one line) for a SERIES_TODAY that is not a real date."""
    environ = os.environ if environ is None else environ
    text = environ.get(DAY_VARIABLE, "").strip()
    if not text:
        return dt.datetime.now(dt.UTC).date()
    return parse_day(text)


def parse_day(text: str) -> dt.date:
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise fail(
        DAY_VARIABLE,
        None,
        f"{text!r} is not a day in YYYY-MM-DD form",
        f"Write it like {DAY_VARIABLE}=2026-12-08, or leave it unset to build for today (UTC)",
    )
