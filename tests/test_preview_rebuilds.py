"""The preview's incremental rebuilds (`make serve` runs `mkdocs serve --dirty`): after each
edit, whichever pages the rebuild built again, every page is what a full preview build of
the same sources makes, problem panel included (the search index and the feeds, which only
a full build makes, are not compared). A body edit rebuilds only its page; what shows on other
pages (the front matter) rebuilds every page.

The preview's builds run in one process, as `mkdocs serve` runs them (the plugin keeps what
it needs between builds), driven from here one build at a time; each full build to compare
with runs in a process of its own.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.site_helpers import REPO

from connection_series.devtools.project import copy_project
from connection_series.preview.sources import face_of
from connection_series.series.parts import find_parts

pytestmark = [pytest.mark.site, pytest.mark.slow]

SERVE_URL = "http://127.0.0.1:8000/"
# `mkdocs serve --dirty`'s builds, one per line read: prints whether the plugin rebuilt
# only the pages that changed.
SERVE = """
import logging, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config_file, site_dir, url = sys.argv[1:4]
said = []
class Said(logging.Handler):
    def emit(self, record):
        said.append(record.getMessage())
logger = logging.getLogger("mkdocs")
logger.addHandler(Said())
logger.setLevel(logging.INFO)
def config():
    loaded = load_config(config_file, site_dir=site_dir)
    loaded.site_url = url
    return loaded
config().plugins.on_startup(command="serve", dirty=True)
for _ in sys.stdin:
    said.clear()
    build(config(), serve_url=url, dirty=True)
    only = any(text.startswith("Rebuilding only the pages that changed") for text in said)
    print("incremental" if only else "full", flush=True)
"""
# One full preview build (`mkdocs serve` without --dirty), in a process of its own.
FULL = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config_file, site_dir, url = sys.argv[1:4]
config = load_config(config_file, site_dir=site_dir)
config.site_url = url
config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url=url, dirty=False)
"""
NOT_COMPARED = ("pagefind/", "feed.xml", "feed.json")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SERIES_STRICT": "false"}  # as make serve


class Preview:
    def __init__(self, project: Path):
        self.project, self.site = project, project / "_preview"
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(project / "mkdocs.yml"), str(self.site), SERVE_URL],
            cwd=project,
            env=ENV,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.full_builds = 0

    def build(self) -> str:
        self.process.stdin.write("build\n")
        self.process.stdin.flush()
        said = self.process.stdout.readline().strip()
        assert said in ("incremental", "full"), "the preview's build failed"
        return said

    def pages(self, site: Path | None = None) -> dict[str, bytes]:
        site = site or self.site
        return {
            path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*"))
            if path.is_file() and not path.relative_to(site).as_posix().startswith(NOT_COMPARED)
        }

    def assert_as_a_full_build(self) -> dict[str, bytes]:
        self.full_builds += 1
        full = self.project / f"_full{self.full_builds}"
        command = [sys.executable, "-c", FULL, str(self.project / "mkdocs.yml"), str(full)]
        subprocess.run([*command, SERVE_URL], cwd=self.project, env=ENV, check=True)
        served, expected = self.pages(), self.pages(full)
        assert sorted(served) == sorted(expected)
        different = [name for name in expected if served[name] != expected[name]]
        assert not different, f"the incremental rebuild left these unlike a full build: {different}"
        return served

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture
def preview(tmp_path):
    copy_project(REPO, tmp_path)
    served = Preview(tmp_path)
    yield served
    served.close()


def edit(path: Path, change) -> str:
    """Apply `change` to the page's text; which rebuild the edit calls for: incremental when
    it does not change what other pages show of the page (preview.sources)."""
    before = path.read_bytes()
    path.write_text(change(before.decode("utf-8")), encoding="utf-8")
    return "incremental" if face_of(before) == face_of(path.read_bytes()) else "full"


def add_to_a_paragraph(words: str):
    """A change of the body only: words at the end of the page's last paragraph of text."""

    def change(text: str) -> str:
        lines = text.split("\n")
        last = max(i for i, line in enumerate(lines) if re.match(r"[A-Z][a-z]+ [a-z]", line))
        lines[last] = lines[last] + " " + words
        return "\n".join(lines)

    return change


def panel(pages: dict[str, bytes], where: str) -> str:
    text = pages[where].decode("utf-8")
    found = re.search(r'<div id="series-problems".*?</ul></div>', text, re.S)
    return found.group(0) if found else ""


def test_every_rebuild_leaves_the_pages_as_a_full_build_would(preview):
    docs = preview.project / "docs"
    parts = [docs / part.source for part in find_parts(docs)]
    assert len(parts) >= 2, "the series has at least two parts"
    first, second = parts[0], parts[1]
    other = docs / "about.md"
    assert preview.build() == "full"
    before = preview.assert_as_a_full_build()

    # A body edit: only its page is written again.
    expected = edit(first, add_to_a_paragraph("Edited here."))
    assert expected == "incremental", "adding two words to a paragraph shows on no other page"
    assert preview.build() == "incremental"
    after = preview.assert_as_a_full_build()
    changed = {name for name in after if after[name] != before.get(name)}
    assert {name for name in changed if name.endswith(".html")} == {f"{first.stem}/index.html"}

    # A mistake the check finds, in the body: every page's panel lists it.
    mistake = edit(second, add_to_a_paragraph("About 12.5 percent."))
    assert preview.build() == mistake
    pages = preview.assert_as_a_full_build()
    assert "12.5" in panel(pages, "404.html") and "12.5" in panel(pages, "about/index.html")

    # A broken link: MkDocs' warning is in the panel, and stays after edits of other pages.
    expected = edit(other, add_to_a_paragraph("See [this](no-such-page.md)."))
    assert preview.build() == expected
    preview.assert_as_a_full_build()
    assert edit(first, add_to_a_paragraph("Edited again.")) == "incremental"
    assert preview.build() == "incremental"  # MkDocs does not render about.md this time
    pages = preview.assert_as_a_full_build()
    assert "no-such-page.md" in panel(pages, f"{first.stem}/index.html")

    # An id used twice is found after the build on its page: it stays in every page's panel
    # while other pages are edited.
    twice = "\n\n## One {#twice}\n\nText.\n\n## Two {#twice}\n\nText.\n"
    expected = edit(other, lambda text: text + twice)
    assert preview.build() == expected
    preview.assert_as_a_full_build()
    assert edit(first, add_to_a_paragraph("And again.")) == "incremental"
    assert preview.build() == "incremental"
    pages = preview.assert_as_a_full_build()
    assert "the id 'twice' is used 2 times" in panel(pages, f"{second.stem}/index.html")
    assert "no-such-page.md" in panel(pages, f"{second.stem}/index.html")

    # A link to a missing section of another page: MkDocs checks such an anchor only when it
    # renders the page the link leads to, so every page is built and the warning shows.
    expected = edit(other, add_to_a_paragraph(f"See [it]({first.name}#no-such-section)."))
    assert expected == "full"
    assert preview.build() == expected
    pages = preview.assert_as_a_full_build()
    assert "no-such-section" in panel(pages, f"{second.stem}/index.html")

    # Everything fixed: no panel on any page.
    for path in (first, second, other):
        path.write_text((REPO / "docs" / path.name).read_text(encoding="utf-8"), encoding="utf-8")
    preview.build()
    pages = preview.assert_as_a_full_build()
    assert not any(panel(pages, name) for name in pages if name.endswith(".html"))

    # A title changed in the front matter shows on other pages: every page is built again.
    title = re.compile(r'^title: "?(.*?)"?$', re.M)
    old = title.search(second.read_text(encoding="utf-8"))[1]
    new = old + " again"
    assert edit(second, lambda text: text.replace(old, new)) == "full"
    assert preview.build() == "full"
    pages = preview.assert_as_a_full_build()
    shown_elsewhere = [
        name
        for name, content in pages.items()
        if name.endswith(".html")
        and name != f"{second.stem}/index.html"
        and new in content.decode()
    ]
    assert shown_elsewhere, "no other page shows the part's new title"
