"""One package, three engines: MkDocs, ProperDocs and Zensical build the same articles.

Each engine builds the real site once per session (MkDocs' build is the shared `built_site`
fixture). Every page built from docs/ is then compared, element by element, with the MkDocs
build: the article's text, its citation links, reference lists, evidence charts, planner
form, byline and disclaimer. Security and the site-level promises are checked on every
engine's output: a strict Content-Security-Policy on every page, the planner PDFs (one page
each), a generator tag naming the engine, no Python file published.

Only what legitimately differs between engines is normalised, each in `normalised_article`
or `resolved` below with the reason; anything else that differs is a failure naming the
page, the engine and the element.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup, Tag
from support.pdf_checks import read
from support.site_helpers import REPO, BuiltSite, source_page_urls

from connection_series.devtools.project import copy_project

pytestmark = [pytest.mark.site, pytest.mark.slow]

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# What Zensical needs of the project to build it (it builds in the project folder only).
OTHER_ENGINES = ["properdocs", "zensical"]
PAGES = source_page_urls()  # every page built from docs/


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
def mkdocs_site(real_site) -> EngineSite:
    return EngineSite("mkdocs", f"mkdocs {version('mkdocs')}", real_site)


@pytest.fixture(scope="session")
def properdocs_site(tmp_path_factory) -> EngineSite:
    site_dir = tmp_path_factory.mktemp("properdocs-site")
    command = [str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml"]
    output = _run([*command, "-d", str(site_dir)], REPO, "The ProperDocs build")
    return EngineSite(
        "properdocs", f"properdocs {version('properdocs')}", BuiltSite(site_dir, output)
    )


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> EngineSite:
    """Zensical's site_dir must be inside the project folder: build a copy of the project."""
    project = tmp_path_factory.mktemp("zensical-project")
    copy_project(REPO, project)
    generator = f"zensical {version('zensical')}"
    command = [str(BIN / "zensical"), "build", "--strict", "--clean", "-f", "mkdocs.yml"]
    output = _run(command, project, "The Zensical build")
    postbuild = [str(BIN / "series"), "--config-file", str(project / "mkdocs.yml")]
    postbuild += ["postbuild", str(project / "site"), "--engine", generator]
    output += _run(postbuild, project, "The post-build step after Zensical")
    return EngineSite("zensical", generator, BuiltSite(project / "site", output))


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
