"""Site search (connection_series.search): every page is indexed and the 404 page is not, and
an index that cannot be built is one line naming the site folder. In Chromium (a word only
one page uses finds it, nothing is downloaded until search opens): test_search_browser.py."""

from __future__ import annotations

import pytest

from connection_series.common.site_sources import url_path_of
from connection_series.search import index_site

pytestmark = pytest.mark.site


def test_every_page_is_indexed_and_the_404_page_is_not(built_site):
    pages = [path for path in built_site.html_files() if path.name == "index.html"]
    assert all(
        built_site.soup(url_path_of(p, built_site.root)).select_one("[data-pagefind-body]")
        for p in pages
    )
    index = built_site.root / "pagefind"
    assert (index / "pagefind.js").is_file()
    # Pagefind keeps one fragment (the text shown in results) per indexed page.
    assert len(list((index / "fragment").glob("*.pf_fragment"))) == len(pages)


def test_an_index_that_cannot_be_built_is_one_line_naming_the_folder(tmp_path):
    problems = index_site(tmp_path)  # no pages in it
    assert len(problems) == 1
    line = str(problems[0])
    assert "\n" not in line and line.startswith(tmp_path.as_posix() + ":"), line
    assert "search index" in line
