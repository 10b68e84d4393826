"""After the build: the planner page's own address, and its A4 and US Letter PDFs.

The page that shows the sheet is found in the built site (any engine), its address read
from its canonical link, and both PDFs written beside it. The build's promise is checked
here, not only in the tests: each PDF is exactly one page.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from connection_series.common.errors import Problem, shown_path
from connection_series.common.html_tags import canonical_url, find_tags, replace_spans
from connection_series.planner.data import read_planner
from connection_series.planner.extension import DATA_FILE
from connection_series.planner.pdf import draw_pdf
from connection_series.planner.sheet import PDFS, render

STYLESHEET = "assets/stylesheets/planner.css"
SHEET_ATTRIBUTE = "data-planner"


def planner_pages(site_dir: Path) -> list[Path]:
    return [
        page
        for page in sorted(site_dir.rglob("*.html"))
        if f'<div class="planner" {SHEET_ATTRIBUTE} ' in page.read_text(encoding="utf-8")
    ]


def write_planner(
    site_dir: Path, docs_dir: Path, templates: Path, site_name: str, root: Path, cache_dir: Path
) -> list[Problem]:
    """Fill in the address and write the PDFs; every broken promise is one problem."""
    pages = planner_pages(site_dir)
    data_path = docs_dir / DATA_FILE
    if not pages:
        if data_path.is_file():
            return [
                Problem(
                    shown_path(data_path, root),
                    None,
                    "no page shows the planner sheet",
                    "Put the line <!-- planner-sheet --> on the planner page",
                )
            ]
        return []
    planner, problems = read_planner(data_path, shown_path(data_path, root))
    if planner is None:
        return problems
    page = pages[0]
    html = page.read_text(encoding="utf-8")
    page_url = canonical_url(html) or ""
    site_root = page_url.removesuffix(page.relative_to(site_dir).parent.as_posix() + "/")
    address = page_url.split("://", 1)[-1]
    page.write_text(_fill_address(html, page_url, address), encoding="utf-8")

    stylesheet = docs_dir / STYLESHEET
    if not stylesheet.is_file():
        problems.append(
            Problem(
                shown_path(stylesheet, root),
                None,
                "the planner's stylesheet is missing, so its PDFs cannot be drawn",
                "Restore the file from the repository",
            )
        )
        return problems
    css = stylesheet.read_text(encoding="utf-8")
    values = {"site_name": site_name, "site_address": address, "page_url": page_url}
    for size, name in PDFS.items():
        document = render(
            templates, planner, standalone=True, page_size=size, site_root=site_root, **values
        )
        pdf, pages_drawn = draw_pdf(document, css, size, cache_dir)
        (page.parent / name).write_bytes(pdf)
        if pages_drawn != 1:
            problems.append(
                Problem(
                    shown_path(data_path, root),
                    None,
                    f"the {size} planner PDF has {pages_drawn} pages, not one",
                    "Shorten the planner's texts or rows so the sheet fits on one page",
                )
            )
    return problems


def _fill_address(html: str, url: str, address: str) -> str:
    edits = []
    for link in find_tags(html, "a"):
        if "data-planner-address" in link.attrs:
            closing = html.index("</a>", link.end)
            tag = f'<a href="{escape(url)}" data-planner-address>{escape(address)}</a>'
            edits.append((link.start, closing + len("</a>"), tag))
        elif link.attrs.get("data-planner-pdf"):
            # The PDFs are written beside the page, so the file name is the link. Zensical
            # rewrites relative links in raw HTML as if relative to docs/ ("../x.pdf", which
            # is not there); MkDocs leaves them: set the href here, for every engine.
            name = escape(link.attrs["data-planner-pdf"])
            tag = f'<a href="{name}" download data-planner-pdf="{name}">'
            edits.append((link.start, link.end, tag))
    return replace_spans(html, edits)
