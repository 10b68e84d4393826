"""The offline link checker (lychee) passes on the real site and fails on planted breakage."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from support.site_helpers import REPO

from connection_series.links.offline import broken_links

pytestmark = pytest.mark.site

DOCS = REPO / "docs"


def test_every_internal_link_and_anchor_of_the_built_site_resolves(built_site):
    problems = broken_links(built_site.root, built_site.sources.docs)
    assert not problems, "\n".join(str(problem) for problem in problems)


@pytest.fixture
def damaged(real_site, tmp_path):
    """A copy of the real site with one broken link and one broken anchor planted in its first
    article (pointing at the second page), as a template or plugin (which MkDocs' own
    validation cannot see) might produce them. Returns (copy, first page, other page)."""
    copy = tmp_path / "site"
    shutil.copytree(real_site.root, copy)
    first, other = real_site.sources.article_pages[0], real_site.sources.pages[0]
    page = copy / first / "index.html"
    planted = (
        '<a href="../no-such-page/">planted broken link</a>'
        f'<a href="../{other}#no-such-anchor">planted broken anchor</a>'
    )
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", planted + "</article>", 1), encoding="utf-8")
    return copy, first, other


def test_checker_reports_planted_link_and_anchor_naming_page_and_source(damaged):
    copy, first, other = damaged
    problems = broken_links(copy, DOCS)
    assert len(problems) == 2, problems
    by_target = {problem.target: problem for problem in problems}
    link = by_target["/no-such-page"]
    anchor = by_target[f"/{other.rstrip('/')}#no-such-anchor"]
    for problem in (link, anchor):
        assert problem.page.startswith(f"{first}index.html:")
        assert problem.source == f"docs/{first.rstrip('/')}.md"
    assert "not found" in link.reason.lower()
    assert "fragment" in anchor.reason.lower()


def test_checker_command_prints_one_line_per_broken_link_and_exits_non_zero(damaged):
    copy, first, _ = damaged
    completed = subprocess.run(
        [sys.executable, "-m", "connection_series.links.offline", str(copy)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    lines = completed.stdout.strip().splitlines()
    assert len(lines) == 3  # two problems and a summary, no traceback
    assert "Traceback" not in completed.stdout + completed.stderr
    assert all(f"docs/{first.rstrip('/')}.md" in line for line in lines[:2])


def test_checker_follows_images_srcset_stylesheets_scripts_and_css_urls(tmp_path):
    (tmp_path / "present.png").write_bytes(b"\x89PNG")
    (tmp_path / "style.css").write_text("body { background: url(missing-background.png); }")
    (tmp_path / "index.html").write_text(
        "<html><head>"
        '<link rel="stylesheet" href="style.css">'
        '<link rel="stylesheet" href="missing.css">'
        '<script src="missing.js"></script>'
        "</head><body>"
        '<img src="present.png" alt="">'
        '<img src="missing-image.png" alt="">'
        '<img srcset="present.png 1x, missing-2x.png 2x" alt="">'
        "</body></html>"
    )
    targets = {problem.target for problem in broken_links(tmp_path, tmp_path / "no-docs")}
    assert targets == {
        "/missing.css",
        "/missing.js",
        "/missing-image.png",
        "/missing-2x.png",
        "/missing-background.png",
    }
