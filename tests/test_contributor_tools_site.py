"""The article scaffold's page: the strict build stops on each line of the template's
placeholder text, and on nothing else (its examples are code). A scaffold filled in with
plain text builds and passes every site test: the grown copy (tests/support/grown_site.py)."""

from __future__ import annotations

import re

import pytest
from support.site_helpers import build, write_fixture_site

from connection_series.contributors.new_article import create_article
from connection_series.contributors.placeholders import PROBLEM

pytestmark = pytest.mark.site


def test_the_untouched_scaffold_fails_the_strict_build_on_its_placeholder_lines(tmp_path):
    """In a site without parts the scaffold is part 1 (a draft: placeholders fail all the
    same, since the draft is merged as it is)."""
    docs = tmp_path / "new" / "docs"
    docs.mkdir(parents=True)
    page = create_article("Friendship at work", docs)
    pages = {"index.md": "# Home\n", page.name: page.read_text("utf-8")}
    config = write_fixture_site(tmp_path / "fixture", pages)
    result = build(config, tmp_path / "fixture" / "site")
    assert result.returncode != 0
    problems = re.findall(rf"^.*docs/{re.escape(page.name)}:\d+: .*$", result.output, re.M)
    assert problems, result.output
    assert all(PROBLEM in line for line in problems), "\n".join(problems)
    assert "Traceback" not in result.output
