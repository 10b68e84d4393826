"""Paths to the values of a YAML file and their lines, so data errors can name the line.

The contributor YAML reader (boundary.contributor_yaml) records where each value starts,
keyed by its path of mapping keys and list indexes: ("sections", 2, "rows") -> 57.
"""

from __future__ import annotations

Path = tuple[str | int, ...]


def nearest_line(lines: dict[Path, int], path: Path) -> int | None:
    """The line of `path`, or of its closest parent that exists (for a missing field)."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]


def dotted(path: Path) -> str:
    """("sections", 1, "rows") -> "sections[2].rows": lists counted from 1, as people count."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
