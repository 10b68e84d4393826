"""Verdicts on each cited work: the notices recorded against its DOI, and whether the DOI is
registered as the work the entry describes.

  fail          retraction, withdrawal, removal, expression of concern; a title, first author
                or year that differs from the registered record; a DOI nobody registered
  warn          correction, erratum, addendum (an editor should look); a preprint that has
                since become an article; any other kind of update
  inconclusive  the service did not answer (timeout, 5xx or 429 that persists)
  ok            nothing to report, or a notice the editors already recorded in the entry

Notices come from two places at Crossref, merged and de-duplicated: the work record's
`updated-by` list (which also carries Retraction Watch's records) and the notices that name
the DOI in their `update-to` (works filtered by `updates:{doi}`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from connection_series.sources.bibfile import Source
from connection_series.sources.notices import (
    CANNOT_CITE,
    FAIL_KINDS,
    WARN_KINDS,
    ReviewedNotice,
    normalise_kind,
)
from connection_series.sources.services import Answer, Services

OK, WARN, FAIL, INCONCLUSIVE = "ok", "warn", "fail", "inconclusive"
VERDICTS = (FAIL, WARN, INCONCLUSIVE, OK)  # worst first
_SEVERITY = {OK: 0, INCONCLUSIVE: 1, WARN: 2, FAIL: 3}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    key: str
    doi: str
    verdict: str
    what: str
    related: str = ""  # "notice 10.x/y" or "article 10.x/y"
    notice: str = ""  # the kind of notice a finding is about ("retraction"), if it is one
    todo: str = ""  # what to do in the articles that cite the work (sources.cited_in)

    def __str__(self) -> str:
        tail = f", {self.related}" if self.related else ""
        todo = f"; {self.todo}" if self.todo else ""
        return (
            f"{self.path}:{self.line}: {self.key} {self.doi} {self.verdict}: "
            f"{self.what}{tail}{todo}"
        )


@dataclass(frozen=True)
class Notice:
    doi: str | None  # the notice's own DOI
    kind: str  # normalised: "expression_of_concern"
    date: str  # "2021-03-04", "2021" or ""
    sources: tuple[str, ...]  # who recorded it: "publisher", "retraction-watch"

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date[:4].isdigit() else None


@dataclass(frozen=True)
class Registered:
    """What a DOI is registered as, from Crossref's record or the resolver's CSL JSON."""

    titles: tuple[str, ...]  # the title, and the title with its subtitle
    first_author: str | None
    years: tuple[int, ...]  # the issued year first, then print and online years
    type: str
    preprint_of: tuple[str, ...]  # DOIs of the article a preprint became


def worst(verdicts: Iterable[str]) -> str:
    return max(verdicts, key=_SEVERITY.__getitem__, default=OK)


# --- reading the services' answers ---------------------------------------------------------


def _date(value) -> str:
    try:
        parts = value["date-parts"][0]
        return "-".join(f"{int(part):02d}" for part in parts if part is not None)
    except (KeyError, IndexError, TypeError, ValueError):
        return ""


def notices_in_record(message: dict) -> list[Notice]:
    """The work record's `updated-by`: [{DOI, type, label, source, updated}]."""
    return [
        Notice(
            item.get("DOI"),
            normalise_kind(item.get("type") or item.get("label") or "update"),
            _date(item.get("updated")),
            (item.get("source") or "publisher",),
        )
        for item in message.get("updated-by") or []
        if isinstance(item, dict)
    ]


def notices_naming(message: dict, doi: str) -> list[Notice]:
    """Notices found by `filter=updates:{doi}`: each item's `update-to` entries about our DOI."""
    found = []
    for item in message.get("items") or []:
        for update in item.get("update-to") or []:
            if str(update.get("DOI", "")).casefold() == doi.casefold():
                found.append(
                    Notice(
                        item.get("DOI"),
                        normalise_kind(update.get("type") or update.get("label") or "update"),
                        _date(update.get("updated")) or _date(item.get("issued")),
                        (update.get("source") or "publisher",),
                    )
                )
    return found


def merge_notices(notices: Iterable[Notice]) -> list[Notice]:
    """One notice per (notice DOI, kind), whoever recorded it; the earliest date kept."""
    merged: dict[tuple, Notice] = {}
    for notice in notices:
        key = ((notice.doi or "").casefold() or notice.date, notice.kind)
        if key in merged:
            known = merged[key]
            dates = sorted(d for d in (known.date, notice.date) if d)
            sources = tuple(dict.fromkeys(known.sources + notice.sources))
            merged[key] = Notice(known.doi, known.kind, dates[0] if dates else "", sources)
        else:
            merged[key] = notice
    return sorted(merged.values(), key=lambda n: (n.date, n.kind))


def registered_in_record(message: dict) -> Registered:
    titles = [t for t in message.get("title") or [] if t]
    subtitles = [s for s in message.get("subtitle") or [] if s]
    if titles and subtitles:
        titles.append(f"{titles[0]}: {subtitles[0]}")
    years = []
    for name in ("issued", "published", "published-print", "published-online"):
        year = _date(message.get(name))[:4]
        if year.isdigit() and int(year) not in years:
            years.append(int(year))
    preprint_of = [
        relation.get("id")
        for relation in (message.get("relation") or {}).get("is-preprint-of") or []
        if relation.get("id-type", "doi") == "doi" and relation.get("id")
    ]
    return Registered(
        tuple(titles),
        _first_author(message.get("author") or []),
        tuple(years),
        str(message.get("type", "")),
        tuple(preprint_of),
    )


def registered_in_csl(data: dict) -> Registered:
    title = data.get("title") or ""
    titles = [title] if isinstance(title, str) else list(title)
    year = _date(data.get("issued"))[:4]
    return Registered(
        tuple(t for t in titles if t),
        _first_author(data.get("author") or []),
        (int(year),) if year.isdigit() else (),
        str(data.get("type", "")),
        (),
    )


def _first_author(authors: list) -> str | None:
    people = [a for a in authors if isinstance(a, dict)]
    first = next((a for a in people if a.get("sequence") == "first"), people[0] if people else {})
    return first.get("family") or first.get("name") or first.get("literal") or None


# --- comparing ------------------------------------------------------------------------------


def comparable(text: str) -> str:
    """Case-, accent- and punctuation-insensitive: letters and digits only. Crossref titles may
    carry HTML or MathML tags and entities."""
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum()).casefold()


def _quoted(text: str) -> str:
    return "'" + " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split()) + "'"


def judge_metadata(source: Source, registered: Registered) -> list[Finding]:
    findings = []

    def finding(field: str, verdict: str, what: str, related: str = "") -> None:
        findings.append(
            Finding("", source.line(field), source.key, source.doi, verdict, what, related)
        )

    ours = comparable(source.title)
    if registered.titles and ours not in {comparable(t) for t in registered.titles}:
        theirs = registered.titles[-1] if len(registered.titles) > 1 else registered.titles[0]
        ours_shown, theirs_shown = _quoted(source.title), _quoted(theirs)
        finding("title", FAIL, f"title differs: ours {ours_shown}, registered {theirs_shown}")
    if registered.first_author and source.first_author:
        family = comparable(registered.first_author)
        theirs = {family, comparable(registered.first_author.split()[-1])}
        if not theirs & {comparable(name) for name in source.first_author}:
            finding(
                "author",
                FAIL,
                f"first author differs: ours {_quoted(source.first_author[0])}, "
                f"registered {_quoted(registered.first_author)}",
            )
    if registered.years and source.year.isdigit() and int(source.year) not in registered.years:
        listed = ", ".join(str(year) for year in registered.years)
        finding("year", FAIL, f"year differs: ours {source.year}, registered {listed}")
    if registered.type == "posted-content" and registered.preprint_of:
        finding(
            "doi",
            WARN,
            "preprint since published as an article: cite the article",
            f"article {registered.preprint_of[0]}",
        )
    return findings


def _reviewed(notice: Notice, reviewed: Iterable[ReviewedNotice]) -> bool:
    """Recorded in the entry: same notice DOI; without one, same kind (or both corrections
    of some sort) and year."""
    for known in reviewed:
        if known.doi and notice.doi:
            if known.doi.casefold() == notice.doi.casefold():
                return True
            continue
        same_kind = known.kind == notice.kind or {known.kind, notice.kind} <= WARN_KINDS
        if same_kind and known.year == notice.year:
            return True
    return False


def judge_notices(source: Source, notices: Iterable[Notice]) -> list[Finding]:
    findings = []
    for notice in notices:
        words = notice.kind.replace("_", " ")
        dated = f"{words} of {notice.date}" if notice.date else words
        what = f"{dated} (recorded by {', '.join(notice.sources)})"
        reviewed = _reviewed(notice, source.reviewed)
        if notice.kind in CANNOT_CITE:
            verdict, what = FAIL, f"{what}: the work cannot be cited"
        elif notice.kind in FAIL_KINDS:
            # An expression of concern stays a warning once reviewed: it may end in retraction.
            verdict = WARN if reviewed else FAIL
            what += ", reviewed by the editors: look again" if reviewed else ""
        elif notice.kind in WARN_KINDS:
            verdict = OK if reviewed else WARN
            what += ", reviewed by the editors" if reviewed else ""
        else:
            verdict, what = WARN, f"{what}: an update of another kind, an editor should look"
        related = f"notice {notice.doi}" if notice.doi else ""
        findings.append(
            Finding(
                "", source.line("doi"), source.key, source.doi, verdict, what, related, notice.kind
            )
        )
    return findings


# --- one entry, every entry -----------------------------------------------------------------


def check_source(source: Source, services: Services, path: str) -> list[Finding]:
    def one(verdict: str, what: str) -> list[Finding]:
        return [Finding(path, source.line("doi"), source.key, source.doi, verdict, what)]

    work = services.work(source.doi)
    if work.found:
        message = work.data.get("message") or {}
        registered = registered_in_record(message)
        notices = notices_in_record(message)
        updates = services.updates(source.doi)
        notices_unknown = _notices_unknown(updates)
        if updates.found:
            notices += notices_naming(updates.data.get("message") or {}, source.doi)
    elif work.missing:
        # Not at Crossref: perhaps another agency's DOI (DataCite for some preprint servers).
        csl = services.csl(source.doi)
        if csl.missing:
            return one(FAIL, "DOI not registered (Crossref and the DOI resolver answer 404)")
        if not csl.found:
            return one(INCONCLUSIVE, f"the DOI resolver did not answer ({csl.problem})")
        registered, notices = registered_in_csl(csl.data), []
        notices_unknown = "not a Crossref DOI: its notices cannot be checked"
    else:
        return one(INCONCLUSIVE, f"Crossref did not answer ({work.problem}): nothing checked")

    findings = judge_notices(source, merge_notices(notices)) + judge_metadata(source, registered)
    if notices_unknown:
        findings += one(INCONCLUSIVE, notices_unknown)
    if not findings:
        findings = one(OK, "no notices; title, first author and year match the registered record")
    located = [replace(finding, path=path) for finding in findings]
    return sorted(located, key=lambda f: (-_SEVERITY[f.verdict], f.line))


def _notices_unknown(updates: Answer) -> str:
    if updates.found or updates.missing or updates.status == 400:
        return ""  # answered, or the filter is not served: the record's list is then all there is
    return f"Crossref's list of notices did not answer ({updates.problem})"


def check_all(sources: Iterable[Source], services: Services, path: str) -> list[Finding]:
    findings = []
    for source in sources:
        findings += check_source(source, services, path)
    return findings
