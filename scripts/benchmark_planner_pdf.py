"""What the planner PDFs cost the build: medians of several strict builds, as ratios.

Each run is a fresh Python process that builds the site twice:
  cold   the first build, as `make build` and CI run it (both PDFs drawn);
  warm   the second build in the same process, as `mkdocs serve` rebuilds after an edit
         that changes neither the planner data nor its template (PDFs from the memory cache).
The baseline is the same pair of builds with the PDF drawing replaced by nothing.

Usage: .venv/bin/python scripts/benchmark_planner_pdf.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Runs inside the child process: build once or twice, print the seconds of each build.
CHILD = """
import json, logging, sys, tempfile, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.getLogger("mkdocs").setLevel(logging.ERROR)
skip_pdfs, builds = sys.argv[1] == "1", int(sys.argv[2])
times = []
with tempfile.TemporaryDirectory() as site:
    for _ in range(builds):
        config = load_config("mkdocs.yml", site_dir=site, strict=True)
        if skip_pdfs:
            hooks = [m for m in list(sys.modules.values()) if hasattr(m, "PDFS")]
            assert hooks, "the planner hook was not loaded"
            for module in hooks:
                module.draw_pdf = lambda html, css, size: b""
        start = time.perf_counter()
        build(config)
        times.append(time.perf_counter() - start)
print(json.dumps(times))
"""


def run(skip_pdfs: bool, builds: int) -> list[float]:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    output = subprocess.run(
        [sys.executable, "-c", CHILD, "1" if skip_pdfs else "0", str(builds)],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    times: dict[tuple[bool, int], list[float]] = {}
    for _ in range(runs):  # interleaved, so a busy machine weighs on both alike
        for skip_pdfs in (True, False):
            for build_number, seconds in enumerate(run(skip_pdfs, 2)):
                times.setdefault((skip_pdfs, build_number), []).append(seconds)
    print(f"{runs} runs each; median seconds, ratio to the same build without PDFs")
    for build_number, label in enumerate(["cold build (make build, CI)", "warm rebuild (serve)"]):
        base = statistics.median(times[(True, build_number)])
        with_pdfs = statistics.median(times[(False, build_number)])
        print(
            f"{label:28} without PDFs {base:5.2f} s, with PDFs {with_pdfs:5.2f} s: "
            f"{with_pdfs / base:4.2f}x (+{with_pdfs - base:.2f} s)"
        )


if __name__ == "__main__":
    main()
