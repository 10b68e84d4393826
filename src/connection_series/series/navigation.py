"""The site's navigation with the series in it, for every engine: mkdocs.yml's `nav` lists
the other pages; the parts this build makes are placed after the home page, in their order.

The sidebar every page carries would grow with the series; after the build it is cut down to
the parts nearest the page (series.sidebar), so here every part is listed and each part's
page is active in its own navigation (Material shows its table of contents there on phones).
"""

from __future__ import annotations

from connection_series.series.parts import Part, Status
from connection_series.series.plan import SeriesPlan

HOME = "index.md"
NOTES = {Status.SCHEDULED: " (scheduled)", Status.DRAFT: " (draft)"}  # the preview only


def series_nav(nav: list | None, plan: SeriesPlan) -> list | None:
    """`nav` (mkdocs.yml's, in MkDocs' form) with the built parts after the home page. None
    (no nav in mkdocs.yml: the engine lists every page) stays None."""
    if nav is None:
        return None
    others = _without(nav, {part.source for part in plan.parts})
    entries = [{_title(part, plan): part.source} for part in plan.built]
    at = next((index + 1 for index, entry in enumerate(others) if _file(entry) == HOME), 0)
    return [*others[:at], *entries, *others[at:]]


def listed_parts(nav: list | None, plan: SeriesPlan) -> list[str]:
    """The parts that mkdocs.yml's own navigation lists (it must not: the check says so)."""
    sources = {part.source for part in plan.parts}
    return [file for file in _files(nav or []) if file in sources]


def _title(part: Part, plan: SeriesPlan) -> str:
    return part.title + (NOTES.get(part.status(plan.day), "") if plan.preview else "")


def _file(entry) -> str | None:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict) and len(entry) == 1:
        value = next(iter(entry.values()))
        return value if isinstance(value, str) else None
    return None


def _files(nav: list) -> list[str]:
    found = []
    for entry in nav:
        if isinstance(entry, dict) and len(entry) == 1:
            value = next(iter(entry.values()))
            if isinstance(value, list):
                found += _files(value)
                continue
        file = _file(entry)
        if file is not None:
            found.append(file)
    return found


def _without(nav: list, files: set[str]) -> list:
    kept = []
    for entry in nav:
        if isinstance(entry, dict) and len(entry) == 1:
            title, value = next(iter(entry.items()))
            if isinstance(value, list):
                kept.append({title: _without(value, files)})
                continue
        if _file(entry) not in files:
            kept.append(entry)
    return kept
