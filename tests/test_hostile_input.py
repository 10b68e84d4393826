"""Hostile input: every way a pull request could bring script into a reader's browser fails
the build with one line naming the file and line. If such a site were built anyway (a
non-strict build), the browser runs none of it: test_hostile_input_browser.py."""

from __future__ import annotations

import re

import pytest
from support.site_helpers import REPO, build, write_fixture_site

pytestmark = pytest.mark.site

PAYLOAD = "window.__pwned = (window.__pwned || 0) + 1"
SCRIPT = f"<script>{PAYLOAD}</script>"

PAGE = f"""---
title: "A title\\"><script>{PAYLOAD}</script>"
description: "<img src=x onerror=\\"{PAYLOAD}\\">"
---

# Planted

Plain script: {SCRIPT}

An image with a handler: <img src="x.png" alt="x" onerror="{PAYLOAD}">

A [link that runs script](javascript:{PAYLOAD}).

`{SCRIPT}` in code is only shown, never run.
"""
# (file, expected line, words of the message)
EXPECTED = [
    ("docs/planted.md", 2, "a <script> element in the front matter"),
    ("docs/planted.md", 3, "an inline event handler (on...=) in the front matter"),
    ("docs/planted.md", 8, "a <script> element in the page"),
    ("docs/planted.md", 10, "an inline event handler (on...=) in the page"),
    ("docs/planted.md", 12, "a javascript: address in the page"),
]


def planted_data() -> tuple[str, int]:
    """The real planner data with a script in one label, and that label's line."""
    data = (REPO / "docs/data/planner.yml").read_text(encoding="utf-8")
    match = re.search(r"^(  print: )(.*)$", data, re.M)
    line = data.count("\n", 0, match.start()) + 1
    return data[: match.end(1)] + f'"{SCRIPT}"' + data[match.end() :], line


def planted_site(root, **config_changes):
    data, line = planted_data()
    pages = {
        "index.md": "# Home\n",
        "planted.md": PAGE,
        "weekly-planner.md": "# Planner\n\n<!-- planner-sheet -->\n",
        "data/planner.yml": data,
    }
    config = write_fixture_site(root, pages, **config_changes)
    return root, config, line


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    return planted_site(tmp_path_factory.mktemp("hostile"))


def test_every_planted_script_fails_the_build_with_its_file_and_line(planted):
    root, config, planner_line = planted
    result = build(config, root / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("WARNING")]
    for path, line, words in [
        *EXPECTED,
        ("docs/data/planner.yml", planner_line, "a <script> element in the data"),
    ]:
        assert any(f" {path}:{line}: {words}" in warning for warning in warnings), (
            path,
            line,
            result.output,
        )
