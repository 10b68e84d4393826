"""The preview (`make serve`) never stops answering: a mistake shows in a panel at the top of
every page, with its file and line, and goes away when the file is fixed."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from support.ports import free_port
from support.site_helpers import REPO

from connection_series.contributors.new_article import create_article
from connection_series.devtools.project import copy_project
from connection_series.series.clock import build_day
from connection_series.series.wording import long_date

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


def test_a_part_written_for_next_week_shows_in_the_preview_marked_as_scheduled(preview):
    """As an editor works: `make new-article` while the preview runs, the draft line removed
    and the day set a week ahead. The preview shows it, with its notice, linked from the part
    before it; the public build would not (tests/test_series_site.py)."""
    project, base = preview
    day = build_day() + dt.timedelta(days=7)
    page = create_article("Written for next week", project / "docs")
    dates = re.compile(r"^(published|last_reviewed): .*$", re.M)
    text = dates.sub(rf"\1: {day}", page.read_text(encoding="utf-8"))
    page.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    notice = f"Scheduled: not public until {long_date(day)}"
    deadline, shown = time.monotonic() + 60, ""
    while time.monotonic() < deadline and notice not in shown:
        try:
            with urllib.request.urlopen(f"{base}{page.stem}/", timeout=5) as response:
                shown = response.read().decode("utf-8")
        except OSError:
            time.sleep(0.5)
    assert notice in shown, f"the preview never showed {page.name} with its notice"
    with urllib.request.urlopen(base, timeout=5) as response:
        assert notice in response.read().decode("utf-8")  # the home page's list says so too
