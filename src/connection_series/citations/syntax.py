"""Where a page's Markdown cites: `[@key]`, `[@a; @b]`, `[@key, p. 12]` and a bare `@key`.

Text that only looks like a citation is left alone: code (fenced, indented and inline, as
common.markdown_scan finds it: the series' indented boxes are not code, and cite), HTML
comments, tags and their attributes, URLs, link targets, e-mail addresses (an @ after a
letter or digit) and `\\@` (a literal at-sign). We scan ourselves because mkdocs-bibtex's
patterns match inside code and split on e-mail addresses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from connection_series.common.markdown_scan import Scan, Spans, scan

# Letters of any script (a key written müller2020 is found whole, and named whole when it is
# not in references.bib), digits, and : . - inside.
KEY = r"\w+(?:[:.\-]\w+)*"
# One cited work: an optional prefix in APA's form (see, see also, e.g.,, cf.), the key, and
# an optional locator after a comma (p. 12, pp. 40-42, chapter 3).
PREFIX = r"[A-Za-z][A-Za-z.]*(?:,?[ ][A-Za-z][A-Za-z.]*)*,?"
ITEM = re.compile(
    rf"\s*(?:(?P<prefix>{PREFIX})\s+)?@(?P<key>{KEY})\s*(?:,\s*(?P<locator>[^;]*?))?\s*"
)
# A bracketed group with at least one @ (link texts and labels are protected below).
BRACKETED = re.compile(r"\[(?P<body>[^\[\]\n]*@[^\[\]\n]*)\]")
# A bare @key: not after a letter, digit, @, dot, slash or backslash (e-mails, paths, escapes).
NARRATIVE = re.compile(rf"(?<![\w@./\\])@(?P<key>{KEY})")
ESCAPED_AT = "\\@"

PROTECTED = re.compile(
    r"""
      <[A-Za-z/!][^>\n]*>                                          # tag, autolink
    | \]\([^)\n]*\)                                                # link target
    | \[[^\[\]\n]*\](?=[(\[])                                       # link text, [text][label]
    | ^[ ]{0,3}\[[^\]\n]*\]:                                           # [label]: definition
    | \b(?:https?|ftp)://[^\s<>\[\]()]+                            # bare URL
    | \bwww\.[^\s<>\[\]()]+
    | \bmailto:[^\s<>\[\]()]+
    """,
    re.S | re.X | re.M,
)


@dataclass(frozen=True)
class CitedItem:
    key: str
    locator: str = ""
    prefix: str = ""  # "see", "e.g.,": printed before the author, as APA 8.11 has it


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    items: tuple[CitedItem, ...]
    narrative: bool  # a bare @key in the sentence: "Holt-Lunstad et al. (2010)"


def protected_spans(markdown: str, scanned: Scan | None = None) -> Spans:
    """Character ranges where nothing is a citation (`scanned`: scan(markdown), if known)."""
    scanned = scan(markdown) if scanned is None else scanned
    spans = [*scanned.skipped]
    for match in PROTECTED.finditer(markdown):
        if match.start() not in scanned.skipped:
            spans.append(match.span())
    return Spans(spans)


def find_citations(markdown: str, spans: Spans | None = None) -> list[Citation]:
    """Every citation of the text, in order (`spans`: protected_spans(markdown), if known)."""
    spans = protected_spans(markdown) if spans is None else spans
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for match in BRACKETED.finditer(markdown):
        if match.start() in spans:
            continue
        items = _parse_group(match["body"])
        if items:
            found.append(Citation(match.start(), match.end(), items, narrative=False))
            taken.append(match.span())
    groups = Spans(taken)
    for match in NARRATIVE.finditer(markdown):
        if match.start() in spans or match.start() in groups:
            continue
        item = CitedItem(match["key"])
        found.append(Citation(match.start(), match.end(), (item,), narrative=True))
    return sorted(found, key=lambda citation: citation.start)


def _parse_group(body: str) -> tuple[CitedItem, ...]:
    """`@a; @b, p. 12` -> items; anything else in the brackets means it is not a citation."""
    items = []
    for part in body.split(";"):
        match = ITEM.fullmatch(part)
        if not match:
            return ()
        items.append(
            CitedItem(match["key"], (match["locator"] or "").strip(), match["prefix"] or "")
        )
    return tuple(items)


def escaped_ats(markdown: str, spans: Spans) -> list[int]:
    """Positions of `\\@` outside code: each shows a literal @ (Markdown would keep the
    backslash, since @ is not one of its escapable characters)."""
    positions, start = [], markdown.find(ESCAPED_AT)
    while start != -1:
        if start not in spans:
            positions.append(start)
        start = markdown.find(ESCAPED_AT, start + 2)
    return positions


EMPTY = re.compile(r"\[\s*@(?![A-Za-z0-9_])[^\]\n]*\]")
KEYED = re.compile(rf"(?<![\w@./\\])@(?:{KEY})")
LOCATOR_WITHOUT_COMMA = re.compile(rf"@(?P<key>{KEY})\s+(?P<locator>(?:pp?|ch|chap|sec)\.?\s*\S.*)")


def _group_fix(body: str) -> str:
    """What to write instead of a bracketed group that is not a citation."""
    if missing := LOCATOR_WITHOUT_COMMA.search(body):
        return f"Put a comma before the page: [@{missing['key']}, {missing['locator'].strip()}]"
    return "Write [@key], [@key, p. 12], [see @key] or [@a; @b]; for a literal @ write \\@"


UNCLOSED = re.compile(rf"\[\s*@{KEY}[^\]\n]*$", re.M)


def malformed_citations(markdown: str, spans: Spans | None = None) -> list[tuple[int, str, str]]:
    """(offset, problem, fix) for citation syntax that would print as it is or break the
    page: `[@]`, `[@key` never closed, a citation in an image's alt text or a link's text."""
    spans = protected_spans(markdown) if spans is None else spans
    found = []
    for match in EMPTY.finditer(markdown):
        if match.start() not in spans:
            found.append(
                (
                    match.start(),
                    f"empty citation '{match[0]}'",
                    "Write the key after @, as in [@holtlunstad2010]",
                )
            )
    for match in UNCLOSED.finditer(markdown):
        if match.start() not in spans:
            found.append(
                (
                    match.start(),
                    f"citation '{match[0].strip()}' is never closed",
                    "End it with ']' on the same line",
                )
            )
    for match in BRACKETED.finditer(markdown):
        if match.start() in spans or _parse_group(match["body"]):
            continue
        if EMPTY.match(markdown, match.start()) or not KEYED.search(match["body"]):
            continue
        found.append(
            (
                match.start(),
                f"citation '{match[0]}' is not in a form the site prints",
                _group_fix(match["body"]),
            )
        )
    for citation in find_citations(markdown, spans):
        inside = _enclosing_link_text(markdown, citation)
        if inside:
            found.append(
                (
                    citation.start,
                    f"a citation inside {inside}",
                    "Move the citation after the image or link, into the sentence",
                )
            )
    return sorted(found)


def _enclosing_link_text(markdown: str, citation: Citation) -> str | None:
    """'an image's alt text' or "a link's text" if the citation sits in `[...](...)`."""
    line_start = markdown.rfind("\n", 0, citation.start) + 1
    line_end = markdown.find("\n", citation.end)
    line_end = len(markdown) if line_end == -1 else line_end
    depth, opening = 0, None
    for offset in range(citation.start - 1, line_start - 1, -1):
        char = markdown[offset]
        if char == "]":
            depth += 1
        elif char == "[":
            if depth == 0:
                opening = offset
                break
            depth -= 1
    if opening is None:
        return None
    depth = 0
    for offset in range(citation.end, line_end):
        char = markdown[offset]
        if char == "[":
            depth += 1
        elif char == "]":
            if depth == 0:
                if markdown.startswith(("(", "["), offset + 1):
                    is_image = opening > 0 and markdown[opening - 1] == "!"
                    return "an image's alt text" if is_image else "a link's text"
                return None
            depth -= 1
    return None
