"""Where a page's Markdown is code, and which lines are markers: the one scanner that the
contributor-file check, every extension and the collection of citations and statistics use.

Code (fenced, indented and `inline`) shows what is written: nothing in it is a citation, a
statistic, a marker or a number typed by hand, and the extensions leave it as it is. An HTML
comment is hidden from readers, so nothing in it counts either; a marker is itself a comment,
alone on its line (`<!-- bibliography -->`), outside code.

Whether an indented block is code depends on what comes before it (after a paragraph it is
code; after a box `!!!`, a list item or a footnote it is their content, and the series' boxes
cite), so the page's blocks are read the way the site's renderer reads them
(markdown_blocks). Inline code follows Python-Markdown's backtick rule. The renderer itself
is not used because it keeps no source offsets, and the check reports lines.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from markdown.inlinepatterns import BACKTICK_RE

from connection_series.common.markdown_blocks import structure
from connection_series.common.markdown_lines import TAB, Block

BACKTICK = re.compile(BACKTICK_RE)
CODE_SIGNS = re.compile(r"`|~~~|<!--|^[ >]*[ ]{4}", re.M)
INLINE_COMMENT = re.compile(r"<!--(?:(?!<!--|-->).)*-->", re.S)  # as the renderer's HTML_RE


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

    def __iter__(self):
        return iter(zip(self.starts, self.ends, strict=True))


@dataclass(frozen=True)
class Scan:
    """A page's Markdown with where its code and comments are (offsets into `text`)."""

    text: str
    code: Spans
    comments: Spans
    skipped: Spans  # code and comments: nothing there counts
    comment_starts: frozenset[int]

    def is_code(self, offset: int) -> bool:
        return offset in self.code

    def is_skipped(self, offset: int) -> bool:
        return offset in self.skipped

    def outside(self, pattern: re.Pattern, start: int = 0) -> list[re.Match]:
        """Matches that start outside code and comments."""
        return [
            match
            for match in pattern.finditer(self.text, start)
            if match.start() not in self.skipped
        ]

    def markers(self, pattern: re.Pattern, start: int = 0) -> list[re.Match]:
        """Matches of a marker line (see `marker_line`) whose comment is a comment of its own:
        not code, not inside another comment."""
        found = []
        for match in pattern.finditer(self.text, start):
            at = self.text.find("<!--", match.start(), match.end())
            if at in self.comment_starts and at not in self.code:
                found.append(match)
        return found


def marker_line(name: str) -> re.Pattern:
    """The pattern of the line `<!-- name -->` alone on its line (`name` is a regular
    expression: groups in it are the marker's arguments)."""
    return re.compile(rf"^[ \t]*<!--\s*{name}\s*-->[ \t]*$", re.M)


def scan(markdown: str) -> Scan:
    """Where the page's code and comments are (the page without its front matter)."""
    text, back = _expand_tabs(markdown)
    found = structure(text) if _may_hold_code(text) else None
    code, comments = [], []
    if found is not None:
        code, comments = list(found.code), list(found.comments)
        for block in found.inline:
            inline_code, inline_comments = _inline(block)
            code += inline_code
            comments += inline_comments
    if back is not None:
        code = [(back[start], back[end]) for start, end in code]
        comments = [(back[start], back[end]) for start, end in comments]
    code_spans, comment_spans = Spans(code), Spans(comments)
    return Scan(
        markdown,
        code_spans,
        comment_spans,
        Spans(code + comments),
        frozenset(start for start, _ in comments),
    )


def _may_hold_code(text: str) -> bool:
    """A quick look that spares the parse for text without a backtick, a tilde fence, a
    comment or an indented line (in a quote too): none of it can be code or a comment."""
    return CODE_SIGNS.search(text) is not None


def _expand_tabs(markdown: str) -> tuple[str, list[int] | None]:
    """The text as the renderer reads it (tabs to the next multiple of 4) and, if that moved
    anything, each of its positions' offset in `markdown` (one more for the end)."""
    if "\t" not in markdown:
        return markdown, None
    pieces, back = [], []
    for offset, line in _lines_with_offsets(markdown):
        expanded = line.expandtabs(TAB)
        pieces.append(expanded)
        column = 0
        for index, char in enumerate(line):
            width = TAB - column % TAB if char == "\t" else 1
            back += [offset + index] * width
            column += width
        back.append(offset + len(line))  # the newline (or the end)
    return "\n".join(pieces), back


def _lines_with_offsets(text: str):
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _inline(block: Block) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Inline code and comments of one run of inline text, as source offsets."""
    text = block.text
    if "`" not in text and "<!--" not in text:
        return [], []
    spans, work, position = [], text, 0
    while match := BACKTICK.search(work, position):
        if match.group(1):  # escaped backslashes: the backtick after them opens code
            work = work[: match.start()] + "\x03" * len(match.group(1)) + work[match.end() :]
            position = match.end()
            continue
        start, end = _code_span(match.start(), work)
        if end is None:
            position = start
            continue
        stop = end + start - match.start()
        spans.append((match.start(), stop))
        position = stop
    masked = list(work)
    for start, stop in spans:
        masked[start:stop] = "\x03" * (stop - start)
    comments = [m.span() for m in INLINE_COMMENT.finditer("".join(masked))]
    return [_source(block, span) for span in spans], [_source(block, span) for span in comments]


def _code_span(begin: int, text: str) -> tuple[int, int | None]:
    """Python-Markdown's BacktickInlineProcessor.find_code_spans: the content's start and end
    for the backticks at `begin` (a run of the same length closes; failing that, the longest
    shorter run), or where to look on."""
    last, start, ticks = len(text), begin, 0
    while start < last and text[start] == "`":
        ticks += 1
        start += 1
    longest = end = 0
    index = start
    while index < last:
        run = 0
        while index < last and text[index] == "`":
            run += 1
            index += 1
        if not run:
            index += 1
            continue
        if run == ticks:
            return start, index - run
        if run > longest:
            longest, end = run, index
    if 0 < longest < ticks:
        return start - (ticks - longest), end - longest
    return start + ticks, None


def _source(block: Block, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    return block.source(start), block.source(end - 1) + 1
