"""Minify our own stylesheets and scripts in the built site.

The sources in the theme folder's assets (overrides/assets/) keep their comments;
readers download the minified copies. rcssmin and rjsmin (well-kept, dependency-free) do the
work; Material's own assets are minified already and are left alone. A site step of the
post-build pipeline. This keeps what we add
to each page inside its page-weight budget (tests/test_page_weight.py).
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

from connection_series.pipeline.runner import Site

OWN_ASSETS = ("assets/stylesheets", "assets/javascripts")
MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def minify_own_assets(site: Site) -> None:
    minify_directory(site.root, site.build.templates)


def minify_directory(site_dir: Path, *source_dirs: Path) -> None:
    """Minify every .css and .js file that came from the assets folders of our source folders
    (the theme folder, overrides/: docs/ holds content only)."""
    for source_dir in source_dirs:
        _minify_from(site_dir, source_dir)


def _minify_from(site_dir: Path, source_dir: Path) -> None:
    for folder in OWN_ASSETS:
        for source in sorted((source_dir / folder).glob("*")):
            minify = MINIFIERS.get(source.suffix)
            built = site_dir / folder / source.name
            if minify and built.is_file():
                built.write_text(minify(built.read_text(encoding="utf-8")), encoding="utf-8")
