"""Where the site's renderer puts code blocks: a page's block structure, with offsets.

Python-Markdown builds an element tree and forgets where in the source each part came from;
the check needs lines, and the extensions must leave code as it is written. So this follows
the renderer's own steps on the source, keeping offsets:

1. fences, as pymdownx.superfences finds them (markdown_fences);
2. raw HTML blocks, comments and `markdown` elements, as md_in_html takes them out
   (markdown_html);
3. the block processors of the site's extensions, in their order (BlockParser below): they
   decide whether an indented block is an indented code block or the content of the box,
   list item, definition or footnote before it.

The result: the code blocks, and the runs of text that inline Markdown reads (where `inline
code` can be). Only what decides code is kept of the tree. The patterns are the renderer's
own where it has them as class attributes. tests/test_markdown_scan.py renders many pages
with the renderer (with mkdocs.yml's extensions) and compares: an extension added there that
changes blocks (pymdownx.blocks, tabbed, ...) needs its processor here, and fails that test
until it has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown.blockprocessors import (
    BlockQuoteProcessor,
    HashHeaderProcessor,
    HRProcessor,
    ReferenceProcessor,
    SetextHeaderProcessor,
)
from markdown.extensions.abbr import AbbrBlockprocessor
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.extensions.def_list import DefListProcessor
from markdown.extensions.footnotes import FootnoteBlockProcessor
from pymdownx.details import DetailsProcessor

from connection_series.common.markdown_fences import Fence, fences
from connection_series.common.markdown_html import Html, HtmlPass
from connection_series.common.markdown_lines import (
    INDENT,
    TAB,
    Block,
    Line,
    detab,
    footnote_detab,
    loose_detab,
)


class Node:
    """An element of the renderer's tree, as far as it decides what is code."""

    __slots__ = ("block", "children", "kind", "tail", "text")

    def __init__(self, kind: str):
        self.kind, self.children = kind, []
        self.block: Block | None = None  # a paragraph's text
        # A tight list item's text, and text after a child in it: the number of its run of
        # inline text (more paragraphs join it, as the renderer joins them).
        self.text: int | None = None
        self.tail: int | None = None

    def add(self, kind: str) -> Node:
        node = Node(kind)
        self.children.append(node)
        return node

    @property
    def last(self) -> Node | None:
        return self.children[-1] if self.children else None


OLIST = re.compile(r"^[ ]{0,3}\d+\.[ ]+(.*)")
ULIST = re.compile(r"^[ ]{0,3}[*+-][ ]+(.*)")
LIST_CHILD = re.compile(r"^[ ]{0,3}((\d+\.)|[*+-])[ ]+(.*)")
LIST_INDENTED = re.compile(r"^[ ]{4,7}((\d+\.)|[*+-])[ ]+.*")
INDENT_LEVEL = re.compile(r"^(([ ]{4})+)")
TABLE_SEPARATOR = set("|:- ")
PLACEHOLDER = re.compile("^\x02(?P<kind>[a-z])(?P<number>\\d*)\x03$")
FENCE_PLACEHOLDER = re.compile("^(?P<prefix>[> ]*)\x02f(?P<number>\\d+)\x03$")


@dataclass
class Structure:
    """What the parser found: code blocks and the runs of text that inline Markdown reads."""

    code: list[tuple[int, int]] = field(default_factory=list)
    inline: list[Block] = field(default_factory=list)
    comments: list[tuple[int, int]] = field(default_factory=list)


class BlockParser:
    """Python-Markdown's BlockParser with the block processors of the site's extensions, in
    their order of priority, reduced to what decides code. Each method mirrors one processor."""

    def __init__(self, page: Page, found: Structure):
        self.state: list[str] = []
        self.page = page
        self.found = found
        self.footnotes: list[Block] = []  # parsed after the document, as the renderer does
        self.processors = [
            self.admonition,
            self.markdown_element,
            self.details,
            self.empty,
            self.list_indent,
            self.definition_indent,
            self.code,
            self.table,
            self.hash_heading,
            self.setext_heading,
            self.rule,
            self.ordered_list,
            self.unordered_list,
            self.definition_list,
            self.quote,
            self.footnote,
            self.abbreviation,
            self.reference,
            self.paragraph,
        ]

    def is_state(self, state: str) -> bool:
        return bool(self.state) and self.state[-1] == state

    def parse_document(self, block: Block) -> None:
        self.parse_chunk(Node("root"), block)
        while self.footnotes:  # into a stand-in <div>, as the footnotes extension does
            self.parse_chunk(Node("div"), self.footnotes.pop(0))

    def parse_chunk(self, parent: Node, block: Block) -> None:
        self.parse_blocks(parent, block.split())

    def parse_blocks(self, parent: Node, blocks: list[Block]) -> None:
        while blocks:
            for processor in self.processors:
                if processor(parent, blocks):
                    break

    # --- boxes: !!! (admonition) and ??? (details) ---

    # Each processor first looks for the characters its pattern needs: the patterns are the
    # renderer's, and searching them all in every block is most of the time a page takes.

    def admonition(self, parent: Node, blocks: list[Block]) -> bool:
        return self._box(parent, blocks, AdmonitionProcessor.RE, "!!!", "admonition", 2)

    def details(self, parent: Node, blocks: list[Block]) -> bool:
        return self._box(parent, blocks, DetailsProcessor.START, "???", "details", 3)

    def _box(self, parent, blocks, title: re.Pattern, sign: str, kind: str, title_group: int):
        block = blocks[0]
        match = title.search(block.text) if sign in block.text else None
        if match:
            blocks.pop(0)
            if match.start() > 0:
                self.parse_blocks(parent, [block.cut(0, match.start())])
            content, rest = detab(block.cut(match.end()))
            box = parent.add(kind)
            if match.group(title_group):
                self.found.inline.append(block.cut(*match.span(title_group)))
        else:
            found = self._box_content(parent, block, kind)
            if found is None:
                return False
            blocks.pop(0)
            box, content, rest = found
            if box.kind in ("li", "dd") and box.text is not None:
                box.text = None
                box.add("p")
        self.parse_chunk(box, content)
        if rest:
            blocks.insert(0, rest)
        return True

    def _box_content(self, parent: Node, block: Block, kind: str):
        """An indented block after a box continues it (or a list at its end)."""
        sibling = parent.last
        if sibling is None or sibling.kind != kind:
            return None
        child, shift, indent = sibling.last, 0, 0
        while child is not None:
            if block.text.startswith(" " * (TAB * 2), shift) and child.kind in ("list", "dl"):
                sibling = child.last
                child = sibling.last if sibling is not None else None
                shift += TAB
                indent += TAB
            else:
                child = None
        if sibling is None or not block.text.startswith(INDENT, shift):
            return None
        content, rest = detab(block, indent + TAB)
        return sibling, content, rest

    # --- md_in_html elements and empty blocks ---

    def markdown_element(self, parent: Node, blocks: list[Block]) -> bool:
        match = PLACEHOLDER.match(blocks[0].text)
        if not match or match["kind"] != "m":
            return False
        blocks.pop(0)
        parent.add("html")
        self.element_content(self.page.elements[int(match["number"])])
        return True

    def element_content(self, element: Html) -> None:
        node = Node(element.name)
        if element.state == "block":
            lines = self.page.lines(
                element.content_start, element.content_end, element.children, False
            )
            self.parse_blocks(node, Block(lines).rstrip().split())
        elif element.state == "span":
            lines = self.page.lines(
                element.content_start, element.content_end, element.children, False
            )
            self.found.inline.append(Block(lines))
        for child in element.children:
            if child.kind == "markdown" and element.state != "block":
                self.element_content(child)

    def empty(self, parent: Node, blocks: list[Block]) -> bool:
        block = blocks[0]
        if block.text and not block.text.startswith("\n"):
            return False
        blocks.pop(0)
        if block.text and (rest := block.cut(1)):
            blocks.insert(0, rest)
        return True

    # --- list items, definitions and code ---

    def list_indent(self, parent: Node, blocks: list[Block]) -> bool:
        return self._indent(parent, blocks, ("li",), ("list",), "li")

    def definition_indent(self, parent: Node, blocks: list[Block]) -> bool:
        return self._indent(parent, blocks, ("dd", "li"), ("dl", "list"), "dd")

    def _indent(self, parent, blocks, items, lists, new_item) -> bool:
        """An indented block after a list continues its last item (ListIndentProcessor)."""
        block = blocks[0]
        if not block.text.startswith(INDENT) or self.is_state("detabbed"):
            return False
        if not (parent.kind in items or (parent.last is not None and parent.last.kind in lists)):
            return False
        blocks.pop(0)
        level, sibling = self._level(parent, block, items, lists)
        block = loose_detab(block, level)
        self.state.append("detabbed")
        if parent.kind in items:
            if parent.last is not None and parent.last.kind in lists:
                self.parse_blocks(parent.last, [block])
            else:
                self.parse_blocks(parent, [block])
        elif sibling.kind in items:
            self.parse_blocks(sibling, [block])
        elif sibling.last is not None and sibling.last.kind in items:
            if sibling.last.text is not None:
                sibling.last.text = None
                sibling.last.children.insert(0, Node("p"))
            self.parse_chunk(sibling.last, block)
        else:
            self.parse_blocks(sibling.add(new_item), [block])
        self.state.pop()
        return True

    def _level(self, parent: Node, block: Block, items, lists) -> tuple[int, Node]:
        match = INDENT_LEVEL.match(block.text)
        wanted = len(match.group(1)) // TAB if match else 0
        level = 1 if self.is_state("list") else 0
        while wanted > level:
            child = parent.last
            if child is not None and (child.kind in lists or child.kind in items):
                if child.kind in lists:
                    level += 1
                parent = child
            else:
                break
        return level, parent

    def code(self, parent: Node, blocks: list[Block]) -> bool:
        block = blocks[0]
        if not block.text.startswith(INDENT):
            return False
        blocks.pop(0)
        if parent.last is None or parent.last.kind != "pre":
            parent.add("pre")
        code, rest = detab(self.page.revert_fences(block))
        lines = [(offset, text) for offset, text in code.lines if text]
        if lines:
            self.found.code.append((lines[0][0], lines[-1][0] + len(lines[-1][1])))
        if rest:
            blocks.insert(0, rest)
        return True

    # --- tables, headings, rules ---

    def table(self, parent: Node, blocks: list[Block]) -> bool:
        if "|" not in blocks[0].text or len(blocks[0].lines) < 2:
            return False
        rows = [text.strip(" ") for _, text in blocks[0].lines]
        border = rows[0].startswith("|") or rows[0].endswith("|")
        header = _cells(rows[0], border)
        if len(header) < 2 and not (
            border and all(r.startswith("|") or r.endswith("|") for r in rows[1:])
        ):
            return False
        separator = _cells(rows[1], border)
        if len(separator) != len(header) or not set("".join(separator)) <= TABLE_SEPARATOR:
            return False
        block = blocks.pop(0)
        parent.add("table")
        for number, line in enumerate(block.lines):
            if number != 1:
                self.found.inline.append(Block([line]))
        return True

    def hash_heading(self, parent: Node, blocks: list[Block]) -> bool:
        block = blocks[0]
        match = HashHeaderProcessor.RE.search(block.text) if "#" in block.text else None
        if not match:
            return False
        blocks.pop(0)
        if match.start() > 0:
            self.parse_blocks(parent, [block.cut(0, match.start())])
        parent.add("h")
        self.found.inline.append(block.cut(*match.span("header")))
        after = block.cut(match.end())
        if after:
            blocks.insert(0, loose_detab(after) if self.is_state("looselist") else after)
        return True

    def setext_heading(self, parent: Node, blocks: list[Block]) -> bool:
        block = blocks[0]
        if not SetextHeaderProcessor.RE.match(block.text):
            return False
        blocks.pop(0)
        parent.add("h")
        self.found.inline.append(Block(block.lines[:1]))
        if len(block.lines) > 2:
            blocks.insert(0, Block(block.lines[2:]))
        return True

    def rule(self, parent: Node, blocks: list[Block]) -> bool:
        block = blocks[0]
        text = block.text
        signs = "-" in text or "_" in text or "*" in text
        match = HRProcessor.SEARCH_RE.search(text) if signs else None
        if not match:
            return False
        blocks.pop(0)
        before = block.cut(0, match.start()).rstrip()
        if before:
            self.parse_blocks(parent, [before])
        parent.add("hr")
        after = block.cut(match.end()).lstrip()
        if after:
            blocks.insert(0, after)
        return True

    # --- lists ---

    def ordered_list(self, parent: Node, blocks: list[Block]) -> bool:
        return self._list(parent, blocks, OLIST)

    def unordered_list(self, parent: Node, blocks: list[Block]) -> bool:
        return self._list(parent, blocks, ULIST)

    def _list(self, parent: Node, blocks: list[Block], first: re.Pattern) -> bool:
        if not first.match(blocks[0].text):
            return False
        items = _list_items(blocks.pop(0))
        sibling = parent.last
        if sibling is not None and sibling.kind == "list":
            listing = sibling
            if listing.last is not None and listing.last.text is not None:
                listing.last.text = None
                listing.last.children.insert(0, Node("p"))
            self.state.append("looselist")
            self.parse_blocks(listing.add("li"), [items.pop(0)])
            self.state.pop()
        elif parent.kind == "list":
            listing = parent
        else:
            listing = parent.add("list")
        self.state.append("list")
        for item in items:
            if item.text.startswith(INDENT) and listing.last is not None:
                self.parse_blocks(listing.last, [item])
            else:
                self.parse_blocks(listing.add("li"), [item])
        self.state.pop()
        return True

    # --- definition lists, quotes, footnotes, abbreviations, references ---

    def definition_list(self, parent: Node, blocks: list[Block]) -> bool:
        raw = blocks[0]
        match = DefListProcessor.RE.search(raw.text) if ":" in raw.text else None
        if not match:
            return False
        terms = [line for line in raw.cut(0, match.start()).lines if line[1].strip()]
        rest = raw.cut(match.end())
        if DefListProcessor.NO_INDENT_RE.match(rest.text):
            definition, the_rest = rest, None
        else:
            definition, the_rest = detab(rest)
        head = raw.cut(*match.span(2))
        definition = Block(head.lines + definition.lines) if definition else head
        sibling = parent.last
        if not terms and sibling is None:
            return False
        blocks.pop(0)
        if not terms and sibling.kind == "p":
            state = "looselist"  # the paragraph before holds the terms, one a line
            paragraph = parent.children.pop()
            self.found.inline = [
                b if b is not paragraph.block else Block([]) for b in self.found.inline
            ]
            terms = paragraph.block.lines
            sibling = parent.last
        else:
            state = "list"
        listing = sibling if sibling is not None and sibling.kind == "dl" else parent.add("dl")
        for term in terms:
            listing.add("dt")
            self.found.inline.append(Block([term]))
        self.state.append(state)
        self.parse_blocks(listing.add("dd"), [definition])
        self.state.pop()
        if the_rest:
            blocks.insert(0, the_rest)
        return True

    def quote(self, parent: Node, blocks: list[Block]) -> bool:
        block = blocks[0]
        match = BlockQuoteProcessor.RE.search(block.text) if ">" in block.text else None
        if not match:
            return False
        blocks.pop(0)
        before = block.cut(0, match.start())
        if before:
            self.parse_blocks(parent, [before])
        lines = []
        for offset, text in block.cut(match.start()).lstrip().lines:
            line = BlockQuoteProcessor.RE.match(text)
            if text.strip() == ">":
                lines.append((offset, ""))
            elif line:
                lines.append((offset + line.start(2), line.group(2)))
            else:
                lines.append((offset, text))
        sibling = parent.last
        quote = sibling if sibling is not None and sibling.kind == "quote" else parent.add("quote")
        self.state.append("blockquote")
        self.parse_chunk(quote, Block(lines))
        self.state.pop()
        return True

    def footnote(self, parent: Node, blocks: list[Block]) -> bool:
        """A footnote's text and its indented blocks are kept and parsed at the end."""
        block = blocks[0]
        pattern = FootnoteBlockProcessor.RE
        match = pattern.search(block.text) if "[^" in block.text else None
        if not match:
            return False
        blocks.pop(0)
        preceding = block.cut(0, match.start())
        for following in pattern.finditer(block.text, match.end()):
            if block.text[match.end() : following.start()].strip("\n"):
                break
            self.footnotes.append(block.cut(*match.span(2)))
            match = following
        content = [block.cut(*match.span(2))]
        rest = block.cut(match.end()).lstrip()
        inside = pattern.search(rest.text)
        if inside:
            before = footnote_detab(rest.cut(0, inside.start()).rstrip())
            content[0] = Block(content[0].lines + before.lines).lstrip()
            blocks.insert(0, rest.cut(inside.start()))
        else:
            content[0] = Block(content[0].lines + footnote_detab(rest).lines).lstrip().rstrip()
            content += self._footnote_blocks(blocks, pattern)
        joined: list[Line] = []
        for piece in content:
            joined += ([(0, "")] if joined else []) + piece.lines
        self.footnotes.append(Block(joined))
        if preceding.text.strip():
            blocks.insert(0, preceding.rstrip())
        return True

    def _footnote_blocks(self, blocks: list[Block], pattern: re.Pattern) -> list[Block]:
        found = []
        while blocks and blocks[0].text.startswith(INDENT):
            block = blocks.pop(0)
            inside = pattern.search(block.text)
            if inside:
                found.append(footnote_detab(block.cut(0, inside.start()).rstrip()))
                blocks.insert(0, block.cut(inside.start()))
                break
            found.append(footnote_detab(block))
        return found

    def abbreviation(self, parent: Node, blocks: list[Block]) -> bool:
        block = blocks[0]
        match = AbbrBlockprocessor.RE.search(block.text) if "*[" in block.text else None
        if not match or not (match["abbr"].strip() and match["title"].strip()):
            return False
        return self._definition(blocks, match.start(), match.end())

    def reference(self, parent: Node, blocks: list[Block]) -> bool:
        block = blocks[0]
        pattern = ReferenceProcessor.RE
        match = pattern.search(block.text) if "]:" in block.text else None
        if not match:
            return False
        start = end = match.start()
        for match in pattern.finditer(block.text, start):
            if match.start() > start and (
                block.text[end : match.start()].strip("\n") or "\n" in match.group()
            ):
                break
            end = match.end()
        return self._definition(blocks, start, end)

    def _definition(self, blocks: list[Block], start: int, end: int) -> bool:
        """A definition (reference, abbreviation) leaves no element; the lines before and
        after it become blocks of their own (so an indented line after it is code)."""
        block = blocks.pop(0)
        if block.text[end:].strip():
            blocks.insert(0, block.cut(end).lstrip())
        if block.text[:start].strip():
            blocks.insert(0, block.cut(0, start).rstrip())
        return True

    def paragraph(self, parent: Node, blocks: list[Block]) -> bool:
        block = blocks.pop(0)
        if not block.text.strip():
            return True
        if not self.is_state("list"):
            parent.add("p").block = block.lstrip(" \n")
            self.found.inline.append(parent.last.block)
        elif parent.last is None:  # a tight list item's text: it joins the text before
            parent.text = self._join(parent.text, block.lstrip(" \n"))
        else:
            parent.last.tail = self._join(parent.last.tail, block)
        return True

    def _join(self, number: int | None, block: Block) -> int:
        if number is None:
            self.found.inline.append(block)
            return len(self.found.inline) - 1
        self.found.inline[number] = Block(self.found.inline[number].lines + block.lines)
        return number


def _list_items(block: Block) -> list[Block]:
    items: list[list[Line]] = []
    for offset, text in block.lines:
        child = LIST_CHILD.match(text)
        if child:
            items.append([(offset + child.start(3), child.group(3))])
        elif LIST_INDENTED.match(text):
            if items and items[-1][0][1].startswith(INDENT):
                items[-1].append((offset, text))
            else:
                items.append([(offset, text)])
        elif items:
            items[-1].append((offset, text))
    return [Block(item) for item in items]


def _cells(row: str, border: bool) -> list[str]:
    if border:
        row = row[1:] if row.startswith("|") else row
        row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return re.split(r"(?<!\\)\|", row)


# --- the whole page ----------------------------------------------------------------------


class Page:
    """A page's text (tabs expanded) with its fences and HTML blocks found: the lines that the
    block parser reads, as the renderer's preprocessors leave them."""

    def __init__(self, text: str, found: Structure):
        self.text = text
        self.source_lines = text.split("\n")
        self.starts, position = [], 0
        for line in self.source_lines:
            self.starts.append(position)
            position += len(line) + 1
        self.fences = fences(self.source_lines)
        self.fence_at = {
            self.starts[fence.first]: number for number, fence in enumerate(self.fences)
        }
        self.reverted: set[int] = set()
        html = HtmlPass(text, [self.fence_span(fence) for fence in self.fences]).run()
        found.comments += html.comments
        self.html = html.blocks
        self.elements: list[Html] = []  # `markdown` elements, by placeholder number

    def fence_span(self, fence: Fence) -> tuple[int, int]:
        last = fence.after - 1
        return self.starts[fence.first], self.starts[last] + len(self.source_lines[last])

    def fenced_code(self) -> list[tuple[int, int]]:
        return [
            self.fence_span(fence)
            for number, fence in enumerate(self.fences)
            if number not in self.reverted
        ]

    def revert_fences(self, block: Block) -> Block:
        """An indented code block gets back the text of the fences inside it, which then are
        not fences (SuperFencesCodeBlockProcessor.revert_greedy_fences)."""
        if "\x02f" not in block.text:
            return block
        lines: list[Line] = []
        for offset, text in block.lines:
            placeholder = FENCE_PLACEHOLDER.match(text)
            if placeholder is None:
                lines.append((offset, text))
                continue
            number = int(placeholder["number"])
            self.reverted.add(number)
            fence = self.fences[number]
            cut = len(fence.prefix) - len(placeholder["prefix"])
            for line in range(fence.first, fence.after):
                lines.append((self.starts[line] + cut, self.source_lines[line][cut:]))
        return Block(lines)

    def lines(self, start: int, end: int, html: list[Html], top: bool = True) -> list[Line]:
        """The lines between two offsets as the block parser gets them: a fence is one line
        (superfences' placeholder), an HTML block one line too, followed by a blank line
        (md_in_html's placeholder; the rest of the line after the block is one more line, even
        empty). `top`: the page itself, not a `markdown` element's content."""
        text, out, position = self.text, [], start
        html = sorted(html, key=lambda block: block.start)
        index = 0
        while position < end:
            if index < len(html) and self.line_start(html[index].start) <= position:
                block = html[index]
                index += 1
                out += self._placeholder(block, top)
                position = block.end  # the rest of its line is a line (empty if none)
                continue
            if (number := self.fence_at.get(position)) is not None:
                fence = self.fences[number]
                out.append((position, f"{fence.prefix}\x02f{number}\x03"))
                position = self.starts[fence.after] if fence.after < len(self.starts) else end
                continue
            stop = text.find("\n", position, end)
            stop = end if stop == -1 else stop
            piece = text[position:stop]
            out.append((position, piece if piece.strip(" ") else ""))
            position = stop + (text.startswith("\n", stop) and stop < end)
        return out

    def line_start(self, position: int) -> int:
        return self.text.rfind("\n", 0, position) + 1

    def _placeholder(self, block: Html, top: bool) -> list[Line]:
        """md_in_html's placeholder for an HTML block, and a blank line after it. Before it, a
        blank line if the block starts its line. Indented by 1 to 3 spaces, a comment, <hr>
        or `markdown` element joins the lines before it, and a raw block follows a line of
        those spaces, which is no blank line to the parser (only the page's own lines of
        spaces were emptied); in an element's content, the same for a comment, and a blank
        line before anything else."""
        line_start = self.line_start(block.start)
        indent = self.text[line_start : block.start]
        marker = "r"
        if block.parsed:
            marker = f"m{len(self.elements)}"
            self.elements.append(block)
        placeholder = f"\x02{marker}\x03"
        joined = block.kind != "raw" if top else False
        spaced = block.kind == "raw" if top else block.kind == "comment"
        if indent and joined:
            lines = [(line_start, indent + placeholder)]
        elif indent and spaced:
            lines = [(line_start, indent), (block.start, placeholder)]
        else:
            lines = [(block.start, ""), (block.start, placeholder)]
        return [*lines, (block.end, "")]


def structure(text: str) -> Structure:
    """The code blocks and the inline text of a page (tabs expanded)."""
    found = Structure()
    page = Page(text, found)
    BlockParser(page, found).parse_document(Block(page.lines(0, len(text), page.html)))
    found.code += page.fenced_code()
    return found
