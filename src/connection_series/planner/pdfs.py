"""After the build: the planner page's own address, and its A4 and US Letter PDFs.

A page step of the post-build pipeline (connection_series.postbuild). On the page that shows
the sheet (any engine) it writes the page's address, read from its canonical link, and the
PDF links, and draws both PDFs beside the page. The build's promise is checked here, not
only in the tests: each PDF is exactly one page. (That some page shows the sheet at all is
the contributor-file check's to say, before the build.)
"""

from __future__ import annotations

from pathlib import Path

from connection_series.common.errors import Problem, shown_path
from connection_series.pipeline.page import BuiltPage
from connection_series.pipeline.runner import Site
from connection_series.planner.data import read_planner
from connection_series.planner.extension import DATA_FILE
from connection_series.planner.pdf import draw_pdf
from connection_series.planner.sheet import PDFS, render

STYLESHEET = "assets/stylesheets/planner.css"
SHEET = "div.planner[data-planner]"
DRAWN = "planner.drawn"  # the site note: set once the PDFs are drawn (one sheet per site)


def add_planner_downloads(page: BuiltPage, site: Site) -> list[Problem]:
    if page.tree.css_first(SHEET) is None or DRAWN in site.notes:
        return []
    site.notes[DRAWN] = page.where
    page_url = page.canonical_url() or ""
    _fill_links(page, page_url)
    return _draw_pdfs(page, page_url, site.build)


def _fill_links(page: BuiltPage, page_url: str) -> None:
    for link in page.tree.css("a[data-planner-address]"):
        link.attrs["href"] = page_url
        for child in list(link.iter(include_text=True)):
            child.decompose()
        link.insert_child(page_url.split("://", 1)[-1])
    for link in page.tree.css("a[data-planner-pdf]"):
        # The PDFs are written beside the page, so the file name is the link. Zensical
        # rewrites relative links in raw HTML as if relative to docs/ ("../x.pdf", which
        # is not there); MkDocs leaves them: set the href here, for every engine.
        link.attrs["href"] = link.attributes.get("data-planner-pdf") or ""


def _draw_pdfs(page: BuiltPage, page_url: str, build) -> list[Problem]:
    """Both PDFs beside the planner page; every broken promise is one problem."""
    data_path = build.docs_dir / DATA_FILE
    shown = shown_path(data_path, build.root)
    planner, problems = read_planner(data_path, shown)
    if planner is None:
        return problems
    stylesheet = build.templates / STYLESHEET  # the theme folder: code, not content
    if not stylesheet.is_file():
        problem = "the planner's stylesheet is missing, so its PDFs cannot be drawn"
        fix = "Restore the file from the repository"
        return [*problems, Problem(shown_path(stylesheet, build.root), None, problem, fix)]
    values = {
        "site_name": build.site.site_name,
        "site_address": page_url.split("://", 1)[-1],
        "page_url": page_url,
        "site_root": page_url.removesuffix(Path(page.where).parent.as_posix() + "/"),
    }
    css = stylesheet.read_text(encoding="utf-8")
    for size, name in PDFS.items():
        document = render(build.templates, planner, standalone=True, page_size=size, **values)
        pdf, pages_drawn = draw_pdf(document, css, size, build.cache_dir / "planner-pdf")
        (page.file.parent / name).write_bytes(pdf)
        if pages_drawn != 1:
            problems.append(
                Problem(
                    shown,
                    None,
                    f"the {size} planner PDF has {pages_drawn} pages, not one",
                    "Shorten the planner's texts or rows so the sheet fits on one page",
                )
            )
    return problems
