"""The real site builds strictly, has every page in its navigation, and bad links stop the build."""

from __future__ import annotations

import pytest
from support.content_pages import nav_entries, url_path
from support.site_helpers import build, write_fixture_site

from connection_series.series.parts import find_parts
from connection_series.trust.front_matter import read_front_matter

pytestmark = pytest.mark.site


def test_every_navigation_page_is_built(built_site):
    for page in built_site.sources.nav_pages:
        assert built_site.page_path(page).is_file(), f"missing built page for {page!r}"


def test_navigation_lists_every_page_in_its_order(built_site):
    """Every page the build makes is in the navigation (none is left unreachable), and the
    built menu shows the navigation's entries in their order: the parts of the series, which
    the sidebar keeps to the nearest few, are tested with the series."""
    docs = built_site.sources.docs
    entries = nav_entries(built_site.sources.config_file)
    listed = {name for _, name in entries}
    pages = {path.relative_to(docs).as_posix() for path in built_site.sources.public_sources}
    assert pages <= listed, f"pages missing from the navigation: {sorted(pages - listed)}"
    parts = {part.title for part in find_parts(docs)} | {"All parts"}
    labels = [
        link.get_text(" ", strip=True)
        for link in built_site.soup("").select("nav.md-nav--primary > ul > li > a")
    ]
    assert [label for label in labels if label not in parts] == [
        title for title, _ in entries if title not in parts
    ]


def test_site_uses_system_fonts_and_no_google_fonts(built_site):
    for page in built_site.html_files():
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html, page
        assert "fonts.gstatic.com" not in html, page


def test_pages_follow_the_system_colour_scheme(built_site):
    palette_inputs = built_site.soup("").select("form[data-md-component=palette] input")
    media = [field.get("data-md-color-media") for field in palette_inputs]
    assert "(prefers-color-scheme)" in media
    assert "(prefers-color-scheme: dark)" in media


def test_broken_link_in_markdown_fails_the_strict_build_naming_file_and_target(tmp_path):
    config = write_fixture_site(
        tmp_path,
        {
            "index.md": "# Home\n\nSee [the missing page](missing-page.md).\n",
        },
    )
    result = build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "index.md" in result.output
    assert "missing-page.md" in result.output


def test_broken_anchor_in_markdown_fails_the_strict_build_naming_file_and_anchor(tmp_path):
    config = write_fixture_site(
        tmp_path,
        {
            "index.md": "# Home\n\nSee [the other page](other.md#no-such-section).\n",
            "other.md": "# Other\n\n## A real section\n",
        },
    )
    result = build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "index.md" in result.output
    assert "no-such-section" in result.output


def test_page_titles_name_the_page_then_the_site_once(built_site):
    from mkdocs.utils import yaml_load

    with built_site.sources.config_file.open(encoding="utf-8") as handle:
        site = yaml_load(handle)["site_name"]
    assert built_site.soup("").title.get_text() == site
    for _, name in nav_entries(built_site.sources.config_file):
        front_matter = read_front_matter((built_site.sources.docs / name).read_text("utf-8"))
        title = front_matter.data["title"]
        expected = site if title == site else f"{title} - {site}"
        assert built_site.soup(url_path(name)).title.get_text() == expected, name


def test_every_page_links_to_its_source_file_for_editing(built_site):
    from mkdocs.utils import yaml_load

    with built_site.sources.config_file.open(encoding="utf-8") as handle:
        config = yaml_load(handle)
    edit_base = config["repo_url"].rstrip("/") + "/" + config["edit_uri"].strip("/") + "/"
    docs = built_site.sources.docs
    for source in built_site.sources.public_sources:
        relative = source.relative_to(docs).as_posix()
        url_path = "" if relative == "index.md" else relative.removesuffix(".md") + "/"
        button = built_site.soup(url_path).select_one(
            "a.md-content__button[title='Edit this page']"
        )
        assert button is not None, f"{url_path!r} has no 'Edit this page' link"
        assert button["href"] == edit_base + relative
