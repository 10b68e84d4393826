"""Statistics from the registry in a page's prose, and the rule against typing them by hand.

A contributor writes `[[stat:holtlunstad2010-strong-ties]]` and the page shows
"odds ratio 1.50, 95% CI 1.42 to 1.59", inside
`<span data-statistic="holtlunstad2010-strong-ties" id="stat-holtlunstad2010-strong-ties-1">`
(the n-th use of that id on the page, so the Evidence page can link to it). After a comma, a
form picks a shorter wording:

| written                   | printed (odds ratio 1.50, CI 1.42 to 1.59)   |
|---------------------------|----------------------------------------------|
| `[[stat:ID]]`             | odds ratio 1.50, 95% CI 1.42 to 1.59         |
| `[[stat:ID, short]]`      | odds ratio 1.50                              |
| `[[stat:ID, value]]`      | 1.50                                         |
| `[[stat:ID, percent]]`    | 50% higher                                   |
| `[[stat:ID, ci]]`         | 95% CI 1.42 to 1.59                          |

Double square brackets and a `stat:` prefix: nothing in Markdown, Jinja or our citation syntax
(`[@key]`) reads it, and a reader of the source sees at once that it is not prose.

The rule (for articles): a decimal number, a percentage, a confidence interval or a count with
a thousands separator (12,966) typed by hand in the prose is an error, with the file, the line
and the fix. Numbers that are not statistics (a 20-second hug, three meals, 1980 to 2014) have
no decimal point, no per cent sign and no thousands separator, and stay plain. Code, HTML tags
and comments, link targets, attribute lists, citations and the registry syntax itself are
skipped.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from connection_series.citations.syntax import find_citations, protected_spans
from connection_series.common.errors import Problem
from connection_series.common.front_matter_text import body_of, body_start
from connection_series.common.markdown_scan import Scan, Spans, marker_line, scan
from connection_series.common.markdown_text import markdown_safe as _markdown_safe
from connection_series.common.site_sources import first_page
from connection_series.evidence.data import (
    DESIGNS,
    MEASURE_NAMES,
    MEASURES,
    RATIOS,
    Registry,
    Stat,
    nearest_id,
    percent_of,
)
from connection_series.evidence.pending import CSS_PENDING, pending_note

SYNTAX = re.compile(r"\[\[stat:(?P<id>[^\]\s,]*)\s*(?:,\s*(?P<form>[^\]\n]*?)\s*)?\]\]")
OPENED = re.compile(r"\[\[stat:[^\]\s]*")
FORMS = ("full", "short", "value", "percent", "ci")
REGISTRY_MARKER = "<!-- evidence-registry -->"
REGISTRY_MARKER_LINE = marker_line("evidence-registry")
CSS_UNKNOWN = "statistic-unknown"


# --- formatting -------------------------------------------------------------------------


def number(value: float) -> str:
    """Ratios and effect sizes with two decimals (as the studies report them); counts with
    thousands separators; follow-up years as reported (7.25, 14)."""
    return f"{value:.2f}"


def count(value: float) -> str:
    return f"{int(value):,}" if value == int(value) else f"{value:g}"


def plain(stat: Stat, value: float) -> str:
    if stat.measure in RATIOS or stat.measure == "g":
        return number(value)
    if stat.measure == "percent":
        return f"{value:g}%"
    return count(value)


def value_text(stat: Stat) -> str:
    if isinstance(stat.value, tuple):
        low, high = stat.value
        return f"{plain(stat, low)} to {plain(stat, high)}"
    return plain(stat, stat.value)


def ci_text(stat: Stat) -> str:
    if not stat.ci:
        return ""
    return f"95% CI {plain(stat, stat.ci[0])} to {plain(stat, stat.ci[1])}"


def percent_text(stat: Stat) -> str:
    change = percent_of(float(stat.value))
    return f"{abs(change):g}% {'higher' if change >= 0 else 'lower'}"


def render_value(stat: Stat, form: str = "full") -> str:
    """The plain-language text of a statistic (no HTML)."""
    name = MEASURE_NAMES[stat.measure]
    short = f"{name} {value_text(stat)}".strip()
    if form == "value":
        return value_text(stat)
    if form == "percent":
        return percent_text(stat)
    if form == "ci":
        return ci_text(stat)
    if form == "short" or not stat.ci:
        return short
    return f"{short}, {ci_text(stat)}"


def form_problem(stat: Stat, form: str) -> str | None:
    """Why a form cannot print this statistic, or None."""
    if form not in FORMS:
        return f"'{form}' is not a form of [[stat:...]] (use one of {', '.join(FORMS)})"
    if form == "percent" and stat.measure not in RATIOS:
        return f"'{stat.id}' is a {stat.measure}, not a ratio: it has no percentage"
    if form == "ci" and not stat.ci:
        return f"'{stat.id}' has no confidence interval in the registry"
    return None


def span(stat: Stat, text: str, anchor: str | None = None) -> str:
    ident = f' id="{anchor}"' if anchor else ""
    return (
        f'<span class="statistic" data-statistic="{html.escape(stat.id)}"{ident}>'
        f"{_markdown_safe(html.escape(text))}{pending_note(stat.pending)}</span>"
    )


def use_anchor(stat_id: str, occurrence: int) -> str:
    return f"stat-{stat_id}-{occurrence}"


def record_anchor(stat_id: str) -> str:
    return f"stat-{stat_id}"


# --- where the syntax is used -----------------------------------------------------------


@dataclass(frozen=True)
class Use:
    start: int
    end: int
    id: str
    form: str  # "" when none is written: full


def find_uses(markdown: str, scanned: Scan | None = None) -> list[Use]:
    """Every `[[stat:...]]` outside code and comments, in order (`scanned`: scan(markdown),
    if known)."""
    if "[[stat:" not in markdown:
        return []
    scanned = scan(markdown) if scanned is None else scanned
    return [
        Use(m.start(), m.end(), m["id"], (m["form"] or "").strip()) for m in scanned.outside(SYNTAX)
    ]


def rendered_uses(uses: list[Use], markdown: str, registry: Registry) -> list[tuple]:
    """(start, end, text) for every use: its value (an unknown id stays visible, marked: the
    contributor-file check reports it with its line)."""
    stats = registry.by_id()
    replacements, seen = [], {}
    for use in uses:
        stat, form = stats.get(use.id), use.form or "full"
        written = markdown[use.start : use.end]
        if stat is None or form_problem(stat, form):
            shown = _markdown_safe(html.escape(written))
            text = f'<mark class="{CSS_UNKNOWN}">{shown}</mark>'
        else:
            seen[stat.id] = seen.get(stat.id, 0) + 1
            text = span(stat, render_value(stat, form), use_anchor(stat.id, seen[stat.id]))
        replacements.append((use.start, use.end, text))
    return replacements


# --- the rule: no statistic typed by hand in an article ----------------------------------

HANDTYPED = re.compile(
    r"""
      (?<![\w.])\d+(?:[.,]\d+)?\s?(?:%|per\s?cent\b)(?!\s*(?:CI\b|confidence\b)) # 29%, 29 percent
    | (?<![\w.,])\d+\.\d+(?![\w.]*\w)                     # 1.29, 0.69
    | (?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w.,]*\d)            # 12,966: a count of people
    | \bCI\s*:?\s*\d                                     # CI 1 to 2
    """,
    re.X | re.I,
)
SKIPPED = re.compile(
    r"""
      <[A-Za-z/!][^>\n]*>                                  # an HTML tag
    | \]\([^)\n]*\)                                        # a link target
    | ^[ ]{0,3}\[[^\]\n]*\]:.*$                            # a link definition
    | \{[^{}\n]*\}                                         # an attribute list
    | \[@[^\]\n]*\]|(?<![\w@./\\])@[A-Za-z0-9_:.-]+        # a citation
    | \b(?:https?|ftp)://\S+|\bwww\.\S+                    # an address
    """,
    re.X | re.M,
)


def handtyped(body: str, scanned: Scan | None = None) -> list[tuple[int, str]]:
    """(offset, text) of every decimal, percentage, CI or 12,966-like count typed by hand (not in
    code or comments; `scanned`: scan(body), if known)."""
    scanned = scan(body) if scanned is None else scanned
    spans = [*scanned.skipped, *(match.span() for match in scanned.outside(SKIPPED))]
    spans += [(use.start, use.end) for use in find_uses(body, scanned)]
    skip = Spans(spans)
    return [(m.start(), m[0]) for m in HANDTYPED.finditer(body) if m.start() not in skip]


def _same_number(written: str, stat: Stat) -> bool:
    digits = re.sub(r"[^\d.]", "", written.replace(",", ""))
    try:
        wanted = float(digits)
    except ValueError:
        return False
    values = list(stat.value) if isinstance(stat.value, tuple) else [stat.value]
    if stat.measure in RATIOS:
        values.append(abs(percent_of(float(stat.value))))
    return any(abs(wanted - float(v)) < 1e-9 for v in values)


def handtyped_fix(written: str, registry: Registry) -> str:
    matches = [stat.id for stat in registry.stats if _same_number(written, stat)]
    if matches:
        form = ", percent" if "%" in written or "cent" in written.lower() else ""
        others = f" (or {', '.join(matches[1:3])}, with the same number)" if matches[1:] else ""
        return (
            f"Write [[stat:{matches[0]}{form}]] instead{others}; "
            "a number that is not a statistic can be written in words"
        )
    return (
        "Add the statistic to docs/data/evidence.yml with its source and write [[stat:ID]] "
        "instead (CONTRIBUTING.md, 'Add a statistic'); a number that is not a statistic can "
        "be written in words"
    )


# --- blocks (paragraphs, list items) for the citation rule -------------------------------

ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+\.)\s")


def blocks(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph or list item: lines up to a blank line or a new item."""
    found, start, offset = [], None, 0
    for line in body.splitlines(keepends=True):
        if not line.strip() or ITEM.match(line):
            if start is not None:
                found.append((start, offset))
            start = None if not line.strip() else offset
        elif start is None:
            start = offset
        offset += len(line)
    if start is not None:
        found.append((start, offset))
    return found


# --- the Evidence page ------------------------------------------------------------------


@dataclass(frozen=True)
class PageUse:
    page: str  # relative to docs/, with slashes
    title: str
    heading: str
    anchor: str


HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>.+?)[ \t]*(?:\{[^}]*\})?[ \t]*#*[ \t]*$", re.M)
TITLE = re.compile(r"^title:[ \t]*(?P<title>.+?)[ \t]*$", re.M)


def site_uses(docs_dir: Path, left_out: Collection[str] = ()) -> dict[str, list[PageUse]]:
    """Every use of every statistic id in docs/, in page order, with its anchor; not those
    of the pages in `left_out` (relative to docs/: parts that are not public yet)."""
    uses: dict[str, list[PageUse]] = {}
    for source in sorted(docs_dir.rglob("*.md")):
        if source.relative_to(docs_dir).as_posix() in left_out:
            continue
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the check reports an unreadable page with its path
        body = body_of(text)
        if "[[stat:" not in body:
            continue
        scanned = scan(body)
        found = find_uses(body, scanned)
        if not found:
            continue
        page = source.relative_to(docs_dir).as_posix()
        title = _title(text, body, scanned) or page
        headings = [(m.start(), m["text"].strip()) for m in scanned.outside(HEADING)]
        counts: dict[str, int] = {}
        for use in found:
            counts[use.id] = counts.get(use.id, 0) + 1
            heading = next((h for at, h in reversed(headings) if at < use.start), "")
            uses.setdefault(use.id, []).append(
                PageUse(page, title, heading, use_anchor(use.id, counts[use.id]))
            )
    return uses


def _title(text: str, body: str, scanned: Scan) -> str:
    front = text[: body_start(text)]
    if match := TITLE.search(front):
        return match["title"].strip().strip("\"'")
    if headings := scanned.outside(HEADING):  # a `# comment` in a code block is no heading
        return headings[0]["text"].strip()
    return ""


def registry_page(docs_dir: Path) -> str | None:
    """The page (relative to docs/) that holds the Evidence page marker."""
    return first_page(docs_dir, has_registry_marker)


def render_registry(registry: Registry, docs_dir: Path, left_out: Collection[str] = ()) -> str:
    """Markdown for the Evidence page: one entry per record, in the registry's order."""
    here = posixpath.dirname(registry_page(docs_dir) or "evidence.md")
    uses = site_uses(docs_dir, left_out)
    entries = []
    for stat in registry.stats:
        links = [
            f"[{_link_text(use)}]({posixpath.relpath(use.page, here or '.')}#{use.anchor})"
            for use in uses.get(stat.id, [])
        ]
        used = "; ".join(links) if links else "not used in an article yet"
        value = span(stat, render_value(stat))
        if stat.measure in RATIOS:
            value += f" ({html.escape(percent_text(stat))} than the comparison group)"
        elif stat.measure == "count":
            value += f" {_markdown_safe(html.escape(stat.unit))}"
        elif stat.measure == "years":
            value += " years"
        entries.append(
            "\n".join(
                [
                    f'<div class="statistic-record" id="{record_anchor(stat.id)}" markdown>',
                    "",
                    f"**{_markdown_safe(html.escape(stat.about))}**",
                    "",
                    f"- Value: {value}",
                    f"- Measure: {html.escape(_measure_words(stat))}",
                    f"- Study design: {html.escape(stat.design)}, "
                    f"{html.escape(DESIGNS[stat.design])}",
                    f"- Who was studied: {_markdown_safe(html.escape(stat.population))}",
                    f"- Source: @{stat.cite}, {_markdown_safe(html.escape(stat.location))}",
                    f"- {_checked(stat)}",
                    f"- Used in: {used}",
                    "",
                    "</div>",
                ]
            )
        )
    return "\n\n".join(entries) + "\n"


def _link_text(use: PageUse) -> str:
    text = use.title + (f", under \u201c{use.heading}\u201d" if use.heading else "")
    return _markdown_safe(html.escape(text))


def _measure_words(stat: Stat) -> str:
    if stat.measure in MEASURES:
        return MEASURES[stat.measure]
    return {
        "g": "Hedges' g, a standard size of effect",
        "percent": "percentage",
        "count": f"count of {stat.unit}",
        "years": "years of follow-up",
    }[stat.measure]


def _checked(stat: Stat) -> str:
    if stat.pending:
        return (
            f'<strong class="{CSS_PENDING}">Not yet checked against the source</strong>: '
            "an editor checks every number before the site publishes it"
        )
    day = stat.checked
    return (
        f'Checked against the source on <time datetime="{day.isoformat()}">'
        f"{day.day} {day:%B %Y}</time>"
    )


def has_registry_marker(markdown: str, scanned: Scan | None = None) -> bool:
    """Whether the page holds the Evidence page's list (a marker shown as code does not)."""
    if not REGISTRY_MARKER_LINE.search(markdown):
        return False
    return bool((scan(markdown) if scanned is None else scanned).markers(REGISTRY_MARKER_LINE))


def unknown_id_fix(wanted: str, registry: Registry) -> str:
    near = nearest_id(wanted, [stat.id for stat in registry.stats])
    if near:
        return (
            f"Did you mean [[stat:{near}]]? "
            f"Otherwise add a record '{wanted}' to docs/data/evidence.yml"
        )
    return f"Add a record '{wanted}' to docs/data/evidence.yml, or correct the id"


# --- the contributor-file check ----------------------------------------------------------


def statistic_problems(
    shown: str, body: str, line, registry: Registry, article: bool, scanned: Scan | None = None
) -> list:
    """Problems of one page's statistics. `line(offset)` is the editor's line of an offset in
    the body; `article`: the page has article front matter, so nothing may be typed by hand;
    `scanned`: scan(body), if known."""
    problems = []
    stats = registry.by_id()
    scanned = scan(body) if scanned is None else scanned
    cited = [
        (citation.start, {item.key for item in citation.items})
        for citation in find_citations(body, protected_spans(body, scanned))
    ]
    spans = blocks(body)
    for use in find_uses(body, scanned):
        written = body[use.start : use.end]
        stat = stats.get(use.id)
        if stat is None and use.id in registry.broken:
            continue  # the record has a mistake, reported on its own line
        if stat is None:
            problems.append(
                Problem(
                    shown,
                    line(use.start),
                    f"unknown statistic id '{use.id}' in {written}",
                    unknown_id_fix(use.id, registry),
                )
            )
            continue
        if why := form_problem(stat, use.form or "full"):
            fix = "Correct the form after the comma"
            problems.append(Problem(shown, line(use.start), why, fix))
            continue
        start, end = next(((a, b) for a, b in spans if a <= use.start < b), (use.start, use.end))
        keys = set().union(*(found for at, found in cited if start <= at < end))
        if stat.cite not in keys:
            problems.append(
                Problem(
                    shown,
                    line(use.start),
                    f"statistic '{stat.id}' comes from @{stat.cite}, but its paragraph or list "
                    "item does not cite it",
                    f"Add [@{stat.cite}] to the paragraph or list item",
                )
            )
    for match in scanned.outside(OPENED):
        if not SYNTAX.match(body, match.start()):
            problems.append(
                Problem(
                    shown,
                    line(match.start()),
                    f"'{match[0]}' is not closed by ']]' right after the id (and a form)",
                    "End it with ']]' on the same line, as in [[stat:holtlunstad2010-strong-ties]]",
                )
            )
    if article:
        for offset, written in handtyped(body, scanned):
            problems.append(
                Problem(
                    shown,
                    line(offset),
                    f"'{written.strip()}' is typed by hand: a decimal number, a percentage, a "
                    "confidence interval or a count such as 12,966 in an article comes from the "
                    "statistics registry",
                    handtyped_fix(written, registry),
                )
            )
    return problems
