"""Where in a Markdown file an HTML element was written, for messages about built pages.

The steps after the build find a problem on the parsed page (an element left open around the
disclaimer, an id used twice); the contributor needs the line of their file that caused it.
The standard library's HTML tokenizer reads the raw HTML in the Markdown (text between tags
is just data to it) and reports each start tag's line; a tag shown as code (the scanner says
where code is) was never an element of the page and is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from connection_series.common.markdown_scan import scan


@dataclass(frozen=True)
class StartTag:
    name: str
    attrs: dict[str, str | None]
    line: int  # 1-based, in the whole file


class _Collector(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[StartTag] = []
        self.code = scan(source)
        self.line_starts = [0] + [index + 1 for index, char in enumerate(source) if char == "\n"]

    def handle_starttag(self, tag, attrs):
        line, column = self.getpos()
        if not self.code.is_code(self.line_starts[line - 1] + column):
            self.tags.append(StartTag(tag, dict(attrs), line))

    handle_startendtag = handle_starttag


def start_tags(source: str) -> list[StartTag]:
    """The start tags written in a Markdown file (front matter included), outside code."""
    collector = _Collector(source)
    collector.feed(source)
    collector.close()
    return collector.tags


def first_start_tag(source: str, name: str, attribute: str | None = None) -> int | None:
    """The line of the first `<name ...>` (with `attribute`, if given) written in the file."""
    for tag in start_tags(source):
        if tag.name == name and (attribute is None or attribute in tag.attrs):
            return tag.line
    return None


def line_with_id(source: str, ident: str) -> int | None:
    """The line where the file gives an element the id `ident`: an HTML attribute, or an
    attribute list (`{#ident}`, `{: #ident }`)."""
    for tag in start_tags(source):
        if tag.attrs.get("id") == ident:
            return tag.line
    for number, line in enumerate(source.splitlines(), start=1):
        opening = line.find("{")
        words = line[opening:].translate(str.maketrans("{}:", "   ")).split()
        if opening >= 0 and f"#{ident}" in words:
            return number
    return None
