"""Does a page get heavier as the series grows? Builds the site twice in scratch folders: as it
is, and with extra parts (copies of one article, each a new part with its own number, title
and address: one file each, as CONTRIBUTING says to add a part). Then loads that article's
page in Chromium in both sites, with an empty cache, and sums what it downloads (gzip level 6,
as a web server sends it). Goal: 60 more parts add at most 1 KB.

A benchmark, not a test. Needs the test dependencies (Playwright) and /usr/bin/chromium.

Usage: python scripts/bench_page_growth.py [--extra 60] [--article part-2-....md]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from connection_series.devtools.project import add_articles, copy_project, largest_article

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
GOAL_KB = 1.0


def build(project: Path) -> Path:
    site = project / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    command += ["--site-dir", str(site)]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    completed = subprocess.run(
        command, cwd=project, env=environment, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise SystemExit(f"the build in {project} failed:\n{completed.stdout}{completed.stderr}")
    return site


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def page_weight(browser, site: Path, url_path: str) -> tuple[int, list[tuple[int, str]]]:
    """Bytes (gzip) of everything the page downloads on a first visit, and the list."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        context = browser.new_context()
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(base + url_path, wait_until="networkidle")
        items = [
            (len(gzip.compress(r.body(), compresslevel=6)), urlsplit(r.url).path) for r in responses
        ]
        context.close()
    finally:
        server.shutdown()
        server.server_close()
    return sum(size for size, _ in items), sorted(items, reverse=True)


def short(path: str) -> str:
    """The file name, or the page's folder for a page."""
    return path.rstrip("/").rsplit("/", 1)[-1] or "home"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extra", type=int, default=60, help="parts to add (default 60)")
    parser.add_argument("--article", help="the article to copy (default: the longest one)")
    parser.add_argument("--smoke", action="store_true", help="2 extra parts only (tests)")
    options = parser.parse_args(argv)
    if options.smoke:
        options.extra = 2
    article = options.article or largest_article(REPO / "docs").name
    url_path = Path(article).stem + "/"

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-growth-") as scratch:
        today, grown = Path(scratch) / "today", Path(scratch) / "grown"
        for project in (today, grown):
            copy_project(REPO, project)
        add_articles(grown, article, options.extra)
        sites = {"today": build(today), f"+{options.extra} parts": build(grown)}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            weights = {name: page_weight(browser, site, url_path) for name, site in sites.items()}
            browser.close()
    for name, (total, items) in weights.items():
        listed = ", ".join(f"{short(path)} {size / 1024:.1f}" for size, path in items)
        print(f"{url_path} {name:>16}: {total / 1024:6.1f} KB gzip ({listed})")
    (before, _), (after, _) = weights.values()
    growth = (after - before) / 1024
    verdict = "met" if growth <= GOAL_KB else "NOT met"
    print(f"growth with {options.extra} more parts: {growth:+.2f} KB gzip", end=" ")
    print(f"(goal <= {GOAL_KB} KB: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
