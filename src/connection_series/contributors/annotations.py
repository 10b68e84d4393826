"""Turn the check's one-line problems into GitHub annotations on the pull request's files.

Usage: bash .ci/run 2>&1 | python -m connection_series.contributors.annotations [FILE ...]

Every line passes through unchanged, so the log reads as a local `make test` does. After a
line that names a file, `path:line: message` (also `path:line:column: message`, as ruff
prints, and with MkDocs' `WARNING -  ` in front), or `path: message`, it writes the workflow
command `::error file=PATH,line=LINE::MESSAGE`, which GitHub shows on that line of the file.
Values are escaped by GitHub's rules (the toolkit's escapeData and escapeProperty), so a
message cannot end the command early or start another one.

Standard library only: the pull-request job pipes its output through this module before the
project's virtual environment exists (`PYTHONPATH=src python3 -m ...`).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

# MkDocs writes its log level in front of what plugins and hooks report.
LEVEL = r"(?:(?:WARNING|ERROR)\s+-\s+)?"
WITH_LINE = re.compile(
    rf"^{LEVEL}(?P<path>[^\s:]+):(?P<line>\d+)(?::(?P<col>\d+))?:\s+(?P<message>\S.*)$"
)
WITHOUT_LINE = re.compile(rf"^{LEVEL}(?P<path>[^\s:]+):\s+(?P<message>\S.*)$")
EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}$")
# pytest's traceback names each frame `tests/test_x.py:12: in test_name`: a place, not a problem.
PYTEST_FRAME = re.compile(r"in [\w.<>]+")


@dataclass(frozen=True)
class Located:
    path: str
    line: int | None
    column: int | None
    message: str


def locate(text: str, root: Path | None = None) -> Located | None:
    """The file, line and message of a one-line problem; None for any other line."""
    for pattern in (WITH_LINE, WITHOUT_LINE):
        match = pattern.match(text)
        if match and _looks_like_a_file(match["path"]):
            groups = match.groupdict()
            return Located(
                path=_relative(match["path"], root),
                line=int(groups["line"]) if groups.get("line") else None,
                column=int(groups["col"]) if groups.get("col") else None,
                message=match["message"].rstrip(),
            )
    return None


def command(found: Located) -> str:
    """`::error file=docs/a.md,line=3::message`, escaped as GitHub's toolkit escapes."""
    properties = [f"file={escape_property(found.path)}"]
    if found.line is not None:
        properties.append(f"line={found.line}")
    if found.column is not None:
        properties.append(f"col={found.column}")
    return f"::error {','.join(properties)}::{escape_data(found.message)}"


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotate(lines: Iterable[str], root: Path | None = None) -> Iterator[str]:
    """Each line as it came (ending included), followed by its command if it names a file.
    A problem repeated later (pytest prints a failed build once per test that needs it) is
    annotated once: GitHub shows only the first 10 errors of a step."""
    seen: set[Located] = set()
    for line in lines:
        yield line
        found = locate(line.rstrip("\r\n"), root)
        if found and found not in seen and not PYTEST_FRAME.fullmatch(found.message):
            seen.add(found)
            yield command(found) + "\n"


def main(
    argv: list[str] | None = None, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None
) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="read these instead of stdin")
    args = parser.parse_args(argv)
    root = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd())
    out = stdout or sys.stdout.buffer
    with ExitStack() as files:
        try:
            sources = [files.enter_context(path.open("rb")) for path in args.files]
        except OSError as error:
            print(f"{error.filename}: cannot be read ({error.strerror})", file=sys.stderr)
            return 1
        for source in sources or [stdin or sys.stdin.buffer]:
            # Bytes that are not UTF-8 pass through as they came (surrogateescape both ways).
            lines = (raw.decode("utf-8", "surrogateescape") for raw in source)
            for text in annotate(lines, root):
                out.write(text.encode("utf-8", "surrogateescape"))
                out.flush()  # the log shows each line as the check prints it
    return 0


def _looks_like_a_file(path: str) -> bool:
    """`docs/a.md`, `references.bib`, `src/x/y.py`; not `WARNING`, `Note`, `http` or `e.g.`."""
    if "://" in path or path.startswith(("http", "www.")):
        return False
    name = PurePosixPath(path).name
    return bool(EXTENSION.search(name)) or "/" in path.rstrip("/")


def _relative(path: str, root: Path | None) -> str:
    """GitHub places annotations by path from the repository's root."""
    if root is not None and os.path.isabs(path):
        try:
            return Path(path).relative_to(root).as_posix()
        except ValueError:
            return path
    return path.removeprefix("./")


if __name__ == "__main__":
    sys.exit(main())
