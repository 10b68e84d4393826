"""Writing a file so that a parallel build or check never reads half of it."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write beside the target, then rename over it (atomic on one file system).
    Text keeps its line endings as given. Raises OSError; callers decide what it means."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if isinstance(data, bytes):
            partial.write_bytes(data)
        else:
            with open(partial, "w", encoding="utf-8", newline="") as handle:
                handle.write(data)
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise
