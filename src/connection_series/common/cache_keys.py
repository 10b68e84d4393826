"""Keys for what the build keeps on disk (.cache/): a value is read back only if it was made
from the same inputs, by the same code and with the same libraries.

"The same code" is the whole package's source, not a list of the modules a value seems to
depend on: such lists go stale (the formatted references once missed the module that holds
the required fields), and hashing every source file costs about a millisecond.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import connection_series

PACKAGE_DIR = Path(connection_series.__file__).resolve().parent
CODE_SUFFIXES = (".py", ".html", ".css", ".js", ".json")


def code_version(package_dir: Path | None = None) -> str:
    """A digest of every source file of the package (names and contents)."""
    folder = str(package_dir or PACKAGE_DIR)
    digest = hashlib.sha256()
    # os.walk rather than Path.rglob: this runs for every page that cites, and pathlib's
    # walk was most of its cost (7 ms against 0.6 ms, measured here).
    for parent, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith(CODE_SUFFIXES):
                path = os.path.join(parent, name)
                digest.update(path[len(folder) :].encode("utf-8") + b"\0")
                with open(path, "rb") as handle:
                    digest.update(handle.read() + b"\0")
    return digest.hexdigest()


def library_versions(names: Iterable[str]) -> str:
    """`name==version` of each distribution (`missing` if it is not installed)."""
    parts = []
    for name in names:
        try:
            parts.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name}==missing")
    return ",".join(parts)


def cache_key(
    *inputs: str | bytes, libraries: Iterable[str] = (), package_dir: Path | None = None
) -> str:
    """The key of a value made from `inputs` by this package with `libraries`."""
    digest = hashlib.sha256()
    for part in (code_version(package_dir), library_versions(libraries), *inputs):
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()
