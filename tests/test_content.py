"""The readability measure (applied to the built pages in test_content_site.py) and the
diagrams' accessibility. The other rules an article follows (statistics from the registry and
cited, valid front matter, its boxes and title) are the check's, with their one-line messages
(`series check`: tests/test_statistics.py, tests/test_article_structure.py,
tests/test_trust_front_matter.py); no test holds today's articles to a rule of its own.

Readability is measured with textstat 0.7.3 (syllables from pyphen 0.18.1, both pinned in
pyproject.toml and constraints.txt) on the text of the built HTML pages, after this
normalisation, which the content team also uses while writing:

- only paragraphs and list items of the page content count; the "Key points" box is measured
  on its own; figures, the chart and its table, other boxes, footnotes, the reference list and
  anything the theme adds (disclaimer, page metadata) are left out;
- citations are removed, whatever form they are rendered in;
- a decimal such as 1.29 is one word, so it does not split a sentence in two;
- every paragraph or list item ends a sentence, as a reader hears it.
"""

from __future__ import annotations

import re
import warnings

import pytest
from bs4 import BeautifulSoup, Tag
from support.site_helpers import REPO

pytestmark = pytest.mark.unit

with warnings.catch_warnings():
    # textstat 0.7.3 imports pkg_resources, which warns that it is deprecated.
    warnings.simplefilter("ignore", UserWarning)
    import textstat

DOCS = REPO / "docs"
# Enough text to measure a reading grade: a new, short article passes.
MIN_BODY_WORDS = 50

BODY_MAX_GRADE = 8.0
KEY_POINTS_MAX_GRADE = 6.0

# --- helpers ----------------------------------------------------------------------------


# Citations as they may appear in rendered HTML: still raw, as footnote references,
# or as APA author-date text such as "(Holt-Lunstad et al., 2010)" or "(Cole, 2019, p. 3)".
RAW_CITATION = re.compile(r"\s?\[@[^\]]*\]")
AUTHOR_DATE = re.compile(
    r"\s?\((?:see\s)?[A-Z][^()]*?(?:et al\.)?,?\s(?:19|20)\d\d[a-z]?(?:,\s[^()]*)?\)"
)
NARRATIVE = re.compile(r"[A-Z][\w'-]+(?:\s(?:et al\.|&\s[A-Z][\w'-]+))?\s\((?:19|20)\d\d[a-z]?\)")


def strip_citations(element: Tag) -> str:
    element = BeautifulSoup(str(element), "html.parser")
    for ref in element.select("sup, a.footnote-ref, .citation, cite"):
        ref.decompose()
    text = element.get_text(" ")
    text = RAW_CITATION.sub("", text)
    text = AUTHOR_DATE.sub("", text)
    text = NARRATIVE.sub("the study", text)
    return text


def normalise(text: str) -> str:
    text = re.sub(r"(\d)[.,](\d)", r"\1\2", text)
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    text = re.sub(r"\s+", " ", text).strip()
    if text and text[-1] not in ".!?":
        text = text.rstrip(";:,") + "."
    return text


EXCLUDED_CONTAINERS = (
    "figure",
    "table",
    "aside",
    "nav",
    "header",
    "footer",
    "details",
    "svg",
)
EXCLUDED_CLASSES = ("admonition", "footnote", "md-source-file", "references", "csl-bib-body")


def _excluded(element: Tag) -> bool:
    for parent in [element, *element.parents]:
        if not isinstance(parent, Tag):
            continue
        if parent.name in EXCLUDED_CONTAINERS:
            return True
        classes = parent.get("class") or []
        if any(name in classes for name in EXCLUDED_CLASSES):
            return True
        if parent.get("id") in ("medical-disclaimer", "references", "refs"):
            return True
    return False


def text_blocks(container: Tag, *, include_boxes: bool = False) -> list[str]:
    """Paragraphs and list items in reading order, citations stripped, normalised."""
    blocks = []
    for element in container.find_all(["p", "li"]):
        if not include_boxes and _excluded(element):
            continue
        if include_boxes and element.find_parent(["figure", "table", "svg"]):
            continue
        if "admonition-title" in (element.get("class") or []):
            continue
        if element.name == "li" and element.find(["p", "ul", "ol"]):
            continue  # its paragraphs are counted on their own
        text = normalise(strip_citations(element))
        if text:
            blocks.append(text)
    return blocks


def article_content(soup: BeautifulSoup) -> Tag:
    content = soup.select_one("article.md-content__inner") or soup.select_one("article")
    assert content is not None, "no <article> in the page"
    # Stop at a bibliography heading appended by the citation hook, if any.
    content = BeautifulSoup(str(content), "html.parser")
    for heading in content.find_all(["h2", "h3"]):
        if heading.get_text(" ", strip=True).rstrip("¶ ").strip().lower() == "references":
            for sibling in list(heading.find_all_next()):
                sibling.decompose()
            heading.decompose()
            break
    return content


def key_points_box(content: Tag) -> Tag:
    for box in content.select("div.admonition"):
        title = box.select_one(".admonition-title")
        if title and title.get_text(strip=True) == "Key points":
            return box
    raise AssertionError("no 'Key points' box")


def grade(blocks: list[str]) -> float:
    return textstat.flesch_kincaid_grade(" ".join(blocks))


# --- readability ------------------------------------------------------------------------


def test_textstat_is_the_pinned_offline_version():
    from importlib.metadata import version

    assert version("textstat") == "0.7.3"
    assert version("pyphen") == "0.18.1"


def test_normalisation_keeps_decimals_and_drops_citations():
    html = (
        "<p>The odds were higher (odds ratio 1.29, 95% CI 1.04 to 1.59) "
        "[@valtorta2016] (Valtorta et al., 2016)<sup><a class='footnote-ref'>1</a></sup></p>"
    )
    (paragraph,) = text_blocks(BeautifulSoup(html, "html.parser"))
    assert paragraph == "The odds were higher (odds ratio 129, 95% CI 104 to 159)."
    assert textstat.sentence_count(paragraph) == 1
    rendered = (
        "<p>Both matter (Steptoe et al., 2013; Valtorta et al., 2018). "
        "A book said so (Glass, 1995, p. 4).</p>"
    )
    (paragraph,) = text_blocks(BeautifulSoup(rendered, "html.parser"))
    assert paragraph == "Both matter. A book said so."


def test_readability_measure_catches_hard_text():
    hard = (
        "<p>Comprehensive epidemiological investigations demonstrate that "
        "psychosocial isolation substantially elevates cardiovascular morbidity "
        "through neuroendocrine dysregulation and inflammatory pathophysiology.</p>"
    )
    assert grade(text_blocks(BeautifulSoup(hard, "html.parser"))) > BODY_MAX_GRADE


# --- figures ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in (DOCS / "images").glob("*.svg")))
def test_every_diagram_is_accessible_svg_with_real_text(name):
    svg = BeautifulSoup((DOCS / "images" / name).read_text(encoding="utf-8"), "html.parser")
    root = svg.find("svg")
    assert root.get("role") == "img"
    assert root.find("title").get_text(strip=True)
    assert root.find("desc").get_text(strip=True)
    assert root.find_all("text"), "its words are SVG text, not drawn paths"
