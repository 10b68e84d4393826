"""Python-Markdown extension for the statistics registry (docs/data/evidence.yml).

- `[[stat:ID]]` (and `[[stat:ID, percent]]`...) prints a statistic from the registry, inside
  `<span data-statistic="ID" id="stat-ID-n">` (statistics.py);
- `<!-- chart: evidence part=N -->` becomes the evidence chart of the records of part N;
- `<!-- evidence-registry -->` becomes the Evidence page's list of every record, with links to
  each paragraph of the series that uses it.

It runs before the citations extension, which then renders the `[@key]` that the chart's
table and the Evidence page write. Data problems are the contributor-file check's to report
(with file and line); a page rendered anyway (the preview with its problem panel) shows no
chart, and an unknown statistic id stays visible, marked.
"""

from __future__ import annotations

from pathlib import Path

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from connection_series.common.markdown_scan import scan
from connection_series.common.replacements import apply_replacements
from connection_series.evidence.chart import render_block
from connection_series.evidence.chart_marker import MARKER_RE
from connection_series.evidence.data import data_path, read_registry
from connection_series.evidence.statistics import (
    REGISTRY_MARKER_LINE,
    find_uses,
    render_registry,
    rendered_uses,
)
from connection_series.series.plan import PLAN_OPTIONS, plan_from_options


class EvidenceExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "docs_dir": ["docs", "The Markdown sources; the data is in data/"],
            **PLAN_OPTIONS,  # the list of uses leaves out parts not public on the build's day
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # Before the citations extension (25): the chart and the Evidence page write [@key].
        md.preprocessors.register(EvidencePreprocessor(md, self), "series_evidence", 27)


class EvidencePreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: EvidenceExtension):
        super().__init__(md)
        self.docs_dir = Path(extension.getConfig("docs_dir"))
        self.plan_options = (extension.getConfig("today"), extension.getConfig("preview"))

    def run(self, lines: list[str]) -> list[str]:
        markdown = "\n".join(lines)
        if not (
            "[[stat:" in markdown
            or MARKER_RE.search(markdown)
            or REGISTRY_MARKER_LINE.search(markdown)
        ):
            return lines  # nothing to do: most pages
        # Markers and statistics shown as code are examples for contributors: left as code.
        scanned = scan(markdown)
        charts = scanned.markers(MARKER_RE)
        listing = scanned.markers(REGISTRY_MARKER_LINE)[:1]
        uses = find_uses(markdown, scanned)
        if not (charts or listing or uses):
            return lines
        registry, problems = read_registry(data_path(self.docs_dir), "docs/data/evidence.yml")
        replacements = rendered_uses(uses, markdown, registry)
        rows = [] if problems else registry.rows
        drawn: set[int] = set()
        for marker in charts:
            part = int(marker.group(1)) if marker.group(1).isdigit() else None
            selected = [row for row in rows if row.part == part]
            # Reported by the check when wrong; one chart per part keeps ids unique.
            chart = render_block(selected, part) if selected and part not in drawn else ""
            drawn.add(part)
            replacements.append((*marker.span(), chart))
        if listing:
            left_out = plan_from_options(self.docs_dir, *self.plan_options).left_out
            text = render_registry(registry, self.docs_dir, left_out)
            replacements.append((*listing[0].span(), text))
        return apply_replacements(markdown, replacements).split("\n")


def makeExtension(**kwargs) -> EvidenceExtension:
    return EvidenceExtension(**kwargs)
