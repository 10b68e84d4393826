"""Site search: Pagefind's index of the built site, written into site/pagefind/.

Pagefind (the `pagefind-bin` wheel: one offline binary) reads the finished pages and splits
its index into small pieces; the browser fetches only the pieces the typed words need, and
only after the reader opens search (overrides/assets/javascripts/search.js). So no page downloads
anything for search on load, and what a search downloads grows slowly with the number of
pages. A site step of the post-build pipeline (connection_series.postbuild), over the
written pages.

Indexed: each page's article (`data-pagefind-body` in overrides/main.html), without what
`data-search-exclude` marks (reference lists, the chart's drawing) and without the medical
disclaimer, which every page repeats. Pagefind's search core is WebAssembly; it runs in
Pagefind's worker, whose policy is its own, so the pages' strict policy (hardening.csp: our
own scripts only, no 'wasm-unsafe-eval') stays as it is.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from connection_series.common.errors import Problem
from connection_series.pipeline.runner import Site

OUTPUT = "pagefind"
# Pages to index: every page folder's index.html (not 404.html).
PAGES = "**/index.html"
EXCLUDED = ", ".join(["[data-search-exclude]", "#medical-disclaimer", ".headerlink"])
# Pagefind's ready-made interfaces, which we do not use (we have our own small dialog):
# removed from the published site.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


def _binary() -> Path:
    from pagefind_bin import get_executable

    return get_executable()


def build_search_index(site: Site) -> list[Problem]:
    return index_site(site.root)


def index_site(site_dir: Path) -> list[Problem]:
    """Write the search index into `site_dir/pagefind/`; one problem if that fails."""
    output = site_dir / OUTPUT
    shutil.rmtree(output, ignore_errors=True)
    try:
        command = [str(_binary()), "--site", str(site_dir), "--glob", PAGES]
        command += ["--exclude-selectors", EXCLUDED, "--force-language", "en", "--silent"]
        completed = subprocess.run(
            command, capture_output=True, text=True, check=False, timeout=120
        )
        failure = completed.returncode != 0 and (completed.stderr or completed.stdout).strip()
    except (OSError, subprocess.SubprocessError) as error:
        failure = str(error)
    if not failure and not (output / "pagefind.js").is_file():
        failure = "Pagefind wrote no pagefind.js"
    if failure:
        reason = next(line for line in [*str(failure).splitlines(), ""] if line.strip())
        return [
            Problem(
                site_dir.as_posix(),
                None,
                f"the search index could not be built ({reason.strip()[:160]})",
                "Check that the build wrote its pages there and that pagefind-bin is installed"
                " (make build installs the locked dependencies)",
            )
        ]
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)
    return []
