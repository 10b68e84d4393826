"""docs/data/planner.yml is checked at build time: each problem is one line naming the field.
The strict build's own lines: test_planner_data_site.py.

Each mistake is planted in the real file by where it goes (the first table's rows, the first
"days" section's heading...), never by today's words, so rewording the planner or changing
its `version`, as CONTRIBUTING.md says, keeps these tests as they are."""

from __future__ import annotations

import pytest
import yaml
from support.site_helpers import REPO

from connection_series.planner.data import FIX, read_planner

pytestmark = pytest.mark.unit

DATA = (REPO / "docs/data/planner.yml").read_text(encoding="utf-8")
SHOWN = "docs/data/planner.yml"
PARSED = yaml.safe_load(DATA)


def problems(tmp_path, text: str) -> list[str]:
    path = tmp_path / "planner.yml"
    path.write_text(text, encoding="utf-8")
    data, found = read_planner(path, SHOWN)
    messages = [str(problem) for problem in found]
    assert (data is None) == bool(messages)
    return messages


# --- planting a mistake by where it goes -------------------------------------------------


def node_at(path: tuple) -> tuple[yaml.Node, yaml.Node]:
    """(key node, value node) of a mapping entry in DATA, by its path of keys and indexes."""
    node, key = yaml.compose(DATA), None
    for step in path:
        if isinstance(step, int):
            node = node.value[step]
        else:
            key, node = next((k, v) for k, v in node.value if k.value == step)
    return key, node


def replace_value(path: tuple, new: str) -> tuple[str, int]:
    """DATA with the value at `path` written as `new`, and the line of the change."""
    _, value = node_at(path)
    start, end = value.start_mark.index, value.end_mark.index
    return DATA[:start] + new + DATA[end:], value.start_mark.line + 1


def rename_key(path: tuple, new: str) -> tuple[str, int]:
    key, _ = node_at(path)
    start, end = key.start_mark.index, key.end_mark.index
    return DATA[:start] + new + DATA[end:], key.start_mark.line + 1


def remove_entry(path: tuple) -> tuple[str, None]:
    """DATA without one entry of a mapping (a line of a block mapping, or `key: value, `
    inside a flow mapping)."""
    key, value = node_at(path)
    start, end = key.start_mark.index, value.end_mark.index
    if DATA[end : end + 2] == ", ":
        return DATA[:start] + DATA[end + 2 :], None
    line_start = DATA.rindex("\n", 0, start) + 1
    return DATA[:line_start] + DATA[DATA.index("\n", end) + 1 :], None


def remove_item(path: tuple) -> tuple[str, None]:
    """DATA without one item (a line) of a block list."""
    _, item = node_at(path)
    line_start = DATA.rindex("\n", 0, item.start_mark.index) + 1
    return DATA[:line_start] + DATA[DATA.index("\n", item.end_mark.index) + 1 :], None


def first(kind: str | None = None, having: str | None = None) -> int:
    """The index of the first section of that kind, or that has that field."""
    return next(
        index
        for index, section in enumerate(PARSED["sections"])
        if (kind is None or section["kind"] == kind) and (having is None or having in section)
    )


TABLE = first(having="rows")
DAYS = first(kind="days")
LINES = first(kind="lines")
SMALL = next(
    (index, column)
    for index, section in enumerate(PARSED["sections"])
    for column, spec in enumerate(section.get("columns", []))
    if spec["size"] == "small"
)
SECOND_DAYS = [i for i, s in enumerate(PARSED["sections"]) if s["kind"] == "days"][1]
LAST_LABEL = next(reversed(PARSED["labels"]))

MISTAKES = {
    "rows": (
        lambda: replace_value(("sections", TABLE, "rows"), "three"),
        f"field 'sections[{TABLE + 1}].rows' must be a whole number from 1 to 5, not 'three'",
    ),
    "version": (
        lambda: replace_value(("version",), "26/11/2026"),
        "field 'version' must be a date written YYYY-MM-DD, not '26/11/2026'",
    ),
    "misspelt field": (
        lambda: rename_key(("sections", DAYS, "heading"), "haeding"),
        f"field 'sections[{DAYS + 1}].haeding' is not a field the planner knows "
        "(did you mean 'heading'?)",
    ),
    "size": (
        lambda: replace_value(("sections", SMALL[0], "columns", SMALL[1], "size"), "tiny"),
        f"field 'sections[{SMALL[0] + 1}].columns[{SMALL[1] + 1}].size' must be one of small, "
        "medium, large, not 'tiny'",
    ),
    "missing label": (
        lambda: remove_entry(("sections", LINES, "groups", 0, "label")),
        f"field 'sections[{LINES + 1}].groups[1].label' is missing",
    ),
    "missing button label": (
        lambda: remove_entry(("labels", LAST_LABEL)),
        f"field 'labels.{LAST_LABEL}' is missing",
    ),
    "six days": (
        lambda: remove_item(("days", 6)),
        "field 'days' must be a list of 7 entries",
    ),
    "repeated id": (
        lambda: replace_value(("sections", SECOND_DAYS, "id"), PARSED["sections"][DAYS]["id"]),
        f"field 'sections[{SECOND_DAYS + 1}].id' repeats the id '{PARSED['sections'][DAYS]['id']}'",
    ),
}


def test_the_real_data_file_is_valid(tmp_path):
    assert problems(tmp_path, DATA) == []


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_problem_is_one_line_with_file_line_field_and_fix(tmp_path, mistake):
    plant, problem = MISTAKES[mistake]
    text, line = plant()
    assert text != DATA
    messages = problems(tmp_path, text)
    assert len(messages) == 1, messages
    [message] = messages
    assert message.startswith(f"{SHOWN}:"), message
    assert problem in message
    assert message.endswith(f". {FIX}")
    assert "\n" not in message
    if line:  # a changed value: the line of that value; a removed one: near its parent
        assert message.startswith(f"{SHOWN}:{line}: "), message


def test_every_problem_of_the_file_is_reported_at_once(tmp_path):
    text, _ = replace_value(("sections", TABLE, "rows"), "9")
    key, _ = node_at(("title",))
    text = text[: key.start_mark.index] + "titel" + text[key.end_mark.index :]
    messages = problems(tmp_path, text)
    assert len(messages) == 2, messages
    assert any(f"'sections[{TABLE + 1}].rows'" in message for message in messages)
    assert any(
        "'titel' is not a field the planner knows (did you mean 'title'?)" in m for m in messages
    )


def test_broken_yaml_names_the_line(tmp_path):
    text, _ = replace_value(("title",), "[" + PARSED["title"])
    [message] = problems(tmp_path, text)
    assert message.startswith(f"{SHOWN}:")
    assert "is not valid YAML" in message
