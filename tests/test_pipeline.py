"""The post-build pipeline: every built page read once and written once, the declared steps
in the order the README shows, and caches that never serve what older code made."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
from support.site_helpers import REPO

from connection_series import postbuild
from connection_series.citations import bibliography
from connection_series.common import cache_keys

# Counts each .html file opened, by mode, while `series postbuild` runs (an audit hook sees
# every open() of the process; Pagefind runs in its own process and is not counted).
COUNT_OPENS = """
import collections, json, sys
counts = collections.Counter()
def hook(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].endswith(".html"):
        mode = str(args[1] or "r")
        counts[args[0], "write" if set(mode) & set("wax+") else "read"] += 1
sys.addaudithook(hook)
from connection_series.cli import main
main(["--config-file", sys.argv[2], "postbuild", sys.argv[1], "--engine", "test"])
print(json.dumps([[path, mode, n] for (path, mode), n in counts.items()]))
"""


@pytest.mark.site
def test_each_built_page_is_read_once_and_written_once(real_site, tmp_path):
    """The pipeline's own promise, measured on the real site as material."""
    site = tmp_path / "site"
    shutil.copytree(real_site.root, site)
    completed = subprocess.run(
        [sys.executable, "-c", COUNT_OPENS, str(site), str(REPO / "mkdocs.yml")],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    counts = {
        (path, mode): n
        for path, mode, n in json.loads(completed.stdout.strip().splitlines()[-1])
        if path.startswith(str(site))
    }
    pages = [path.as_posix() for path in site.rglob("*.html")]
    assert len(pages) == len(real_site.sources.pages)
    for page in pages:
        assert counts.get((page, "read")) == 1, (page, counts)
        assert counts.get((page, "write")) == 1, (page, counts)


@pytest.mark.unit
def test_the_readme_shows_the_declared_steps_in_their_order():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\d+\. \*\*(.+?)\*\*", readme, re.M)
    declared = [step.name for step in (*postbuild.PAGE_STEPS, *postbuild.SITE_STEPS)]
    assert listed == declared


@pytest.mark.unit
def test_a_change_of_our_code_gives_a_fresh_result_not_the_cached_one(tmp_path, monkeypatch):
    """The formatted references are cached under the file, the libraries and our code: after
    an edit of the code (here, the module that knows each entry type's required fields), the
    value the old code left in the cache is not served."""
    package = tmp_path / "package"
    shutil.copytree(cache_keys.PACKAGE_DIR, package)
    monkeypatch.setattr(cache_keys, "PACKAGE_DIR", package)
    bib = REPO / "references.bib"
    cache = tmp_path / "cache"
    fresh = bibliography.load(bib, "references.bib", cache).bibliography.references
    [stored] = cache.glob("*.json")
    stale = json.loads(stored.read_text(encoding="utf-8"))
    stale["references"] = stale["references"][:1]  # what an older formatter might have made
    stored.write_text(json.dumps(stale), encoding="utf-8")
    assert len(bibliography.load(bib, "references.bib", cache).bibliography.references) == 1

    required_fields = package / "citations" / "bibtex_text.py"
    required_fields.write_text(required_fields.read_text() + "\n# edited\n", encoding="utf-8")
    again = bibliography.load(bib, "references.bib", cache).bibliography.references
    assert again == fresh
    assert len(list(cache.glob("*.json"))) == 2


@pytest.mark.unit
def test_a_new_library_version_gives_another_key(monkeypatch):
    before = cache_keys.cache_key("text", libraries=("pybtex",))
    monkeypatch.setattr(cache_keys, "version", lambda name: "99.0")
    assert cache_keys.cache_key("text", libraries=("pybtex",)) != before
    assert cache_keys.cache_key("text") == cache_keys.cache_key("text")
