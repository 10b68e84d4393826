"""The statistics registry in the built site: invariants that hold whatever the articles say.

Every statistic on an article page comes from the registry; the Evidence page lists every
record, links to every use of it, and every use it links to exists; no syntax is left over.
An article need not print any statistic (not every article has numbers)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from support.content_pages import nav_entries, url_path

from connection_series.citations.extension import MARKER_LINE as BIBLIOGRAPHY_MARKER
from connection_series.evidence.data import MEASURES as RATIO_NAMES
from connection_series.evidence.data import Registry, data_path, load_registry
from connection_series.evidence.pending import PENDING_NOTE
from connection_series.evidence.statistics import REGISTRY_MARKER_LINE

pytestmark = pytest.mark.site


@cache
def registry(docs: Path) -> Registry:
    return load_registry(data_path(docs))


def page_holding(docs: Path, marker) -> str:
    """The built page whose source holds a marker line (the Evidence page's list...)."""
    for source in sorted(docs.rglob("*.md")):
        if marker.search(source.read_text(encoding="utf-8")):
            return url_path(source.relative_to(docs).as_posix())
    raise AssertionError(f"no page holds {marker.pattern}")


def evidence_page(built_site) -> str:
    return page_holding(built_site.sources.docs, REGISTRY_MARKER_LINE)


def resolve(page: str, href: str) -> tuple[str, str]:
    """(url path, fragment) of a link on `page`, relative to the site root."""
    target = urlsplit(urljoin("http://site/" + page, href))
    return target.path.lstrip("/"), target.fragment


def test_there_are_articles_and_the_registry_has_records(built_site):
    assert built_site.sources.article_pages
    assert registry(built_site.sources.docs).stats


def test_every_statistic_on_an_article_comes_from_the_registry(built_site, article_page):
    ids = {stat.id for stat in registry(built_site.sources.docs).stats}
    soup = built_site.soup(article_page)
    for element in soup.select("[data-statistic]"):
        assert element["data-statistic"] in ids, (article_page, element)
    assert not soup.select("mark.statistic-unknown"), article_page


def test_a_number_not_yet_checked_says_so_wherever_it_is_printed(built_site, site_page):
    stats = registry(built_site.sources.docs).by_id()
    for element in built_site.soup(site_page).select("[data-statistic]"):
        pending = stats[element["data-statistic"]].pending
        assert (PENDING_NOTE in element.get_text()) == pending, (site_page, element)


def test_no_page_shows_the_syntax_itself(built_site, site_page):
    assert "[[stat:" not in built_site.soup(site_page).get_text(), site_page


def test_the_evidence_page_lists_every_record_once(built_site):
    stats = registry(built_site.sources.docs).stats
    soup = built_site.soup(evidence_page(built_site))
    listed = [div["id"] for div in soup.select("div.statistic-record")]
    assert sorted(listed) == sorted(f"stat-{stat.id}" for stat in stats)
    for stat in stats:
        record = soup.select_one(f"#stat-{stat.id}")
        assert record.select_one(f'[data-statistic="{stat.id}"]'), stat.id
        citation = record.select_one("a.citation")
        assert citation and citation["href"] == f"#cite-{stat.cite}", stat.id
        if stat.pending:
            assert record.select_one("time") is None, stat.id
            assert "Not yet checked against the source" in record.get_text(), stat.id
        else:
            assert record.select_one("time")["datetime"] == stat.checked.isoformat(), stat.id
        assert stat.design in record.get_text(), stat.id


def test_the_evidence_page_links_to_every_use_and_every_link_lands_on_one(built_site):
    uses = {
        (page, element["id"])
        for page in built_site.sources.article_pages
        for element in built_site.soup(page).select("[data-statistic][id]")
    }
    linked = set()
    evidence = evidence_page(built_site)
    soup = built_site.soup(evidence)
    for record in soup.select("div.statistic-record"):
        for link in record.select("a[href]"):
            if "citation" in (link.get("class") or []):
                continue
            page, fragment = resolve(evidence, link["href"])
            target = built_site.soup(page).find(id=fragment)
            assert target is not None, (record["id"], link["href"])
            assert f"stat-{target['data-statistic']}" == record["id"], link["href"]
            linked.add((page, fragment))
    assert uses <= linked, sorted(uses - linked)[:5]


def test_every_record_is_used_in_an_article_or_listed_on_the_evidence_page(built_site):
    used = {
        element["data-statistic"]
        for page in built_site.sources.article_pages
        for element in built_site.soup(page).select("[data-statistic]")
    }
    listed = {
        div["id"].removeprefix("stat-")
        for div in built_site.soup(evidence_page(built_site)).select("div.statistic-record")
    }
    assert used | listed >= {stat.id for stat in registry(built_site.sources.docs).stats}


def test_the_evidence_page_explains_each_ratio_it_lists_and_that_links_are_not_causes(built_site):
    """Each kind of ratio the registry uses is explained in plain words on the page, and the
    page says that a link is not a cause and that ratios are relative, not absolute."""
    text = built_site.soup(evidence_page(built_site)).get_text(" ").lower()
    used = {stat.measure for stat in registry(built_site.sources.docs).stats}
    for measure in used & {"OR", "HR", "RR"}:
        assert RATIO_NAMES[measure] in text, measure
    if "g" in used:
        assert "hedges" in text
    assert "confidence interval" in text
    assert "caus" in text
    assert "relative" in text and "absolute" in text


def test_the_evidence_page_is_in_the_navigation_next_to_references(built_site):
    files = [name for _, name in nav_entries(built_site.sources.config_file)]
    evidence = evidence_page(built_site)
    references = page_holding(built_site.sources.docs, BIBLIOGRAPHY_MARKER)
    evidence_file = next(name for name in files if url_path(name) == evidence)
    references_file = next(name for name in files if url_path(name) == references)
    assert abs(files.index(evidence_file) - files.index(references_file)) == 1


def test_chart_values_carry_their_record(built_site, article_page):
    stats = registry(built_site.sources.docs).by_id()
    for figure in built_site.soup(article_page).select("figure.evidence-chart"):
        cells = figure.find_next("table").select("tbody [data-statistic]")
        assert cells
        for cell in cells:
            stat = stats[cell["data-statistic"]]
            assert stat.chart is not None
            assert f"{stat.value:.2f}" in cell.get_text()


def test_the_references_page_links_back_to_the_evidence_page_for_every_source(built_site):
    """Evidence -> reference (each record's citation) and reference -> Evidence (back-link)."""
    references = page_holding(built_site.sources.docs, BIBLIOGRAPHY_MARKER)
    evidence = evidence_page(built_site)
    soup = built_site.soup(references)
    for key in {stat.cite for stat in registry(built_site.sources.docs).stats}:
        back = soup.select_one(f"#cite-{key} .cited-in")
        assert back is not None, key
        targets = {resolve(references, a["href"])[0] for a in back.select("a[href]")}
        assert evidence in targets, (key, targets)
