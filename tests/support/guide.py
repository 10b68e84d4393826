"""The messages CONTRIBUTING.md documents, read from its tables, and how a documented
example matches what the check prints: tests hold the guide to the check, both ways."""

from __future__ import annotations

import re

from support.site_helpers import REPO

GUIDE = REPO / "CONTRIBUTING.md"


def documented_messages(heading: str) -> list[str]:
    """The messages in the first column of the table under `heading` (up to the next `## `)."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index(heading) :]
    section = section[: section.index("\n## ")]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [code for row in rows for code in re.findall(r"`([^`]+)`", row.split(" | ")[0])]


def pattern_of(example: str) -> re.Pattern:
    """`…` is any text; digits, quoted names and file names stand for any such value."""
    parts = []
    for piece in re.split(r"(…|\d+|'[^']*')", example):
        if piece == "…":
            parts.append(".*?")
        elif piece.isdigit():
            parts.append(r"\d+")
        elif piece.startswith("'") and piece.endswith("'") and len(piece) > 1:
            parts.append(r"'[^']*'")
        else:
            parts.append(re.escape(piece))
    return re.compile("".join(parts))
