"""What citation processing costs a build: 200 pages x 30 citations over 50 references.

Three builds of the same synthetic site, each a strict `mkdocs build` in a fresh process with
the real configuration (theme, hooks, extensions), median of several runs:

  (a) with our citation processing (overrides/hooks/citations.py);
  (b) the floor: every page already holds the exact Markdown/HTML that (a) produces (captured
      from a build of (a)), built without the citation hook;
  (c) the same pages with no citations at all.

(a) keeps formatted references in .cache/citations/ (by content hash), as every build after
the first does; (a, cold) removes that cache before each build: the first build of a fresh
clone, or after references.bib changed.

a/b is what looking citations up and formatting references costs (target: at most 1.15);
a/c adds the cost of rendering the citations' HTML. Run: .venv/bin/python scripts/bench_citations.py
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from mkdocs.utils import yaml_load

REPO = Path(__file__).resolve().parents[1]
from connection_series.citations.syntax import find_citations

PAGES, CITATIONS_PER_PAGE, ENTRIES = 200, 30, 50
CITATION_HOOK = "overrides/hooks/citations.py"
FAMILIES = [
    "Adams", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jones",
    "Khan", "Lopez", "Moreau", "Nguyen", "Olsen", "Patel", "Quinn", "Rossi", "Silva", "Tanaka",
]  # fmt: skip
# Capture what the citation hook emitted: runs after it (lower priority), writes each page.
CAPTURE_HOOK = """
import os
from mkdocs.plugins import event_priority

@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    target = os.path.join(os.environ["CAPTURE_DIR"], page.file.src_uri)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(markdown)
    return markdown
"""


def bibliography_text(rng: random.Random) -> tuple[str, list[str]]:
    entries, keys = [], []
    for number in range(ENTRIES):
        authors = rng.sample(FAMILIES, rng.choice([1, 2, 3, 5]))
        year = 1990 + number % 35
        key = f"{authors[0].lower()}{year}{chr(97 + number % 26)}"
        keys.append(key)
        names = " and ".join(
            f"{family}, {chr(65 + i)}. {chr(75 + i)}." for i, family in enumerate(authors)
        )
        entries.append(
            f"@article{{{key},\n  author  = {{{names}}},\n"
            f"  title   = {{A study of social ties and health, number {number}}},\n"
            f"  journal = {{Journal of Synthetic Studies}},\n  year    = {{{year}}},\n"
            f"  volume  = {{{number + 1}}},\n  number  = {{{number % 4 + 1}}},\n"
            f"  pages   = {{{number * 10 + 1}--{number * 10 + 9}}},\n"
            f"  doi     = {{10.5555/bench.{number}}},\n}}\n"
        )
    return "\n".join(entries), keys


def page_text(number: int, keys: list[str], rng: random.Random, cite: bool) -> str:
    """Ten paragraphs of three sentences, each sentence with one citation: [@key] (every
    other one with a page locator), a narrative @key and a group [@a; @b]."""
    text = "people with more support tended to recover better after an illness"
    lines = [f"# Page {number}", ""]
    for paragraph in range(CITATIONS_PER_PAGE // 3):
        key, narrative, first, second = rng.sample(keys, 4)
        locator = f", p. {paragraph + 3}" if paragraph % 2 else ""
        if cite:
            sentences = [
                f"In one review, {text} [@{key}{locator}].",
                f"Likewise @{narrative} found that {text}.",
                f"Two cohorts agree that {text} [@{first}; @{second}].",
            ]
        else:
            sentences = [
                f"In one review, {text}.",
                f"Likewise a study found that {text}.",
                f"Two cohorts agree that {text}.",
            ]
        lines += [" ".join(sentences), ""]
    lines += [
        "## Notes",
        "",
        "Some `[@code]` and an e-mail, team@example.org, stay as they are.",
        "",
    ]
    return "\n".join(lines)


def write_site(
    root: Path, pages: dict[str, str], bib: Path, with_citation_hook: bool, extra_hooks=()
):
    with (REPO / "mkdocs.yml").open(encoding="utf-8") as handle:
        config = yaml_load(handle)
    config["docs_dir"] = str(root / "docs")
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    hooks = [str(REPO / hook) for hook in config.get("hooks", [])]
    if not with_citation_hook:
        hooks = [hook for hook in hooks if not hook.endswith(CITATION_HOOK)]
    config["hooks"] = hooks + [str(hook) for hook in extra_hooks]
    config["extra"]["bibliography"] = str(bib)
    config["nav"] = list(pages)
    shutil.copytree(REPO / "docs" / "assets", root / "docs" / "assets", dirs_exist_ok=True)
    for name, text in pages.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return config_file


def build(config_file: Path, environment: dict | None = None) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one build. CPU time (user + system of the build
    process) is the measure: other jobs on a shared machine stretch wall time, not CPU time."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    command += ["--config-file", str(config_file), "--site-dir", str(config_file.parent / "site")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(environment or {})}
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        sys.exit(f"build of {config_file} failed:\n{completed.stdout}{completed.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds per variant (median)")
    args = parser.parse_args()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory(prefix="bench-citations-") as scratch:
        scratch = Path(scratch)
        bib_text, keys = bibliography_text(rng)
        bib = scratch / "references.bib"
        bib.write_text(bib_text, encoding="utf-8")
        cited, plain = {}, {}
        for number in range(1, PAGES + 1):
            state = rng.getstate()
            cited[f"page-{number:03}.md"] = page_text(number, keys, rng, cite=True)
            rng.setstate(state)
            plain[f"page-{number:03}.md"] = page_text(number, keys, rng, cite=False)
        cited["references.md"] = "# References\n\n<!-- bibliography -->\n"
        plain["references.md"] = "# References\n"
        count = sum(len(find_citations(text)) for text in cited.values())

        site_a = write_site(scratch / "a", cited, bib, with_citation_hook=True)
        # Capture (a)'s output for (b): one extra, untimed build of (a) with a capture hook.
        capture_hook = scratch / "capture_hook.py"
        capture_hook.write_text(CAPTURE_HOOK, encoding="utf-8")
        captured = scratch / "captured"
        site_capture = write_site(scratch / "capture", cited, bib, True, [capture_hook])
        build(site_capture, {"CAPTURE_DIR": str(captured)})
        floor = {name: (captured / name).read_text(encoding="utf-8") for name in cited}
        site_b = write_site(scratch / "b", floor, bib, with_citation_hook=False)
        site_c = write_site(scratch / "c", plain, bib, with_citation_hook=False)

        variants = (("a", site_a), ("a, cold", site_a), ("b", site_b), ("c", site_c))
        cpu: dict[str, list[float]] = {name: [] for name, _ in variants}
        wall: dict[str, list[float]] = {name: [] for name, _ in variants}
        build(site_a)  # fills (a)'s cache, as any earlier build would have
        for _ in range(args.runs):  # interleaved, so that a slow moment hits every variant
            for name, config_file in variants:
                if name == "a, cold":  # the cache lives beside references.bib
                    shutil.rmtree(bib.parent / ".cache", ignore_errors=True)
                cpu_seconds, wall_seconds = build(config_file)
                cpu[name].append(cpu_seconds)
                wall[name].append(wall_seconds)
    median = {name: statistics.median(values) for name, values in cpu.items()}
    median_wall = {name: statistics.median(values) for name, values in wall.items()}
    print(f"{PAGES} pages, {count} citations ({CITATIONS_PER_PAGE} per page), {ENTRIES} entries")
    print(f"median of {args.runs} builds each, CPU seconds (wall seconds in brackets)")
    labels = {
        "a": "with citation processing",
        "a, cold": "the same, cache removed",
        "b": "floor: pre-rendered",
        "c": "no citations",
    }
    for name, label in labels.items():
        runs = ", ".join(f"{value:.2f}" for value in cpu[name])
        print(f"({name:<7}) {label:<25} {median[name]:6.2f} s ({median_wall[name]:5.2f} s)  {runs}")
    for name in ("a", "a, cold"):
        ratio_b, ratio_c = median[name] / median["b"], median[name] / median["c"]
        print(f"({name}) a/b = {ratio_b:.3f} (target: at most 1.15), a/c = {ratio_c:.3f}")


if __name__ == "__main__":
    main()
