"""Notices on cited works: their kinds, their weight, and the `notice` field of references.bib.

A publisher (or Retraction Watch, through Crossref) records a notice against the DOI it
updates. The weekly check (`make check-sources`) reports new ones; once an editor has read a
notice, they record it in the entry, so readers see it and the check stops asking:

    notice = {correction 2021 10.1371/journal.pmed.1003000: The authors corrected Table 2.},

The grammar is `KIND YEAR [NOTICE-DOI]: text`, several notices joined by `||`. KIND is one of
`KINDS` (spaces or hyphens allowed: `expression of concern`). Plain functions, no network:
the citations code calls `problems_for_entry` in its checks and `notice_html` when it renders
a reference.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from connection_series.common.errors import Problem

# What each kind of notice means for a cited work. Crossref's update types, normalised.
FAIL_KINDS = frozenset(
    {"retraction", "partial_retraction", "withdrawal", "removal", "expression_of_concern"}
)
WARN_KINDS = frozenset({"correction", "corrigendum", "erratum", "addendum", "clarification"})
# A work under one of these is no longer part of the record: no page may cite it.
CANNOT_CITE = frozenset({"retraction", "partial_retraction", "withdrawal", "removal"})
KINDS = FAIL_KINDS | WARN_KINDS

# How a reviewed notice reads under its reference: "Corrected in 2021: ...".
_SHOWN_AS = {
    "correction": "Corrected in {year}",
    "corrigendum": "Corrected in {year}",
    "erratum": "Corrected in {year}",
    "addendum": "Addendum published in {year}",
    "clarification": "Clarified in {year}",
    "expression_of_concern": "Expression of concern published in {year}",
    "retraction": "Retracted in {year}",
    "partial_retraction": "Partly retracted in {year}",
    "withdrawal": "Withdrawn in {year}",
    "removal": "Removed in {year}",
}

FIELD = "notice"
SEPARATOR = "||"
# The DOI is lazy and the separator is ": " with a space, so DOIs that hold a colon still parse.
_NOTICE = re.compile(
    r"^(?P<kind>[A-Za-z][A-Za-z _-]*?)\s+(?P<year>\d{4})"
    r"(?:\s+(?P<doi>10\.\d{4,9}/\S+?))?\s*:\s+(?P<text>\S.*)$",
    re.S,
)
_FIELD_FIX = (
    f"Write it as '{FIELD} = {{correction 2021 10.NNNN/notice-doi: What changed.}}' "
    f"(the notice's DOI is optional; join several with '{SEPARATOR}')"
)


@dataclass(frozen=True)
class ReviewedNotice:
    """A notice an editor has read and recorded in the entry."""

    kind: str  # one of KINDS
    year: int
    doi: str | None  # the notice's own DOI, when it has one
    text: str  # what changed, in the editor's words, shown to readers

    @property
    def cannot_cite(self) -> bool:
        return self.kind in CANNOT_CITE


def normalise_kind(kind: str) -> str:
    """`Expression of Concern`, `expression-of-concern` -> `expression_of_concern`."""
    return re.sub(r"[\s_-]+", "_", kind.strip().casefold())


def parse_notices(value: str) -> tuple[list[ReviewedNotice], list[str]]:
    """The notices of one `notice` field, and what is wrong with the parts that do not parse."""
    notices: list[ReviewedNotice] = []
    errors: list[str] = []
    for part in value.split(SEPARATOR):
        part = " ".join(part.split())
        if not part:
            errors.append(f"an empty notice (a stray '{SEPARATOR}'?)")
            continue
        match = _NOTICE.match(part)
        if not match:
            errors.append(f"a notice that does not read 'KIND YEAR [DOI]: text': '{part}'")
            continue
        kind = normalise_kind(match["kind"])
        if kind not in KINDS:
            known = ", ".join(sorted(k.replace("_", " ") for k in KINDS))
            errors.append(f"a notice of unknown kind '{match['kind']}' (known: {known})")
            continue
        notices.append(ReviewedNotice(kind, int(match["year"]), match["doi"], match["text"]))
    return notices, errors


def reviewed_notices(fields: Mapping[str, str]) -> list[ReviewedNotice]:
    """The well-formed notices of an entry (its problems come from `problems_for_entry`)."""
    return parse_notices(fields.get(FIELD, ""))[0] if fields.get(FIELD) else []


def problems_for_entry(
    key: str, fields: Mapping[str, str], path: str = "references.bib", line: int | None = None
) -> list[Problem]:
    """One-line problems of an entry's `notice` field: malformed, dated before the work, or a
    notice (retraction, withdrawal, removal) under which the work cannot be cited at all.

    `fields` is the entry's fields (pybtex's `entry.fields` will do), `line` the line to name
    (the `notice` field's, else the entry's)."""
    value = fields.get(FIELD)
    if value is None:
        return []
    notices, errors = parse_notices(value)
    problems = [Problem(path, line, f"entry '{key}' has {error}", _FIELD_FIX) for error in errors]
    year = str(fields.get("year", "")).strip()
    for notice in notices:
        if year.isdigit() and notice.year < int(year):
            problems.append(
                Problem(
                    path,
                    line,
                    f"entry '{key}' has a {notice.kind.replace('_', ' ')} notice dated "
                    f"{notice.year}, before the work itself ({year})",
                    "Give the year the notice was published",
                )
            )
        if notice.cannot_cite:
            where = f" by {notice.doi}" if notice.doi else ""
            problems.append(
                Problem(
                    path,
                    line,
                    f"entry '{key}' is {_SHOWN_AS[notice.kind].format(year=notice.year).lower()}"
                    f"{where}: it cannot be cited",
                    "Remove the entry and every citation of it, and support those claims with "
                    "a sound source (see CONTRIBUTING.md, 'When the weekly check reports a "
                    "notice')",
                )
            )
    return problems


def notice_sentence(notice: ReviewedNotice) -> str:
    """Plain text: `Corrected in 2021: The authors corrected Table 2.`"""
    text = notice.text if notice.text[-1] in ".!?" else notice.text + "."
    return f"{_SHOWN_AS[notice.kind].format(year=notice.year)}: {text}"


def notice_html(fields: Mapping[str, str]) -> str:
    """HTML to append to an entry's reference, escaped: one sentence per reviewed notice, with
    a link to the notice when it has a DOI. Empty when the entry carries no notice.

    Give it fields whose LaTeX is already decoded (the citations code's `_field` does that)."""
    sentences = []
    for notice in reviewed_notices(fields):
        sentence = html.escape(notice_sentence(notice), quote=False)
        if notice.doi:
            address = html.escape("https://doi.org/" + notice.doi)
            sentence += f' Notice: <a href="{address}">{address}</a>'
        sentences.append(sentence)
    if not sentences:
        return ""
    return '<span class="reference-notice">' + " ".join(sentences) + "</span>"
