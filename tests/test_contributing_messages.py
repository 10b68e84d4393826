"""CONTRIBUTING.md's table of messages quotes what the check really prints.

Each example in the table ("What the build tells you") must match a message that a planted
mistake produces, with `…` standing for any text and line numbers, keys and quoted names for
any such value. A message whose wording changes breaks this test until the guide follows.
"""

from __future__ import annotations

import shutil

import pytest
from support.article_text import front_matter
from support.guide import documented_messages, pattern_of
from support.site_helpers import REPO

from connection_series.check import check_project
from connection_series.settings import read_settings

pytestmark = pytest.mark.unit

ENTRY = "@article{{{key},\n  author = {{Roe, R.}},\n  title = {{T}},\n  journal = {{J}},\n  year = {{{year}}},\n  volume = {{1}},{extra}\n}}\n"  # noqa: E501
GOOD_BIB = ENTRY.format(key="holtlunstad2010", year="2010", extra="")

# An article whose title, description and Key points box break the writing rules.
SHAPELESS_ARTICLE = front_matter("Part 3: Friendship at work", "Two sentences. Not one") + (
    "# Part three\n\nWords.\n\n"
    '!!! abstract "Key points"\n\n    - One.\n    - Two.\n\n'
    '!!! warning "When to get help"\n\n    Call a doctor.\n'
)
# Each scenario: (references.bib, a page's Markdown). One project per scenario, because a
# file that cannot be read at all (a duplicate key) hides the problems after it.
SCENARIOS = {
    "unknown key": (GOOD_BIB, "# P\n\nA claim [@holtlunstad2011].\n"),
    "duplicate key": (GOOD_BIB + ENTRY.format(key="holtlunstad2010", year="2010", extra=""), ""),
    "syntax": (GOOD_BIB + "@article{bad2001,\n  title = {T}\n  year = {2001}\n}\n", ""),
    "unclosed brace": (GOOD_BIB + "@article{open2001,\n  title = {T,\n  year = {2001},\n}\n", ""),
    "bad fields": (
        GOOD_BIB
        + ENTRY.format(key="late2019", year="2019a", extra="")
        + "@book{glass1995,\n  author = {Glass, T.},\n  title = {T},\n  year = {1995},\n}\n"
        + ENTRY.format(key="url2002", year="2002", extra="\n  doi = {https://doi.org/10.1/x},")
        + ENTRY.format(key="a2003", year="2003", extra="\n  doi = {10.1000/same},")
        + ENTRY.format(key="b2004", year="2004", extra="\n  doi = {10.1000/same},"),
        "",
    ),
    "page mistakes": (
        GOOD_BIB,
        "# P\n\nEmpty [@] here.\n\nOpen [@holtlunstad2010 and on.\n\n"
        "![A chart [@holtlunstad2010]](chart.png)\n\n<script>alert(1)</script>\n\n"
        "Pages [@holtlunstad2010 p. 12].\n",
    ),
    "article shape": (GOOD_BIB, SHAPELESS_ARTICLE),
    "article without its boxes": (
        GOOD_BIB,
        SHAPELESS_ARTICLE.replace("# Part three\n", "# Part 3: Friendship at work\n").split("!!!")[
            0
        ]
        + '!!! warning "Help"\n\n    Call 911.\n',
    ),
    "template left": (
        GOOD_BIB,
        "# P\n\nStart with one or two short sentences that tell the "
        "reader what this page is about.\n",
    ),
}


def documented_examples() -> list[str]:
    return documented_messages("### What the build tells you")


@pytest.fixture(scope="module")
def real_messages(tmp_path_factory) -> list[str]:
    messages = []
    for name, (bib, page) in SCENARIOS.items():
        root = tmp_path_factory.mktemp(name.replace(" ", "-"))
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        (root / "docs").mkdir()
        (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
        if page:
            (root / "docs" / "part-1-draft.md").write_text(page, encoding="utf-8")
        (root / "references.bib").write_text(bib, encoding="utf-8")
        messages += [str(problem) for problem in check_project(read_settings(root / "mkdocs.yml"))]
    return messages


def test_the_guide_lists_messages():
    assert len(documented_examples()) >= 10


@pytest.mark.parametrize("example", documented_examples())
def test_each_documented_message_is_one_the_check_prints(example, real_messages):
    pattern = pattern_of(example)
    assert any(pattern.search(message) for message in real_messages), (
        f"CONTRIBUTING.md quotes {example!r}, but no planted mistake prints it. "
        "Real messages:\n" + "\n".join(real_messages)
    )
