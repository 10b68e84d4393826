"""Run one step of the post-build pipeline over HTML written in a test."""

from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from connection_series.pipeline.page import BuiltPage
from connection_series.pipeline.runner import Site
from connection_series.postbuild import SiteBuild
from connection_series.settings import SiteInfo

REPO = Path(__file__).resolve().parents[2]


def page_from_html(
    html: str, where: str = "page/index.html", source: str | None = None, markdown: str = ""
) -> BuiltPage:
    """A built page; `source` names its Markdown file ("docs/page.md"), `markdown` its text."""
    page = BuiltPage(Path(where), where, source, None, LexborHTMLParser(html))
    page._source_text = markdown
    return page


def site_of(pages: list[BuiltPage], root: Path | None = None, **changes) -> Site:
    root = root or REPO
    values = {
        "root": root,
        "docs_dir": root / "docs",
        "site_dir": root / "site",
        "templates": REPO / "overrides",
        "bibliography": REPO / "references.bib",
        "site": SiteInfo("Test site", "https://site.test/", "The editorial team", "en"),
        "generator": "mkdocs test",
        **changes,
    }
    return Site(SiteBuild(**values), pages)


def run_step(step, html: str, markdown: str = "", **changes) -> tuple[str, list]:
    """The page's HTML after the step, and the step's problems (`markdown`: the page's
    source, named docs/page.md)."""
    page = page_from_html(html, source="docs/page.md" if markdown else None, markdown=markdown)
    problems = list(step(page, site_of([page], **changes)) or [])
    return page.html(), problems


def site_on_disk(root: Path, pages: dict[str, str], **changes) -> SiteBuild:
    """A built site of these pages (where -> HTML) under `root/site`, and a build over it
    (no docs/: no page has a Markdown source)."""
    for where, html in pages.items():
        (root / "site" / where).parent.mkdir(parents=True, exist_ok=True)
        (root / "site" / where).write_text(html, encoding="utf-8")
    return site_of([], root=root, **changes).build
