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


def test_scaffolded_page_builds_strictly_and_passes_the_content_checks(tmp_path):
    """The scaffold in a site without parts: part 1, a draft (not built) until the
    contributor removes `draft: true`, as CONTRIBUTING says."""
    docs = tmp_path / "new" / "docs"
    docs.mkdir(parents=True)
    page = create_article("Friendship at work", docs)
    text = page.read_text("utf-8")
    config = write_fixture_site(tmp_path / "fixture", {"index.md": "# Home\n", page.name: text})
    site = tmp_path / "fixture" / "site"
    assert build(config, site).returncode == 0
    assert not (site / page.stem).exists(), "a draft was published"
    ready = text.replace("draft: true\n", "")
    config = write_fixture_site(tmp_path / "fixture", {"index.md": "# Home\n", page.name: ready})
    result = build(config, site)
    assert result.returncode == 0, result.output
    built = site / page.stem / "index.html"
    content = article_content(BeautifulSoup(built.read_text("utf-8"), "html.parser"))
    assert grade(text_blocks(content)) <= BODY_MAX_GRADE
    assert grade(text_blocks(key_points_box(content), include_boxes=True)) <= KEY_POINTS_MAX_GRADE
    assert "When to get help" in content.get_text()
    page.write_text(ready, encoding="utf-8")
    front_matter, body = split_front_matter(page)
    assert front_matter_problems(front_matter, body) == []
    assert uncited_statistics(body) == []
