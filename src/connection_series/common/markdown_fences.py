"""Fenced code as pymdownx.superfences finds it: a fence (three or more backticks or tildes)
opens at any indentation, also in a quote, when what follows it is a language, {attributes}
or known options; the same fence at the same indentation closes it. A fence never closed, or
whose lines are less indented than it, is no fence: its lines are text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pymdownx.superfences import RE_HL_LINES, RE_LINENUMS, RE_NESTED_FENCE_START, RE_OPTIONS

FENCE_PREFIX = " >"  # what may stand before a fence (tabs are expanded before)
FENCE_OPTIONS = {
    "hl_lines": RE_HL_LINES,
    "linenums": RE_LINENUMS,
    "title": None,
    "title_mode": None,
}


@dataclass(frozen=True)
class Fence:
    first: int  # line numbers: the opening line, and the line after the closing one
    after: int
    prefix: str  # the indentation (and quote marks) of the opening line


@dataclass
class _Open:
    first: int
    prefix: str
    end: re.Pattern
    quotes: int
    empty_lines: int = 0


def fences(lines: list[str]) -> list[Fence]:
    """Every fenced block of the lines (tabs expanded)."""
    found, opened = [], None
    for number, line in enumerate(lines):
        if opened is None:
            width = len(line) - len(line.lstrip(FENCE_PREFIX))
            match = RE_NESTED_FENCE_START.match(line, width)
            if match and _valid_header(match):
                end = re.compile(re.escape(match["fence"]) + r"[ \t]*$")
                opened = _Open(number, line[:width], end, line[:width].count(">"))
            continue
        width = 0
        while width < min(len(line), len(opened.prefix)) and line[width] in FENCE_PREFIX:
            width += 1
        prefix, content = line[:width], line[width:]
        verdict = _fence_line(opened, prefix, content)
        if verdict == "close":
            found.append(Fence(opened.first, number + 1, opened.prefix))
        if verdict != "content":
            opened = None
    return found


def _valid_header(match: re.Match) -> bool:
    """superfences' check of what follows the fence: a language, {attributes} or known options."""
    if match["unrecognized"]:
        return False
    if match["attrs"] or not match["options"]:
        return True
    for option in RE_OPTIONS.finditer(match["options"]):
        key, value = option["key"], option["value"]
        if key not in FENCE_OPTIONS:
            return False
        check = FENCE_OPTIONS[key]
        if check is not None and not check.match(value if value is not None else key):
            return False
    return True


def _fence_line(opened: _Open, prefix: str, content: str) -> str:
    """'content', 'close' or 'abandon' (the opening line was not a fence after all)."""
    quotes = prefix.count(">")
    if opened.quotes:
        if quotes > opened.quotes:
            return "abandon"
        if content == "":
            opened.empty_lines += 1
            return "content"
        if len(prefix) < len(opened.prefix) or (opened.empty_lines and quotes < opened.quotes):
            return "abandon"
        if opened.end.match(content):
            return "close"
        opened.empty_lines = 0
        return "content"
    if quotes:
        return "abandon"
    if not (prefix + content).strip():
        return "content"
    if len(prefix) != len(opened.prefix) and content:
        return "abandon"
    if opened.end.match(content) and not content.startswith((" ", "\t")):
        return "close"
    return "content"
