"""Contributor errors are one line, name the place, and fail the strict build."""

from __future__ import annotations

import pytest

from connection_series.common.errors import ContributorError, Problem, fail, line_of, message

pytestmark = pytest.mark.unit


def test_message_names_file_line_problem_and_fix():
    text = message("docs/about.md", 7, "unknown citation key '@smith'", "Add it to references.bib")
    assert text == "docs/about.md:7: unknown citation key '@smith'. Add it to references.bib"
    assert "\n" not in text


def test_message_without_a_line_names_the_file_only():
    assert message("docs/data/planner.yml", None, "x", "y") == "docs/data/planner.yml: x. y"


def test_a_contributor_text_with_line_breaks_stays_on_one_line():
    text = message("references.bib", 3, "duplicate key 'a\nb'", "Rename\r\nit")
    assert "\n" not in text and "\r" not in text


def test_problems_print_one_line_each():
    problem = Problem("docs/index.md", 3, "problem", "Fix it")
    assert str(problem) == "docs/index.md:3: problem. Fix it"
    error = ContributorError([problem, Problem("references.bib", None, "p", "f")])
    assert str(error).splitlines() == [str(problem), "references.bib: p. f"]


def test_fail_builds_an_error_with_the_same_line():
    error = fail("references.bib", 12, "duplicate key 'cole2019'", "Rename one of them")
    assert str(error) == "references.bib:12: duplicate key 'cole2019'. Rename one of them"


def test_line_of_counts_from_one():
    assert line_of("a\nb\nc", 0) == 1
    assert line_of("a\nb\nc", 4) == 3
