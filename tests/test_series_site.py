"""The series in built sites: every part says which it is and links to its neighbours, the home
page lists the public parts, the sidebar stays small, and a part that is not public yet
leaves no trace (page, link, sitemap, search index, bibliography back-link, Evidence page).

Checked on the real site as it is (whatever parts docs/ holds) and on a fixture series of
four public parts, one scheduled a week after the build's day and one draft, built three
ways with MkDocs: the public build, `SERIES_TODAY=<the scheduled day>` and the preview
(`mkdocs serve`'s build). The other engines are compared in test_engine_parity.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from support.site_helpers import REPO, BuiltSite, build, write_fixture_site
from test_series_rules import part as part_text

from connection_series.citations import bibliography
from connection_series.common.site_sources import built_path_for
from connection_series.evidence.data import data_path, load_registry
from connection_series.series.clock import build_day
from connection_series.series.page_steps import SIDEBAR_PARTS
from connection_series.series.parts import Part
from connection_series.series.plan import SeriesPlan, plan_series
from connection_series.series.wording import long_date, numbered_title

pytestmark = pytest.mark.site

TODAY = build_day()  # the day the fixture builds are for, as the plugin reads it
OUT = TODAY - dt.timedelta(days=30)
SCHEDULED_DAY = TODAY + dt.timedelta(days=7)
REGISTRY = load_registry(data_path(REPO / "docs"), "docs/data/evidence.yml")
STAT = REGISTRY.stats[0]  # a statistic only the scheduled part prints
# A source that no registry record cites (the Evidence page cites those): only the scheduled
# part cites it.
ONLY_SCHEDULED_CITES = sorted(
    set(bibliography.load(REPO / "references.bib", "references.bib").bibliography.references)
    - {stat.cite for stat in REGISTRY.stats}
)[0]
SCHEDULED = "part-5-later.md"
DRAFT = "part-6-unfinished.md"


def fixture_pages() -> dict[str, str]:
    public = {
        f"part-{n}-{word}.md": part_text(n, OUT, title=f"Part {n}: The {word} part")
        for n, word in [(1, "first"), (2, "second"), (3, "third"), (4, "fourth")]
    }
    return {
        "index.md": "# Home\n\n## The series\n\n<!-- series-parts -->\n",
        "evidence.md": "# Evidence\n\n<!-- evidence-registry -->\n",
        "references.md": "# References\n\n<!-- bibliography -->\n",
        "data/evidence.yml": data_path(REPO / "docs").read_text(encoding="utf-8"),
        **public,
        SCHEDULED: part_text(
            5,
            SCHEDULED_DAY,
            title="Part 5: The later part",
            body=f"\nA number, [[stat:{STAT.id}]] [@{STAT.cite}], and a source "
            f"[@{ONLY_SCHEDULED_CITES}].\n",
        ),
        DRAFT: part_text(
            6, SCHEDULED_DAY, title="Part 6: The unfinished part", extra="draft: true\n"
        ),
    }


@dataclass(frozen=True)
class SeriesSite:
    site: BuiltSite
    plan: SeriesPlan


def _built(
    root: Path, *, day: dt.date = TODAY, preview: bool = False, extra: dict | None = None
) -> SeriesSite:
    """The fixture series built for `day` (or its preview), with `extra` files in docs/."""
    config = write_fixture_site(root, {**fixture_pages(), **(extra or {})})
    site_dir = root / "site"
    if preview:
        result = preview_build(config, site_dir)
    else:
        result = build(config, site_dir, env={"SERIES_TODAY": day.isoformat()})
    assert result.returncode == 0, result.output
    return SeriesSite(BuiltSite(site_dir, result.output), plan_series(root / "docs", day, preview))


# `mkdocs serve`'s build, without the server: the plugin is told it is serving.
PREVIEW_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="serve", dirty=False)
build(config)
"""


@dataclass(frozen=True)
class Completed:
    returncode: int
    output: str


def preview_build(config: Path, site_dir: Path) -> Completed:
    completed = subprocess.run(
        [sys.executable, "-c", PREVIEW_BUILD, str(config), str(site_dir)],
        cwd=config.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SERIES_STRICT": "false"},
        capture_output=True,
        text=True,
        check=False,
    )
    return Completed(completed.returncode, completed.stdout + completed.stderr)


@pytest.fixture(scope="module")
def public(tmp_path_factory) -> SeriesSite:
    return _built(tmp_path_factory.mktemp("series-public"))


@pytest.fixture(scope="module")
def dated(tmp_path_factory) -> SeriesSite:
    return _built(tmp_path_factory.mktemp("series-dated"), day=SCHEDULED_DAY)


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> SeriesSite:
    return _built(tmp_path_factory.mktemp("series-preview"), preview=True)


@pytest.fixture
def real(built_site) -> SeriesPlan:
    """The series of the site under test (the real one, or the grown copy)."""
    return plan_series(built_site.sources.docs, TODAY)


# --- reading a built site -------------------------------------------------------------------


def address(part: Part) -> str:
    return built_path_for(Path(part.source)).as_posix().removesuffix("index.html")


def resolved(page: str, href: str) -> tuple[str, str]:
    """(page address relative to the site root, fragment) that a link on `page` reaches."""
    target = urlsplit(urljoin(f"http://site.invalid/{page}", href))
    return target.path.lstrip("/"), target.fragment


def home_items(site: BuiltSite):
    return site.soup("").select("#all-parts > ul > li")


def sidebar_parts(site: BuiltSite, page: str, plan: SeriesPlan) -> list[str]:
    """The parts' addresses the sidebar of `page` links to, in order."""
    by_address = {address(part): part for part in plan.built}
    found = []
    for link in site.soup(page).select("nav.md-nav--primary > ul > li > a[href]"):
        target, _ = resolved(page, link["href"])
        if target in by_address:
            found.append(target)
    return found


def check_series_links(site: BuiltSite, plan: SeriesPlan) -> None:
    """What every built part and the home page must show, for any series."""
    built = list(plan.built)
    for index, part in enumerate(built):
        page = address(part)
        soup = site.soup(page)
        position = soup.select_one("article .series-position")
        assert position is not None, page
        assert f"Part {part.number} of {len(built)}" in position.get_text(" "), page
        [nav] = soup.select("article nav[aria-label='Series']")
        links = {link.get("rel", [None])[0]: link for link in nav.select("a[href]")}
        neighbours = {"prev": built[index - 1] if index else None}
        neighbours["next"] = built[index + 1] if index + 1 < len(built) else None
        for rel, neighbour in neighbours.items():
            if neighbour is None:
                assert rel not in links, f"{page}: a {rel} link past the end of the series"
                continue
            assert resolved(page, links[rel]["href"]) == (address(neighbour), ""), (page, rel)
            assert links[rel].get_text() == numbered_title(neighbour), (page, rel)
        everything = [link for link in nav.select("a[href]") if "rel" not in link.attrs]
        assert [resolved(page, link["href"]) for link in everything] == [("", "all-parts")]
    items = home_items(site)
    assert [resolved("", item.a["href"])[0] for item in items] == [address(p) for p in built]
    for item, part in zip(items, built, strict=True):
        assert item.a.get_text() == numbered_title(part)
        assert part.description in item.get_text(" ")
        assert item.time["datetime"] == part.published.isoformat()
        assert "minute" in item.get_text() and "to read" in item.get_text()


def every_text_file(site: BuiltSite) -> dict[str, str]:
    """Every file of the site as text, Pagefind's compressed index fragments unpacked."""
    texts = {}
    for path in sorted(site.root.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix in (".pf_fragment", ".pf_meta", ".pf_index", ".pagefind", ".gz"):
            with contextlib.suppress(OSError):  # not every index file is compressed
                data = gzip.decompress(data)
        texts[path.relative_to(site.root).as_posix()] = data.decode("utf-8", "replace")
    return texts


def traces(site: BuiltSite, part: Part) -> list[str]:
    stem = Path(part.source).stem
    return [
        name
        for name, text in every_text_file(site).items()
        if stem in name or stem in text or part.title in text
    ]


def part_of(plan: SeriesPlan, source: str) -> Part:
    return next(part for part in plan.parts if part.source == source)


# --- the real site --------------------------------------------------------------------------


def test_the_real_site_numbers_and_links_its_public_parts(built_site, real):
    assert real.built, "the real site has no public part"
    check_series_links(built_site, real)


def test_the_real_sidebar_lists_no_more_than_the_nearest_parts(built_site, real):
    for page in ["", *(address(part) for part in real.built)]:
        assert len(sidebar_parts(built_site, page, real)) == min(SIDEBAR_PARTS, len(real.built))


# --- a series with a scheduled part and a draft ----------------------------------------------


def test_the_fixture_series_numbers_and_links_its_public_parts(public):
    assert [part.number for part in public.plan.built] == [1, 2, 3, 4]
    check_series_links(public.site, public.plan)


@pytest.mark.parametrize("source", [SCHEDULED, DRAFT])
def test_a_part_not_public_leaves_no_trace_in_the_public_build(public, source):
    held_back = part_of(public.plan, source)
    assert not public.site.page_path(address(held_back)).exists()
    assert traces(public.site, held_back) == [], f"{source} shows in the public build"


def test_a_source_only_a_scheduled_part_cites_has_no_back_link(public):
    entry = public.site.soup("references/").select_one(f"#cite-{ONLY_SCHEDULED_CITES}")
    assert entry is not None  # listed, under "Further reading"
    assert entry.select(".cited-in") == []


def test_the_evidence_page_lists_no_use_in_a_scheduled_part(public):
    record = public.site.soup("evidence/").select_one(f"#stat-{STAT.id}")
    assert record is not None and "not used in an article yet" in record.get_text()


def test_the_sidebar_keeps_the_nearest_parts_and_links_all_parts(public):
    built = [address(part) for part in public.plan.built]
    titles = dict(zip(built, [part.title for part in public.plan.built], strict=True))
    nearest = {built[0]: built[:3], built[1]: built[:3], built[2]: built[1:], built[3]: built[1:]}
    for page, kept in {**nearest, "": built[1:], "evidence/": built[1:]}.items():
        assert sidebar_parts(public.site, page, public.plan) == kept, page
        links = public.site.soup(page).select("nav.md-nav--primary > ul > li > a[href]")
        labels = [link.get_text(" ", strip=True) for link in links]
        assert labels.index("All parts") == labels.index(titles[kept[-1]]) + 1, page
        all_parts = links[labels.index("All parts")]
        assert resolved(page, all_parts["href"]) == ("", "all-parts"), page


def test_on_its_day_the_scheduled_part_is_built_numbered_and_linked(dated):
    scheduled = part_of(dated.plan, SCHEDULED)
    assert [part.number for part in dated.plan.built] == [1, 2, 3, 4, 5]
    check_series_links(dated.site, dated.plan)
    soup = dated.site.soup(address(scheduled))
    assert "Part 5 of 5" in soup.select_one(".series-position").get_text(" ")
    cited = dated.site.soup("references/").select_one(f"#cite-{ONLY_SCHEDULED_CITES} .cited-in")
    assert [resolved("references/", a["href"])[0] for a in cited.select("a")] == [
        address(scheduled)
    ]
    record = dated.site.soup("evidence/").select_one(f"#stat-{STAT.id}")
    assert address(scheduled) in [resolved("evidence/", a["href"])[0] for a in record.select("a")]
    assert address(scheduled) in dated.site.root.joinpath("sitemap.xml").read_text()
    assert traces(dated.site, part_of(dated.plan, DRAFT)) == []


def test_the_preview_shows_every_part_and_marks_those_not_public(preview):
    scheduled, draft = part_of(preview.plan, SCHEDULED), part_of(preview.plan, DRAFT)
    notices = {
        scheduled: f"Scheduled: not public until {long_date(SCHEDULED_DAY)}",
        draft: "Draft: not public until you remove draft: true from its front matter",
    }
    for part, notice in notices.items():
        soup = preview.site.soup(address(part))
        shown = soup.select_one("article .series-notice .admonition-title")
        assert shown is not None and shown.get_text() == notice, address(part)
        assert f"Part {part.number} of 6" in soup.select_one(".series-position").get_text(" ")
        item = home_items(preview.site)[part.number - 1]
        assert notice in item.get_text(" ")
    public_part = address(part_of(preview.plan, "part-1-first.md"))
    assert preview.site.soup(public_part).select(".series-notice") == []


def test_the_pagefind_index_is_read_by_the_trace_check(public):
    """The no-trace test reads the search index's text: it must see the public parts there."""
    fragments = [
        json.loads(text.removeprefix("pagefind_dcd"))
        for name, text in every_text_file(public.site).items()
        if name.endswith(".pf_fragment")
    ]
    urls = {fragment["url"] for fragment in fragments}
    assert {"/" + address(part) for part in public.plan.built} <= urls
    seen = traces(public.site, public.plan.built[-1])
    assert any(name.endswith(".pf_fragment") for name in seen) and "sitemap.xml" in seen
