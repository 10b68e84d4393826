"""Python-Markdown extension: the line `<!-- series-parts -->` (on the home page) becomes the
list of the series' parts this build makes: number and title linked, description, date and
reading time. The links are Markdown links to the parts' files, so each engine turns them
into addresses and checks them. In the preview, a part that is not public yet says so.

Options: `docs_dir`; `today` (YYYY-MM-DD, "" for the build's day: series.clock) and
`preview`, which the series plugin sets so the list agrees with the rest of the build.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path
from urllib.parse import quote

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from connection_series.common.markdown_scan import marker_line, scan
from connection_series.common.markdown_text import markdown_safe
from connection_series.common.site_sources import first_page
from connection_series.series.plan import PLAN_OPTIONS, SeriesPlan, plan_from_options
from connection_series.series.wording import long_date, notice, numbered_title, reading_time

MARKER = "<!-- series-parts -->"
MARKER_LINE = marker_line("series-parts")  # alone on its line, not shown as code
LIST_ID = "all-parts"  # the sidebar's and each part's "All parts" link lead here


class SeriesExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "docs_dir": ["docs", "The Markdown sources, where the parts are"],
            **PLAN_OPTIONS,
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # Before the citations extension (25), like the evidence list: plain Markdown out.
        md.preprocessors.register(SeriesPreprocessor(md, self), "series_parts", 26)


class SeriesPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: SeriesExtension):
        super().__init__(md)
        self.options = extension.getConfigs()

    def run(self, lines: list[str]) -> list[str]:
        markdown = "\n".join(lines)
        # Scanned only when the marker's line is there at all: most pages never hold it.
        found = scan(markdown).markers(MARKER_LINE) if MARKER_LINE.search(markdown) else []
        if not found:
            return lines
        docs_dir = self.options["docs_dir"]
        plan = plan_from_options(docs_dir, self.options["today"], bool(self.options["preview"]))
        here = posixpath.dirname(marker_page(Path(docs_dir)) or "index.md")
        listing = render_parts(plan, here)
        first = found[0]
        return (markdown[: first.start()] + listing + markdown[first.end() :]).split("\n")


def marker_page(docs_dir: Path) -> str | None:
    """The page (relative to docs/) that lists the parts."""
    return first_page(docs_dir, _holds_marker)


def _holds_marker(body: str) -> bool:
    return MARKER_LINE.search(body) is not None and bool(scan(body).markers(MARKER_LINE))


def render_parts(plan: SeriesPlan, here: str) -> str:
    """Markdown for the list, links relative to the folder `here` (under docs/)."""
    items = []
    for part in plan.built:
        target = quote(posixpath.relpath(part.source, here or "."), safe="/-._~")
        title = markdown_safe(html.escape(numbered_title(part)))
        paragraphs = [f"- **[{title}]({target})**"]
        if part.description:
            paragraphs.append(markdown_safe(html.escape(part.description)))
        published = (
            f'Published <time datetime="{part.published.isoformat()}">'
            f"{long_date(part.published)}</time>. "
            if part.published
            else ""
        )
        paragraphs.append(f"{published}{reading_time(part.minutes)}.")
        held_back = notice(part, plan.day) if plan.preview else None
        if held_back:
            paragraphs.append(f"**{markdown_safe(html.escape(held_back))}.**")
        items.append("\n\n    ".join(paragraphs))
    body = "\n\n".join(items) if items else "No part of the series is out yet."
    return f'<div class="series-parts" id="{LIST_ID}" markdown>\n\n{body}\n\n</div>\n'


def makeExtension(**kwargs) -> SeriesExtension:
    return SeriesExtension(**kwargs)
