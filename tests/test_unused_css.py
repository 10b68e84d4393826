"""The theme's stylesheet loses only rules that no page can use (hardening.unused_css)."""

from __future__ import annotations

import re

import pytest
from selectolax.lexbor import LexborHTMLParser

from connection_series.hardening.unused_css import THEME_CSS, purge, used_classes

pytestmark = pytest.mark.site

CSS = (
    ":root{--x:1}"
    ".used{color:red}"
    ".unused{color:blue}"
    ".unused,.used p{margin:0}"
    ".used:not(.focus-visible){outline:none}"
    ":is(.unused) a{color:green}"
    "@media screen and (min-width:10em){.unused{top:0}.used{top:1px}}"
    "@media print{.unused{display:none}}"
    "@keyframes spin{from{opacity:0}to{opacity:1}}"
    "[data-md-color-scheme=slate]{--y:2}"
)


def test_keeps_what_can_match_and_drops_the_rest():
    kept = purge(CSS, {"used"})
    assert ":root{--x:1}" in kept
    assert ".used{color:red}" in kept
    assert ".unused{color:blue}" not in kept
    assert ".used p{margin:0}" in kept and ".unused,.used p" not in kept
    assert ".used:not(.focus-visible){outline:none}" in kept  # classes in :not() don't count
    assert ":is(.unused) a{color:green}" in kept  # too clever to judge: kept
    assert "@media screen and (min-width:10em){.used{top:1px}}" in kept
    assert "@media print" not in kept  # nothing left inside it
    assert "@keyframes spin" in kept
    assert "[data-md-color-scheme=slate]{--y:2}" in kept


def test_keeping_every_class_keeps_every_rule():
    every = set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", CSS))
    assert purge(CSS, every).count("{") == CSS.count("{")


def test_the_built_theme_stylesheet_keeps_a_rule_for_every_class_the_pages_use(built_site):
    """Whatever class a page or our script uses that Material styles is still styled."""
    pages = [LexborHTMLParser(path.read_text(encoding="utf-8")) for path in built_site.html_files()]
    used = used_classes(pages, built_site.root)
    built = next(built_site.root.glob(THEME_CSS)).read_text(encoding="utf-8")
    assert "sourceMappingURL" not in built
    for name in ("md-header", "md-nav__link", "md-typeset", "md-tooltip2--active", "md-top"):
        assert name in used, name
        assert f".{name}" in built, name


def test_a_repeat_build_reads_the_trimmed_stylesheet_from_the_cache(tmp_path, monkeypatch):
    from connection_series.hardening import unused_css

    site, cache = tmp_path / "site", tmp_path / "cache"
    (site / "assets/stylesheets").mkdir(parents=True)
    theme = site / "assets/stylesheets/main.abc.min.css"
    theme.write_text(CSS, encoding="utf-8")
    unused_css.purge_theme_css(site, {"used"}, cache)
    trimmed = theme.read_text(encoding="utf-8")
    assert ".unused{color:blue}" not in trimmed

    theme.write_text(CSS, encoding="utf-8")  # the engine copies the theme's file again
    monkeypatch.setattr(unused_css, "purge", lambda *args: pytest.fail("parsed again"))
    unused_css.purge_theme_css(site, {"used"}, cache)
    assert theme.read_text(encoding="utf-8") == trimmed
