"""A DOI's CSL JSON -> one references.bib entry in the house format, as text.

The house format is the one CONTRIBUTING.md describes: the key, every author as
"Family, I. I.", the title as registered with a comment line asking the editor to check its
sentence case, journal, volume, issue, pages with "--", the bare DOI; aligned '=', one field a
line. Fetched text is contributor input to the build, so it is made inert: HTML and JATS tags
are stripped, every BibTeX/LaTeX special character is escaped, and line breaks are folded.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping

from connection_series.citations.bibtex_text import REQUIRED_FIELDS
from connection_series.contributors.refused import Refused

SENTENCE_CASE_NOTE = (
    "% Added from its DOI: check that the title is in APA sentence case, then delete this line."
)
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
TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]+\s*")


def fields_from_csl(csl: Mapping, doi: str) -> tuple[str, dict]:
    """The entry type and its fields, already escaped for BibTeX; refuses what the site
    cannot print (another type, a required field the record lacks)."""
    csl_type = csl_text(csl.get("type"))
    entry_type = ENTRY_TYPES.get(csl_type)
    if entry_type is None:
        raise Refused(
            f"DOI {doi} is a '{csl_type or 'record without a type'}', which the site cannot "
            "format (only journal articles, books and preprints)"
        )
    fields: dict[str, str] = {
        "author": " and ".join(filter(None, map(_author, csl_list(csl.get("author"))))),
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
        raise Refused(
            f"the record of DOI {doi} has no {', '.join(missing)}, which an @{entry_type} needs"
        )
    return entry_type, {name: value for name, value in fields.items() if value}


def format_entry(entry_type: str, key: str, fields: Mapping[str, str]) -> str:
    """The entry as the house writes it: aligned '=', one field a line, trailing commas,
    preceded by the comment that asks for a sentence-case check."""
    names = [name for name in FIELD_ORDER[entry_type] if fields.get(name)]
    width = max(len(name) for name in names)
    body = "".join(f"  {name:<{width}} = {{{fields[name]}}},\n" for name in names)
    return f"{SENTENCE_CASE_NOTE}\n@{entry_type}{{{key},\n{body}}}\n"


def escape_latex(text: str) -> str:
    """Plain text (tags already stripped) -> BibTeX field text that is only text: specials
    escaped, braces balanced, on one line."""
    return "".join(LATEX_ESCAPES.get(char, char) for char in one_line(text))


def strip_tags(text: str) -> str:
    """`<i>In vitro</i> &amp; <jats:sub>2</jats:sub>` -> `In vitro & 2`."""
    return html.unescape(TAG.sub("", text))


def one_line(text: str) -> str:
    """Control characters dropped, every run of white space one space."""
    printable = "".join(
        char for char in text if unicodedata.category(char) != "Cc" or char in " \t\n\r"
    )
    return " ".join(printable.split())


def csl_text(value: object) -> str:
    """A CSL string or number; lists (Crossref's container-title) give their first item."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def csl_list(value: object) -> list:
    return value if isinstance(value, list) else []


def _inline(value: object) -> str:
    return escape_latex(strip_tags(csl_text(value)))


def _first_name(value: object) -> str:
    """Crossref's `institution: [{"name": "bioRxiv"}]`."""
    items = csl_list(value)
    if items and isinstance(items[0], Mapping):
        return csl_text(items[0].get("name"))
    return ""


def _title(csl: Mapping) -> str:
    title = one_line(strip_tags(csl_text(csl.get("title"))))
    subtitle = one_line(strip_tags(csl_text(csl.get("subtitle"))))
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
    literal = one_line(strip_tags(csl_text(person.get("literal") or person.get("name"))))
    family = one_line(
        strip_tags(" ".join(csl_text(person.get(p)) for p in ("non-dropping-particle", "family")))
    )
    if not family:
        return f"{{{escape_latex(literal)}}}" if literal else ""
    family = escape_latex(family)
    if re.search(r"\band\b|,", family, re.I):
        family = f"{{{family}}}"
    parts = [family]
    suffix = escape_latex(csl_text(person.get("suffix")))
    if suffix:
        parts.append(suffix)
    initials = _initials(csl_text(person.get("given")))
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
