"""Our Markdown extensions and the contributor-file check, in process and without a build.

The extensions get Markdown and give HTML (`markdown.Markdown` with the site's extensions in
the site's order, over files in a temporary folder); the check gets a temporary project
(its own mkdocs.yml, docs/, references.bib) and returns one-line problems. Each test takes
milliseconds, so every escaping rule and every message can have its own case.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from support.site_helpers import REPO

from connection_series.check import check_project
from connection_series.contributors.new_article import main as new_article
from connection_series.settings import read_settings

pytestmark = pytest.mark.unit

TODAY = dt.date(2026, 11, 26)
BIB = """\
@article{doe2020,
  author = {Doe, Jane and Roe, Rich},
  title = {A study of things},
  journal = {Journal of Things},
  volume = {1},
  year = {2020},
  doi = {10.1000/xyz1}
}

@book{poe2019,
  author = {Poe, Pat},
  title = {A book},
  publisher = {Press},
  year = {2019}
}

@article{coe2018,
  author = {Coe, Cat},
  title = {Never cited},
  journal = {J},
  volume = {3},
  year = {2018}
}
"""
# One record of the statistics registry (docs/data/evidence.yml), drawn in Part 1's chart;
# tests change its fields.
CHART = {"part": 1, "label": "Lonely", "outcome": "Death from any cause", "direction": "harm"}
ROW = {
    "id": "doe2020-lonely",
    "cite": "doe2020",
    "measure": "OR",
    "value": 1.26,
    "ci": [1.1, 1.4],
    "about": "Odds of dying during the study: lonely people compared with others",
    "population": "Adults",
    "design": "cohort",
    "location": "abstract",
    "checked": dt.date(2026, 11, 1),
    "chart": CHART,
}
HOSTILE = '<script>alert(1)</script> <img src=x onerror=alert(2)> & "q" *em* | [@poe2019] {{ 7*7 }}'
OURS = [
    "connection_series.evidence.extension",
    "connection_series.planner.extension",
    "connection_series.citations.extension",
    "connection_series.trust.feedback",
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A project folder: references.bib, docs/ with the real planner data, no pages yet."""
    (tmp_path / "references.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "docs" / "data").mkdir(parents=True)
    planner = (REPO / "docs" / "data" / "planner.yml").read_text(encoding="utf-8")
    (tmp_path / "docs" / "data" / "planner.yml").write_text(planner, encoding="utf-8")
    write_rows(tmp_path, [ROW])
    return tmp_path


class _WrittenOut(yaml.SafeDumper):
    """Every value written in full, as contributor YAML must be (no anchors or aliases)."""

    def ignore_aliases(self, data) -> bool:
        return True


def write_rows(root: Path, rows: list[dict]) -> None:
    # Flow style for lists of numbers (ci: [1.1, 1.4]), as the file's own records are written.
    text = yaml.dump(
        rows, Dumper=_WrittenOut, sort_keys=False, allow_unicode=True, default_flow_style=None
    )
    (root / "docs" / "data" / "evidence.yml").write_text(text, encoding="utf-8")


def render(root: Path, text: str, feedback_url: str = "https://example.org/issues") -> str:
    """The page's HTML, as the site's Markdown set-up makes it (ours in mkdocs.yml's order)."""
    docs = str(root / "docs")
    configs = {
        "connection_series.evidence.extension": {"docs_dir": docs},
        "connection_series.planner.extension": {
            "docs_dir": docs,
            "templates": str(REPO / "overrides"),
            "site_name": "The <b>site</b>",
        },
        "connection_series.citations.extension": {
            "docs_dir": docs,
            "bibliography": str(root / "references.bib"),
            "cache_dir": str(root / ".cache" / "citations"),
        },
        "connection_series.trust.feedback": {"url": feedback_url},
    }
    extensions = ["attr_list", "md_in_html", "tables", "pymdownx.superfences", *OURS]
    return markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text)


def soup_of(root: Path, text: str) -> BeautifulSoup:
    return BeautifulSoup(render(root, text), "html.parser")


def words(tag) -> str:
    return " ".join(tag.get_text().split())


# --- Citations ---------------------------------------------------------------------------


def test_a_known_key_links_to_its_reference(folder):
    soup = soup_of(folder, "# A\n\nAs found [@doe2020].\n")
    [link] = soup.select("a.citation")
    assert link["href"] == "#cite-doe2020"
    assert link["id"] == "cite-ref-doe2020-1"
    assert words(link) == "Doe & Roe, 2020"
    assert "(Doe & Roe, 2020)" in words(soup.p)
    [item] = soup.select("ul.references > li")
    assert item["id"] == "cite-doe2020"
    assert "A study of things" in words(item)
    heading = soup.find("h2", string="References")
    assert heading is not None and heading.has_attr("data-search-exclude")


def test_an_unknown_key_is_marked_not_linked(folder):
    soup = soup_of(folder, "# A\n\nAs found [@nobody2020].\n")
    assert not soup.select("a.citation")
    [mark] = soup.select("mark.citation-unknown")
    assert mark.get_text() == "[@nobody2020]"
    assert not soup.select("ul.references")


def test_grouped_citations_are_in_apa_order_in_one_parenthesis(folder):
    soup = soup_of(folder, "# A\n\nBoth [@poe2019; @doe2020].\n")
    links = soup.select("a.citation")
    assert [link["href"] for link in links] == ["#cite-doe2020", "#cite-poe2019"]
    assert "(Doe & Roe, 2020; Poe, 2019)" in words(soup.p)
    assert [li["id"] for li in soup.select("ul.references > li")] == [
        "cite-doe2020",
        "cite-poe2019",
    ]


def test_a_narrative_citation_names_the_authors_with_and(folder):
    soup = soup_of(folder, "# A\n\nAs @doe2020 found.\n")
    [link] = soup.select("a.citation")
    assert words(link) == "Doe and Roe (2020)"


def test_each_citation_of_a_key_has_its_own_id(folder):
    soup = soup_of(folder, "# A\n\nOne [@doe2020], two [@doe2020] and @doe2020.\n")
    ids = [link["id"] for link in soup.select("a.citation")]
    assert ids == ["cite-ref-doe2020-1", "cite-ref-doe2020-2", "cite-ref-doe2020-3"]
    assert len(soup.select("ul.references > li")) == 1


@pytest.mark.parametrize("written", ["pp. 12-14", "pp. 12--14", "pp. 12 - 14"])
def test_a_page_range_gets_an_en_dash(folder, written):
    soup = soup_of(folder, f"# A\n\nSee [@doe2020, {written}].\n")
    assert "(Doe & Roe, 2020, pp. 12\u201314)" in words(soup.p)


def test_a_hostile_locator_is_text(folder):
    html = render(folder, f"# A\n\nSee [@doe2020, p. 1 {HOSTILE.replace('[@poe2019]', '')}].\n")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "img", "em"])
    assert "<script" not in html and "onerror=alert(2)>" not in html
    text = words(soup.p)
    assert "<script>alert(1)</script>" in text and "*em*" in text and "{{ 7*7 }}" in text


def test_the_bibliography_lists_cited_entries_then_further_reading(folder):
    (folder / "docs" / "article.md").write_text("# A\n\nCited [@doe2020].\n", encoding="utf-8")
    (folder / "docs" / "references.md").write_text("# R\n\n<!-- bibliography -->\n")
    soup = soup_of(folder, "# R\n\n<!-- bibliography -->\n")
    cited, uncited = soup.select("ul.references.bibliography")
    assert [li["id"] for li in cited.find_all("li")] == ["cite-doe2020"]
    assert cited.select_one(".cited-in")["data-cited-key"] == "doe2020"
    heading = uncited.find_previous("h2")
    assert words(heading) == "Further reading"
    # Uncited entries are in APA order (Coe before Poe) and wait for no back-links.
    assert [li["id"] for li in uncited.find_all("li")] == ["cite-coe2018", "cite-poe2019"]
    assert not uncited.select(".cited-in")


MARKERS = [
    "<!-- bibliography -->",
    "<!-- evidence-registry -->",
    "<!-- chart: evidence part=1 -->",
    "<!-- planner-sheet -->",
    "<!-- feedback-link -->",
]


@pytest.mark.parametrize("marker", MARKERS)
def test_a_marker_shown_in_a_code_block_stays_code(folder, marker):
    """A page may show contributors what to write; only a marker outside code is replaced."""
    soup = soup_of(folder, f"# How to\n\nWrite:\n\n```\n{marker}\n```\n")
    assert soup.find("code").get_text().strip() == marker
    assert not soup.select("ul.references, figure, .planner, a")


# --- Evidence chart -------------------------------------------------------------------------


def test_the_chart_marker_becomes_a_figure_and_a_table(folder):
    soup = soup_of(folder, "# A\n\n<!-- chart: evidence part=1 -->\n")
    figure = soup.select_one("figure.evidence-chart#evidence-chart-part-1")
    assert figure is not None and figure.find("svg") is not None
    rows = soup.select("table tbody tr")
    assert len(rows) == 1
    assert "Lonely" in words(rows[0]) and "1.26 (1.10 to 1.40)" in words(rows[0])
    assert rows[0].select_one("a.citation")["href"] == "#cite-doe2020"


def test_a_marker_for_a_part_without_rows_draws_nothing(folder):
    soup = soup_of(folder, "# A\n\n<!-- chart: evidence part=2 -->\n")
    assert not soup.select("figure") and not soup.select("table")


def test_chart_labels_holding_html_are_escaped(folder):
    write_rows(folder, [{**ROW, "chart": {**CHART, "label": HOSTILE, "outcome": HOSTILE}}])
    html = render(folder, "# A\n\n<!-- chart: evidence part=1 -->\n")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "img", "em"])
    assert "onerror=alert(2)>" not in html
    # The only citation is the row's own: '[@poe2019]' in a label is text, in the SVG too.
    assert [link["href"] for link in soup.select("a.citation")] == ["#cite-doe2020"]
    assert "[@poe2019]" in words(soup.select_one("svg desc"))
    assert "[@poe2019]" in words(soup.select_one("table tbody tr"))
    assert len(soup.select("table tbody tr td")) == 3  # '|' in a label split no cell


# --- Planner --------------------------------------------------------------------------------


def test_the_planner_marker_renders_the_sheet_once(folder):
    soup = soup_of(folder, "# P\n\n<!-- planner-sheet -->\n\n<!-- planner-sheet -->\n")
    assert len(soup.select("div.planner")) == 1
    fields = soup.select(".planner input, .planner select")
    assert fields and all(field.get("id") and field.get("name") for field in fields)
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert [a["href"] for a in soup.select(".planner a[download]")] == [
        "weekly-planner-a4.pdf",
        "weekly-planner-letter.pdf",
    ]


def test_hostile_planner_text_is_escaped(folder):
    path = folder / "docs" / "data" / "planner.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] = HOSTILE
    data["labels"]["print"] = HOSTILE
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    html = render(folder, "# P\n\n<!-- planner-sheet -->\n")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "img", "em", "b"])
    assert "onerror=alert(2)>" not in html
    assert not soup.select("a.citation")  # the sheet is not read as Markdown
    assert HOSTILE in words(soup.select_one("#planner-title"))
    assert "{{ 7*7 }}" in html and "49" not in words(soup.select_one("#planner-title"))
    assert "The <b>site</b>" in words(soup.select_one(".planner"))


# --- Feedback link --------------------------------------------------------------------------


def test_the_feedback_marker_becomes_a_link_naming_the_other_site(folder):
    soup = soup_of(folder, "# About\n\n<!-- feedback-link -->\n")
    [link] = soup.find_all("a")
    assert link["href"] == "https://example.org/issues"
    assert "on example.org" in words(soup.p)


@pytest.mark.parametrize("url", ["", "javascript:alert(1)", "https://e.org/a b", "ftp://e.org"])
def test_without_a_usable_feedback_address_the_marker_is_dropped(folder, url):
    html = render(folder, "# About\n\n<!-- feedback-link -->\n", feedback_url=url)
    assert "<a" not in html and "feedback-link" not in html


# --- The contributor-file check -------------------------------------------------------------


def project(
    root: Path,
    pages: dict[str, str],
    bib: str | bytes = BIB,
    feedback_url: str | None = "https://example.org/f",
) -> list[str]:
    """check_project over a tmp project; every problem as the contributor reads it."""
    options = f"\n      feedback_url: {feedback_url}" if feedback_url else ""
    plugin = f"  - series:{options}" if options else "  - series"
    (root / "mkdocs.yml").write_text(f"site_name: Test\nplugins:\n{plugin}\n", encoding="utf-8")
    target = root / "references.bib"
    target.write_bytes(bib if isinstance(bib, bytes) else bib.encode("utf-8"))
    for name, text in pages.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    # The folder holds the real planner data; like the real site, a page shows the sheet.
    planner_page = root / "docs" / "weekly-planner.md"
    if "weekly-planner.md" not in pages:
        planner_page.write_text("# Planner\n\n<!-- planner-sheet -->\n", encoding="utf-8")
    problems = [
        str(problem) for problem in check_project(read_settings(root / "mkdocs.yml"), TODAY)
    ]
    for line in problems:
        assert "\n" not in line and "Traceback" not in line, line
    return problems


def test_a_clean_project_has_no_problems(folder):
    assert project(folder, {"a.md": "# A\n\nAs found [@doe2020].\n"}) == []


def test_an_unknown_key_names_the_line_counting_front_matter_and_suggests(folder):
    page = "---\ntitle: A\ndescription: B\n---\n\n# A\n\nAs found [@doe2021].\n"
    [problem] = project(folder, {"a.md": page})
    assert problem.startswith("docs/a.md:8: unknown citation key '@doe2021'. ")
    assert "Did you mean '@doe2020'?" in problem


def test_the_same_unknown_key_on_two_lines_is_reported_on_each(folder):
    problems = project(folder, {"a.md": "# A\n\nOne [@nobody].\n\nTwo @nobody.\n"})
    assert [p.split(":")[:2] for p in problems] == [["docs/a.md", "3"], ["docs/a.md", "5"]]
    assert all("unknown citation key '@nobody'" in p for p in problems)


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("Empty [@].", "empty citation '[@]'"),
        ("Unclosed [@doe2020, p. 3", "is never closed"),
        ("![A chart [@doe2020]](chart.png)", "a citation inside an image's alt text"),
        ("[Read this [@doe2020]](https://example.org)", "a citation inside a link's text"),
    ],
)
def test_malformed_citations_are_reported_on_their_line(folder, line, says):
    [problem] = project(folder, {"a.md": f"---\ntitle: A\n---\n\n# A\n\n{line}\n"})
    assert problem.startswith("docs/a.md:7: ") and says in problem


@pytest.mark.parametrize(
    ("markup", "says"),
    [
        ("<script>alert(1)</script>", "a <script> element"),
        ('<img src="x.png" alt="" onerror="alert(1)">', "the onerror attribute of <img>"),
        ("[Click](javascript:alert(1))", "the href='javascript:alert(1)' of <a>"),
    ],
)
def test_script_in_markdown_is_refused_once_on_its_line(folder, markup, says):
    [problem] = project(folder, {"a.md": f"# A\n\nText.\n\n{markup}\n\n`{markup}` in code.\n"})
    assert problem.startswith("docs/a.md:5: ") and says in problem


def test_a_references_file_that_is_not_utf8_names_the_line(folder):
    bib = BIB.replace("A book", "Caf\u00e9").encode("latin-1")
    [problem] = project(folder, {"a.md": "# A\n"}, bib=bib)
    line = BIB.split("\n").index("  title = {A book},") + 1
    assert problem.startswith(f"references.bib:{line}: the file is not UTF-8 text")


def test_an_unreadable_references_file_is_one_problem_not_one_per_citation(folder):
    bib = BIB.replace("  title = {A book},", "  title = {A {book},")
    problems = project(folder, {"a.md": "# A\n\nCited [@doe2020] and [@poe2019].\n"}, bib=bib)
    assert len(problems) == 1 and problems[0].startswith("references.bib:"), problems


def test_markers_shown_in_code_blocks_are_not_checked(folder):
    example = "```\n" + "\n".join([*MARKERS, "<!-- chart: evidence part=9 -->"]) + "\n```\n"
    pages = {"a.md": f"# A\n\n{example}", "b.md": f"# B\n\n{example}"}
    assert project(folder, pages) == []


def test_a_year_with_a_letter_names_the_year_line(folder):
    [problem] = project(folder, {"a.md": "# A\n"}, bib=BIB.replace("{2019}", "{2019a}"))
    line = BIB.split("\n").index("  year = {2019}") + 1
    assert problem.startswith(f"references.bib:{line}: entry 'poe2019' has the year '2019a'")


@pytest.mark.parametrize(
    ("broken", "mistake"),
    [
        ("  title = {A study of things},", "  title = {A study of {things},"),  # extra '{'
        ("  title = {A study of things},", "  title = {A study of things,"),  # no '}'
        ("  year = {2020},", "  year = {2020,"),  # in the last field but one
    ],
)
def test_an_unclosed_brace_is_reported_on_its_line(folder, broken, mistake):
    bib = BIB.replace(broken, mistake, 1)
    [problem] = project(folder, {"a.md": "# A\n"}, bib=bib)
    line = bib.split("\n").index(mistake) + 1
    assert problem.startswith(f"references.bib:{line}: "), problem
    assert "entry 'doe2020' has a '{' that is never closed" in problem


def test_bad_planner_values_name_field_and_line(folder):
    path = folder / "docs" / "data" / "planner.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("rows: 3", "rows: 9", 1).replace("ical: MO", "ical: XX", 1)
    path.write_text(text, encoding="utf-8")
    problems = project(folder, {"a.md": "# A\n"})
    lines = text.split("\n")
    assert len(problems) == 2, problems
    ical, rows = problems
    assert ical.startswith(f"docs/data/planner.yml:{_line(lines, 'ical: XX')}: field 'days")
    assert "'XX'" in ical
    assert rows.startswith(f"docs/data/planner.yml:{_line(lines, 'rows: 9')}: field 'sections")
    assert "from 1 to 5, not 9" in rows


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("measure", "XX", "measure must be one of OR, HR, RR, ES"),
        ("value", "high", "value must be a number, got 'high'"),
        ("ci", [1.5, 1.6], "does not contain the value 1.26"),
        ("cite", "nobody2020", "unknown citation key 'nobody2020'"),
    ],
)
def test_bad_evidence_values_name_field_and_line(folder, field, value, says):
    second = {**ROW, "id": "doe2020-second", field: value, "chart": {**CHART, "part": 2}}
    write_rows(folder, [ROW, second])
    [problem] = project(folder, {"a.md": "# A\n"})
    text = (folder / "docs" / "data" / "evidence.yml").read_text(encoding="utf-8").split("\n")
    start = text.index("- id: doe2020-second")
    line = next(n for n in range(start, len(text)) if text[n].startswith(f"  {field}:")) + 1
    assert problem.startswith(f"docs/data/evidence.yml:{line}: record "), problem
    assert says in problem


def test_two_chart_markers_for_one_part_are_reported_on_the_second(folder):
    page = "# A\n\n<!-- chart: evidence part=1 -->\n\nText.\n\n<!-- chart: evidence part=1 -->\n"
    [problem] = project(folder, {"a.md": page})
    assert problem.startswith("docs/a.md:7: the chart for part 1 is already on this page")


def test_a_chart_marker_for_a_missing_part_names_the_parts_there_are(folder):
    [problem] = project(folder, {"a.md": "# A\n\n<!-- chart: evidence part=2 -->\n"})
    assert problem.startswith("docs/a.md:3: chart marker: no evidence rows have part=2")
    assert "(1)" in problem


def test_a_300_character_title_is_refused_in_one_line(folder, capsys):
    (folder / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    title = "A" + " very long title" * 18 + "." * 11
    assert len(title) == 300
    assert new_article([title, "--config", str(folder / "mkdocs.yml")]) == 1
    captured = capsys.readouterr()
    [line] = captured.err.strip().split("\n")
    assert "300 characters" in line and "Traceback" not in captured.err
    assert not list((folder / "docs").glob("*.md"))
    assert (folder / "mkdocs.yml").read_text() == (REPO / "mkdocs.yml").read_text()


def _line(lines: list[str], text: str) -> int:
    return next(number for number, line in enumerate(lines, start=1) if text in line)
