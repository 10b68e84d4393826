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

from connection_series.evidence.data import data_path, load_registry

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


def test_the_publishing_build_refuses_the_pending_statistics_only(grown, tmp_path, monkeypatch):
    """One line for each pending record (the grown copy's, and any the real site has while
    it waits for an editor), and nothing else."""
    pending = [stat.id for stat in load_registry(data_path(grown.docs)).stats if stat.pending]
    assert f"{NEW_KEY}-years" in pending
    monkeypatch.setenv("SERIES_DEPLOY", "true")
    result = build(grown.config_file, tmp_path / "site")
    assert result.returncode != 0
    lines = [line for line in result.output.splitlines() if "docs/" in line or ".bib" in line]
    assert len(lines) == len(pending), result.output
    for stat_id in pending:
        [line] = [line for line in lines if f"record '{stat_id}' is 'checked: pending'" in line]
        assert "docs/data/evidence.yml:" in line
    assert "Traceback" not in result.output
