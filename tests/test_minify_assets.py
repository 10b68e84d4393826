"""Our stylesheets and scripts reach readers minified, and still mean the same."""

from __future__ import annotations

import re

import pytest
import rcssmin
from support.site_helpers import REPO

from connection_series.hardening.minify import minify_directory

pytestmark = pytest.mark.site

# Our sources of published assets: the theme folder (docs/ holds content only).
SOURCES = (REPO / "overrides",)


def _own_assets():
    for source in SOURCES:
        for folder in ("assets/stylesheets", "assets/javascripts"):
            yield from ((source, path) for path in sorted((source / folder).glob("*.*")))


def test_every_own_asset_is_smaller_in_the_built_site(real_site):
    """Our minifier on the real site's assets (the grown copy has the same ones)."""
    built_site = real_site
    assets = list(_own_assets())
    assert assets, "no stylesheets or scripts found in overrides/assets"
    for folder, source in assets:
        built = built_site.root / source.relative_to(folder)
        assert built.stat().st_size < source.stat().st_size, f"{built} is not minified"
        assert "/*" not in built.read_text(encoding="utf-8"), f"{built} still has comments"


def test_minified_css_keeps_every_rule():
    for source in (path for _, path in _own_assets() if path.suffix == ".css"):
        text = source.read_text(encoding="utf-8")
        without_comments = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        selectors = {s.strip() for s in re.findall(r"([^{}]+)\{", without_comments)}
        minified = rcssmin.cssmin(text)
        for selector in selectors:
            compact = re.sub(r"\s+", " ", selector).replace(", ", ",").replace(" > ", ">")
            assert compact.replace(" ", "") in minified.replace(" ", ""), (source, selector)


def test_minify_directory_leaves_theme_files_alone(tmp_path):
    theme, site = tmp_path / "overrides", tmp_path / "site"
    (theme / "assets/stylesheets").mkdir(parents=True)
    (site / "assets/stylesheets").mkdir(parents=True)
    (theme / "assets/stylesheets/ours.css").write_text("/* why */\na {\n  color: red;\n}\n")
    (site / "assets/stylesheets/ours.css").write_text("/* why */\na {\n  color: red;\n}\n")
    (site / "assets/stylesheets/main.min.css").write_text("/* theme */ b { color: blue; }")
    minify_directory(site, theme)
    assert (site / "assets/stylesheets/ours.css").read_text() == "a{color:red}"
    assert (site / "assets/stylesheets/main.min.css").read_text().startswith("/* theme */")
