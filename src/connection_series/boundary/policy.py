"""The one sanitiser policy for rendered content: what a page's content may hold.

nh3, the Python binding of Rust's ammonia (a maintained allow-list sanitiser on html5ever,
the HTML5 parser of Servo), keeps only the elements and attributes listed here and drops the
rest; `script`, `style` and the elements that swallow or embed a document are dropped with
everything in them. The lists hold what the site's content is made of and nothing that runs
script or reaches another host:

- what Python-Markdown and the site's extensions write (headings and their permalinks,
  tables, footnotes, admonitions, details, abbreviations, definition lists, figures);
- what our extensions write: citations and references (links), statistics (spans), the
  evidence charts (inline SVG shapes and text), the planner sheet (form controls without a
  form: inert without our script, which only the planner page loads);
- the `data-` attributes our templates and scripts use, by name.

So there is no script, event attribute (`on...`), `style`, frame, `meta`, `base`, `link`,
`form`, `object`, `embed`, media or SVG image or link; a link may go to http(s), mailto or
this site, and an image (which loads as the page opens) only to a file of this site.

Used three ways, so that they agree: the contributor-file check asks it about every piece
of raw HTML and attribute list in a page (`markup`), every page's Markdown output is
sanitised by it (`extension`), and the step after the build sanitises each built page's
content again (`sanitise_step`).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from functools import cache

import nh3

HTML = frozenset(
    {"a", "abbr", "aside", "b", "blockquote", "br", "caption", "cite", "code", "col"}
    | {"colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption"}
    | {"figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img"}
    | {"ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small"}
    | {"span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th"}
    | {"thead", "time", "tr", "u", "ul", "var", "wbr"}
)
# The planner sheet's controls (ours). No <form>, so nothing submits anywhere.
CONTROLS = frozenset({"button", "fieldset", "input", "label", "legend", "option", "select"})
# The evidence charts, drawn inline.
SVG = frozenset(
    {"svg", "g", "title", "desc", "rect", "circle", "ellipse", "line", "polyline", "polygon"}
    | {"path", "text", "tspan", "defs", "linearGradient", "radialGradient", "stop"}
)
TAGS = HTML | CONTROLS | SVG
# Dropped with their content: what runs, styles, swallows the page or embeds another one.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "noscript", "iframe", "frame", "frameset", "object"}
    | {"noembed", "noframes", "textarea", "xmp", "math", "plaintext", "applet"}
)
OUR_DATA = frozenset(
    {"data-statistic", "data-search-exclude", "data-cited-key", "data-type"}
    | {"data-planner", "data-planner-js", "data-planner-address", "data-planner-pdf"}
    | {"data-planner-print", "data-planner-clear", "data-planner-calendar"}
    | {"data-planner-status", "data-planner-calendar-status", "data-planner-calendar-table"}
    | {"data-storage-key", "data-calendar-event", "data-calendar-file"}
    | {"data-calendar-product", "data-msg-calendar-empty", "data-msg-calendar-ready"}
    | {"data-msg-clear-confirm", "data-msg-cleared"}
)
SVG_PAINT = frozenset(
    {"fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-linecap", "stroke-linejoin"}
    | {"opacity", "fill-opacity", "stroke-opacity", "transform", "font-family", "font-size"}
    | {"font-weight", "font-style", "text-anchor", "dominant-baseline"}
)
SVG_SHAPE = (
    SVG_PAINT
    | {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry"}
    | {
        "width",
        "height",
        "d",
        "points",
        "dx",
        "dy",
    }
)
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "role"} | OUR_DATA,
    "a": {"href", "download", "rel"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "del": {"datetime"},
    "ins": {"datetime"},
    "details": {"open"},
    "div": {"hidden"},
    "input": {"name", "autocomplete", "placeholder", "value", "checked", "disabled"},
    "select": {"name", "disabled"},
    "option": {"value", "label", "selected", "disabled"},
    "label": {"for"},
    "svg": SVG_PAINT | {"viewBox", "xmlns", "width", "height", "preserveAspectRatio"},
    **{name: set(SVG_SHAPE) for name in SVG - {"svg", "linearGradient", "radialGradient"}},
    "linearGradient": {"x1", "x2", "y1", "y2", "gradientUnits", "gradientTransform"},
    "radialGradient": {"cx", "cy", "r", "fx", "fy", "gradientUnits", "gradientTransform"},
    "stop": {"offset", "stop-color", "stop-opacity"},
}
# Attributes that may only hold these values (kept apart from ATTRIBUTES, as nh3 asks).
VALUES = {
    "input": {"type": {"text", "checkbox", "time"}},
    "button": {"type": {"button"}},
}
SCHEMES = {"http", "https", "mailto"}
# Attributes whose address a browser fetches as the page opens: this site's files only.
LOADS = {("img", "src")}
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
URL_CALL = re.compile(r"url\(", re.I)
C0_AND_SPACE = "".join(map(chr, range(0x21)))
ATTRIBUTE_NAME = re.compile(r"[^\s\"'>/=\x00-\x1f]+")


def _kept(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: a loading address must be this site's, a url(...) in an SVG
    paint must point inside the page; None drops the attribute."""
    if (tag, attribute) in LOADS and _elsewhere(value):
        return None
    if URL_CALL.search(value) and not re.fullmatch(r"\s*url\(\s*#[^)]*\)\s*", value):
        return None
    return value


def _elsewhere(address: str) -> bool:
    """An address on another host: with a scheme, or protocol-relative (`//host`, which
    browsers also read in `/\\host` and `\\\\host`), as a browser reads it (controls and
    spaces at the ends dropped, tabs and newlines inside ignored)."""
    text = re.sub(r"[\t\n\r]", "", address).strip(C0_AND_SPACE).replace("\\", "/")
    return bool(SCHEME.match(text)) or text.startswith("//")


OPTIONS = {
    "tags": set(TAGS),
    "clean_content_tags": set(DROPPED_WITH_CONTENT),
    "attributes": {tag: set(names) for tag, names in ATTRIBUTES.items()},
    "attribute_filter": _kept,
    "tag_attribute_values": {tag: dict(values) for tag, values in VALUES.items()},
    "url_schemes": set(SCHEMES),
    "strip_comments": True,
    "link_rel": None,  # rel="noopener noreferrer" on links elsewhere: a step after the build
    "generic_attribute_prefixes": {"aria-"},
}


def sanitise(html: str) -> str:
    """The content with everything outside the policy removed."""
    return _cleaner().clean(html)


@cache
def _cleaner():
    return nh3.Cleaner(**OPTIONS)


# What an element needs around it to be parsed as itself (a <td> alone is dropped as text).
CONTEXT = {
    **dict.fromkeys(("td", "th"), ("<table><tbody><tr>", "</tr></tbody></table>")),
    "tr": ("<table><tbody>", "</tbody></table>"),
    **dict.fromkeys(("tbody", "thead", "tfoot", "caption", "colgroup"), ("<table>", "</table>")),
    "col": ("<table><colgroup>", "</colgroup></table>"),
    "option": ("<select>", "</select>"),
    "legend": ("<fieldset>", "</fieldset>"),
    "summary": ("<details>", "</details>"),
    "li": ("<ul>", "</ul>"),
    **dict.fromkeys(("dt", "dd"), ("<dl>", "</dl>")),
    "figcaption": ("<figure>", "</figure>"),
    **dict.fromkeys(SVG - {"svg"}, ("<svg>", "</svg>")),
}
VOID = frozenset({"br", "col", "hr", "img", "input", "wbr"})


def judge(tag: str, attributes: list[tuple[str, str | None]]) -> list[str]:
    """What the sanitiser would take from one element as written (its start tag's name and
    attributes, entities already decoded), in words; [] if it keeps it all."""
    tag = tag.lower()
    if tag not in TAGS:
        return [f"a <{tag}> element"]
    before, after = CONTEXT.get(tag, ("", ""))
    written = "".join(
        f' {name}="{html.escape(value or "", quote=True)}"'
        for name, value in attributes
        if ATTRIBUTE_NAME.fullmatch(name)
    )
    element = f"<{tag}{written}>" + ("" if tag in VOID else f"</{tag}>")
    fragment = before + element + after
    return removed(fragment, sanitise(fragment))


def removed(before: str, after: str) -> list[str]:
    """What sanitising took out, in words ("a <script> element", "the onclick attribute of
    <img>"), from the elements and attributes of both as an HTML5 parser reads them."""
    kept = _parts(after)
    still_there = {(tag, attribute) for tag, attribute, _ in kept}
    words = []
    for tag, attribute, value in sorted(_parts(before) - kept, key=str):
        if attribute is None:
            words.append(f"a <{tag}> element")
        elif attribute in ("href", "src") or (tag, attribute) in still_there:
            words.append(f"the {attribute}={value!r} of <{tag}>")
        else:
            words.append(f"the {attribute} attribute of <{tag}>")
    return list(dict.fromkeys(words))


def _parts(html: str) -> Counter:
    from connection_series.pipeline.page import fragment_nodes

    parts: Counter = Counter()
    stack = fragment_nodes(html)
    while stack:
        node = stack.pop()
        if node.is_element_node:
            parts[(node.tag, None, None)] += 1
            for name, value in node.attributes.items():
                parts[(node.tag, name, value or "")] += 1
            stack.extend(node.iter(include_text=False))
    return parts
