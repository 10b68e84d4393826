"""The preview's problem panel: in `make serve`, every page shows at the top of its content
what is wrong in the files the contributor edits, one `path:line: problem. Fix.` per line,
until the next rebuild finds none. Never in `make build`: the built site stays strict.

The last page step of the post-build pipeline, declared for the preview only: it shows the
check's problems and the engine's warnings (handed over by the MkDocs plugin) and those the
steps before it found, on every page, by file and line. The panel is the same on every
page, so an incremental rebuild gives it again to the pages it did not build when what it
lists changed (`shows`): it replaces the panel there, or removes it when nothing is left.
"""

from __future__ import annotations

from html import escape

from connection_series.common.errors import Problem, sorted_problems
from connection_series.pipeline.page import BuiltPage, prepend
from connection_series.pipeline.runner import Site

PANEL_ID = "series-problems"


def lists_every_problem(page: BuiltPage, site: Site) -> bool:
    """In the preview every page waits for the others: its panel lists every problem."""
    return True


def panel_problems(site: Site) -> tuple[Problem, ...]:
    """What every page's panel lists: each problem once, by file and line."""
    return tuple(sorted_problems(dict.fromkeys([*site.build.shown_problems, *site.problems])))


def add_problem_panel(page: BuiltPage, site: Site) -> None:
    content = page.content
    if content is None:
        return
    first = content.child  # an earlier panel: always the content's first node
    if first is not None and first.tag == "div" and first.attributes.get("id") == PANEL_ID:
        first.decompose()
    problems = panel_problems(site)
    if not problems:
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
