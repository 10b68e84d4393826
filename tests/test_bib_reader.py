"""One reader of references.bib (citations.bib_reader) for the check, `make add-reference` and
the source watch: every entry and field is found on the line where it is written, and the
three name the same line, in the same one-line message, for the same mistake."""

from __future__ import annotations

import re

import pytest
from support.site_helpers import REPO

from connection_series.citations import bibliography
from connection_series.citations.bib_reader import Unreadable, read_entries
from connection_series.contributors import add_reference
from connection_series.sources import cli
from connection_series.sources.bibfile import read_sources

pytestmark = pytest.mark.unit

# Written the ways BibTeX allows and contributors write: a field on the entry's own line, a
# blank line inside an entry, a field name in capitals, two fields on one line, a value over
# two lines whose second line looks like a field, @comment and @string between entries.
TRICKY = """% references, as contributors write them
@comment{not an entry}
@article{first2001, author = {A, B.},
  title = {T},

  Year = {2001},
  journal = {J}, volume = {1},
  doi = {10.5555/first},
}
@string{x = "y"}
@book{second2002,
  author = {C, D.},
  title = {Multi-line
    title = looks like a field},
  publisher = {P},
  year = {2002},
  doi = {10.5555/second},
}
"""


def field_names(entry) -> set[str]:
    return {name.lower() for name in (*entry.fields, *entry.persons)}


@pytest.mark.parametrize("source", ["real", "tricky", "tricky-crlf"])
def test_every_entry_and_field_is_found_on_the_line_where_it_is_written(source):
    text = {
        "real": (REPO / "references.bib").read_text(encoding="utf-8"),
        "tricky": TRICKY,
        "tricky-crlf": TRICKY.replace("\n", "\r\n"),
    }[source]
    rows = text.split("\n")
    entries = read_entries(text)
    assert [entry.key for entry in entries] == re.findall(
        r"^@(?!comment|string)\w+\{([^,]+),", text, re.M
    )
    for entry in entries:
        start = rf"\s*@\s*{entry.type}\s*[{{(]\s*{re.escape(entry.key)}\s*,"
        assert re.match(start, rows[entry.line - 1], re.I), (entry.key, entry.line)
        assert text[entry.offset :].startswith(rows[entry.line - 1])
        assert set(entry.field_lines) <= field_names(entry)
        for name in field_names(entry):
            row = rows[entry.field_line(name) - 1]
            assert re.search(rf"(^|,)\s*{name}\s*=", row, re.I), (entry.key, name, row)


def test_fields_on_the_entry_line_after_a_blank_line_on_a_shared_line_or_in_a_value():
    first, second = read_entries(TRICKY)
    assert (first.line, first.field_line("author"), first.field_line("title")) == (3, 3, 4)
    assert first.field_line("year") == 6  # not the blank line above it
    assert first.field_line("volume") == 7  # shares its line with journal
    assert (second.line, second.field_line("title"), second.field_line("publisher")) == (11, 13, 15)


def test_the_check_and_the_source_watch_name_the_same_field_lines(tmp_path):
    bad = TRICKY.replace("{2001}", "{2001a}").replace("10.5555/second", "https://doi.org/x")
    path = tmp_path / "references.bib"
    path.write_text(bad, encoding="utf-8")
    problems = bibliography.load(path, "references.bib").problems
    year = next(p for p in problems if "four-digit year" in p.problem)
    doi = next(p for p in problems if "DOI not of the form" in p.problem)
    first, second = read_entries(bad)
    assert (year.line, doi.line) == (first.field_line("year"), second.field_line("doi")) == (6, 17)
    source = next(source for source in read_sources(path) if source.key == "first2001")
    assert source.line("year") == year.line and source.line("doi") == first.field_line("doi")
    keys_and_lines = [(e.key, e.line) for e in add_reference.existing_entries(bad)]
    assert keys_and_lines == [(e.key, e.line) for e in read_entries(bad)]


ENTRY = "@article{{{key},\n  author = {{A, B.}},\n  title = {{T}},\n  year = {{2001}},\n}}\n"
UNREADABLE = {
    "duplicate key": (ENTRY.format(key="same2001") + ENTRY.format(key="Same2001"), 6),
    "no key": (ENTRY.format(key="ok2001") + "@article{,\n  title = {T},\n}\n", 6),
    "unclosed brace": (ENTRY.format(key="ok2001") + "@book{open2001,\n  title = {T,\n}\n", 7),
    "syntax": (ENTRY.format(key="ok2001") + "@book{bad2001,\n  title = {T}\n  year = 1\n}\n", 8),
}


@pytest.mark.parametrize("case", UNREADABLE)
def test_a_file_that_cannot_be_read_gets_one_message_from_all_three(tmp_path, capsys, case):
    text, line = UNREADABLE[case]
    with pytest.raises(Unreadable) as caught:
        read_entries(text)
    assert caught.value.line == line
    path = tmp_path / "references.bib"
    path.write_text(text, encoding="utf-8")
    [expected] = [str(problem) for problem in bibliography.load(path, "references.bib").errors()]
    assert expected.startswith(f"references.bib:{line}: ")

    with pytest.raises(add_reference.AddReferenceError) as refused:  # before any request
        add_reference.add_reference("10.5555/any", path, resolver="http://127.0.0.1:9")
    assert str(refused.value) == expected

    assert cli.main([str(path), "--no-cache"]) == 1
    shown = capsys.readouterr()
    assert shown.err == expected.replace("references.bib", path.as_posix(), 1) + "\n"
    assert "Traceback" not in shown.out + shown.err
