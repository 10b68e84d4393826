"""The series' rules in the one check (`series check`, the build, pre-commit): each mistake a
contributor can make with a part is one line naming the file and the line, with what to do.

Every test is a temporary project (the real mkdocs.yml and references.bib, a few pages) and
the check over it, without a build; the day is fixed, so "scheduled" never depends on when
the suite runs.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from support.articles import article_body
from support.guide import documented_messages, pattern_of
from support.site_helpers import REPO

from connection_series.check import check_project
from connection_series.common.errors import ContributorError
from connection_series.series.clock import build_day
from connection_series.settings import read_settings

pytestmark = pytest.mark.unit

TODAY = dt.date(2026, 12, 1)
NEXT_WEEK = TODAY + dt.timedelta(days=7)
SERIES = str(REPO / ".venv" / "bin" / "series")


def part(number, published: dt.date | str = TODAY, *, title=None, extra="", body="") -> str:
    """A part's Markdown: valid article front matter, `extra` lines added before its end."""
    title = title or f"Part {number}: A title"
    day = published if isinstance(published, dt.date) else dt.date.fromisoformat(published)
    return (
        f'---\npart: {number}\ntitle: "{title}"\ndescription: One sentence.\nauthors:\n'
        f"  - The editorial team\npublished: {published}\nlast_reviewed: {published}\n"
        f'next_review: {day + dt.timedelta(days=365)}\nreviewer: ""\n{extra}---\n\n'
        + article_body(title, f"Text.\n{body}")
    )


def problems(root: Path, pages: dict[str, str], *, preview=False, nav=None) -> list[str]:
    """check_project over a project with these pages under docs/; only the series' lines
    and any other problem, each as the contributor reads it."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if nav is not None:
        config = re.sub(r"^nav:\n(?:  .*\n)+", nav, config, flags=re.M)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copy(REPO / "references.bib", root / "references.bib")
    for name, text in {"index.md": "# Home\n\n<!-- series-parts -->\n", **pages}.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    found = check_project(read_settings(root / "mkdocs.yml"), TODAY, preview=preview)
    lines = [str(problem) for problem in found]
    for line in lines:
        assert "\n" not in line and "Traceback" not in line, line
    return lines


def test_a_series_numbered_in_order_with_a_scheduled_part_and_a_draft_has_no_problem(tmp_path):
    assert (
        problems(
            tmp_path,
            {
                "a.md": part(1, "2026-11-26"),
                "b.md": part(2, "2026-11-26"),  # the same day as part 1: allowed
                "c.md": part(3, NEXT_WEEK),
                "d.md": part(4, NEXT_WEEK, extra="draft: true\n"),
            },
        )
        == []
    )


@pytest.mark.parametrize("value", ["three", "0", "-1", "2.5", "true", '"3"'])
def test_a_part_number_that_is_not_a_whole_number_from_one_names_its_line(tmp_path, value):
    text = part(1).replace("part: 1", f"part: {value}")
    assert problems(tmp_path, {"a.md": text}) == [
        f"docs/a.md:2: 'part' must be a whole number from 1 up (found "
        f"{yaml.safe_load(value)!r}). Write it like part: 3"
    ]


def test_two_parts_with_one_number_are_reported_on_the_second(tmp_path):
    assert problems(tmp_path, {"a.md": part(1), "b.md": part(1, title="Part 1: Again")}) == [
        "docs/b.md:2: part 1 is also docs/a.md. Give each part its own number"
    ]


def test_a_gap_in_the_numbers_is_reported_on_the_part_after_it(tmp_path):
    assert problems(tmp_path, {"a.md": part(1), "c.md": part(3)}) == [
        "docs/c.md:2: there is no part 2: the parts are numbered 1, 3. Number the parts 1, 2, 3 "
        "and on without a gap: make this part 2, or add part 2"
    ]


def test_a_part_that_comes_out_before_the_one_before_it_names_its_published_line(tmp_path):
    assert problems(tmp_path, {"a.md": part(1, "2026-11-26"), "b.md": part(2, "2026-11-20")}) == [
        "docs/b.md:7: part 2 comes out on 2026-11-20, before part 1 (2026-11-26). Parts come "
        "out in their order: give it a date on or after 2026-11-26, or swap the two part numbers"
    ]


def test_a_public_part_after_a_draft_is_refused(tmp_path):
    pages = {"a.md": part(1, extra="draft: true\n"), "b.md": part(2, NEXT_WEEK)}
    assert problems(tmp_path, pages) == [
        "docs/b.md:2: part 2 is not a draft, but part 1 before it is (docs/a.md): readers would "
        "get part 2 without part 1. Add draft: true to this part too, or publish part 1"
    ]


def test_draft_must_be_true_or_false_and_only_on_a_part(tmp_path):
    plain = "---\ntitle: Plain\ndraft: true\n---\n\n# Plain\n"
    found = problems(tmp_path, {"a.md": part(1, extra="draft: yes please\n"), "p.md": plain})
    assert found == [
        "docs/a.md:11: 'draft' must be true or false (found 'yes please'). Write draft: true to "
        "keep the part from readers, or remove the line",
        "docs/p.md:3: 'draft' keeps only parts of the series from readers, and this page has no "
        "'part'. Add part: N to make it a part, or remove the draft line",
    ]


def test_a_part_number_needs_an_article(tmp_path):
    found = problems(tmp_path, {"a.md": "---\npart: 1\ntitle: T\n---\n\n# T\n"})
    assert found == [
        "docs/a.md:2: the page has 'part' but no article front matter. Give it the article "
        "fields (make new-article writes them), or remove 'part'"
    ]


def test_a_title_that_says_another_part_number_is_refused(tmp_path):
    assert problems(tmp_path, {"a.md": part(1, title="Part 2: Wrong")}) == [
        "docs/a.md:3: the title says Part 2, but 'part' is 1. Make the title and the part "
        "number agree"
    ]


LINKS = {
    "inline": "See [the next part](c.md).",
    "inline with anchor": "See [the next part](c.md#a-heading).",
    "reference": "See [the next part][next].\n\n[next]: c.md",
    "html": 'See <a href="c.md">the next part</a>.',
    "address": "See [the next part](../c/).",
}


@pytest.mark.parametrize("link", LINKS.values(), ids=LINKS)
def test_a_link_to_a_part_not_public_yet_is_refused_with_its_day(tmp_path, link):
    text = part(2, body=f"\n{link}\n")
    line = text[: max(text.find("c.md"), text.find("../c/"))].count("\n") + 1
    [found] = problems(tmp_path, {"a.md": part(1), "b.md": text, "c.md": part(3, NEXT_WEEK)})
    assert found.startswith(f"docs/b.md:{line}: links to docs/c.md, which is not public until ")
    assert found.endswith(
        "8 December 2026. Remove the link until then: each part links to the next one as "
        "soon as it is out"
    )


def test_links_to_a_part_not_public_are_fine_in_code_from_held_back_parts_and_in_the_preview(
    tmp_path,
):
    pages = {
        "a.md": part(1, body="\n`[the next part](c.md)`\n\n```\n[next](c.md)\n```\n"),
        "c.md": part(2, NEXT_WEEK, body="\n[Part 3](d.md)\n"),
        "d.md": part(3, NEXT_WEEK, extra="draft: true\n"),
        "e.md": "# Other\n\n[Part 3](d.md)\n",
    }
    assert problems(tmp_path, pages, preview=True) == []
    found = problems(tmp_path, pages)
    assert found == [
        "docs/e.md:3: links to docs/d.md, which is a draft, not public. Remove the link until "
        "then: each part links to the next one as soon as it is out"
    ]


def test_a_part_listed_in_the_navigation_of_mkdocs_yml_is_refused_on_its_line(tmp_path):
    nav = 'nav:\n  - Home: index.md\n  - "Part 1: A title": a.md\n'
    found = problems(tmp_path, {"a.md": part(1)}, nav=nav)
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = config.index('  - "Part 1: A title": a.md') + 1
    assert found == [
        f"mkdocs.yml:{line}: the navigation lists docs/a.md, a part of the series. Remove that "
        "line: every part is placed in the navigation from its front matter"
    ]


def test_the_list_of_parts_belongs_on_one_page(tmp_path):
    found = problems(tmp_path, {"a.md": part(1), "b.md": "# B\n\n<!-- series-parts -->\n"})
    assert found == [
        "docs/index.md:3: the list of parts is already on docs/b.md. Keep the "
        "<!-- series-parts --> line on one page only"
    ]


def test_a_series_today_that_is_not_a_day_is_one_line_from_the_check(tmp_path):
    problems(tmp_path, {"a.md": part(1)})
    completed = subprocess.run(
        [SERIES, "--config-file", str(tmp_path / "mkdocs.yml"), "check"],
        env={"SERIES_TODAY": "2026-13-01", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stderr.strip() == (
        "SERIES_TODAY: '2026-13-01' is not a day in YYYY-MM-DD form. Write it like "
        "SERIES_TODAY=2026-12-08, or leave it unset to build for today (UTC)"
    )


def documented_series_messages() -> list[str]:
    return documented_messages("### What the check says about parts")


@pytest.fixture(scope="module")
def planted_messages(tmp_path_factory) -> list[str]:
    """Every rule broken once, in projects of their own, in files named as parts are."""
    scenarios = [
        {"part-3-a.md": part(1).replace("part: 1", "part: three")},
        {"part-1-a.md": part(1), "part-3-b.md": part(1, title="Part 1: B"), "part-4-c.md": part(3)},
        {"part-1-a.md": part(1, "2026-11-26"), "part-3-b.md": part(2, "2026-11-20")},
        {"part-1-a.md": part(1, extra="draft: true\n"), "part-4-b.md": part(2, NEXT_WEEK)},
        {
            "part-3-a.md": part(1, extra="draft: maybe\n"),
            "page.md": "---\ntitle: P\ndraft: true\n---\n",
        },
        {"part-3-a.md": part(1, title="Part 2: Wrong"), "page.md": "---\npart: 2\ntitle: T\n---\n"},
        {
            "part-1-a.md": part(1),
            "part-2-a.md": part(2, body="\n[next](part-3-b.md)\n"),
            "part-3-b.md": part(3, NEXT_WEEK),
        },
    ]
    found = []
    for number, pages in enumerate(scenarios):
        found += problems(tmp_path_factory.mktemp(f"rules-{number}"), pages)
    nav = "nav:\n  - Home: index.md\n  - part-1-a.md\n"
    found += problems(tmp_path_factory.mktemp("rules-nav"), {"part-1-a.md": part(1)}, nav=nav)
    with pytest.raises(ContributorError) as refused:
        build_day({"SERIES_TODAY": "2026-13-01"})
    return [*found, str(refused.value)]


def test_the_guide_lists_the_series_messages():
    assert len(documented_series_messages()) >= 8


@pytest.mark.parametrize("example", documented_series_messages())
def test_each_documented_series_message_is_one_the_check_prints(example, planted_messages):
    assert any(pattern_of(example).search(message) for message in planted_messages), (
        f"CONTRIBUTING.md quotes {example!r}, but no planted mistake prints it:\n"
        + "\n".join(planted_messages)
    )
