"""Build a site with the MkDocs CLI and read its pages. Shared by the tests' fixtures."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup

from connection_series.common.site_sources import source_map

if TYPE_CHECKING:
    from support.sites import SiteSources
from support.kinds import refuse_in_unit_test

REPO = Path(__file__).resolve().parents[2]
# The tests' own sources: entries as references.bib held them once (see the file's header).
SAMPLE_BIB = Path(__file__).resolve().parent / "sample-references.bib"


def public_sources(docs_dir: Path = REPO / "docs") -> list[Path]:
    """The Markdown files the public build makes pages of, today (or on SERIES_TODAY): every
    file in docs/ but the parts that are not public yet, as the plugin decides."""
    from connection_series.series.clock import build_day
    from connection_series.series.plan import plan_series

    left_out = plan_series(docs_dir, build_day()).left_out
    return [
        path
        for path in sorted(docs_dir.rglob("*.md"))
        if path.relative_to(docs_dir).as_posix() not in left_out
    ]


def source_page_urls(docs: Path = REPO / "docs") -> list[str]:
    """URL paths (relative to the site root) of the pages built from docs/: '', 'about/', ..."""
    built = {path.relative_to(docs.parent).as_posix() for path in public_sources(docs)}
    return [
        page.removesuffix("index.html")
        for page, source in source_map(docs).items()
        if source in built
    ]


@dataclass(frozen=True)
class BuildResult:
    returncode: int
    output: str
    site_dir: Path


def build(
    config_file: Path, site_dir: Path, *, strict: bool = True, env: dict[str, str] | None = None
) -> BuildResult:
    """Run `mkdocs build` as a contributor would: the CLI runs on_startup hooks, the API not.
    `env`: more environment variables (SERIES_TODAY=...)."""
    refuse_in_unit_test("builds a site")
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file)]
    command += ["--site-dir", str(site_dir)]
    if strict:
        command.append("--strict")
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    completed = subprocess.run(
        command,
        cwd=config_file.parent,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return BuildResult(completed.returncode, completed.stdout + completed.stderr, site_dir)


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    build_log: str
    # What it was built from (the real project or the grown copy); None for a fixture site.
    sources: SiteSources | None = None  # support.sites

    @property
    def project(self) -> Path:
        """The folder of its mkdocs.yml, docs/ and references.bib."""
        if self.sources is None:
            raise AttributeError("a fixture site: its sources are the test's own")
        return self.sources.project

    @property
    def name(self) -> str:
        return self.sources.name if self.sources else "fixture"

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def page_path(self, url_path: str) -> Path:
        """`part-1-when-connection-hurts/` or `404.html` -> the file on disk."""
        path = self.root / url_path
        return path / "index.html" if url_path.endswith("/") or url_path == "" else path

    def html(self, url_path: str) -> str:
        return self.page_path(url_path).read_text(encoding="utf-8")

    def soup(self, url_path: str) -> BeautifulSoup:
        return _parse(self.page_path(url_path))


@cache
def _parse(path: Path) -> BeautifulSoup:
    # Cached: many tests read the same page; the built site does not change during a session.
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _absolutize(value, base: Path):
    """Point repo-relative paths in the real config (custom_dir, bib file) at the repo."""
    if isinstance(value, dict):
        return {key: _absolutize(item, base) for key, item in value.items()}
    if isinstance(value, list):
        return [_absolutize(item, base) for item in value]
    if isinstance(value, str) and value and not value.startswith("/") and "\n" not in value:
        candidate = base / value
        if candidate.exists() and value not in ("docs",):
            return str(candidate)
    return value


def write_fixture_site(
    root: Path, pages: dict[str, str], series: dict | None = None, **config_changes
) -> Path:
    """A small site that uses the real site's configuration, theme and extensions.

    `pages` maps paths under docs/ to their text; `series` changes options of the series
    plugin (bibliography, feedback_url, ...). Every page but the parts of the series is in
    the navigation (the plugin places the parts). Its pages cite the tests' own sources
    (SAMPLE_BIB), never the real references.bib, unless `series` names another file.
    Returns the fixture's mkdocs.yml.
    """
    refuse_in_unit_test("writes a fixture site")
    import yaml
    from mkdocs.utils import yaml_load

    from connection_series.series.parts import read_part

    with (REPO / "mkdocs.yml").open(encoding="utf-8") as handle:
        config = yaml_load(handle)
    config = _absolutize(config, REPO)
    config["plugins"] = _series_options(config["plugins"], {"bibliography": str(SAMPLE_BIB)})
    config["docs_dir"] = str(root / "docs")
    config["nav"] = [
        path for path, text in pages.items() if path.endswith(".md") and not read_part(text, path)
    ]
    config.update(config_changes)
    if series is not None:
        config["plugins"] = _series_options(config["plugins"], series)
    for relative, text in pages.items():
        target = root / "docs" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return config_file


def project_settings(root: Path, bibliography: Path | None = None):
    """The check's settings for a small project in `root` (docs/ there, the real theme)."""
    from connection_series.settings import Settings, SiteInfo

    return Settings(
        root=root,
        docs_dir=root / "docs",
        templates=REPO / "overrides",
        bibliography=bibliography or REPO / "references.bib",
        feedback_url="https://example.org/feedback",
        review_interval_years=3,
        site=SiteInfo("Test", None, "The editorial team", "en"),
    )


def _series_options(plugins: list, options: dict) -> list:
    """The plugins with `options` changed in the series plugin's entry."""
    return [
        {"series": {**entry["series"], **options}}
        if isinstance(entry, dict) and "series" in entry
        else entry
        for entry in plugins
    ]
