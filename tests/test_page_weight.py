"""Page-weight budget: everything a page makes Chromium download on a first visit (empty cache),
until the network is idle, is at most 60 KB gzip, on every built page. Each request is listed
with its owner (Material's own files or ours). Run with `-s` to see the table.

Search downloads nothing until a reader opens it, so its index is not part of any page's
weight (tests/test_search.py); scripts/bench_page_growth.py checks that a page does not grow
with the number of articles."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

BUDGET_GZIP = 60 * 1024
# Where Material keeps the files it copies into every site (assets/...).
MATERIAL_FILES = Path(str(files("material") / "templates"))


@dataclass(frozen=True)
class Download:
    path: str  # relative to the site root
    raw: int
    gzipped: int  # gzip level 6, as a typical web server sends it
    material: bool

    def __str__(self) -> str:
        owner = "Material" if self.material else "ours"
        return f"{owner:8} {self.raw / 1024:7.1f} KB {self.gzipped / 1024:6.1f} KB gz  {self.path}"


def shipped_by_material(site_root: Path, path: str) -> bool:
    """A file is Material's if the theme package holds the same bytes at the same path."""
    theme_file, built_file = MATERIAL_FILES / path, site_root / path
    return (
        path.startswith("assets/")
        and theme_file.is_file()
        and built_file.is_file()
        and theme_file.read_bytes() == built_file.read_bytes()
    )


def downloads_of(page, site_url: str, url_path: str, site_root: Path) -> list[Download]:
    """Every response the page receives until the network is idle (scripts, worker, index)."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(site_url + url_path, wait_until="networkidle")
    foreign = [r.url for r in responses if not r.url.startswith(site_url)]
    assert not foreign, f"{url_path!r} makes requests to other hosts: {foreign}"
    downloads = []
    for response in responses:
        body = response.body()
        path = urlsplit(response.url).path.lstrip("/")
        downloads.append(
            Download(
                path,
                len(body),
                len(gzip.compress(body, compresslevel=6)),
                shipped_by_material(site_root, path),
            )
        )
    return downloads


def test_every_page_downloads_at_most_60_kb_gzip_on_a_first_visit(
    page, site_url, built_site, site_page
):
    downloads = downloads_of(page, site_url, site_page, built_site.root)  # fresh context: no cache
    table = "\n".join(str(item) for item in sorted(downloads, key=lambda d: -d.gzipped))
    total = sum(item.gzipped for item in downloads)
    ours = sum(item.gzipped for item in downloads if not item.material)
    summary = (
        f"{site_page or 'home'}: {len(downloads)} requests, {total / 1024:.1f} KB gzip"
        f" (ours {ours / 1024:.1f} KB, Material {(total - ours) / 1024:.1f} KB),"
        f" budget {BUDGET_GZIP / 1024:.0f} KB"
    )
    print(f"\n{summary}\n{table}")
    assert any(item.path == site_page for item in downloads), f"{site_page!r}: page missing"
    assert total <= BUDGET_GZIP, f"{summary}\n{table}"
