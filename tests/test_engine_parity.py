"""One package, three engines: MkDocs, ProperDocs and Zensical build the same articles.

Each engine builds, once per session, a copy of the real project with three more parts of
the series (copies of its longest part): two out on the day the builds are for (tomorrow),
one a week later, built with `SERIES_TODAY` set to that day, as `make build` runs each
engine. So the copy has two more public parts than the real site (its sidebar keeps only the
nearest), and one that is scheduled. Every page built from docs/ is then compared, element
by element, with the MkDocs build: the article's text, its citation links, reference lists,
evidence charts, planner form, byline, series links and disclaimer; and so are the feeds,
the social cards and the dates (JSON-LD, Open Graph, sitemap, robots.txt). On Zensical, the
steps after the build run once more over its output with a `changes:` entry added: every
date moves to it. Security and the site-level promises are checked on every engine's
output: a strict Content-Security-Policy on every page, the planner PDFs (one page each), a
generator tag naming the engine, no Python file published, no trace of the scheduled part,
the same sidebar.

Only what legitimately differs between engines is normalised, each in `normalised_article`
or `resolved` below with the reason; anything else that differs is a failure naming the
page, the engine and the element.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup, Tag
from support.feed_checks import (
    Feeds,
    atom_problems,
    json_feed_problems,
    json_ld_modified,
    meta,
    sitemap_dates,
)
from support.pdf_checks import read
from support.site_helpers import REPO, BuiltSite
from test_series_site import every_text_file

from connection_series.common.site_sources import built_path_for
from connection_series.devtools.project import copy_project, largest_article
from connection_series.reach.feeds import FEED_LENGTH
from connection_series.series.clock import build_day
from connection_series.series.parts import find_parts
from connection_series.series.plan import plan_series

pytestmark = [pytest.mark.site, pytest.mark.slow]

BIN = Path(sys.executable).parent
# The day the engines build for: tomorrow, so the part that comes out then is only public
# because SERIES_TODAY says so.
DAY = build_day() + dt.timedelta(days=1)
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SERIES_TODAY": DAY.isoformat()}
OTHER_ENGINES = ["properdocs", "zensical"]
ENGINE_ONLY = "site-engine-only"  # Zensical's output before the steps after the build
LAST = find_parts(REPO / "docs")[-1].number
# Two parts out on the day (so the sidebar has more parts than it shows), one a week later.
OUT_ON_THE_DAY = [f"part-{LAST + 1}-out-on-the-day.md", f"part-{LAST + 2}-out-too.md"]
A_WEEK_LATER = f"part-{LAST + 3}-a-week-later.md"


def address(source: str) -> str:
    return built_path_for(Path(source)).as_posix().removesuffix("index.html")


def with_more_parts(project: Path) -> Path:
    """The real project's sources and three more parts (copies of its longest part)."""
    copy_project(REPO, project)
    docs = project / "docs"
    text = largest_article(docs).read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    old_title = title.removeprefix("title:").strip().strip('"')
    for number, source, day in [
        (LAST + 1, OUT_ON_THE_DAY[0], DAY),
        (LAST + 2, OUT_ON_THE_DAY[1], DAY),
        (LAST + 3, A_WEEK_LATER, DAY + dt.timedelta(days=7)),
    ]:
        words = Path(source).stem.split("-", 2)[2].replace("-", " ")
        new_title = f"Part {number}: {words.capitalize()}"
        lines = []
        for line in text.replace(old_title, new_title).splitlines(keepends=True):
            field = line.split(":", 1)[0]
            if field in ("published", "last_reviewed"):
                line = f"{field}: {day}\n"
            elif field == "next_review":
                line = f"next_review: {day + dt.timedelta(days=365)}\n"
            elif field == "part":
                line = f"part: {number}\n"
            lines.append(line)
        (docs / source).write_text("".join(lines), encoding="utf-8")
    return project


def parity_pages() -> list[str]:
    """Every page the engines build: the real site's on DAY, and the parts out that day."""
    left_out = plan_series(REPO / "docs", DAY).left_out
    sources = [
        path.relative_to(REPO / "docs").as_posix() for path in sorted((REPO / "docs").rglob("*.md"))
    ]
    return [address(source) for source in [*sources, *OUT_ON_THE_DAY] if source not in left_out]


PAGES = parity_pages()


def parts_out() -> list[str]:
    """The addresses of the parts public in the engines' copy of the project on DAY."""
    real = [address(part.source) for part in plan_series(REPO / "docs", DAY).public]
    return [*real, *(address(source) for source in OUT_ON_THE_DAY)]


PARTS = parts_out()


@dataclass(frozen=True)
class EngineSite:
    engine: str
    generator: str  # what the generator tag must say
    site: BuiltSite


def _run(command: list[str], cwd: Path, what: str) -> str:
    completed = subprocess.run(
        command, cwd=cwd, env=ENV, capture_output=True, text=True, check=False
    )
    output = completed.stdout + completed.stderr
    if completed.returncode != 0:
        pytest.fail(f"{what} failed:\n{output}", pytrace=False)
    return output


@pytest.fixture(scope="session")
def parity_project(tmp_path_factory) -> Path:
    """Zensical's site_dir must be inside the project folder: every engine builds a copy."""
    return with_more_parts(tmp_path_factory.mktemp("parity-project"))


@pytest.fixture(scope="session")
def mkdocs_site(parity_project, tmp_path_factory) -> EngineSite:
    site_dir = tmp_path_factory.mktemp("mkdocs-site")
    command = [str(BIN / "mkdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site_dir)]
    output = _run(command, parity_project, "The MkDocs build")
    return EngineSite("mkdocs", f"mkdocs {version('mkdocs')}", BuiltSite(site_dir, output))


@pytest.fixture(scope="session")
def properdocs_site(parity_project, tmp_path_factory) -> EngineSite:
    site_dir = tmp_path_factory.mktemp("properdocs-site")
    command = [str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml"]
    output = _run([*command, "-d", str(site_dir)], parity_project, "The ProperDocs build")
    return EngineSite(
        "properdocs", f"properdocs {version('properdocs')}", BuiltSite(site_dir, output)
    )


@pytest.fixture(scope="session")
def zensical_site(parity_project) -> EngineSite:
    """As `make build ENGINE=zensical`: the check, the configuration with the series applied,
    Zensical, the steps after the build."""
    project = parity_project
    generator = f"zensical {version('zensical')}"
    series = [str(BIN / "series"), "--config-file", str(project / "mkdocs.yml")]
    output = _run([*series, "check"], project, "series check")
    output += _run([*series, "zensical-config", ".zensical.yml"], project, "series zensical-config")
    command = [str(BIN / "zensical"), "build", "--strict", "--clean", "-f", ".zensical.yml"]
    output += _run(command, project, "The Zensical build")
    # As the engine left it, for a second run of the steps after a change (below).
    shutil.copytree(project / "site", project / ENGINE_ONLY)
    postbuild = postbuild_command(project, project / "site", generator)
    output += _run(postbuild, project, "The post-build step after Zensical")
    return EngineSite("zensical", generator, BuiltSite(project / "site", output))


def postbuild_command(project: Path, site_dir: Path, generator: str) -> list[str]:
    command = [str(BIN / "series"), "--config-file", str(project / "mkdocs.yml")]
    return [*command, "postbuild", str(site_dir), "--engine", generator]


@pytest.fixture(scope="session")
def engine_sites(mkdocs_site, properdocs_site, zensical_site) -> dict[str, EngineSite]:
    return {site.engine: site for site in (mkdocs_site, properdocs_site, zensical_site)}


# --- What an article is, engine-independently ---------------------------------------------


def words(node: Tag | None) -> str:
    """Text with whitespace runs made one space: engines indent and wrap HTML differently."""
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def resolved(href: str | None, url_path: str) -> str:
    """A link as the address it reaches. Engines spell the same relative link differently
    (MkDocs `about/#x` on the home page, Zensical `./about/#x`; `./` against `././`)."""
    return urljoin(f"http://site.invalid/{url_path}", href or "")


def normalised_article(site: BuiltSite, url_path: str) -> Tag:
    """The page's content <article>, without what is the engine's and not ours."""
    soup = BeautifulSoup(site.html(url_path), "html.parser")
    articles = soup.select("article.md-content__inner")
    assert len(articles) == 1, f"{url_path or 'home'}: {len(articles)} content articles"
    article = articles[0]
    # Theme chrome inside the article: the "Edit this page" button. Its icon set differs
    # (Material's against Zensical's Lucide icons); the edit address is compared below.
    for button in article.select(".md-content__button"):
        button.decompose()
    # Heading permalinks (the toc extension's "¶" anchors) are rendered by each engine's
    # own Markdown set-up; the heading ids they point to are compared ("ids").
    for permalink in article.select("a.headerlink"):
        permalink.decompose()
    # `{ data-search-exclude }` marks what stays out of the search index. Zensical reads it
    # when it indexes and then drops the attribute from the page; MkDocs keeps it.
    for tag in article.select("[data-search-exclude]"):
        del tag["data-search-exclude"]
    return article


def aspects(site: BuiltSite, url_path: str) -> dict[str, object]:
    """Every element the parity test compares, by name (the name a failure reports)."""
    article = normalised_article(site, url_path)
    soup = BeautifulSoup(site.html(url_path), "html.parser")
    edit = soup.select_one("a.md-content__button[rel~=edit]")
    planner = article.select_one(".planner")
    return {
        "article text": words(article),
        "ids": sorted(tag["id"] for tag in article.find_all(id=True)),
        "citation links": [
            (link.get("href"), words(link)) for link in article.select("a.citation")
        ],
        "reference lists": [
            [(item.get("id"), words(item)) for item in listing.find_all("li", recursive=False)]
            for listing in article.select("ul.references")
        ],
        "bibliography back-links": [
            [resolved(link.get("href"), url_path) for link in cited.find_all("a")]
            for cited in article.select(".cited-in")
        ],
        "evidence charts": [
            {
                "id": figure.get("id"),
                "svg": figure.find("svg") is not None,
                "rows": [words(row) for row in figure.select("table tr")],
            }
            for figure in article.select("figure.evidence-chart")
        ],
        "planner form": [
            (field.name, field.get("id"), field.get("name"), field.get("type"))
            for field in (planner.select("input, select, textarea, button") if planner else [])
        ],
        "planner links": [
            resolved(link.get("href"), url_path)
            for link in (planner.find_all("a", href=True) if planner else [])
        ],
        "byline": words(article.select_one("dl.article-meta")),
        "disclaimer": [
            (words(aside), [resolved(a.get("href"), url_path) for a in aside.find_all("a")])
            for aside in soup.select("#medical-disclaimer")
        ],
        "edit link": edit.get("href") if edit else None,
        "links": sorted(
            resolved(a.get("href"), url_path) for a in article.find_all("a", href=True)
        ),
    }


def describe(name: str, ours: object, theirs: object) -> str:
    if isinstance(ours, str) and isinstance(theirs, str):
        ours, theirs = ours.split(" "), theirs.split(" ")  # word diff for long texts
    if isinstance(ours, list) and isinstance(theirs, list):
        diff = difflib.unified_diff(
            [repr(item) for item in ours], [repr(item) for item in theirs], lineterm="", n=1
        )
        return f"{name} differs:\n  " + "\n  ".join(list(diff)[2:14])
    return f"{name} differs: MkDocs {ours!r}, this engine {theirs!r}"


# --- The tests ------------------------------------------------------------------------------


def test_pages_are_discovered_from_docs():
    assert PAGES, "no Markdown page found in docs/"


@pytest.mark.parametrize("engine", OTHER_ENGINES)
@pytest.mark.parametrize("url_path", PAGES, ids=lambda path: path.strip("/") or "home")
def test_article_is_the_same_as_with_mkdocs(engine_sites, engine, url_path):
    reference = aspects(engine_sites["mkdocs"].site, url_path)
    other = aspects(engine_sites[engine].site, url_path)
    differences = [
        describe(name, reference[name], other[name])
        for name in reference
        if reference[name] != other[name]
    ]
    page = url_path or "home page"
    assert not differences, f"{engine}, {page}:\n" + "\n".join(differences)


def test_the_comparison_sees_our_features(engine_sites):
    """The parity test is only worth something if the pages hold what it compares."""
    found = {name: False for name in ("citation links", "reference lists", "evidence charts")}
    found |= {"planner form": False, "byline": False, "disclaimer": False}
    for url_path in PAGES:
        for name, value in aspects(engine_sites["mkdocs"].site, url_path).items():
            if name in found and value:
                found[name] = True
    assert all(found.values()), f"no page has: {[name for name, seen in found.items() if not seen]}"


@pytest.mark.parametrize("engine", ["mkdocs", *OTHER_ENGINES])
def test_every_page_names_its_engine(engine_sites, engine):
    site = engine_sites[engine]
    for path in site.site.html_files():
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        tags = soup.find_all("meta", attrs={"name": "generator"})
        contents = [tag.get("content") for tag in tags]
        assert contents == [site.generator], f"{engine}, {path.name}: generator tags {contents}"


@pytest.mark.parametrize("engine", ["mkdocs", *OTHER_ENGINES])
def test_every_page_has_a_strict_content_security_policy(engine_sites, engine):
    site = engine_sites[engine].site
    for path in site.html_files():
        where = f"{engine}, {path.relative_to(site.root)}"
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert len(metas) == 1, f"{where}: {len(metas)} Content-Security-Policy tags"
        directives = {
            name: sources
            for name, *sources in (part.split() for part in metas[0]["content"].split(";"))
        }
        script_src = directives.get("script-src", [])
        assert script_src[:1] == ["'self'"], f"{where}: script-src {script_src}"
        loose = [s for s in script_src[1:] if not s.startswith("'sha256-")]
        assert not loose, f"{where}: script-src allows {loose}"


@pytest.mark.parametrize("engine", ["mkdocs", *OTHER_ENGINES])
def test_planner_pdfs_are_beside_the_planner_page_one_page_each(engine_sites, engine):
    site = engine_sites[engine].site
    planner_pages = [
        url_path for url_path in PAGES if site.soup(url_path).select_one(".planner a[download]")
    ]
    assert len(planner_pages) == 1, f"{engine}: planner sheet on {planner_pages}"
    page = site.page_path(planner_pages[0])
    links = site.soup(planner_pages[0]).select(".planner a[download]")
    assert links, f"{engine}: the planner page links no PDF"
    for link in links:
        pdf = (page.parent / link["href"]).resolve()
        assert pdf.is_file(), f"{engine}: {planner_pages[0]} links {link['href']}, not in the site"
        pages = len(read(pdf.read_bytes()).pages)
        assert pages == 1, f"{engine}: {pdf.name} has {pages} pages"


@pytest.mark.parametrize("engine", ["mkdocs", *OTHER_ENGINES])
def test_no_python_file_is_published(engine_sites, engine):
    site = engine_sites[engine].site
    published = sorted(path.relative_to(site.root).as_posix() for path in site.root.rglob("*.py"))
    assert not published, f"{engine} published {published}"


# --- Feeds, social cards and dates ----------------------------------------------------------


def reach_aspects(site: BuiltSite) -> dict[str, object]:
    """What the feeds, cards and dates of a build are, by name (the name a failure reports)."""
    feeds = Feeds.read(site.root)
    pages = {path.relative_to(site.root).as_posix(): path for path in site.html_files()}
    soups = {
        where: BeautifulSoup(path.read_text("utf-8"), "html.parser")
        for where, path in pages.items()
    }
    return {
        "feed entries": [
            (item["id"], item["title"], item["date_published"], item["date_modified"])
            for item in feeds.json["items"]
        ],
        "feed contents": [
            words(BeautifulSoup(i["content_html"], "html.parser")) for i in feeds.json["items"]
        ],
        "atom": feeds.atom,
        "cards": {
            where: [meta(soup, "property", name) for name in ("og:image", "og:image:alt")]
            for where, soup in soups.items()
        },
        "card images": {
            card.relative_to(site.root).as_posix(): hashlib.sha256(card.read_bytes()).hexdigest()
            for card in sorted((site.root / "assets" / "cards").rglob("*.png"))
        },
        "feed links": {
            where: [link.get("href") for link in soup.find_all("link", rel="alternate")]
            for where, soup in soups.items()
        },
        "dates": {
            where: (json_ld_modified(soup), meta(soup, "property", "article:modified_time"))
            for where, soup in soups.items()
        },
        "sitemap": sitemap_dates(site.root),
        "robots.txt": (site.root / "robots.txt").read_text(encoding="utf-8"),
    }


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_feeds_cards_and_dates_are_the_same_as_with_mkdocs(engine_sites, engine):
    reference = reach_aspects(engine_sites["mkdocs"].site)
    other = reach_aspects(engine_sites[engine].site)
    differences = [name for name in reference if reference[name] != other[name]]
    assert not differences, f"{engine}: " + "\n".join(
        describe(name, reference[name], other[name]) for name in differences
    )


@pytest.mark.parametrize("engine", ["mkdocs", *OTHER_ENGINES])
def test_every_engine_publishes_both_feeds_and_a_card_for_every_page(engine_sites, engine):
    site = engine_sites[engine].site
    feeds = Feeds.read(site.root)
    assert atom_problems(feeds.atom) == [], engine
    assert json_feed_problems(feeds.json) == [], engine
    assert len(feeds.json["items"]) == min(len(PARTS), FEED_LENGTH), engine
    for path in site.html_files():
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        image = meta(soup, "property", "og:image")
        card = site.root / "assets" / "cards" / image.rsplit("/assets/cards/", 1)[-1]
        assert card.is_file(), f"{engine}, {path.relative_to(site.root)}: no card {image}"
    dated = [loc for loc, lastmod in sitemap_dates(site.root).items() if lastmod]
    assert len(dated) == len(PARTS), engine  # the articles have a date, no other page


@pytest.fixture(scope="module")
def zensical_with_a_change(zensical_site) -> tuple[BuiltSite, str, dt.date]:
    """Zensical's output through the steps after the build again, with a correction recorded
    in the first article's front matter: (site, the article's address, the change's day)."""
    project = zensical_site.site.root.parent
    source = project / "docs" / f"{PARTS[0].rstrip('/')}.md"
    original = source.read_text(encoding="utf-8")
    soup = zensical_site.site.soup(PARTS[0])
    modified = dt.date.fromisoformat(json_ld_modified(soup))
    day = min(modified + dt.timedelta(days=1), dt.date.today())
    end = original.index("\n---\n", 3) + 1
    change = f"changes:\n  - date: {day}\n    kind: correction\n    summary: A number, corrected.\n"
    site_dir = project / "site-with-a-change"
    shutil.copytree(project / ENGINE_ONLY, site_dir)
    try:
        source.write_text(original[:end] + change + original[end:], encoding="utf-8")
        postbuild = postbuild_command(project, site_dir, zensical_site.generator)
        _run(postbuild, project, "The post-build step after a change")
    finally:
        source.write_text(original, encoding="utf-8")
    url = soup.find("link", rel="canonical")["href"]
    return BuiltSite(site_dir, ""), url, day


def test_on_zensical_a_change_moves_date_modified_the_feeds_and_the_sitemap(
    zensical_with_a_change,
):
    site, url, day = zensical_with_a_change
    soup = site.soup(PARTS[0])
    assert json_ld_modified(soup) == day.isoformat()
    assert meta(soup, "property", "article:modified_time") == day.isoformat()
    assert soup.select_one("article .update-history") is not None
    assert soup.select_one("article .correction-notice") is not None
    feeds = Feeds.read(site.root)
    [item] = [item for item in feeds.json["items"] if item["id"] == url]
    assert item["date_modified"].startswith(day.isoformat())
    assert b"<updated>" + day.isoformat().encode() in feeds.atom
    assert sitemap_dates(site.root)[url] == day.isoformat()


# --- The series on every engine --------------------------------------------------------------


@pytest.mark.parametrize("engine", ["mkdocs", *OTHER_ENGINES])
def test_the_part_scheduled_a_week_later_leaves_no_trace(engine_sites, engine):
    site = engine_sites[engine].site
    stem = Path(A_WEEK_LATER).stem
    title = f"Part {LAST + 3}: A week later"
    assert not site.page_path(address(A_WEEK_LATER)).exists(), f"{engine} built {stem}"
    found = [name for name, text in every_text_file(site).items() if stem in text or title in text]
    assert not found, f"{engine}: {A_WEEK_LATER} shows in {found}"


@pytest.mark.parametrize("engine", ["mkdocs", *OTHER_ENGINES])
def test_the_parts_out_on_the_day_are_numbered_and_linked_from_the_one_before(engine_sites, engine):
    site = engine_sites[engine].site
    count = LAST + len(OUT_ON_THE_DAY)
    before = next(part.source for part in find_parts(REPO / "docs") if part.number == LAST)
    for number, source in enumerate(OUT_ON_THE_DAY, start=LAST + 1):
        page = site.soup(address(source))
        assert f"Part {number} of {count}" in page.select_one(".series-position").get_text(" ")
        link = site.soup(address(before)).select_one("nav[aria-label='Series'] a[rel~=next]")
        assert resolved(link["href"], address(before)) == resolved(address(source), "")
        home = site.soup("").select("#all-parts li > p > strong a")
        assert resolved(address(source), "") in [resolved(a["href"], "") for a in home]
        before = source


def sidebar(site: BuiltSite, url_path: str) -> list[tuple[str, str]]:
    links = site.soup(url_path).select("nav.md-nav--primary > ul > li > a[href]")
    return [(words(link), resolved(link["href"], url_path)) for link in links]


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_the_sidebar_is_the_same_as_with_mkdocs(engine_sites, engine):
    """With more parts than the sidebar shows: each engine's sidebar is cut down alike."""
    assert "All parts" in [label for label, _ in sidebar(engine_sites[engine].site, "")]
    for url_path in PAGES:
        ours = sidebar(engine_sites["mkdocs"].site, url_path)
        assert sidebar(engine_sites[engine].site, url_path) == ours, f"{engine}, {url_path}"
