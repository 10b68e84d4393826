"""A built page as the steps after the build see it: parsed once, by an HTML5 parser.

Lexbor (through selectolax) parses the way browsers do, so what a step finds is what a
reader's browser builds: an unclosed `<div hidden>` really contains what follows it, an id
written `ID=x` is the id `x`, a `<textarea>` turns the markup after it into text. Steps change
the tree; the page is serialised and written once, after the last step (pipeline.runner).
The parser was chosen by measurement (README, "Decisions").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from connection_series.common.errors import shown_path

# Where the page's content (the contributor's Markdown, rendered) stands: overrides/main.html.
CONTENT_SELECTOR = "article.md-content__inner"


@dataclass
class BuiltPage:
    file: Path  # on disk, in the built site
    where: str  # relative to the site root: "about/index.html"
    source: str | None  # the Markdown it came from ("docs/about.md"), None for theme pages
    source_file: Path | None
    tree: LexborHTMLParser | None  # None once the page is written
    notes: dict = field(default_factory=dict)  # what one step tells a later one about the page
    _source_text: str | None = field(default=None, repr=False)

    @classmethod
    def read(cls, file: Path, where: str, source_file: Path | None, root: Path) -> BuiltPage:
        tree = LexborHTMLParser(file.read_text(encoding="utf-8"))
        source = shown_path(source_file, root) if source_file else None
        return cls(file, where, source, source_file, tree)

    def source_text(self) -> str:
        """The page's Markdown file as the contributor wrote it ("" for theme pages)."""
        if self._source_text is None:
            file = self.source_file
            readable = file is not None and file.is_file()
            text = file.read_text(encoding="utf-8", errors="replace") if readable else ""
            self._source_text = text
        return self._source_text

    def html(self) -> str:
        return self.tree.html or ""

    def write(self) -> None:
        """Write the page (once) and let its tree go."""
        self.file.write_text(self.html(), encoding="utf-8")
        self.tree = None

    @property
    def head(self) -> LexborNode | None:
        return self.tree.head

    @property
    def content(self) -> LexborNode | None:
        return self.tree.css_first(CONTENT_SELECTOR)

    @property
    def shown(self) -> str:
        """The page as a contributor knows it: its Markdown file, or the built file."""
        return self.source or self.where

    def canonical_url(self) -> str | None:
        for link in self.tree.css("link[rel]"):
            if (link.attributes.get("rel") or "").lower() == "canonical":
                return link.attributes.get("href")
        return None

    def title(self) -> str:
        """The text of the content's first heading, without its permalink sign."""
        content = self.content
        heading = content.css_first("h1") if content is not None else None
        if heading is None:
            return ""
        copy = fragment_nodes(heading.html or "")[0]
        for permalink in copy.css("a.headerlink"):
            permalink.decompose()
        return " ".join(copy.text(deep=True).split())

    def in_content(self, node: LexborNode) -> bool:
        content = self.content
        return content is not None and any(
            ancestor.mem_id == content.mem_id for ancestor in ancestors(node)
        )


def ancestors(node: LexborNode) -> Iterator[LexborNode]:
    """The node's parents, nearest first, up to the document."""
    parent = node.parent
    while parent is not None and parent.is_element_node:
        yield parent
        parent = parent.parent


def fragment_nodes(html: str) -> list[LexborNode]:
    """The top-level nodes of an HTML fragment, parsed as body content."""
    body = LexborHTMLParser(f"<!doctype html><html><head></head><body>{html}</body></html>").body
    return list(body.iter(include_text=True)) if body is not None else []


def head_nodes(html: str) -> list[LexborNode]:
    """The nodes of a fragment that belongs in <head> (meta, link, script)."""
    head = LexborHTMLParser(f"<!doctype html><html><head>{html}</head></html>").head
    return list(head.iter(include_text=True)) if head is not None else []


def insert_after(node: LexborNode, html: str) -> None:
    for new in reversed(fragment_nodes(html)):
        node.insert_after(new)


def insert_before(node: LexborNode, html: str) -> None:
    for new in fragment_nodes(html):
        node.insert_before(new)


def append(node: LexborNode, nodes: list[LexborNode]) -> None:
    for new in nodes:
        node.insert_child(new)


def prepend(node: LexborNode, html: str) -> None:
    first = node.child
    if first is None:
        append(node, fragment_nodes(html))
        return
    for new in fragment_nodes(html):
        first.insert_before(new)


def replace_with_html(node: LexborNode, html: str) -> None:
    nodes = fragment_nodes(html)
    for new in nodes:
        node.insert_before(new)
    node.decompose()
