"""The article scaffold's page builds strictly and passes the content checks."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from support.site_helpers import build, write_fixture_site
from test_content import (
    BODY_MAX_GRADE,
    KEY_POINTS_MAX_GRADE,
    article_content,
    front_matter_problems,
    grade,
    key_points_box,
    split_front_matter,
    text_blocks,
    uncited_statistics,
)

from connection_series.contributors.new_article import create_article

pytestmark = pytest.mark.site


def test_scaffolded_page_builds_strictly_and_passes_the_content_checks(tmp_path, scratch_repo):
    page = create_article(
        "Part 3: Friendship at work", scratch_repo / "docs", scratch_repo / "mkdocs.yml"
    )
    config = write_fixture_site(tmp_path / "fixture", {page.name: page.read_text("utf-8")})
    result = build(config, tmp_path / "fixture" / "site")
    assert result.returncode == 0, result.output
    built = tmp_path / "fixture" / "site" / page.stem / "index.html"
    content = article_content(BeautifulSoup(built.read_text("utf-8"), "html.parser"))
    assert grade(text_blocks(content)) <= BODY_MAX_GRADE
    assert grade(text_blocks(key_points_box(content), include_boxes=True)) <= KEY_POINTS_MAX_GRADE
    assert "When to get help" in content.get_text()
    front_matter, body = split_front_matter(page)
    assert front_matter_problems(front_matter, body) == []
    assert uncited_statistics(body) == []
