"""Fixtures shared by every test: the real site is built once per session, strictly."""

from __future__ import annotations

import pytest
from site_helpers import REPO, BuiltSite, build

# Every page in the navigation, as URL paths relative to the site root.
ARTICLE_PAGES = ["part-1-when-connection-hurts/", "part-2-when-connection-protects/"]
NAV_PAGES = ["", *ARTICLE_PAGES, "weekly-planner/", "references/", "about/"]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    site_dir = tmp_path_factory.mktemp("site")
    result = build(REPO / "mkdocs.yml", site_dir)
    if result.returncode != 0:
        pytest.fail(f"The strict build of the real site failed:\n{result.output}", pytrace=False)
    return BuiltSite(site_dir, result.output)
