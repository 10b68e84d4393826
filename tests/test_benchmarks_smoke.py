"""Benchmarks must not rot: each one runs in its tiny `--smoke` mode and prints its result.

No timing is asserted here (speed is the benchmarks' business, read by people); only that
each script still runs against today's package and prints the line its readers look for.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from support.site_helpers import REPO

pytestmark = [pytest.mark.site, pytest.mark.slow]

SCRIPTS = REPO / "scripts"
# Script -> the result line (or lines) its smoke run must print.
SMOKE_RESULTS = {
    "bench_citations.py": r"^\(a\) a/b = \d+\.\d{3} \(target: at most 1\.15\), a/c = \d+\.\d{3}$",
    "bench_preview.py": r"^edit-to-visible, median \(s\): \d+\.\d{2}$",
    "benchmark_planner_pdf.py": r"^PDFs drawn .*\d+\.\d{2} s: +\d+\.\d{2}x \([+-]\d+\.\d{2} s\)$",
    "bench_build.py": (
        r"^ratio repeat/cold: \d+\.\d{3} \(goal <= 0\.4: (met|NOT met)\)$",
        r"^ratio cold \+\d+ parts/cold: \d+\.\d{2} \(goal <= 4: (met|NOT met)\)$",
    ),
    "bench_cards.py": r"^social cards, \d+ pages, median: cold \d+\.\d{3} s, warm \d+\.\d{3} s$",
    "bench_page_growth.py": (
        r"^growth with \d+ more parts: [+-]\d+\.\d{2} KB gzip"
        r" \(goal <= 1\.0 KB: (met|NOT met)\)$"
    ),
}
# Benchmarks with no smoke run, and why.
NO_SMOKE = {
    "bench_lighthouse.py": "installs Lighthouse from npm: needs the internet",
}


def test_every_benchmark_has_a_smoke_run_or_a_reason():
    benchmarks = {path.name for path in SCRIPTS.glob("bench*.py")}
    assert benchmarks == set(SMOKE_RESULTS) | set(NO_SMOKE)


@pytest.mark.parametrize("script", sorted(SMOKE_RESULTS))
def test_benchmark_smoke_run(script):
    completed = subprocess.run(
        [sys.executable, str(SCRIPTS / script), "--smoke"],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, f"{script} --smoke failed:\n{output}"
    expected = SMOKE_RESULTS[script]
    for line in (expected,) if isinstance(expected, str) else expected:
        assert re.search(line, completed.stdout, re.M), (
            f"{script} --smoke printed no line matching {line!r}:\n{output}"
        )
