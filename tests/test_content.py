"""The articles' sources: every statistic cited and from the registry, valid front matter, the
boxes every article has, and the readability measure (applied to the built pages in
test_content_site.py). The articles are found from the navigation and their front matter
(tests/support/content_pages.py), never listed here, so a new article is held to the same rules.

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

import datetime as dt
import re
import warnings
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from support.content_pages import article_files
from support.site_helpers import REPO

from connection_series.citations import bibliography
from connection_series.citations.syntax import find_citations
from connection_series.common.front_matter_text import body_of
from connection_series.evidence.data import load_registry
from connection_series.evidence.statistics import SYNTAX, handtyped
from connection_series.trust.front_matter import add_years

pytestmark = pytest.mark.unit

with warnings.catch_warnings():
    # textstat 0.7.3 imports pkg_resources, which warns that it is deprecated.
    warnings.simplefilter("ignore", UserWarning)
    import textstat

DOCS = REPO / "docs"
ARTICLE_FILES = article_files(REPO / "mkdocs.yml", DOCS)
OTHER_FILES = ["index.md", "about.md"]
EVIDENCE = DOCS / "data" / "evidence.yml"
# Enough text to measure a reading grade: a new, short article passes.
MIN_BODY_WORDS = 50

BODY_MAX_GRADE = 8.0
KEY_POINTS_MAX_GRADE = 6.0

SERIES_KEYS = {"part", "draft"}  # a part of the series: its number; kept from readers
ARTICLE_KEYS = {
    "title",
    "description",
    "authors",
    "published",
    "last_reviewed",
    "next_review",
    "reviewer",
}
EDITORIAL_TEAM = "The editorial team of Love and social connection are therapeutic"


# --- helpers ----------------------------------------------------------------------------


def split_front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.DOTALL)
    assert match, f"{path.name}: no YAML front matter"
    meta = yaml.safe_load(match.group(1))
    assert isinstance(meta, dict), f"{path.name}: front matter is not a mapping"
    return meta, match.group(2)


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


# --- every statistic carries a citation ---------------------------------------------------

STATISTIC = re.compile(
    r"\[\[stat:"  # a statistic printed from the registry
    r"|\d+(?:\.\d+)?\s?%(?!\s*(?:CI|confidence))"  # a percentage, not "95% CI"
    r"|\b\d+\.\d+\b"  # a ratio or effect size such as 1.29 or 0.69
    r"|\b\d{1,3}(?:,\d{3})+\b"  # a count such as 12,966
    r"|\b\d+\s+(?:studies|papers|cohorts|groups|people|participants|adults|women|men"
    r"|couples|servants|workers|proteins)\b",
    re.IGNORECASE,
)
CITATION = re.compile(r"\[@[\w:.-]+|(?<![\w.])@[A-Za-z][\w:.-]*\d")


def markdown_blocks(body: str) -> list[str]:
    """Paragraphs and list items of a Markdown body (HTML and comments left out)."""
    body = re.sub(r"<!--.*?-->", "", body, flags=re.DOTALL)
    body = re.sub(r"<figure.*?</figure>", "", body, flags=re.DOTALL)
    blocks: list[str] = []
    current: list[str] = []
    for line in body.splitlines():
        stripped = line.strip()
        starts_item = re.match(r"^(?:[-*+]|\d+\.)\s", stripped)
        if not stripped or stripped.startswith(("#", "!!!", "|")) or starts_item:
            if current:
                blocks.append(" ".join(current))
            current = [stripped] if starts_item else []
            continue
        current.append(stripped)
    if current:
        blocks.append(" ".join(current))
    return [block for block in blocks if block]


def uncited_statistics(body: str) -> list[str]:
    return [
        block
        for block in markdown_blocks(body)
        if STATISTIC.search(block) and not CITATION.search(block)
    ]


@pytest.mark.parametrize("name", ARTICLE_FILES + OTHER_FILES)
def test_every_paragraph_or_item_with_a_statistic_is_cited(name):
    _, body = split_front_matter(DOCS / name)
    missing = uncited_statistics(body)
    assert not missing, f"{name}: statistics without a citation:\n" + "\n".join(missing)


def test_statistic_check_catches_an_uncited_figure():
    body = (
        "Cited: odds ratio 1.29 [@holtlunstad2015].\n\n"
        "- loneliness: 26% higher odds\n"
        "- a review of 148 studies [@holtlunstad2010]\n\n"
        "A study of 9,011 workers found more heart events.\n\n"
        "A 95% confidence interval shows a range.\n"
    )
    assert uncited_statistics(body) == [
        "- loneliness: 26% higher odds",
        "A study of 9,011 workers found more heart events.",
    ]


def test_statistic_check_counts_registry_statistics():
    body = (
        "A review of [[stat:holtlunstad2010-studies]] studies.\n\nCited [[stat:x]] [@cole2019].\n"
    )
    assert uncited_statistics(body) == ["A review of [[stat:holtlunstad2010-studies]] studies."]


@pytest.mark.parametrize("name", ARTICLE_FILES)
def test_every_statistic_in_an_article_comes_from_the_registry(name):
    _, body = split_front_matter(DOCS / name)
    assert handtyped(body) == [], f"{name}: numbers typed by hand"
    known = {stat.id for stat in load_registry(EVIDENCE, "docs/data/evidence.yml").stats}
    used = {match["id"] for match in SYNTAX.finditer(body)}
    assert used <= known, f"{name}: unknown statistic ids {sorted(used - known)}"


def test_every_cited_key_exists_in_references_bib():
    keys = bibliography.load(REPO / "references.bib", "references.bib").bibliography.references
    for source in sorted(DOCS.rglob("*.md")):
        body = body_of(source.read_text(encoding="utf-8"))
        cited = {item.key for citation in find_citations(body) for item in citation.items}
        assert cited <= set(keys), f"{source.name}: unknown keys {sorted(cited - set(keys))}"
    for stat in load_registry(EVIDENCE, "docs/data/evidence.yml").stats:
        assert stat.cite in keys, stat.id


# --- front matter -------------------------------------------------------------------------


def front_matter_problems(meta: dict, body: str) -> list[str]:
    problems = []
    if not ARTICLE_KEYS <= set(meta) <= ARTICLE_KEYS | SERIES_KEYS:
        problems.append(f"keys {sorted(meta)} are not exactly {sorted(ARTICLE_KEYS)}")
        return problems
    if not isinstance(meta["title"], str) or not meta["title"].strip():
        problems.append("title: must be text")
    elif not body.lstrip().startswith(f"# {meta['title']}\n"):
        problems.append("title: the body must start with an H1 matching the title")
    description = meta["description"]
    if not isinstance(description, str) or not description.endswith("."):
        problems.append("description: must be one sentence ending with a full stop")
    elif re.search(r"[.!?]\s", description):
        problems.append("description: must be a single sentence")
    if meta["authors"] != [EDITORIAL_TEAM]:
        problems.append(f"authors: must be [{EDITORIAL_TEAM!r}]")
    if not isinstance(meta["reviewer"], str):
        problems.append("reviewer: must be text (empty until a real reviewer exists)")
    for field in ("published", "last_reviewed", "next_review"):
        if not isinstance(meta[field], dt.date):
            problems.append(f"{field}: must be a date (YYYY-MM-DD)")
    if problems:
        return problems
    if meta["last_reviewed"] < meta["published"]:
        problems.append("last_reviewed: is before published")
    if meta["next_review"] <= meta["last_reviewed"]:
        problems.append("next_review: must be after last_reviewed")
    if meta["next_review"] > add_years(meta["last_reviewed"], 3):
        problems.append("next_review: more than three years after last_reviewed")
    return problems


@pytest.mark.parametrize("name", ARTICLE_FILES)
def test_article_front_matter_is_complete_and_review_is_due_within_three_years(name):
    meta, body = split_front_matter(DOCS / name)
    assert front_matter_problems(meta, body) == [], name


@pytest.mark.parametrize("name", OTHER_FILES)
def test_home_and_about_have_title_and_description(name):
    meta, body = split_front_matter(DOCS / name)
    assert set(meta) == {"title", "description"}, name
    assert body.lstrip().startswith(f"# {meta['title']}\n"), name


def test_front_matter_check_rejects_a_review_date_too_far_away():
    meta, body = split_front_matter(DOCS / ARTICLE_FILES[0])
    late = {**meta, "next_review": add_years(meta["last_reviewed"], 3) + dt.timedelta(days=1)}
    assert front_matter_problems(late, body) == [
        "next_review: more than three years after last_reviewed"
    ]
    missing = {key: value for key, value in meta.items() if key != "reviewer"}
    assert front_matter_problems(missing, body)
    unparsed = {**meta, "published": "26 November 2026"}
    assert front_matter_problems(unparsed, body) == ["published: must be a date (YYYY-MM-DD)"]


# --- boxes and links ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ARTICLE_FILES)
def test_article_has_key_points_first_and_when_to_get_help(name):
    _, body = split_front_matter(DOCS / name)
    first_box = re.search(r'^!!! (\w+) "([^"]+)"', body, re.MULTILINE)
    assert first_box and first_box.groups() == ("abstract", "Key points"), name
    assert '!!! warning "When to get help"' in body, name
    assert "emergency number" in body, name


def test_about_holds_the_full_disclaimer_and_the_feedback_marker():
    _, body = split_front_matter(DOCS / "about.md")
    assert "## Medical disclaimer {#full-disclaimer}" in body
    assert re.search(r"^<!-- feedback-link -->$", body, re.MULTILINE)


# --- figures ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["protective-cascades.svg", "harmful-cascades.svg"])
def test_cascade_diagrams_are_accessible_svg_with_real_text(name):
    svg = BeautifulSoup((DOCS / "images" / name).read_text(encoding="utf-8"), "html.parser")
    root = svg.find("svg")
    assert root.get("role") == "img"
    assert root.find("title").get_text(strip=True)
    assert root.find("desc").get_text(strip=True)
    assert len(root.find_all("text")) >= 5
