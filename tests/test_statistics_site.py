"""The statistics registry in the built site: invariants that hold whatever the articles say.

Every statistic on an article page comes from the registry; the Evidence page lists every
record, links to every use of it, and every use it links to exists; no syntax is left over."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import ARTICLE_PAGES
from support.content_pages import nav_entries, url_path

from connection_series.evidence.data import load_registry
from connection_series.evidence.statistics import REGISTRY_MARKER_LINE

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parents[1]
REGISTRY = load_registry(REPO / "docs" / "data" / "evidence.yml", "docs/data/evidence.yml")
IDS = {stat.id for stat in REGISTRY.stats}


def evidence_page() -> str:
    """The built page that holds the Evidence page's list (found by its marker)."""
    for source in sorted((REPO / "docs").rglob("*.md")):
        if REGISTRY_MARKER_LINE.search(source.read_text(encoding="utf-8")):
            return url_path(source.relative_to(REPO / "docs").as_posix())
    raise AssertionError("no page holds <!-- evidence-registry -->")


EVIDENCE = evidence_page()


def resolve(page: str, href: str) -> tuple[str, str]:
    """(url path, fragment) of a link on `page`, relative to the site root."""
    target = urlsplit(urljoin("http://site/" + page, href))
    return target.path.lstrip("/"), target.fragment


def test_there_are_articles_and_the_registry_has_records():
    assert ARTICLE_PAGES
    assert REGISTRY.stats


@pytest.mark.parametrize("url_path", ARTICLE_PAGES)
def test_every_statistic_on_an_article_comes_from_the_registry(built_site, url_path):
    soup = built_site.soup(url_path)
    found = soup.select("[data-statistic]")
    assert found, f"{url_path}: no statistic printed from the registry"
    for element in found:
        assert element["data-statistic"] in IDS, (url_path, element)
    assert not soup.select("mark.statistic-unknown"), url_path


def test_no_page_shows_the_syntax_itself(built_site, site_page):
    assert "[[stat:" not in built_site.soup(site_page).get_text(), site_page


def test_the_evidence_page_lists_every_record_once(built_site):
    soup = built_site.soup(EVIDENCE)
    listed = [div["id"] for div in soup.select("div.statistic-record")]
    assert sorted(listed) == sorted(f"stat-{stat_id}" for stat_id in IDS)
    for stat in REGISTRY.stats:
        record = soup.select_one(f"#stat-{stat.id}")
        assert record.select_one(f'[data-statistic="{stat.id}"]'), stat.id
        citation = record.select_one("a.citation")
        assert citation and citation["href"] == f"#cite-{stat.cite}", stat.id
        assert record.select_one("time")["datetime"] == stat.checked.isoformat(), stat.id
        assert stat.design in record.get_text(), stat.id


def test_the_evidence_page_links_to_every_use_and_every_link_lands_on_one(built_site):
    uses = {
        (page, element["id"])
        for page in ARTICLE_PAGES
        for element in built_site.soup(page).select("[data-statistic][id]")
    }
    linked = set()
    soup = built_site.soup(EVIDENCE)
    for record in soup.select("div.statistic-record"):
        for link in record.select("a[href]"):
            if "citation" in (link.get("class") or []):
                continue
            page, fragment = resolve(EVIDENCE, link["href"])
            target = built_site.soup(page).find(id=fragment)
            assert target is not None, (record["id"], link["href"])
            assert f"stat-{target['data-statistic']}" == record["id"], link["href"]
            linked.add((page, fragment))
    assert uses <= linked, sorted(uses - linked)[:5]


def test_every_record_is_used_in_an_article_or_listed_on_the_evidence_page(built_site):
    used = {
        element["data-statistic"]
        for page in ARTICLE_PAGES
        for element in built_site.soup(page).select("[data-statistic]")
    }
    listed = {
        div["id"].removeprefix("stat-")
        for div in built_site.soup(EVIDENCE).select("div.statistic-record")
    }
    assert used | listed >= IDS


def test_the_evidence_page_says_what_the_measures_mean_and_that_links_are_not_causes(built_site):
    text = built_site.soup(EVIDENCE).get_text(" ").lower()
    for words in ("odds ratio", "hazard ratio", "relative risk", "confidence interval", "hedges"):
        assert words in text, words
    assert "not the same as caused" in text or "causation" in text
    assert "relative figures, not absolute" in text


def test_the_evidence_page_is_in_the_navigation_next_to_references():
    files = [name for _, name in nav_entries(REPO / "mkdocs.yml")]
    evidence_file = next(name for name in files if url_path(name) == EVIDENCE)
    references = next(name for name in files if url_path(name) == "references/")
    assert abs(files.index(evidence_file) - files.index(references)) == 1


@pytest.mark.parametrize("url_path", ARTICLE_PAGES)
def test_chart_values_carry_their_record(built_site, url_path):
    for figure in built_site.soup(url_path).select("figure.evidence-chart"):
        cells = figure.find_next("table").select("tbody [data-statistic]")
        assert cells
        for cell in cells:
            stat = REGISTRY.by_id()[cell["data-statistic"]]
            assert stat.chart is not None
            assert f"{stat.value:.2f}" in cell.get_text()


def test_the_references_page_links_back_to_the_evidence_page_for_every_source(built_site):
    """Evidence -> reference (each record's citation) and reference -> Evidence (back-link)."""
    for source in sorted((REPO / "docs").rglob("*.md")):
        if "<!-- bibliography -->" in source.read_text(encoding="utf-8"):
            references = url_path(source.relative_to(REPO / "docs").as_posix())
            break
    else:
        pytest.skip("no page holds the full bibliography")
    soup = built_site.soup(references)
    for key in {stat.cite for stat in REGISTRY.stats}:
        back = soup.select_one(f"#cite-{key} .cited-in")
        assert back is not None, key
        targets = {resolve(references, a["href"])[0] for a in back.select("a[href]")}
        assert EVIDENCE in targets, (key, targets)
