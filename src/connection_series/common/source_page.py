"""A contributor's Markdown page as the check reads it: its text, where the body starts after
the front matter, and where the body's code and comments are, scanned once for every rule
(the page rules of the check and the series' rules alike).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from connection_series.common.errors import line_of
from connection_series.common.front_matter_text import body_start
from connection_series.common.markdown_scan import Scan, scan


@dataclass(frozen=True)
class Page:
    shown: str
    text: str  # empty when the file is not UTF-8
    not_utf8_line: int | None = None

    @cached_property
    def start(self) -> int:
        """Where the Markdown starts, after the front matter."""
        return body_start(self.text)

    @cached_property
    def scanned(self) -> Scan:
        """Where the body's code and comments are: scanned once for every rule."""
        return scan(self.text[self.start :])

    def line(self, offset: int) -> int:
        """The editor's line of an offset in the body."""
        return line_of(self.text, self.start + offset)


def marker_lines(pages: Iterable[Page], marker: re.Pattern) -> list[tuple[str, int]]:
    """Where pages hold a marker line (not shown as code): (page, line). A page whose text
    has no match at all is not scanned."""
    return [
        (page.shown, page.line(match.start()))
        for page in pages
        if marker.search(page.text, page.start)
        for match in page.scanned.markers(marker)
    ]
