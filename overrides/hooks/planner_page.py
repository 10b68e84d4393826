"""MkDocs hook: the weekly planner sheet on its page and as A4 and US Letter PDFs.

The planner page holds the line `<!-- planner-sheet -->`; this hook replaces it with the
sheet that overrides/planner/sheet.html renders from docs/data/planner.yml, and writes the
two PDFs of the same template to downloads/ in the built site (see planner_pdf.py).
The data file is checked first (planner_data.py): each problem is one line, the build fails.
"""

from __future__ import annotations

import os
from pathlib import Path

from contributor_errors import line_of, report
from mkdocs.utils import get_relative_url
from planner_data import read_planner
from planner_pdf import draw_pdf

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


def _shown(config, path: Path) -> str:
    """A path as the contributor sees it: relative to the folder of mkdocs.yml."""
    return os.path.relpath(path, Path(config.config_file_path).parent)


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
    source = page.file.src_uri
    markdown = page.markdown or ""
    line = line_of(markdown, markdown.find(MARKER)) if MARKER in markdown else None
    if "page" in _build:
        report(
            source,
            line,
            "the planner sheet is already on " + _build["page"].file.src_uri,
            "Keep the <!-- planner-sheet --> line on one page only",
        )
        return html.replace(MARKER, "")
    data_path = Path(config.docs_dir) / DATA_FILE
    if not data_path.is_file():
        report(
            source,
            line,
            f"the planner sheet needs its data file {_shown(config, data_path)}",
            "Restore the data file or remove the <!-- planner-sheet --> line",
        )
        return html.replace(MARKER, "")
    _build["page"] = page
    _build["planner"] = read_planner(data_path, _shown(config, data_path))
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
                _shown(config, data_path),
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
