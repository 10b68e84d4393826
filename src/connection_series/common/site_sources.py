"""Map a built page of the site back to the Markdown file it came from.

The link checkers report problems against built HTML; contributors edit Markdown, so every
report names both. MkDocs writes `docs/a/b.md` to `a/b/index.html` (use_directory_urls).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from connection_series.common.front_matter_text import body_of


def built_path_for(source: Path) -> Path:
    """The built HTML path (relative to the site root) for a Markdown path relative to docs/."""
    stem_parts = source.with_suffix("").parts
    if stem_parts[-1] in ("index", "README"):
        return Path(*stem_parts[:-1], "index.html")
    return Path(*stem_parts, "index.html")


def source_map(docs_dir: Path) -> dict[str, str]:
    """Built page path (posix, relative to the site root) -> source path relative to the repo."""
    mapping: dict[str, str] = {}
    for md in sorted(docs_dir.rglob("*.md")):
        relative = md.relative_to(docs_dir)
        mapping[built_path_for(relative).as_posix()] = (Path(docs_dir.name) / relative).as_posix()
    return mapping


def first_page(docs_dir: Path, holds: Callable[[str], bool]) -> str | None:
    """The first page in docs/ (relative to it, with slashes) whose body `holds` something,
    such as a marker line (unreadable pages are the check's to report)."""
    for source in sorted(docs_dir.rglob("*.md")):
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if holds(body_of(text)):
            return source.relative_to(docs_dir).as_posix()
    return None


def source_for(built_page: str, mapping: dict[str, str]) -> str:
    """Name the source of a built file, or say that a template or theme made it."""
    return mapping.get(built_page.removeprefix("./"), "(theme or template, not a Markdown page)")


def relative_url(page: str, target: str) -> str:
    """`target`'s address seen from `page` (both built files relative to the site root, as
    "part-1/index.html"), as a folder address where it is an index page: "../part-1/"."""
    base = os.path.dirname(page) or "."
    folder = os.path.dirname(target) if target.endswith("index.html") else target
    url = os.path.relpath(folder or ".", base).replace(os.sep, "/")
    return (url + "/") if target.endswith("index.html") else url


def url_path_of(built_file: Path, root: Path) -> str:
    """`about/index.html` -> 'about/', `404.html` -> '404.html' (as the tests address pages)."""
    return built_file.relative_to(root).as_posix().removesuffix("index.html")
