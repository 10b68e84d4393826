"""What every built page promises, checked by the build itself (not only by the tests), on
the parsed page as a reader's browser builds it:

- the medical disclaimer is there exactly once, in the page's content (so it prints), and
  nothing hides or drops it: no element around it that a browser does not show (`hidden`,
  `template`, `noscript`, a closed `details` or `dialog`, `aria-hidden`, `inert`, an inline
  `display: none`), and no rule of our own stylesheets that hides it or what holds it;
- no id is used twice on a page, however the attribute was written (`ID=x`, `id = 'x'`).

A broken promise names the Markdown file it came from, and the line where the cause was
written when it can be found there (an element left open, an id), with a fix for that cause.
A page step of the post-build pipeline, run after every step that adds to the pages.
"""

from __future__ import annotations

from collections import Counter

from connection_series.common.errors import Problem
from connection_series.common.source_tags import first_start_tag, line_with_id
from connection_series.hardening.hiding_css import hiding_rules
from connection_series.hardening.hiding_markup import hiding_reason
from connection_series.pipeline.page import BuiltPage, ancestors
from connection_series.pipeline.runner import Site
from connection_series.trust.front_matter import FrontMatterError, read_front_matter

DISCLAIMER_ID = "medical-disclaimer"
TEMPLATE_FIX = (
    "Keep the page on the site's templates: remove its 'template:' front matter or make that "
    "template extend main.html"
)
# Elements whose content a browser shows as text, or keeps out of the page, when they are
# left open: everything after them, the disclaimer included, is swallowed.
SWALLOWING = ("textarea", "template", "noscript", "title", "xmp", "noembed", "noframes", "iframe")


def check_promises(page: BuiltPage, site: Site) -> list[Problem]:
    return [*_disclaimer_problems(page, site), *_repeated_id_problems(page)]


def _disclaimer_problems(page: BuiltPage, site: Site) -> list[Problem]:
    found = [node for node in page.tree.css("[id]") if node.attributes.get("id") == DISCLAIMER_ID]
    built = f"the built page {page.where}"
    if len(found) == 0:
        return [_missing_disclaimer(page, built)]
    if len(found) > 1:
        line = line_with_id(page.source_text(), DISCLAIMER_ID)
        if line is not None:
            fix = f"The id {DISCLAIMER_ID} is the site's disclaimer: give your element another id"
            problem = f"{built} shows the medical disclaimer {len(found)} times, not once"
            return [Problem(page.shown, line, problem, fix)]
        problem = f"{built} shows the medical disclaimer {len(found)} times, not once"
        return [Problem(page.shown, None, problem, TEMPLATE_FIX)]
    [disclaimer] = found
    if not page.in_content(disclaimer):
        problem = f"{built} shows the medical disclaimer outside its content (it would not print)"
        return [Problem(page.shown, None, problem, TEMPLATE_FIX)]
    for holder in [disclaimer, *ancestors(disclaimer)]:
        reason = hiding_reason(holder, disclaimer)
        if reason is not None:
            return [_hidden_by_markup(page, holder, reason, built)]
    return [
        Problem(
            rule.source,
            rule.line,
            f"the rule '{rule.selector}' hides the medical disclaimer ({rule.declaration}) "
            f"on {page.where}",
            "Remove the rule, or narrow its selector so that it cannot match the disclaimer "
            "or an element around it",
        )
        for rule in hiding_rules(page, site)
        if rule.matches_any([disclaimer, *ancestors(disclaimer)])
    ]


def _missing_disclaimer(page: BuiltPage, built: str) -> Problem:
    problem = f"{built} shows the medical disclaimer 0 times, not once"
    source = page.source_text()
    for tag in SWALLOWING:
        line = first_start_tag(source, tag)
        if line is not None and page.content is not None:
            return Problem(
                page.shown,
                line,
                f"{problem}: the <{tag}> opened here takes in the rest of the page",
                f"Close the <{tag}> with </{tag}>, or remove it",
            )
    if _has_own_template(source):
        return Problem(page.shown, None, problem, TEMPLATE_FIX)
    return Problem(
        page.shown,
        None,
        problem,
        "Keep overrides/main.html's container block, which places partials/medical-disclaimer.html",
    )


def _has_own_template(source: str) -> bool:
    try:
        front_matter = read_front_matter(source)
    except FrontMatterError:
        return False
    return bool(front_matter and front_matter.data.get("template"))


def _hidden_by_markup(page: BuiltPage, holder, reason: str, built: str) -> Problem:
    problem = f"{built} hides the medical disclaimer: it is inside {reason}"
    if page.in_content(holder) or holder.tag == "article":
        line = first_start_tag(page.source_text(), holder.tag, _hiding_attribute(holder))
        if line is not None:
            return Problem(
                page.shown,
                line,
                f"{problem}, opened here and never closed",
                f"Close the <{holder.tag}> before the end of the page, or remove what hides it",
            )
    return Problem(page.shown, None, problem, TEMPLATE_FIX)


def _hiding_attribute(holder) -> str | None:
    for name in ("hidden", "aria-hidden", "inert", "style"):
        if name in holder.attributes:
            return name
    return None


def _repeated_id_problems(page: BuiltPage) -> list[Problem]:
    counts = Counter(node.attributes.get("id") for node in page.tree.css("[id]"))
    repeated = sorted(name for name, count in counts.items() if count > 1 and name)
    problems = []
    for name in repeated:
        if name == DISCLAIMER_ID:
            continue  # reported above, with its own fix
        problems.append(
            Problem(
                page.shown,
                line_with_id(page.source_text(), name),
                f"the id '{name}' is used {counts[name]} times on the built page {page.where}",
                "Give each heading, chart or anchor its own id (one chart marker per part)",
            )
        )
    return problems
