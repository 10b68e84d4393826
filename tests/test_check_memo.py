"""The preview's memo of the check (check_memo.CheckMemo): a memoised check always says what
a fresh check says, whatever changed since the last one, and checks again only the pages
whose problems may have changed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from support.site_helpers import REPO

from connection_series import check
from connection_series.check import check_project
from connection_series.check_memo import CheckMemo
from connection_series.devtools.project import copy_project
from connection_series.series.clock import build_day
from connection_series.settings import read_settings

pytestmark = pytest.mark.unit

TODAY = build_day()  # the day the real project checks clean on (make test builds it strictly)


@pytest.fixture
def project(tmp_path):
    copy_project(REPO, tmp_path)
    return tmp_path


@pytest.fixture
def checked_pages(monkeypatch) -> list[str]:
    """The pages check.page_problems is asked about, in order."""
    asked: list[str] = []
    original = check.page_problems

    def counting(page, *args):
        asked.append(page.shown)
        return original(page, *args)

    monkeypatch.setattr(check, "page_problems", counting)
    return asked


def both(project, memo: CheckMemo, today=TODAY) -> list[str]:
    """The memoised check's lines, asserted equal to a fresh check's."""
    settings = read_settings(project / "mkdocs.yml")
    kept = [str(problem) for problem in check_project(settings, today, True, memo=memo)]
    assert kept == [str(problem) for problem in check_project(settings, today, True)]
    return kept


def a_citing_page(project):
    return next(
        path
        for path in sorted((project / "docs").glob("*.md"))
        if re.search(r"\[@\w+", path.read_text(encoding="utf-8"))
    )


def test_an_unchanged_project_is_not_checked_page_by_page_again(project, checked_pages):
    memo = CheckMemo()
    both(project, memo)
    checked_pages.clear()
    settings = read_settings(project / "mkdocs.yml")
    check_project(settings, TODAY, True, memo=memo)
    assert checked_pages == []


def test_an_edited_page_is_checked_again_and_only_it(project, checked_pages):
    memo = CheckMemo()
    assert both(project, memo) == []
    page = a_citing_page(project)
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("[@", "[@nosuchkey2001; @", 1), encoding="utf-8")
    checked_pages.clear()
    found = both(project, memo)
    # The memoised check asks about the edited page only, then the fresh one about every page.
    assert checked_pages[0] == f"docs/{page.name}"
    assert len(checked_pages) == 1 + len(list((project / "docs").rglob("*.md")))
    assert any("unknown citation key '@nosuchkey2001'" in line for line in found)
    page.write_text(text, encoding="utf-8")
    assert both(project, memo) == []  # fixed: the problem goes


def test_what_every_page_depends_on_changing_checks_every_page_again(project):
    memo = CheckMemo()
    both(project, memo)
    # An entry a page cites leaves references.bib: its citations are unknown keys now.
    page = a_citing_page(project)
    key = re.search(r"\[@(\w+)", page.read_text(encoding="utf-8"))[1]
    bib = project / "references.bib"
    text = bib.read_text(encoding="utf-8")
    entry = re.search(rf"^@\w+\{{{key},.*?^\}}\n", text, re.M | re.S)
    bib.write_text(text.replace(entry[0], ""), encoding="utf-8")
    assert any(f"unknown citation key '@{key}'" in line for line in both(project, memo))
    bib.write_text(text, encoding="utf-8")
    assert both(project, memo) == []
    # A day long after the next reviews: every article's review is overdue.
    assert both(project, memo, today=TODAY + dt.timedelta(days=5 * 365))
    assert both(project, memo) == []


def test_a_statistic_removed_from_the_registry_is_an_unknown_id_on_the_pages(project):
    memo = CheckMemo()
    both(project, memo)
    page = next(
        path
        for path in sorted((project / "docs").glob("*.md"))
        if "[[stat:" in path.read_text(encoding="utf-8")
    )
    stat = re.search(r"\[\[stat:([\w-]+)", page.read_text(encoding="utf-8"))[1]
    registry = project / "docs" / "data" / "evidence.yml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace(f"id: {stat}\n", f"id: {stat}-gone\n", 1), encoding="utf-8")
    assert any(stat in line and page.name in line for line in both(project, memo))


def test_a_removed_page_leaves_no_problem_behind(project):
    memo = CheckMemo()
    extra = project / "docs" / "extra.md"
    extra.write_text("# Extra\n\nSee [@nosuchkey2001].\n", encoding="utf-8")
    assert any("docs/extra.md" in line for line in both(project, memo))
    extra.unlink()
    assert both(project, memo) == []
