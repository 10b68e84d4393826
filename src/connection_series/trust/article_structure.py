"""What every page and article holds, as CONTRIBUTING.md's writing rules say: one line each.

- every page with a `title` starts its text with that title as its heading (`# Title`);
- an article's `description` is one sentence ending with a full stop (search results and
  link previews show it alone);
- an article's first box is `!!! abstract "Key points"`, with three to five points;
- an article has a `!!! warning "When to get help"` box that names the local emergency number
  (international wording: never one country's hotline alone).

Boxes and headings are read outside code (common/markdown_scan.py): a page may show them as
examples. `make new-article` writes all of this; these lines say what was lost since.
"""

from __future__ import annotations

import re

from connection_series.common.errors import Problem
from connection_series.common.markdown_scan import Scan
from connection_series.trust.front_matter import (
    FrontMatter,
    FrontMatterError,
    article_from,
    read_front_matter,
)

HEADING = re.compile(
    r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.+?)[ \t]*(?:\{[^}\n]*\})?[ \t]*#*[ \t]*$", re.M
)
BOX = re.compile(r'^!!![ \t]+(?P<kind>[\w-]+)(?:[ \t]+"(?P<title>[^"\n]*)")?[ \t]*$', re.M)
POINT = re.compile(r"^[ \t]{4}[-*+][ \t]+\S", re.M)
KEY_POINTS = '!!! abstract "Key points"'
GET_HELP = '!!! warning "When to get help"'
EMERGENCY = "emergency number"
POINTS = range(3, 6)


def structure_problems(shown: str, source: str, body: str, scanned: Scan, line) -> list:
    """Every rule above for one page (`line(offset)`: the editor's line of a body offset). A
    page whose front matter cannot be read is reported by the front matter's own check."""
    try:
        front_matter = read_front_matter(source)
        article = article_from(front_matter) if front_matter else None
    except FrontMatterError:
        return []
    problems = heading_problems(shown, front_matter, body, scanned, line)
    if article is not None:
        problems += article_problems(shown, front_matter, body, scanned, line)
    return problems


def heading_problems(shown: str, front_matter: FrontMatter | None, body: str, scanned: Scan, line):
    """A page with a title starts with it as its heading (`line(offset)`: the editor's line
    of an offset in the body)."""
    title = front_matter.data.get("title") if front_matter else None
    if not isinstance(title, str) or not title.strip():
        return []
    headings = scanned.outside(HEADING)
    first = headings[0] if headings else None
    if first is not None and first["hashes"] == "#" and first["text"].strip() == title.strip():
        return []
    found = f"is '{first['hashes']} {first['text'].strip()}'" if first else "is missing"
    return [
        Problem(
            shown,
            line(first.start()) if first else front_matter.lines.get("title"),
            f"the page's first heading {found}, not its title '# {title.strip()}'",
            "Start the text with the title as its heading, or change 'title:' to match",
        )
    ]


def article_problems(shown: str, front_matter: FrontMatter, body: str, scanned: Scan, line):
    """An article's description, its Key points box and its When to get help box."""
    problems = []
    description = str(front_matter.data.get("description") or "").strip()
    if description and (not description.endswith(".") or re.search(r"[.!?][ \t]", description)):
        problems.append(
            Problem(
                shown,
                front_matter.lines.get("description"),
                "the description is not one sentence ending with a full stop",
                "Write one sentence that says what the reader will learn, ending with '.'",
            )
        )
    boxes = scanned.outside(BOX)
    first_line = line(boxes[0].start()) if boxes else front_matter.lines.get("title")
    if not boxes or boxes[0][0].strip() != KEY_POINTS:
        found = f" (the first box is '{boxes[0][0].strip()}')" if boxes else ""
        problems.append(
            Problem(
                shown,
                first_line,
                f"an article's first box is {KEY_POINTS}{found}",
                "Put the Key points box, three to five short points, before any other box",
            )
        )
    else:
        points = len(POINT.findall(_box_text(body, boxes[0])))
        if points not in POINTS:
            problems.append(
                Problem(
                    shown,
                    first_line,
                    f"the Key points box has {points} points",
                    "Write three to five, each a list item ('    - ...') inside the box",
                )
            )
    help_boxes = [box for box in boxes if box[0].strip() == GET_HELP]
    if not help_boxes:
        problems.append(
            Problem(
                shown,
                front_matter.lines.get("title"),
                f"the article has no {GET_HELP} box",
                "Add it at the end, as make new-article writes it",
            )
        )
    elif EMERGENCY not in " ".join(_box_text(body, help_boxes[0]).split()).lower():
        problems.append(
            Problem(
                shown,
                line(help_boxes[0].start()),
                "the When to get help box does not name the local emergency number",
                "Say, in international words, to call your local emergency number",
            )
        )
    return problems


def _box_text(body: str, opener: re.Match) -> str:
    """The indented lines under a box's `!!!` line, up to the first line that is not."""
    lines = []
    for text in body[opener.end() :].splitlines()[1:]:
        if text.strip() and not text.startswith(("    ", "\t")):
            break
        lines.append(text)
    return "\n".join(lines)
