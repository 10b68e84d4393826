"""Replacing parts of a text, all at once: each extension finds everything to replace in one
scan of the page (offsets into the same text), so no replacement moves another."""

from __future__ import annotations


def apply_replacements(text: str, replacements: list[tuple[int, int, str]]) -> str:
    """`text` with each (start, end) range replaced by its text; ranges must not overlap."""
    pieces, position = [], 0
    for start, end, new in sorted(replacements, key=lambda item: item[:2]):
        pieces += [text[position:start], new]
        position = end
    return "".join(pieces) + text[position:]
