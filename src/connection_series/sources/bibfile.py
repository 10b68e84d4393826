"""The entries of references.bib that carry a DOI, with what the check compares and where.

Read with the one reader of the file (citations.bib_reader), so a finding names the line the
build would name. A file the reader cannot read raises its `Unreadable` (one line for the
command to print); the citations check reports the rest of the file's shape (required
fields, DOI form).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from connection_series.citations.bib_reader import read_entries
from connection_series.citations.bibtex_text import decode_latex
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
    sources = []
    for entry in read_entries(path.read_text(encoding="utf-8")):
        if not entry.doi:
            continue
        persons = entry.persons.get("author", [])
        fields = {name.lower(): entry.text(name) for name in entry.fields}
        sources.append(
            Source(
                key=entry.key,
                type=entry.type,
                doi=entry.doi,
                title=entry.text("title"),
                first_author=_family_names(persons[0]) if persons else (),
                year=entry.text("year"),
                reviewed=tuple(reviewed_notices(fields)),
                lines={"entry": entry.line, **entry.field_lines},
            )
        )
    return sources


def _family_names(person) -> tuple[str, ...]:
    last = _decode(" ".join(person.last_names))
    with_particle = _decode(" ".join(person.prelast_names + person.last_names))
    return tuple(dict.fromkeys(name for name in (with_particle, last) if name))


def _decode(value: str) -> str:
    return decode_latex(value).strip()
