"""The planner's A4 and US Letter PDFs, drawn by WeasyPrint from the same HTML as the page.

WeasyPrint takes about a second per PDF; `mkdocs serve` rebuilds the site on every edit, so
each PDF is kept in memory under a hash of everything that shapes it (HTML, CSS, paper size,
WeasyPrint version) and drawn again only when one of those changes.
"""

from __future__ import annotations

import functools
import hashlib
import logging

from mkdocs.exceptions import PluginError

# Paper: the page size name WeasyPrint knows. Margins fit home printers' unprintable edges.
PAGE_CSS = """
@page {{ size: {size} portrait; margin: 12mm 14mm; }}
html {{ font-family: "DejaVu Sans", sans-serif; }}
"""

_drawn: dict[str, bytes] = {}


@functools.cache
def weasyprint_version() -> str:
    # Read from the package metadata: importing WeasyPrint itself takes a second.
    from importlib.metadata import version

    return version("weasyprint")


def cache_key(html: str, css: str, size: str) -> str:
    digest = hashlib.sha256()
    for part in (weasyprint_version(), size, css, html):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def draw_pdf(html: str, css: str, size: str) -> bytes:
    """One PDF page of the sheet on `size` paper ("A4" or "Letter")."""
    key = cache_key(html, css, size)
    if key not in _drawn:
        try:
            from weasyprint import CSS, HTML
        except OSError as error:  # WeasyPrint loads Pango when imported
            raise PluginError(
                f"WeasyPrint cannot draw the planner PDFs: {error}. Run `make system-deps` "
                "(Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)"
            ) from None

        # The planner's stylesheet also holds screen-only rules (browser pseudo-elements,
        # :has()) that WeasyPrint skips with a warning each; those warnings are expected.
        weasy_log = logging.getLogger("weasyprint")
        level = weasy_log.level
        weasy_log.setLevel(logging.ERROR)
        try:
            stylesheets = [CSS(string=css), CSS(string=PAGE_CSS.format(size=size))]
            _drawn[key] = HTML(string=html).write_pdf(stylesheets=stylesheets)
        finally:
            weasy_log.setLevel(level)
    return _drawn[key]
