"""How an entry is compared with what its DOI is registered as, and how notices are merged."""

from __future__ import annotations

import pytest

from connection_series.sources.bibfile import Source
from connection_series.sources.check import (
    FAIL,
    OK,
    WARN,
    Notice,
    comparable,
    judge_metadata,
    judge_notices,
    merge_notices,
    notices_in_record,
    notices_naming,
    registered_in_record,
    worst,
)
from connection_series.sources.notices import ReviewedNotice

pytestmark = pytest.mark.unit


def entry(**changes) -> Source:
    fields = {
        "key": "kuiper2015",
        "type": "article",
        "doi": "10.1016/j.arr.2015.04.006",
        "title": "Social relationships and risk of dementia: A systematic review",
        "first_author": ("van den Heuvel", "Heuvel"),
        "year": "2015",
        "reviewed": (),
        "lines": {"entry": 10, "title": 12, "author": 11, "year": 13, "doi": 15},
    }
    return Source(**{**fields, **changes})


def record(**changes) -> dict:
    return {
        "title": ["Social Relationships and Risk of Dementia"],
        "subtitle": ["A Systematic Review"],
        "author": [{"given": "E. R.", "family": "van den Heuvel", "sequence": "first"}],
        "issued": {"date-parts": [[2015, 7]]},
        **changes,
    }


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("Meta-analytic review", "Meta\u2010Analytic  Review."),  # case, Unicode hyphen, spaces
        ("Heart <i>and</i> mind", "Heart and mind"),  # markup in Crossref titles
        ("Café society", "Cafe Society"),  # accents
        ("Simon & Schuster", "Simon &amp; Schuster"),  # entities
    ],
)
def test_titles_compare_without_case_punctuation_accents_or_markup(ours, theirs):
    assert comparable(ours) == comparable(theirs)


def test_matching_record_gives_no_finding_title_with_its_subtitle_and_particle_names():
    assert judge_metadata(entry(), registered_in_record(record())) == []
    crossref_without_particle = record(author=[{"family": "Heuvel", "sequence": "first"}])
    assert judge_metadata(entry(), registered_in_record(crossref_without_particle)) == []


def test_print_or_online_year_both_match():
    online_first = record(
        issued={"date-parts": [[2014, 12]]},
        **{"published-print": {"date-parts": [[2015, 3]]}},
    )
    assert judge_metadata(entry(), registered_in_record(online_first)) == []


@pytest.mark.parametrize(
    ("changes", "field", "ours", "theirs"),
    [
        (
            {"title": ["Loneliness in Europe"], "subtitle": []},
            "title",
            "Social relationships",
            "Loneliness in Europe",
        ),
        (
            {"author": [{"family": "Smith", "sequence": "first"}]},
            "author",
            "van den Heuvel",
            "Smith",
        ),
        ({"issued": {"date-parts": [[2012]]}}, "year", "2015", "2012"),
    ],
)
def test_each_mismatch_fails_on_its_field_line_naming_ours_and_theirs(changes, field, ours, theirs):
    (finding,) = judge_metadata(entry(), registered_in_record(record(**changes)))
    assert finding.verdict == FAIL
    assert finding.line == entry().line(field)
    assert ours in finding.what and theirs in finding.what


def test_a_record_without_a_field_is_not_a_mismatch():
    assert judge_metadata(entry(), registered_in_record({"type": "journal-article"})) == []


def test_notices_from_the_record_and_the_filter_merge_by_doi_and_kind():
    doi = "10.1/work"
    in_record = notices_in_record(
        {
            "updated-by": [
                {
                    "DOI": "10.1/n",
                    "type": "retraction",
                    "source": "retraction-watch",
                    "updated": {"date-parts": [[2021, 3, 5]]},
                },
                {
                    "DOI": "10.1/c",
                    "type": "correction",
                    "source": "publisher",
                    "updated": {"date-parts": [[2019, 1, 2]]},
                },
            ]
        }
    )
    by_filter = notices_naming(
        {
            "items": [
                {
                    "DOI": "10.1/N",
                    "update-to": [
                        {
                            "DOI": "10.1/WORK",
                            "type": "retraction",
                            "updated": {"date-parts": [[2021, 3, 4]]},
                        },
                        {"DOI": "10.1/other-work", "type": "retraction"},
                    ],
                },
            ]
        },
        doi,
    )
    merged = merge_notices(in_record + by_filter)
    assert [(n.kind, n.date) for n in merged] == [
        ("correction", "2019-01-02"),
        ("retraction", "2021-03-04"),
    ]
    assert set(merged[1].sources) == {"retraction-watch", "publisher"}


def test_reviewed_notices_soften_only_what_may_still_be_cited():
    reviewed = (
        ReviewedNotice("correction", 2019, "10.1/c", "Fixed."),
        ReviewedNotice("expression_of_concern", 2020, None, "Data questioned."),
        ReviewedNotice("retraction", 2021, "10.1/r", "Retracted."),
    )
    notices = [
        Notice("10.1/c", "correction", "2019-01-02", ("publisher",)),
        Notice("10.1/e", "expression_of_concern", "2020-05-01", ("publisher",)),
        Notice("10.1/r", "retraction", "2021-03-04", ("publisher",)),
        Notice("10.1/c2", "erratum", "2022-01-01", ("publisher",)),  # a newer one, not reviewed
        Notice("10.1/v", "new_version", "2022-02-01", ("publisher",)),
    ]
    verdicts = [f.verdict for f in judge_notices(entry(reviewed=reviewed), notices)]
    assert verdicts == [OK, WARN, FAIL, WARN, WARN]
    unreviewed = [f.verdict for f in judge_notices(entry(), notices)]
    assert unreviewed == [WARN, FAIL, FAIL, WARN, WARN]


def test_the_worst_verdict_wins():
    assert worst([]) == OK
    assert worst([OK, "inconclusive", WARN]) == WARN
    assert worst([WARN, FAIL, OK]) == FAIL
