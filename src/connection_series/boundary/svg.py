"""An SVG under docs/ is a drawing: it passes a strict allow-list or is refused, naming the
file, the element and its line.

Opened directly (its address typed, or a link to it), an SVG is a document of the site's own
origin with no Content-Security-Policy, so anything it can run or load would run there. The
file is parsed as XML by expat (the standard library's parser) with any DTD refused before
it is read, so no entity is ever declared or expanded (no "billion laughs", no external
entity). defusedxml does the same with expat; we call expat directly because only its
handlers give each element's line. Every element and attribute must be on the lists below:
shapes, text, gradients, markers, and their geometry and presentation. So there is no
script, no event attribute, no foreignObject, no animation (set, animate...), no image, no
link, no style (a stylesheet can load from elsewhere), and a reference (href, url(...)) may
only point at an element of the same file (`#id`).
"""

from __future__ import annotations

import re
from xml.parsers import expat

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

ELEMENTS = frozenset(
    {"svg", "g", "defs", "symbol", "use", "title", "desc"}
    | {"path", "rect", "circle", "ellipse", "line", "polyline", "polygon"}
    | {"text", "tspan", "linearGradient", "radialGradient", "stop"}
    | {"clipPath", "mask", "marker", "pattern"}
)
ATTRIBUTES = frozenset(
    # identity and accessibility
    {"id", "class", "role", "lang", "tabindex", "focusable", "version"}
    | {"aria-label", "aria-labelledby", "aria-describedby", "aria-hidden"}
    # geometry
    | {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "dx", "dy"}
    | {"width", "height", "d", "points", "viewBox", "preserveAspectRatio", "transform"}
    | {"pathLength", "rotate", "textLength", "lengthAdjust"}
    # presentation
    | {"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity"}
    | {"stroke-dasharray", "stroke-dashoffset", "stroke-linecap", "stroke-linejoin"}
    | {"stroke-miterlimit", "opacity", "color", "display", "visibility", "vector-effect"}
    | {"font-family", "font-size", "font-style", "font-weight", "font-variant"}
    | {"text-anchor", "dominant-baseline", "alignment-baseline", "baseline-shift"}
    | {"letter-spacing", "word-spacing", "text-decoration", "writing-mode", "direction"}
    | {"clip-path", "clip-rule", "mask", "marker-start", "marker-mid", "marker-end"}
    | {"shape-rendering", "text-rendering", "paint-order"}
    # gradients, markers, patterns, clips
    | {"offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform"}
    | {"spreadMethod", "markerWidth", "markerHeight", "markerUnits", "refX", "refY"}
    | {"orient", "patternUnits", "patternContentUnits", "patternTransform"}
    | {"clipPathUnits", "maskUnits", "maskContentUnits"}
)
# Attributes in another namespace that are allowed, and what their value may be.
NAMESPACED = {f"{XLINK} href": "fragment", f"{XML} space": "text", f"{XML} lang": "text"}
FRAGMENT_ONLY = frozenset({"href"})
URL_CALL = re.compile(r"url\(\s*(['\"]?)(?P<target>[^)'\"]*)\1\s*\)", re.I)
DRAWING = (
    "an SVG on the site is a drawing only: no script, event attributes, foreignObject, "
    "animation, images, links, styles or references outside the file"
)
FIX = "Remove it, or export the drawing again as plain SVG (shapes and text)"


class _Refused(Exception):
    def __init__(self, line: int, problem: str, fix: str = FIX):
        super().__init__(problem)
        self.line, self.problem, self.fix = line, problem, fix


def svg_problems(data: bytes) -> list[tuple[int | None, str, str]]:
    """(line, problem, fix) for every reason the SVG is refused; none: it is a drawing."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return [(line, "the SVG is not UTF-8 text", "Save it as UTF-8")]
    found: list[tuple[int | None, str, str]] = []
    parser = expat.ParserCreate(encoding="utf-8", namespace_separator=" ")
    root_seen = []

    def refuse_dtd(*_):
        raise _Refused(
            parser.CurrentLineNumber,
            "the SVG has a DOCTYPE: a DTD can declare entities that expand or load files",
            "Remove the <!DOCTYPE ...> line: SVG needs none",
        )

    def refuse_instruction(target, _data):
        raise _Refused(
            parser.CurrentLineNumber,
            f"the SVG has a processing instruction <?{target} ...?>, which can load a "
            "stylesheet from elsewhere",
            "Remove it (the <?xml ...?> line at the very top may stay)",
        )

    def start(name: str, attributes: dict[str, str]) -> None:
        line = parser.CurrentLineNumber
        namespace, _, local = name.rpartition(" ")
        if not root_seen:
            root_seen.append(name)
            if name != f"{SVG} svg":
                raise _Refused(line, f"the file's root element is <{local}>, not an SVG <svg>")
        if namespace != SVG or local not in ELEMENTS:
            shown = local if namespace in (SVG, "") else f"{local} (of {namespace})"
            found.append((line, f"the SVG has a <{shown}> element: {DRAWING}", FIX))
            return
        for attribute, value in attributes.items():
            reason = _attribute_refused(attribute, value)
            if reason:
                found.append((line, f"the SVG's <{local}> element {reason}: {DRAWING}", FIX))

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.ProcessingInstructionHandler = refuse_instruction
    parser.StartElementHandler = start
    try:
        parser.Parse(text.encode("utf-8"), True)
    except _Refused as refused:
        return [*found, (refused.line, refused.problem, refused.fix)]
    except expat.ExpatError as error:
        reason = expat.errors.messages.get(error.code, str(error))
        fix = "Export the drawing again from your editor, as plain SVG"
        return [*found, (error.lineno, f"the SVG is not well-formed XML ({reason})", fix)]
    if not root_seen:
        return [(None, "the SVG has no <svg> element", FIX)]
    return found


def _attribute_refused(attribute: str, value: str) -> str | None:
    """Why an attribute is refused (its words for the message), or None."""
    namespace, _, local = attribute.rpartition(" ")
    if namespace:
        kind = NAMESPACED.get(attribute)
        if kind is None:
            return f"has the attribute {local} (of {namespace})"
        if kind == "fragment" and not value.strip().startswith("#"):
            return f"refers outside the file (xlink:href={value!r})"
        return None
    if local.lower().startswith("on"):
        return f"has the event attribute {local}"
    if local in FRAGMENT_ONLY:
        return None if value.strip().startswith("#") else f"refers outside the file ({value!r})"
    if local not in ATTRIBUTES:
        return f"has the attribute {local}"
    for call in URL_CALL.finditer(value):
        if not call["target"].strip().startswith("#"):
            return f"refers outside the file ({local}={value!r})"
    if "url(" in value.lower() and not URL_CALL.search(value):
        return f"has a url(...) that cannot be read ({local}={value!r})"
    return None
