"""The source check (`make check-sources`) against a local Crossref on 127.0.0.1.

Runs on every `make test`; no internet needed. Each case of tests/support/crossref_server.py
is one DOI of its SAMPLE_BIB: retracted, corrected, expression of concern, clean, registered
with another title, unknown (404), 429 then 200, 429 that persists, slower than the timeout.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from support.crossref_server import SAMPLE_BIB, SLOW_SECONDS, serve

from connection_series.links.external import make_session
from connection_series.sources import cli
from connection_series.sources.bibfile import Source, read_sources
from connection_series.sources.check import FAIL, INCONCLUSIVE, OK, WARN, check_all, check_source
from connection_series.sources.services import DAY, DiskCache, Services

pytestmark = pytest.mark.unit

TIMEOUT = 0.5  # seconds; the slow route answers after SLOW_SECONDS
RETRIES = 1
LINE = re.compile(r"^references\.bib:\d+: \S+ 10\.\d{4,9}/\S+ (ok|warn|fail|inconclusive): \S.*$")


@pytest.fixture
def crossref():
    """A fresh server per test: the 429-then-200 route counts its requests."""
    with serve() as (base, log):
        yield base, log


@pytest.fixture
def bib(tmp_path) -> Path:
    path = tmp_path / "references.bib"
    path.write_text(SAMPLE_BIB, encoding="utf-8")
    return path


def services_for(base: str, cache: DiskCache | None = None) -> Services:
    session = make_session(retries=RETRIES, backoff=0.05)
    return Services(session, f"{base}/api", f"{base}/doi", TIMEOUT, cache)


def source(bib: Path, doi: str) -> Source:
    return next(s for s in read_sources(bib) if s.doi == doi)


def check(crossref, bib, doi):
    base, _ = crossref
    return check_source(source(bib, doi), services_for(base), "references.bib")


def test_retraction_fails_once_though_publisher_and_retraction_watch_both_record_it(crossref, bib):
    findings = check(crossref, bib, "10.5555/retracted")
    assert [f.verdict for f in findings] == [FAIL]
    assert "retraction" in findings[0].what
    assert "retraction-watch" in findings[0].what
    assert findings[0].related == "notice 10.5555/retraction-1"


def test_correction_found_only_through_the_updates_filter_warns(crossref, bib):
    findings = check(crossref, bib, "10.5555/corrected")
    assert [f.verdict for f in findings] == [WARN]
    assert "correction" in findings[0].what
    assert findings[0].related == "notice 10.5555/correction-1"


def test_expression_of_concern_in_record_and_filter_fails_once(crossref, bib):
    findings = check(crossref, bib, "10.5555/concern")
    assert [f.verdict for f in findings] == [FAIL]
    assert "expression of concern" in findings[0].what


def test_clean_work_is_one_ok_line(crossref, bib):
    findings = check(crossref, bib, "10.5555/clean")
    assert [f.verdict for f in findings] == [OK]


def test_correction_the_editors_recorded_is_ok(crossref, bib):
    findings = check(crossref, bib, "10.5555/corrected-reviewed")
    assert [f.verdict for f in findings] == [OK]
    assert "reviewed" in findings[0].what


def test_doi_registered_with_another_title_fails_naming_field_ours_and_theirs(crossref, bib):
    entry = source(bib, "10.5555/other-title")
    findings = check(crossref, bib, "10.5555/other-title")
    assert [f.verdict for f in findings] == [FAIL]
    what = findings[0].what
    assert what.startswith("title differs")
    assert f"'{entry.title}'" in what
    assert "'Dietary fibre and colorectal cancer'" in what
    assert findings[0].line == entry.line("title")
    assert bib.read_text().split("\n")[findings[0].line - 1].strip().startswith("title")


def test_unknown_doi_fails_after_asking_crossref_and_the_resolver(crossref, bib):
    _, log = crossref
    findings = check(crossref, bib, "10.5555/unknown")
    assert [f.verdict for f in findings] == [FAIL]
    assert "not registered" in findings[0].what
    assert log.hits.get("/api/works/10.5555/unknown") == 1
    assert log.hits.get("/doi/10.5555/unknown") == 1


def test_429_then_200_waits_for_retry_after_and_is_judged(crossref, bib):
    _, log = crossref
    started = time.monotonic()
    findings = check(crossref, bib, "10.5555/busy")
    assert [f.verdict for f in findings] == [OK]
    assert log.hits["/api/works/10.5555/busy"] == 2
    assert time.monotonic() - started >= 0.9, "Retry-After: 1 was not honoured"


def test_429_that_persists_is_inconclusive_after_bounded_retries(crossref, bib):
    _, log = crossref
    findings = check(crossref, bib, "10.5555/busy-always")
    assert [f.verdict for f in findings] == [INCONCLUSIVE]
    assert "429" in findings[0].what
    assert log.hits["/api/works/10.5555/busy-always"] == RETRIES + 1


def test_reply_slower_than_the_timeout_is_inconclusive_and_cut_short(crossref, bib):
    started = time.monotonic()
    findings = check(crossref, bib, "10.5555/slow")
    elapsed = time.monotonic() - started
    assert [f.verdict for f in findings] == [INCONCLUSIVE]
    assert "timed out" in findings[0].what
    assert elapsed < SLOW_SECONDS, "the timeout did not cut the slow reply short"


def test_preprint_that_became_an_article_warns_with_the_articles_doi(crossref, bib):
    findings = check(crossref, bib, "10.5555/preprint")
    assert [f.verdict for f in findings] == [WARN]
    assert findings[0].related == "article 10.5555/published"


def test_doi_of_another_agency_is_compared_through_the_resolvers_csl_json(crossref, bib):
    _, log = crossref
    findings = check(crossref, bib, "10.5555/datacite")
    assert [f.verdict for f in findings] == [INCONCLUSIVE]  # metadata matches; notices unknown
    assert "notices" in findings[0].what
    asked = [h for h in log.headers if "citationstyles" in h.get("Accept", "")]
    assert len(asked) == 1


def test_every_request_carries_a_polite_user_agent_with_the_contact(crossref, bib, monkeypatch):
    base, log = crossref
    monkeypatch.setenv("CROSSREF_API", f"{base}/api")
    monkeypatch.setenv("DOI_RESOLVER", f"{base}/doi")
    services = Services.from_environment(
        "editors@example.org", "https://example.org/repo", TIMEOUT, 0, 0.01, None
    )
    assert services.crossref_api == f"{base}/api"
    check_all([source(bib, "10.5555/clean"), source(bib, "10.5555/unknown")], services, "x")
    assert log.headers
    for headers in log.headers:
        assert "mailto:editors@example.org" in headers["User-Agent"]


def test_answers_are_kept_a_day_then_asked_again(crossref, bib, tmp_path):
    base, log = crossref
    now = [1_000_000.0]
    cache = DiskCache(tmp_path / "cache", DAY, clock=lambda: now[0])
    sources = [s for s in read_sources(bib) if s.doi in ("10.5555/clean", "10.5555/unknown")]
    first = check_all(sources, services_for(base, cache), "references.bib")
    asked = log.total()
    assert asked > 0

    now[0] += DAY - 60
    rerun = services_for(base, cache)
    assert check_all(sources, rerun, "references.bib") == first
    assert (rerun.asked, log.total()) == (0, asked), "a rerun within the day asked again"

    now[0] += 120
    later = services_for(base, cache)
    assert check_all(sources, later, "references.bib") == first
    assert later.asked == asked


def test_unanswered_requests_are_not_cached(crossref, bib, tmp_path):
    base, _ = crossref
    cache = DiskCache(tmp_path / "cache")
    check_all([source(bib, "10.5555/busy-always")], services_for(base, cache), "references.bib")
    rerun = services_for(base, cache)
    check_all([source(bib, "10.5555/busy-always")], rerun, "references.bib")
    assert rerun.asked == 1


def run_cli(crossref, tmp_path, bib_text, monkeypatch, capsys):
    base, _ = crossref
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CROSSREF_API", f"{base}/api")
    monkeypatch.setenv("DOI_RESOLVER", f"{base}/doi")
    monkeypatch.setenv("CROSSREF_MAILTO", "editors@example.org")
    (tmp_path / "references.bib").write_text(bib_text, encoding="utf-8")
    code = cli.main(
        [
            "references.bib",
            "--report",
            "artifacts/report.json",
            "--issue-body",
            "artifacts/issue.md",
            "--timeout",
            str(TIMEOUT),
            "--retries",
            str(RETRIES),
            "--backoff",
            "0.05",
        ]
    )
    return code, capsys.readouterr().out.splitlines()


def test_command_prints_one_line_per_finding_a_summary_a_report_and_exits_1_on_fail(
    crossref, tmp_path, monkeypatch, capsys
):
    code, lines = run_cli(crossref, tmp_path, SAMPLE_BIB, monkeypatch, capsys)
    report = json.loads((tmp_path / "artifacts/report.json").read_text())
    findings, summary = report["findings"], report["summary"]
    with_doi = len(read_sources(tmp_path / "references.bib"))

    assert code == 1
    *finding_lines, summary_line = lines
    assert all(LINE.match(line) for line in finding_lines), finding_lines
    assert len(finding_lines) == len(findings)
    assert summary_line.startswith(f"{with_doi} DOIs checked: {summary['fail']} fail")
    assert (
        summary["dois"]
        == with_doi
        == sum(summary[v] for v in ("ok", "warn", "fail", "inconclusive"))
    )
    assert {f["key"] for f in findings} == {
        s.key for s in read_sources(tmp_path / "references.bib")
    }

    issue = (tmp_path / "artifacts/issue.md").read_text()
    assert issue.startswith(cli.ISSUE_MARKER)
    flagged = [f for f in findings if f["verdict"] in (FAIL, WARN)]
    assert flagged
    for finding in flagged:
        assert f"`{finding['key']}`" in issue
    for finding in findings:
        if finding["verdict"] in (OK, INCONCLUSIVE):
            assert f"`{finding['key']}`" not in issue


def test_command_exits_0_when_nothing_fails(crossref, tmp_path, monkeypatch, capsys):
    kept = [
        block
        for block in SAMPLE_BIB.split("\n\n")
        if "10.5555/clean}" in block or "10.5555/corrected}" in block
    ]
    code, lines = run_cli(crossref, tmp_path, "\n\n".join(kept), monkeypatch, capsys)
    assert code == 0
    assert lines[-1].startswith("2 DOIs checked: 0 fail, 1 warn, 0 inconclusive, 1 ok")


def test_a_notice_names_each_article_that_cites_the_work_and_says_to_record_the_change(
    crossref, tmp_path, monkeypatch, capsys
):
    """Only articles are named (a page without the article fields is not), only for notices
    to act on, and a citation shown as code cites nothing."""
    kept = [
        block
        for block in SAMPLE_BIB.split("\n\n")
        if any(f"10.5555/{case}}}" in block for case in ("retracted", "corrected", "clean"))
    ]
    front = (
        "---\ntitle: T\ndescription: D\nauthors:\n  - Team\npublished: 2026-01-01\n"
        'last_reviewed: 2026-01-01\nnext_review: 2027-01-01\nreviewer: ""\n---\n\n# T\n\n'
    )
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "part-1.md").write_text(front + "A [@berg2018] and [@ngata2017].\n")
    (docs / "part-2.md").write_text(front + "Also [@berg2018], not `[@ngata2017]`.\n")
    (docs / "about.md").write_text("# About\n\nNot an article [@berg2018] [@okafor2019].\n")
    _, lines = run_cli(crossref, tmp_path, "\n\n".join(kept), monkeypatch, capsys)

    [retracted] = [line for line in lines if "10.5555/retracted " in line]
    assert "cited in docs/part-1.md, docs/part-2.md:" in retracted
    assert "record a 'changes:' entry (kind: correction)" in retracted
    [corrected] = [line for line in lines if "10.5555/corrected " in line]
    assert "cited in docs/part-1.md:" in corrected
    assert "'changes:' entry" in corrected
    [clean] = [line for line in lines if "10.5555/clean " in line]
    assert "cited in" not in clean
    assert "about.md" not in "\n".join(lines)
    assert "docs/part-1.md" in (tmp_path / "artifacts/issue.md").read_text()
