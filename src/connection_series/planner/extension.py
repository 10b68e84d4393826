"""Python-Markdown extension: the line `<!-- planner-sheet -->` becomes the weekly planner.

The sheet comes from overrides/planner/sheet.html and docs/data/planner.yml. Its footer link
to the page's own address and the PDFs are added after the build (planner.pdfs), where the
page's address is known. Data problems are the contributor-file check's to report; a page
rendered anyway (the preview's problem panel) shows no sheet.
"""

from __future__ import annotations

from pathlib import Path

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from connection_series.common.markdown_scan import marker_line, scan
from connection_series.planner.data import read_planner
from connection_series.planner.sheet import render

DATA_FILE = "data/planner.yml"
MARKER_LINE = marker_line("planner-sheet")  # planner.sheet.MARKER, alone on its line


class PlannerExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "docs_dir": ["docs", "The Markdown sources; the data is in data/planner.yml"],
            "templates": ["overrides", "The folder holding planner/sheet.html"],
            "site_name": ["", "Printed at the top of the sheet"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(PlannerPreprocessor(md, self), "series_planner", 26)


class PlannerPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: PlannerExtension):
        super().__init__(md)
        self.settings = extension.getConfigs()

    def run(self, lines: list[str]) -> list[str]:
        markdown = "\n".join(lines)
        if not MARKER_LINE.search(markdown):
            return lines
        markers = scan(markdown).markers(MARKER_LINE)
        if not markers:
            return lines
        # The line numbers of the markers (a marker shown as code stays as it is).
        marker_lines = {markdown.count("\n", 0, match.start()) for match in markers}
        data_path = Path(self.settings["docs_dir"]) / DATA_FILE
        planner, _ = read_planner(data_path, DATA_FILE) if data_path.is_file() else (None, [])
        sheet = ""
        if planner is not None:
            html = render(
                Path(self.settings["templates"]),
                planner,
                standalone=False,
                site_name=self.settings["site_name"],
            )
            sheet = self.md.htmlStash.store(html)  # kept whole: Markdown must not read it
        output, placed = [], False
        for number, line in enumerate(lines):
            if number in marker_lines:
                output += ["", sheet if not placed else "", ""]  # one sheet per page: ids
                placed = True
            else:
                output.append(line)
        return output


def makeExtension(**kwargs) -> PlannerExtension:
    return PlannerExtension(**kwargs)
