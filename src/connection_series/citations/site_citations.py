"""Which keys the whole site cites: the bibliography page lists those first, the rest under
"Further reading". Read from the Markdown sources with the same parser the pages use, plus
the rows of the evidence charts that the pages ask for (each row cites its source), and every
record of the statistics registry when a page holds the Evidence page's list. What a page
shows as code (an example of the syntax) cites nothing (common.markdown_scan).
"""

from __future__ import annotations

from pathlib import Path

from connection_series.citations.syntax import find_citations, protected_spans
from connection_series.common.front_matter_text import body_of
from connection_series.common.markdown_scan import Scan, scan
from connection_series.evidence.chart_marker import keys_cited_by_charts
from connection_series.evidence.data import DATA_RELPATH, data_path, read_registry
from connection_series.evidence.statistics import has_registry_marker


def keys_cited_in_docs(docs_dir: Path) -> set[str]:
    keys: set[str] = set()
    registry = None
    for source in sorted(docs_dir.rglob("*.md")):
        try:
            markdown = body_of(source.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue  # the check reports an unreadable page with its path
        scanned = scan(markdown)
        keys.update(cited_keys(markdown, scanned))
        keys.update(keys_cited_by_charts(markdown, docs_dir, scanned))
        if has_registry_marker(markdown, scanned):
            registry = registry or read_registry(data_path(docs_dir), DATA_RELPATH)[0]
            keys.update(stat.cite for stat in registry.stats)
    return keys


def cited_keys(markdown: str, scanned: Scan | None = None) -> list[str]:
    """Citation keys in order of first use, each once (`scanned`: scan(markdown), if known)."""
    keys: dict[str, None] = {}
    for citation in find_citations(markdown, protected_spans(markdown, scanned)):
        for item in citation.items:
            keys.setdefault(item.key, None)
    return list(keys)
