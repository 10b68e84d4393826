"""Which articles cite a work the source check has a notice about, so its message says where
to look and what to record: a retracted or corrected source changes what an article may
say, and the article then records that change in its front matter (`changes:`, shown to
readers as "What changed"; reach.changes).

Citations are read as the pages read them (citations.site_citations, which knows what is code
and cites nothing), including the evidence charts' rows.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from connection_series.citations.site_citations import cited_keys
from connection_series.common.errors import shown_path
from connection_series.common.front_matter_text import body_of
from connection_series.common.markdown_scan import scan
from connection_series.evidence.chart_marker import keys_cited_by_charts
from connection_series.sources.check import FAIL, WARN, Finding
from connection_series.sources.notices import CANNOT_CITE
from connection_series.trust.front_matter import FrontMatterError, article_from, read_front_matter


def articles_citing(docs_dir: Path, root: Path) -> dict[str, list[str]]:
    """Citation key -> the articles (as `docs/part-1-....md`) that cite it, in file order."""
    citing: dict[str, list[str]] = {}
    for source in sorted(docs_dir.rglob("*.md")):
        try:
            text = source.read_text(encoding="utf-8")
            front_matter = read_front_matter(text)
            if not (front_matter and article_from(front_matter)):
                continue
        except (OSError, UnicodeDecodeError, FrontMatterError):
            continue  # the build's check names an unreadable page
        markdown = body_of(text)
        scanned = scan(markdown)
        keys = cited_keys(markdown, scanned) + sorted(
            keys_cited_by_charts(markdown, docs_dir, scanned)
        )
        for key in dict.fromkeys(keys):
            citing.setdefault(key, []).append(shown_path(source, root))
    return citing


def naming_articles(findings: list[Finding], citing: dict[str, list[str]]) -> list[Finding]:
    """Each notice to act on (fail or warn) names the articles that cite the work and says to
    record the change in them."""
    named = []
    for finding in findings:
        articles = citing.get(finding.key, [])
        if finding.notice and finding.verdict in (FAIL, WARN) and articles:
            where = ", ".join(articles)
            if finding.notice in CANNOT_CITE:
                todo = (
                    f"cited in {where}: replace or remove each citation, then record a "
                    "'changes:' entry (kind: correction) in each article"
                )
            else:
                todo = (
                    f"cited in {where}: check what each article takes from it; where one "
                    "changes, record a 'changes:' entry in its front matter"
                )
            finding = replace(finding, todo=todo)
        named.append(finding)
    return named
