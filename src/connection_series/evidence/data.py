"""docs/data/evidence.yml: the statistics registry, read and checked.

One record per statistic the series states: an odds ratio, a count of people, a Hedges' g, the
years of follow-up. Pages print a record with `[[stat:ID]]` (statistics.py); the "evidence at a
glance" charts (`<!-- chart: evidence part=1 -->`) draw the records that have a `chart` field;
the Evidence page (`<!-- evidence-registry -->`) lists every record. One file, so that prose,
chart and Evidence page cannot disagree.

Reading never stops at the first mistake: `read_registry` returns every problem, each naming
the file, the line and the record, with the fix.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from connection_series.common.errors import Problem
from connection_series.common.yaml_lines import SAFE_LOADER, line_map, nearest_line

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
DIRECTIONS = {"harm", "survival"}
FIELDS = (
    "id",
    "cite",
    "measure",
    "value",
    "ci",
    "percent",
    "unit",
    "about",
    "population",
    "design",
    "location",
    "checked",
    "chart",
)
REQUIRED = (
    "id",
    "cite",
    "measure",
    "value",
    "about",
    "population",
    "design",
    "location",
    "checked",
)
CHART_FIELDS = ("part", "label", "outcome", "direction")
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
    checked: dt.date
    chart: Chart | None = None
    line: int | None = field(default=None, compare=False)  # where the record starts
    cite_line: int | None = field(default=None, compare=False)


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


@dataclass(frozen=True)
class Registry:
    stats: tuple[Stat, ...] = ()

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
    )


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _text(value: object) -> bool:
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
    for index, raw in enumerate(data):
        before = len(problems)
        stat = _parse_record(raw, index, problem)
        if stat is None or len(problems) > before:
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
            )
        )
    return Registry(tuple(stats)), problems


def _parse_record(raw: object, index: int, problem) -> Stat | None:
    name = f"record {index + 1}"
    if not isinstance(raw, dict):
        problem((index,), f"{name}: must be a mapping of fields ('id: ...', 'cite: ...')")
        return None
    if _text(raw.get("id")):
        name = f"record '{raw['id']}'"
    for key in raw:
        if key not in FIELDS:
            near = nearest_id(str(key), list(FIELDS))
            hint = f"Did you mean '{near}'? " if near else ""
            problem((index, str(key)), f"{name}: '{key}' is not a known field", hint + FIX)
    for key in REQUIRED:
        if key not in raw or raw[key] is None or raw[key] == "":
            what = {
                "location": "where in the source the number stands (abstract, table 2, p. 5)",
                "checked": "the date someone checked the number against the source",
            }.get(key, "")
            problem(
                (index,),
                f"{name}: field '{key}' is missing" + (f": {what}" if what else ""),
                f"Add '{key}:' to the record" + (" as YYYY-MM-DD" if key == "checked" else ""),
            )
    if any(key not in raw or raw[key] in (None, "") for key in REQUIRED):
        return None
    if not isinstance(raw["id"], str) or not ID_RE.match(raw["id"]):
        problem(
            (index, "id"),
            f"{name}: id {raw['id']!r} must be lower-case letters, digits and hyphens",
            "Write it like holtlunstad2010-strong-ties (the citation key, then a short name)",
        )
    if not isinstance(raw["cite"], str) or not KEY_RE.match(raw["cite"]):
        problem((index, "cite"), f"{name}: {raw['cite']!r} is not a citation key")
    measure = raw["measure"]
    if measure not in MEASURE_NAMES:
        problem(
            (index, "measure"),
            f"{name}: measure must be one of {', '.join(MEASURE_NAMES)}, got {measure!r}",
        )
        return None
    for key in ("about", "population", "location"):
        if not _text(raw[key]):
            problem((index, key), f"{name}: '{key}' must be text")
    if raw["design"] not in DESIGNS:
        problem(
            (index, "design"),
            f"{name}: design must be one of {', '.join(DESIGNS)}, got {raw['design']!r}",
        )
    checked = raw["checked"]
    if isinstance(checked, str):
        with contextlib.suppress(ValueError):
            checked = dt.date.fromisoformat(checked)
    if not isinstance(checked, dt.date) or isinstance(checked, dt.datetime):
        problem((index, "checked"), f"{name}: checked must be a date, got {raw['checked']!r}")
        checked = None
    value = raw["value"]
    ranged = measure in ("count", "years") and isinstance(value, list)
    if ranged:
        if len(value) != 2 or not all(_is_number(v) for v in value) or value[0] >= value[1]:
            problem(
                (index, "value"),
                f"{name}: a range must be two numbers, low then high, got {value!r}",
            )
            return None
        value = (value[0], value[1])
    elif not _is_number(value):
        problem((index, "value"), f"{name}: value must be a number, got {value!r}")
        return None
    elif measure in RATIOS and not value > 0:
        problem((index, "value"), f"{name}: a ratio must be above 0, got {value!r}")
    elif measure == "count" and (value != int(value) or value < 0):
        problem((index, "value"), f"{name}: a count must be a whole number, got {value!r}")
    ci = raw.get("ci")
    if ci is not None:
        if (
            not isinstance(ci, list)
            or len(ci) != 2
            or not all(_is_number(v) for v in ci)
            or ci[0] > ci[1]
        ):
            problem(
                (index, "ci"),
                f"{name}: ci must be [low, high], two numbers, got {ci!r}",
                "Write it like ci: [1.42, 1.59], or leave it out where the source gives none",
            )
            ci = None
        elif ranged or not ci[0] <= value <= ci[1]:
            problem(
                (index, "ci"),
                f"{name}: the 95% CI {ci[0]} to {ci[1]} does not contain the value {value}",
                "Check both against the source: the value lies inside its interval",
            )
            ci = None
        else:
            ci = (ci[0], ci[1])
    percent = raw.get("percent")
    if percent is not None:
        if measure not in RATIOS or not _is_number(percent):
            problem(
                (index, "percent"),
                f"{name}: percent must be a number, and only a ratio has one",
                "Remove it, or write the percentage the source states for this ratio",
            )
            percent = None
        elif abs(percent - percent_of(value)) > 0.5:
            problem(
                (index, "percent"),
                f"{name}: {percent}% does not follow from the ratio {value} "
                f"(that is {percent_of(value):g}%)",
                "Check the ratio and the percentage against the source",
            )
            percent = None
    unit = raw.get("unit")
    if measure == "count" and not _text(unit):
        problem(
            (index, "unit"),
            f"{name}: a count needs a unit (people, studies, papers...)",
            "Add 'unit: people' or what was counted",
        )
    chart = _parse_chart(raw.get("chart"), index, name, measure, problem)
    if checked is None:
        return None
    return Stat(
        id=str(raw["id"]),
        cite=str(raw["cite"]),
        measure=measure,
        value=value,
        ci=ci,
        percent=percent,
        unit=str(unit or "").strip(),
        about=str(raw["about"]).strip(),
        population=str(raw["population"]).strip(),
        design=str(raw["design"]),
        location=str(raw["location"]).strip(),
        checked=checked,
        chart=chart,
    )


def _parse_chart(raw: object, index: int, name: str, measure: str, problem) -> Chart | None:
    if raw is None:
        return None
    where = (index, "chart")
    if measure not in RATIOS:
        problem(where, f"{name}: only ratios (OR, HR, RR, ES) can be in a chart")
        return None
    if not isinstance(raw, dict):
        problem(where, f"{name}: chart must hold part, label, outcome and direction")
        return None
    for key in CHART_FIELDS:
        if key not in raw:
            problem(where, f"{name}: chart: field '{key}' is missing")
            return None
    for key in raw:
        if key not in CHART_FIELDS:
            problem((*where, str(key)), f"{name}: chart: '{key}' is not a known field")
            return None
    part = raw["part"]
    if not isinstance(part, int) or isinstance(part, bool) or part < 1:
        problem((*where, "part"), f"{name}: chart: part must be a whole number, got {part!r}")
        return None
    if raw["direction"] not in DIRECTIONS:
        problem(
            (*where, "direction"),
            f"{name}: chart: direction must be harm or survival, got {raw['direction']!r}",
        )
        return None
    for key in ("label", "outcome"):
        if not _text(raw[key]):
            problem((*where, key), f"{name}: chart: '{key}' must be text")
            return None
    return Chart(part, raw["label"].strip(), raw["outcome"].strip(), raw["direction"])


def read_registry(path: Path, shown_as: str) -> tuple[Registry, list[Problem]]:
    """The valid records and every problem of the file (none raised)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problem = Problem(shown_as, None, "the file is not UTF-8 text", "Save it as UTF-8")
        return Registry(), [problem]
    except OSError as error:
        fix = "Create it or fix its path"
        return Registry(), [Problem(shown_as, None, f"cannot be read ({error.strerror})", fix)]
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        return Registry(), [Problem(shown_as, line, "not valid YAML", "Fix the YAML syntax")]
    return parse_registry(data, shown_as, line_map(text))


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
