"""The grown copy (tests/support/grown_site.py) is what CONTRIBUTING.md's steps make: `make
check` finds nothing in it, and the build that publishes the site refuses only its statistic
recorded as `checked: pending`, in one line. Every site test also runs over it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import site_sources
from support.grown_site import NEW_KEY
from support.site_helpers import build
from support.sites import GROWN

pytestmark = pytest.mark.site


@pytest.fixture
def grown(request):
    return site_sources(request.config, GROWN)


def test_make_check_finds_nothing_in_the_grown_copy(grown):
    command = [sys.executable, "-m", "connection_series.cli"]
    completed = subprocess.run(
        [*command, "--config-file", str(grown.config_file), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr


def test_the_publishing_build_refuses_only_the_pending_statistic(grown, tmp_path, monkeypatch):
    monkeypatch.setenv("SERIES_PUBLISHING", "true")
    result = build(grown.config_file, tmp_path / "site")
    assert result.returncode != 0
    lines = [line for line in result.output.splitlines() if "docs/" in line or ".bib" in line]
    assert len(lines) == 1, result.output
    assert "docs/data/evidence.yml:" in lines[0]
    assert f"record '{NEW_KEY}-years' is 'checked: pending'" in lines[0]
    assert "Traceback" not in result.output
