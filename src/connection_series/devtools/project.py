"""A copy of the project for benchmarks and tests that edit pages or build elsewhere
(Zensical needs site/ inside the project folder)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from pathlib import Path

# What a build of the site reads.
SITE_SOURCES = ("mkdocs.yml", "docs", "overrides", "references.bib")


def copy_project(source: Path, target: Path, extra: Iterable[str] = ()) -> Path:
    """Copy the site's sources (and `extra` paths, if they exist) from `source` to `target`."""
    for name in (*SITE_SOURCES, *extra):
        origin, destination = source / name, target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(origin, destination)
        elif origin.exists():
            shutil.copy2(origin, destination)
    return target


TITLE = re.compile(r'^title:\s*"?(.*?)"?\s*$', re.M)
PART = re.compile(r"^part:.*$", re.M)


def largest_article(docs: Path) -> Path:
    """The longest page that is an article (it has a publication date)."""
    articles = [p for p in docs.glob("*.md") if re.search(r"^published:", p.read_text(), re.M)]
    return max(articles, key=lambda page: page.stat().st_size)


def add_articles(project: Path, article: str, count: int) -> None:
    """`count` copies of one part, each a new part after the last one (its own `part:`
    number, title and address, the same publication day), as CONTRIBUTING says to add a
    part: one file each, nothing else changed. A series that has grown."""
    from connection_series.contributors.new_article import slugify
    from connection_series.series.parts import find_parts

    docs = project / "docs"
    text = (docs / article).read_text(encoding="utf-8")
    original = TITLE.search(text).group(1)
    last = max((part.number for part in find_parts(docs)), default=0)
    # Titles as different as real ones would be (shared words compress away in the
    # navigation that every page carries): five words of the article's own, a different
    # choice for each copy, and an address made from the title.
    words = sorted(set(re.findall(r"\b[a-z]{5,}\b", text)))
    for number in range(last + 1, last + count + 1):
        picked = [words[(number * 7 + step * 13) % len(words)] for step in range(5)]
        title = f"Part {number}: {' '.join(picked).capitalize()}"
        copy = PART.sub(f"part: {number}", text.replace(original, title), count=1)
        (docs / f"{slugify(title)}.md").write_text(copy, encoding="utf-8")
