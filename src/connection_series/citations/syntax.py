"""Where a page's Markdown cites: `[@key]`, `[@a; @b]`, `[@key, p. 12]` and a bare `@key`.

Text that only looks like a citation is left alone: fenced code, inline code, HTML comments,
tags and their attributes, URLs, link targets, e-mail addresses (an @ after a letter or digit)
and `\\@` (a literal at-sign). Indented text is not treated as code: the series' boxes
(admonitions) are indented and cite. We scan ourselves because mkdocs-bibtex's patterns
match inside code and split on e-mail addresses.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

KEY = r"[A-Za-z0-9_]+(?:[:.\-][A-Za-z0-9_]+)*"
ITEM = re.compile(rf"\s*@(?P<key>{KEY})\s*(?:,\s*(?P<locator>[^;]*?))?\s*")
# A bracketed group with at least one @ (link texts and labels are protected below).
BRACKETED = re.compile(r"\[(?P<body>[^\[\]\n]*@[^\[\]\n]*)\]")
# A bare @key: not after a letter, digit, @, dot, slash or backslash (e-mails, paths, escapes).
NARRATIVE = re.compile(rf"(?<![\w@./\\])@(?P<key>{KEY})")
ESCAPED_AT = "\\@"

PROTECTED = re.compile(
    r"""
      (?P<code>(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`))   # inline code
    | <!--.*?-->                                                   # HTML comment
    | <[A-Za-z/!][^>\n]*>                                          # tag, autolink
    | \]\([^)\n]*\)                                                # link target
    | \[[^\[\]\n]*\](?=[(\[])                                       # link text, [text][label]
    | ^[ ]{0,3}\[[^\]\n]*\]:                                           # [label]: definition
    | \b(?:https?|ftp)://[^\s<>\[\]()]+                            # bare URL
    | \bwww\.[^\s<>\[\]()]+
    | \bmailto:[^\s<>\[\]()]+
    """,
    re.S | re.X | re.M,
)
FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")


@dataclass(frozen=True)
class CitedItem:
    key: str
    locator: str = ""


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    items: tuple[CitedItem, ...]
    narrative: bool  # a bare @key in the sentence: "Holt-Lunstad et al. (2010)"


CODE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)", re.S)


def code_spans(markdown: str) -> Spans:
    """Character ranges of fenced code blocks and inline code."""
    spans = _fenced_blocks(markdown)
    fences = Spans(spans)
    spans += [m.span() for m in CODE.finditer(markdown) if m.start() not in fences]
    return Spans(spans)


def protected_spans(markdown: str) -> Spans:
    """Character ranges where nothing is a citation."""
    spans = _fenced_blocks(markdown)
    fences = Spans(spans)
    for match in PROTECTED.finditer(markdown):
        if match.start() not in fences:
            spans.append(match.span())
    return Spans(spans)


class Spans:
    """Sorted, merged ranges with a fast `position in spans` (pages have hundreds)."""

    def __init__(self, spans: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]

    def __contains__(self, position: int) -> bool:
        index = bisect.bisect_right(self.starts, position) - 1
        return index >= 0 and position < self.ends[index]


def _fenced_blocks(markdown: str) -> list[tuple[int, int]]:
    if "```" not in markdown and "~~~" not in markdown:
        return []
    spans, offset, opened = [], 0, None
    for line in markdown.splitlines(keepends=True):
        fence = FENCE.match(line)
        if opened is None and fence:
            opened = (offset, fence["fence"])
        elif opened is not None and fence and _closes(fence["fence"], opened[1], line):
            spans.append((opened[0], offset + len(line)))
            opened = None
        offset += len(line)
    if opened is not None:  # an unclosed fence runs to the end, as in Markdown
        spans.append((opened[0], len(markdown)))
    return spans


def outside_fences(pattern: re.Pattern, markdown: str, start: int = 0) -> list[re.Match]:
    """Matches of a marker-line pattern that are not inside a fenced code block, where a
    page may show a marker as an example of what to write."""
    fences = Spans(_fenced_blocks(markdown))
    return [match for match in pattern.finditer(markdown, start) if match.start() not in fences]


def _closes(fence: str, opening: str, line: str) -> bool:
    return fence[0] == opening[0] and len(fence) >= len(opening) and line.strip() == fence


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
        items.append(CitedItem(match["key"], (match["locator"] or "").strip()))
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
UNCLOSED = re.compile(rf"\[\s*@{KEY}[^\]\n]*$", re.M)


def malformed_citations(markdown: str) -> list[tuple[int, str, str]]:
    """(offset, problem, fix) for citation syntax that would print as it is or break the
    page: `[@]`, `[@key` never closed, a citation in an image's alt text or a link's text."""
    spans = protected_spans(markdown)
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
