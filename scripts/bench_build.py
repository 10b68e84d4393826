"""How much faster a repeat `make build` is than a cold one, how much longer a cold one takes
when the series has 60 more parts, and what the steps after the engine cost.

Copies the project (sources, Makefile and lock, keeping their dates so make does not reinstall
anything; the virtual environment is linked, not copied) to a scratch folder and runs
`make build` there: cold runs start without the build's caches (.cache/: formatted references
and the planner PDFs, stored under a hash of what shapes them), repeat runs keep them and
change nothing. Prints both medians and their ratio; the goal is a repeat at most 0.4 times a
cold build. Then cold builds of a copy with 60 more parts (copies of the longest part, one file
each, as CONTRIBUTING says to add a part): the goal is at most 4 times the cold build.

Then the post-build step alone (`series postbuild`, every step after the engine), on the site
as the engine left it, for the real site and for a copy with 60 more articles: median seconds
and the largest peak memory (RSS) of the process, caches warm. A benchmark, not a test: the
numbers move with machine load.

Usage: python scripts/bench_build.py [--runs 5] [--extra 60]   (--extra: parts added)
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

from connection_series.devtools.project import add_articles, copy_project, largest_article

REPO = Path(__file__).resolve().parents[1]
# Besides the site sources: what `make build` reads to decide whether to set up again.
BUILD_EXTRA = ["Makefile", "pyproject.toml", "constraints.txt", "scripts/install_system_deps.sh"]
GOAL = 0.4
GROWN_GOAL = 4.0  # a cold build with 60 more parts, against a cold build of the site as is


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


# Builds the site with the engine only: the series plugin's post-build step is swapped for a
# copy of the site as MkDocs left it, the input every post-build run below starts from.
ENGINE_ONLY = """
import shutil, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from connection_series import postbuild
from connection_series.pipeline.runner import Earlier, Outcome
def keep(site_build):
    shutil.copytree(site_build.site_dir, sys.argv[2])
    return Outcome([], Earlier())
postbuild.run_remembering = keep  # what the plugin calls after the engine
config = load_config(sys.argv[1], site_dir=sys.argv[2] + ".built")
config.plugins.on_startup(command="build", dirty=False)
build(config)
"""


def engine_only_site(project: Path) -> Path:
    site = project / "engine-site"
    command = [sys.executable, "-c", ENGINE_ONLY, str(project / "mkdocs.yml"), str(site)]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    completed = subprocess.run(
        command, cwd=project, env=environment, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0 or not site.is_dir():
        raise SystemExit(f"the engine's build failed:\n{completed.stderr[-3000:]}")
    return site


def timed_postbuild(project: Path, engine_site: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (with Pagefind's) and peak RSS (KiB) of one
    `series postbuild` over a fresh copy."""
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(engine_site, site)
    command = [str(Path(sys.executable).parent / "series"), "--config-file"]
    command += [str(project / "mkdocs.yml"), "postbuild", str(site), "--engine", "bench"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"series postbuild failed in {project} (exit {process.returncode})")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def postbuild_figures(project: Path, runs: int) -> tuple[float, float, int]:
    engine_site = engine_only_site(project)
    timed_postbuild(project, engine_site)  # warms the caches (PDFs, trimmed stylesheet)
    results = [timed_postbuild(project, engine_site) for _ in range(runs)]
    wall = statistics.median(result[0] for result in results)
    cpu = statistics.median(result[1] for result in results)
    return wall, cpu, max(result[2] for result in results)


def build_project(project: Path) -> Path:
    """A copy of the project that `make build` builds without setting up again."""
    copy_project(REPO, project, BUILD_EXTRA)
    (project / ".venv").symlink_to(REPO / ".venv", target_is_directory=True)
    return project


def cold_build(project: Path) -> float:
    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(project / "site", ignore_errors=True)
    return timed_build(project)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="builds of each kind (default 5)")
    parser.add_argument("--extra", type=int, default=60, help="parts added (default 60)")
    parser.add_argument("--smoke", action="store_true", help="one build of each kind (tests)")
    options = parser.parse_args(argv)
    if options.smoke:
        options.runs, options.extra = 1, 2
    cold, repeat, grown_cold = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-build-") as scratch:
        project = build_project(Path(scratch) / "site-as-is")
        grown = build_project(Path(scratch) / "grown")
        add_articles(grown, largest_article(grown / "docs").name, options.extra)
        # In turns, so that what else the machine does weighs on each kind alike.
        for _ in range(options.runs):
            cold.append(cold_build(project))
            repeat.append(timed_build(project))  # the caches from the cold build, no change
            grown_cold.append(cold_build(grown))
        post = {"the site": postbuild_figures(project, options.runs)}
        post[f"+{options.extra} parts"] = postbuild_figures(grown, options.runs)
    for name, (wall, cpu, rss) in post.items():
        print(
            f"post-build, {name}: median {wall:.2f} s ({cpu:.2f} s CPU), "
            f"peak memory {rss / 1024:.0f} MiB"
        )
    cold_median, repeat_median = statistics.median(cold), statistics.median(repeat)
    ratio = repeat_median / cold_median
    print(f"cold make build:   median {cold_median:.2f} s of {options.runs} runs")
    print(f"repeat make build: median {repeat_median:.2f} s of {options.runs} runs")
    verdict = "met" if ratio <= GOAL else "NOT met"
    print(f"ratio repeat/cold: {ratio:.3f} (goal <= {GOAL}: {verdict})")
    grown_median = statistics.median(grown_cold)
    grown_ratio = grown_median / cold_median
    print(f"cold make build, +{options.extra} parts: median {grown_median:.2f} s")
    verdict = "met" if grown_ratio <= GROWN_GOAL else "NOT met"
    print(f"ratio cold +{options.extra} parts/cold: {grown_ratio:.2f} (goal <= 4: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
