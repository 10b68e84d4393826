"""Where a page's YAML front matter ends, read the way MkDocs and Zensical read it.

Engines strip the front matter before Markdown sees the page, so line numbers in the body
are off by the lines of the front matter; contributors count lines in the whole file.
"""

from __future__ import annotations

import re

# The delimiters MkDocs itself uses (mkdocs.utils.meta.YAML_RE), so both read the same block.
FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def body_start(source: str) -> int:
    """Offset in the file where the Markdown body starts (0 without front matter)."""
    match = FRONT_MATTER_RE.match(source)
    return match.end() if match else 0


def body_of(source: str) -> str:
    return source[body_start(source) :]
