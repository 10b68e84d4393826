"""The planner's A4 and US Letter PDFs, drawn by WeasyPrint from the same HTML as the page.

WeasyPrint takes about a second per PDF, so each PDF is kept on disk under a hash of
everything that shapes it (HTML, CSS, paper size, our code, WeasyPrint and the libraries it
draws with) and drawn again only when one of those changes: a repeat build or a `make serve`
rebuild reads it back.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from connection_series.common.cache_keys import cache_key
from connection_series.common.errors import fail
from connection_series.common.files import write_atomically

# Paper: the page size name WeasyPrint knows. Margins fit home printers' unprintable edges.
PAGE_CSS = """
@page {{ size: {size} portrait; margin: 12mm 14mm; }}
html {{ font-family: "DejaVu Sans", sans-serif; }}
"""


# WeasyPrint and what it draws with: a new version of any of them may draw another sheet.
DRAWING_LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools")


def pdf_cache_key(html: str, css: str, size: str) -> str:
    return cache_key(size, css, html, libraries=DRAWING_LIBRARIES)


def draw_pdf(html: str, css: str, size: str, cache_dir: Path | None = None) -> tuple[bytes, int]:
    """The sheet on `size` paper ("A4" or "Letter") and its number of pages, from the disk
    cache when it is there (the page count is kept in the file name)."""
    key = pdf_cache_key(html, css, size)
    if cache_dir is not None:
        for stored in cache_dir.glob(f"{key}.*p.pdf"):
            return stored.read_bytes(), int(stored.suffixes[0][1:-1])
    pdf, pages = _draw(html, css, size)
    if cache_dir is not None:
        # a read-only checkout still builds, it only draws every time
        with contextlib.suppress(OSError):
            write_atomically(cache_dir / f"{key}.{pages}p.pdf", pdf)
    return pdf, pages


def _draw(html: str, css: str, size: str) -> tuple[bytes, int]:
    try:
        from weasyprint import CSS, HTML
    except OSError as error:  # WeasyPrint loads Pango when imported
        raise fail(
            "planner PDFs",
            None,
            f"WeasyPrint cannot draw the planner PDFs ({error})",
            "Run `make system-deps` (Debian: apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0 fonts-dejavu-core)",
        ) from None
    # The planner's stylesheet also holds screen-only rules (browser pseudo-elements, :has())
    # that WeasyPrint skips with a warning each; those warnings are expected.
    weasy_log = logging.getLogger("weasyprint")
    level = weasy_log.level
    weasy_log.setLevel(logging.ERROR)
    try:
        stylesheets = [CSS(string=css), CSS(string=PAGE_CSS.format(size=size))]
        document = HTML(string=html).render(stylesheets=stylesheets)
        return document.write_pdf(), len(document.pages)
    finally:
        weasy_log.setLevel(level)
