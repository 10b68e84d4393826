"""The preview (`make serve`) never stops answering: a mistake shows in a panel at the top of
every page, with its file and line, and goes away when the file is fixed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.ports import free_port
from support.site_helpers import REPO

from connection_series.devtools.project import copy_project

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PANEL = "#series-problems[role=alert]"


@pytest.fixture
def preview(tmp_path):
    """`mkdocs serve` on a copy of the project (so the test can edit its pages)."""
    copy_project(REPO, tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SERIES_STRICT": "false"},  # as make serve
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("mkdocs serve did not start within 60 s")
    yield tmp_path, base
    server.terminate()
    server.wait(timeout=10)


def wait_for(page, url: str, present: bool, timeout: float = 30) -> str:
    """Reload until the panel is there (or gone); its text."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            response = page.goto(url, wait_until="load")
            assert response is not None and response.ok
            panel = page.query_selector(PANEL)
            if (panel is not None) == present:
                return panel.inner_text() if panel else ""
        except Error:
            pass  # the preview's live reload navigated meanwhile: look again
        time.sleep(0.5)
    pytest.fail(f"the problem panel was {'never shown' if present else 'never removed'}")


def test_a_mistake_shows_in_every_page_with_its_line_and_goes_when_fixed(preview, page):
    project, base = preview
    article = next(
        path
        for path in sorted((project / "docs").glob("*.md"))
        if "[@" in path.read_text(encoding="utf-8")
    )
    text = article.read_text(encoding="utf-8")
    wait_for(page, base, present=False, timeout=60)

    planted = text.replace("[@", "[@nosuchkey2001; @", 1) + "\nSee [this page](no-such-page.md).\n"
    line = planted[: planted.index("@nosuchkey2001")].count("\n") + 1
    article.write_text(planted, encoding="utf-8")
    shown = wait_for(page, base + "about/", present=True)
    relative = Path("docs", article.name).as_posix()
    assert f"{relative}:{line}: unknown citation key '@nosuchkey2001'" in shown
    assert "no-such-page.md" in shown  # MkDocs' own warnings are shown too

    article.write_text(text, encoding="utf-8")
    wait_for(page, base + "about/", present=False)
