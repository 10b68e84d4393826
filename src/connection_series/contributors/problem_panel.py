"""The preview's problem panel: in `make serve`, every page shows at the top of its content
what is wrong in the files the contributor edits, one `path:line: problem. Fix.` per line,
until the next rebuild finds none. Never in `make build`: the built site stays strict.

A page step of the post-build pipeline, run in the preview only: it shows the check's
problems and the engine's warnings (handed over by the MkDocs plugin) and those the steps
before it found.
"""

from __future__ import annotations

from html import escape

from connection_series.pipeline.page import BuiltPage, prepend
from connection_series.pipeline.runner import Site

PANEL_ID = "series-problems"


def lists_every_problem(page: BuiltPage, site: Site) -> bool:
    """In the preview every page waits for the others: its panel lists every problem."""
    return site.build.preview


def add_problem_panel(page: BuiltPage, site: Site) -> None:
    problems = [*site.build.shown_problems, *dict.fromkeys(site.problems)]
    content = page.content
    if not site.build.preview or not problems or content is None:
        return
    items = "".join(f"<li><code>{escape(str(problem))}</code></li>" for problem in problems)
    prepend(
        content,
        f'<div id="{PANEL_ID}" class="series-problems" role="alert">'
        f"<p><strong>The preview found {len(problems)} problem(s) to fix.</strong> "
        "Fix each file at the line shown and save: this panel goes when none is left. "
        "`make build` and the checks on a pull request fail until then.</p>"
        f"<ul>{items}</ul></div>",
    )
