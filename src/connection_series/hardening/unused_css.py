"""Drop the rules of the theme's stylesheet that no page of this site can use.

Material's main stylesheet (22 KB gzip) styles every component Material has: code blocks,
tabs, grids, annotations, blog, search results... Every page downloads it before it can show
anything (it blocks rendering), and most of it never applies here. After the build, a rule is
kept if one of its selectors can match: every class it names occurs in some built page or in
one of our scripts (which add a few classes, such as the reference preview's). Selectors
that name no class, classes inside :not(...), and rules whose selectors use :is(), :where()
or :has() are kept as they are; so are @font-face, @keyframes and every declaration of the
rules kept. A site step of the post-build pipeline (connection_series.postbuild): the classes
come from the parsed pages; the sources are never touched.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from pathlib import Path

import tinycss2
from selectolax.lexbor import LexborHTMLParser

from connection_series.common.cache_keys import cache_key
from connection_series.common.files import write_atomically
from connection_series.pipeline.page import BuiltPage
from connection_series.pipeline.runner import Site

# The theme's stylesheet in the built site: Material 9 writes assets/stylesheets/main.*.min.css,
# Zensical one per look (assets/stylesheets/classic/, modern/).
THEME_CSS = "assets/stylesheets/**/main.*.min.css"
# Scripts whose words may be class names that a script adds (ours: Material's bundle is not
# loaded, see overrides/main.html).
OWN_SCRIPTS = "assets/javascripts/*.js"
WORD = re.compile(r"[A-Za-z_][\w-]*")
CLASS_IN_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
NOT = re.compile(r":not\((?:[^()]|\([^()]*\))*\)")
KEEP_WHOLE = (":is(", ":where(", ":has(", ":matches(", ":-webkit-any(")


USED = "css.used_classes"  # the site note: every class the finished pages use


def note_used_classes(page: BuiltPage, site: Site) -> None:
    """A page step, after every step that adds markup: the classes the finished page uses."""
    site.notes.setdefault(USED, set()).update(classes_of(page.tree))


def classes_of(tree: LexborHTMLParser) -> set[str]:
    return {
        name
        for node in tree.css("[class]")
        for name in (node.attributes.get("class") or "").split()
    }


def used_classes(pages: Iterable[LexborHTMLParser], site_dir: Path) -> set[str]:
    """Every class the pages use, and every word of our scripts (which may add classes)."""
    classes: set[str] = set()
    for tree in pages:
        classes |= classes_of(tree)
    return classes | script_words(site_dir)


def script_words(site_dir: Path) -> set[str]:
    classes: set[str] = set()
    for script in site_dir.glob(OWN_SCRIPTS):
        if not script.name.startswith("bundle."):
            classes.update(WORD.findall(script.read_text(encoding="utf-8")))
    return classes


def split_selectors(prelude: str) -> list[str]:
    """Split a selector list at its top-level commas."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:index])
            start = index + 1
    parts.append(prelude[start:])
    return [part.strip() for part in parts if part.strip()]


def _can_match(selector: str, used: set[str]) -> bool:
    if any(pseudo in selector.lower() for pseudo in KEEP_WHOLE):
        return True
    without_negations = NOT.sub("", selector)
    return all(name in used for name in CLASS_IN_SELECTOR.findall(without_negations))


def purge(css: str, used: set[str]) -> str:
    """The stylesheet without the rules no selector of which can match."""
    kept = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            selectors = [
                s for s in split_selectors(tinycss2.serialize(rule.prelude)) if _can_match(s, used)
            ]
            if selectors:
                kept.append(",".join(selectors) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports"):
            inner = purge(tinycss2.serialize(rule.content or []), used)
            if inner:
                prelude = tinycss2.serialize(rule.prelude).strip()
                kept.append(f"@{rule.lower_at_keyword} {prelude}{{{inner}}}")
        elif rule.type != "error":
            kept.append(tinycss2.serialize([rule]))
    return "".join(kept)


def trim_theme_css(site: Site) -> None:
    used = site.notes.get(USED, set()) | script_words(site.root)
    purge_theme_css(site.root, used, site.build.cache_dir / "theme-css")


def purge_theme_css(site_dir: Path, used: set[str], cache_dir: Path | None = None) -> None:
    """Rewrite the built site's theme stylesheet without the rules this site cannot use.

    With a cache folder, the result is kept there under a hash of the stylesheet, the classes
    in use and our code: a repeat build with nothing changed reads it instead of parsing the
    stylesheet again (about a fifth of a repeat build otherwise)."""
    for stylesheet in site_dir.glob(THEME_CSS):
        css = stylesheet.read_text(encoding="utf-8")
        key = cache_key(css, *sorted(used), libraries=("tinycss2",))
        cached = cache_dir / f"{key}.css" if cache_dir else None
        if cached and cached.is_file():
            purged = cached.read_text(encoding="utf-8")
        else:
            purged = purge(css, used)
            if cached:
                with contextlib.suppress(OSError):  # a read-only checkout only trims again
                    write_atomically(cached, purged)
        stylesheet.write_text(purged, encoding="utf-8")
