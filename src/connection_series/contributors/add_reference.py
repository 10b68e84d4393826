"""Add a source to references.bib from its DOI, in the house format.

Usage: python -m connection_series.contributors.add_reference 10.1177/0963721414551364
       (or: make add-reference DOI=10.1177/0963721414551364 [KEY=rook2015])

The command, step by step: read the file as the build reads it (citations.bib_reader) and
refuse a DOI or a key it already has, naming the entry and its line; ask the DOI resolver for
the DOI's CSL JSON (sources.services; the base address comes from DOI_RESOLVER, default
https://doi.org); write the entry (bibtex_entry) under the house rule's key (reference_key);
insert it before the first key that sorts after it (the file may be in any order), leaving
every other byte of the file as it was, and read the result back before the file is touched
(bib_insertion).

Every failure (offline, a timeout, an unregistered DOI, a type the site cannot format) is one
line, `references.bib: problem. Fix.`, and exit status 1; never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from connection_series.citations.bib_reader import Entry, Unreadable, read_entries
from connection_series.common.errors import message, shown_path
from connection_series.common.files import write_atomically
from connection_series.contributors.bib_insertion import insert_entry, prove_inserted
from connection_series.contributors.bibtex_entry import csl_text, fields_from_csl, format_entry
from connection_series.contributors.reference_key import check_chosen_key, choose_key
from connection_series.contributors.refused import MANUAL, Refused
from connection_series.sources.services import DOI_RESOLVER, Services, base_address

USER_AGENT = "connection-series-add-reference/1 (+health-education site; one request per run)"
# Stricter than the build's DOI rule: it also refuses braces and quotes, which would break
# the BibTeX this command writes.
DOI_SHAPE = re.compile(r"10\.\d{4,9}/[^\s{}\\\"]+")


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
    services = Services.connect(
        USER_AGENT, doi_resolver=resolver, timeout=timeout, retries=retries, backoff=backoff
    )
    try:
        with services.session:
            return _add(doi, bib_path, key, services)
    except Refused as refused:
        line = message(shown, refused.line, refused.problem, refused.fix)
        raise AddReferenceError(line) from None


def _add(doi: str, bib_path: Path, key: str | None, services: Services) -> Added:
    doi = normalise_doi(doi)
    try:
        with open(bib_path, encoding="utf-8", newline="") as handle:  # keep \r\n if present
            text = handle.read()
    except OSError as error:
        raise Refused(f"cannot read it ({error.strerror})", "Run this in the project") from None
    existing = existing_entries(text)
    _refuse_known(doi, key, existing)

    started = time.monotonic()
    csl = fetch_csl(doi, services)
    seconds = time.monotonic() - started

    registered = csl_text(csl.get("DOI"))
    if registered and registered.lower() != doi.lower():  # an alias: check the real one too
        _refuse_known(registered, None, existing)
    entry_type, fields = fields_from_csl(csl, doi)
    key = key or choose_key(csl, fields["year"], {entry.key.lower() for entry in existing})
    new_text = insert_entry(text, key, format_entry(entry_type, key, fields), existing)
    ours = prove_inserted(new_text, existing, key, entry_type, fields)
    try:
        write_atomically(bib_path, new_text)  # the build never reads half a file
    except OSError as error:
        raise Refused(f"cannot write it ({error.strerror})", "Check its permissions") from None
    return Added(key, entry_type, ours.line, seconds)


def normalise_doi(text: str) -> str:
    """`https://doi.org/10.1/x`, `doi:10.1/x` or `10.1/x` -> `10.1/x`."""
    doi = text.strip()
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.I)
    if not DOI_SHAPE.fullmatch(doi):
        raise Refused(
            f"'{text.strip()}' is not a DOI of the form 10.NNNN/...",
            "Copy the DOI from the article's page, e.g. 10.1177/1745691614568352",
        )
    return doi


def existing_entries(text: str) -> list[Entry]:
    """The file's entries with their lines and DOIs, read as the build reads them; a file
    the build would refuse is refused with the build's own message."""
    try:
        return read_entries(text)
    except Unreadable as error:
        raise Refused(error.problem, error.fix, error.line) from None


def _refuse_known(doi: str, key: str | None, existing: list[Entry]) -> None:
    for entry in existing:
        if entry.doi and entry.doi.lower() == doi.lower():
            raise Refused(
                f"DOI {doi} is already there, as entry '{entry.key}'",
                f"Cite it as [@{entry.key}]",
                entry.line,
            )
        if key and entry.key.lower() == key.lower():
            raise Refused(
                f"key '{key}' is already taken by entry '{entry.key}'",
                "Choose another KEY, or leave KEY out for the house rule's key",
                entry.line,
            )
    if key is not None:
        check_chosen_key(key)


def fetch_csl(doi: str, services: Services) -> dict:
    """The DOI's CSL JSON from the resolver (doi.org content negotiation). Retries with
    backoff and Retry-After on 429 and 5xx come with the services' session."""
    answer = services.csl(doi)
    resolver = services.doi_resolver
    if answer.timed_out:
        raise Refused(f"{resolver} did not answer within {services.timeout:g} s: nothing was added")
    if answer.status is None:
        raise Refused(f"cannot reach {resolver} (offline?): nothing was added")
    if answer.missing:
        raise Refused(
            f"DOI {doi} is not registered ({resolver} answered {answer.status})",
            "Copy the DOI again from the article's page; it must open the article at doi.org",
        )
    if answer.status != 200:
        raise Refused(f"{resolver} answered {answer.status} for DOI {doi}")
    if not isinstance(answer.data, dict):
        kind = answer.kind or "no type"
        raise Refused(f"no citation data for DOI {doi} (the answer was {kind}, not CSL JSON)")
    return answer.data


if __name__ == "__main__":
    sys.exit(main())
