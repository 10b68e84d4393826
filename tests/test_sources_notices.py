"""The `notice` field editors write in references.bib: parsed, checked, shown to readers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

from connection_series.common.errors import Problem
from connection_series.sources.bibfile import read_sources
from connection_series.sources.notices import (
    CANNOT_CITE,
    KINDS,
    ReviewedNotice,
    notice_html,
    parse_notices,
    problems_for_entry,
)

pytestmark = pytest.mark.unit

# The repository folder (tests/ is one level down).
REPO = Path(__file__).resolve().parents[1]
ONE_LINE = re.compile(r"^[^\n]+:\d+: [^\n]+\. [^\n]+$")


def test_a_notice_reads_kind_year_doi_and_text():
    notices, errors = parse_notices(
        "correction 2021 10.1371/journal.pmed.1003000: The authors corrected Table 2."
    )
    assert errors == []
    assert notices == [
        ReviewedNotice(
            "correction", 2021, "10.1371/journal.pmed.1003000", "The authors corrected Table 2."
        )
    ]


def test_a_doi_with_a_colon_and_several_notices_parse():
    notices, errors = parse_notices(
        "erratum 2019 10.1002/(SICI)1097-4636(199706)35:4<1::AID>3.0.CO;2-X: Wrong axis label. "
        "|| Expression of Concern 2022: The journal questions the data."
    )
    assert errors == []
    assert [(n.kind, n.year, n.doi) for n in notices] == [
        ("erratum", 2019, "10.1002/(SICI)1097-4636(199706)35:4<1::AID>3.0.CO;2-X"),
        ("expression_of_concern", 2022, None),
    ]


@pytest.mark.parametrize(
    "value",
    [
        "corrected in 2021: text",  # not a kind
        "correction: no year",
        "correction 2021",  # no text
        "correction 2021 10.1/x: fine || ",  # a stray separator
    ],
)
def test_a_malformed_notice_is_one_line_naming_entry_and_how_to_write_it(value):
    problems = problems_for_entry("x2020", {"notice": value, "year": "2020"}, "references.bib", 12)
    assert problems
    for problem in problems:
        assert isinstance(problem, Problem)
        assert ONE_LINE.match(str(problem)), str(problem)
        assert str(problem).startswith("references.bib:12: entry 'x2020' has ")


def test_an_unknown_kind_lists_the_known_ones():
    (problem,) = problems_for_entry("x", {"notice": "rebuttal 2021: The authors replied."})
    assert "unknown kind 'rebuttal'" in problem.problem
    assert all(kind.replace("_", " ") in problem.problem for kind in KINDS)


@pytest.mark.parametrize("kind", sorted(CANNOT_CITE))
def test_a_retracted_withdrawn_or_removed_work_cannot_be_cited(kind):
    value = f"{kind.replace('_', ' ')} 2021 10.1000/notice: The journal retracted it."
    problems = problems_for_entry("smith2019", {"notice": value, "year": "2019"}, line=40)
    assert len(problems) == 1
    assert "entry 'smith2019' is" in problems[0].problem
    assert problems[0].problem.endswith("by 10.1000/notice: it cannot be cited")
    assert ONE_LINE.match(str(problems[0]))


@pytest.mark.parametrize("kind", sorted(KINDS - CANNOT_CITE))
def test_other_reviewed_notices_may_be_cited(kind):
    value = f"{kind.replace('_', ' ')} 2021: What changed."
    assert problems_for_entry("smith2019", {"notice": value, "year": "2019"}) == []


def test_a_notice_dated_before_the_work_is_a_problem():
    (problem,) = problems_for_entry("a2020", {"notice": "correction 2019: Text.", "year": "2020"})
    assert "before the work itself (2020)" in problem.problem


def test_entries_without_a_notice_have_no_problems_and_no_sentence():
    assert problems_for_entry("a", {"title": "T"}) == []
    assert notice_html({"title": "T"}) == ""


def test_the_sentence_is_plain_escaped_and_links_the_notice():
    shown = notice_html(
        {
            "notice": "correction 2021 10.1000/a<b: Table 2 & <script>x</script> fixed || "
            "addendum 2023: More data"
        }
    )
    assert shown.startswith('<span class="reference-notice">Corrected in 2021: Table 2 &amp; ')
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert '<a href="https://doi.org/10.1000/a&lt;b">https://doi.org/10.1000/a&lt;b</a>' in shown
    assert "Addendum published in 2023: More data." in shown
    assert shown.endswith("</span>")


def test_every_notice_in_references_bib_is_well_formed():
    entries = parse_file(REPO / "references.bib", bib_format="bibtex").entries
    problems = [
        str(problem)
        for key, entry in entries.items()
        for problem in problems_for_entry(key, entry.fields, "references.bib")
    ]
    assert problems == []


def test_every_doi_of_references_bib_is_read_with_the_line_of_its_entry():
    path = REPO / "references.bib"
    text = path.read_text(encoding="utf-8").split("\n")
    entries = parse_file(path, bib_format="bibtex").entries
    sources = read_sources(path)
    assert {s.key for s in sources} == {k for k, e in entries.items() if e.fields.get("doi")}
    for source in sources:
        assert re.match(rf"\s*@\w+\{{{re.escape(source.key)},", text[source.line() - 1])
        assert text[source.line("doi") - 1].strip().startswith("doi")
        assert source.doi in text[source.line("doi") - 1]
