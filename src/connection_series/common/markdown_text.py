"""Text that our extensions put into a page's Markdown, kept from being read as Markdown.

Names, locators and registry text come from contributors; Python-Markdown runs its inline
patterns over what our preprocessors return, so `*`, `_` or `[` in them would become
emphasis or links. Each such character is written as a numeric HTML entity instead.
"""

from __future__ import annotations

MARKDOWN_SPECIAL = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]{}<>#+!|~^@"})


def markdown_safe(text: str) -> str:
    """`text` is HTML already (entities such as &amp; stay as they are)."""
    return text.translate(MARKDOWN_SPECIAL)
