"""references.bib read into entries, each with its line and the line of each of its fields.

The one reader of the file: the check and the formatter (bibliography), `make add-reference`
(where to insert, which keys and DOIs are taken) and the source watch (where a finding is)
all read it here, so they agree on what an entry is and on the line they name.

pybtex parses the file, as the formatter needs it. pybtex keeps no line numbers, and for a
key used twice or a brace never closed it names another entry's line or none; so the text is
first scanned for where entries start, and a file that cannot be read at all raises
`Unreadable` with the line of the mistake and its fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from connection_series.citations.bibtex_text import decode_latex

ENTRY_START = re.compile(
    r"^[ \t]*@[ \t]*(?P<type>\w+)[ \t]*(?P<open>[{(])[ \t]*(?P<key>[^,\s]*)", re.M
)
NOT_ENTRIES = {"comment", "preamble", "string"}
# What ends or nests a value, and a comma with the name of the field it may start.
FIELD_TOKEN = re.compile(r"[{})\"]|,(?:\s*(?P<name>[A-Za-z][\w-]*)\s*=)?")
FIELD_OR_END_LINE = re.compile(r"[ \t]*(?:[A-Za-z][\w-]*[ \t]*=|\}[ \t]*,?[ \t]*$)", re.M)


class Unreadable(Exception):
    """The file cannot be read at all: the first mistake, its line (None if unknown), the fix."""

    def __init__(self, line: int | None, problem: str, fix: str):
        super().__init__(problem)
        self.line, self.problem, self.fix = line, problem, fix


@dataclass(frozen=True)
class Entry:
    key: str  # as written
    type: str  # lower case: article, book, misc, ...
    line: int  # of `@type{key,`
    offset: int  # where that line starts in the text
    field_lines: Mapping[str, int]  # field name, lower case -> the line of its `name =`
    parsed: object = field(repr=False, compare=False)  # pybtex's Entry: fields and persons

    @property
    def fields(self) -> Mapping[str, str]:
        """The fields as written (LaTeX), by name in any case."""
        return self.parsed.fields

    @property
    def persons(self) -> Mapping[str, list]:
        return self.parsed.persons

    @property
    def doi(self) -> str:
        """The DOI as written, bare ("" without one)."""
        return self.fields.get("doi", "").strip()

    def text(self, name: str) -> str:
        return field_text(self.parsed, name)

    def field_line(self, name: str) -> int:
        """The line where the field is written, or the entry's line if it has no such field."""
        return self.field_lines.get(name.lower(), self.line)


def read_entries(text: str) -> list[Entry]:
    """Every entry of the file, in file order; raises Unreadable."""
    starts = _entry_starts(text)
    parsed = _parse(text)
    by_key = {start.key.lower(): start for start in starts}
    entries = []
    for key, entry in parsed.items():
        start = by_key.get(key.lower()) or _Start(key, *_line_and_offset(text, key), {})
        entries.append(Entry(key, entry.type, start.line, start.offset, start.field_lines, entry))
    return entries


def field_text(entry, name: str) -> str:
    """A field of a pybtex entry as plain text: LaTeX decoded, braces removed, stripped."""
    value = entry.fields.get(name, "")
    return decode_latex(value).strip() if value else ""


@dataclass(frozen=True)
class _Start:
    key: str
    line: int
    offset: int
    field_lines: dict[str, int]


def _entry_starts(text: str) -> list[_Start]:
    """Where each entry starts, with its fields' lines. A missing key, a key used twice or an
    unclosed brace raises Unreadable with the line where the mistake is."""
    matches = list(ENTRY_START.finditer(text))
    # Where the next entry starts: an entry that does not close ends there (a comment
    # between two entries belongs to the first).
    ends, following = [len(text)] * len(matches), len(text)
    for index in reversed(range(len(matches))):
        ends[index] = following
        if matches[index]["type"].lower() not in NOT_ENTRIES:
            following = matches[index].start()
    starts: list[_Start] = []
    first_line: dict[str, int] = {}  # key, lower case -> line
    line, counted = 1, 0
    for index, match in enumerate(matches):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if match["type"].lower() in NOT_ENTRIES:
            continue
        key = match["key"]
        if not key:
            raise Unreadable(line, "malformed BibTeX: an entry without a key", "Add a key")
        if key.lower() in first_line:
            raise Unreadable(
                line,
                f"duplicate key '{key}' (first defined on line {first_line[key.lower()]})",
                "Give one of the two entries another key, or delete the copy",
            )
        if (unclosed := _unclosed_brace(text, match.start(), ends[index])) is not None:
            raise Unreadable(
                line + text.count("\n", match.start(), unclosed),
                f"malformed BibTeX: entry '{key}' has a '{{' that is never closed",
                "Add the missing '}' on this line, or remove the extra '{'",
            )
        fields = _field_lines(text, match, ends[index], line)
        first_line[key.lower()] = line
        starts.append(_Start(key, line, text.rfind("\n", 0, match.start()) + 1, fields))
    return starts


def _field_lines(text: str, start: re.Match, end: int, line: int) -> dict[str, int]:
    """Field name (lower case) -> line where `name =` is written, for the entry whose key ends
    at `start.end()`: a name after a comma outside every value (braces counted, quotes at the
    entry's own level), up to where the entry closes or, if it does not, `end`."""
    found: dict[str, int] = {}
    depth, quoted, counted = 1, False, start.end()
    for token in FIELD_TOKEN.finditer(text, start.end(), end):
        char = token[0][0]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                break
        elif char == ")" and depth == 1 and not quoted and start["open"] == "(":
            break
        elif char == '"' and depth == 1:
            quoted = not quoted
        elif char == "," and depth == 1 and not quoted and token["name"]:
            line += text.count("\n", counted, token.start("name"))
            counted = token.start("name")
            found.setdefault(token["name"].lower(), line)
    return found


def _line_and_offset(text: str, key: str) -> tuple[int, int]:
    """For an entry that does not start its line (pybtex reads it, our scan does not)."""
    match = re.search(rf"@[ \t]*\w+[ \t]*[{{(][ \t]*{re.escape(key)}[ \t]*,", text, re.I)
    offset = text.rfind("\n", 0, match.start()) + 1 if match else 0
    return text.count("\n", 0, offset) + 1, offset


def _unclosed_brace(text: str, start: int, end: int) -> int | None:
    """Offset of the '{' that is never closed in an entry, or None if it is balanced.

    Where the entry ends, the brace still open is usually the entry's own: the '}' meant for
    it closed the field that lacked one. So the field is found instead: the brace that is
    still open inside a field value when a line starts a new field (`name =`) or closes the
    entry (a lone '}'). Values may span lines, so this is only looked for in an entry that is
    unbalanced; failing that, the innermost brace still open is named."""
    opened: list[int] = []
    suspect: int | None = None  # a field value's brace still open where a field line starts
    for offset in range(start, end):
        char = text[offset]
        if char == "\\":
            continue
        line_start = offset == start or text[offset - 1] == "\n"
        in_value = len(opened) >= 2 and suspect is None
        if line_start and in_value and FIELD_OR_END_LINE.match(text, offset):
            suspect = opened[-1]
        if char == "{" and text[offset - 1] != "\\":
            opened.append(offset)
        elif char == "}" and text[offset - 1] != "\\" and opened:
            opened.pop()
            if not opened:
                return None  # the entry closed: what follows up to the next @ is a comment
    if not opened:
        return None
    return suspect if suspect is not None else opened[-1]


def _parse(text: str):
    """pybtex's entries; a syntax error names its line."""
    from pybtex.database import parse_string
    from pybtex.scanner import PybtexError, PybtexSyntaxError

    try:
        return parse_string(text, "bibtex").entries
    except PybtexSyntaxError as error:
        problem = str(error).split(": ", 1)[-1]
        raise Unreadable(
            error.lineno,
            f"malformed BibTeX ({problem})",
            "Check the braces, commas and quotes of the entry around this line",
        ) from None
    except PybtexError as error:  # e.g. a malformed name list: "Too many commas in 'A, B, C'"
        raise Unreadable(
            _line_quoted_in(text, str(error)),
            f"malformed BibTeX ({error})",
            "Write each name as 'Family, Given' and join the names with 'and'",
        ) from None


def _line_quoted_in(text: str, message: str) -> int | None:
    """The line of the file where the text that pybtex's message quotes stands."""
    quoted = re.search(r"'(.+)'", message)
    at = text.find(quoted[1]) if quoted else -1
    return text.count("\n", 0, at) + 1 if at >= 0 else None
