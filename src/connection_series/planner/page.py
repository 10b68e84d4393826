"""MkDocs hook: the weekly planner sheet on its page and as A4 and US Letter PDFs.

The planner page holds the line `<!-- planner-sheet -->`; this hook replaces it with the
sheet that overrides/planner/sheet.html renders from docs/data/planner.yml, and writes the
two PDFs of the same template to downloads/ in the built site (see planner_pdf.py).
The data file is checked first (planner_data.py): each problem is one line, the build fails.
"""

from __future__ import annotations

from pathlib import Path

from connection_series.common.errors import line_of, page_source, report, shown_path
from mkdocs.utils import get_relative_url
from connection_series.planner.data import read_planner
from connection_series.planner.pdf import draw_pdf

MARKER = "<!-- planner-sheet -->"
DATA_FILE = "data/planner.yml"
TEMPLATE = "planner/sheet.html"
STYLESHEET = "assets/stylesheets/planner.css"
# Paper size name for WeasyPrint -> file in the built site.
PDFS = {"A4": "downloads/weekly-planner-a4.pdf", "Letter": "downloads/weekly-planner-letter.pdf"}

# What this build found: the planner page, its data and shared template values.
_build: dict = {}


def on_pre_build(config) -> None:
    _build.clear()


def _context(config, page) -> dict:
    url = page.canonical_url or page.abs_url or page.url
    return {
        "planner": _build["planner"],
        "site_name": config.site_name,
        "site_address": url.split("://", 1)[-1],
        "page_url": url,
        "downloads": [
            (
                _build["planner"]["labels"][f"download_{size.lower()}"],
                get_relative_url(path, page.url),
            )
            for size, path in PDFS.items()
        ],
    }


def on_page_content(html: str, page, config, files) -> str:
    if MARKER not in html:
        return html
    source = page_source(page, config)
    markdown = page.markdown or ""
    line = line_of(markdown, markdown.find(MARKER)) if MARKER in markdown else None
    if "page" in _build:
        report(
            source,
            line,
            "the planner sheet is already on " + page_source(_build["page"], config),
            "Keep the <!-- planner-sheet --> line on one page only",
        )
        return html.replace(MARKER, "")
    data_path = Path(config.docs_dir) / DATA_FILE
    if not data_path.is_file():
        report(
            source,
            line,
            f"the planner sheet needs its data file {shown_path(data_path, config)}",
            "Restore the data file or remove the <!-- planner-sheet --> line",
        )
        return html.replace(MARKER, "")
    _build["page"] = page
    _build["planner"] = read_planner(data_path, shown_path(data_path, config))
    if _build["planner"] is None:
        return html.replace(MARKER, "")
    _build["env"] = config.theme.get_env()
    # Only this page loads the planner's stylesheet and script (overrides/main.html reads
    # the flag): the articles stay inside their page-weight budget.
    page.meta["planner_assets"] = True
    template = _build["env"].get_template(TEMPLATE)
    return html.replace(MARKER, template.render(standalone=False, **_context(config, page)))


def on_post_build(config) -> None:
    data_path = Path(config.docs_dir) / DATA_FILE
    if "page" not in _build:
        if data_path.is_file():
            report(
                shown_path(data_path, config),
                None,
                "no page shows the planner sheet",
                "Put the line <!-- planner-sheet --> on the planner page",
            )
        return
    if _build["planner"] is None:
        return
    page = _build["page"]
    template = _build["env"].get_template(TEMPLATE)
    css = (Path(config.docs_dir) / STYLESHEET).read_text(encoding="utf-8")
    context = _context(config, page)
    # No page: links in the PDFs (the disclaimer's) become addresses on the site.
    site_root = (page.canonical_url or "").removesuffix(page.url)
    for size, relative in PDFS.items():
        html = template.render(
            standalone=True, page_size=size, page=None, base_url=site_root, **context
        )
        target = Path(config.site_dir) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(draw_pdf(html, css, size))
