"""Contributor errors are one line, name the place, and fail the strict build."""

from __future__ import annotations

import logging

from connection_series.common.errors import fail, line_of, message, report


def test_message_names_file_line_problem_and_fix():
    text = message("docs/about.md", 7, "unknown citation key '@smith'", "Add it to references.bib")
    assert text == "docs/about.md:7: unknown citation key '@smith'. Add it to references.bib"
    assert "\n" not in text


def test_message_without_a_line_names_the_file_only():
    assert message("docs/data/planner.yml", None, "x", "y") == "docs/data/planner.yml: x. y"


def test_report_logs_a_warning_under_mkdocs_so_strict_mode_counts_it(caplog):
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        report("docs/index.md", 3, "problem", "Fix it")
    assert [record.name for record in caplog.records] == ["mkdocs.plugins.series"]
    assert caplog.records[0].levelno == logging.WARNING


def test_fail_builds_a_plugin_error_with_the_same_line():
    error = fail("references.bib", 12, "duplicate key 'cole2019'", "Rename one of them")
    assert str(error) == "references.bib:12: duplicate key 'cole2019'. Rename one of them"


def test_line_of_counts_from_one():
    assert line_of("a\nb\nc", 0) == 1
    assert line_of("a\nb\nc", 4) == 3
