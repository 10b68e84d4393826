"""Where in a Markdown file an HTML element was written, for messages about built pages.

The steps after the build find a problem on the parsed page (an element left open around the
disclaimer, an id used twice); the contributor needs the line of their file that caused it.
The standard library's HTML tokenizer reads the raw HTML in the Markdown (text between tags
is just data to it) and reports each start tag's line.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass(frozen=True)
class StartTag:
    name: str
    attrs: dict[str, str | None]
    line: int  # 1-based, in the whole file


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[StartTag] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(StartTag(tag, dict(attrs), self.getpos()[0]))

    handle_startendtag = handle_starttag


def start_tags(source: str) -> list[StartTag]:
    collector = _Collector()
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
