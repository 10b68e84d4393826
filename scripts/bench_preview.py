"""How long a contributor waits to see an edit in `make serve`'s preview.

Copies the project to a scratch folder and adds 60 more parts to the series there (copies of
its longest part, as CONTRIBUTING says to add one: a series that has grown for a year), starts
`mkdocs serve` (the `series` plugin and our extensions, as a contributor runs them), then
repeatedly edits one page (appending a paragraph with a unique marker) and times how long
until the served page contains the marker. Prints the median of the edits and ratios against
two baselines: the 2-second target and one full strict build of the same site. The page is
the largest one in docs/ (the most work to render again) unless --page names another.

Usage: make bench-preview, or python scripts/bench_preview.py [--edits 7] [--extra 60]
       [--page about.md]; --extra 0 times the site as it is.
       --smoke: one edit, two more parts, one baseline build, no verdict (the test suite's
       check that this still works); otherwise the exit code is 1 if the median misses the
       target.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from connection_series.common.site_sources import built_path_for
from connection_series.devtools.project import add_articles, copy_project, largest_article

REPO = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 2.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def cpu_seconds(pid: int) -> float | None:
    """CPU time of a running process and of its finished children (Pagefind), from
    /proc (Linux); None elsewhere. Steadier than wall time on a machine shared with other
    jobs."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime, stime, cutime, cstime: fields 14 to 17 of proc(5), in clock ticks.
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def wait_for(url: str, needle: str, limit: float = 120.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if needle in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise TimeoutError(f"{needle!r} did not appear at {url} within {limit} s")


def full_build_seconds(project: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", "_full"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
    )
    return time.perf_counter() - started


def largest_page(docs: Path) -> str:
    page = max(docs.rglob("*.md"), key=lambda path: path.stat().st_size)
    return page.relative_to(docs).as_posix()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--page", help="a page under docs/ (default: the largest)")
    parser.add_argument("--extra", type=int, default=60, help="parts added (default 60)")
    parser.add_argument("--smoke", action="store_true", help="one edit, one baseline build")
    args = parser.parse_args(argv)
    page_name = args.page or largest_page(REPO / "docs")
    edits, baseline_builds = (1, 1) if args.smoke else (args.edits, 3)
    extra = 2 if args.smoke else args.extra

    with tempfile.TemporaryDirectory(prefix="bench-preview-") as scratch:
        project = Path(scratch)
        copy_project(REPO, project)
        if extra:
            add_articles(project, largest_article(project / "docs").name, extra)
        builds = [full_build_seconds(project) for _ in range(baseline_builds)]
        port = free_port()
        server = subprocess.Popen(
            # As `make serve` runs it (Makefile): incremental rebuilds, problems in the panel.
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SERIES_STRICT": "false"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            address = built_path_for(Path(page_name)).as_posix().removesuffix("index.html")
            url = f"http://127.0.0.1:{port}/{address}"
            wait_for(url, "</html>", limit=300)
            page = project / "docs" / page_name
            original = page.read_text(encoding="utf-8")
            timings, cpu = [], []
            for number in range(edits):
                marker = f"previewmarker{number}x{time.time_ns()}"
                before = cpu_seconds(server.pid)
                page.write_text(original + f"\n\nEdited paragraph {marker}.\n", encoding="utf-8")
                timings.append(wait_for(url, marker))
                after = cpu_seconds(server.pid)
                if before is not None and after is not None:
                    cpu.append(after - before)
                time.sleep(0.5)  # let the watcher settle before the next edit
        finally:
            server.terminate()
            server.wait(timeout=30)

    median = statistics.median(timings)
    build = statistics.median(builds)
    print(f"page edited:                 docs/{page_name}, with {extra} more parts")
    print(f"edits timed:                 {len(timings)}")
    print(f"edit-to-visible, each (s):   {', '.join(f'{t:.2f}' for t in timings)}")
    print(f"edit-to-visible, median (s): {median:.2f}")
    if cpu:
        print(f"server CPU per edit, median (s): {statistics.median(cpu):.2f}")
    print(f"full strict build, median of {len(builds)} (s): {build:.2f}")
    print(f"ratio to the 2 s target:     {median / TARGET_SECONDS:.2f}")
    print(f"ratio to a full build:       {median / build:.2f}")
    return 0 if args.smoke or median <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
