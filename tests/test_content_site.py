"""The articles as built: readable (measured as tests/test_content.py describes) and each
chart an inline SVG with a table alternative."""

from __future__ import annotations

import pytest
from test_content import (
    BODY_MAX_GRADE,
    KEY_POINTS_MAX_GRADE,
    MIN_BODY_WORDS,
    article_content,
    grade,
    key_points_box,
    text_blocks,
    textstat,  # imported there without its deprecation warning
)

from connection_series.evidence.chart_marker import MARKER_RE
from connection_series.evidence.data import data_path, load_registry

pytestmark = pytest.mark.site

# --- readability --------------------------------------------------------------------------


def test_article_body_reads_at_grade_8_or_below(built_site, article_page):
    url_path = article_page
    content = article_content(built_site.soup(url_path))
    blocks = text_blocks(content)
    words = textstat.lexicon_count(" ".join(blocks))
    assert words >= MIN_BODY_WORDS, f"{url_path}: only {words} words of body text found"
    score = grade(blocks)
    assert score <= BODY_MAX_GRADE, f"{url_path}: body Flesch-Kincaid grade {score}"


def test_key_points_read_at_grade_6_or_below(built_site, article_page):
    url_path = article_page
    box = key_points_box(article_content(built_site.soup(url_path)))
    bullets = box.select("li")
    assert 3 <= len(bullets) <= 5, f"{url_path}: {len(bullets)} key points"
    score = grade(text_blocks(box, include_boxes=True))
    assert score <= KEY_POINTS_MAX_GRADE, f"{url_path}: key points grade {score}"


@pytest.mark.parametrize("url_path", ["", "about/"])
def test_home_and_about_read_at_grade_8_or_below(built_site, url_path):
    score = grade(text_blocks(article_content(built_site.soup(url_path))))
    assert score <= BODY_MAX_GRADE, f"{url_path or 'home'}: grade {score}"


# --- the chart in the built site ----------------------------------------------------------


def test_each_chart_is_inline_svg_with_a_table_alternative(built_site, article_page):
    url_path = article_page
    html = built_site.html(url_path)
    assert not MARKER_RE.search(html)
    soup = built_site.soup(url_path)
    rows = load_registry(data_path(built_site.sources.docs)).rows
    for figure in soup.select("figure.evidence-chart"):
        part = int(figure["id"].removeprefix("evidence-chart-part-"))
        svg = figure.find("svg")
        assert svg.get("role") == "img"
        assert svg.find("title") and svg.find("desc")
        assert "no difference" in svg.get_text(" ")
        expected = [row for row in rows if row.part == part]
        body_rows = figure.find_next("table").select("tbody tr")
        assert len(body_rows) == len(expected)
        for row, tr in zip(expected, body_rows, strict=True):
            cells = tr.find_all("td")
            assert row.label in cells[0].get_text()
            assert f"{row.estimate:.2f}" in cells[1].get_text()
            assert cells[2].find("a")  # the citation, rendered
        assert "<script" not in str(figure)
