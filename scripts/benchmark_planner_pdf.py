"""What the planner PDFs cost a build: medians of several strict builds, as ratios.

The post-build step draws the A4 and US Letter PDFs with WeasyPrint and keeps them in
.cache/planner-pdf/ under a hash of what shapes them (sheet, stylesheet, paper, WeasyPrint's
version), so a build draws them only when the sheet changed. Each run builds a copy of the
project (nothing in the repository is touched) in a fresh Python process, timing the build
itself (not Python's start-up):

  cold   the PDF cache removed first: a fresh clone, CI without a cache, a changed sheet;
  warm   the PDFs from the cache: every other build and every `mkdocs serve` rebuild;
  none   the baseline: the same build with the PDF drawing replaced by nothing.

Usage: .venv/bin/python scripts/benchmark_planner_pdf.py [--runs 5]
       --smoke: one run each (the test suite's check that this still works).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from connection_series.devtools.project import copy_project

REPO = Path(__file__).resolve().parents[1]

# Runs in the child process, in the project copy: one build, prints its seconds.
CHILD = """
import json, logging, sys, tempfile, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.getLogger("mkdocs").setLevel(logging.ERROR)
if sys.argv[1] == "none":
    from connection_series.planner import pdfs
    pdfs.draw_pdf = lambda html, css, size, cache_dir=None: (b"", 1)
with tempfile.TemporaryDirectory() as site:
    config = load_config("mkdocs.yml", site_dir=site, strict=True)
    start = time.perf_counter()
    build(config)
    print(json.dumps(time.perf_counter() - start))
"""
VARIANTS = ("none", "cold", "warm")


def run(project: Path, variant: str) -> float:
    if variant == "cold":
        shutil.rmtree(project / ".cache" / "planner-pdf", ignore_errors=True)
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, variant],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        sys.exit(f"the {variant} build failed:\n{completed.stdout}{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="one run each")
    args = parser.parse_args(argv)
    runs = 1 if args.smoke else args.runs
    times: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
    with tempfile.TemporaryDirectory(prefix="bench-planner-pdf-") as scratch:
        project = Path(scratch)
        copy_project(REPO, project)
        for _ in range(runs):  # interleaved, so that a busy moment weighs on all alike
            for variant in VARIANTS:  # "warm" follows "cold", which filled the cache
                times[variant].append(run(project, variant))
    median = {variant: statistics.median(values) for variant, values in times.items()}
    print(f"{runs} run(s) each; median seconds of the build, ratio to the build without PDFs")
    print(f"without PDFs                       {median['none']:5.2f} s")
    for variant, label in (
        ("cold", "PDFs drawn (cold cache: CI, clone)"),
        ("warm", "PDFs from the cache (warm)"),
    ):
        extra = median[variant] - median["none"]
        print(
            f"{label:34} {median[variant]:5.2f} s: {median[variant] / median['none']:4.2f}x "
            f"({extra:+.2f} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
