"""A planner data file or sheet marker in the wrong place fails the strict build in one line."""

from __future__ import annotations

import pytest
from support.site_helpers import build, write_fixture_site
from test_planner_data import DATA, MISTAKES, SHOWN

from connection_series.planner.data import FIX

pytestmark = pytest.mark.site


PAGE = "# Planner\n\nIntro.\n\n<!-- planner-sheet -->\n"


def test_a_mistyped_field_fails_the_strict_build_with_one_line(tmp_path):
    plant, problem = MISTAKES["rows"]
    text, line = plant()
    config = write_fixture_site(tmp_path, {"weekly-planner.md": PAGE, "data/planner.yml": text})
    result = build(config, tmp_path / "site")
    assert result.returncode != 0
    expected = f"{SHOWN}:{line}: {problem}. {FIX}"
    assert expected in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site/downloads").exists()


def test_the_sheet_marker_without_its_data_file_fails_the_build_naming_the_page(tmp_path):
    config = write_fixture_site(tmp_path, {"weekly-planner.md": PAGE})
    result = build(config, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "docs/weekly-planner.md:5: the planner sheet needs its data file docs/data/planner.yml. "
        "Restore the data file or remove the <!-- planner-sheet --> line"
    ) in result.output


def test_the_sheet_on_two_pages_fails_the_build_naming_the_second(tmp_path):
    pages = {"a.md": PAGE, "b.md": "# Again\n\n<!-- planner-sheet -->\n", "data/planner.yml": DATA}
    result = build(write_fixture_site(tmp_path, pages), tmp_path / "site")
    assert result.returncode != 0
    assert (
        "docs/b.md:3: the planner sheet is already on docs/a.md. "
        "Keep the <!-- planner-sheet --> line on one page only"
    ) in result.output


def test_a_data_file_that_no_page_shows_fails_the_build(tmp_path):
    pages = {"index.md": "# Home\n", "data/planner.yml": DATA}
    result = build(write_fixture_site(tmp_path, pages), tmp_path / "site")
    assert result.returncode != 0
    assert (
        f"{SHOWN}: no page shows the planner sheet. "
        "Put the line <!-- planner-sheet --> on the planner page"
    ) in result.output
