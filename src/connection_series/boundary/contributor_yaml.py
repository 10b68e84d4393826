"""Contributor YAML (front matter, docs/data/*.yml): read safely, and every mistake said on
the line where it starts, with advice that matches it.

PyYAML's safe loader still expands aliases: 430 bytes of nested `&a [*b, *b, ...]` ask for
billions of values once anything walks them ("billion laughs"). So the file is first read as
a stream of parser events (linear in its size) and refused at the first anchor (`&name`),
alias (`*name`) or tag other than YAML's own plain ones (`!ENV`, `!!python/...`), before
anything is built from it. Then it is composed and built with libyaml's speed, where
PyYAML has it. Also refused: a field written twice in one mapping (PyYAML keeps the last
without a word), a key that is not plain text, and a number that is not finite (`.inf`,
`.nan`). A date YAML reads but the calendar lacks (`2026-02-30`) stays text, so the field's
own rule says it is not a real date, on its line.

Lines: PyYAML marks where it noticed a mistake (`problem_mark`) and, for what was left open,
where that starts (`context_mark`). An unclosed quote is noticed where the file ends, so for
what opens (a quote, a bracket, a block scalar, a key) the start is the line to name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from connection_series.common.yaml_lines import Path as FieldPath

FAST = hasattr(yaml, "CSafeLoader")
_BASE = yaml.CSafeLoader if FAST else yaml.SafeLoader
# The tags a contributor may write explicitly: YAML's own, for plain values.
PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)
TIMESTAMP = "tag:yaml.org,2002:timestamp"
# PyYAML's wording of what it found open, where the opening is the place to fix.
OPENED = (
    "while scanning a quoted scalar",
    "while scanning a double-quoted scalar",
    "while scanning a single-quoted scalar",
    "while scanning a block scalar",
    "while parsing a flow",
    "while scanning a simple key",
    "while scanning a plain scalar",
)


SYNTAX = "not valid YAML"


class YamlMistake(ValueError):
    """One mistake in a contributor's YAML; `line` is 1-based in the file it came from."""

    def __init__(self, line: int | None, problem: str, fix: str, *, unsafe: bool = False):
        super().__init__(problem)
        self.line, self.problem, self.fix = line, problem, fix
        # An anchor, alias or tag: no other YAML reader (an engine's) may read the text.
        self.unsafe = unsafe

    def said_of(self, subject: str | None = None) -> str:
        """The problem as a sentence about `subject` ("front matter"; None: the file)."""
        if self.problem.startswith(SYNTAX):
            return f"{subject or 'the file'} is {self.problem}"
        return f"{subject}: {self.problem}" if subject else self.problem


@dataclass(frozen=True)
class Read:
    data: object
    lines: dict[FieldPath, int]  # path of keys and indexes -> 1-based line in the file


class _Loader(_BASE):
    """Safe types, with impossible dates kept as text."""


class _DatesAsTextLoader(_BASE):
    """Safe types, every date kept as text (front matter: the rules name bad dates)."""


def _timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:  # 2026-02-30: YAML's shape, not a day of the calendar
        return loader.construct_scalar(node)


_Loader.add_constructor(TIMESTAMP, _timestamp)
_DatesAsTextLoader.add_constructor(TIMESTAMP, lambda loader, node: loader.construct_scalar(node))


def read_yaml(text: str, first_line: int = 1, *, dates_as_text: bool = False) -> Read:
    """The data and the line of each value; raises YamlMistake (lines counted from
    `first_line`: front matter starts on the file's second line)."""
    offset = first_line - 1
    loader_class = _DatesAsTextLoader if dates_as_text else _Loader
    try:
        _refuse_anchors_aliases_and_tags(text, offset)
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return Read(None, {})
            lines: dict[FieldPath, int] = {}
            _walk(node, (), lines, offset)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        raise _open_quote(text, offset) or mistake_of(_precise(text, error), offset) from None
    return Read(data, lines)


def _open_quote(text: str, offset: int) -> YamlMistake | None:
    """A quote left open is closed by the next quote mark, often lines later (reviewer: ""),
    and the error comes after that: a quoted value that runs over several lines before an
    error is the mistake, on the line where it opens."""
    spanning = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            quoted = isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
            if quoted and token.end_mark.line > token.start_mark.line:
                spanning = token
    except yaml.YAMLError:
        pass
    if spanning is None:
        return None
    closed = spanning.end_mark.line + 1 + offset
    return YamlMistake(
        spanning.start_mark.line + 1 + offset,
        f"{SYNTAX}: the quote opened on this line is not closed on it (the next quote "
        f"mark, on line {closed}, closes it)",
        'End the text with the same quote mark on this line; inside "..." write \\" for '
        "a quote, inside '...' write ''",
    )


def _precise(text: str, error: yaml.YAMLError) -> yaml.YAMLError:
    """PyYAML's own error for the text: its wording is more precise than libyaml's (it names
    the sign it found), and its marks are the same."""
    if not FAST:
        return error
    try:
        for _ in yaml.parse(text, Loader=yaml.SafeLoader):
            pass
    except yaml.YAMLError as precise:
        return precise
    return error


def _refuse_anchors_aliases_and_tags(text: str, offset: int) -> None:
    for event in yaml.parse(text, Loader=_BASE):
        line = event.start_mark.line + 1 + offset
        if isinstance(event, yaml.AliasEvent):
            raise YamlMistake(
                line,
                f"an alias (*{event.anchor}): contributor YAML takes no anchors or aliases",
                "Write the value out in full where it is needed",
                unsafe=True,
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlMistake(
                line,
                f"an anchor (&{anchor}): contributor YAML takes no anchors or aliases",
                "Remove the &name and write each value out in full",
                unsafe=True,
            )
        tag = getattr(event, "tag", None)  # None unless the file writes one
        if tag is not None and tag not in PLAIN_TAGS and tag != "!":
            raise YamlMistake(
                line,
                f"the tag {tag}: contributor YAML takes plain values only",
                "Remove the tag (a word starting with '!') and write the value itself",
                unsafe=True,
            )


def _walk(node: yaml.Node, path: FieldPath, lines: dict[FieldPath, int], offset: int) -> None:
    line = node.start_mark.line + 1 + offset
    lines[path] = line
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            key_line = key.start_mark.line + 1 + offset
            if not isinstance(key, yaml.ScalarNode):
                raise YamlMistake(
                    key_line, "a key that is a list or a mapping", "Write the key as plain text"
                )
            if key.value in seen:
                raise YamlMistake(
                    key_line,
                    f"the field '{key.value}' is written twice (first on line {seen[key.value]})",
                    "Keep one of the two",
                )
            seen[key.value] = key_line
            _walk(value, (*path, str(key.value)), lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, offset)
    elif node.tag == "tag:yaml.org,2002:float" and not _finite(node.value):
        raise YamlMistake(
            line,
            f"'{node.value}' is not a number the site can show",
            "Write the number itself, as the source gives it",
        )


def _finite(text: str) -> bool:
    """False for YAML's infinities and not-a-number (.inf, -.Inf, .NaN...)."""
    return text.lower().lstrip("+-") not in (".inf", ".nan")


def mistake_of(error: yaml.YAMLError, offset: int = 0) -> YamlMistake:
    """PyYAML's error as one mistake: the line where it starts, and advice for it."""
    context = getattr(error, "context", None) or ""
    problem = getattr(error, "problem", None) or ""
    mark = getattr(error, "problem_mark", None)
    opened = context.startswith(OPENED) and "escape" not in problem
    if opened and getattr(error, "context_mark", None) is not None:
        mark = error.context_mark
    line = mark.line + 1 + offset if mark is not None else None
    words, fix = _advice(context, problem)
    return YamlMistake(line, f"{SYNTAX}: {words}", fix)


def _advice(context: str, problem: str) -> tuple[str, str]:
    if "quoted scalar" in context:
        if "escape" in problem:
            return (
                f"{problem} in the text in double quotes",
                "Inside \"...\" a backslash starts an escape: write \\\\ for one, or use '...'",
            )
        return (
            "the quote opened on this line is never closed",
            'End the text with the same quote mark; inside "..." write \\" for a quote, '
            "inside '...' write ''",
        )
    if context.startswith("while parsing a flow"):
        return (
            "the '[' or '{' opened on this line is never closed",
            "Close it on the same line, or put text holding [ ] { } , in quotes",
        )
    if context.startswith("while scanning a block scalar"):
        return ("the block of text (| or >) starting here is not well formed", "Indent its lines")
    if "mapping values are not allowed" in problem:
        return (
            "a ': ' inside a value, or a line indented more than the field above it",
            "Put text holding ': ' in quotes (title: \"Part 3: Friends\"), or line the field "
            "up with the ones above it",
        )
    if "could not find expected ':'" in problem or context.startswith("while scanning a simple"):
        return (
            "this line is not 'key: value'",
            "Write 'key: value', or put the text in quotes if it continues the line above",
        )
    if "'\\t'" in problem or "\\t" in problem:
        return ("a tab character", "Indent with spaces, not tabs")
    if "expected <block end>" in problem or "expected <block" in problem:
        return (
            "this line is indented differently from the fields around it",
            "Line it up with the fields above it (spaces only)",
        )
    if "cannot start any token" in problem:
        found = re.search(r"found character '(.*?)'", problem)
        sign = found[1] if found else "this sign"
        return (
            f"a value starts with {sign!r}, which YAML keeps for itself",
            "Put the text in quotes",
        )
    if "did not find expected" in problem or "expected" in problem:
        return (problem, "Check the line's indentation and its ':' (one 'key: value' per line)")
    return (
        problem or "the text cannot be read",
        "Fix the YAML: 'key: value' per line; put text holding ': ' or '#' in quotes",
    )


def is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
