"""The preview's problem panel: in `make serve`, every page shows at the top of its content
what is wrong in the files the contributor edits, one `path:line: problem. Fix.` per line,
until the next rebuild finds none. Never in `make build`: the built site stays strict.
"""

from __future__ import annotations

import re
from html import escape

from connection_series.common.errors import Problem

CONTENT_START = re.compile(r'<article class="md-content__inner[^>]*>', re.I)
PANEL_ID = "series-problems"


def add_problem_panel(html: str, problems: list[Problem]) -> str:
    if not problems or f'id="{PANEL_ID}"' in html:
        return html
    items = "".join(f"<li><code>{escape(str(problem))}</code></li>" for problem in problems)
    panel = (
        f'<div id="{PANEL_ID}" class="series-problems" role="alert">'
        f"<p><strong>The preview found {len(problems)} problem(s) to fix.</strong> "
        "Fix each file at the line shown and save: this panel goes when none is left. "
        "`make build` and the checks on a pull request fail until then.</p>"
        f"<ul>{items}</ul></div>"
    )
    content = CONTENT_START.search(html)
    if content is None:
        return html.replace("<body>", "<body>" + panel, 1) if "<body>" in html else html
    return html[: content.end()] + panel + html[content.end() :]
