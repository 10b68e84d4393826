"""A new entry put into references.bib's text by its key, and the proof that it went in
as written and changed nothing else, read back the way the build reads the file."""

from __future__ import annotations

import re
from collections.abc import Mapping

from connection_series.citations.bib_reader import Entry, Unreadable, read_entries
from connection_series.contributors.refused import Refused


def insert_entry(text: str, key: str, entry: str, existing: list[Entry]) -> str:
    """The file with `entry` before the first entry whose key sorts after `key` (with the
    comment lines directly above that entry), else after the last one. Every other byte
    stays as it was; the file's line ending is kept."""
    newline = "\r\n" if "\r\n" in text else "\n"
    block = entry.replace("\n", newline)
    for other in existing:
        if other.key.lower() > key.lower():
            start = _above_comments(text, other.offset)
            return text[:start] + block + newline + text[start:]
    if not text.strip():
        return text + block
    tail = "" if text.endswith(newline) else newline
    gap = "" if text.endswith(newline * 2) else newline
    return text + tail + gap + block


def prove_inserted(
    new_text: str, existing: list[Entry], key: str, entry_type: str, fields: Mapping[str, str]
) -> Entry:
    """The new entry as the build reads it. The new file must read, hold the old entries plus
    ours, and ours exactly the fields we wrote: no fetched text can have added or closed
    anything."""
    try:
        entries = {entry.key.lower(): entry for entry in read_entries(new_text)}
    except Unreadable as error:
        entries, reason = None, error.problem
    if entries is not None:
        ours = entries.get(key.lower())
        written = {name: value for name, value in fields.items() if name != "author"}
        expected = {entry.key.lower() for entry in existing} | {key.lower()}
        reason = ""
        if set(entries) != expected:
            reason = f"the entries would be {sorted(entries)}"
        elif ours is None or ours.type != entry_type or dict(ours.fields) != written:
            reason = "the new entry would not read back as written"
        elif len(ours.persons.get("author", [])) != len(_top_level_ands(fields["author"])):
            reason = "its authors would not read back as written"
        if not reason:
            return ours
    raise Refused(f"refused to write an entry for {key}: {reason}")


def _above_comments(text: str, offset: int) -> int:
    """Move the insertion point above `%` lines that sit directly on an entry."""
    while offset > 0:
        previous = text.rfind("\n", 0, offset - 1) + 1
        if not text[previous:offset].lstrip().startswith("%"):
            break
        offset = previous
    return offset


def _top_level_ands(authors: str) -> list[str]:
    """`A, B. and {C and D}` -> the two names BibTeX sees."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]| and ", authors):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            names.append(authors[start : match.start()])
            start = match.end()
    return [*names, authors[start:]]
