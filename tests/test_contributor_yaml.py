"""Contributor YAML (issues 20 and 21): front matter and every data file are read without
anchors, aliases or tags, each mistake is one line where it starts (an unclosed quote where
it opens) with advice that matches it, and values of the wrong type are named on their line.
references.bib: each required field of each entry type, removed in turn, is one line at the
entry's line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.hostile_site import bomb
from support.site_helpers import REPO, project_settings

from connection_series.boundary.contributor_yaml import YamlMistake, read_yaml
from connection_series.check import check_project
from connection_series.citations import bibliography
from connection_series.citations.bibtex_text import REQUIRED_FIELDS
from connection_series.evidence.data import read_registry
from connection_series.planner.data import read_planner
from connection_series.trust.front_matter import FrontMatterError, read_front_matter

pytestmark = pytest.mark.unit

ARTICLE = """---
title: A title
description: One sentence.
authors:
  - The editorial team
published: 2026-01-01
last_reviewed: 2026-01-02
next_review: 2027-01-02
reviewer: ""
---

# A title
"""


def mistake_in(text: str, first_line: int = 1) -> YamlMistake:
    with pytest.raises(YamlMistake) as raised:
        read_yaml(text, first_line)
    return raised.value


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("a: &x 1\nb: *x\n", 1, "an anchor (&x)"),
        ("a: [1]\nb: *x\n", 2, "an alias (*x)"),  # to nothing
        ("title: !ENV GITHUB_TOKEN\n", 1, "the tag !ENV"),
        ("run: !!python/object/apply:os.system [id]\n", 1, "the tag tag:yaml.org,2002:python"),
        ("title: a\ndescription: b\ntitle: c\n", 3, "the field 'title' is written twice"),
        ("count: .inf\n", 1, "'.inf' is not a number"),
        ("ci: [1, .NaN]\n", 1, "'.NaN' is not a number"),
        ("? [a, b]\n: c\n", 1, "a key that is a list or a mapping"),
    ],
)
def test_what_no_contributor_yaml_may_hold_is_one_line(text, line, says):
    mistake = mistake_in(text)
    assert mistake.line == line and says in mistake.problem, mistake


def test_a_billion_laughs_is_refused_at_its_first_anchor_before_anything_is_built():
    mistake = mistake_in(bomb())
    assert mistake.line == 1 and mistake.problem.startswith("an anchor (&a)") and mistake.unsafe


def test_an_impossible_date_stays_text_for_the_fields_rule():
    assert read_yaml("version: 2026-13-45\nchecked: 2026-02-30\n").data == {
        "version": "2026-13-45",
        "checked": "2026-02-30",
    }


@pytest.mark.parametrize(
    ("text", "line", "advice"),
    [
        ('title: "Unclosed\ndescription: x\nauthors:\n  - a\n', 2, "End the text with the same"),
        ("title: 'Unclosed\ndescription: x\n", 2, "End the text with the same"),
        ('a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nreviewer: "\n', 9, "End the text"),
        ("title: Part 3: Friends\n", 2, "Put text holding ': ' in quotes"),
        ("tags: [a, b\ntitle: x\n", 2, "Close it on the same line"),
        ("a: 1\nb:\n  - x\n c: 2\n", 5, "Line it up with the fields above it"),
        ("a:\n\t- 1\n", 3, "Indent with spaces, not tabs"),
        ("a: @x\n", 2, "Put the text in quotes"),
        ('a: "C:\\q"\n', 2, "a backslash starts an escape"),
    ],
)
def test_a_yaml_mistake_is_named_where_it_starts_with_advice_that_matches(text, line, advice):
    """Lines counted as in a page whose front matter starts on the file's second line."""
    mistake = mistake_in(text, first_line=2)
    assert mistake.line == line, mistake.problem
    assert advice in mistake.fix, mistake.fix


def test_an_unclosed_quote_in_the_title_is_named_on_the_title_line():
    source = ARTICLE.replace("title: A title", 'title: "A title')
    with pytest.raises(FrontMatterError) as raised:
        read_front_matter(source)
    assert raised.value.line == 2
    assert raised.value.problem == (
        "front matter is not valid YAML: the quote opened on this line is not closed on it "
        "(the next quote mark, on line 9, closes it)"
    )


def test_an_unclosed_quote_in_the_last_field_is_named_on_its_own_line():
    source = ARTICLE.replace('reviewer: ""', 'reviewer: "')
    assert source.splitlines()[8] == 'reviewer: "'
    with pytest.raises(FrontMatterError) as raised:
        read_front_matter(source)
    assert raised.value.line == 9


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("title", "[a, b]", "'title' must be text, not a list"),
        ("description", "{a: b}", "'description' must be text, not a group of fields"),
        ("title", "", "'title' must be text, not nothing"),
    ],
)
def test_a_front_matter_field_of_the_wrong_type_is_named_on_its_line(field, value, says):
    source = re.sub(rf"^{field}: .*$", f"{field}: {value}", ARTICLE, flags=re.M)
    with pytest.raises(FrontMatterError) as raised:
        read_front_matter(source)
    assert raised.value.problem == says
    assert source.splitlines()[raised.value.line - 1].startswith(f"{field}:")


def project(tmp_path: Path, pages: dict[str, str]) -> list[str]:
    docs = tmp_path / "docs"
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    settings = project_settings(tmp_path)
    return [str(problem) for problem in check_project(settings)]


def test_a_mistyped_template_is_one_line_and_keeps_the_page_from_the_engine(tmp_path):
    [problem] = project(tmp_path, {"index.md": "---\ntemplate: mian.html\n---\n\n# Home\n"})
    assert problem.startswith("docs/index.md:2: 'template: mian.html' is not a template of")


@pytest.mark.parametrize("name", ["planner.yml", "evidence.yml"])
def test_a_data_file_with_an_alias_is_one_line_on_it(tmp_path, name):
    path = tmp_path / name
    original = (REPO / "docs" / "data" / name).read_text(encoding="utf-8")
    planted = bomb() if name == "planner.yml" else "- " + bomb("  ")[2:]
    path.write_text(original + "\n" + planted, encoding="utf-8")
    reader = read_planner if name == "planner.yml" else read_registry
    _, problems = reader(path, f"docs/data/{name}")
    [problem] = problems
    assert problem.line == original.count("\n") + 2
    assert problem.problem.startswith("an anchor (&a)")


def test_impossible_dates_and_infinite_counts_in_the_data_are_named_on_their_line(tmp_path):
    planner = (REPO / "docs" / "data" / "planner.yml").read_text(encoding="utf-8")
    (tmp_path / "planner.yml").write_text(
        re.sub(r"^version: .*$", "version: 2026-13-45", planner, flags=re.M), encoding="utf-8"
    )
    _, [problem] = read_planner(tmp_path / "planner.yml", "planner.yml")
    assert "field 'version' must be a date written YYYY-MM-DD, not '2026-13-45'" in str(problem)
    evidence = (REPO / "docs" / "data" / "evidence.yml").read_text(encoding="utf-8")
    checked = re.sub(r"checked: \S+", "checked: 2026-02-30", evidence, count=1)
    (tmp_path / "evidence.yml").write_text(checked, encoding="utf-8")
    _, [problem] = read_registry(tmp_path / "evidence.yml", "evidence.yml")
    assert "checked must be a date or 'pending', got '2026-02-30'" in problem.problem
    line = checked[: checked.index("checked: 2026-02-30")].count("\n") + 1
    assert problem.line == line
    infinite = re.sub(r"(measure: count\n(?:.*\n)*?\s*value: )\S+", r"\1.inf", evidence, count=1)
    (tmp_path / "evidence.yml").write_text(infinite, encoding="utf-8")
    _, [problem] = read_registry(tmp_path / "evidence.yml", "evidence.yml")
    assert problem.problem == "'.inf' is not a number the site can show"


# --- references.bib ---------------------------------------------------------------------------

ENTRY = {
    "article": "@article{doe2020,\n  author = {Doe, J.},\n  title = {A title},\n"
    "  journal = {J},\n  year = {2020},\n  volume = {1},\n}\n",
    "book": "@book{doe2021,\n  author = {Doe, J.},\n  title = {A book},\n  publisher = {P},\n"
    "  year = {2021},\n}\n",
    "misc": "@misc{doe2022,\n  author = {Doe, J.},\n  title = {A preprint},\n"
    "  howpublished = {PsyArXiv},\n  year = {2022},\n}\n",
}


def bib_problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "references.bib"
    path.write_text(text, encoding="utf-8")
    return [str(problem) for problem in bibliography.load(path, "references.bib").errors()]


@pytest.mark.parametrize(
    ("kind", "field"),
    [(kind, field) for kind, fields in REQUIRED_FIELDS.items() for field in fields],
)
def test_each_required_field_removed_is_one_line_at_the_entrys_line(tmp_path, kind, field):
    text = "% Sources\n\n" + re.sub(rf"^  {field} = .*\n", "", ENTRY[kind], flags=re.M)
    [problem] = bib_problems(tmp_path, text)
    assert problem.startswith("references.bib:3: entry '") and f"is missing {field}" in problem


def test_an_entry_with_neither_author_nor_year_is_one_line(tmp_path):
    text = "@book{zz,\n  title = {T},\n  publisher = {P},\n}\n"
    assert bib_problems(tmp_path, text) == [
        "references.bib:1: entry 'zz' (@book) is missing author, year. "
        "Add them: an @book needs author, title, publisher, year"
    ]


def test_an_author_with_too_many_commas_names_its_line(tmp_path):
    text = ENTRY["article"].replace("Doe, J.", "Doe, J., Roe, K.")
    [problem] = bib_problems(tmp_path, text)
    assert problem.startswith("references.bib:2: malformed BibTeX (Too many commas")


def test_a_crossref_to_no_entry_is_one_line_on_its_field(tmp_path):
    text = ENTRY["article"].replace(
        "  volume = {1},\n", "  volume = {1},\n  crossref = {gone2019},\n"
    )
    [problem] = bib_problems(tmp_path, text)
    assert problem.startswith("references.bib:7: entry 'doe2020' has crossref = {gone2019}")
