"""Citations on built pages: a small fixture site that cites in every form
(tests/support/citation_sites.py), the real site (whatever docs/ holds) and contributor errors
on fixture sites. The tooltip in a browser: test_citations_browser.py."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from support.site_helpers import REPO, SAMPLE_BIB, BuiltSite, build, write_fixture_site
from test_citations_bibliography import CACHE

from connection_series.citations import bibliography
from connection_series.citations.syntax import find_citations

pytestmark = pytest.mark.site

ARTIFACTS = re.compile(r"--|\\|[{}]|&amp;|&\w+;|  ")
APA_SHAPE = re.compile(r"[^()]+ \(\d{4}\)\. .+\.( https://doi\.org/10\.\d{4,9}/\S+)?")


@pytest.fixture(scope="module")
def sample_bib():
    """The bibliography the citations' fixture site cites from (the tests' own)."""
    return bibliography.load(SAMPLE_BIB, "references.bib", CACHE).bibliography


@pytest.fixture
def site_bib(built_site):
    """The bibliography the built site (real or grown) was made from."""
    cache = CACHE if built_site.project == REPO else built_site.project / ".cache" / "citations"
    bib = built_site.project / "references.bib"
    return bibliography.load(bib, "references.bib", cache).bibliography


def references_page(built_site) -> str:
    from test_statistics_site import page_holding

    from connection_series.citations.extension import MARKER_LINE

    return page_holding(built_site.sources.docs, MARKER_LINE)


def article(site: BuiltSite, url_path: str):
    return site.soup(url_path).select_one("article.md-content__inner")


def citation_texts(site: BuiltSite, url_path: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", a.parent.get_text())
        for a in article(site, url_path).select("a.citation")
    ]


def test_parenthetical_group_locator_and_narrative_forms(citing_site):
    text = re.sub(r"\s+", " ", article(citing_site, "").get_text())
    for expected in [
        "linked with earlier death (Holt-Lunstad et al., 2015).",
        "Two reviews agree (Holt-Lunstad et al., 2010; Valtorta et al., 2016).",
        "Same authors, two years (Valtorta et al., 2016, 2018).",
        "A page is named (Cole, 2019, p. 33) and a range (Kuiper et al., 2015, pp. 40\u201342).",
        "Holt-Lunstad et al. (2010) pooled 148 studies. Waldinger and Schulz (2010) studied",
        "Two Wangs: (F. Wang et al., 2023; J. Wang et al., 2018).",
        "Order as cited: (Kuiper et al., 2015; J. Wang et al., 2018).",
        "Touch helps (Packheiser et al., 2024).",
        "Luo et al. (2012) loneliness predicted death (Luo et al., 2012)",
        "Write to team@example.org.",
        "Our handle is @connection.",
    ]:
        assert expected in text


def test_code_is_left_alone(citing_site):
    page = article(citing_site, "")
    codes = [code.get_text() for code in page.select("p code")]
    assert codes == ["[@cole2019]", "<!-- bibliography -->"]
    assert page.find(id="further-reading") is None  # the marker in code is not the marker
    assert "@rook2015 [@rook2015]" in page.select_one("pre").get_text()
    assert not page.select("pre a, code a")


def test_every_citation_links_to_a_reference_on_its_page_with_a_unique_id(citing_site):
    for url_path in ["", "more/"]:
        page = article(citing_site, url_path)
        links = page.select("a.citation")
        assert links
        ids = [link["id"] for link in links]
        assert len(ids) == len(set(ids))
        for link in links:
            assert "footnote-ref" in link["class"]  # Material's tooltip hooks on this class
            target = page.find(id=link["href"].removeprefix("#"))
            assert target is not None and target.name == "li", link
            assert target.find_parent("ul")["class"] == ["references"]


def test_page_ends_with_references_in_apa_order(citing_site, sample_bib):
    page = article(citing_site, "")
    heading = page.find("h2", id="references")
    assert heading is not None
    items = heading.find_next_sibling("ul", class_="references").find_all("li")
    keys = [item["id"].removeprefix("cite-") for item in items]
    assert set(keys) == {
        "holtlunstad2015", "valtorta2016", "holtlunstad2010", "valtorta2018", "cole2019",
        "kuiper2015", "waldinger2010", "wang2018", "wang2023", "packheiser2024", "luo2012",
    }  # fmt: skip
    assert keys == [key for key in sample_bib.references if key in keys]
    assert heading.find_next_sibling(["h1", "h2"]) is None  # the last section of the page


def test_references_page_lists_everything_with_back_links(citing_site, sample_bib):
    page = article(citing_site, "references/")
    entries = page.select("ul.references > li")
    assert sorted(entry["id"][5:] for entry in entries) == sorted(sample_bib.keys())
    backlinks = {
        entry["id"][5:]: [a["href"] for a in entry.select("p.cited-in a")] for entry in entries
    }
    assert backlinks["holtlunstad2015"] == [
        "../#cite-ref-holtlunstad2015-1",
        "../more/#cite-ref-holtlunstad2015-1",
    ]
    assert backlinks["rook2015"] == ["../more/#cite-ref-rook2015-1"]  # code on index is no cite
    assert "Cited in Evidence and More." in page.find(id="cite-holtlunstad2015").get_text()


def test_uncited_entries_are_listed_under_further_reading(citing_site):
    page = article(citing_site, "references/")
    further = page.find("h2", id="further-reading")
    assert further is not None and further.get_text().startswith("Further reading")
    listed = [li["id"][5:] for li in further.find_next_sibling("ul").find_all("li")]
    assert "glass1995" in listed and "newman2024" in listed
    assert "holtlunstad2015" not in listed
    assert all(not li.select("p.cited-in") for li in further.find_next_sibling("ul")("li"))
    # The further-reading heading is in the page's table of contents.
    toc = citing_site.soup("references/").select("nav.md-nav--secondary a")
    assert "Further reading" in [a.get_text(strip=True) for a in toc]


def bib_with(tmp_path: Path, text: str) -> dict:
    path = tmp_path / "bad.bib"
    path.write_text(text, encoding="utf-8")
    return {"bibliography": str(path), "feedback_url": "https://example.org/feedback"}


def error_lines(output: str) -> list[str]:
    return [line.split(" - ", 1)[1].strip() for line in output.splitlines() if " - " in line and (
        line.startswith("WARNING") or line.startswith("ERROR"))]  # fmt: skip


ENTRY = "@article{{{key},\n  author = {{A, B.}},\n  title = {{T}},\n  journal = {{J}},\n  year = {{2001}},\n  volume = {{1}},{extra}\n}}\n"  # noqa: E501


def test_unknown_key_and_bad_entries_each_fail_the_strict_build_in_one_line(tmp_path):
    bib = (
        ENTRY.format(key="smith2001", extra="\n  doi = {doi:10.1000/x}")
        + "@book{jones2002,\n  author = {Jones, C.},\n  title = {T},\n  year = {2002},\n}\n"
        + ENTRY.format(key="brown2003", extra="\n  doi = {10.1000/y}")
        + ENTRY.format(key="green2004", extra="\n  doi = {10.1000/y}")
    )
    page = "# Home\n\nText.\n\nAs shown [@smyth2001].\n"
    config = write_fixture_site(tmp_path, {"index.md": page}, series=bib_with(tmp_path, bib))
    result = build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.output
    shown = "bad.bib"
    assert error_lines(result.output) == [
        f"{shown}:7: entry 'smith2001' has a DOI not of the form 10.NNNN/...: 'doi:10.1000/x'. "
        "Write the bare DOI, without https://doi.org/ or doi:",
        f"{shown}:9: entry 'jones2002' (@book) is missing publisher. "
        "Add it: an @book needs author, title, publisher, year",
        f"{shown}:28: entries 'brown2003' (line 14) and 'green2004' have the same DOI "
        "10.1000/y. Keep one entry and cite it by its key",
        "docs/index.md:5: unknown citation key '@smyth2001'. "
        "Did you mean '@smith2001'? Otherwise add an entry 'smyth2001' to references.bib",
    ]


@pytest.mark.parametrize(
    ("bib", "message"),
    [
        (
            ENTRY.format(key="smith2001", extra="") + ENTRY.format(key="smith2001", extra=""),
            "bad.bib:8: duplicate key 'smith2001' (first defined on line 1). "
            "Give one of the two entries another key, or delete the copy",
        ),
        (
            ENTRY.format(key="smith2001", extra="") + "@article{x2002,\n  title = {T,\n",
            "bad.bib:",
        ),
    ],
    ids=["duplicate-key", "malformed"],
)
def test_unusable_bibliography_stops_the_build_in_one_line(tmp_path, bib, message):
    config = write_fixture_site(
        tmp_path, {"index.md": "# Home\n\n[@smith2001]\n"}, series=bib_with(tmp_path, bib)
    )
    result = build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.output
    lines = error_lines(result.output)
    assert len(lines) == 1 and lines[0].startswith(message), result.output
    if message == "bad.bib:":
        assert "malformed BibTeX" in lines[0]


# The real site and the grown copy, whatever docs/ holds (many citations, or none yet).


def test_no_citation_syntax_is_left_in_built_pages(built_site):
    for path in built_site.html_files():
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        content = soup.select_one("article.md-content__inner")
        if content is None:
            continue
        for code in content.select("code, pre"):
            code.decompose()
        assert "[@" not in content.get_text(), path


def test_every_rendered_reference_is_apa_shaped_and_artifact_free(built_site):
    seen = 0
    for path in built_site.html_files():
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for entry in soup.select("ul.references > li"):
            reference = re.sub(r"\s+", " ", entry.p.get_text()).strip()
            assert APA_SHAPE.fullmatch(reference), (path, reference)
            assert not ARTIFACTS.search(reference), (path, reference)
            for link in entry.p.select("a"):
                assert link["href"] == link.get_text(), reference  # DOI printed and linked
            seen += 1
    entries = (built_site.project / "references.bib").read_text(encoding="utf-8")
    assert seen >= entries.count("\n@")  # the references page alone lists every entry


def test_references_page_lists_every_entry_once(built_site, site_bib):
    references = references_page(built_site)
    entries = built_site.soup(references).select("ul.references > li")
    ids = [entry["id"][5:] for entry in entries]
    assert sorted(ids) == sorted(site_bib.keys())
    # APA order within each list (cited, then further reading).
    for ul in built_site.soup(references).select("ul.references"):
        keys = [li["id"][5:] for li in ul.find_all("li", recursive=False)]
        assert keys == sorted(keys, key=lambda key: site_bib.references[key].order)


def test_every_back_link_and_citation_link_resolves(built_site):
    checked = 0
    for path in built_site.html_files():
        relative = path.relative_to(built_site.root).as_posix()
        page_url = "http://site/" + relative
        for link in built_site.soup(relative).select("p.cited-in a, a.citation"):
            target = urlparse(urljoin(page_url, link["href"]))
            # Parsed once per page, not once per link (BuiltSite keeps each page's parse).
            target_soup = built_site.soup(target.path.removeprefix("/"))
            assert target_soup.find(id=target.fragment) is not None, (path, link["href"])
            checked += 1
    sources = built_site.sources.public_sources
    citations = sum(len(find_citations(p.read_text(encoding="utf-8"))) for p in sources)
    assert checked >= citations  # every citation (and every back-link) was checked
