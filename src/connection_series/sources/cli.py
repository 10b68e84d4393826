"""Check the works cited in references.bib at Crossref: online, opt-in (`make check-sources`).

One line per finding (`references.bib:LINE: key DOI verdict: what, notice DOI`; for a notice,
also the articles that cite the work and what to record in them), a summary,
a JSON report and, for the weekly workflow, the body of the issue that lists what to review.
Exit code 1 on any fail. Answers are kept a day in the cache folder, so a rerun asks nothing.

Environment: CROSSREF_API and DOI_RESOLVER (base addresses; defaults: the public services),
CROSSREF_MAILTO (the contact address Crossref asks polite clients to send; else
`crossref-mailto` in pyproject.toml's `[tool.connection-series]` table), REPO_URL.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import tomllib
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from connection_series.citations.bib_reader import Unreadable
from connection_series.common.errors import message
from connection_series.sources.bibfile import read_sources
from connection_series.sources.check import (
    FAIL,
    VERDICTS,
    WARN,
    Finding,
    check_all,
    worst,
)
from connection_series.sources.cited_in import articles_citing, naming_articles
from connection_series.sources.services import DAY, DiskCache, Services

PROJECT_URL = "https://github.com/connection-series/connection-series"
ISSUE_MARKER = "<!-- check-sources -->"  # how the workflow finds its own issue again


def contact_address(project_dir: Path) -> str | None:
    if os.environ.get("CROSSREF_MAILTO"):
        return os.environ["CROSSREF_MAILTO"]
    try:
        with (project_dir / "pyproject.toml").open("rb") as file:
            table = tomllib.load(file).get("tool", {}).get("connection-series", {})
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return table.get("crossref-mailto") or None


def summarise(findings: list[Finding]) -> dict:
    """Each DOI counted once, under its worst finding."""
    by_entry: dict[str, list[str]] = {}
    for finding in findings:
        by_entry.setdefault(finding.key, []).append(finding.verdict)
    counts = Counter(worst(verdicts) for verdicts in by_entry.values())
    return {"dois": len(by_entry), **{verdict: counts[verdict] for verdict in VERDICTS}}


def summary_line(summary: dict, asked: int, seconds: float) -> str:
    counts = ", ".join(f"{summary[verdict]} {verdict}" for verdict in VERDICTS)
    return f"{summary['dois']} DOIs checked: {counts} ({asked} requests sent, {seconds:.1f} s)"


def issue_body(findings: list[Finding], summary: dict, bib_name: str) -> str:
    """Markdown for the weekly issue: what fails or warns, and where to read what to do."""
    rows = [f for f in findings if f.verdict in (FAIL, WARN)]
    lines = [
        ISSUE_MARKER,
        f"The weekly check of the works cited in `{bib_name}` found "
        f"{summary[FAIL]} failing and {summary[WARN]} warning DOI(s).",
        "",
        "| where | entry | DOI | verdict | what |",
        "|---|---|---|---|---|",
    ]
    for f in rows:
        what = f"{f.what}, {f.related}" if f.related else f.what
        what += f"; {f.todo}" if f.todo else ""
        lines.append(
            f"| `{f.path}:{f.line}` | `{f.key}` | [{f.doi}](https://doi.org/{f.doi}) "
            f"| **{f.verdict}** | {what.replace('|', '/')} |"
        )
    lines += [
        "",
        "What to do: CONTRIBUTING.md, section *When the weekly check reports a notice*. "
        "This issue is updated by each weekly run and closed when nothing is left.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bib", type=Path, nargs="?", default=Path("references.bib"))
    parser.add_argument("--report", type=Path, help="write the findings as JSON here")
    parser.add_argument("--issue-body", type=Path, help="write the issue's Markdown here")
    parser.add_argument("--cache-dir", type=Path, default=Path(".cache/sources"))
    parser.add_argument("--docs", type=Path, help="the pages (default: docs/ beside the file)")
    parser.add_argument("--max-age", type=float, default=DAY, help="seconds an answer is kept")
    parser.add_argument("--no-cache", action="store_true", help="ask again, keep nothing")
    parser.add_argument("--timeout", type=float, default=15.0)
    parser.add_argument("--retries", type=int, default=3)
    parser.add_argument("--backoff", type=float, default=1.0)
    args = parser.parse_args(argv)

    started = time.monotonic()
    cache = None if args.no_cache else DiskCache(args.cache_dir, args.max_age)
    services = Services.from_environment(
        contact=contact_address(args.bib.resolve().parent),
        project_url=os.environ.get("REPO_URL", PROJECT_URL),
        timeout=args.timeout,
        retries=args.retries,
        backoff=args.backoff,
        cache=cache,
    )
    shown = args.bib.name if args.bib.parent == Path() else args.bib.as_posix()
    try:
        sources = read_sources(args.bib)
    except Unreadable as error:  # the build names the same mistake, on the same line
        print(message(shown, error.line, error.problem, error.fix), file=sys.stderr)
        return 1
    findings = check_all(sources, services, shown)
    project = args.bib.resolve().parent
    docs = args.docs or project / "docs"
    findings = naming_articles(findings, articles_citing(docs, project))
    summary = summarise(findings)
    for finding in findings:
        print(finding)
    print(summary_line(summary, services.asked, time.monotonic() - started))

    if args.report:
        report = {
            "crossref_api": services.crossref_api,
            "doi_resolver": services.doi_resolver,
            "summary": summary,
            "requests_sent": services.asked,
            "findings": [asdict(finding) for finding in findings],
        }
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if args.issue_body:
        args.issue_body.parent.mkdir(parents=True, exist_ok=True)
        args.issue_body.write_text(issue_body(findings, summary, shown), encoding="utf-8")
    return 1 if summary[FAIL] else 0


if __name__ == "__main__":
    sys.exit(main())
