"""Add a source to references.bib from its DOI, in the house format.

Usage: python -m connection_series.contributors.add_reference 10.1177/0963721414551364
       (or: make add-reference DOI=10.1177/0963721414551364 [KEY=rook2015])

It asks doi.org for the DOI's citation data (CSL JSON, by content negotiation; the base
address comes from the environment variable DOI_RESOLVER, default https://doi.org), writes one
entry as the comment at the top of references.bib describes (the key, every author as
"Family, I. I.", the title as registered with a comment line asking the editor to check its
sentence case, journal, volume, issue, pages with "--", the bare DOI) and inserts it in key
order among the entries, leaving every other byte of the file as it was. It refuses a DOI or
a key that the file already has, naming the entry and its line.

What it writes is checked with pybtex before the file is touched: the result must parse, hold
the old entries plus the new one, and the new entry must carry exactly the fields written.
Fetched text is contributor input to the build, so it is made inert: HTML and JATS tags are
stripped, every BibTeX/LaTeX special character is escaped, and line breaks are folded.

Every failure (offline, a timeout, an unregistered DOI, a type the site cannot format) is one
line, `references.bib: problem. Fix.`, and exit status 1; never a traceback.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from connection_series.citations.bib_reader import Entry, Unreadable, read_entries
from connection_series.citations.bibtex_text import REQUIRED_FIELDS
from connection_series.common.errors import message, shown_path
from connection_series.common.files import write_atomically
from connection_series.sources.services import DOI_RESOLVER, Services, base_address

USER_AGENT = "connection-series-add-reference/1 (+health-education site; one request per run)"
MANUAL = 'Add the entry by hand: see "Adding a source by hand" in CONTRIBUTING.md'
SENTENCE_CASE_NOTE = (
    "% Added from its DOI: check that the title is in APA sentence case, then delete this line."
)

# Stricter than the build's DOI rule: it also refuses braces and quotes, which would break
# the BibTeX this command writes.
DOI_SHAPE = re.compile(r"10\.\d{4,9}/[^\s{}\\\"]+")
KEY_SHAPE = re.compile(r"[a-z][a-z0-9]*")

# CSL "type" (Crossref's and CSL's own names) -> BibTeX entry type of the house format.
ENTRY_TYPES = {
    "journal-article": "article",
    "article-journal": "article",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "posted-content": "misc",  # Crossref: preprints
    "article": "misc",  # CSL: preprints (DataCite, e.g. arXiv)
}
FIELD_ORDER = {
    "article": ("author", "title", "journal", "year", "volume", "number", "pages", "eid", "doi"),
    "book": ("author", "title", "publisher", "year", "doi"),
    "misc": ("author", "title", "howpublished", "note", "year", "doi"),
}

# LaTeX text-mode escapes. A backslash does not protect a brace from BibTeX (it still counts
# it when matching braces), so braces become commands whose own braces balance.
LATEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
}
# Letters that Unicode does not decompose into an ASCII letter and a mark (for keys).
ASCII_LETTERS = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "ß": "ss",
        "đ": "d",
        "ł": "l",
        "þ": "th",
        "œ": "oe",
        "\u0131": "i",
        "ð": "d",
    }
)
TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]+\s*")


class AddReferenceError(Exception):
    """One line for the contributor; nothing was written."""


@dataclass(frozen=True)
class Added:
    key: str
    entry_type: str
    line: int  # where the entry starts in the new file
    seconds: float  # time spent fetching


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("doi", help="the DOI, e.g. 10.1177/0963721414551364 (a doi.org URL works)")
    parser.add_argument("--key", help="use this key instead of family name + year")
    parser.add_argument("--bib", type=Path, default=Path("references.bib"))
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    args = parser.parse_args(argv)
    resolver = base_address("DOI_RESOLVER")
    shown = shown_path(args.bib, Path.cwd())
    try:
        added = add_reference(
            args.doi, args.bib, resolver=resolver, timeout=args.timeout, key=args.key, shown=shown
        )
    except AddReferenceError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            message(shown, None, "interrupted: nothing was added", "Run it again"), file=sys.stderr
        )
        return 130
    except Exception as error:  # a bug of ours: still one line, and the file is untouched
        problem = f"unexpected error, nothing was added ({type(error).__name__}: {error})"
        print(message(shown, None, problem, MANUAL), file=sys.stderr)
        return 1
    print(
        message(
            shown,
            added.line,
            f"added '{added.key}' (@{added.entry_type}) from {resolver} in {added.seconds:.1f} s",
            f"Check the title is in sentence case and delete the comment above it; "
            f"cite it as [@{added.key}]",
        )
    )
    return 0


def add_reference(
    doi: str,
    bib_path: Path,
    *,
    resolver: str = DOI_RESOLVER,
    timeout: float = 10.0,
    key: str | None = None,
    shown: str = "references.bib",
    retries: int = 2,
    backoff: float = 0.5,
) -> Added:
    """Fetch, format, check and insert one entry; raise AddReferenceError with one line."""
    doi = normalise_doi(doi, shown)
    try:
        with open(bib_path, encoding="utf-8", newline="") as handle:  # keep \r\n if present
            text = handle.read()
    except OSError as error:
        raise AddReferenceError(
            message(shown, None, f"cannot read it ({error.strerror})", "Run this in the project")
        ) from None
    existing = existing_entries(text, shown)
    _refuse_known(doi, key, existing, shown)

    started = time.monotonic()
    services = Services.connect(
        USER_AGENT, doi_resolver=resolver, timeout=timeout, retries=retries, backoff=backoff
    )
    with services.session:
        csl = fetch_csl(doi, services, shown)
    seconds = time.monotonic() - started

    registered = _text(csl.get("DOI"))
    if registered and registered.lower() != doi.lower():  # an alias: check the real one too
        _refuse_known(registered, None, existing, shown)
    taken = {entry.key.lower() for entry in existing}
    entry_type, fields = fields_from_csl(csl, doi, shown)
    key = key or choose_key(csl, fields["year"], taken, shown)
    entry = format_entry(entry_type, key, fields)
    new_text = insert_entry(text, key, entry, existing)
    ours = _prove_valid(new_text, existing, key, entry_type, fields, shown)
    try:
        write_atomically(bib_path, new_text)  # the build never reads half a file
    except OSError as error:
        raise AddReferenceError(
            message(shown, None, f"cannot write it ({error.strerror})", "Check its permissions")
        ) from None
    return Added(key, entry_type, ours.line, seconds)


def normalise_doi(text: str, shown: str = "references.bib") -> str:
    """`https://doi.org/10.1/x`, `doi:10.1/x` or `10.1/x` -> `10.1/x`."""
    doi = text.strip()
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.I)
    if not DOI_SHAPE.fullmatch(doi):
        raise AddReferenceError(
            message(
                shown,
                None,
                f"'{text.strip()}' is not a DOI of the form 10.NNNN/...",
                "Copy the DOI from the article's page, e.g. 10.1177/1745691614568352",
            )
        )
    return doi


def existing_entries(text: str, shown: str = "references.bib") -> list[Entry]:
    """The file's entries with their lines and DOIs, read as the build reads them; a file
    the build would refuse is refused with the build's own message."""
    try:
        return read_entries(text)
    except Unreadable as error:
        raise AddReferenceError(message(shown, error.line, error.problem, error.fix)) from None


def _refuse_known(doi: str, key: str | None, existing: list[Entry], shown: str) -> None:
    for entry in existing:
        if entry.doi and entry.doi.lower() == doi.lower():
            raise AddReferenceError(
                message(
                    shown,
                    entry.line,
                    f"DOI {doi} is already there, as entry '{entry.key}'",
                    f"Cite it as [@{entry.key}]",
                )
            )
        if key and entry.key.lower() == key.lower():
            raise AddReferenceError(
                message(
                    shown,
                    entry.line,
                    f"key '{key}' is already taken by entry '{entry.key}'",
                    "Choose another KEY, or leave KEY out for the house rule's key",
                )
            )
    if key is not None and not KEY_SHAPE.fullmatch(key):
        raise AddReferenceError(
            message(
                shown,
                None,
                f"key '{key}' is not lower-case letters and digits",
                "Use the house rule: family name and year, e.g. rook2015",
            )
        )


def fetch_csl(doi: str, services: Services, shown: str = "references.bib") -> dict:
    """The DOI's CSL JSON from the resolver (doi.org content negotiation), or one line why
    not. Retries with backoff and Retry-After on 429 and 5xx come with the services' session."""
    answer = services.csl(doi)
    resolver = services.doi_resolver
    if answer.timed_out:
        problem = f"{resolver} did not answer within {services.timeout:g} s: nothing was added"
        raise AddReferenceError(message(shown, None, problem, MANUAL))
    if answer.status is None:
        problem = f"cannot reach {resolver} (offline?): nothing was added"
        raise AddReferenceError(message(shown, None, problem, MANUAL))
    if answer.missing:
        raise AddReferenceError(
            message(
                shown,
                None,
                f"DOI {doi} is not registered ({resolver} answered {answer.status})",
                "Copy the DOI again from the article's page; it must open the article at doi.org",
            )
        )
    if answer.status != 200:
        raise AddReferenceError(
            message(shown, None, f"{resolver} answered {answer.status} for DOI {doi}", MANUAL)
        )
    if not isinstance(answer.data, dict):
        raise AddReferenceError(
            message(
                shown,
                None,
                f"no citation data for DOI {doi} (the answer was {answer.kind or 'no type'}, "
                "not CSL JSON)",
                MANUAL,
            )
        )
    return answer.data


def fields_from_csl(csl: Mapping, doi: str, shown: str = "references.bib") -> tuple[str, dict]:
    """The entry type and its fields, already escaped for BibTeX; refuses what the site
    cannot print (another type, a required field the record lacks)."""
    csl_type = _text(csl.get("type"))
    entry_type = ENTRY_TYPES.get(csl_type)
    if entry_type is None:
        raise AddReferenceError(
            message(
                shown,
                None,
                f"DOI {doi} is a '{csl_type or 'record without a type'}', which the site cannot "
                "format (only journal articles, books and preprints)",
                MANUAL,
            )
        )
    fields: dict[str, str] = {
        "author": " and ".join(filter(None, map(_author, _list(csl.get("author"))))),
        "title": _title(csl),
        "year": _year(csl),
    }
    if entry_type == "article":
        article_number = _inline(csl.get("article-number"))
        page = _inline(csl.get("page"))
        fields.update(
            journal=_inline(csl.get("container-title")),
            volume=_inline(csl.get("volume")),
            number=_inline(csl.get("issue")),
            pages="" if page == article_number else DASHES.sub("--", page),
            eid=article_number,
        )
    elif entry_type == "book":
        fields["publisher"] = _inline(csl.get("publisher"))
    else:
        fields["howpublished"] = _inline(_first_name(csl.get("institution"))) or _inline(
            csl.get("group-title") or csl.get("publisher")
        )
        fields["note"] = "Preprint"
    fields["doi"] = doi
    missing = [name for name in REQUIRED_FIELDS[entry_type] if not fields.get(name)]
    if missing:
        raise AddReferenceError(
            message(
                shown,
                None,
                f"the record of DOI {doi} has no {', '.join(missing)}, which an "
                f"@{entry_type} needs",
                MANUAL,
            )
        )
    return entry_type, {name: value for name, value in fields.items() if value}


def choose_key(csl: Mapping, year: str, taken: set[str], shown: str = "references.bib") -> str:
    """First author's family name, lower-case ASCII letters only, and the year; b, c, ... for
    a second, third work of the same name and year."""
    authors = _list(csl.get("author"))
    first = authors[0] if authors else {}
    name = ""
    if isinstance(first, Mapping):
        name = " ".join(
            _text(first.get(part)) for part in ("non-dropping-particle", "family", "literal")
        )
    folded = name.lower().translate(ASCII_LETTERS)
    ascii_name = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z]", "", ascii_name.lower())
    if not base:
        raise AddReferenceError(
            message(
                shown,
                None,
                f"no key can be made from the first author's name '{_one_line(name)}'",
                "Give one: make add-reference DOI=... KEY=name2024",
            )
        )
    key = f"{base}{year}"
    for letter in "bcdefghijklmnopqrstuvwxyz":
        if key.lower() not in taken:
            return key
        key = f"{base}{year}{letter}"
    raise AddReferenceError(message(shown, None, f"keys {base}{year}b to z are taken", "Give KEY"))


def format_entry(entry_type: str, key: str, fields: Mapping[str, str]) -> str:
    """The entry as the house writes it: aligned '=', one field a line, trailing commas,
    preceded by the comment that asks for a sentence-case check."""
    names = [name for name in FIELD_ORDER[entry_type] if fields.get(name)]
    width = max(len(name) for name in names)
    body = "".join(f"  {name:<{width}} = {{{fields[name]}}},\n" for name in names)
    return f"{SENTENCE_CASE_NOTE}\n@{entry_type}{{{key},\n{body}}}\n"


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


def _prove_valid(
    new_text: str,
    existing: list[Entry],
    key: str,
    entry_type: str,
    fields: Mapping[str, str],
    shown: str,
) -> Entry:
    """The new file reads as the build reads it, holds the old entries plus ours, and ours
    has exactly the fields we wrote: no fetched text can have added or closed anything."""
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
    raise AddReferenceError(
        message(shown, None, f"refused to write an entry for {key}: {reason}", MANUAL)
    )


# --- CSL values -> BibTeX text ----------------------------------------------------------------


def escape_latex(text: str) -> str:
    """Plain text (tags already stripped) -> BibTeX field text that is only text: specials
    escaped, braces balanced, on one line."""
    return "".join(LATEX_ESCAPES.get(char, char) for char in _one_line(text))


def strip_tags(text: str) -> str:
    """`<i>In vitro</i> &amp; <jats:sub>2</jats:sub>` -> `In vitro & 2`."""
    return html.unescape(TAG.sub("", text))


def _one_line(text: str) -> str:
    printable = "".join(
        char for char in text if unicodedata.category(char) != "Cc" or char in " \t\n\r"
    )
    return " ".join(printable.split())


def _text(value: object) -> str:
    """A CSL string or number; lists (Crossref's container-title) give their first item."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _inline(value: object) -> str:
    return escape_latex(strip_tags(_text(value)))


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _first_name(value: object) -> str:
    """Crossref's `institution: [{"name": "bioRxiv"}]`."""
    items = _list(value)
    if items and isinstance(items[0], Mapping):
        return _text(items[0].get("name"))
    return ""


def _title(csl: Mapping) -> str:
    title = _one_line(strip_tags(_text(csl.get("title"))))
    subtitle = _one_line(strip_tags(_text(csl.get("subtitle"))))
    if subtitle and subtitle.lower() not in title.lower():
        title = f"{title.rstrip(':')}: {subtitle}"
    return escape_latex(title)


def _year(csl: Mapping) -> str:
    for name in ("issued", "published-print", "published-online", "published"):
        date = csl.get(name)
        parts = date.get("date-parts") if isinstance(date, Mapping) else None
        try:
            year = int(parts[0][0])
        except (TypeError, IndexError, ValueError):
            continue
        if 1000 <= year <= 2999:
            return str(year)
    return ""


def _author(person: object) -> str:
    """CSL name -> `Family, I. I.` (`van den Heuvel, E. R.`, `Smith, Jr., J.`); a name that
    BibTeX would split (" and ", a comma) is kept whole in braces."""
    if not isinstance(person, Mapping):
        return ""
    literal = _one_line(strip_tags(_text(person.get("literal") or person.get("name"))))
    family = _one_line(
        strip_tags(" ".join(_text(person.get(p)) for p in ("non-dropping-particle", "family")))
    )
    if not family:
        return f"{{{escape_latex(literal)}}}" if literal else ""
    family = escape_latex(family)
    if re.search(r"\band\b|,", family, re.I):
        family = f"{{{family}}}"
    parts = [family]
    suffix = escape_latex(_text(person.get("suffix")))
    if suffix:
        parts.append(suffix)
    initials = _initials(_text(person.get("given")))
    if initials:
        parts.append(initials)
    return ", ".join(parts)


def _initials(given: str) -> str:
    """`Julianne` -> `J.`, `Timothy B.` -> `T. B.`, `Jean-Paul` -> `J.-P.`, `J.B.` -> `J. B.`"""
    names = [name for name in re.split(r"[\s.]+", strip_tags(given)) if name]
    out = []
    for name in names:
        letters = [next((c for c in part if c.isalpha()), "") for part in name.split("-")]
        letters = [letter.upper() for letter in letters if letter]
        if letters:
            out.append("-".join(f"{letter}." for letter in letters))
    return escape_latex(" ".join(out))


if __name__ == "__main__":
    sys.exit(main())
