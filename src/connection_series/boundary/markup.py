"""The check's side of the sanitiser: every piece of a page's Markdown that becomes markup,
with its line, judged by the same policy the sanitiser applies (`policy.judge`).

What becomes markup in a page: raw HTML (each start tag, its attributes decoded as a browser
decodes them: `jav&#x09;ascript:` is `javascript:`), attribute lists (`{: onclick=... }`,
which Python-Markdown's attr_list puts on an element), and the addresses of links and images
(`[text](address)`, `![alt](address)`, `[label]: address`, `<scheme:...>`). Code shows what
is written and is left out, as are comments (the sanitiser drops them). What the sanitiser
would remove is a problem on its line, so the strict build fails before anything is
published; what is not a valid address at all (`http://[oops/`) stops the page, which the
engine could not build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from markdown.extensions.attr_list import get_attrs_and_remainder

from connection_series.boundary.policy import judge
from connection_series.common.markdown_html import TAG
from connection_series.common.markdown_scan import Scan

ATTR_LIST = re.compile(r"\{:?[ ]*(?P<body>[^}\n ][^}\n]*)[ ]*\}")
LINK = re.compile(
    r"(?P<image>!?)\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(\s*(?:<(?P<angled>[^>\n]*)>|(?P<bare>(?:[^\s()]|\([^\s()]*\))*))"
)
DEFINITION = re.compile(r"^[ ]{0,3}\[(?P<label>[^\]\n]+)\]:[ \t]*<?(?P<address>[^\s>]+)", re.M)
IMAGE_REFERENCE = re.compile(r"!\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\[(?P<label>[^\]\n]*)\]")
AUTOLINK = re.compile(r"<(?P<address>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
HEADING = re.compile(r"^[ ]{0,3}#{1,6}[ ]")
TAG_START = re.compile(r"<[A-Za-z]")
AUTOMAIL = re.compile(r"<[^<> !]+@[^@<> ]+>")  # Python-Markdown's AUTOMAIL_RE


@dataclass(frozen=True)
class Found:
    offset: int
    problem: str
    fix: str
    stops: bool = False


POLICY = (
    "the site's content holds text, links, images of this site and the site's own markup: "
    "no script, event handlers, frames, forms, styles, embedded objects or images from "
    "elsewhere"
)
FIX = "Remove it; for an interactive feature or an image from elsewhere, ask a maintainer"


def markup_problems(body: str, scanned: Scan) -> list[Found]:
    """Every piece of the page's markup the sanitiser would change (`body`: the Markdown
    after the front matter; offsets into it)."""
    found: list[Found] = []
    for start in _tag_starts(body):
        if scanned.is_skipped(start) or AUTOLINK.match(body, start) or AUTOMAIL.match(body, start):
            continue  # an autolink is an address, judged below
        match = TAG.match(body, start)
        # A browser reads more as a tag than the strict pattern does (`<img/src=x ...>`):
        # then what the tokenizer makes of the text up to the next '>'.
        end = match.end() if match else body.find(">", start) + 1
        if end <= start:
            continue
        name, attributes = _start_tag(body[start:end])
        if name is not None:
            # md_in_html's own attribute: it reads the element's content as Markdown and
            # never reaches the page.
            attributes = [(key, value) for key, value in attributes if key != "markdown"]
            found += _judged(start, name, attributes)
    for match in ATTR_LIST.finditer(body):
        if scanned.is_skipped(match.start()):
            continue
        pairs, _ = get_attrs_and_remainder(match["body"] + "}")
        # key=value pairs only: a bare word carries nothing, and prose has {a, b} too.
        attributes = [
            (key, value) for key, value in pairs if key not in (".", "id") and value is not None
        ]
        if attributes:
            found += _judged(match.start(), _carrier(body, match.start()), attributes)
    found += _addresses(body, scanned)
    return sorted(found, key=lambda item: item.offset)


def _tag_starts(body: str):
    """Where a start tag may begin: '<' and a letter."""
    return (match.start() for match in TAG_START.finditer(body))


def _judged(offset: int, tag: str, attributes) -> list[Found]:
    return [Found(offset, f"{what}: {POLICY}", FIX) for what in judge(tag, list(attributes))]


class _OneTag(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tag: tuple[str, list] | None = None

    def handle_starttag(self, tag, attrs):
        self.tag = self.tag or (tag, attrs)

    handle_startendtag = handle_starttag


def _start_tag(text: str) -> tuple[str | None, list]:
    """The tag's name and attributes, decoded as a browser decodes them."""
    parser = _OneTag()
    parser.feed(text)
    parser.close()
    return parser.tag if parser.tag else (None, [])


def _carrier(body: str, offset: int) -> str:
    """The element an attribute list lands on: an image or a link it follows, a heading, or
    a paragraph."""
    line_start = body.rfind("\n", 0, offset) + 1
    before = body[line_start:offset]
    if before.endswith(")"):
        return "img" if "![" in before else "a"
    if HEADING.match(body, line_start):
        return "h2"
    return "p"


def _addresses(body: str, scanned: Scan) -> list[Found]:
    found: list[Found] = []
    image_labels = {
        match["label"].strip().lower()
        for match in IMAGE_REFERENCE.finditer(body)
        if not scanned.is_skipped(match.start())
    }
    places = []
    for match in LINK.finditer(body):
        address = match["angled"] if match["angled"] is not None else match["bare"]
        places.append((match.start(), "img" if match["image"] else "a", address))
    for match in DEFINITION.finditer(body):
        label = match["label"].strip().lower()
        places.append((match.start(), "img" if label in image_labels else "a", match["address"]))
    for match in AUTOLINK.finditer(body):
        places.append((match.start(), "a", match["address"]))
    for offset, tag, address in places:
        if scanned.is_skipped(offset) or not address:
            continue
        if (broken := _unreadable(address)) is not None:
            problem = f"the address {address!r} cannot be read ({broken})"
            fix = "Correct the address (the engine could not build the page with it)"
            found.append(Found(offset, problem, fix, stops=True))
            continue
        attribute = "src" if tag == "img" else "href"
        found += _judged(offset, tag, [(attribute, address)])
    return found


def _unreadable(address: str) -> str | None:
    try:
        urlsplit(address)
    except ValueError as error:
        return str(error)
    return None
