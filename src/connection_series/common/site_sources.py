"""Map a built page of the site back to the Markdown file it came from.

The link checkers report problems against built HTML; contributors edit Markdown, so every
report names both. MkDocs writes `docs/a/b.md` to `a/b/index.html` (use_directory_urls).
"""

from __future__ import annotations

from pathlib import Path


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


def source_for(built_page: str, mapping: dict[str, str]) -> str:
    """Name the source of a built file, or say that a template or theme made it."""
    return mapping.get(built_page.removeprefix("./"), "(theme or template, not a Markdown page)")


def url_path_of(built_file: Path, root: Path) -> str:
    """`about/index.html` -> 'about/', `404.html` -> '404.html' (as the tests address pages)."""
    return built_file.relative_to(root).as_posix().removesuffix("index.html")
