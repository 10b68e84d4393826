"""The article template's placeholder text is a problem of the check, on its line: the untouched
scaffold of `make new-article` cannot be published, its examples (code) count for nothing,
and the "When to get help" box it writes is the article's own."""

from __future__ import annotations

import datetime as dt

import pytest
from support.titles import unused_title

from connection_series.check import check_project
from connection_series.contributors.new_article import create_article
from connection_series.contributors.placeholders import PROBLEM
from connection_series.settings import read_settings

pytestmark = pytest.mark.unit

TODAY = dt.date(2026, 11, 26)


def scaffold(project):
    """The next part's scaffold (its title names no number: the scaffold gives it one)."""
    return create_article(unused_title(project / "docs", "A draft"), project / "docs", TODAY)


def problems_on(project, page) -> list[str]:
    shown = f"docs/{page.name}"
    problems = check_project(read_settings(project / "mkdocs.yml"), TODAY)
    return [str(problem) for problem in problems if problem.path == shown]


def line_holding(page, text: str) -> int:
    lines = page.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_the_untouched_scaffold_is_stopped_on_each_run_of_placeholder_lines(scratch_repo):
    page = scaffold(scratch_repo)
    problems = problems_on(scratch_repo, page)
    expected_lines = [
        line_holding(page, "description:"),
        line_holding(page, "Start with one or two"),
        line_holding(page, "Write three to five"),
        line_holding(page, "Say what the studies found"),
        line_holding(page, "Give one or two small steps"),
    ]
    assert [int(problem.split(":")[1]) for problem in problems] == expected_lines, problems
    assert all(PROBLEM in problem for problem in problems), problems
    # Its examples are code: no unknown statistic 'ID', no citation counted.
    assert not any("statistic" in problem or "citation" in problem for problem in problems)


def test_own_words_in_place_of_the_placeholders_clear_them(scratch_repo):
    page = scaffold(scratch_repo)
    text = page.read_text(encoding="utf-8")
    body_start = text.index("\n# ")
    heading = text[body_start : text.index("\n", body_start + 1)]
    kept_box = text.index('!!! warning "When to get help"')
    own = (
        f"{heading}\n\nA page of our own.\n\n"
        '!!! abstract "Key points"\n\n    - One.\n    - Two.\n    - Three.\n\n'
    )
    front = text[:body_start].replace(
        "One plain sentence that says what the reader will learn.", "A sentence of our own."
    )
    page.write_text(front + own + text[kept_box:], encoding="utf-8")
    assert problems_on(scratch_repo, page) == []


def test_a_placeholder_shown_as_code_or_in_a_comment_is_not_counted(scratch_repo):
    page = scratch_repo / "docs" / "notes.md"
    page.write_text(
        "# Notes\n\nThe template says:\n\n```text\nWrite three to five short points.\n```\n\n"
        "<!-- Use plain words. -->\n\n    Keep each point to one idea.\n",
        encoding="utf-8",
    )
    assert problems_on(scratch_repo, page) == []


def test_a_placeholder_left_in_any_page_is_found(scratch_repo):
    page = scratch_repo / "docs" / "notes.md"
    page.write_text("# Notes\n\nText.\n\n- Use plain words.\n", encoding="utf-8")
    assert problems_on(scratch_repo, page) == [
        f"docs/notes.md:5: {PROBLEM}. Replace it with the article's own words"
    ]
