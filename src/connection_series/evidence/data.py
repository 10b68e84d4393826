"""docs/data/evidence.yml: the results the evidence charts draw, read and checked.

A page asks for a chart with the line `<!-- chart: evidence part=1 -->` (see extension.py).
Bad data gives one contributor error naming the file, line, row and field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from connection_series.common.errors import Problem, message

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


def read_rows(path: Path, shown_as: str) -> tuple[list[Row], list[Problem]]:
    """The rows, or no rows and the problem that stopped the reading."""
    try:
        return load_rows(path, shown_as), []
    except EvidenceDataError as error:
        return [], [Problem(error.path, error.line, error.problem, error.fix)]
    except UnicodeDecodeError:
        return [], [Problem(shown_as, None, "the file is not UTF-8 text", "Save it as UTF-8")]


def chart_parts(markdown: str) -> list[tuple[int, str]]:
    """(offset, part as written) of every chart marker in a page's Markdown."""
    return [(match.start(), match.group(1)) for match in MARKER_RE.finditer(markdown)]


def data_path(docs_dir: Path) -> Path:
    return docs_dir / DATA_RELPATH


def keys_cited_by_charts(markdown: str, docs_dir: Path) -> set[str]:
    """The citation keys of the rows that the page's chart markers show."""
    parts = {part for _, part in chart_parts(markdown)}
    if not parts:
        return set()
    rows, _ = read_rows(data_path(docs_dir), DATA_RELPATH)
    return {row.cite for row in rows if str(row.part) in parts}
