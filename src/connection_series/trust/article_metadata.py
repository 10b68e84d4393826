"""After the build: each article's byline and its schema.org JSON-LD, from its front matter.
Two page steps of the post-build pipeline (connection_series.postbuild).

Done on the built pages rather than in templates so that every engine publishes the same
byline and metadata: Zensical's templates cannot call Python, and the JSON-LD needs the
cited works' DOIs from references.bib. The front matter was checked before the build; a page
whose front matter does not read as an article gets nothing here.
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2.utils import htmlsafe_json_dumps

from connection_series.citations.dois import cited_doi_urls
from connection_series.citations.references import references
from connection_series.common.front_matter_text import body_of
from connection_series.pipeline.page import BuiltPage, append, head_nodes, insert_after
from connection_series.pipeline.runner import Site
from connection_series.trust.front_matter import (
    Article,
    FrontMatterError,
    article_from,
    read_front_matter,
)
from connection_series.trust.structured_data import medical_web_page

BYLINE_TEMPLATE = "partials/article-meta.html"
ARTICLE = "trust.article"  # the page note: its Article, or None
BYLINE = "trust.byline"  # the site note: the byline's template, compiled once


def article_of(source: str) -> Article | None:
    try:
        front_matter = read_front_matter(source)
        return article_from(front_matter) if front_matter else None
    except FrontMatterError:
        return None  # reported by the check, with its line


def page_article(page: BuiltPage) -> Article | None:
    """The article a built page shows, from its Markdown's front matter (read once)."""
    if ARTICLE not in page.notes:
        page.notes[ARTICLE] = article_of(page.source_text()) if page.source else None
    return page.notes[ARTICLE]


def add_byline(page: BuiltPage, site: Site) -> None:
    """The byline right under the content's first heading."""
    article = page_article(page)
    content = page.content
    heading = content.css_first("h1") if content is not None else None
    if article is None or heading is None:
        return
    if BYLINE not in site.notes:
        loader = FileSystemLoader(str(site.build.templates))
        env = Environment(loader=loader, autoescape=select_autoescape())
        site.notes[BYLINE] = env.get_template(BYLINE_TEMPLATE)
    insert_after(heading, site.notes[BYLINE].render(article=article))


def add_structured_data(page: BuiltPage, site: Site) -> None:
    """schema.org JSON-LD at the end of <head>, with the DOIs of the works the page cites."""
    article = page_article(page)
    if article is None or page.head is None:
        return
    info = site.build.site
    data = medical_web_page(
        article,
        url=page.canonical_url(),
        site_name=info.site_name,
        site_url=info.site_url,
        editorial_team=info.editorial_team,
        language=info.language,
        citations=cited_doi_urls(body_of(page.source_text()), references(site)),
    )
    json_ld = f'<script type="application/ld+json">{htmlsafe_json_dumps(data)}</script>'
    append(page.head, head_nodes(json_ld))
