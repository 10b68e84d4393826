"""Read and check docs/data/planner.yml, the words and shape of the weekly planner.

Hand-written checks rather than a schema library: the file is small, and each problem must
become one plain sentence naming the field and its line (contributor_errors.report), which
generic validators do not phrase for people who never wrote Python.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path

from connection_series.boundary.contributor_yaml import YamlMistake, is_date, read_yaml
from connection_series.boundary.files import LINKED, through_link
from connection_series.common.errors import Problem
from connection_series.common.yaml_lines import Path as FieldPath
from connection_series.common.yaml_lines import dotted, nearest_line

FIX = "Correct it in the data file; the notes at its top list every field"
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
LABELS = [
    "print",
    "clear_entries",
    "clear_confirm",
    "cleared",
    "calendar",
    "calendar_file",
    "calendar_event",
    "calendar_ready",
    "calendar_empty",
    "saved",
    "download_heading",
    "download_a4",
    "download_letter",
    "site",
    "version",
]
IDENTIFIER = re.compile(r"^[a-z][a-z0-9-]*$")

Rule = Callable[["Checker", object, FieldPath], None]


class Checker:
    """Collects every problem of the file, each with the line of the field it is about."""

    def __init__(self, lines: dict[FieldPath, int]):
        self.lines = lines
        self.problems: list[tuple[int | None, str]] = []

    def problem(self, path: FieldPath, what: str) -> None:
        subject = f"field '{dotted(path)}'" if path else "the file"
        self.problems.append((nearest_line(self.lines, path), f"{subject} {what}"))


def shown(value: object) -> str:
    return "nothing" if value is None else repr(value)


def text(checker: Checker, value: object, path: FieldPath) -> None:
    if not isinstance(value, str) or not value.strip():
        checker.problem(path, f"must be some text, not {shown(value)}")


def identifier(checker: Checker, value: object, path: FieldPath) -> None:
    if not isinstance(value, str) or not IDENTIFIER.match(value):
        checker.problem(path, f"must be lower-case letters, digits and dashes, not {shown(value)}")


def date(checker: Checker, value: object, path: FieldPath) -> None:
    if not is_date(value):
        checker.problem(path, f"must be a date written YYYY-MM-DD, not {shown(value)}")


def boolean(checker: Checker, value: object, path: FieldPath) -> None:
    if not isinstance(value, bool):
        checker.problem(path, f"must be true or false, not {shown(value)}")


def whole(low: int, high: int) -> Rule:
    def rule(checker: Checker, value: object, path: FieldPath) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            checker.problem(
                path, f"must be a whole number from {low} to {high}, not {shown(value)}"
            )

    return rule


def choice(*options: str) -> Rule:
    def rule(checker: Checker, value: object, path: FieldPath) -> None:
        if value not in options:
            checker.problem(path, f"must be one of {', '.join(options)}, not {shown(value)}")

    return rule


def items(rule: Rule, low: int, high: int) -> Rule:
    def check(checker: Checker, value: object, path: FieldPath) -> None:
        if not isinstance(value, list) or not low <= len(value) <= high:
            count = f"{low}" if low == high else f"{low} to {high}"
            checker.problem(path, f"must be a list of {count} entries")
            return
        for index, item in enumerate(value):
            rule(checker, item, (*path, index))

    return check


def fields(required: dict[str, Rule], optional: dict[str, Rule] | None = None) -> Rule:
    """A mapping with these fields; a misspelt field is named once, with the likely fix."""
    optional = optional or {}

    def check(checker: Checker, value: object, path: FieldPath) -> None:
        if not isinstance(value, dict):
            checker.problem(path, "must be a group of fields (name: value lines)")
            return
        known = {**required, **optional}
        missing = [name for name in required if name not in value]
        for name in value:
            if name in known:
                known[name](checker, value[name], (*path, name))
                continue
            guess = difflib.get_close_matches(str(name), missing or list(known), n=1)
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            checker.problem((*path, str(name)), f"is not a field the planner knows{hint}")
            if guess and guess[0] in missing:
                missing.remove(guess[0])
        for name in missing:
            checker.problem((*path, name), "is missing")

    return check


COLUMN = fields(
    {
        "id": identifier,
        "label": text,
        "size": choice("small", "medium", "large"),
        "type": choice("text", "day", "time", "check"),
    }
)
GROUP = fields({"id": identifier, "label": text, "lines": whole(1, 4)})
SECTION_BASE = {
    "id": identifier,
    "kind": choice("table", "days", "lines"),
    "heading": text,
    "prompt": text,
}
SECTION_KINDS = {
    "table": fields(
        {**SECTION_BASE, "row_label": text, "columns": items(COLUMN, 1, 6), "rows": whole(1, 5)},
        {"calendar": boolean},
    ),
    "days": fields({**SECTION_BASE, "check_label": text}),
    "lines": fields({**SECTION_BASE, "groups": items(GROUP, 1, 3)}),
}


def section(checker: Checker, value: object, path: FieldPath) -> None:
    kind = value.get("kind") if isinstance(value, dict) else None
    if kind in SECTION_KINDS:
        SECTION_KINDS[kind](checker, value, path)
    else:
        fields(SECTION_BASE)(checker, value, path)


PLANNER = fields(
    {
        "version": date,
        "title": text,
        "week_of": text,
        "days": items(fields({"name": text, "short": text, "ical": choice(*WEEKDAYS)}), 7, 7),
        "labels": fields(dict.fromkeys(LABELS, text)),
        "sections": items(section, 1, 8),
    }
)


def check_consistency(checker: Checker, data: dict) -> None:
    """What the field rules cannot see: order of the days, unique ids, the calendar table."""
    codes = [day.get("ical") for day in data["days"]]
    if codes != WEEKDAYS:
        checker.problem(
            ("days",), f"must list the days Monday first, with ical {', '.join(WEEKDAYS)}"
        )
    ids: set[str] = set()
    calendars = 0
    for index, part in enumerate(data["sections"]):
        if part["id"] in ids:
            checker.problem(("sections", index, "id"), f"repeats the id {part['id']!r}")
        ids.add(part["id"])
        for key in ("columns", "groups"):
            inner = [item["id"] for item in part.get(key, [])]
            for position, name in enumerate(inner):
                if name in inner[:position]:
                    checker.problem(("sections", index, key, position, "id"), f"repeats {name!r}")
        if part.get("calendar"):
            calendars += 1
            types = [column["type"] for column in part["columns"]]
            if types.count("day") != 1 or types.count("time") != 1:
                checker.problem(
                    ("sections", index, "columns"),
                    "needs one column of type day and one of type time for the calendar",
                )
    if calendars > 1:
        checker.problem(("sections",), "may mark only one table with calendar: true")


def read_planner(path: Path, shown_path: str) -> tuple[dict | None, list[Problem]]:
    """The checked planner data (None if it has problems) and every problem, with its line."""
    if through_link(path):
        return None, [Problem(shown_path, None, LINKED, "Replace the link with the file itself")]
    try:
        text_ = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(shown_path, None, "the file is not UTF-8 text", "Save it as UTF-8")]
    try:
        read = read_yaml(text_)
    except YamlMistake as mistake:
        return None, [Problem(shown_path, mistake.line, mistake.said_of(), mistake.fix)]
    data = read.data
    checker = Checker(read.lines)
    PLANNER(checker, data, ())
    if not checker.problems:
        check_consistency(checker, data)
    problems = [Problem(shown_path, line, problem, FIX) for line, problem in checker.problems]
    return (None if problems else data), problems
