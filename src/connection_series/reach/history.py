"""After the build: an article's update history ("What changed", at the end of its content)
and, when it records a correction, a notice under its byline. A page step of the post-build
pipeline (connection_series.postbuild), from the `changes:` of the checked front matter
(reach.changes), so every engine shows the same. Health publishers show what changed and
when; a silent correction is not one.
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, Template, select_autoescape

from connection_series.pipeline.page import BuiltPage, append, fragment_nodes, insert_after
from connection_series.pipeline.runner import Site
from connection_series.reach.changes import corrections
from connection_series.trust.article_metadata import page_article

HISTORY_TEMPLATE = "partials/update-history.html"
NOTICE_TEMPLATE = "partials/correction-notice.html"
TEMPLATES = "reach.templates"  # the site note: the step's templates, compiled once
BYLINE_SELECTOR = "dl.article-meta"
DISCLAIMER_SELECTOR = "#medical-disclaimer"


def site_template(site: Site, name: str) -> Template:
    """One of the site's templates (overrides/), compiled once per build, autoescaped."""
    templates = site.notes.setdefault(TEMPLATES, {})
    if name not in templates:
        loader = FileSystemLoader(str(site.build.templates))
        env = Environment(loader=loader, autoescape=select_autoescape(default=True))
        templates[name] = env.get_template(name)
    return templates[name]


def add_update_history(page: BuiltPage, site: Site) -> None:
    article = page_article(page)
    content = page.content
    if article is None or not article.changes or content is None:
        return
    history = site_template(site, HISTORY_TEMPLATE).render(changes=article.changes)
    disclaimer = content.css_first(DISCLAIMER_SELECTOR)
    if disclaimer is not None:
        for node in fragment_nodes(history):
            disclaimer.insert_before(node)
    else:
        append(content, fragment_nodes(history))
    corrected = corrections(article)
    byline = content.css_first(BYLINE_SELECTOR)
    if corrected and byline is not None:
        insert_after(byline, site_template(site, NOTICE_TEMPLATE).render(corrections=corrected))
