"""The "evidence at a glance" chart: an inline SVG forest plot and its table alternative.

Ratios on a log scale, 1.0 marked as "no difference", 95% confidence intervals as whiskers.
A Markdown table with the same numbers follows as the text alternative; each of its rows
carries a `[@key]` citation, which the citations extension renders next. No JavaScript.
Every text from the data file is escaped for the SVG and for the Markdown table.
"""

from __future__ import annotations

import math
from html import escape

from connection_series.evidence.data import MEASURES, Row
from connection_series.evidence.pending import pending_note

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def fmt(value: float) -> str:
    """Ratios are shown with two decimals, as the studies report them."""
    return f"{value:.2f}"


def interval(row: Row) -> str:
    if row.ci_low is None:
        return f"{fmt(row.estimate)} (no range given)"
    return f"{fmt(row.estimate)} ({fmt(row.ci_low)} to {fmt(row.ci_high)})"


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


def _ticks(lo: float, hi: float) -> list[float]:
    candidates = [0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 5.0]
    return [t for t in candidates if lo <= t <= hi]


def render_svg(rows: list[Row], part: int) -> str:
    width, left, right = 340, 16, 324
    values = [1.0]
    for row in rows:
        values += [row.estimate] + [v for v in (row.ci_low, row.ci_high) if v is not None]
    lo = min(values) / 1.08
    hi = max(values) * 1.08
    lo = min(lo, 0.9)
    lmin, lmax = math.log(lo), math.log(hi)

    def x(value: float) -> float:
        return round(left + (math.log(value) - lmin) / (lmax - lmin) * (right - left), 1)

    ident = f"evidence-part-{part}"
    one = x(1.0)
    body: list[str] = []
    y = 22
    for row in rows:
        for line in _wrap(row.label, 36):
            body.append(f'<text x="{left}" y="{y}" font-weight="700">{_svg(line)}</text>')
            y += 18
        outcome = row.outcome
        if row.direction == "survival":
            outcome += " (higher is better)"
        for line in [*_wrap(outcome, 40), f"{row.measure} {interval(row)}"]:
            body.append(f'<text x="{left}" y="{y}" font-size="13">{_svg(line)}</text>')
            y += 16
        cy = y + 4
        if row.ci_low is not None:
            x1, x2 = x(row.ci_low), x(row.ci_high)
            body.append(
                f'<line x1="{x1}" y1="{cy}" x2="{x2}" y2="{cy}" stroke="#000" stroke-width="2"/>'
            )
            for xe in (x1, x2):
                body.append(
                    f'<line x1="{xe}" y1="{cy - 6}" x2="{xe}" y2="{cy + 6}" '
                    'stroke="#000" stroke-width="2"/>'
                )
        body.append(
            f'<line x1="{one}" y1="{cy - 13}" x2="{one}" y2="{cy + 13}" stroke="#000" '
            'stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        cx = x(row.estimate)
        if row.direction == "survival":
            marker = f'<circle cx="{cx}" cy="{cy}" r="6" fill="#000"/>'
        else:
            marker = f'<rect x="{cx - 5.5}" y="{cy - 5.5}" width="11" height="11" fill="#000"/>'
        if row.ci_low is None:
            marker = marker.replace('fill="#000"', 'fill="#fff" stroke="#000" stroke-width="2"')
        body.append(marker)
        y = cy + 26

    axis_y = y
    parts = [
        (
            f'<line x1="{one}" y1="{axis_y - 10}" x2="{one}" y2="{axis_y}" stroke="#000" '
            'stroke-width="1.5" stroke-dasharray="4 3"/>'
        ),
        (
            f'<text x="{max(2, one - 30)}" y="{axis_y + 38}" font-size="13">'
            "1.00 = no difference</text>"
        ),
        (
            f'<line x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}" '
            'stroke="#000" stroke-width="1"/>'
        ),
    ]
    for tick in _ticks(lo, hi):
        tx = x(tick)
        parts.append(
            f'<line x1="{tx}" y1="{axis_y}" x2="{tx}" y2="{axis_y + 6}" '
            'stroke="#000" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{tx}" y="{axis_y + 22}" font-size="13" text-anchor="middle">'
            f"{fmt(tick)}</text>"
        )
    parts.append(
        f'<text x="{(left + right) / 2}" y="{axis_y + 58}" font-size="13" text-anchor="middle">'
        "Ratio, on a log scale</text>"
    )
    height = axis_y + 68
    summary = "; ".join(
        f"{r.label}, {r.outcome.lower()}: {MEASURES[r.measure]} {interval(r)}" for r in rows
    )
    desc = (
        "Each row shows one result as a marker, with a line for its 95% confidence "
        "interval where one was given. A dashed line marks 1.00, no difference. "
        f"Results: {summary}."
    )
    return (
        # data-search-exclude: the table below the chart carries the same words for search.
        f'<svg xmlns="http://www.w3.org/2000/svg" class="evidence-chart" data-search-exclude '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT}" '
        'font-size="15" fill="#000">'
        f'<title id="{ident}-title">Evidence at a glance, Part {part}</title>'
        f'<desc id="{ident}-desc">{_svg(desc)}</desc>'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>'
        + "".join(parts + body)
        + "</svg>"
    )


def _svg(text: str) -> str:
    # Contributor text in the SVG: escaped, and no '@' or brackets left for the citations
    # extension, which runs after this one and would put a link inside <text> or <desc>.
    return escape(text).translate(SVG_SPECIAL)


SVG_SPECIAL = str.maketrans({c: f"&#{ord(c)};" for c in "[]@"})


def _cell(text: str) -> str:
    # Contributor text in a Markdown table: no raw HTML, no cell breaks, no Markdown syntax.
    return escape(text).translate(TABLE_SPECIAL)


TABLE_SPECIAL = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]{}#+!|~^@"})


def render_block(rows: list[Row], part: int) -> str:
    """Markdown for the chart: raw HTML figure, a short key, then the table alternative."""
    notes = []
    if any(r.direction == "harm" for r in rows):
        notes.append("Squares: a value above 1.00 means a higher risk of the outcome.")
    if any(r.direction == "survival" for r in rows):
        notes.append("Circles: a value above 1.00 means better odds of staying alive.")
    if any(r.ci_low is None for r in rows):
        notes.append("Open markers: no range was given.")
    notes.append("These are relative figures, not absolute ones.")
    lines = [
        f'<figure class="evidence-chart" id="evidence-chart-part-{part}">',
        render_svg(rows, part),
        f"<figcaption>Evidence at a glance: the results in Part {part}.</figcaption>",
        "</figure>",
        "",
        " ".join(notes),
        "",
        "The same results as a table:",
        "",
        "| Result | Ratio (95% CI) | Source |",
        "| --- | --- | --- |",
    ]
    for row in rows:
        outcome = row.outcome
        if row.direction == "survival":
            outcome += " (higher is better)"
        lines.append(
            f"| {_cell(row.label)}: {_cell(outcome.lower())} "
            f'| <span class="statistic" data-statistic="{escape(row.id)}">'
            f"{MEASURES[row.measure]} {interval(row)}{pending_note(row.pending)}</span> "
            f"| [@{row.cite}] |"
        )
    return "\n".join(lines) + "\n"
