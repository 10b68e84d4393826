"""Fast check of what contributors edit, without building the site (the pre-commit hook).

Checks references.bib (syntax, duplicate keys and DOIs, required fields), the front matter
and review dates of the given Markdown pages, and that every citation key they use exists.
It calls the same functions as the build's hooks, so the messages are the same one-liners.
The full build (`make test`) still checks everything else.

Usage: python scripts/check_content.py [docs/page.md ...]   (no pages: every page in docs/)
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

from connection_series.trust.article_pages import check_page
from connection_series.citations.bibliography import load
from connection_series.citations.syntax import find_citations
from connection_series.citations.hook import unknown_key_fix
from connection_series.common.errors import line_of, report
from mkdocs.exceptions import PluginError


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _shown(page: Path) -> str:
    """The path as a contributor knows it: relative to the repository when inside it."""
    try:
        return page.resolve().relative_to(REPO).as_posix()
    except ValueError:
        return str(page)


def check(pages: list[Path], bib_file: Path, today: dt.date) -> list[str]:
    collected = _Collect()
    logger = logging.getLogger("mkdocs.plugins.series")
    logger.addHandler(collected)
    try:
        try:
            known = load(bib_file, bib_file.name, REPO / ".cache" / "citations").keys()
        except PluginError as error:  # a stopping problem (syntax, duplicate key) is one line
            return [*collected.messages, str(error)]
        for page in pages:
            shown = _shown(page)
            source = page.read_text(encoding="utf-8")
            check_page(shown, source, today)
            for citation in find_citations(source):
                for item in citation.items:
                    if item.key not in known:
                        line = line_of(source, citation.start)
                        fix = unknown_key_fix(item.key, known)
                        report(shown, line, f"unknown citation key '@{item.key}'", fix)
    finally:
        logger.removeHandler(collected)
    return collected.messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    pages = [path for path in args.files if path.suffix == ".md" and path.exists()]
    if not args.files:
        pages = sorted((REPO / "docs").rglob("*.md"))
    logging.getLogger("mkdocs").propagate = False  # we print the messages ourselves
    problems = check(pages, REPO / "references.bib", dt.date.today())
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
