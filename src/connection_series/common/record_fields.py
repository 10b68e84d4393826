"""A YAML record checked declaratively: a table of its fields, each with its rule, one loop.

A rule takes the field's value (None when it is absent), the fields read before it and the
field's name, and returns the value to keep or raises `Invalid`. A field whose rule compares
it with others (`needs`) is only judged when those read well, so one mistake is said once.
Every problem is returned with the path of the field it is about, for its line; none stops
the others, so a contributor sees them all at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

Where = tuple[str, ...]  # a field's path inside the record: ("chart", "part")
Issue = tuple[Where, str, str]  # where, what is wrong, the fix
Rule = Callable[[object, Mapping[str, object], str], object]


class Invalid(ValueError):
    """What is wrong with a value and how to fix it (None: the table's general fix); or the
    issues of a nested record."""

    def __init__(self, problem: str = "", fix: str | None = None, issues: Iterable[Issue] = ()):
        super().__init__(problem)
        self.problem, self.fix, self.issues = problem, fix, list(issues)


@dataclass(frozen=True)
class Field:
    name: str
    rule: Rule
    required: bool = False
    needs: tuple[str, ...] = ()  # fields the rule compares with, read before this one
    missing: str = ""  # what the field holds, said when a required field is missing
    written: str = ""  # how to write it, said then too: " as YYYY-MM-DD"


@dataclass(frozen=True)
class Table:
    fields: tuple[Field, ...]
    fix: str  # the fix said when a rule names none
    not_a_mapping: str  # the problem when the record is not a mapping of fields
    prefix: str = ""  # said before each problem: "chart: " for a nested record
    place: str = "the record"  # "Add 'year:' to the record"

    @property
    def names(self) -> list[str]:
        return [field.name for field in self.fields]


def read_fields(raw: object, table: Table) -> tuple[dict[str, object], list[Issue]]:
    """The values the rules kept, and every issue of the record (none: it is valid)."""
    if not isinstance(raw, dict):
        return {}, [((), table.prefix + table.not_a_mapping, table.fix)]
    issues: list[Issue] = []
    for name in raw:
        if name not in table.names:
            near = difflib.get_close_matches(str(name), table.names, n=1, cutoff=0.5)
            hint = f"Did you mean '{near[0]}'? " if near else ""
            problem = f"{table.prefix}'{name}' is not a known field"
            issues.append(((str(name),), problem, hint + table.fix))
    read: dict[str, object] = {}
    for field in table.fields:
        value = raw.get(field.name)
        if field.required and (value is None or value == ""):
            what = f": {field.missing}" if field.missing else ""
            issues.append(
                (
                    (field.name,) if field.name in raw else (),  # written empty: its line
                    f"{table.prefix}field '{field.name}' is missing{what}",
                    f"Add '{field.name}:' to {table.place}{field.written}",
                )
            )
            continue
        if any(need not in read for need in field.needs):
            continue  # what it is compared with is wrong, and said so
        try:
            read[field.name] = field.rule(value, read, field.name)
        except Invalid as invalid:
            found = invalid.issues or [((), table.prefix + invalid.problem, invalid.fix)]
            issues += [((field.name, *at), what, fix or table.fix) for at, what, fix in found]
    return read, issues
