"""What one build contains of the series, decided once (series.plan) and applied alike by
every engine: which parts are public on a day, the navigation with the parts in it, the
configuration Zensical builds with, the home page's list, the day itself. Without a build.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from support.site_helpers import REPO
from test_series_rules import part

from connection_series.common.errors import ContributorError
from connection_series.series.clock import build_day
from connection_series.series.navigation import series_nav
from connection_series.series.page_steps import SIDEBAR_PARTS, _nearest
from connection_series.series.parts import Status, find_parts, reading_minutes
from connection_series.series.plan import plan_series
from connection_series.series.zensical_config import zensical_config
from connection_series.settings import load_config

pytestmark = pytest.mark.unit

TODAY = dt.date(2026, 12, 1)
NEXT_WEEK = TODAY + dt.timedelta(days=7)


@pytest.fixture
def docs(tmp_path) -> Path:
    """Parts 1 and 2 out, part 3 next week, part 4 a draft; a page that is no part."""
    pages = {
        "part-1-a.md": part(1, "2026-11-26"),
        "part-2-b.md": part(2, TODAY),  # out today
        "part-3-c.md": part(3, NEXT_WEEK),
        "part-4-d.md": part(4, NEXT_WEEK, extra="draft: true\n"),
        "about.md": "# About\n",
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def sources(parts) -> list[str]:
    return [part.source for part in parts]


def test_parts_are_found_by_their_front_matter_in_number_order(docs):
    assert sources(find_parts(docs)) == ["part-1-a.md", "part-2-b.md", "part-3-c.md", "part-4-d.md"]


def test_a_part_is_public_from_its_day_and_a_draft_never(docs):
    plan = plan_series(docs, TODAY)
    assert [part.status(TODAY) for part in plan.parts] == [
        Status.PUBLIC,
        Status.PUBLIC,
        Status.SCHEDULED,
        Status.DRAFT,
    ]
    assert sources(plan.built) == ["part-1-a.md", "part-2-b.md"]
    assert plan.left_out == {"part-3-c.md", "part-4-d.md"}
    on_its_day = plan_series(docs, NEXT_WEEK)
    assert sources(on_its_day.built) == ["part-1-a.md", "part-2-b.md", "part-3-c.md"]
    assert on_its_day.left_out == {"part-4-d.md"}


def test_the_preview_builds_every_part_and_leaves_nothing_out(docs):
    plan = plan_series(docs, TODAY, preview=True)
    assert sources(plan.built) == sources(plan.parts)
    assert plan.left_out == frozenset()


def test_the_navigation_gets_the_built_parts_after_home_and_drops_listed_ones(docs):
    nav = [{"Home": "index.md"}, "part-3-c.md", {"About": "about.md"}]
    assert series_nav(nav, plan_series(docs, TODAY)) == [
        {"Home": "index.md"},
        {"Part 1: A title": "part-1-a.md"},
        {"Part 2: A title": "part-2-b.md"},
        {"About": "about.md"},
    ]
    preview = series_nav(nav, plan_series(docs, TODAY, preview=True))
    assert preview[3:5] == [
        {"Part 3: A title (scheduled)": "part-3-c.md"},
        {"Part 4: A title (draft)": "part-4-d.md"},
    ]
    assert series_nav(None, plan_series(docs, TODAY)) is None  # the engine lists every page


def test_zensical_builds_from_mkdocs_yml_with_only_the_nav_and_exclusions_changed(docs, tmp_path):
    config = REPO / "mkdocs.yml"
    written = zensical_config(config, plan_series(docs, TODAY))
    ours, theirs = load_config(written), load_config(config.read_text(encoding="utf-8"))
    assert ours["nav"] == series_nav(theirs["nav"], plan_series(docs, TODAY))
    assert ours["exclude_docs"].splitlines() == [
        *theirs["exclude_docs"].splitlines(),
        "/part-3-c.md",
        "/part-4-d.md",
    ]
    assert {key: value for key, value in ours.items() if key not in ("nav", "exclude_docs")} == {
        key: value for key, value in theirs.items() if key not in ("nav", "exclude_docs")
    }
    assert written.count("!ENV") == config.read_text(encoding="utf-8").count("!ENV")


def test_an_exclusion_pattern_escapes_what_gitignore_patterns_treat_specially(tmp_path):
    (tmp_path / "part-1-[a]#b.md").write_text(part(1, NEXT_WEEK), encoding="utf-8")
    written = yaml.safe_load(
        zensical_config(REPO / "mkdocs.yml", plan_series(tmp_path, TODAY)).replace("!ENV", "")
    )
    assert written["exclude_docs"].splitlines()[-1] == r"/part-1-\[a\]\#b.md"


def test_the_day_is_today_in_utc_or_series_today():
    assert build_day({}) == dt.datetime.now(dt.UTC).date()
    assert build_day({"SERIES_TODAY": "2026-12-08"}) == dt.date(2026, 12, 8)
    for wrong in ("2026-12-32", "8 December", "20261208"):
        with pytest.raises(ContributorError, match="not a day in YYYY-MM-DD form"):
            build_day({"SERIES_TODAY": wrong})


def test_reading_time_counts_the_words_a_reader_reads():
    words = " ".join(["word"] * 400)
    assert reading_minutes(words) == 2
    read = "```\n" + " ".join(["code"] * 1000) + "\n```\n<!-- a comment -->[@key] [link](x.md)"
    assert reading_minutes(" ".join(["word"] * 399) + "\n\n" + read) == 2  # the link's word
    assert reading_minutes("") == 1


def home_list(docs: Path, **options) -> BeautifulSoup:
    (docs / "index.md").write_text("# Home\n\n<!-- series-parts -->\n", encoding="utf-8")
    html = markdown.markdown(
        "# Home\n\n<!-- series-parts -->\n\n```\n<!-- series-parts -->\n```\n",
        extensions=["md_in_html", "fenced_code", "connection_series.series.extension"],
        extension_configs={
            "connection_series.series.extension": {"docs_dir": str(docs), **options}
        },
    )
    return BeautifulSoup(html, "html.parser")


def test_the_home_list_shows_each_built_part_with_its_date_and_reading_time(docs):
    soup = home_list(docs, today=TODAY.isoformat())
    items = soup.select("#all-parts > ul > li")
    assert [item.a["href"] for item in items] == ["part-1-a.md", "part-2-b.md"]
    assert [item.a.get_text() for item in items] == ["Part 1: A title", "Part 2: A title"]
    assert "One sentence." in items[0].get_text()
    assert items[0].time["datetime"] == "2026-11-26"
    assert "About 1 minute to read" in items[0].get_text()
    assert "<!-- series-parts -->" in soup.select_one("pre code").get_text()  # code stays code


def test_the_preview_lists_every_part_and_says_which_are_not_public(docs):
    soup = home_list(docs, today=TODAY.isoformat(), preview=True)
    items = soup.select("#all-parts > ul > li")
    assert len(items) == 4
    assert "Scheduled: not public until 8 December 2026." in items[2].get_text()
    assert "Draft: not public until you remove draft: true" in items[3].get_text()


def test_the_sidebar_keeps_the_parts_nearest_the_page():
    assert list(_nearest(62, 0)) == [0, 1, 2]
    assert list(_nearest(62, 30)) == [29, 30, 31]
    assert list(_nearest(62, 61)) == [59, 60, 61]
    assert len(_nearest(62, 10)) == SIDEBAR_PARTS


def test_the_site_is_deployed_every_day():
    workflow = yaml.safe_load((REPO / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    minute, hour, day, month, weekday = triggers["schedule"][0]["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*") and minute.isdigit() and hour.isdigit()
    steps = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert any("make build" in step for step in steps)
