"""A title for an article a test creates that no page of the project has taken: a contributor
may well have written "Part 3: Friendship at work", CONTRIBUTING.md's own example."""

from __future__ import annotations

from pathlib import Path

from connection_series.contributors.new_article import slugify


def unused_title(docs: Path, wanted: str) -> str:
    """`wanted`, or `wanted 2`, `wanted 3`... whose file docs/<slug>.md (or, as the next part
    of the series, docs/part-N-<slug>.md) does not exist yet."""

    def taken(title: str) -> bool:
        slug = slugify(title)
        return (docs / f"{slug}.md").exists() or any(docs.glob(f"part-*-{slug}.md"))

    title, number = wanted, 1
    while taken(title):
        number += 1
        title = f"{wanted} {number}"
    return title
