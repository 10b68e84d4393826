"""One way for every hook to report a mistake a contributor can make.

Each problem is one line: where (file and line when known), what is wrong, what to do.
It is logged as a warning under MkDocs' logger, so a contributor sees every problem of a
build at once, and `strict: true` then fails the build (no traceback).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.series")


def location(path: str, line: int | None = None) -> str:
    return f"{path}:{line}" if line else str(path)


def message(path: str, line: int | None, problem: str, fix: str) -> str:
    return f"{location(path, line)}: {problem}. {fix}"


def report(path: str, line: int | None, problem: str, fix: str) -> None:
    """Log the problem; the strict build fails at the end of the build."""
    log.warning(message(path, line, problem, fix))


def fail(path: str, line: int | None, problem: str, fix: str) -> PluginError:
    """For problems that make going on pointless: `raise fail(...)` stops the build now."""
    return PluginError(message(path, line, problem, fix))


def shown_path(path: str | Path, config) -> str:
    """A file as the contributor sees it: relative to the folder of mkdocs.yml."""
    try:
        return os.path.relpath(path, Path(config.config_file_path).parent)
    except ValueError:  # another drive: the full path is clearer than a long relative one
        return str(path)


def page_source(page, config) -> str:
    """The Markdown file a page comes from, as the contributor sees it ("docs/about.md")."""
    return shown_path(page.file.abs_src_path, config)


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset in a text."""
    return text.count("\n", 0, offset) + 1
