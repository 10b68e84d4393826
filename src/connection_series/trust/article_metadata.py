"""After the build: each article's byline and its schema.org JSON-LD, from its front matter.

Done on the built pages rather than in templates so that every engine publishes the same
byline and metadata: Zensical's templates cannot call Python, and the JSON-LD needs the
cited works' DOIs from references.bib. The front matter was checked before the build; a page
whose front matter does not read as an article gets nothing here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2.utils import htmlsafe_json_dumps

from connection_series.citations.bibliography import Reference
from connection_series.citations.dois import cited_doi_urls
from connection_series.common.front_matter_text import body_of
from connection_series.common.html_tags import canonical_url
from connection_series.common.site_sources import source_map
from connection_series.trust.front_matter import (
    Article,
    FrontMatterError,
    article_from,
    read_front_matter,
)
from connection_series.trust.structured_data import medical_web_page

BYLINE_TEMPLATE = "partials/article-meta.html"
H1_END = re.compile(r"</h1>", re.I)
CONTENT_START = re.compile(r'<article class="md-content__inner[^>]*>', re.I)


@dataclass(frozen=True)
class SiteInfo:
    site_name: str
    site_url: str | None
    editorial_team: str
    language: str


def article_of(source: str) -> Article | None:
    try:
        front_matter = read_front_matter(source)
        return article_from(front_matter) if front_matter else None
    except FrontMatterError:
        return None  # reported by the check, with its line


def add_article_metadata(
    site_dir: Path,
    docs_dir: Path,
    templates: Path,
    site: SiteInfo,
    references: dict[str, Reference],
) -> int:
    """Byline and JSON-LD on every article page; returns how many pages got them."""
    env = Environment(loader=FileSystemLoader(str(templates)), autoescape=select_autoescape())
    byline_template = env.get_template(BYLINE_TEMPLATE)
    done = 0
    for built, source in source_map(docs_dir).items():
        page = site_dir / built
        source_file = docs_dir.parent / source
        if not page.is_file() or not source_file.is_file():
            continue
        text = source_file.read_text(encoding="utf-8", errors="replace")
        article = article_of(text)
        if article is None:
            continue
        html = page.read_text(encoding="utf-8")
        byline = byline_template.render(article=article)
        data = medical_web_page(
            article,
            url=canonical_url(html),
            site_name=site.site_name,
            site_url=site.site_url,
            editorial_team=site.editorial_team,
            language=site.language,
            citations=cited_doi_urls(body_of(text), references),
        )
        json_ld = f'<script type="application/ld+json">{htmlsafe_json_dumps(data)}</script>'
        page.write_text(_place(html, byline, json_ld), encoding="utf-8")
        done += 1
    return done


def _place(html: str, byline: str, json_ld: str) -> str:
    """The byline right under the content's first heading, the JSON-LD at the end of head."""
    content = CONTENT_START.search(html)
    if content is not None:
        heading_end = H1_END.search(html, content.end())
        if heading_end is not None:
            html = html[: heading_end.end()] + byline + html[heading_end.end() :]
    head_end = html.find("</head>")
    if head_end >= 0:
        html = html[:head_end] + json_ld + html[head_end:]
    return html
