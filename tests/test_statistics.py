"""The statistics registry in-process: the [[stat:ID]] syntax (Markdown in, HTML out), the
chart and the Evidence page drawn from the same records, and every bad input reported as one
line naming the file and the line.

Each test writes a small project into a temporary folder: docs/, docs/data/evidence.yml and
the tests' own references.bib (support/sample-references.bib: real works, so the keys are real;
the records are made up for the test)."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from support.site_helpers import SAMPLE_BIB

from connection_series.check import check_project
from connection_series.evidence.data import load_registry, read_registry
from connection_series.evidence.statistics import handtyped, render_value
from connection_series.settings import Settings, SiteInfo

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[1]

TODAY = dt.date(2026, 11, 26)

RECORDS = """\
- id: holtlunstad2010-strong-ties
  cite: holtlunstad2010
  measure: OR
  value: 1.50
  ci: [1.42, 1.59]
  percent: 50
  about: Odds of being alive at the end of follow-up
  population: Adults in 148 studies
  design: meta-analysis
  location: abstract
  checked: 2026-11-26
  chart:
    part: 2
    label: Stronger social relationships
    outcome: Survival over follow-up
    direction: survival

- id: holtlunstad2010-participants
  cite: holtlunstad2010
  measure: count
  value: 308849
  unit: people
  about: People in those studies
  population: Adults in 148 studies
  design: meta-analysis
  location: abstract
  checked: 2026-11-26

- id: valtorta2016-follow-up
  cite: valtorta2016
  measure: years
  value: [3, 21]
  about: How long the studies followed people
  population: Adults in 16 long-running studies
  design: meta-analysis
  location: abstract
  checked: 2026-11-26

- id: packheiser2024-pain
  cite: packheiser2024
  measure: g
  value: 0.69
  ci: [0.48, 0.89]
  about: Effect of touch on pain & more
  population: People in studies of touch
  design: meta-analysis
  location: abstract
  checked: 2026-11-26
"""

ARTICLE_FRONT_MATTER = """\
---
title: "Part 9: A test article"
description: One sentence.
authors:
  - The editorial team
published: 2026-11-26
last_reviewed: 2026-11-26
next_review: 2029-11-26
reviewer: ""
---

# Part 9: A test article

"""
# The boxes every article has (trust/article_structure.py), so that the test's line is its only.
BOXES = (
    '\n!!! abstract "Key points"\n\n    - One.\n    - Two.\n    - Three.\n\n'
    '!!! warning "When to get help"\n\n    Call your local emergency number.\n'
)


def project(tmp_path: Path, pages: dict[str, str], records: str = RECORDS) -> Settings:
    docs = tmp_path / "docs"
    (docs / "data").mkdir(parents=True)
    (docs / "data" / "evidence.yml").write_text(records, encoding="utf-8")
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    return Settings(
        root=tmp_path,
        docs_dir=docs,
        templates=REPO / "overrides",
        bibliography=SAMPLE_BIB,
        feedback_url="https://example.org/feedback",
        review_interval_years=3,
        site=SiteInfo("Test", None, "The editorial team", "en"),
    )


def render(settings: Settings, text: str) -> BeautifulSoup:
    """The page's HTML as the site's Markdown extensions render it, in process."""
    md = markdown.Markdown(
        extensions=[
            "attr_list",
            "tables",
            "md_in_html",
            "connection_series.evidence.extension",
            "connection_series.citations.extension",
        ],
        extension_configs={
            "connection_series.evidence.extension": {"docs_dir": str(settings.docs_dir)},
            "connection_series.citations.extension": {
                "docs_dir": str(settings.docs_dir),
                "bibliography": str(settings.bibliography),
                "cache_dir": str(settings.root / ".cache"),
            },
        },
    )
    return BeautifulSoup(md.convert(text), "html.parser")


def problems_of(settings: Settings) -> list[str]:
    return [str(problem) for problem in check_project(settings, TODAY)]


def line_of(text: str, needle: str, offset: int = 0) -> int:
    return text.splitlines().index(needle) + 1 + offset


# --- the syntax: Markdown in, HTML out ---------------------------------------------------


def test_a_statistic_prints_in_plain_words_inside_a_span_with_its_id(tmp_path):
    settings = project(tmp_path, {})
    html = render(settings, "Ties help ([[stat:holtlunstad2010-strong-ties]]) [@holtlunstad2010].")
    (span,) = html.select("[data-statistic]")
    assert span["data-statistic"] == "holtlunstad2010-strong-ties"
    assert span["id"] == "stat-holtlunstad2010-strong-ties-1"
    assert span.get_text() == "odds ratio 1.50, 95% CI 1.42 to 1.59"
    assert html.select_one("a.citation")["href"] == "#cite-holtlunstad2010"


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("[[stat:holtlunstad2010-strong-ties, short]]", "odds ratio 1.50"),
        ("[[stat:holtlunstad2010-strong-ties, value]]", "1.50"),
        ("[[stat:holtlunstad2010-strong-ties, percent]]", "50% higher"),
        ("[[stat:holtlunstad2010-strong-ties, ci]]", "95% CI 1.42 to 1.59"),
        ("[[stat:holtlunstad2010-participants]]", "308,849"),
        ("[[stat:valtorta2016-follow-up]]", "3 to 21"),
        ("[[stat:packheiser2024-pain, short]]", "g 0.69"),
        ("[[stat:packheiser2024-pain]]", "g 0.69, 95% CI 0.48 to 0.89"),
    ],
)
def test_each_form_prints_the_registry_value(tmp_path, written, printed):
    html = render(project(tmp_path, {}), f"A number: {written}.")
    assert html.select_one("[data-statistic]").get_text() == printed


def test_each_use_on_a_page_gets_its_own_id(tmp_path):
    text = "[[stat:holtlunstad2010-strong-ties]] and [[stat:holtlunstad2010-strong-ties, value]]"
    html = render(project(tmp_path, {}), text)
    ids = [span["id"] for span in html.select("[data-statistic]")]
    assert ids == ["stat-holtlunstad2010-strong-ties-1", "stat-holtlunstad2010-strong-ties-2"]


def test_code_shows_the_syntax_as_written(tmp_path):
    text = (
        "Write `[[stat:holtlunstad2010-strong-ties]]`.\n\n"
        "```\n[[stat:valtorta2016-follow-up]]\n```\n"
    )
    html = render(project(tmp_path, {}), text)
    assert not html.select("[data-statistic]")
    assert "[[stat:holtlunstad2010-strong-ties]]" in html.get_text()
    assert "[[stat:valtorta2016-follow-up]]" in html.get_text()


def test_an_unknown_id_stays_visible_and_marked_without_a_statistic(tmp_path):
    html = render(project(tmp_path, {}), "A number: [[stat:no-such-id]].")
    assert not html.select("[data-statistic]")
    assert html.select_one("mark.statistic-unknown").get_text() == "[[stat:no-such-id]]"


def test_the_chart_draws_the_same_record(tmp_path):
    html = render(project(tmp_path, {}), "<!-- chart: evidence part=2 -->\n")
    cell = html.select_one("table [data-statistic]")
    assert cell["data-statistic"] == "holtlunstad2010-strong-ties"
    assert "1.50 (1.42 to 1.59)" in cell.get_text()
    assert "1.50 (1.42 to 1.59)" in html.select_one("svg desc").get_text()


def test_the_evidence_page_lists_every_record_with_links_to_each_use(tmp_path):
    article = (
        "# A\n\n## Survival\n\nTies ([[stat:holtlunstad2010-strong-ties]]) [@holtlunstad2010].\n"
    )
    evidence = "# Evidence\n\n<!-- evidence-registry -->\n"
    # Markup in data text is refused by the check (boundary.plain_text); rendered anyway, it
    # is escaped.
    records = RECORDS.replace("pain & more", "pain <u>underlined</u> & more")
    settings = project(tmp_path, {"a.md": article, "evidence.md": evidence}, records)
    html = render(settings, evidence)
    records = html.select("div.statistic-record")
    assert [div["id"] for div in records] == [
        "stat-holtlunstad2010-strong-ties",
        "stat-holtlunstad2010-participants",
        "stat-valtorta2016-follow-up",
        "stat-packheiser2024-pain",
    ]
    first = records[0]
    assert first.select_one("[data-statistic]").get_text() == "odds ratio 1.50, 95% CI 1.42 to 1.59"
    assert "meta-analysis" in first.get_text()
    assert "Adults in 148 studies" in first.get_text()
    assert first.select_one("a.citation")["href"] == "#cite-holtlunstad2010"
    assert first.select_one("time")["datetime"] == "2026-11-26"
    (use,) = [a for a in first.select("a") if "citation" not in (a.get("class") or [])]
    assert use["href"] == "a.md#stat-holtlunstad2010-strong-ties-1"
    assert "Survival" in use.get_text()
    assert "not used in an article yet" in records[1].get_text()
    # Contributor text is escaped, never markup.
    assert not html.select("u")
    assert "<u>underlined</u> & more" in records[3].get_text()


def test_links_from_an_evidence_page_in_a_folder_are_relative_to_it(tmp_path):
    article = "Ties ([[stat:holtlunstad2010-strong-ties]]) [@holtlunstad2010].\n"
    evidence = "<!-- evidence-registry -->\n"
    settings = project(tmp_path, {"a.md": article, "about/evidence.md": evidence})
    hrefs = [a["href"] for a in render(settings, evidence).select("div.statistic-record a")]
    assert "../a.md#stat-holtlunstad2010-strong-ties-1" in hrefs


def test_the_real_registry_prints_every_record():
    registry = load_registry(REPO / "docs" / "data" / "evidence.yml", "docs/data/evidence.yml")
    assert registry.stats
    for stat in registry.stats:
        assert render_value(stat).strip(), stat.id


# --- the build rule: nothing typed by hand ------------------------------------------------


@pytest.mark.parametrize(
    "prose",
    [
        "Try a 20-second hug each day.",
        "Aim for three meals a week, and 10 minutes of talk.",
        "Studies from 1980 to 2014, people under 65, in the 1980s.",
        "A 95% confidence interval (95% CI) shows a range.",
        "Write `odds ratio 1.29` in code.",
        "See [the paper](https://example.org/v1.5/report.pdf).",
        "A wide figure.{ width=1.5 }",
        "<!-- 1.29 was the old number -->",
        "Ties ([[stat:holtlunstad2010-strong-ties]]) [@holtlunstad2010].",
        "As the review says [@cole2019, p. 3.5].",
        "Version 1.2.3 of the planner.",
        "From 1980 to 2014, in 2,3 or 4 groups, at 7:30.",
    ],
)
def test_numbers_that_are_not_hand_typed_statistics_stay_plain(prose):
    assert handtyped(prose) == []


@pytest.mark.parametrize(
    ("prose", "found"),
    [
        ("The odds were 1.29 times higher.", "1.29"),
        ("The odds were 29% higher.", "29%"),
        ("The odds were 29 percent higher.", "29 percent"),
        ("Hedges' g was 0.69.", "0.69"),
        ("The range was CI 1 to 2.", "CI 1"),
        ("A study of 12,966 workers.", "12,966"),
        ("In all, 308,849 people took part.", "308,849"),
    ],
)
def test_hand_typed_statistics_are_found(prose, found):
    assert [text for _, text in handtyped(prose)] == [found]


def test_a_hand_typed_number_in_an_article_names_the_line_and_the_record_to_use(tmp_path):
    text = ARTICLE_FRONT_MATTER + "Strong ties: odds ratio 1.50 [@holtlunstad2010].\n" + BOXES
    (problem,) = problems_of(project(tmp_path, {"a.md": text}))
    line = line_of(text, "Strong ties: odds ratio 1.50 [@holtlunstad2010].")
    assert problem.startswith(f"docs/a.md:{line}: '1.50' is typed by hand")
    assert "Write [[stat:holtlunstad2010-strong-ties]] instead" in problem
    assert "\n" not in problem


def test_a_hand_typed_percentage_suggests_the_percent_form(tmp_path):
    text = ARTICLE_FRONT_MATTER + "About 50% higher odds [@holtlunstad2010].\n" + BOXES
    (problem,) = problems_of(project(tmp_path, {"a.md": text}))
    assert "Write [[stat:holtlunstad2010-strong-ties, percent]] instead" in problem


def test_pages_that_are_not_articles_may_show_numbers(tmp_path):
    text = "---\ntitle: Notes\ndescription: D.\n---\n\n# Notes\n\nAn odds ratio of 1.29.\n"
    assert problems_of(project(tmp_path, {"notes.md": text})) == []


# --- bad input: one line each, naming the file and the line --------------------------------


def test_an_unknown_id_names_the_page_line_and_the_nearest_id(tmp_path):
    text = "# A\n\nTies ([[stat:holtlunstad2010-strong-tie]]) [@holtlunstad2010].\n"
    (problem,) = problems_of(project(tmp_path, {"a.md": text}))
    assert problem.startswith("docs/a.md:3: unknown statistic id 'holtlunstad2010-strong-tie'")
    assert "Did you mean [[stat:holtlunstad2010-strong-ties]]?" in problem


def record_problems(tmp_path, old: str, new: str) -> tuple[list[str], str]:
    records = RECORDS.replace(old, new, 1)
    assert records != RECORDS
    return problems_of(project(tmp_path, {}, records)), records


def test_a_record_without_its_source_location_names_the_record_line(tmp_path):
    (problem,), _ = record_problems(tmp_path, "  location: abstract\n", "")
    assert problem.startswith("docs/data/evidence.yml:1: record 'holtlunstad2010-strong-ties': ")
    assert "field 'location' is missing" in problem


def test_a_record_without_its_check_date_names_the_record_line(tmp_path):
    old = "  location: abstract\n  checked: 2026-11-26\n\n- id: valtorta2016"
    new = "  location: abstract\n\n- id: valtorta2016"
    (problem,), records = record_problems(tmp_path, old, new)
    line = line_of(records, "- id: holtlunstad2010-participants")
    assert problem.startswith(
        f"docs/data/evidence.yml:{line}: record 'holtlunstad2010-participants'"
    )
    assert "field 'checked' is missing" in problem


def test_a_ci_that_does_not_contain_its_value_names_the_ci_line(tmp_path):
    (problem,), records = record_problems(tmp_path, "ci: [1.42, 1.59]", "ci: [1.52, 1.59]")
    line = line_of(records, "  ci: [1.52, 1.59]")
    assert problem == (
        f"docs/data/evidence.yml:{line}: record 'holtlunstad2010-strong-ties': the 95% CI 1.52 "
        "to 1.59 does not contain the value 1.5. Check both against the source: the value lies "
        "inside its interval"
    )


def test_a_percentage_that_does_not_follow_from_its_ratio_names_its_line(tmp_path):
    (problem,), records = record_problems(tmp_path, "percent: 50", "percent: 15")
    line = line_of(records, "  percent: 15")
    assert problem.startswith(
        f"docs/data/evidence.yml:{line}: record 'holtlunstad2010-strong-ties'"
    )
    assert "15% does not follow from the ratio 1.5 (that is 50%)" in problem


def test_a_record_with_an_unknown_citation_key_names_the_cite_line(tmp_path):
    (problem,), records = record_problems(tmp_path, "cite: valtorta2016", "cite: valtora2016")
    line = line_of(records, "  cite: valtora2016")
    assert problem.startswith(
        f"docs/data/evidence.yml:{line}: record 'valtorta2016-follow-up': unknown citation key"
    )
    assert "Did you mean '@valtorta2016'?" in problem


def test_every_problem_of_the_file_is_reported_at_once(tmp_path):
    records = RECORDS.replace("percent: 50", "percent: 15").replace("ci: [0.48", "ci: [0.70")
    problems = problems_of(project(tmp_path, {}, records))
    assert len(problems) == 2
    assert all(problem.startswith("docs/data/evidence.yml:") for problem in problems)


def test_a_statistic_whose_paragraph_does_not_cite_its_source(tmp_path):
    text = "# A\n\n- Ties ([[stat:holtlunstad2010-strong-ties]]).\n- Other [@holtlunstad2010].\n"
    (problem,) = problems_of(project(tmp_path, {"a.md": text}))
    assert problem.startswith("docs/a.md:3: statistic 'holtlunstad2010-strong-ties' comes from")
    assert problem.endswith("Add [@holtlunstad2010] to the paragraph or list item")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("[[stat:holtlunstad2010-strong-ties, percentage]]", "'percentage' is not a form"),
        ("[[stat:holtlunstad2010-participants, percent]]", "it has no percentage"),
        ("[[stat:holtlunstad2010-strong-ties", "is not closed"),
    ],
)
def test_malformed_syntax_names_the_line(tmp_path, written, message):
    text = f"# A\n\nTies {written} [@holtlunstad2010].\n"
    (problem,) = problems_of(project(tmp_path, {"a.md": text}))
    assert problem.startswith("docs/a.md:3: ")
    assert message in problem


def test_the_real_registry_reads_without_problems():
    path = REPO / "docs" / "data" / "evidence.yml"
    registry, problems = read_registry(path, "docs/data/evidence.yml")
    assert problems == []
    assert len({stat.id for stat in registry.stats}) == len(registry.stats)


def test_a_record_missing_in_yaml_keeps_the_valid_records(tmp_path):
    path = tmp_path / "evidence.yml"
    path.write_text(RECORDS + textwrap.dedent("- id: broken\n  cite: cole2019\n"), encoding="utf-8")
    registry, problems = read_registry(path, "evidence.yml")
    assert len(registry.stats) == 4
    assert [p.line for p in problems] == [len(RECORDS.splitlines()) + 1] * len(problems)
