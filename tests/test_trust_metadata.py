"""Structured data for search engines and link previews: JSON-LD on articles, Open Graph and a
canonical link on every page, and a sitemap that lists every page."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config
from support.trust_sites import TODAY

from connection_series.citations.bib_reader import read_entries
from connection_series.citations.dois import cited_keys, doi_url

pytestmark = pytest.mark.site

DOI_URL_RE = re.compile(r"^https://doi\.org/10\.\d{4,9}/\S+$")


@cache
def config_of(config_file: Path):
    return load_config(str(config_file))


def config(built_site):
    return config_of(built_site.sources.config_file)


def json_ld(soup) -> list[dict]:
    return [json.loads(block.string) for block in soup.select('script[type="application/ld+json"]')]


def front_matter(built_site, url_path: str) -> dict:
    source = built_site.sources.docs / f"{url_path.rstrip('/')}.md"
    return yaml.safe_load(source.read_text(encoding="utf-8").split("---")[1])


def test_article_json_ld_is_a_medical_web_page_with_the_required_fields(built_site, article_page):
    url_path = article_page
    site, base = config(built_site), config(built_site).site_url
    [data] = json_ld(built_site.soup(url_path))
    meta = front_matter(built_site, url_path)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["headline"] == meta["title"]
    assert data["description"] == meta["description"]
    assert data["datePublished"] == meta["published"].isoformat()
    assert data["lastReviewed"] == meta["last_reviewed"].isoformat()
    assert data["author"] == [
        {"@type": "Organization", "name": site.site_author} for _ in meta["authors"]
    ]
    assert data["publisher"] == {"@type": "Organization", "name": site.site_name, "url": base}
    assert data["inLanguage"] == "en"
    assert data["url"] == base + url_path
    citations = data.get("citation", [])  # left out when the page cites no DOI
    assert all(DOI_URL_RE.match(url) for url in citations), citations
    assert len(set(citations)) == len(citations)


def test_json_ld_lists_dois_of_the_works_the_page_cites_in_order(good_site):
    from bs4 import BeautifulSoup

    html = (good_site.site_dir / "article" / "index.html").read_text(encoding="utf-8")
    [data] = json_ld(BeautifulSoup(html, "html.parser"))
    # book: no DOI; incode: only inside code, so not cited.
    assert data["citation"] == [
        "https://doi.org/10.1000/xyz(01)-2",
        "https://doi.org/10.2000/ABC.1",
    ]
    assert data["author"][1] == {"@type": "Person", "name": "Ada Example"}
    assert data["reviewedBy"] == {"@type": "Person", "name": "Dr Rev Iewer"}
    assert data["lastReviewed"] == TODAY.isoformat()


def test_citation_keys_are_read_from_every_citation_form():
    markdown = (
        "A [@one]. B [@two; @three, p. 12]. C [see @four, ch. 2; -@five].\n"
        "Not: me@example.org, [^foot], [text @six](https://x.org), `[@seven]`,\n"
        "```\n[@eight]\n```\n"
        "Again [@one]."
    )
    assert cited_keys(markdown) == ["one", "two", "three", "four", "five"]


def test_doi_urls_accept_bare_and_linked_dois():
    assert doi_url("10.1016/0140-6736(91)93068-K") == "https://doi.org/10.1016/0140-6736(91)93068-K"
    assert doi_url("https://doi.org/10.1/a") == "https://doi.org/10.1/a"
    assert doi_url("doi: 10.1/a b") == "https://doi.org/10.1/a%20b"


def test_each_article_lists_the_dois_of_the_works_its_reference_list_shows(built_site):
    """The JSON-LD `citation` holds exactly the DOIs of the works in the page's own reference
    list (works without a DOI, such as books, are not listed), each once."""
    bib = built_site.project / config(built_site).plugins["series"].config.bibliography
    dois = {entry.key: entry.doi for entry in read_entries(bib.read_text(encoding="utf-8"))}
    for url_path in built_site.sources.article_pages:
        soup = built_site.soup(url_path)
        [data] = json_ld(soup)
        listed = [li["id"].removeprefix("cite-") for li in soup.select("ul.references > li")]
        expected = {doi_url(dois[key]) for key in listed if dois.get(key)}
        citations = data.get("citation", [])
        assert set(citations) == expected, url_path
        assert len(citations) == len(expected), url_path


def test_pages_that_are_not_articles_carry_no_json_ld(built_site):
    articles = built_site.sources.article_pages
    for url_path in [page for page in built_site.sources.nav_pages if page not in articles]:
        assert json_ld(built_site.soup(url_path)) == [], url_path
    assert json_ld(built_site.soup("404.html")) == []


def meta_property(soup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name})
    return tag["content"] if tag else None


def test_every_page_has_a_canonical_link_and_open_graph_tags(built_site, nav_page):
    url_path = nav_page
    site, base = config(built_site), config(built_site).site_url
    soup = built_site.soup(url_path)
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == base + url_path
    assert meta_property(soup, "og:url") == canonical
    assert meta_property(soup, "og:title") == soup.title.get_text().split(" - ")[0]
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert meta_property(soup, "og:description") == description
    expected_type = "article" if url_path in built_site.sources.article_pages else "website"
    assert meta_property(soup, "og:type") == expected_type
    assert meta_property(soup, "og:site_name") == site.site_name


def test_sitemap_lists_every_built_page_but_the_404_page(built_site):
    base = config(built_site).site_url
    tree = ET.parse(built_site.root / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = sorted(element.text for element in tree.findall("s:url/s:loc", namespace))
    pages = []
    for path in built_site.html_files():
        relative = path.relative_to(built_site.root).as_posix()
        if relative != "404.html":
            pages.append(base + relative.removesuffix("index.html"))
    assert listed == sorted(pages)
    assert set(base + page for page in built_site.sources.nav_pages) <= set(listed)
