"""The entries of references.bib that carry a DOI, with what the check compares and where.

Parsed with pybtex, as the citations code does; line numbers come from our own scan of the
text, because pybtex keeps none. The citations code checks the file's shape (duplicate keys,
required fields, DOI form); here a file it would reject is simply read as far as pybtex can.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from connection_series.citations.bibtex_text import ENTRY_START, NOT_ENTRIES, decode_latex
from connection_series.sources.notices import ReviewedNotice, reviewed_notices


@dataclass(frozen=True)
class Source:
    key: str
    type: str  # BibTeX type: article, book, misc
    doi: str
    title: str  # LaTeX decoded
    first_author: tuple[str, ...]  # family name, with and without particle: "van den Heuvel"
    year: str
    reviewed: tuple[ReviewedNotice, ...]
    lines: dict[str, int]  # "entry" and each field name -> 1-based line

    def line(self, field: str = "entry") -> int:
        return self.lines.get(field, self.lines["entry"])


def read_sources(path: Path) -> list[Source]:
    """Every entry with a `doi` field, in file order."""
    from pybtex.database import parse_string

    text = path.read_text(encoding="utf-8")
    entries = parse_string(text, "bibtex").entries
    starts = entry_lines(text)
    sources = []
    for key, entry in entries.items():
        doi = entry.fields.get("doi", "").strip()
        if not doi:
            continue
        persons = entry.persons.get("author", [])
        first = _family_names(persons[0]) if persons else ()
        entry_line = starts.get(key, 1)
        fields = {name.lower(): _decode(value) for name, value in entry.fields.items()}
        sources.append(
            Source(
                key=key,
                type=entry.type,
                doi=doi,
                title=fields.get("title", ""),
                first_author=first,
                year=fields.get("year", "").strip(),
                reviewed=tuple(reviewed_notices(fields)),
                lines={"entry": entry_line, **field_lines(text, entry_line)},
            )
        )
    return sources


def entry_lines(text: str) -> dict[str, int]:
    """Key -> line of its `@type{key,`. The first wins when a key repeats (the citations
    code reports the duplicate)."""
    lines: dict[str, int] = {}
    for match in ENTRY_START.finditer(text):
        if match["type"].lower() not in NOT_ENTRIES and match["key"]:
            lines.setdefault(match["key"], text.count("\n", 0, match.start()) + 1)
    return lines


def field_lines(text: str, entry_line: int) -> dict[str, int]:
    """Field name (lower case) -> line, for the entry starting on `entry_line`: fields start a
    line with `name =`; the entry ends at the next `@`."""
    found: dict[str, int] = {}
    rows = text.split("\n")
    for number in range(entry_line, len(rows)):
        row = rows[number]
        if row.lstrip().startswith("@"):
            break
        match = re.match(r"\s*(\w+)\s*=", row)
        if match:
            found.setdefault(match[1].lower(), number + 1)
    return found


def _family_names(person) -> tuple[str, ...]:
    last = _decode(" ".join(person.last_names))
    with_particle = _decode(" ".join(person.prelast_names + person.last_names))
    return tuple(dict.fromkeys(name for name in (with_particle, last) if name))


def _decode(value: str) -> str:
    return decode_latex(value).strip()
