"""docs/data/evidence.yml records, checked by a table of fields (evidence.data.RECORD): every
mistake is one line on the line of the field it is about, all of a record's mistakes are said
at once, and a mistake is not said again through the fields compared with it."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from connection_series.boundary.contributor_yaml import read_yaml
from connection_series.evidence.data import CHART, RECORD, Chart, Stat, parse_registry

pytestmark = pytest.mark.unit

RATIO = {
    "id": "doe2020-ties",
    "cite": "doe2020",
    "measure": "OR",
    "value": 1.5,
    "ci": [1.4, 1.6],
    "percent": 50,
    "about": "Survival with strong ties",
    "population": "Adults",
    "design": "meta-analysis",
    "location": "abstract",
    "checked": "2024-01-01",
    "chart": {"part": 1, "label": "Ties", "outcome": "Survival", "direction": "survival"},
}
COUNT = {
    **{k: v for k, v in RATIO.items() if k not in ("ci", "percent", "chart")},
    "id": "doe2020-people",
    "measure": "count",
    "value": 300,
    "unit": "people",
}


class Dumper(yaml.SafeDumper):
    """Records as contributors write them: a list of numbers on its field's line."""


Dumper.add_representer(
    list,
    lambda dumper, value: dumper.represent_sequence(
        "tag:yaml.org,2002:seq", value, flow_style=not any(isinstance(v, dict) for v in value)
    ),
)


def problems_of(*records: object) -> tuple[list, str]:
    text = yaml.dump(list(records), Dumper=Dumper, sort_keys=False, allow_unicode=True)
    _, problems = parse_registry(yaml.safe_load(text), "evidence.yml", read_yaml(text).lines)
    return problems, text


def line_of(text: str, row: str, after: int = 0) -> int:
    rows = text.split("\n")
    return next(n for n in range(after, len(rows)) if rows[n].lstrip("- ").startswith(row)) + 1


def test_the_tables_hold_every_field_of_a_statistic_and_of_its_chart():
    kept = {f.name for f in dataclasses.fields(Stat)} - {"line", "cite_line", "checked_line"}
    assert set(RECORD.names) == kept
    assert set(CHART.names) == {f.name for f in dataclasses.fields(Chart)}
    for table in (RECORD, CHART):
        for index, field in enumerate(table.fields):
            assert set(field.needs) <= set(table.names[:index]), field.name  # read before


def test_valid_records_read_without_problems():
    assert problems_of(RATIO, COUNT)[0] == []


@pytest.mark.parametrize(
    ("record", "field", "value", "says"),
    [
        (RATIO, "id", "Doe 2020", "id 'Doe 2020' must be lower-case letters"),
        (RATIO, "cite", "2020doe", "'2020doe' is not a citation key"),
        (RATIO, "measure", "XX", "measure must be one of OR, HR, RR, ES"),
        (RATIO, "value", "high", "value must be a number, got 'high'"),
        (RATIO, "value", -1, "a ratio must be above 0"),
        (RATIO, "ci", [1.6, 1.4], "ci must be [low, high]"),
        (RATIO, "ci", [1.0, 1.2], "the 95% CI 1.0 to 1.2 does not contain the value 1.5"),
        (RATIO, "percent", 15, "15% does not follow from the ratio 1.5 (that is 50%)"),
        (RATIO, "about", 3, "'about' must be text"),
        (RATIO, "design", "poll", "design must be one of meta-analysis"),
        (RATIO, "checked", "soon", "checked must be a date or 'pending', got 'soon'"),
        (RATIO, "location", "", "field 'location' is missing"),
        (RATIO, "locaton", "abstract", "'locaton' is not a known field"),
        (COUNT, "value", 2.5, "a count must be a whole number"),
        (COUNT, "value", [9, 3], "a range must be two numbers, low then high"),
        (COUNT, "unit", "", "a count needs a unit"),
        (COUNT, "percent", 5, "percent must be a number, and only a ratio has one"),
        (COUNT, "chart", RATIO["chart"], "only ratios (OR, HR, RR, ES) can be in a chart"),
    ],
)
def test_each_mistake_is_one_problem_on_the_line_of_its_field(record, field, value, says):
    problems, text = problems_of({**record, field: value})
    [problem] = problems
    written_id = value if field == "id" else record["id"]
    assert problem.problem.startswith(f"record '{written_id}': ")
    assert says in problem.problem
    below = isinstance(value, dict)  # a mapping's value starts on the line below its key
    assert problem.line == line_of(text, f"{field}:") + below
    assert "\n" not in str(problem)


@pytest.mark.parametrize(
    ("chart", "field", "says"),
    [
        ({"part": 0}, "part", "chart: part must be a whole number, got 0"),
        ({"direction": "up"}, "direction", "chart: direction must be harm or survival"),
        ({"label": " "}, "label", "chart: 'label' must be text"),
        ({"colour": "red"}, "colour", "chart: 'colour' is not a known field"),
    ],
)
def test_a_chart_mistake_names_the_line_of_the_chart_field(chart, field, says):
    problems, text = problems_of({**RATIO, "chart": {**RATIO["chart"], **chart}})
    [problem] = problems
    assert says in problem.problem
    assert problem.line == line_of(text, f"{field}:", line_of(text, "chart:"))


def test_every_missing_field_is_said_at_once_on_the_record_line():
    problems, text = problems_of(
        COUNT, {"id": "doe2020-broken", "cite": "doe2020", "chart": {"part": 1}}
    )
    start = line_of(text, "id: doe2020-broken")
    missing = [p.problem.split("'")[3] for p in problems if "is missing" in p.problem]
    assert missing == ["measure", "value", "about", "population", "design", "location", "checked"]
    assert {p.line for p in problems if "is missing" in p.problem} == {start}
    assert any(p.fix.startswith("Add 'checked:' to the record as YYYY-MM-DD") for p in problems)


def test_a_wrong_measure_is_said_once_not_again_through_value_ci_percent_or_chart():
    problems, _ = problems_of({**RATIO, "measure": "XX", "ci": [9, 10], "percent": 1})
    assert [p.problem for p in problems] == [
        "record 'doe2020-ties': measure must be one of OR, HR, RR, ES, g, percent, count, "
        "years, got 'XX'"
    ]


def test_a_record_that_is_not_a_mapping_is_named_by_its_position():
    problems, _ = problems_of(RATIO, "just text")
    [problem] = problems
    assert problem.problem.startswith("record 2: must be a mapping of fields")
