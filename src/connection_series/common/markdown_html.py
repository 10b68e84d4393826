"""The HTML that md_in_html takes out of a page before its blocks are parsed: raw HTML blocks
and comments that start a line (at most three spaces in), and elements with a `markdown`
attribute, whose content is Markdown. Nothing in a raw block is code, however indented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown.util import BLOCK_LEVEL_ELEMENTS

TAG = re.compile(
    r"<(?P<close>/?)(?P<name>[a-zA-Z][-.a-zA-Z0-9:_]*)"
    r"(?P<attrs>(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*(?P<empty>/?)>"
)
MARKDOWN_ATTR = re.compile(
    r"(?:^|\s)markdown(?:\s*=\s*(?:\"(?P<q>[^\"]*)\"|'(?P<s>[^']*)'|(?P<u>[^\s\"'=<>`]+)))?(?=\s|$)"
)
COMMENT_CLOSE = re.compile(r"--!?>")  # markdown.htmlparser's
BLOCK_TAGS = frozenset(BLOCK_LEVEL_ELEMENTS)
# md_in_html: markdown="1" on these reads inline Markdown only.
SPAN_TAGS = frozenset(
    {"address", "dd", "dt", "legend", "li", "p", "summary", "td", "th"}
    | {"h1", "h2", "h3", "h4", "h5", "h6"}
)
RAW_TAGS = frozenset(["canvas", "math", "option", "pre", "script", "style", "textarea"])
EMPTY_TAGS = frozenset({"hr"})
MARKDOWN_BLOCK_TAGS = BLOCK_TAGS - SPAN_TAGS - RAW_TAGS - EMPTY_TAGS


@dataclass
class Html:
    """A raw HTML block, a comment at the start of a line, or an element with `markdown`."""

    kind: str  # "raw", "empty" (<hr>, <div/>), "comment" or "markdown"
    start: int
    end: int = -1
    name: str = ""
    state: str = "off"  # for "markdown": "block", "span" or "off" (read as raw HTML)
    content_start: int = 0
    content_end: int = 0
    children: list[Html] = field(default_factory=list)
    indented: bool = False

    @property
    def parsed(self) -> bool:
        """A `markdown` element whose content the renderer reads as Markdown."""
        return self.kind == "markdown" and self.state != "off" and not self.indented


def _markdown_state(name: str, attrs: str, parent: str | None) -> str:
    """HTMLExtractorExtra.get_state: how an element's content is read."""
    match = MARKDOWN_ATTR.search(attrs)
    value = "0" if match is None else next((v for v in match.groups() if v is not None), "1")
    if value == "markdown":
        value = "1"
    if parent == "off" or (parent == "span" and value != "0"):
        value = parent
    either = MARKDOWN_BLOCK_TAGS | SPAN_TAGS
    if (value == "1" and name in MARKDOWN_BLOCK_TAGS) or (value == "block" and name in either):
        return "block"
    if (value == "1" and name in SPAN_TAGS) or (value == "span" and name in either):
        return "span"
    return "off"


class HtmlPass:
    """What md_in_html takes out of the text before the block parser reads it: raw HTML
    blocks, comments and `markdown` elements that start a line (at most 3 spaces in)."""

    def __init__(self, text: str, skip: list[tuple[int, int]]):
        self.text = text
        self.skip = skip  # fenced code: superfences has stashed it already
        self.blocks: list[Html] = []
        self.comments: list[tuple[int, int]] = []  # every comment outside inline text
        self.raw: Html | None = None
        self.stack: list[str] = []  # the open tags of the raw block
        self.elements: list[Html] = []  # the open `markdown` elements, outermost first
        self.just_opened = False  # after a `markdown` element's start tag, before any text
        self.last_end = 0

    def run(self) -> HtmlPass:
        text, position, fence = self.text, 0, 0
        while (position := text.find("<", position)) != -1:
            while fence < len(self.skip) and self.skip[fence][1] <= position:
                fence += 1
            if fence < len(self.skip) and self.skip[fence][0] <= position:
                position = self.skip[fence][1]
                continue
            if text.startswith("<!--", position):
                close = COMMENT_CLOSE.search(text, position + 4)
                if close is None:
                    position += 1
                    continue
                self.comment(position, close.end())
                position = close.end()
                continue
            tag = TAG.match(text, position)
            if tag is None:
                position += 1
                continue
            name = tag["name"].lower()
            if self.just_opened and tag.start() > self.last_end:
                self.just_opened = False
            self.last_end = tag.end()
            if tag["close"]:
                self.end_tag(name, tag.start(), tag.end())
            else:
                self.start_tag(name, tag["attrs"], bool(tag["empty"]), tag.start(), tag.end())
            position = tag.end()
        if self.raw is not None:
            self.finish_raw(len(text))
        elif self.elements:
            self.close_elements(0, len(text), len(text))
        return self

    def at_line_start(self, position: int) -> bool:
        line_start = self.text.rfind("\n", 0, position) + 1
        return position - line_start <= 3 and not self.text[line_start:position].strip()

    def comment(self, start: int, end: int) -> None:
        self.just_opened = False
        at_line_start = self.at_line_start(start)
        if self.raw is not None or (self.elements and self.elements[-1].state == "off"):
            self.comments.append((start, end))
        elif at_line_start:
            self.comments.append((start, end))
            container = self.elements[-1].children if self.elements else self.blocks
            container.append(Html("comment", start, end))

    def start_tag(self, name: str, attrs: str, empty: bool, start: int, end: int) -> None:
        if self.raw is not None:
            if not empty and name not in EMPTY_TAGS:
                self.stack.append(name)
            return
        if name not in BLOCK_TAGS:
            return
        if self.elements:
            if not (self.at_line_start(start) or self.just_opened):
                return
            if empty or name in EMPTY_TAGS:
                self.elements[-1].children.append(Html("empty", start, end))
                return
            state = _markdown_state(name, attrs, self.elements[-1].state)
            element = Html("markdown", start, name=name, state=state, content_start=end)
            self.elements[-1].children.append(element)
            self.elements.append(element)
            self.just_opened = True
        elif self.at_line_start(start):
            if empty or name in EMPTY_TAGS:
                self.blocks.append(Html("empty", start, end))
                return
            state = _markdown_state(name, attrs, None)
            if state == "off":
                self.raw, self.stack = Html("raw", start), [name]
            else:
                element = Html("markdown", start, name=name, state=state, content_start=end)
                # Indented, its placeholder does not start a block: the renderer shows the
                # element as it is written, without reading its Markdown.
                element.indented = self.text[start - 1 : start] not in ("", "\n")
                self.elements = [element]
                self.just_opened = True

    def end_tag(self, name: str, start: int, end: int) -> None:
        if self.raw is not None:
            if name in self.stack:
                while self.stack.pop() != name:
                    pass
            if not self.stack:
                self.finish_raw(end)
            return
        names = [element.name for element in self.elements]
        if name in BLOCK_TAGS and name in names:
            self.close_elements(len(names) - 1 - names[::-1].index(name), start, end)

    def close_elements(self, depth: int, start: int, end: int) -> None:
        for element in self.elements[depth:]:
            element.content_end, element.end = start, end
        outermost = self.elements[0]
        del self.elements[depth:]
        if not self.elements:
            self.blocks.append(outermost)

    def finish_raw(self, end: int) -> None:
        self.raw.end = end
        self.blocks.append(self.raw)
        self.raw, self.stack = None, []
