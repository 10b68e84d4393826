"""What every user of references.bib shares: the entry types the site can print with their
required fields, and LaTeX decoded to plain text. Light on purpose (no formatter): the source
watch and `make add-reference` use it too.
"""

from __future__ import annotations

import re
from functools import cache

# Entry types we know how to print in APA, with the fields each one needs.
REQUIRED_FIELDS = {
    "article": ("author", "title", "journal", "year", "volume"),
    "book": ("author", "title", "publisher", "year"),
    "misc": ("author", "title", "howpublished", "year"),  # a preprint: howpublished = server
}
LATEX_MARKUP = re.compile(r"[\\{}$~]|--")


def decode_latex(value: str) -> str:
    """A field's LaTeX as plain text (pybtex), braces removed."""
    if not LATEX_MARKUP.search(value):
        return value  # nothing to decode: skip pybtex's LaTeX parser (most fields)
    from pybtex.richtext import Text

    # Text.render_as("text") looks the backend up through entry points on every call
    # (50 ms each here); one backend object does the same work in microseconds.
    return Text.from_latex(value).render(_plain_text_backend())


@cache
def _plain_text_backend():
    from pybtex.backends.plaintext import Backend

    return Backend()
