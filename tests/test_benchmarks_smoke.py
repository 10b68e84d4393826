"""Smoke runs of the speed and weight benchmarks (scripts/bench_*.py): each runs end to end
with the smallest settings and prints its result line. Timing is never asserted here; the
numbers come from running the benchmarks themselves."""

from __future__ import annotations

import subprocess
import sys

from support.site_helpers import REPO


def run_script(name: str, *arguments: str) -> str:
    completed = subprocess.run(
        [sys.executable, str(REPO / "scripts" / name), *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout


def test_build_benchmark_prints_cold_and_repeat_medians_and_their_ratio():
    output = run_script("bench_build.py", "--runs", "1")
    assert "cold make build:" in output and "repeat make build:" in output, output
    assert "ratio repeat/cold:" in output, output


def test_page_growth_benchmark_prints_the_weight_before_and_after(browser):
    # `browser`: the same Chromium the benchmark drives must be there.
    output = run_script("bench_page_growth.py", "--extra", "2")
    weights = [line for line in output.splitlines() if " KB gzip (" in line]
    assert len(weights) == 3, output  # the page today, with 2 more articles, and the growth
    assert "growth with 2 more articles:" in output, output
