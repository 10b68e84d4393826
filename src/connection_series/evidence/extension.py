"""Python-Markdown extension: `<!-- chart: evidence part=N -->` becomes the evidence chart.

It runs before the citations extension, which then renders the `[@key]` in the chart's
table. Data problems are the contributor-file check's to report (with file and line); a page
rendered anyway (the preview with its problem panel) shows no chart.
"""

from __future__ import annotations

from pathlib import Path

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from connection_series.evidence.chart import render_block
from connection_series.evidence.data import MARKER_RE, data_path, read_rows


class EvidenceExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"docs_dir": ["docs", "The Markdown sources; the data is in data/"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(EvidencePreprocessor(md, self), "series_evidence", 27)


class EvidencePreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: EvidenceExtension):
        super().__init__(md)
        self.docs_dir = Path(extension.getConfig("docs_dir"))

    def run(self, lines: list[str]) -> list[str]:
        markdown = "\n".join(lines)
        if not MARKER_RE.search(markdown):
            return lines
        rows, problems = read_rows(data_path(self.docs_dir), "docs/data/evidence.yml")
        drawn: set[int] = set()

        def chart(match) -> str:
            part = int(match.group(1)) if match.group(1).isdigit() else None
            selected = [row for row in rows if row.part == part]
            if problems or not selected or part in drawn:
                return ""  # reported by the check; one chart per part keeps ids unique
            drawn.add(part)
            return render_block(selected, part)

        return MARKER_RE.sub(chart, markdown).split("\n")


def makeExtension(**kwargs) -> EvidenceExtension:
    return EvidenceExtension(**kwargs)
