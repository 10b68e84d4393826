"""The key of a new references.bib entry: the house rule's, or the one a contributor chose.

House rule: the first author's family name in lower-case ASCII letters, then the year
(`holtlunstad2010`); b, c, ... for a second, third work of the same name and year.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from connection_series.contributors.bibtex_entry import csl_list, csl_text, one_line
from connection_series.contributors.refused import Refused

KEY_SHAPE = re.compile(r"[a-z][a-z0-9]*")
# Letters that Unicode does not decompose into an ASCII letter and a mark.
ASCII_LETTERS = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "ß": "ss",
        "đ": "d",
        "ł": "l",
        "þ": "th",
        "œ": "oe",
        "\u0131": "i",
        "ð": "d",
    }
)


def choose_key(csl: Mapping, year: str, taken: set[str]) -> str:
    """The house rule's key for the record, not one of `taken` (lower case)."""
    authors = csl_list(csl.get("author"))
    first = authors[0] if authors else {}
    name = ""
    if isinstance(first, Mapping):
        name = " ".join(
            csl_text(first.get(part)) for part in ("non-dropping-particle", "family", "literal")
        )
    folded = name.lower().translate(ASCII_LETTERS)
    ascii_name = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z]", "", ascii_name.lower())
    if not base:
        raise Refused(
            f"no key can be made from the first author's name '{one_line(name)}'",
            "Give one: make add-reference DOI=... KEY=name2024",
        )
    key = f"{base}{year}"
    for letter in "bcdefghijklmnopqrstuvwxyz":
        if key.lower() not in taken:
            return key
        key = f"{base}{year}{letter}"
    raise Refused(f"keys {base}{year}b to z are taken", "Give KEY")


def check_chosen_key(key: str) -> None:
    """A key given by the contributor follows the house rule's shape."""
    if not KEY_SHAPE.fullmatch(key):
        raise Refused(
            f"key '{key}' is not lower-case letters and digits",
            "Use the house rule: family name and year, e.g. rook2015",
        )
