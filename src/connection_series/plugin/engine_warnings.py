"""MkDocs' own warnings in the preview (a broken link, a missing anchor...), for the problem
panel: each with the page it is about, so that an incremental rebuild, in which MkDocs
renders only the edited pages and warns only about those, still shows the warnings about the
others (the plugin keeps them from the build that rendered each page).
"""

from __future__ import annotations

import logging
import re

# MkDocs' notice in every dirty build. The plugin builds every page again whenever what
# changed shows on other pages (preview.sources), so it does not apply; and in a strict
# preview, as a warning, it would stop every rebuild.
DIRTY_NOTICE = "A 'dirty' build is being performed"
# How MkDocs names the page of a warning it logs after rendering them all (anchor checks).
DOC_FILE = re.compile(r"^Doc file '(?P<source>[^']+)'")


class WarningCollector(logging.Handler):
    """MkDocs' warnings during one preview build: by built page ("about/index.html"), the
    page being rendered when the warning came or the page it names, or the site's."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.start()

    def start(self) -> None:
        self.current: str | None = None
        self.rendered: dict[str, str] = {}  # source (relative to docs/) -> built page
        self.by_page: dict[str, list[str]] = {}  # every page rendered in this build
        self.site: list[str] = []  # warnings about no page in particular (the navigation)

    def enter(self, file) -> None:
        """MkDocs starts on a page (reading or writing it)."""
        self.current = file.dest_uri
        self.rendered[file.src_uri] = file.dest_uri
        self.by_page.setdefault(file.dest_uri, [])

    def leave(self) -> None:
        self.current = None

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        named = DOC_FILE.match(message)
        page = self.current or (self.rendered.get(named["source"]) if named else None)
        (self.by_page[page] if page else self.site).append(message)


class DirtyNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_NOTICE)
