"""The works a page cites, as DOI addresses, for its structured data.

Keys are read from the page's own Markdown source (before any plugin rewrites it) with the
citations hook's parser (citation_syntax.py), so every form it accepts counts. DOIs come from
references.bib through pybtex (already installed by mkdocs-bibtex). Checking that every key
exists is the citations code's job, so unknown keys and entries without a DOI (books) are
simply not listed here. Plain module: the hook article_pages.py calls it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import quote

from connection_series.citations.syntax import find_citations
from pybtex.database import parse_file

DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def cited_keys(markdown: str) -> list[str]:
    """Citation keys in order of first use, each once (the citations hook's own parser)."""
    keys: dict[str, None] = {}
    for citation in find_citations(markdown):
        for item in citation.items:
            keys.setdefault(item.key, None)
    return list(keys)


def doi_url(doi: str) -> str:
    """`10.1000/x(1)` or `https://doi.org/10.1000/x(1)` -> `https://doi.org/10.1000/x(1)`."""
    bare = DOI_PREFIX_RE.sub("", doi.strip())
    return "https://doi.org/" + quote(bare, safe="/:;()._-")


@cache
def _dois_in(bib_file: str, modified: float) -> dict[str, str]:
    # Keyed on the file's modification time: `mkdocs serve` re-reads an edited bib file.
    entries = parse_file(bib_file, bib_format="bibtex").entries
    return {key: entry.fields["doi"] for key, entry in entries.items() if entry.fields.get("doi")}


def dois_in(bib_file: Path) -> dict[str, str]:
    """Citation key -> DOI for every entry of the bib file that has one."""
    return _dois_in(str(bib_file), bib_file.stat().st_mtime)


def cited_doi_urls(markdown: str, bib_file: Path | None) -> list[str]:
    """DOI addresses of the works the Markdown cites, in order of first citation."""
    if bib_file is None or not bib_file.is_file():
        return []
    dois = dois_in(bib_file)
    return [doi_url(dois[key]) for key in cited_keys(markdown) if key in dois]
