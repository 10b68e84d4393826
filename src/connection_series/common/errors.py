"""One way to report a mistake a contributor can make: `path:line: problem. Fix.`

Checks collect `Problem`s and return them all, so a contributor sees every mistake at once.
Code that cannot go on (an extension asked to render data that failed its check) raises
`ContributorError`, which carries the same one-line problems. The engine adapters (the
MkDocs plugin, the command line) print them; nothing here logs or exits.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: str  # as the contributor sees it: relative to the project folder ("docs/about.md")
    line: int | None  # 1-based, as an editor counts (front matter included)
    problem: str
    fix: str
    # True when no engine may read the file: it cannot (not UTF-8, a link to nowhere) or it
    # must not (a file type docs/ does not take, a link out of the repository, YAML with
    # aliases). The MkDocs plugin leaves the file out of the build (or stops, for a file
    # outside docs/); Zensical's build does not start while the check reports problems.
    stops: bool = False

    def __str__(self) -> str:
        return message(self.path, self.line, self.problem, self.fix)


class ContributorError(Exception):
    """Problems that stop the work; `str()` is one line per problem."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def location(path: str, line: int | None = None) -> str:
    # A file name may hold a newline or a control character (git allows them): shown
    # escaped, so the message stays one line.
    shown = "".join(char if char.isprintable() else ascii(char)[1:-1] for char in str(path))
    return f"{shown}:{line}" if line else shown


def message(path: str, line: int | None, problem: str, fix: str) -> str:
    """`docs/about.md:7: unknown citation key '@smith'. Add it to references.bib`"""
    return f"{location(path, line)}: {_one_line(problem)}. {_one_line(fix)}"


def fail(path: str, line: int | None, problem: str, fix: str) -> ContributorError:
    """For problems that make going on pointless: `raise fail(...)`."""
    return ContributorError([Problem(path, line, problem, fix)])


def _one_line(text: str) -> str:
    # A contributor's text quoted in a message (a key, a title) must not break the line.
    return " ".join(str(text).split())


def shown_path(path: str | Path, root: str | Path) -> str:
    """A file as the contributor sees it: relative to the project folder, with slashes."""
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:  # another drive: the full path is clearer than a long relative one
        return str(path)


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset in a text."""
    return text.count("\n", 0, offset) + 1


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """By file, then line: the order a contributor fixes them in."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.problem))
