"""Lighthouse benchmark: performance, accessibility, best-practices and SEO scores (mobile
profile) of every built page (404 page included), median of several runs. A benchmark, not a test:
the scores move with machine load. Target: 100 in each.

It builds the site into a temporary folder served on 127.0.0.1, with SITE_URL set to that
address so canonical links point where Lighthouse looks, and drives Debian's Chromium.
Lighthouse itself (npm, pinned) is installed on first use into .cache/lighthouse/.

Usage: python scripts/bench_lighthouse.py [--runs 3] [--report artifacts/lighthouse.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from connection_series.devtools.browser import CHROMIUM, CHROMIUM_ARGS, GzipHandler, serve_directory

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE_VERSION = "12.2.3"  # the last line that runs on Node 20 (13.x needs Node 22)
LIGHTHOUSE_DIR = REPO / ".cache" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def ensure_lighthouse() -> None:
    installed = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json"
    if installed.is_file() and json.loads(installed.read_text())["version"] == LIGHTHOUSE_VERSION:
        return
    print(f"Installing lighthouse@{LIGHTHOUSE_VERSION} into {LIGHTHOUSE_DIR} ...", flush=True)
    command = ["npm", "install", "--prefix", str(LIGHTHOUSE_DIR), "--no-audit", "--no-fund"]
    subprocess.run([*command, f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)


def build_site(site_dir: Path, site_url: str) -> None:
    environment = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    command += ["--config-file", str(REPO / "mkdocs.yml"), "--site-dir", str(site_dir)]
    subprocess.run(command, check=True, env=environment, cwd=REPO)


def built_pages(site: Path) -> list[str]:
    """URL paths of every page the build wrote: '', 'about/', ..., '404.html'."""
    pages = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*.html"))]
    return [page.removesuffix("index.html") for page in pages]


def lighthouse_run(url: str) -> dict:
    """One Lighthouse run (its default mobile profile); returns the JSON report."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet"]
    completed = subprocess.run(
        [*command, f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{completed.stderr[-2000:]}")
    return json.loads(completed.stdout)


def scores_of(report: dict) -> dict[str, int]:
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def shortfalls(report: dict) -> list[str]:
    """The audits that cost points, per category: what to fix to reach 100."""
    lines = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                lines.append(f"{name}: {audit['id']} ({audit['score']:.2f}) {value}".rstrip())
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--report", type=Path, default=REPO / "artifacts" / "lighthouse.json")
    args = parser.parse_args(argv)
    ensure_lighthouse()
    results = {}
    with (
        tempfile.TemporaryDirectory() as folder,
        serve_directory(Path(folder), GzipHandler) as base_url,
    ):
        build_site(Path(folder), base_url)
        for page in built_pages(Path(folder)):
            reports = [lighthouse_run(base_url + page) for _ in range(args.runs)]
            runs = [scores_of(report) for report in reports]
            median = {name: statistics.median(run[name] for run in runs) for name in CATEGORIES}
            # The run whose performance score is the median explains the median's shortfalls.
            middle = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])
            results[page or "home"] = {
                "median": median,
                "runs": runs,
                "shortfalls": shortfalls(middle[len(middle) // 2]),
            }
    print(f"Lighthouse {LIGHTHOUSE_VERSION}, mobile profile, median of {args.runs} runs")
    print(f"{'page':34}" + "".join(f"{name:>16}" for name in CATEGORIES))
    for page, result in results.items():
        print(f"{page:34}" + "".join(f"{result['median'][name]:>16g}" for name in CATEGORIES))
        for line in result["shortfalls"]:
            print(f"    {line}")
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"Scores of every run: {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
