"""A statistic that waits for an editor (`checked: pending`): the article, the chart's table
and the Evidence page say it is not yet checked; the preview and the tests' builds accept it;
the build that publishes the site (the plugin's `publishing` option) refuses it, one line."""

from __future__ import annotations

import dataclasses

import pytest
from test_statistics import RECORDS, line_of, problems_of, project, render

from connection_series.evidence.pending import PENDING_NOTE

pytestmark = pytest.mark.unit

PENDING = RECORDS.replace("  checked: 2026-11-26\n", "  checked: pending\n", 1)
ARTICLE = "# A\n\nTies ([[stat:holtlunstad2010-strong-ties]]) [@holtlunstad2010].\n"
EVIDENCE = "# Evidence\n\n<!-- evidence-registry -->\n"


def test_the_article_says_the_number_is_not_yet_checked(tmp_path):
    html = render(project(tmp_path, {}, PENDING), ARTICLE)
    (span,) = html.select("[data-statistic]")
    assert span.get_text() == f"odds ratio 1.50, 95% CI 1.42 to 1.59 [{PENDING_NOTE}]"
    assert span.select_one(".statistic-pending")


def test_a_checked_number_carries_no_note(tmp_path):
    html = render(project(tmp_path, {}), ARTICLE)
    assert PENDING_NOTE not in html.get_text()


def test_the_chart_table_and_the_evidence_page_say_so_too(tmp_path):
    settings = project(tmp_path, {"a.md": ARTICLE, "evidence.md": EVIDENCE}, PENDING)
    cell = render(settings, "<!-- chart: evidence part=2 -->\n").select_one(
        "table [data-statistic]"
    )
    assert PENDING_NOTE in cell.get_text()
    records = render(settings, EVIDENCE).select("div.statistic-record")
    assert "Not yet checked against the source" in records[0].get_text()
    assert records[0].select_one("time") is None
    assert "Checked against the source on" in records[1].get_text()


def test_the_preview_and_the_tests_accept_it(tmp_path):
    assert problems_of(project(tmp_path, {"a.md": ARTICLE}, PENDING)) == []


def test_the_build_that_publishes_the_site_refuses_it_on_its_line(tmp_path):
    settings = dataclasses.replace(project(tmp_path, {"a.md": ARTICLE}, PENDING), publishing=True)
    line = line_of(PENDING, "  checked: pending")
    assert problems_of(settings) == [
        f"docs/data/evidence.yml:{line}: record 'holtlunstad2010-strong-ties' is 'checked: "
        "pending': the published site shows only numbers checked against their source. Check "
        "the number against the source and write the date in 'checked:', or leave the change "
        "out of the published site until an editor has"
    ]


def test_publishing_is_off_unless_the_deploy_workflow_turns_it_on(tmp_path, monkeypatch):
    from support.site_helpers import REPO

    from connection_series.settings import read_settings

    monkeypatch.delenv("SERIES_DEPLOY", raising=False)
    assert read_settings(REPO / "mkdocs.yml").publishing is False
    monkeypatch.setenv("SERIES_DEPLOY", "true")
    assert read_settings(REPO / "mkdocs.yml").publishing is True
    workflow = (REPO / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert 'SERIES_DEPLOY: "true"' in workflow
