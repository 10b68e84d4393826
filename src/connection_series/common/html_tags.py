"""Find tags in built HTML with their exact character offsets, for small in-place edits.

The standard library's HTMLParser tokenises like a browser (quoted '>' in attributes, raw
text inside <script>), so a hook can change one tag without re-serialising the whole page
(re-serialising with an HTML library would reformat Material's markup). Plain module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Tag:
    name: str
    attrs: dict[str, str | None]
    start: int  # offset of '<' of the start tag
    end: int  # offset just after its '>'
    text: str = ""  # raw content, for <script> and <style>
    _parts: list[str] = field(default_factory=list, repr=False)


class _Scanner(HTMLParser):
    def __init__(self, html: str, names: set[str]) -> None:
        super().__init__(convert_charrefs=False)
        self.names = names
        self.tags: list[Tag] = []
        self._open: Tag | None = None
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", html)]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag not in self.names:
            return
        start = self._offset()
        found = Tag(tag, dict(attrs), start, start + len(self.get_starttag_text()))
        self.tags.append(found)
        if tag in ("script", "style"):
            self._open = found

    def handle_data(self, data):
        if self._open is not None:
            self._open._parts.append(data)

    def handle_endtag(self, tag):
        if self._open is not None and tag == self._open.name:
            self._open.text = "".join(self._open._parts)
            self._open = None


def find_tags(html: str, *names: str) -> list[Tag]:
    """Every start tag with one of `names`, in document order."""
    scanner = _Scanner(html, set(names))
    scanner.feed(html)
    scanner.close()
    return scanner.tags


def replace_spans(html: str, replacements: list[tuple[int, int, str]]) -> str:
    """Apply (start, end, new text) edits that do not overlap."""
    for start, end, text in sorted(replacements, reverse=True):
        html = html[:start] + text + html[end:]
    return html


def canonical_url(html: str) -> str | None:
    """The page's address from its <link rel="canonical"> (engines write it from site_url)."""
    for link in find_tags(html, "link"):
        if (link.attrs.get("rel") or "").lower() == "canonical":
            return link.attrs.get("href")
    return None
