"""The rules a contributor follows for the series, each one line `path:line: problem. Fix.`,
run by the one check (connection_series.check) before every build:

- `part:` is a whole number from 1, on an article; each number once, none left out;
- parts come out in their order: a part's `published` day is not before the one before it;
- `draft:` is true or false, on a part only; no part after a draft is public before it;
- a title that says "Part N" says the part's own number;
- no page links to a part that is not public on the build's day (the series' own links
  appear when it is out), and mkdocs.yml's navigation lists no part (they are placed there
  from their front matter).
"""

from __future__ import annotations

import datetime as dt
import itertools
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from connection_series.common.errors import Problem, line_of
from connection_series.common.site_sources import built_path_for
from connection_series.common.source_page import Page, marker_lines
from connection_series.series.extension import MARKER, MARKER_LINE
from connection_series.series.navigation import listed_parts
from connection_series.series.parts import Part, part_from, part_number
from connection_series.series.plan import SeriesPlan
from connection_series.series.wording import why_not_public
from connection_series.settings import load_config
from connection_series.trust.front_matter import (
    ARTICLE_FIELDS,
    FrontMatterError,
    read_front_matter,
)

TITLE_NUMBER = re.compile(r"^\s*Part\s+(\d+)\b", re.I)
# Where Markdown and HTML name a link's target: [text](target), [label]: target, href="target".
LINK_TARGET = re.compile(
    r"\]\(\s*<?(?P<inline>[^)\s>]+)"
    r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<reference>[^\s>]+)"
    r"""|\bhref\s*=\s*["']?(?P<href>[^"'\s>]+)""",
    re.M | re.I,
)


def series_problems(
    pages: Sequence[Page],
    docs: str,
    day: dt.date,
    preview: bool = False,
    config_file: Path | None = None,
) -> list[Problem]:
    """`pages`: every page in docs/ (shown as `docs`), as the check read and scanned them."""
    parts, problems = [], []
    for page in pages:
        part, page_problems = _read(page.shown, page.text, docs)
        problems += page_problems
        if part is not None:
            parts.append(part)
    parts.sort(key=lambda part: (part.number, part.source))
    plan = SeriesPlan(day, preview, tuple(parts))
    problems += _numbering(parts, docs)
    problems += _order(parts, docs)
    problems += _links_to_held_back(pages, docs, plan)
    problems += _marker_pages(pages)
    if config_file is not None:
        problems += _listed_in_nav(config_file, plan, docs)
    return problems


def _read(shown: str, text: str, docs: str) -> tuple[Part | None, list[Problem]]:
    try:
        front_matter = read_front_matter(text)
    except FrontMatterError:
        return None, []  # the front-matter check reports it
    if front_matter is None:
        return None, []
    data, lines = front_matter.data, front_matter.lines
    problems = []
    has_part = "part" in data
    if has_part and part_number(data["part"]) is None:
        problems.append(
            Problem(
                shown,
                lines.get("part"),
                f"'part' must be a whole number from 1 up (found {data['part']!r})",
                "Write it like part: 3",
            )
        )
    elif has_part and not any(field in data for field in ARTICLE_FIELDS):
        problems.append(
            Problem(
                shown,
                lines.get("part"),
                "the page has 'part' but no article front matter",
                "Give it the article fields (make new-article writes them), or remove 'part'",
            )
        )
    if "draft" in data and not isinstance(data["draft"], bool):
        problems.append(
            Problem(
                shown,
                lines.get("draft"),
                f"'draft' must be true or false (found {data['draft']!r})",
                "Write draft: true to keep the part from readers, or remove the line",
            )
        )
    elif "draft" in data and not has_part:
        problems.append(
            Problem(
                shown,
                lines.get("draft"),
                "'draft' keeps only parts of the series from readers, and this page has no 'part'",
                "Add part: N to make it a part, or remove the draft line",
            )
        )
    part = part_from(front_matter, text, shown.removeprefix(docs + "/"))
    if part is not None:
        title_number = TITLE_NUMBER.match(part.title)
        if title_number and int(title_number[1]) != part.number:
            problems.append(
                Problem(
                    shown,
                    lines.get("title"),
                    f"the title says Part {title_number[1]}, but 'part' is {part.number}",
                    "Make the title and the part number agree",
                )
            )
    return part, problems


def _shown(part: Part, docs: str) -> str:
    return f"{docs}/{part.source}"


def _numbering(parts: list[Part], docs: str) -> list[Problem]:
    problems = []
    seen: dict[int, Part] = {}
    for part in parts:
        if part.number in seen:
            problems.append(
                Problem(
                    _shown(part, docs),
                    part.lines.get("part"),
                    f"part {part.number} is also {_shown(seen[part.number], docs)}",
                    "Give each part its own number",
                )
            )
        seen.setdefault(part.number, part)
    numbers = sorted(seen)
    for expected, number in enumerate(numbers, start=1):
        if number != expected:
            listed = ", ".join(str(n) for n in numbers)
            problems.append(
                Problem(
                    _shown(seen[number], docs),
                    seen[number].lines.get("part"),
                    f"there is no part {expected}: the parts are numbered {listed}",
                    f"Number the parts 1, 2, 3 and on without a gap: make this part {expected}, "
                    f"or add part {expected}",
                )
            )
            break  # one gap at a time: renumbering moves the others
    return problems


def _order(parts: list[Part], docs: str) -> list[Problem]:
    """Dates that do not go back, and no public part after a draft: the parts readers see
    are always parts 1 to M."""
    problems = []
    unique = [part for i, part in enumerate(parts) if i == 0 or parts[i - 1].number != part.number]
    for before, part in itertools.pairwise(unique):
        if before.published and part.published and part.published < before.published:
            problems.append(
                Problem(
                    _shown(part, docs),
                    part.lines.get("published"),
                    f"part {part.number} comes out on {part.published}, before part "
                    f"{before.number} ({before.published})",
                    f"Parts come out in their order: give it a date on or after "
                    f"{before.published}, or swap the two part numbers",
                )
            )
    draft = next((part for part in unique if part.draft), None)
    for part in unique:
        if draft is not None and part.number > draft.number and not part.draft:
            problems.append(
                Problem(
                    _shown(part, docs),
                    part.lines.get("part"),
                    f"part {part.number} is not a draft, but part {draft.number} before it is "
                    f"({_shown(draft, docs)}): readers would get part {part.number} without "
                    f"part {draft.number}",
                    f"Add draft: true to this part too, or publish part {draft.number}",
                )
            )
    return problems


def _links_to_held_back(pages, docs: str, plan: SeriesPlan) -> list[Problem]:
    held_back = {part.source: part for part in plan.held_back}
    if plan.preview or not held_back:
        return []
    targets = {}
    for source, part in held_back.items():
        targets[source] = part
        targets[posixpath.dirname(built_path_for(Path(source)).as_posix())] = part
    problems = []
    for page in pages:
        here = page.shown.removeprefix(docs + "/")
        if here in held_back:
            continue  # a held-back part may link to another: neither is built
        for match in LINK_TARGET.finditer(page.text, page.start):
            target = _resolved(here, match["inline"] or match["reference"] or match["href"])
            part = targets.get(target)
            # Scanned only for a link to a held-back part: is it shown as code?
            if part is not None and not page.scanned.is_code(match.start() - page.start):
                problems.append(
                    Problem(
                        page.shown,
                        line_of(page.text, match.start()),
                        f"links to {_shown(part, docs)}, which is {why_not_public(part, plan.day)}",
                        "Remove the link until then: each part links to the next one as soon "
                        "as it is out",
                    )
                )
    return problems


def _resolved(page: str, target: str) -> str | None:
    """The page a link from `page` (relative to docs/) reaches: a Markdown file relative to
    docs/ for a link to a `.md` file, or else a page's address ("part-3")."""
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path or path.startswith("/") or re.match(r"^[a-z][a-z0-9+.-]*:", path, re.I):
        return None  # this page itself, the site's root, another site, mail
    if path.endswith(".md"):
        return posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    address = posixpath.dirname(built_path_for(Path(page)).as_posix())  # "part-2"
    return posixpath.normpath(posixpath.join(address, path)).removesuffix("/index.html")


def _marker_pages(pages: Sequence[Page]) -> list[Problem]:
    found = marker_lines(pages, MARKER_LINE)
    return [
        Problem(
            shown,
            line,
            f"the list of parts is already on {found[0][0]}",
            f"Keep the {MARKER} line on one page only",
        )
        for shown, line in found[1:]
    ]


def _listed_in_nav(config_file: Path, plan: SeriesPlan, docs: str) -> list[Problem]:
    try:
        text = config_file.read_text(encoding="utf-8")
        nav = load_config(text).get("nav")
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # the settings reader reports an unreadable mkdocs.yml
    return [
        Problem(
            config_file.name,
            _nav_line(text, source),
            f"the navigation lists {docs}/{source}, a part of the series",
            "Remove that line: every part is placed in the navigation from its front matter",
        )
        for source in listed_parts(nav if isinstance(nav, list) else None, plan)
    ]


def _nav_line(text: str, source: str) -> int | None:
    pattern = re.compile(rf"^\s*-\s.*{re.escape(source)}\s*$", re.M)
    match = pattern.search(text)
    return line_of(text, match.start()) if match else None
