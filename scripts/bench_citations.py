"""What citation processing costs a build: 200 pages x 30 citations over 50 references.

Builds of the same synthetic site, each a strict `mkdocs build` in a fresh process with the
real configuration (theme, the `series` plugin, our Markdown extensions), median of several
runs, interleaved so that a busy moment weighs on every variant alike:

  (a)       with our citations extension (connection_series.citations.extension), its
            formatted references already in .cache/citations/, as every build after the
            first finds them;
  (a, cold) the same with that cache removed before each build: a fresh clone, or the first
            build after references.bib changed;
  (b)       the floor: every page already holds the exact Markdown that (a)'s extension
            produces (captured from an untimed build of (a)), and the extension's
            preprocessor is taken out; everything else (the check before the build, the
            post-build step with its back-links) runs as in (a);
  (c)       the same pages with no citations at all (extension in place, nothing to do).

a/b is what finding citations, looking them up and formatting references costs (target: at
most 1.15); a/c adds the cost of the citations' own HTML. CPU seconds of the build process
are the measure: other jobs on a shared machine stretch wall time, not CPU time.

Run: make bench-citations, or .venv/bin/python scripts/bench_citations.py [--runs 3]
     --smoke: a tiny site, one run each (the test suite's check that this still works).
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
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.utils import yaml_load

from connection_series.citations.syntax import find_citations

REPO = Path(__file__).resolve().parents[1]
CITATIONS_EXTENSION = "connection_series.citations.extension"
FAMILIES = [
    "Adams", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jones",
    "Khan", "Lopez", "Moreau", "Nguyen", "Olsen", "Patel", "Quinn", "Rossi", "Silva", "Tanaka",
]  # fmt: skip

# Two benchmark-only Markdown extensions, importable from the scratch folder (PYTHONPATH).
# bench_capture: writes each page's Markdown as the citations extension left it (it runs
# just after it: priority 24, before raw HTML is stashed at 20), named after the page's
# first heading. bench_no_citations: takes the citations preprocessor out, for (b).
CAPTURE_EXTENSION = """
import os
from markdown import Extension
from markdown.preprocessors import Preprocessor

class Capture(Preprocessor):
    def run(self, lines):
        heading = next(line for line in lines if line.startswith("# "))
        name = os.environ["CAPTURE_NAMES"].split("|").index(heading[2:])
        target = os.path.join(os.environ["CAPTURE_DIR"], f"{name}.md")
        with open(target, "w", encoding="utf-8") as handle:
            handle.write("\\n".join(lines))
        return lines

class CaptureExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(Capture(md), "bench_capture", 24)

def makeExtension(**kwargs):
    return CaptureExtension(**kwargs)
"""
NO_CITATIONS_EXTENSION = """
from markdown import Extension

class NoCitations(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.deregister("series_citations")

def makeExtension(**kwargs):
    return NoCitations(**kwargs)
"""


@dataclass(frozen=True)
class Size:
    pages: int
    citations_per_page: int  # a multiple of 3: each paragraph has three kinds
    entries: int


FULL = Size(pages=200, citations_per_page=30, entries=50)
SMOKE = Size(pages=4, citations_per_page=3, entries=5)


def bibliography_text(rng: random.Random, size: Size) -> tuple[str, list[str]]:
    entries, keys = [], []
    for number in range(size.entries):
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


def page_text(number: int, keys: list[str], rng: random.Random, cite: bool, size: Size) -> str:
    """Paragraphs of three sentences, each sentence with one citation: [@key] (every other
    one with a page locator), a narrative @key and a group [@a; @b]."""
    text = "people with more support tended to recover better after an illness"
    lines = [f"# Page {number}", ""]
    for paragraph in range(size.citations_per_page // 3):
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
    lines += ["## Notes", "", "Some `[@code]` and an e-mail, team@example.org, stay as they are."]
    return "\n".join(lines) + "\n"


def write_site(root: Path, pages: dict[str, str], bib: Path, extra_extensions=()) -> Path:
    """The real mkdocs.yml, pointed at these pages and this references.bib."""
    with (REPO / "mkdocs.yml").open(encoding="utf-8") as handle:
        config = yaml_load(handle)
    config["docs_dir"] = str(root / "docs")
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    config["watch"] = []
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "series" in entry:
            entry["series"]["bibliography"] = str(bib)
    config["markdown_extensions"] += list(extra_extensions)
    config["nav"] = list(pages)
    (root / "docs").mkdir(parents=True, exist_ok=True)  # our assets come with the theme folder
    for name, text in pages.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return config_file


def build(config_file: Path, environment: dict | None = None) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one strict build in a fresh process."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    command += ["--config-file", str(config_file), "--site-dir", str(config_file.parent / "site")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(environment or {})}
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    completed = subprocess.run(
        command, cwd=config_file.parent, env=env, capture_output=True, text=True, check=False
    )
    wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        sys.exit(f"build of {config_file} failed:\n{completed.stdout}{completed.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def differing_pages(site_a: Path, site_b: Path) -> list[str]:
    """The HTML files that differ between two builds: none, if (b) is (a)'s true floor."""
    pages = sorted(path.relative_to(site_a) for path in site_a.rglob("*.html"))
    return [
        str(page)
        for page in pages
        if not (site_b / page).is_file()
        or (site_a / page).read_bytes() != (site_b / page).read_bytes()
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds per variant (median)")
    parser.add_argument("--smoke", action="store_true", help="a tiny site, one run each")
    args = parser.parse_args(argv)
    size, runs = (SMOKE, 1) if args.smoke else (FULL, args.runs)
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory(prefix="bench-citations-") as scratch:
        scratch = Path(scratch)
        (scratch / "bench_capture.py").write_text(CAPTURE_EXTENSION, encoding="utf-8")
        (scratch / "bench_no_citations.py").write_text(NO_CITATIONS_EXTENSION, encoding="utf-8")
        python_path = os.pathsep.join(filter(None, [str(scratch), os.environ.get("PYTHONPATH")]))
        environment = {"PYTHONPATH": python_path}
        bib_text, keys = bibliography_text(rng, size)
        bib = scratch / "references.bib"
        bib.write_text(bib_text, encoding="utf-8")
        cited, plain = {}, {}
        for number in range(1, size.pages + 1):
            state = rng.getstate()
            cited[f"page-{number:03}.md"] = page_text(number, keys, rng, True, size)
            rng.setstate(state)
            plain[f"page-{number:03}.md"] = page_text(number, keys, rng, False, size)
        cited["references.md"] = "# References\n\n<!-- bibliography -->\n"
        plain["references.md"] = "# References\n"
        count = sum(len(find_citations(text)) for text in cited.values())

        site_a = write_site(scratch / "a", cited, bib)
        # (b)'s pages: (a)'s extension output, from one untimed build with the capture.
        captured = scratch / "captured"
        captured.mkdir()
        headings = [text.split("\n", 1)[0][2:] for text in cited.values()]
        site_capture = write_site(scratch / "capture", cited, bib, ["bench_capture"])
        capture_env = {**environment, "CAPTURE_DIR": str(captured)}
        build(site_capture, {**capture_env, "CAPTURE_NAMES": "|".join(headings)})
        floor = {
            name: (captured / f"{index}.md").read_text(encoding="utf-8")
            for index, name in enumerate(cited)
        }
        site_b = write_site(scratch / "b", floor, bib, ["bench_no_citations"])
        site_c = write_site(scratch / "c", plain, bib)

        variants = (("a", site_a), ("a, cold", site_a), ("b", site_b), ("c", site_c))
        cpu: dict[str, list[float]] = {name: [] for name, _ in variants}
        wall: dict[str, list[float]] = {name: [] for name, _ in variants}
        build(site_a, environment)  # fills (a)'s cache, as any earlier build would have
        build(site_b, environment)
        differing = differing_pages(site_a.parent / "site", site_b.parent / "site")
        if differing:
            sys.exit(f"the floor (b) builds other pages than (a): {differing[:5]}")
        for _ in range(runs):
            for name, config_file in variants:
                if name == "a, cold":  # the series plugin keeps it beside mkdocs.yml
                    shutil.rmtree(config_file.parent / ".cache" / "citations", ignore_errors=True)
                cpu_seconds, wall_seconds = build(config_file, environment)
                cpu[name].append(cpu_seconds)
                wall[name].append(wall_seconds)
    median = {name: statistics.median(values) for name, values in cpu.items()}
    median_wall = {name: statistics.median(values) for name, values in wall.items()}
    per_page = size.citations_per_page
    print(f"{size.pages} pages, {count} citations ({per_page} per page), {size.entries} entries")
    print(f"median of {runs} builds each, CPU seconds (wall seconds in brackets)")
    labels = {
        "a": "with citation processing",
        "a, cold": "the same, cache removed",
        "b": "floor: pre-rendered",
        "c": "no citations",
    }
    for name, label in labels.items():
        each = ", ".join(f"{value:.2f}" for value in cpu[name])
        print(f"({name:<7}) {label:<25} {median[name]:6.2f} s ({median_wall[name]:5.2f} s)  {each}")
    for name in ("a", "a, cold"):
        ratio_b, ratio_c = median[name] / median["b"], median[name] / median["c"]
        print(f"({name}) a/b = {ratio_b:.3f} (target: at most 1.15), a/c = {ratio_c:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
