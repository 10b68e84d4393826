"""The rules of our own stylesheets that hide what they match (`display: none` and the
like), for the build's promise that nothing hides the medical disclaimer.

Our stylesheets are the ones built from the assets folder of the theme folder (overrides/;
docs/ holds content only); a page is checked against those it links. Each is parsed once per build
(tinycss2), every media block included: the disclaimer must show on screen and in print.
States a static page cannot have (`:hover`, `:focus`, `:checked`...) are taken as possible,
so a rule that hides the disclaimer on hover is found too.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import tinycss2
from selectolax.lexbor import LexborNode

from connection_series.common.errors import shown_path
from connection_series.hardening.hiding_markup import hiding_declaration
from connection_series.hardening.unused_css import split_selectors
from connection_series.pipeline.page import BuiltPage
from connection_series.pipeline.runner import Site

STYLESHEETS = "assets/stylesheets"
RULES = "promises.hiding_rules"  # the site note: built stylesheet path -> its hiding rules
# Selector parts that depend on the reader (what is hovered, focused, checked...): dropped,
# so the rest of the selector is matched as if the state held.
STATES = re.compile(
    r":(?:hover|focus|focus-within|focus-visible|active|visited|target|checked|"
    r"indeterminate|placeholder-shown|open|modal|popover-open|fullscreen)\b"
)
PSEUDO_ELEMENT = re.compile(r"::?(?:before|after|marker|placeholder|selection|backdrop)\b")


@dataclass(frozen=True)
class HidingRule:
    source: str  # our stylesheet, as the contributor sees it
    line: int
    selector: str
    declaration: str
    page: BuiltPage

    def matches_any(self, nodes: list[LexborNode]) -> bool:
        wanted = {node.mem_id for node in nodes}
        try:
            matched = self.page.tree.css(STATES.sub("", self.selector) or "*")
        except Exception:  # selectolax raises a bare error for a selector it cannot read
            # (a browser-grade parser): no browser would match it either
            return False
        return any(node.mem_id in wanted for node in matched)


def hiding_rules(page: BuiltPage, site: Site) -> list[HidingRule]:
    """The hiding rules of our stylesheets that the page links."""
    by_sheet = site.notes.setdefault(RULES, {})
    found = []
    for sheet, source in _own_stylesheets(page, site).items():
        if sheet not in by_sheet:
            by_sheet[sheet] = list(_rules(site.root / sheet, shown_path(source, site.build.root)))
        found += [HidingRule(*rule, page) for rule in by_sheet[sheet]]
    return found


def _own_stylesheets(page: BuiltPage, site: Site) -> dict[str, Path]:
    """Built path -> source file, for each of our stylesheets the page links."""
    sources = {
        f"{STYLESHEETS}/{path.name}": path
        for folder in (site.build.templates,)
        for path in sorted((folder / STYLESHEETS).glob("*.css"))
    }
    linked = {}
    for link in page.tree.css("link[href]"):
        if "stylesheet" not in (link.attributes.get("rel") or "").lower().split():
            continue
        href = (link.attributes.get("href") or "").split("?")[0].split("#")[0]
        built = posixpath.normpath(posixpath.join(posixpath.dirname(page.where), href))
        if built in sources:
            linked[built] = sources[built]
    return linked


def _rules(path: Path, shown: str):
    try:
        css = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    yield from _walk(rules, shown)


def _walk(rules, shown: str):
    for rule in rules:
        if rule.type == "qualified-rule":
            declaration = hiding_declaration(tinycss2.parse_blocks_contents(rule.content))
            if declaration:
                for selector in split_selectors(tinycss2.serialize(rule.prelude)):
                    selector = selector.strip()
                    if selector and not PSEUDO_ELEMENT.search(selector):
                        yield shown, rule.source_line, selector, declaration
        elif rule.type == "at-rule" and rule.content is not None:
            inner = tinycss2.parse_blocks_contents(rule.content, skip_comments=True)
            yield from _walk([r for r in inner if r.type in ("qualified-rule", "at-rule")], shown)
