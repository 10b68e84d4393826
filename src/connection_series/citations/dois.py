"""The works a page cites, as DOI addresses, for its structured data (JSON-LD).

Keys are read from the page's own Markdown with the citations parser, so every form it
accepts counts; unknown keys and entries without a DOI (books) are simply not listed.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from connection_series.citations.bibliography import Reference
from connection_series.citations.site_citations import cited_keys

DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def doi_url(doi: str) -> str:
    """`10.1000/x(1)` or `https://doi.org/10.1000/x(1)` -> `https://doi.org/10.1000/x(1)`."""
    bare = DOI_PREFIX_RE.sub("", doi.strip())
    return "https://doi.org/" + quote(bare, safe="/:;()._-")


def cited_doi_urls(markdown: str, references: dict[str, Reference]) -> list[str]:
    """DOI addresses of the works the Markdown cites, in order of first citation."""
    return [
        doi_url(references[key].doi)
        for key in cited_keys(markdown)
        if key in references and references[key].doi
    ]
