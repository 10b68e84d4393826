"""Which elements keep what they hold from a reader: the browser does not show it, does not
read it out, or takes it out of the page. Used by the build's promises (the disclaimer)."""

from __future__ import annotations

import tinycss2
from selectolax.lexbor import LexborNode

from connection_series.pipeline.page import ancestors

# Elements whose content is never shown as part of the page.
NEVER_SHOWN = {
    "template": "a <template>",
    "noscript": "a <noscript> (shown only to readers without JavaScript)",
    "textarea": "a <textarea>",
    "select": "a <select>",
    "datalist": "a <datalist>",
    "head": "the page's <head>",
    "title": "a <title>",
}
HIDING_DECLARATIONS = {
    "display": {"none"},
    "visibility": {"hidden", "collapse"},
    "content-visibility": {"hidden"},
}


def hiding_reason(holder: LexborNode, target: LexborNode) -> str | None:
    """Why `holder` (the target or one of its ancestors) hides `target`, or None."""
    name = holder.tag or ""
    attributes = holder.attributes
    if name in NEVER_SHOWN:
        return NEVER_SHOWN[name]
    if "hidden" in attributes:
        return f"a <{name} hidden>"
    if (attributes.get("aria-hidden") or "").strip().lower() == "true":
        return f'a <{name} aria-hidden="true"> (screen readers skip it)'
    if "inert" in attributes:
        return f"an inert <{name}> (screen readers and the keyboard skip it)"
    if name in ("details", "dialog") and "open" not in attributes:
        if name == "details" and _inside_summary(holder, target):
            return None
        return f"a closed <{name}>"
    declaration = hiding_declaration(attributes.get("style") or "")
    if declaration:
        return f'a <{name} style="{declaration}">'
    return None


def _inside_summary(details: LexborNode, target: LexborNode) -> bool:
    """A closed <details> still shows its <summary>."""
    for ancestor in [target, *ancestors(target)]:
        if ancestor.mem_id == details.mem_id:
            return False
        parent = ancestor.parent
        if ancestor.tag == "summary" and parent is not None and parent.mem_id == details.mem_id:
            return True
    return False


def hiding_declaration(declarations: str | list) -> str | None:
    """`display: none` (or another declaration that hides) among CSS declarations."""
    if isinstance(declarations, str):
        declarations = tinycss2.parse_blocks_contents(declarations, skip_comments=True)
    for item in declarations:
        if item.type != "declaration":
            continue
        words = {token.lower_value for token in item.value if token.type == "ident"}
        if words & HIDING_DECLARATIONS.get(item.lower_name, set()):
            return f"{item.lower_name}: {tinycss2.serialize(item.value).strip()}"
    return None
