"""Hook: check every page's front matter and give templates each article's facts.

- Front matter MkDocs cannot read (bad YAML), an article field missing or not a date, and a
  review date that is overdue or more than three years after the last review: one line per
  problem naming the file, line and field (contributor_errors.report; strict build fails).
- Templates get two functions: `article_info(page)` (the validated fields, or None on pages
  that are not articles) for the byline block, and `structured_data(page)` for JSON-LD.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from connection_series.citations.dois import cited_doi_urls
from connection_series.common.errors import page_source, report
from connection_series.trust.front_matter import (
    Article,
    FrontMatterError,
    article_from,
    read_front_matter,
    review_date_problems,
)
from connection_series.trust.structured_data import medical_web_page

_articles: dict[str, Article] = {}  # src_uri -> fields, filled per build


def on_pre_build(config, **kwargs):
    _articles.clear()


def check_page(path: str, source: str, today: dt.date) -> Article | None:
    """Report every front-matter problem of one page; return its article fields if readable."""
    try:
        front_matter = read_front_matter(source)
        article = article_from(front_matter) if front_matter else None
    except FrontMatterError as error:
        report(path, error.line, error.problem, error.fix)
        return None
    if article:
        for field, problem, fix in review_date_problems(article, today):
            report(path, front_matter.lines.get(field), problem, fix)
    return article


def on_page_markdown(markdown, page, config, files, **kwargs):
    article = check_page(page_source(page, config), page.file.content_string, dt.date.today())
    if article:
        _articles[page.file.src_uri] = article
    return markdown


def bib_file(config) -> Path:
    """The series' bibliography: extra.bibliography (read by the citations hook), else the
    bib_file of an mkdocs-bibtex plugin, else references.bib beside mkdocs.yml."""
    base = Path(config.config_file_path).parent
    plugin = config.plugins.get("bibtex")
    configured = (config.extra or {}).get("bibliography") or (
        getattr(plugin, "config", {}).get("bib_file") if plugin else None
    )
    return base / (configured or "references.bib")


def on_env(env, config, files, **kwargs):
    def article_info(page) -> Article | None:
        return _articles.get(page.file.src_uri) if page is not None else None

    def structured_data(page) -> dict | None:
        article = article_info(page)
        if article is None:
            return None
        return medical_web_page(
            article,
            url=page.canonical_url,
            site_name=config.site_name,
            site_url=config.site_url,
            editorial_team=config.site_author or "",
            language=config.theme.get("language") or "en",
            citations=cited_doi_urls(page.file.content_string, bib_file(config)),
        )

    env.globals["article_info"] = article_info
    env.globals["structured_data"] = structured_data
    return env
