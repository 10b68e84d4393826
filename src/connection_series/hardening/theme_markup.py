"""The theme's markup, made valid HTML: the Nu Html Checker (`make test`) finds no error on any
built page, ours or the theme's. A page step of the post-build pipeline.

Material's base.html (9.8) and Zensical's write `autocomplete="off"` on the drawer's and the
search's toggle checkboxes, outside any block or partial a template can override; HTML allows
the attribute on text-like fields only. What it did there (Firefox leaves a field with it out
of the form state it restores on reload) site.js does instead: it unchecks both toggles when a
page is shown, so a reloaded page never opens with its menu or search open.
"""

from __future__ import annotations

from connection_series.pipeline.page import BuiltPage
from connection_series.pipeline.runner import Site

TOGGLES = 'input.md-toggle[type="checkbox"][autocomplete]'


def drop_invalid_autocomplete(page: BuiltPage, site: Site) -> None:
    for toggle in page.tree.css(TOGGLES):
        del toggle.attrs["autocomplete"]
