"""The works a page cites, as DOI addresses, for its structured data.

Keys are read from the page's own Markdown source (before any plugin rewrites it) with the
citation syntax the series uses: `[@key]`, `[@a; @b]`, `[@key, p. 12]`. DOIs come from
references.bib through pybtex (already installed by mkdocs-bibtex). Checking that every key
exists is the citations code's job, so unknown keys and entries without a DOI (books) are
simply not listed here. Plain module: the hook article_pages.py calls it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import quote

from pybtex.database import parse_file

# Code is not prose: `@key` in fenced blocks or inline code is never a citation.
FENCED_CODE_RE = re.compile(r"^(?P<fence>`{3,}|~{3,}).*?^(?P=fence)[ \t]*$", re.M | re.S)
INLINE_CODE_RE = re.compile(r"(`+).+?\1", re.S)
# A bracketed group holding at least one @, not a footnote ([^...]) and not a link's text.
BRACKET_RE = re.compile(r"\[(?!\^)([^\[\]]*@[^\[\]]*)\](?![(\[])")
# Pandoc's rule: a citation's @ starts the group or follows a space, ';' or '-' (author hidden).
KEY_RE = re.compile(r"(?:^|(?<=[\s;\-]))@([A-Za-z0-9_][A-Za-z0-9_:\-]*[A-Za-z0-9_]|[A-Za-z0-9_])")
DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def cited_keys(markdown: str) -> list[str]:
    """Citation keys in order of first use, each once."""
    text = INLINE_CODE_RE.sub("", FENCED_CODE_RE.sub("", markdown))
    keys: dict[str, None] = {}
    for group in BRACKET_RE.finditer(text):
        for key in KEY_RE.findall(group.group(1)):
            keys.setdefault(key, None)
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
