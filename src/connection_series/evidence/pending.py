"""A statistic that waits for an editor: `checked: pending` in docs/data/evidence.yml.

A contributor who cannot check a number against its source (offline, no access to the paper)
records it as pending instead of inventing a date. The preview and every test build show it,
marked "not yet checked against its source" wherever it is printed (the article, the chart's
table, the Evidence page); the build that publishes the site (the plugin's `publishing`
option, which the deploy workflow turns on) refuses it, one line per record.
"""

from __future__ import annotations

from connection_series.common.errors import Problem
from connection_series.common.markdown_text import markdown_safe
from connection_series.evidence.data import PENDING, Registry

PENDING_NOTE = "not yet checked against its source"
CSS_PENDING = "statistic-pending"


def pending_note(pending: bool) -> str:
    """Visible words (read out too) after a number no one has checked against its source."""
    if not pending:
        return ""
    return f' <span class="{CSS_PENDING}">{markdown_safe("[" + PENDING_NOTE + "]")}</span>'


def pending_problems(registry: Registry, shown: str, publishing: bool) -> list[Problem]:
    """In the build that publishes the site: one line for each record still pending."""
    if not publishing:
        return []
    return [
        Problem(
            shown,
            stat.checked_line or stat.line,
            f"record '{stat.id}' is 'checked: {PENDING}': the published site shows only "
            "numbers checked against their source",
            "Check the number against the source and write the date in 'checked:', or leave "
            "the change out of the published site until an editor has",
        )
        for stat in registry.stats
        if stat.pending
    ]
