"""How much faster a repeat `make build` is than a cold one.

Copies the project (sources, Makefile and lock, keeping their dates so make does not reinstall
anything; the virtual environment is linked, not copied) to a scratch folder and runs
`make build` there: cold runs start without the build's caches (.cache/: formatted references
and the planner PDFs, stored under a hash of what shapes them), repeat runs keep them and
change nothing. Prints both medians and their ratio; the goal is a repeat at most 0.4 times a
cold build. A benchmark, not a test: the numbers move with machine load.

Usage: python scripts/bench_build.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from connection_series.devtools.project import copy_project

REPO = Path(__file__).resolve().parents[1]
# Besides the site sources: what `make build` reads to decide whether to set up again.
BUILD_EXTRA = ["Makefile", "pyproject.toml", "constraints.txt", "scripts/install_system_deps.sh"]
GOAL = 0.4


def timed_build(project: Path) -> float:
    started = time.perf_counter()
    completed = subprocess.run(
        ["make", "--no-print-directory", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(
            f"make build failed:\n{completed.stdout[-2000:]}{completed.stderr[-2000:]}"
        )
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="builds of each kind (default 5)")
    parser.add_argument("--smoke", action="store_true", help="one build of each kind (tests)")
    options = parser.parse_args(argv)
    if options.smoke:
        options.runs = 1
    cold, repeat = [], []
    with tempfile.TemporaryDirectory(prefix="bench-build-") as scratch:
        project = Path(scratch)
        copy_project(REPO, project, BUILD_EXTRA)
        (project / ".venv").symlink_to(REPO / ".venv", target_is_directory=True)
        for _ in range(options.runs):
            shutil.rmtree(project / ".cache", ignore_errors=True)
            shutil.rmtree(project / "site", ignore_errors=True)
            cold.append(timed_build(project))
            repeat.append(timed_build(project))  # the caches from the cold build, no change
    cold_median, repeat_median = statistics.median(cold), statistics.median(repeat)
    ratio = repeat_median / cold_median
    print(f"cold make build:   median {cold_median:.2f} s of {options.runs} runs")
    print(f"repeat make build: median {repeat_median:.2f} s of {options.runs} runs")
    verdict = "met" if ratio <= GOAL else "NOT met"
    print(f"ratio repeat/cold: {ratio:.3f} (goal <= {GOAL}: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
