"""MkDocs hook: the "evidence at a glance" chart.

A page asks for the chart with a marker line in its Markdown:

    <!-- chart: evidence part=1 -->

The hook replaces the marker with an inline SVG forest plot of the rows in
``docs/data/evidence.yml`` whose ``part`` matches: ratios on a log scale, 1.0
marked as "no difference", 95% confidence intervals as whiskers. A Markdown
table with the same numbers follows as the text alternative; each of its rows
carries a ``[@key]`` citation, which the citation plugin renders later (this
hook runs early in ``on_page_markdown``). No JavaScript is involved.

Bad data gives a one-line contributor error naming the file, line, row and field
(see contributor_errors.py); the strict build then fails.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml
from connection_series.common.errors import line_of, message, page_source, report, shown_path
from mkdocs.plugins import event_priority

DATA_RELPATH = "data/evidence.yml"
MARKER_RE = re.compile(r"^[ \t]*<!--\s*chart:\s*evidence\s+part=(\w+)\s*-->[ \t]*$", re.MULTILINE)
KEY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_:.-]*$")

# ES: Wang et al. (2023) report a "pooled effect size" without naming the ratio; say exactly that.
MEASURES = {
    "OR": "odds ratio",
    "HR": "hazard ratio",
    "RR": "relative risk",
    "ES": "pooled effect size (a ratio)",
}
DIRECTIONS = {"harm", "survival"}
REQUIRED = (
    "label",
    "measure",
    "estimate",
    "ci_low",
    "ci_high",
    "outcome",
    "direction",
    "cite",
    "part",
)

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


class EvidenceDataError(ValueError):
    """Invalid evidence data. ``str()`` is one contributor-error line."""

    def __init__(self, path: str, line: int | None, problem: str, fix: str):
        self.path, self.line, self.problem, self.fix = path, line, problem, fix
        super().__init__(message(path, line, problem, fix))


@dataclass(frozen=True)
class Row:
    label: str
    measure: str
    estimate: float
    ci_low: float | None
    ci_high: float | None
    outcome: str
    direction: str
    cite: str
    part: int


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


FIX = "Correct it in the data file (see the field notes at its top)"


def _fail(path: str, lines: dict, index: int | None, field: str | None, problem: str):
    line = lines.get((index, field)) or lines.get((index, None))
    where = "top level" if index is None else f"row {index}"
    if field:
        where += f": field '{field}'"
    return EvidenceDataError(path, line, f"{where}: {problem}", FIX)


def line_map(text: str) -> dict:
    """(row number, field) -> 1-based line of that value in the YAML text."""
    lines: dict = {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return lines
    if not isinstance(node, yaml.SequenceNode):
        return lines
    for index, item in enumerate(node.value, start=1):
        lines[(index, None)] = item.start_mark.line + 1
        if isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                lines[(index, str(key.value))] = value.start_mark.line + 1
    return lines


def parse_rows(data: object, path: str, lines: dict | None = None) -> list[Row]:
    """Validate the parsed YAML and return rows; raise EvidenceDataError."""
    lines = lines or {}
    if not isinstance(data, list) or not data:
        raise _fail(path, lines, None, None, "must be a non-empty list of rows")
    rows = []
    for index, raw in enumerate(data, start=1):
        if not isinstance(raw, dict):
            raise _fail(path, lines, index, None, "must be a mapping of fields")
        for field in REQUIRED:
            if field not in raw:
                raise _fail(path, lines, index, field, "is missing")
        unknown = sorted(set(raw) - set(REQUIRED))
        if unknown:
            raise _fail(path, lines, index, unknown[0], "is not a known field")
        for field in ("label", "outcome", "cite"):
            if not isinstance(raw[field], str) or not raw[field].strip():
                raise _fail(path, lines, index, field, "must be non-empty text")
        if not KEY_RE.match(raw["cite"]):
            raise _fail(path, lines, index, "cite", f"{raw['cite']!r} is not a citation key")
        if raw["measure"] not in MEASURES:
            raise _fail(
                path,
                lines,
                index,
                "measure",
                f"must be one of {', '.join(MEASURES)}, got {raw['measure']!r}",
            )
        if raw["direction"] not in DIRECTIONS:
            raise _fail(
                path,
                lines,
                index,
                "direction",
                f"must be harm or survival, got {raw['direction']!r}",
            )
        if raw["part"] not in (1, 2) or isinstance(raw["part"], bool):
            raise _fail(path, lines, index, "part", f"must be 1 or 2, got {raw['part']!r}")
        for field in ("estimate", "ci_low", "ci_high"):
            value = raw[field]
            if field == "estimate" and not _is_number(value):
                raise _fail(
                    path,
                    lines,
                    index,
                    field,
                    f"must be a number, got {value!r}",
                )
            if value is not None and not _is_number(value):
                raise _fail(
                    path,
                    lines,
                    index,
                    field,
                    f"must be a number or null, got {value!r}",
                )
            if value is not None and not (0 < value < 100):
                raise _fail(
                    path,
                    lines,
                    index,
                    field,
                    f"must be a ratio above 0, got {value!r}",
                )
        low, high, est = raw["ci_low"], raw["ci_high"], raw["estimate"]
        if (low is None) != (high is None):
            raise _fail(
                path,
                lines,
                index,
                "ci_high" if high is None else "ci_low",
                "ci_low and ci_high must both be numbers or both be null",
            )
        if low is not None and not (low <= est <= high):
            raise _fail(
                path,
                lines,
                index,
                "estimate",
                f"{est} lies outside its interval {low} to {high}",
            )
        rows.append(
            Row(
                label=raw["label"].strip(),
                measure=raw["measure"],
                estimate=float(est),
                ci_low=None if low is None else float(low),
                ci_high=None if high is None else float(high),
                outcome=raw["outcome"].strip(),
                direction=raw["direction"],
                cite=raw["cite"].strip(),
                part=raw["part"],
            )
        )
    return rows


def load_rows(path: Path, shown_as: str | None = None) -> list[Row]:
    """Read and validate the data file."""
    name = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EvidenceDataError(
            name, None, f"cannot be read ({exc.strerror})", "Create it or fix its path"
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise EvidenceDataError(name, line, "not valid YAML", "Fix the YAML syntax") from None
    return parse_rows(data, name, line_map(text))


# --- rendering -------------------------------------------------------------


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
            body.append(f'<text x="{left}" y="{y}" font-weight="700">{escape(line)}</text>')
            y += 18
        outcome = row.outcome
        if row.direction == "survival":
            outcome += " (higher is better)"
        for line in [*_wrap(outcome, 40), f"{row.measure} {interval(row)}"]:
            body.append(f'<text x="{left}" y="{y}" font-size="13">{escape(line)}</text>')
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
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>'
        + "".join(parts + body)
        + "</svg>"
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


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
            f"| {MEASURES[row.measure]} {interval(row)} | [@{row.cite}] |"
        )
    return "\n".join(lines) + "\n"


def replace_markers(markdown: str, rows: list[Row], page_name: str, data_name: str) -> str:
    def substitute(match: re.Match) -> str:
        raw_part = match.group(1)
        if raw_part not in ("1", "2"):
            raise EvidenceDataError(
                page_name,
                line_of(markdown, match.start()),
                f"chart marker: part must be 1 or 2, got {raw_part!r}",
                "Write <!-- chart: evidence part=1 --> or part=2",
            )
        part = int(raw_part)
        selected = [r for r in rows if r.part == part]
        if not selected:
            raise EvidenceDataError(
                data_name, None, f"field 'part': no rows for part {part}", "Add rows or fix part"
            )
        return render_block(selected, part)

    return MARKER_RE.sub(substitute, markdown)


# --- MkDocs events ----------------------------------------------------------

_cache: dict[str, object] = {}


def on_pre_build(config, **kwargs):
    _cache.clear()


def _rows_for(config) -> tuple[list[Row], str]:
    docs = Path(config["docs_dir"])
    path = docs / DATA_RELPATH
    shown = shown_path(path, config)
    key = str(path)
    if key not in _cache:
        try:
            _cache[key] = load_rows(path, shown)
        except EvidenceDataError as exc:
            _cache[key] = exc
    cached = _cache[key]
    if isinstance(cached, EvidenceDataError):
        raise cached
    return cached, shown


@event_priority(100)
def on_page_markdown(markdown, page, config, files, **kwargs):
    """Replace chart markers; on bad data, report one line (strict fails) and drop the chart."""
    if not MARKER_RE.search(markdown):
        return markdown
    try:
        rows, shown = _rows_for(config)
        return replace_markers(markdown, rows, page_source(page, config), shown)
    except EvidenceDataError as exc:
        if not getattr(exc, "reported", False):
            report(exc.path, exc.line, exc.problem, exc.fix)
            exc.reported = True
        return MARKER_RE.sub("", markdown)
