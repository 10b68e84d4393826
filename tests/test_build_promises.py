"""The build itself keeps the site's promises (not only the tests): the medical disclaimer once
on every page, no id twice on a page, each planner PDF on one page. A contributor who breaks
one gets a failing `make build` with one line that says what to do."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from support.site_helpers import REPO, build, write_fixture_site

from connection_series.planner.pdfs import write_planner
from connection_series.planner.sheet import render

pytestmark = pytest.mark.site


def test_a_page_template_that_drops_the_disclaimer_fails_the_build(tmp_path):
    page = "---\ntemplate: base.html\n---\n\n# Bare\n\nA page on the theme's own template.\n"
    config = write_fixture_site(tmp_path, {"index.md": "# Home\n", "bare.md": page})
    result = build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert (
        "bare/index.html: the page shows the medical disclaimer 0 times, not once. "
        "Keep the page on the site's templates"
    ) in result.output


def test_an_id_used_twice_on_a_page_fails_the_build(tmp_path):
    page = '# Twice\n\n<div id="box">one</div>\n\n<div id="box">two</div>\n'
    config = write_fixture_site(tmp_path, {"index.md": "# Home\n", "twice.md": page})
    result = build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "twice/index.html: the page uses the id box more than once" in result.output


def test_a_planner_too_long_for_one_sheet_fails_the_build(tmp_path):
    """The sheet's texts come from docs/data/planner.yml: long ones push a PDF to two pages."""
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs" / "assets", docs / "assets")
    data = (REPO / "docs/data/planner.yml").read_text(encoding="utf-8")
    long_prompt = " ".join(["Someone I can call when the week is hard."] * 40)
    data = re.sub(r"^(    prompt: ).*$", rf"\g<1>{long_prompt}", data, flags=re.M)
    (docs / "data").mkdir()
    (docs / "data" / "planner.yml").write_text(data, encoding="utf-8")
    sheet = render(REPO / "overrides", yaml.safe_load(data), standalone=False)
    page = tmp_path / "site" / "weekly-planner" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<html><head><link rel="canonical" href="https://example.org/weekly-planner/">'
        f"</head><body>{sheet}</body></html>",
        encoding="utf-8",
    )
    problems = write_planner(
        tmp_path / "site", docs, REPO / "overrides", "Site", tmp_path, tmp_path / "cache"
    )
    messages = [str(problem) for problem in problems]
    assert any(
        re.fullmatch(
            r"docs/data/planner\.yml: the (A4|Letter) planner PDF has \d+ pages, not one\. "
            r"Shorten the planner's texts or rows so the sheet fits on one page",
            message,
        )
        for message in messages
    ), messages
