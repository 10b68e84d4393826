"""docs/data/evidence.yml: the statistics registry, read and checked.

One record per statistic the series states: an odds ratio, a count of people, a Hedges' g, the
years of follow-up. Pages print a record with `[[stat:ID]]` (statistics.py); the "evidence at a
glance" charts (`<!-- chart: evidence part=1 -->`) draw the records that have a `chart` field;
the Evidence page (`<!-- evidence-registry -->`) lists every record. One file, so that prose,
chart and Evidence page cannot disagree.

Each record is checked declaratively, like docs/data/planner.yml: a table of its fields
(RECORD, and CHART for its chart), each with its rule, read by one loop
(common.record_fields). Reading never stops at the first mistake: `read_registry` returns
every problem, each naming the file, the line and the record, with the fix.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from connection_series.boundary.contributor_yaml import YamlMistake, read_yaml
from connection_series.boundary.files import LINKED, through_link
from connection_series.common.errors import Problem
from connection_series.common.record_fields import Field, Invalid, Rule, Table, read_fields
from connection_series.common.yaml_lines import nearest_line

DATA_RELPATH = "data/evidence.yml"
KEY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_:.-]*$")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Ratios: how the chart names them (ES: Wang et al. (2023) report a "pooled effect size" without
# naming the ratio; say exactly that).
MEASURES = {
    "OR": "odds ratio",
    "HR": "hazard ratio",
    "RR": "relative risk",
    "ES": "pooled effect size (a ratio)",
}
RATIOS = set(MEASURES)
# Every measure a record may have, as prose prints it before the value.
MEASURE_NAMES = {
    "OR": "odds ratio",
    "HR": "hazard ratio",
    "RR": "relative risk",
    "ES": "pooled ratio",
    "g": "g",
    "percent": "",
    "count": "",
    "years": "",
}
# The study designs a record may name, in plain words for the Evidence page.
DESIGNS = {
    "meta-analysis": "a study that pools the results of many earlier studies",
    "systematic review": "a study that gathers every study on a question and sums them up in words",
    "cohort": "a study that follows the same people over time",
    "cross-sectional": "a study that measures people once, at one point in time",
    "experiment": "a study in which researchers changed one thing and compared groups",
    "diary study": "a study in which people kept a daily record for a short time",
}
DIRECTIONS = ("harm", "survival")
# `checked: pending`: a number recorded before an editor has checked it against its source.
# The article and the Evidence page say so; the build that publishes the site refuses it
# (evidence/pending.py).
PENDING = "pending"
FIX = "Correct it in docs/data/evidence.yml (the comment at its top describes every field)"


class EvidenceDataError(ValueError):
    """Invalid evidence data. ``str()`` is one contributor-error line (first problem)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = problems[0]
        self.path, self.line, self.problem, self.fix = (
            first.path,
            first.line,
            first.problem,
            first.fix,
        )
        super().__init__(str(first))


@dataclass(frozen=True)
class Chart:
    part: int
    label: str
    outcome: str
    direction: str


@dataclass(frozen=True)
class Stat:
    """One statistic of the registry."""

    id: str
    cite: str
    measure: str
    value: float | tuple[float, float]  # a range (3 to 21 years) for counts and years
    ci: tuple[float, float] | None
    percent: float | None
    unit: str
    about: str
    population: str
    design: str
    location: str
    checked: dt.date | None  # None: `checked: pending`, not yet checked against the source
    chart: Chart | None = None
    line: int | None = field(default=None, compare=False)  # where the record starts
    cite_line: int | None = field(default=None, compare=False)
    checked_line: int | None = field(default=None, compare=False)

    @property
    def pending(self) -> bool:
        """Recorded with `checked: pending`: no one has checked it against its source yet."""
        return self.checked is None


@dataclass(frozen=True)
class Row:
    """One row of an evidence chart: a ratio record with a `chart` field."""

    label: str
    measure: str
    estimate: float
    ci_low: float | None
    ci_high: float | None
    outcome: str
    direction: str
    cite: str
    part: int
    id: str = ""
    pending: bool = False


@dataclass(frozen=True)
class Registry:
    stats: tuple[Stat, ...] = ()
    # Ids of records left out for a mistake (reported on their lines): pages that print
    # them are not blamed for an unknown id.
    broken: frozenset[str] = frozenset()

    def by_id(self) -> dict[str, Stat]:
        return {stat.id: stat for stat in self.stats}

    @property
    def rows(self) -> list[Row]:
        return [row_of(stat) for stat in self.stats if stat.chart is not None]


def row_of(stat: Stat) -> Row:
    low, high = stat.ci if stat.ci else (None, None)
    return Row(
        label=stat.chart.label,
        measure=stat.measure,
        estimate=float(stat.value),
        ci_low=low,
        ci_high=high,
        outcome=stat.chart.outcome,
        direction=stat.chart.direction,
        cite=stat.cite,
        part=stat.chart.part,
        id=stat.id,
        pending=stat.pending,
    )


def _is_number(value: object) -> bool:
    """A finite number (the reader refuses .inf and .nan; this keeps the rules total)."""
    finite = isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))
    return finite and not isinstance(value, bool)


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def nearest_id(wanted: str, known: list[str]) -> str | None:
    found = difflib.get_close_matches(wanted, known, n=1, cutoff=0.5)
    return found[0] if found else None


def percent_of(ratio: float) -> float:
    """The percentage a ratio stands for: 1.29 -> 29 (higher), 0.80 -> -20 (lower)."""
    return round((ratio - 1) * 100, 6)


def parse_registry(data: object, path: str, lines: dict | None = None) -> tuple[Registry, list]:
    """Validate the parsed YAML; return the valid records and every problem found."""
    lines = lines or {}
    problems: list[Problem] = []

    def problem(where: tuple, text: str, fix: str = FIX) -> None:
        problems.append(Problem(path, nearest_line(lines, where), text, fix))

    if not isinstance(data, list) or not data:
        problem((), "must be a non-empty list of records", "Start each record with '- id: ...'")
        return Registry(), problems
    stats: list[Stat] = []
    seen: dict[str, int] = {}
    broken: set[str] = set()
    for index, raw in enumerate(data):
        before = len(problems)
        stat = _parse_record(raw, index, problem)
        if stat is None or len(problems) > before:
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                broken.add(raw["id"])
            continue
        if stat.id in seen:
            problem(
                (index, "id"),
                f"record {index + 1}: id '{stat.id}' is already used by record {seen[stat.id]}",
                "Give every record its own id",
            )
            continue
        seen[stat.id] = index + 1
        stats.append(
            replace(
                stat,
                line=nearest_line(lines, (index,)),
                cite_line=nearest_line(lines, (index, "cite")),
                checked_line=nearest_line(lines, (index, "checked")),
            )
        )
    return Registry(tuple(stats), frozenset(broken)), problems


def _parse_record(raw: object, index: int, problem) -> Stat | None:
    """One record, read by the table RECORD; every problem said on its field's line."""
    named = isinstance(raw, dict) and _is_text(raw.get("id"))
    name = f"record '{raw['id']}'" if named else f"record {index + 1}"
    values, issues = read_fields(raw, RECORD)
    for where, what, fix in issues:
        problem((index, *where), f"{name}: {what}", fix)
    return None if issues else Stat(**values)


# --- each field's rule: (the value as written, the fields read before it, its name) --------


def _identifier(value, record, name) -> str:
    if not isinstance(value, str) or not ID_RE.match(value):
        raise Invalid(
            f"id {value!r} must be lower-case letters, digits and hyphens",
            "Write it like holtlunstad2010-strong-ties (the citation key, then a short name)",
        )
    return value


def _citation_key(value, record, name) -> str:
    if not isinstance(value, str) or not KEY_RE.match(value):
        raise Invalid(f"{value!r} is not a citation key")
    return value


def _one_of(options) -> Rule:
    listed = " or ".join(options) if len(options) == 2 else "one of " + ", ".join(options)

    def rule(value, record, name):
        if value not in options:
            raise Invalid(f"{name} must be {listed}, got {value!r}")
        return value

    return rule


def _words(value, record, name) -> str:
    if not _is_text(value):
        raise Invalid(f"'{name}' must be text")
    return value.strip()


def _checked(value, record, name) -> dt.date | None:
    """The day the number was checked against its source, or None for `pending`."""
    if value == PENDING:
        return None
    day = value
    if isinstance(day, str):
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(day)
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise Invalid(
            f"{name} must be a date or '{PENDING}', got {value!r}",
            "Write the day you checked the number against the source (YYYY-MM-DD), or "
            f"'{name}: {PENDING}' until an editor has",
        )
    return day


def _value(value, record, name) -> float | tuple[float, float]:
    """A number; for counts and years also a range, [low, high]."""
    measure = record["measure"]
    if measure in ("count", "years") and isinstance(value, list):
        if len(value) != 2 or not all(_is_number(v) for v in value) or value[0] >= value[1]:
            raise Invalid(f"a range must be two numbers, low then high, got {value!r}")
        return (value[0], value[1])
    if not _is_number(value):
        raise Invalid(f"value must be a number, got {value!r}")
    if measure in RATIOS and not value > 0:
        raise Invalid(f"a ratio must be above 0, got {value!r}")
    if measure == "count" and (value != int(value) or value < 0):
        raise Invalid(f"a count must be a whole number, got {value!r}")
    return value


def _interval(ci, record, name) -> tuple[float, float] | None:
    """The 95% CI, [low, high], around the value."""
    if ci is None:
        return None
    pair = isinstance(ci, list) and len(ci) == 2 and all(_is_number(v) for v in ci)
    if not pair or ci[0] > ci[1]:
        raise Invalid(
            f"ci must be [low, high], two numbers, got {ci!r}",
            "Write it like ci: [1.42, 1.59], or leave it out where the source gives none",
        )
    value = record["value"]
    if isinstance(value, tuple) or not ci[0] <= value <= ci[1]:
        raise Invalid(
            f"the 95% CI {ci[0]} to {ci[1]} does not contain the value {value}",
            "Check both against the source: the value lies inside its interval",
        )
    return (ci[0], ci[1])


def _percent(percent, record, name) -> float | None:
    """The percentage the source states for a ratio; it must follow from the ratio."""
    if percent is None:
        return None
    value = record["value"]
    if record["measure"] not in RATIOS or not _is_number(percent):
        raise Invalid(
            "percent must be a number, and only a ratio has one",
            "Remove it, or write the percentage the source states for this ratio",
        )
    if abs(percent - percent_of(value)) > 0.5:
        raise Invalid(
            f"{percent}% does not follow from the ratio {value} (that is {percent_of(value):g}%)",
            "Check the ratio and the percentage against the source",
        )
    return percent


def _unit(unit, record, name) -> str:
    if record["measure"] == "count" and not _is_text(unit):
        raise Invalid(
            "a count needs a unit (people, studies, papers...)",
            "Add 'unit: people' or what was counted",
        )
    return str(unit or "").strip()


def _part(part, record, name) -> int:
    if not isinstance(part, int) or isinstance(part, bool) or part < 1:
        raise Invalid(f"part must be a whole number, got {part!r}")
    return part


def _chart(chart, record, name) -> Chart | None:
    if chart is None:
        return None
    if record["measure"] not in RATIOS:
        raise Invalid("only ratios (OR, HR, RR, ES) can be in a chart")
    values, issues = read_fields(chart, CHART)
    if issues:
        raise Invalid(issues=issues)
    return Chart(**values)


CHART = Table(
    (
        Field("part", _part, required=True),
        Field("label", _words, required=True),
        Field("outcome", _words, required=True),
        Field("direction", _one_of(DIRECTIONS), required=True),
    ),
    fix=FIX,
    not_a_mapping="must hold part, label, outcome and direction",
    prefix="chart: ",
    place="its chart",
)
RECORD = Table(
    (
        Field("id", _identifier, required=True),
        Field("cite", _citation_key, required=True),
        Field("measure", _one_of(tuple(MEASURE_NAMES)), required=True),
        Field("value", _value, required=True, needs=("measure",)),
        Field("ci", _interval, needs=("value",)),
        Field("percent", _percent, needs=("measure", "value")),
        Field("unit", _unit, needs=("measure",)),
        Field("about", _words, required=True),
        Field("population", _words, required=True),
        Field("design", _one_of(tuple(DESIGNS)), required=True),
        Field(
            "location",
            _words,
            required=True,
            missing="where in the source the number stands (abstract, table 2, p. 5)",
        ),
        Field(
            "checked",
            _checked,
            required=True,
            missing="the date someone checked the number against the source",
            written=f" as YYYY-MM-DD, or as '{PENDING}' until an editor has checked it",
        ),
        Field("chart", _chart, needs=("measure",)),
    ),
    fix=FIX,
    not_a_mapping="must be a mapping of fields ('id: ...', 'cite: ...')",
)


def read_registry(path: Path, shown_as: str) -> tuple[Registry, list[Problem]]:
    """The valid records and every problem of the file (none raised)."""
    if through_link(path):
        return Registry(), [Problem(shown_as, None, LINKED, "Replace the link with the file")]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problem = Problem(shown_as, None, "the file is not UTF-8 text", "Save it as UTF-8")
        return Registry(), [problem]
    except OSError as error:
        fix = "Create it or fix its path"
        return Registry(), [Problem(shown_as, None, f"cannot be read ({error.strerror})", fix)]
    try:
        read = read_yaml(text)
    except YamlMistake as mistake:
        return Registry(), [Problem(shown_as, mistake.line, mistake.said_of(), mistake.fix)]
    return parse_registry(read.data, shown_as, read.lines)


def load_registry(path: Path, shown_as: str | None = None) -> Registry:
    """Read the registry; raise EvidenceDataError (its first problem) if anything is wrong."""
    registry, problems = read_registry(path, shown_as or str(path))
    if problems:
        raise EvidenceDataError(problems)
    return registry


def read_rows(path: Path, shown_as: str) -> tuple[list[Row], list[Problem]]:
    """The chart rows, or no rows and the problems (a chart is drawn only from clean data)."""
    registry, problems = read_registry(path, shown_as)
    return ([] if problems else registry.rows), problems


def data_path(docs_dir: Path) -> Path:
    return docs_dir / DATA_RELPATH
