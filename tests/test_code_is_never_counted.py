"""Every reader of the series' syntax asks the one scanner where code is: what a page shows as
code (fenced, indented or inline) is never a citation, a statistic, a marker, a hand-typed
number or unsafe markup, while the same text in a box or a list item still counts."""

from __future__ import annotations

import pytest

from connection_series.boundary.markup import markup_problems
from connection_series.citations.site_citations import cited_keys
from connection_series.citations.syntax import malformed_citations
from connection_series.common.markdown_scan import scan
from connection_series.evidence.chart_marker import chart_parts
from connection_series.evidence.statistics import find_uses, handtyped, has_registry_marker

pytestmark = pytest.mark.unit

SHOWN_AS_CODE = {
    "fenced": "Text.\n\n```\n{}\n```\n",
    "tilde fence in a box": "!!! note\n    Text.\n\n    ~~~\n    {}\n    ~~~\n",
    "indented": "Text.\n\n    {}\n",
    "indented in a list item": "- Item.\n\n        {}\n",
    "indented in a box": '!!! note "Box"\n    Text.\n\n        {}\n',
    "inline": "Text with `{}` in it.\n",
}
COUNTED = {
    "paragraph": "Text.\n\n{}\n",
    "box": '!!! abstract "Key points"\n    {}\n',
    "list item in a box": "!!! note\n    - {}\n",
    "list item": "- Item.\n\n    {}\n",
}


def pages(contexts: dict[str, str], text: str) -> list[str]:
    return [context.format(text) for context in contexts.values()]


@pytest.mark.parametrize("page", pages(SHOWN_AS_CODE, "[@cole2019] and @rook2015"))
def test_citations_in_code_are_not_cited(page):
    assert cited_keys(page) == []


@pytest.mark.parametrize("page", pages(COUNTED, "[@cole2019] and @rook2015"))
def test_citations_in_boxes_and_list_items_are(page):
    assert cited_keys(page) == ["cole2019", "rook2015"]


@pytest.mark.parametrize("page", pages(SHOWN_AS_CODE, "[@] and [@cole2019 open"))
def test_malformed_citations_in_code_are_examples(page):
    assert malformed_citations(page) == []


@pytest.mark.parametrize("page", pages(SHOWN_AS_CODE, "[[stat:some-id, percent]]"))
def test_statistics_in_code_are_not_used(page):
    assert find_uses(page) == []


@pytest.mark.parametrize("page", pages(COUNTED, "[[stat:some-id, percent]]"))
def test_statistics_in_boxes_and_list_items_are(page):
    assert [use.id for use in find_uses(page)] == ["some-id"]


@pytest.mark.parametrize("page", pages(SHOWN_AS_CODE, "odds 1.29, 29% more"))
def test_numbers_in_code_are_not_typed_by_hand(page):
    assert handtyped(page) == []


@pytest.mark.parametrize("page", pages(COUNTED, "odds 1.29, 29% more"))
def test_numbers_in_boxes_are(page):
    assert [text for _, text in handtyped(page)] == ["1.29", "29%"]


@pytest.mark.parametrize("page", [p for name, p in SHOWN_AS_CODE.items() if name != "inline"])
def test_markers_in_code_are_examples(page):
    assert chart_parts(page.format("<!-- chart: evidence part=1 -->")) == []
    assert not has_registry_marker(page.format("<!-- evidence-registry -->"))


def test_a_marker_on_its_own_line_counts():
    assert [part for _, part in chart_parts("Text.\n\n<!-- chart: evidence part=2 -->\n")] == ["2"]
    assert has_registry_marker("# Evidence\n\n<!-- evidence-registry -->\n")


@pytest.mark.parametrize("page", pages(SHOWN_AS_CODE, "<script>alert(1)</script>"))
def test_script_in_code_is_only_shown(page):
    assert markup_problems(page, scan(page)) == []


def test_script_in_a_box_is_refused():
    page = "!!! note\n    <script>alert(1)</script>\n"
    assert markup_problems(page, scan(page))
