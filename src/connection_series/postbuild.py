"""The site-level step after any engine's build, over the built folder: runnable on its own
(`series postbuild`), called by the MkDocs plugin and by the Makefile after Zensical.

Order matters: content first (back-links, planner, bylines), then the search index (from the
finished text), then what reads the final HTML (external-link attributes, the generator tag,
the promises, and last the CSP, whose hashes must see every script).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from connection_series.citations import bibliography
from connection_series.citations.backlinks import add_backlinks
from connection_series.common.errors import Problem
from connection_series.hardening.csp import add_policy
from connection_series.hardening.external_links import protect_external_links
from connection_series.hardening.minify import minify_directory
from connection_series.hardening.promises import page_problems
from connection_series.hardening.unused_css import purge_theme_css
from connection_series.planner.pdfs import write_planner
from connection_series.search import index_site
from connection_series.trust.article_metadata import SiteInfo, add_article_metadata

GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


@dataclass(frozen=True)
class SiteBuild:
    root: Path  # the project folder (where mkdocs.yml is)
    docs_dir: Path
    site_dir: Path
    templates: Path  # the theme's custom_dir (overrides/)
    bibliography: Path
    site: SiteInfo
    generator: str  # "mkdocs 1.6.1", "zensical 0.0.73": named on every page
    preview: bool = False  # `mkdocs serve`: its live-reload script must run

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache"


def run(build: SiteBuild) -> list[Problem]:
    """Every site-level step; returns every broken promise as a one-line problem."""
    problems: list[Problem] = []
    references = bibliography.load(
        build.bibliography, build.bibliography.name, build.cache_dir / "citations"
    ).bibliography.references
    problems += add_backlinks(build.site_dir)
    problems += write_planner(
        build.site_dir,
        build.docs_dir,
        build.templates,
        build.site.site_name,
        build.root,
        build.cache_dir / "planner-pdf",
    )
    add_article_metadata(build.site_dir, build.docs_dir, build.templates, build.site, references)
    problems += index_site(build.site_dir)
    own_host = urlsplit(build.site.site_url or "").hostname
    for page in sorted(build.site_dir.rglob("*.html")):
        where = page.relative_to(build.site_dir).as_posix()
        html = page.read_text(encoding="utf-8")
        html = protect_external_links(html, own_host)
        html = _name_generator(html, build.generator)
        problems += page_problems(html, where)
        html, csp_problems = add_policy(html, where, serving=build.preview)
        problems += csp_problems
        page.write_text(html, encoding="utf-8")
    purge_theme_css(build.site_dir, build.cache_dir / "theme-css")
    minify_directory(build.site_dir, build.docs_dir, build.templates)
    problems += _published_code(build.site_dir)
    return problems


def _name_generator(html: str, generator: str) -> str:
    tag = f'<meta name="generator" content="{generator}">'
    if GENERATOR.search(html):
        return GENERATOR.sub(tag, html, count=1)
    return html.replace("</head>", tag + "</head>", 1)


def _published_code(site_dir: Path) -> list[Problem]:
    """No Python file is ever published (an engine copies what it finds in docs/ or the
    theme folder)."""
    return [
        Problem(
            path.relative_to(site_dir).as_posix(),
            None,
            "a Python file would be published with the site",
            "Move it out of docs/ and overrides/",
        )
        for path in sorted(site_dir.rglob("*.py"))
    ]
