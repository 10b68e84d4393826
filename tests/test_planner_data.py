"""docs/data/planner.yml is checked at build time: each problem is one line naming the field.
The strict build's own lines: test_planner_data_site.py."""

from __future__ import annotations

import pytest
from support.site_helpers import REPO

from connection_series.planner.data import FIX, read_planner

pytestmark = pytest.mark.unit

DATA = (REPO / "docs/data/planner.yml").read_text(encoding="utf-8")
SHOWN = "docs/data/planner.yml"


def line_number(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def problems(tmp_path, caplog, text: str) -> list[str]:
    path = tmp_path / "planner.yml"
    path.write_text(text, encoding="utf-8")
    data, found = read_planner(path, SHOWN)
    messages = [str(problem) for problem in found]
    assert (data is None) == bool(messages)
    return messages


def test_the_real_data_file_is_valid(tmp_path, caplog):
    assert problems(tmp_path, caplog, DATA) == []


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "    rows: 3\n",
            "    rows: three\n",
            "field 'sections[1].rows' must be a whole number from 1 to 5, not 'three'",
        ),
        (
            "version: 2026-11-26",
            "version: 26/11/2026",
            "field 'version' must be a date written YYYY-MM-DD, not '26/11/2026'",
        ),
        (
            "    heading: Daily touch check\n",
            "    haeding: Daily touch check\n",
            "field 'sections[3].haeding' is not a field the planner knows "
            "(did you mean 'heading'?)",
        ),
        (
            "size: small, type: check",
            "size: tiny, type: check",
            "field 'sections[2].columns[5].size' must be one of small, medium, large, not 'tiny'",
        ),
        (
            '  - {id: community, label: "Community: clubs, groups, associations", lines: 2}',
            "  - {id: community, lines: 2}",
            "field 'sections[5].groups[3].label' is missing",
        ),
        ("  print: Print my planner\n", "", "field 'labels.print' is missing"),
        (
            "  - {name: Sunday, short: Sun, ical: SU}\n",
            "",
            "field 'days' must be a list of 7 entries",
        ),
        (
            "  - id: meals\n    kind: days\n    heading: Shared meals",
            "  - id: touch\n    kind: days\n    heading: Shared meals",
            "field 'sections[4].id' repeats the id 'touch'",
        ),
    ],
)
def test_each_problem_is_one_line_with_file_line_field_and_fix(tmp_path, caplog, old, new, problem):
    assert old in DATA
    text = DATA.replace(old, new, 1)
    line = line_number(text, new) if new else line_number(DATA, old) - 1
    messages = problems(tmp_path, caplog, text)
    assert len(messages) == 1, messages
    [message] = messages
    assert message.startswith(f"{SHOWN}:"), message
    assert problem in message
    assert message.endswith(f". {FIX}")
    assert "\n" not in message
    if new:  # a changed value: the line of that value; a removed one: near its parent
        assert message.startswith(f"{SHOWN}:{line}: "), message


def test_every_problem_of_the_file_is_reported_at_once(tmp_path, caplog):
    text = DATA.replace("    rows: 3\n", "    rows: 9\n", 1).replace(
        "title: My week", "titel: My week"
    )
    messages = problems(tmp_path, caplog, text)
    assert len(messages) == 2, messages
    assert any("'sections[1].rows'" in message for message in messages)
    assert any(
        "'titel' is not a field the planner knows (did you mean 'title'?)" in m for m in messages
    )


def test_broken_yaml_names_the_line(tmp_path, caplog):
    text = DATA.replace("title: My week of connection", "title: [My week of connection", 1)
    [message] = problems(tmp_path, caplog, text)
    assert message.startswith(f"{SHOWN}:")
    assert "is not valid YAML" in message
