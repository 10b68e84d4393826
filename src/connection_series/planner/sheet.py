"""The planner sheet from its one Jinja2 template (overrides/planner/sheet.html), for the page
and for the PDFs. Autoescaped: every text of docs/data/planner.yml is contributor input.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATE = "planner/sheet.html"
MARKER = "<!-- planner-sheet -->"
# Paper size name for WeasyPrint -> file name, written beside the planner page.
PDFS = {"A4": "weekly-planner-a4.pdf", "Letter": "weekly-planner-letter.pdf"}


def environment(templates: Path, site_root: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
    # The disclaimer partial links with `| url`: in a PDF that must be the site's address.
    env.filters["url"] = lambda path: urljoin(site_root, path)
    return env


def render(templates: Path, planner: dict, *, standalone: bool, site_root: str = "", **values):
    """The sheet: on the page (standalone=False) or a whole document for a PDF."""
    template = environment(templates, site_root).get_template(TEMPLATE)
    return template.render(
        planner=planner,
        standalone=standalone,
        page=None,
        page_size=values.get("page_size", ""),
        site_name=values.get("site_name", ""),
        site_address=values.get("site_address", ""),
        page_url=values.get("page_url", ""),
        downloads=[
            (planner["labels"][f"download_{size.lower()}"], name) for size, name in PDFS.items()
        ],
    )
