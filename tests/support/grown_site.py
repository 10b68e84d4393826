"""The grown copy: the real project, grown the way CONTRIBUTING.md tells a contributor to.

Every site test runs over the real site and over this copy in the same session (one more
build), so a test that holds only for today's content fails in our own runs. The copy gets:

- a new part of the series from `series new-article` (what `make new-article` runs), its
  placeholder text replaced with plain words of our own, made public today as CONTRIBUTING
  says (no more `draft: true`, `published` moved to today);
- one new reference, written by hand at the end of references.bib, and one existing
  reference, both cited in the new article;
- two new statistics at the end of docs/data/evidence.yml, printed with `[[stat:ID]]`: one
  checked on a date, one recorded as `checked: pending`;
- the planner reworded (its title) with a new `version`.

Its words are test scaffolding, never published: plain, made up, and without health claims.
Nothing here is chosen from today's content: the existing reference is the file's first
entry with a DOI, the new key is checked to be free.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from connection_series.citations.bib_reader import read_entries
from connection_series.citations.extension import MARKER_LINE as BIBLIOGRAPHY_MARKER
from connection_series.common.front_matter_text import body_start
from connection_series.devtools.project import copy_project
from connection_series.evidence.statistics import REGISTRY_MARKER_LINE
from connection_series.planner.extension import MARKER_LINE as PLANNER_MARKER
from connection_series.series.extension import MARKER_LINE as SERIES_MARKER
from connection_series.series.parts import find_parts
from connection_series.trust.front_matter import (
    MAX_REVIEW_INTERVAL_YEARS,
    add_years,
    read_front_matter,
)
from support.content_pages import url_path
from support.titles import unused_title

TITLE = "A page the tests add"
NEW_KEY = "scaffold2000"
KEPT_BOX = '!!! warning "When to get help"'

NEW_ENTRY = f"""
@book{{{NEW_KEY},
  author    = {{Scaffold, T.}},
  title     = {{A made-up book that the tests add by hand}},
  publisher = {{Test Press}},
  year      = {{2000}},
}}
"""

NEW_RECORDS = f"""
- id: {NEW_KEY}-readers
  cite: {NEW_KEY}
  measure: count
  value: 1200
  unit: people
  about: Readers of a made-up book who answered its questions
  population: Made-up readers of a book that exists only in the tests
  design: cross-sectional
  location: table 1
  checked: {{today}}

- id: {NEW_KEY}-years
  cite: {NEW_KEY}
  measure: years
  value: 2
  about: How long the made-up book followed its readers
  population: Made-up readers of a book that exists only in the tests
  design: cohort
  location: p. 3
  checked: pending
"""

BODY = f"""
# {{title}}

This page is not a real part of the series. The tests add it to a copy of the site, the way
the guide tells you to add a part.

!!! abstract "Key points"

    - The tests add this page to a copy of the site.
    - It cites one new source and one old one.
    - It prints two numbers from the list of numbers.

## What the tests add

The new source is a made-up book that the tests add by hand [@{NEW_KEY}]. It asked
[[stat:{NEW_KEY}-readers]] readers to answer its questions [@{NEW_KEY}].

It followed them for [[stat:{NEW_KEY}-years]] years, a number no one has checked yet
[@{NEW_KEY}].

The old source was in the list of sources already [@{{old_key}}].

## What you can do

Nothing on this page is advice. Read the real articles of the series instead.

"""


@dataclass(frozen=True)
class Growth:
    project: Path
    article: str  # the new page, relative to docs/
    changed_pages: tuple[str, ...]  # built pages (url paths) whose content the growth changed


def grow(source: Path, target: Path, today: dt.date | None = None) -> Growth:
    """Copy the project at `source` to `target` and grow it as a contributor would."""
    today = today or dt.date.today()
    project = copy_project(source, target)
    article, title = _new_article(project)
    old_key = _add_reference(project)
    _add_statistics(project, today)
    _reword_planner(project, today)
    page = project / "docs" / article
    text = page.read_text(encoding="utf-8")
    front, scaffold = text[: body_start(text)], text[body_start(text) :]
    front = front.replace(
        "One plain sentence that says what the reader will learn.",
        "A page the tests add to a copy of the site, to check that it grows well.",
    )
    front = _public_today(front, today)
    title = read_front_matter(front).data["title"]  # the scaffold numbers it: "Part 3: ..."
    body = BODY.format(title=title, old_key=old_key) + scaffold[scaffold.index(KEPT_BOX) :]
    page.write_text(front + body, encoding="utf-8")
    changed = [
        url_path(article),
        *_pages_showing(project / "docs"),
        *_part_before(project, article),
    ]
    return Growth(project, article, tuple(dict.fromkeys(changed)))


def _public_today(front: str, today: dt.date) -> str:
    """The part ready and out today: `draft: true` removed, its dates moved to today."""
    dates = {
        "published": today,
        "last_reviewed": today,
        "next_review": add_years(today, MAX_REVIEW_INTERVAL_YEARS),
    }
    lines = []
    for line in front.splitlines(keepends=True):
        field = line.split(":", 1)[0]
        if field == "draft":
            continue
        lines.append(f"{field}: {dates[field].isoformat()}\n" if field in dates else line)
    return "".join(lines)


def _new_article(project: Path) -> tuple[str, str]:
    """`series new-article TITLE`, as `make new-article` runs it; the page it wrote and its
    title (TITLE, or TITLE 2... if the project has a page of that name)."""
    from connection_series.cli import main

    docs = project / "docs"
    title = unused_title(docs, TITLE)
    before = {path.name for path in docs.glob("*.md")}
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        status = main(["--config-file", str(project / "mkdocs.yml"), "new-article", title])
    created = sorted({path.name for path in docs.glob("*.md")} - before)
    if status != 0 or len(created) != 1:
        raise RuntimeError(f"series new-article did not write one page (exit {status})")
    return created[0], title


def _add_reference(project: Path) -> str:
    """A new entry at the end of references.bib, by hand; the key of an existing one."""
    bib = project / "references.bib"
    text = bib.read_text(encoding="utf-8")
    entries = read_entries(text)
    if any(entry.key.lower() == NEW_KEY for entry in entries):
        raise RuntimeError(f"references.bib has a '{NEW_KEY}' already: choose another key")
    with_doi = [entry.key for entry in entries if entry.doi] or [entry.key for entry in entries]
    bib.write_text(text.rstrip("\n") + "\n" + NEW_ENTRY, encoding="utf-8")
    return with_doi[0]


def _add_statistics(project: Path, today: dt.date) -> None:
    registry = project / "docs" / "data" / "evidence.yml"
    text = registry.read_text(encoding="utf-8")
    records = NEW_RECORDS.format(today=today.isoformat())
    registry.write_text(text.rstrip("\n") + "\n" + records, encoding="utf-8")


def _reword_planner(project: Path, today: dt.date) -> None:
    """A new title and a new `version`, as CONTRIBUTING.md says to change the sheet."""
    planner = project / "docs" / "data" / "planner.yml"
    text = planner.read_text(encoding="utf-8")
    old = re.search(r"^version: *(\S+)", text, re.M)
    if old is None or not re.search(r"^title: ", text, re.M):
        raise RuntimeError("docs/data/planner.yml has no top-level 'version:' or 'title:' line")
    version = today if old[1] != today.isoformat() else today - dt.timedelta(days=1)
    text = re.sub(r"^version: *\S+", f"version: {version.isoformat()}", text, count=1, flags=re.M)
    title = "title: My week with the people I care about"
    text = re.sub(r"^title: .*$", title, text, count=1, flags=re.M)
    planner.write_text(text, encoding="utf-8")


def _part_before(project: Path, article: str) -> list[str]:
    """The part before the new one: it now links to it."""
    parts = find_parts(project / "docs")
    number = next(part.number for part in parts if part.source == article)
    return [url_path(part.source) for part in parts if part.number == number - 1]


def _pages_showing(docs: Path) -> list[str]:
    """The pages that show what the growth changed: the planner sheet, the Evidence page's
    list, the full bibliography and the list of parts (found by their markers)."""
    markers = (PLANNER_MARKER, REGISTRY_MARKER_LINE, BIBLIOGRAPHY_MARKER, SERIES_MARKER)
    shown = []
    for source in sorted(docs.rglob("*.md")):
        text = source.read_text(encoding="utf-8")
        if any(marker.search(text) for marker in markers):
            shown.append(url_path(source.relative_to(docs).as_posix()))
    return shown
