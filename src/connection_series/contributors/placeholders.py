"""The article template's placeholder text, still in a page: a line of the check.

`make new-article` writes instructions where the article's words go ("Write three to five
short points."). Published as they are, readers would get the template. The check reports
each run of them (and the placeholder description) on its line; the preview's panel shows
them and the strict build fails. The template's examples are inline code: code is never
counted, here or anywhere (common/markdown_scan.py). The "When to get help" box is the
template's real advice, kept by every article: it is not a placeholder.
"""

from __future__ import annotations

import re
from functools import cache

from connection_series.common.errors import Problem
from connection_series.common.markdown_scan import Scan
from connection_series.contributors.new_article import DESCRIPTION, TEMPLATE
from connection_series.trust.front_matter import FrontMatterError, read_front_matter

PROBLEM = "placeholder text from the article template: write your own"
FIX = "Replace it with the article's own words"
KEPT_BOX = '!!! warning "When to get help"'  # its text is advice every article keeps


class _AnyValue(dict):
    def __missing__(self, key: str) -> str:
        return key


@cache
def _placeholder_lines() -> re.Pattern:
    """A line of the template's instructions, as a page holds it (indented in a box, a list
    item or not)."""
    filled = TEMPLATE.format_map(_AnyValue())  # the body holds no field of the template
    body = filled.split("\n---\n", 1)[1]
    texts, in_kept_box = [], False
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("!!!"):
            in_kept_box = stripped == KEPT_BOX
            continue
        if not stripped or stripped.startswith("#") or (in_kept_box and line[:1] == " "):
            continue
        in_kept_box = False
        texts.append(re.sub(r"^[-*+][ \t]+", "", stripped))
    alternatives = "|".join(re.escape(text) for text in sorted(set(texts), key=len, reverse=True))
    return re.compile(rf"^[ \t]*(?:[-*+][ \t]+)?(?:{alternatives})[ \t]*$", re.M)


def placeholder_problems(shown: str, source: str, body: str, scanned: Scan, line) -> list:
    """One problem per run of the template's lines in the page's body (`line(offset)`: the
    editor's line of an offset in the body), and one for the placeholder description."""
    problems = []
    try:
        front_matter = read_front_matter(source)
    except FrontMatterError:
        front_matter = None  # reported by the front matter's own check
    if front_matter and front_matter.data.get("description") == DESCRIPTION:
        problems.append(
            Problem(
                shown,
                front_matter.lines.get("description"),
                f"the description is {PROBLEM}",
                "Write one sentence that says what the reader will learn",
            )
        )
    previous = None
    for match in _placeholder_lines().finditer(body):
        if not _outside_code(match, scanned):
            continue
        at = line(match.start())
        if previous is None or at != previous + 1:
            problems.append(Problem(shown, at, PROBLEM, FIX))
        previous = at
    return problems


def _outside_code(match: re.Match, scanned: Scan) -> bool:
    """A line of prose, even when it starts with inline code; not a line of a code block or
    a comment (all of it skipped)."""
    return any(
        not scanned.is_skipped(offset)
        for offset in range(match.start(), match.end())
        if not match.string[offset].isspace()
    )
