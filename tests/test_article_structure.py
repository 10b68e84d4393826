"""The writing rules an article's shape must follow are the check's (trust/article_structure.py),
one line each on the line of the slip: the title as the first heading, a one-sentence
description, the Key points box first with three to five points, and a When to get help box
naming the local emergency number. Boxes shown as code are examples, never counted."""

from __future__ import annotations

import pytest
from support.article_text import GET_HELP, KEY_POINTS, front_matter

from connection_series.common.source_page import Page
from connection_series.trust.article_structure import structure_problems

pytestmark = pytest.mark.unit

FRONT = front_matter("Part 9: A test")
BODY = f"# Part 9: A test\n\nOpening words.\n\n{KEY_POINTS}## More\n\nText.\n\n{GET_HELP}"


def problems(text: str) -> list[str]:
    page = Page("docs/a.md", text)
    body = text[page.start :]
    return [str(p) for p in structure_problems(page.shown, text, body, page.scanned, page.line)]


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_an_article_as_the_template_shapes_it_has_no_problem():
    assert problems(FRONT + BODY) == []


def test_a_page_that_is_not_an_article_needs_only_its_title_as_heading():
    assert problems("---\ntitle: Notes\ndescription: D\n---\n\n# Notes\n\nText.\n") == []
    assert problems("# No front matter\n") == []


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("# Part 9: A test\n", "# Part nine\n", "the page's first heading is '# Part nine', not"),
        ("# Part 9: A test\n", "## Part 9: A test\n", "first heading is '## Part 9: A test'"),
        ("One sentence about the test.", "Two. Sentences here.", "is not one sentence"),
        ("One sentence about the test.", "No full stop", "is not one sentence"),
        (KEY_POINTS, "", 'an article\'s first box is !!! abstract "Key points"'),
        (KEY_POINTS, '!!! note "Aside"\n\n    Text.\n\n' + KEY_POINTS, "(the first box is"),
        ("    - Three.\n", "", "the Key points box has 2 points"),
        ("    - Three.\n", "    - Three.\n    - Four.\n    - Five.\n    - Six.\n", "has 6 points"),
        (GET_HELP, "", 'has no !!! warning "When to get help" box'),
        ("call your local\n    emergency number", "call 911", "does not name the local emergency"),
    ],
)
def test_each_slip_is_one_line_on_its_line(old, new, says):
    good = FRONT + BODY
    text = good.replace(old, new, 1)
    assert text != good
    [problem] = problems(text)
    assert problem.startswith("docs/a.md:"), problem
    assert says in problem, problem
    assert "\n" not in problem


def test_the_line_is_that_of_the_heading_box_or_field():
    text = (FRONT + BODY).replace("- Three.\n", "")
    [problem] = problems(text)
    assert problem.startswith(f"docs/a.md:{line_of(text, '!!! abstract')}: ")
    text = (FRONT + BODY).replace("One sentence about the test.", "Two. Two.")
    [problem] = problems(text)
    assert problem.startswith(f"docs/a.md:{line_of(text, 'description:')}: ")


def test_boxes_and_headings_shown_as_code_are_examples():
    example = '```markdown\n# Not the title\n\n!!! note "Example"\n```\n\n'
    text = FRONT + BODY.replace("Opening words.\n\n", "Opening words.\n\n" + example)
    assert problems(text) == []
    text = FRONT + example + BODY
    assert problems(text) == []
