"""What a site's planner sheet must show, read from that site's docs/data/planner.yml (the
words a contributor may change), and the page that shows it (found by its marker)."""

from __future__ import annotations

import yaml

from connection_series.planner.extension import DATA_FILE
from connection_series.planner.extension import MARKER_LINE as PLANNER_MARKER
from support.content_pages import url_path
from support.sites import SiteSources


def planner_data(sources: SiteSources) -> dict:
    return yaml.safe_load((sources.docs / DATA_FILE).read_text(encoding="utf-8"))


def planner_page(sources: SiteSources) -> str:
    """The built page (url path) whose source holds the `<!-- planner-sheet -->` line."""
    for source in sorted(sources.docs.rglob("*.md")):
        if PLANNER_MARKER.search(source.read_text(encoding="utf-8")):
            return url_path(source.relative_to(sources.docs).as_posix())
    raise AssertionError("no page holds <!-- planner-sheet -->")


def sheet_texts(sources: SiteSources) -> list[str]:
    """The title, every section's heading and the version line, as the sheet prints them."""
    data = planner_data(sources)
    headings = [section["heading"] for section in data["sections"]]
    return [data["title"], *headings, f"{data['labels']['version']}: {data['version']}"]


def site_name(sources: SiteSources) -> str:
    from mkdocs.utils import yaml_load

    with sources.config_file.open(encoding="utf-8") as handle:
        return yaml_load(handle)["site_name"]
