"""`mkdocs serve` for a fixture project, as `make serve` runs it, for the browser tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from support.ports import free_port


@contextmanager
def preview_server(config: Path, cwd: Path, seconds: float = 90) -> Iterator[str]:
    """Serve the project of `config` on a free port of 127.0.0.1; yields its base URL once it
    answers, and stops the server afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config)]
    server = subprocess.Popen(
        [*command, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=cwd,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + seconds
        while True:
            try:
                if requests.get(base, timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, f"mkdocs serve did not start within {seconds} s"
            time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
