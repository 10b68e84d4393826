"""The theme's toggle checkboxes lose the `autocomplete` HTML does not allow on them (the page
step hardening/theme_markup.py); every other field keeps its own, and site.js closes the
toggles when a page loads, as the attribute did in the browsers that honoured it."""

from __future__ import annotations

import pytest
from support.pipeline_helpers import run_step

from connection_series.hardening.theme_markup import drop_invalid_autocomplete

pytestmark = pytest.mark.unit


def test_only_the_toggle_checkboxes_lose_autocomplete():
    html = (
        '<html><body><input class="md-toggle" data-md-toggle="drawer" type="checkbox" '
        'id="__drawer" autocomplete="off"><input class="md-toggle" data-md-toggle="search" '
        'type="checkbox" id="__search" autocomplete="off">'
        '<input type="search" id="q" autocomplete="off"></body></html>'
    )
    out, problems = run_step(drop_invalid_autocomplete, html)
    assert problems == []
    assert out.count("autocomplete") == 1
    assert '<input type="search" id="q" autocomplete="off">' in out
