"""Which keys the whole site cites: the bibliography page lists those first, the rest under
"Further reading". Read from the Markdown sources with the same parser the pages use, plus
the rows of the evidence charts that the pages ask for (each row cites its source), and every
record of the statistics registry when a page holds the Evidence page's list. What a page
shows as code (an example of the syntax) cites nothing (common.markdown_scan), and neither
does a page the build does not make (a part not public yet).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from connection_series.citations.syntax import find_citations, protected_spans
from connection_series.common.front_matter_text import body_of
from connection_series.common.markdown_scan import Scan, scan
from connection_series.evidence.chart_marker import chart_parts, keys_cited_by_charts
from connection_series.evidence.data import DATA_RELPATH, data_path, read_registry
from connection_series.evidence.statistics import has_registry_marker


def keys_cited_in_docs(docs_dir: Path, left_out: Collection[str] = ()) -> set[str]:
    """`left_out`: pages (relative to docs/) that the build does not make, such as parts
    that are not public yet: what only they cite is not cited on the site."""
    keys: set[str] = set()
    registry = None  # read once, when a page first needs it (a chart or the Evidence page)
    for source in sorted(docs_dir.rglob("*.md")):
        if source.relative_to(docs_dir).as_posix() in left_out:
            continue
        try:
            markdown = body_of(source.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue  # the check reports an unreadable page with its path
        scanned = scan(markdown)
        keys.update(cited_keys(markdown, scanned))
        charts, listing = chart_parts(markdown, scanned), has_registry_marker(markdown, scanned)
        if (charts or listing) and registry is None:
            registry = read_registry(data_path(docs_dir), DATA_RELPATH)
        if charts:
            rows = [] if registry[1] else registry[0].rows  # charts are drawn from clean data
            keys.update(keys_cited_by_charts(markdown, docs_dir, scanned, rows))
        if listing:
            keys.update(stat.cite for stat in registry[0].stats)
    return keys


def cited_keys(markdown: str, scanned: Scan | None = None) -> list[str]:
    """Citation keys in order of first use, each once (`scanned`: scan(markdown), if known)."""
    keys: dict[str, None] = {}
    for citation in find_citations(markdown, protected_spans(markdown, scanned)):
        for item in citation.items:
            keys.setdefault(item.key, None)
    return list(keys)
