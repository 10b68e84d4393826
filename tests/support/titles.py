"""A title for an article a test creates that no page of the project has taken: a contributor
may well have written "Part 3: Friendship at work", CONTRIBUTING.md's own example."""

from __future__ import annotations

from pathlib import Path

from connection_series.contributors.new_article import slugify


def unused_title(docs: Path, wanted: str) -> str:
    """`wanted`, or `wanted 2`, `wanted 3`... whose file docs/<slug>.md does not exist yet."""
    title, number = wanted, 1
    while (docs / f"{slugify(title)}.md").exists():
        number += 1
        title = f"{wanted} {number}"
    return title
