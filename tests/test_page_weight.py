"""Page-weight budget: what an article page makes Chromium download, split into Material's own
files and what we add (the page HTML, our CSS and JS, figures, the search index built from our
text). What we add must stay under 30 KB gzip per page. Run with `-s` to see the numbers."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ARTICLE_PAGES

BUDGET_OURS_GZIP = 30 * 1024
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


@pytest.mark.parametrize("url_path", ARTICLE_PAGES)
def test_what_we_add_to_an_article_page_stays_under_30_kb_gzip(
    page, site_url, built_site, url_path
):
    downloads = downloads_of(page, site_url, url_path, built_site.root)  # fresh context: no cache
    ours = [item for item in downloads if not item.material]
    theirs = [item for item in downloads if item.material]
    table = "\n".join(str(item) for item in sorted(downloads, key=lambda d: -d.gzipped))
    totals = (
        f"{url_path}: ours {sum(d.raw for d in ours) / 1024:.1f} KB"
        f" ({sum(d.gzipped for d in ours) / 1024:.1f} KB gzip),"
        f" Material {sum(d.raw for d in theirs) / 1024:.1f} KB"
        f" ({sum(d.gzipped for d in theirs) / 1024:.1f} KB gzip)"
    )
    print(f"\n{totals}\n{table}")
    assert theirs, f"{url_path!r}: no Material asset recognised; the split is broken"
    assert any(item.path == url_path for item in ours), f"{url_path!r}: the page itself is missing"
    assert sum(item.gzipped for item in ours) < BUDGET_OURS_GZIP, f"{totals}\n{table}"
