"""The Markdown scanner knows code the way the site's renderer does.

Each page here is rendered with Python-Markdown and the extensions of mkdocs.yml (ours left
out: they are what uses the scanner), and every word of it is looked up in the HTML: inside
<code>, inside a comment, or text. The scanner must say the same of it from the Markdown. The
pages are a table of the cases that matter (boxes that cite, code in lists, HTML blocks) and
a few hundred generated ones, nesting every kind of block in every other.
"""

from __future__ import annotations

import random
import re

import markdown
import pytest
from bs4 import BeautifulSoup, Comment
from mkdocs.utils import yaml_load
from support.site_helpers import REPO

from connection_series.common.markdown_scan import Spans, marker_line, scan

pytestmark = pytest.mark.unit

WORD = re.compile(r"qz\d{4}")


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with mkdocs.yml's extensions except ours."""
    with (REPO / "mkdocs.yml").open(encoding="utf-8") as handle:
        config = yaml_load(handle)
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        name = entry if isinstance(entry, str) else next(iter(entry))
        if not name.startswith("connection_series"):
            names.append(name)
            if isinstance(entry, dict):
                configs[name] = entry[name]
    return markdown.Markdown(extensions=names, extension_configs=configs)


@pytest.fixture(scope="module")
def renderer() -> markdown.Markdown:
    return site_markdown()


def numbered(page: str) -> str:
    """Each X of the page becomes a word of its own: qz0000, qz0001, ..."""
    counter = iter(range(10_000))
    return re.sub(r"\bX\b", lambda _: f"qz{next(counter):04d}", page)


def rendered_kinds(renderer: markdown.Markdown, page: str) -> dict[str, str]:
    renderer.reset()
    soup = BeautifulSoup(renderer.convert(page), "html.parser")
    kinds = {}
    for text in soup.find_all(string=True):
        if isinstance(text, Comment):
            kind = "comment"
        elif text.find_parent(["code", "pre"]) is not None:
            kind = "code"
        else:
            kind = "text"
        for word in WORD.findall(str(text)):
            kinds.setdefault(word, kind)
    return kinds


def scanned_kinds(page: str) -> dict[str, str]:
    scanned = scan(page)
    kinds = {}
    for match in WORD.finditer(page):
        if scanned.is_code(match.start()):
            kinds[match[0]] = "code"
        elif match.start() in scanned.comments:
            kinds[match[0]] = "comment"
        else:
            kinds[match[0]] = "text"
    return kinds


def differences(renderer: markdown.Markdown, page: str) -> dict[str, tuple[str, str]]:
    """(scanner, renderer) for every word they disagree on. A word the renderer leaves out of
    the text (an image's alt) is not compared; code inside a comment is hidden either way."""
    shown, found = rendered_kinds(renderer, page), scanned_kinds(page)
    return {
        word: (kind, shown[word])
        for word, kind in found.items()
        if word in shown and kind != shown[word] and (kind, shown[word]) != ("code", "comment")
    }


CASES = [
    # indented code after a paragraph, a heading, a rule, a definition, an HTML block
    "X para\n\n    X code\n",
    "# Head X\n    X code\n",
    "para\n\n---\n    X code\n",
    "[a]: https://example.org\n    X code\n",
    "*[HTML]: Hyper Text\n    X code\n",
    "<!-- X note -->\n    X code\n",
    "para X\n<div>\nX\n</div>\n    X code\n",
    # ... but the content of a box, a list item, a footnote, a definition: they cite
    '!!! note "Title `X`"\n    X text `X`\n\n        X code\n\n    - X item\n\n            X code',
    '???+ note "Summary"\n    X body\n\n        X code\n',
    "- X item\n\n\n\n    X more\n",
    "- X a\n\n        X code in the item\n",
    "1. X\n2. X\n\n    X paragraph in 2\n\n        X code in 2\n",
    "- X\n    - X nested\n\n            X code\n",
    "- X\n    - X nested\n\n        X paragraph in nested\n",
    "[^1]: X note\n\n    X more note\n\n        X code in the note\n\nref[^1]\n",
    "Term X\n:   X definition\n\n        X code in the definition\n",
    "> X quote\n>\n>     X code in the quote\n",
    # fences: any indentation, in boxes and lists, closed by the same fence
    "```\nX\n```\n",
    "~~~\nX\n~~~\n",
    "```\nX\nnever closed X\n",
    "```\nX\n````\nX\n",
    '```python title="x"\nX\n```\n',
    "``` not a language\nX\n```\n",
    "```{.py}\nX\n```\n",
    "- X\n    ```\n    X\n    ```\n",
    "!!! note\n    ```\n    X\n    ```\n",
    "    ```\n    X\n    ```\n",
    "> ```\n> X\n> ```\n",
    "    X code\n- X item\n    ~~~\n    X\n    ~~~\n",
    # HTML: raw blocks are text, `markdown` elements are Markdown (with indented code)
    "<div>\n\n    X raw\n\n</div>\n",
    "<div markdown>\n\n    X indented\n\n</div>\n",
    '<div markdown="1">\n<div>\n    X\n</div>\n\n    X code\n</div>\n',
    "<p markdown>`X` X</p>\n",
    "  <div markdown>\n  `X`\n</div>\n",
    "<figure markdown>\n![X](x.png)\n  <figcaption>X</figcaption>\n</figure>\n",
    # inline code: backtick runs, escapes, across lines but not across paragraphs
    "X `X` X ``X ` X`` X",
    "\\`X` X `X\\`\n",
    "\\\\`X`\n",
    "``X`` `` ` `` X\n",
    "`X\nX` X\n\n`X\n\nX`\n",
    "c`` X \\`X` X\n",
    "| a | b |\n|---|---|\n| `X` | X |\n",
    "X <!-- X --> X `<!--` X `-->`\n",
    "<!--\nX `X`\n-->\n\nX\n",
    # tabs count to the next multiple of four
    "\tX tab code\n\npara\n\n\tX tab code\n",
    "- X\n\n\tX tab in the item\n",
]


@pytest.mark.parametrize("page", CASES)
def test_the_scanner_finds_code_where_the_renderer_puts_it(renderer, page):
    page = numbered(page)
    assert differences(renderer, page) == {}, page


INLINE = ["X", "X X", "`X`", "``X ` X``", "`X", "\\`X`", "X`` X", "` X `", "```X```"]
INLINE += ["\\\\`X`", "<!-- X -->", "<b>X</b>"]


def generated_page(seed: int) -> str:
    rng = random.Random(seed)

    def words() -> str:
        return " ".join(rng.choice(INLINE) for _ in range(rng.randint(1, 4)))

    def indented(lines: list[str]) -> list[str]:
        pad = " " * rng.choice([4, 4, 4, 2, 3, 5, 8])
        return [pad + line if line else "" for line in lines]

    def block(depth: int) -> list[str]:
        kinds = ["p", "p", "code", "fence", "comment"]
        if depth < 3:
            kinds += ["p2", "heading", "setext", "rule", "code", "fence", "list", "olist"]
            kinds += ["box", "box", "details", "quote", "footnote", "definition", "comment2"]
            kinds += ["raw", "markdown", "reference", "table", "tab", "inline_html"]
            kinds += ["nested_html", "span_html", "comment_code", "abbreviation"]
        kind = rng.choice(kinds)
        if kind == "p":
            return [words()]
        if kind == "p2":
            return [words(), words()]
        if kind == "heading":
            return ["# " + words()]
        if kind == "setext":
            return [words(), "====="]
        if kind == "rule":
            return ["---"]
        if kind == "code":
            return ["    " + words()] + (["    X"] if rng.random() < 0.5 else [])
        if kind == "fence":
            fence = rng.choice(["```", "~~~", "````"])
            pad = " " * rng.choice([0, 0, 1, 2, 4])
            opening = fence + rng.choice(["", "python", ' title="t"', " foo bar", "{.py}"])
            body = [pad + "X " + rng.choice(INLINE), *([""] if rng.random() < 0.3 else [])]
            closing = rng.choice([fence, fence, fence, fence + "`", "   " + fence])
            return [pad + opening, *body, pad + "X"] + (
                [pad + closing] if rng.random() < 0.85 else []
            )
        if kind in ("list", "olist"):
            lines = []
            for number in range(rng.randint(1, 3)):
                lines.append(("- " if kind == "list" else f"{number + 1}. ") + words())
                if rng.random() < 0.5:
                    lines += [""] * rng.randint(0, 1) + indented(page(depth + 1, rng.randint(1, 2)))
            return lines
        if kind == "box":
            title = rng.choice(["!!! note", '!!! tip "T `X`"', '!!! warning ""'])
            return [title, *indented(page(depth + 1, rng.randint(1, 3)))]
        if kind == "details":
            title = rng.choice(["??? note", '???+ note "S `X`"'])
            return [title, *indented(page(depth + 1, rng.randint(1, 3)))]
        if kind == "quote":
            return ["> " + line if line else ">" for line in page(depth + 1, rng.randint(1, 2))]
        if kind == "footnote":
            return ["[^1]: " + words(), *indented(page(depth + 1, rng.randint(0, 2)))]
        if kind == "definition":
            body = indented(page(depth + 1, rng.randint(0, 2)))
            return ["Term " + words(), ":   " + words(), *body]
        if kind == "comment":
            return ["<!-- X " + rng.choice([w for w in INLINE if "<!--" not in w]) + " -->"]
        if kind == "comment2":
            return ["<!--", "X `X`", "-->"]
        if kind == "raw":
            return ["<div>", "", "    X raw", "", "</div>"]
        if kind == "markdown":
            return ["<div markdown>", "", *page(depth + 1, rng.randint(1, 2)), "", "</div>"]
        if kind == "reference":
            return ["[a]: https://example.org"]
        if kind == "table":
            return ["| a | b |", "|---|---|", "| " + words() + " | X |"]
        if kind == "tab":
            return ["\t" + words()]
        if kind == "inline_html":
            return ["<span>" + words() + "</span> " + words()]
        if kind == "nested_html":
            return [
                '<div markdown="1">',
                "<div>",
                "    X",
                "</div>",
                "",
                "    " + words(),
                "</div>",
            ]
        if kind == "span_html":
            return ["<p markdown>" + words(), words() + "</p>"]
        if kind == "comment_code":
            return ["<!-- X -->", "    " + words()]
        return ["*[HTML]: Hyper Text", "    " + words()]  # abbreviation

    def page(depth: int, blocks: int) -> list[str]:
        lines: list[str] = []
        for _ in range(blocks):
            if lines:
                lines += [""] * rng.choice([0, 1, 1, 1, 2])
            lines += block(depth)
        return lines

    return numbered("\n".join(page(0, rng.randint(1, 6))) + "\n")


def test_generated_pages_scan_as_the_renderer_renders_them(renderer):
    differing = {}
    for seed in range(400):
        page = generated_page(seed)
        if found := differences(renderer, page):
            differing[seed] = (page, found)
    assert differing == {}


@pytest.mark.xfail(strict=True, reason="the renderer reads some text twice (see below)")
def test_known_difference_text_read_twice_after_an_inline_element(renderer):
    # Python-Markdown's inline tree processor reads the text after a code span a second time
    # in a footnote (and in a tight list item followed by a block), after backslash escapes
    # have hidden their backticks, so two backticks find a closing one they did not before.
    page = numbered(
        "[^1]: \\\\`X` X\n        - X`` X <!-- X -->\n                # X `X ```X``` X\n"
    )
    assert differences(renderer, page) == {}


# --- the scanner's own answers ---------------------------------------------------------

MARKER = marker_line(r"evidence-registry")
CHART = marker_line(r"chart:\s*evidence\s+part=(\w+)")


def test_a_marker_alone_on_its_line_is_one_in_a_box_too():
    page = "Text.\n\n<!-- evidence-registry -->\n\n!!! note\n    <!--evidence-registry-->\n"
    found = [page.index("<!--", m.start()) for m in scan(page).markers(MARKER)]
    assert found == [page.index("<!-- e"), page.index("<!--e")]


@pytest.mark.parametrize(
    "page",
    [
        "```\n<!-- evidence-registry -->\n```\n",
        "~~~~\n<!-- evidence-registry -->\n~~~~\n",
        "Text.\n\n    <!-- evidence-registry -->\n",
        "- Item\n\n    ```\n    <!-- evidence-registry -->\n    ```\n",
        "`<!-- evidence-registry -->`\n",
        "<!-- a note\n<!-- evidence-registry -->\n",
    ],
)
def test_a_marker_shown_in_code_or_inside_a_comment_is_none(page):
    assert scan(page).markers(MARKER) == []


def test_a_marker_keeps_its_arguments():
    page = "<!-- chart: evidence part=2 -->\n\n    <!-- chart: evidence part=3 -->\n"
    assert [m[1] for m in scan(page).markers(CHART)] == ["2"]


def test_outside_skips_code_and_comments():
    page = "[@a] `[@b]` <!-- [@c] -->\n\n    [@d]\n\n[@e]\n"
    found = scan(page).outside(re.compile(r"\[@\w\]"))
    assert [m[0] for m in found] == ["[@a]", "[@e]"]


def test_offsets_are_the_pages_own_when_tabs_are_expanded():
    page = "Text.\n\n\t[@code]\n\n- Item\n\n\t[@item]\n"
    scanned = scan(page)
    assert scanned.is_code(page.index("[@code]"))
    assert not scanned.is_code(page.index("[@item]"))


def test_a_page_without_code_signs_has_no_code():
    scanned = scan("Plain text with [@key] and 1.5%.\n")
    assert list(scanned.code) == [] and list(scanned.comments) == []


def test_spans_merge_and_answer_membership():
    spans = Spans([(5, 9), (0, 2), (8, 12)])
    assert list(spans) == [(0, 2), (5, 12)]
    assert [position in spans for position in (0, 2, 5, 11, 12)] == [True, False, True, True, False]
