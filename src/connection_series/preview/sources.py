"""What a preview build is made from, read before it: what shows on other pages than its own
(one digest), and each page's text (one digest a page).

An edit that only changes what its own page shows (a sentence, a paragraph, a list) needs
that page built again; anything else every page: mkdocs.yml (the navigation, the theme's
settings), references.bib, the data files, the theme folder (templates, stylesheets,
scripts), a file added to docs/ or removed, a file the check refused or let in again, the
build's day, and what a page shows elsewhere (its face): its front matter (title, part,
dates, description, changes: the navigation, "Part N of M", the home page's list, the
feeds), its reading time (the home page's list), the keys it cites (the bibliography and its
back-links), its charts and statistics (the Evidence page's list of uses, under the headings
above them, so their order among the headings counts), its headings, boxes' included, and
ids (the back-links name a page by its first heading; other pages link to its sections), its
links to other pages' sections (MkDocs checks such an anchor only when it renders the page it
leads to) and the markers of the lists of the whole site. The face is read
with the one scanner (common.markdown_scan), conservatively: a change it cannot tell apart
from one that shows elsewhere rebuilds every page.

A page's face is kept under a digest of its text by the reader (an object the MkDocs plugin
owns), so a rebuild scans only the pages that changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from connection_series.citations.extension import MARKER_LINE as BIBLIOGRAPHY_MARKER
from connection_series.citations.site_citations import cited_keys
from connection_series.common.front_matter_text import body_start
from connection_series.common.markdown_scan import scan
from connection_series.evidence.chart_marker import chart_parts
from connection_series.evidence.statistics import REGISTRY_MARKER_LINE, find_uses
from connection_series.planner.extension import MARKER_LINE as PLANNER_MARKER
from connection_series.series.extension import MARKER_LINE as SERIES_MARKER
from connection_series.series.parts import reading_minutes
from connection_series.settings import Settings

SITE_MARKERS = (SERIES_MARKER, BIBLIOGRAPHY_MARKER, REGISTRY_MARKER_LINE, PLANNER_MARKER)
# Lines that may be headings: `#` first (the renderer needs no space after it), indented too
# (a heading inside a box), or a line above an underline of = or - (a setext heading; a rule
# after a blank line matches too).
HEADING_LINE = re.compile(r"^[ \t]*#[^\n]*|^(?=[^\n]*\S)[^\n]*+\n[ \t]*(?:=+|-+)[ \t]*$", re.M)
# A link to a section of another page: MkDocs checks its anchor only when it renders the page
# it leads to, so a new or changed one is checked in a build of every page.
OTHER_PAGE_ANCHOR = re.compile(r"[^\s()<>\"'\[\]]*\.md#[^\s()<>\"'\[\]]*")
# What may name an id: attribute lists, id= and name= in HTML, footnote labels.
ID_SIGN = re.compile(
    r"\{[^}\n]*\}|\b(?:id|name)\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+)|\[\^[^\]\n]+\]", re.I
)


@dataclass(frozen=True)
class Sources:
    shared: str  # a digest of everything that shows on other pages than its own
    pages: Mapping[str, str]  # page (relative to docs/) -> a digest of its text

    def changed_pages(self, before: Sources) -> set[str]:
        """Pages whose text is not what it was at `before` (new ones too)."""
        return {page for page, text in self.pages.items() if before.pages.get(page) != text}


class SourceReader:
    def __init__(self) -> None:
        self._faces: dict[str, tuple[str, tuple]] = {}  # page -> (text digest, face)

    def read(self, settings: Settings, day: dt.date, refused: Iterable[str]) -> Sources:
        shared = hashlib.blake2b(digest_size=20)

        def add(*values: object) -> None:
            for value in values:
                data = value if isinstance(value, bytes) else repr(value).encode("utf-8")
                shared.update(len(data).to_bytes(8, "big") + data)

        add(day.isoformat(), sorted(refused))
        for path in (settings.config_file, settings.bibliography):
            add(str(path), _content(path) if path is not None else None)
        for folder in (settings.templates,):
            for relative, path in _files(folder):
                add("theme", relative, _content(path))
        faces, pages = {}, {}
        for relative, path in _files(settings.docs_dir):
            content = _content(path)
            if not relative.endswith(".md") or path.is_symlink():
                add("docs", relative, content)  # data, images: every one counts
                continue
            text_digest = hashlib.blake2b(content or b"", digest_size=20).hexdigest()
            kept = self._faces.get(relative)
            face = kept[1] if kept and kept[0] == text_digest else face_of(content)
            faces[relative] = (text_digest, face)
            pages[relative] = text_digest
            add("page", relative, face)
        self._faces = faces
        return Sources(shared.hexdigest(), pages)


def face_of(content: bytes | None) -> tuple:
    """What other pages show of a page (conservatively: see the module's notes)."""
    try:
        text = (content or b"").decode("utf-8")
    except UnicodeDecodeError:
        return ("not UTF-8", content)
    start = body_start(text)
    body = text[start:]
    scanned = scan(body)
    return (
        text[:start],
        reading_minutes(body),
        tuple(cited_keys(body, scanned)),
        _outline(body, scanned),
        tuple(match.group(0) for match in scanned.outside(OTHER_PAGE_ANCHOR)),
        tuple(match.group(0) for match in scanned.outside(ID_SIGN)),
        tuple(bool(scanned.markers(marker)) for marker in SITE_MARKERS),
    )


def _outline(body: str, scanned) -> tuple:
    """The page's headings, charts and statistics in their order: the Evidence page lists
    each chart and statistic under the heading above it, so moving one past a heading shows
    there."""
    found = [(match.start(), "heading", match.group(0)) for match in scanned.outside(HEADING_LINE)]
    found += [(offset, "chart", part) for offset, part in chart_parts(body, scanned)]
    found += [(use.start, "statistic", use.id) for use in find_uses(body, scanned)]
    return tuple((kind, value) for _, kind, value in sorted(found))


def _files(folder: Path) -> list[tuple[str, Path]]:
    """Every file, folder and link under `folder` (relative path, path), links not followed."""
    found = []
    for parent, folders, files in os.walk(folder):
        folders.sort()
        for name in [*folders, *sorted(files)]:
            path = Path(parent) / name
            found.append((path.relative_to(folder).as_posix(), path))
    return found


def _content(path: Path) -> bytes | str | None:
    """A file's bytes; a link's target; None for a folder or what cannot be read."""
    try:
        if path.is_symlink():
            return os.readlink(path)
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None
