"""Which text is a citation: the four forms, and look-alikes that must be left alone."""

from __future__ import annotations

import pytest

from connection_series.citations.syntax import (
    CitedItem,
    escaped_ats,
    find_citations,
    malformed_citations,
    protected_spans,
)

pytestmark = pytest.mark.unit


def cited(markdown: str) -> list[tuple[str, tuple, bool]]:
    return [(markdown[c.start : c.end], c.items, c.narrative) for c in find_citations(markdown)]


def test_single_group_locator_and_narrative_forms():
    text = "A [@cole2019]. B [@rook2015; @luo2012]. C [@cole2019, p. 12]. @holtlunstad2010 found."
    assert cited(text) == [
        ("[@cole2019]", (CitedItem("cole2019"),), False),
        ("[@rook2015; @luo2012]", (CitedItem("rook2015"), CitedItem("luo2012")), False),
        ("[@cole2019, p. 12]", (CitedItem("cole2019", "p. 12"),), False),
        ("@holtlunstad2010", (CitedItem("holtlunstad2010"),), True),
    ]


def test_locator_on_one_item_of_a_group():
    text = "[@a2001, pp. 3-5; @b2002]"
    assert cited(text)[0][1] == (CitedItem("a2001", "pp. 3-5"), CitedItem("b2002"))


def test_narrative_key_stops_before_sentence_punctuation():
    assert [c[0] for c in cited("As @cole2019. And @rook2015, then (@luo2012)")] == [
        "@cole2019",
        "@rook2015",
        "@luo2012",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Write to team@example.org or a.b@c.de.",
        "Inline `[@cole2019]` and ``@cole2019`` code.",
        "```\n[@cole2019] and @cole2019\n```",
        "~~~~ text\n@cole2019\n~~~~",
        "    ```python\n    print('@cole2019')\n    ```",
        "See https://example.org/@cole2019 and www.example.org/@rook2015.",
        "A [link](https://example.org/@cole2019) and <https://example.org/@rook2015>.",
        '<span title="[@cole2019]" data-x="@rook2015">text</span>',
        "<!-- a note about @cole2019 -->",
        "A literal \\@cole2019 handle.",
        "Mail mailto:someone@example.org now.",
        "[@cole2019](https://example.org) is a link, [@rook2015][ref] too.",
        "[@cole2019]: https://example.org",
    ],
)
def test_look_alikes_are_not_citations(text):
    assert cited(text) == []


def test_citation_after_a_closed_fence_is_found():
    text = "```\n@inside\n```\nThen [@cole2019]."
    assert [c[0] for c in cited(text)] == ["[@cole2019]"]


def test_an_unclosed_fence_is_text_as_the_renderer_shows_it_so_its_citations_count():
    # pymdownx.superfences renders a fence that is never closed as text, citation and all.
    assert [c[0] for c in cited("```\n[@cole2019]\nmore")] == ["[@cole2019]"]


@pytest.mark.parametrize(
    "text",
    [
        "Text.\n\n    [@cole2019] in an indented code block\n",
        "- Item\n\n        [@cole2019] in a list item's code block\n",
        '!!! note "Box"\n    Text.\n\n        [@cole2019] in the code block of a box\n',
        "- Item\n\n    ```\n    [@cole2019]\n    ```\n",
    ],
)
def test_indented_code_is_not_cited(text):
    assert cited(text) == []


def test_a_prefix_in_apa_form_belongs_to_its_citation():
    assert cited("[see @cole2019, p. 3]") == [
        ("[see @cole2019, p. 3]", (CitedItem("cole2019", "p. 3", "see"),), False)
    ]
    assert cited("[e.g., @a; @b]")[0][1] == (CitedItem("a", "", "e.g.,"), CitedItem("b"))


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("[@cole2019 p. 12]", "Put a comma before the page: [@cole2019, p. 12]"),
        ("[write to @cole2019 now]", "Write [@key], [@key, p. 12], [see @key] or [@a; @b]"),
    ],
)
def test_brackets_that_are_not_a_citation_are_refused_with_the_form_to_write(text, fix):
    [(offset, problem, said)] = malformed_citations(f"Text {text}.")
    assert offset == 5 and problem == f"citation '{text}' is not in a form the site prints"
    assert said.startswith(fix)


def test_a_key_with_letters_of_any_script_is_read_whole():
    assert cited("[@müller2020]")[0][1] == (CitedItem("müller2020"),)
    assert cited("As @øvre2021 found")[0][1] == (CitedItem("øvre2021"),)


def test_citations_inside_admonitions_and_lists_are_found():
    text = '!!! abstract "Key points"\n\n    - Linked with death [@holtlunstad2015].\n'
    assert [c[0] for c in cited(text)] == ["[@holtlunstad2015]"]


def test_escaped_at_positions_skip_code():
    text = "A \\@handle and `\\@code`."
    assert escaped_ats(text, protected_spans(text)) == [2]
