"""A copy of the project for benchmarks and tests that edit pages or build elsewhere
(Zensical needs site/ inside the project folder)."""

from __future__ import annotations

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
