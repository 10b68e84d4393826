"""The line `<!-- chart: evidence part=N -->`: where a page asks for the evidence chart of
part N, and which keys those charts cite (each row of a chart cites its source). A marker
shown as code is an example, not a chart (common.markdown_scan)."""

from __future__ import annotations

from pathlib import Path

from connection_series.common.markdown_scan import Scan, marker_line, scan
from connection_series.evidence.data import DATA_RELPATH, data_path, read_rows

MARKER_RE = marker_line(r"chart:\s*evidence\s+part=(\w+)")


def chart_parts(markdown: str, scanned: Scan | None = None) -> list[tuple[int, str]]:
    """(offset, part as written) of every chart marker in a page's Markdown (`scanned`:
    scan(markdown), if known)."""
    if not MARKER_RE.search(markdown):
        return []
    scanned = scan(markdown) if scanned is None else scanned
    return [(match.start(), match.group(1)) for match in scanned.markers(MARKER_RE)]


def keys_cited_by_charts(
    markdown: str, docs_dir: Path, scanned: Scan | None = None, rows: list | None = None
) -> set[str]:
    """The citation keys of the rows that the page's chart markers show (`rows`: the
    registry's chart rows, if already read)."""
    parts = {part for _, part in chart_parts(markdown, scanned)}
    if not parts:
        return set()
    if rows is None:
        rows, _ = read_rows(data_path(docs_dir), DATA_RELPATH)
    return {row.cite for row in rows if str(row.part) in parts}
