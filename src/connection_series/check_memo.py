"""Each page's problems from the last check, for the preview: `mkdocs serve` checks every
contributor file before every rebuild, and with a grown series most of that time went into
pages nobody had touched.

A page's own problems (check.page_problems) depend on its text and on a context the check
reads once: the bibliography's entries, the statistics registry, the settings, the files of
the theme folder (a page's `template:`) and the day. The memo keeps them under those; a
page is checked again when its text changed, every page when the context did. The rules
across pages (numbering, one page per marker, links to held-back parts) are not kept: the
check runs them every time. An object the MkDocs plugin owns, never module state; one entry
per page, so it does not grow with the edits.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from connection_series.common.errors import Problem
from connection_series.common.source_page import Page


class CheckMemo:
    def __init__(self) -> None:
        self._context: Hashable = None
        self._pages: dict[str, tuple[tuple, tuple[Problem, ...]]] = {}

    def each_page(
        self,
        pages: Iterable[Page],
        context: Hashable,
        problems_of: Callable[[Page], Iterable[Problem]],
    ) -> list[Problem]:
        """Every page's problems in order: kept ones where the page and the context are the
        same as last time, `problems_of(page)` for the others."""
        kept = self._pages if context == self._context else {}
        self._context, self._pages = context, {}
        found: list[Problem] = []
        for page in pages:
            key = (page.text, page.not_utf8_line)
            entry = kept.get(page.shown)
            if entry is None or entry[0] != key:
                entry = (key, tuple(problems_of(page)))
            self._pages[page.shown] = entry
            found += entry[1]
        return found
