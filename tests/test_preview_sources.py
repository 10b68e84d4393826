"""What the preview counts as showing on other pages (preview.sources.face_of): an edit that
changes it rebuilds every page; one that does not rebuilds its own page only. Each case is
a small page written here, so that the rule holds for any content."""

from __future__ import annotations

import pytest

from connection_series.preview.sources import face_of

pytestmark = pytest.mark.unit

PAGE = """---
title: A page
---

# A page

Some words here. A figure: [[stat:one]].

## Second section

More words. Another figure: [[stat:two]].

!!! note "A box"

    Words in the box.
"""


def face(text: str) -> tuple:
    return face_of(text.encode("utf-8"))


def test_words_added_to_a_paragraph_show_on_no_other_page():
    assert face(PAGE.replace("More words.", "More words, and a few more.")) == face(PAGE)


def test_a_statistic_moved_past_a_heading_shows_elsewhere():
    """The Evidence page lists each statistic under the heading above it."""
    moved = PAGE.replace("## Second section\n\n", "").replace(
        "Some words here.", "## Second section\n\nSome words here."
    )
    assert moved.count("[[stat:") == 2 and moved.count("## Second section") == 1
    assert face(moved) != face(PAGE)


def test_a_heading_inside_a_box_shows_elsewhere():
    """Other pages may link to its section."""
    boxed = PAGE.replace("    Words in the box.", "    ### In the box\n\n    Words in the box.")
    assert face(boxed) != face(PAGE)


@pytest.mark.parametrize(
    "link",
    [
        "[the box](other-page.md#in-the-box)",
        "[the box][box]\n\n[box]: ../folder/other-page.md#in-the-box",
        '<a href="other-page.md#in-the-box">the box</a>',
    ],
)
def test_a_link_to_a_section_of_another_page_shows_elsewhere(link):
    """MkDocs checks its anchor only when it renders the page it leads to."""
    linked = PAGE.replace("More words.", f"More words, see {link}.")
    assert face(linked) != face(PAGE)


def test_a_link_to_another_page_without_a_section_is_the_page_s_own():
    """MkDocs checks that the page exists in any build."""
    linked = PAGE.replace("More words.", "More words, see [it](other-page.md).")
    assert face(linked) == face(PAGE)


def test_a_heading_shown_as_code_is_the_page_s_own():
    coded = PAGE.replace("More words.", "More words:\n\n```md\n## Not a heading\n```\n")
    assert face(coded) == face(PAGE)
