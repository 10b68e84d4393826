"""What the social-card step costs: its time over every page of the built site, cold (no card
in .cache/social-cards/, as on CI or a fresh clone: every card drawn) and warm (a repeat
build: every card read back), median of several runs. A benchmark, not a test: the numbers
move with machine load.

Builds the site once with MkDocs into a scratch folder, then times only the step
(connection_series.reach.cards.add_social_card) on each parsed page.

Usage: python scripts/bench_cards.py [--runs 5] [--smoke]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from connection_series.pipeline.page import BuiltPage
from connection_series.pipeline.runner import Site, page_files
from connection_series.postbuild import SiteBuild
from connection_series.reach.cards import add_social_card
from connection_series.settings import read_settings

REPO = Path(__file__).resolve().parents[1]


def step_seconds(build: SiteBuild) -> float:
    site = Site(build)
    elapsed = 0.0
    for file, where, source in page_files(build):
        page = BuiltPage.read(file, where, source, build.root)
        started = time.perf_counter()
        problems = add_social_card(page, site)
        elapsed += time.perf_counter() - started
        if problems:
            raise SystemExit("\n".join(str(problem) for problem in problems))
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="one run of each, to see it works")
    args = parser.parse_args()
    runs = 1 if args.smoke else args.runs
    settings = read_settings(REPO / "mkdocs.yml")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        site_dir = scratch / "site"
        completed = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site_dir)],
            cwd=REPO,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise SystemExit(f"the build failed:\n{completed.stdout}{completed.stderr}")
        cache_root = scratch / "project"  # .cache/ lives here: emptied for each cold run

        def build() -> SiteBuild:
            return SiteBuild(
                root=cache_root,
                docs_dir=settings.docs_dir,
                site_dir=site_dir,
                templates=settings.templates,
                bibliography=settings.bibliography,
                site=settings.site,
                generator="bench",
            )

        cold, warm = [], []
        for _ in range(runs):
            shutil.rmtree(cache_root, ignore_errors=True)
            cold.append(step_seconds(build()))
            warm.append(step_seconds(build()))
        pages = len(page_files(build()))
    print(f"runs: {runs}, pages: {pages}")
    print(f"cold (every card drawn): {', '.join(f'{s:.3f}' for s in cold)} s")
    print(f"warm (every card cached): {', '.join(f'{s:.3f}' for s in warm)} s")
    print(
        f"social cards, {pages} pages, median: cold {statistics.median(cold):.3f} s, "
        f"warm {statistics.median(warm):.3f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
