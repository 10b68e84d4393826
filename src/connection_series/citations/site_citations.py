"""Which keys the whole site cites: the bibliography page lists those first, the rest under
"Further reading". Read from the Markdown sources with the same parser the pages use, plus
the rows of the evidence charts that the pages ask for (each row cites its source), and every
record of the statistics registry when a page holds the Evidence page's list.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from connection_series.citations.syntax import find_citations
from connection_series.common.front_matter_text import body_of
from connection_series.evidence.data import (
    DATA_RELPATH,
    chart_parts,
    data_path,
    keys_cited_by_charts,
    read_registry,
)
from connection_series.evidence.statistics import REGISTRY_MARKER_LINE, keys_cited_by_registry


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
        keys.update(cited_keys(markdown))
        charts, listing = chart_parts(markdown), REGISTRY_MARKER_LINE.search(markdown)
        if (charts or listing) and registry is None:
            registry = read_registry(data_path(docs_dir), DATA_RELPATH)
        if charts:
            keys.update(keys_cited_by_charts(markdown, registry))
        if listing:
            keys.update(keys_cited_by_registry(markdown, registry[0]))
    return keys


def cited_keys(markdown: str) -> list[str]:
    """Citation keys in order of first use, each once."""
    keys: dict[str, None] = {}
    for citation in find_citations(markdown):
        for item in citation.items:
            keys.setdefault(item.key, None)
    return list(keys)
