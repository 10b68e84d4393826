"""references.bib: every entry complete with at most a well-formed DOI, APA 7 output for every entry
type, in-text author rules, APA order, one-line errors for bad entries, formatting cached."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support.site_helpers import REPO, SAMPLE_BIB

from connection_series.citations import bibliography
from connection_series.citations.bib_reader import read_entries

pytestmark = pytest.mark.unit

BIB = REPO / "references.bib"
CACHE = REPO / ".cache" / "citations"  # shared with the builds of the real site
ARTIFACTS = re.compile(r"--|\\|[{}]|&amp;|&\w+;|  ")
# The real file (what holds for any content) and the tests' own entries (what the formatter
# prints for a known work: the real file may change as contributors need).
FILES = {"real": BIB, "sample": SAMPLE_BIB}


@pytest.fixture(scope="module", params=FILES)
def any_bib(request):
    return bibliography.load(FILES[request.param], "references.bib", CACHE).bibliography


@pytest.fixture(scope="module")
def sample():
    return bibliography.load(SAMPLE_BIB, "references.bib", CACHE).bibliography


def author_counts(path) -> dict[str, int]:
    entries = read_entries(path.read_text(encoding="utf-8"))
    return {entry.key: len(entry.persons.get("author", [])) for entry in entries}


def text_of(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text()


def load_text(tmp_path: Path, text: str, cache: Path | None = None) -> bibliography.Loaded:
    path = tmp_path / "references.bib"
    path.write_text(text, encoding="utf-8")
    return bibliography.load(path, "references.bib", cache)


def messages(loaded: bibliography.Loaded) -> list[str]:
    return [str(problem) for problem in loaded.errors()]


@pytest.mark.parametrize("name", FILES)
def test_every_entry_has_its_required_fields_and_at_most_a_well_formed_doi(name):
    """Invariants of references.bib, whatever it holds: the checks of the bibliography (required
    fields per entry type, a four-digit year, DOI shape, one entry per DOI) find nothing, and
    each reference prints at most one link, to its DOI."""
    loaded = bibliography.load(FILES[name], "references.bib", CACHE)
    assert loaded.errors() == []
    references = loaded.bibliography.references
    assert references
    for key, reference in references.items():
        links = [a["href"] for a in BeautifulSoup(reference.html, "html.parser").find_all("a")]
        assert len(links) <= 1, key
        assert all(re.fullmatch(r"https://doi\.org/10\.\d{4,9}/\S+", href) for href in links), key


def test_books_are_books_with_their_publisher_and_the_preprint_says_so(sample):
    assert text_of(sample.references["glass1995"].html) == (
        "Glass, L. (1995). Toxic people: 10 ways of dealing with people who make your life "
        "miserable. Simon & Schuster."
    )
    assert "<i>The good life:" in sample.references["waldinger2023"].html
    assert text_of(sample.references["newman2024"].html) == (
        "Newman, S. J. (2024). Supercentenarian and remarkable age records exhibit patterns "
        "indicative of clerical errors and pension fraud [Preprint]. bioRxiv. "
        "https://doi.org/10.1101/704080"
    )


def test_journal_article_is_apa_7(sample):
    html = sample.references["luo2012"].html
    assert text_of(html) == (
        "Luo, Y., Hawkley, L. C., Waite, L. J., & Cacioppo, J. T. (2012). Loneliness, health, "
        "and mortality in old age: A national longitudinal study. Social Science & Medicine, "
        "74(6), 907\u2013914. https://doi.org/10.1016/j.socscimed.2011.11.028"
    )
    assert "<i>Social Science &amp; Medicine</i>, <i>74</i>(6)" in html


def test_article_number_and_missing_pages(sample):
    assert "7(7), Article e1000316. https" in text_of(sample.references["holtlunstad2010"].html)
    # shen2025: page numbers unverified, so none are printed.
    assert text_of(sample.references["shen2025"].html).endswith(
        "Nature Human Behaviour, 9(3). https://doi.org/10.1038/s41562-024-02078-1"
    )


def test_name_particles_and_compound_names_print_as_written(sample):
    text = text_of(sample.references["kuiper2015"].html)
    assert "Oude Voshaar, R. C., Zuidema, S. U., van den Heuvel, E. R., Stolk, R. P., &" in text


@pytest.mark.parametrize("name", FILES)
def test_no_reference_shows_markup_artifacts(name):
    loaded = bibliography.load(FILES[name], "references.bib", CACHE).bibliography
    authors = author_counts(FILES[name])
    for key, reference in loaded.references.items():
        text = text_of(reference.html)
        assert not ARTIFACTS.search(text), (key, text)
        assert re.fullmatch(r".+ \(\d{4}\)\. .+\.( https://doi\.org/\S+)?", text), (key, text)
        if authors[key] > 1:  # APA joins the last two authors with "&"
            assert " & " in text, (key, text)


def test_in_text_author_rules(sample):
    refs = sample.references
    assert (refs["cole2019"].author, refs["cole2019"].year) == ("Cole", "2019")
    assert refs["waldinger2010"].author == "Waldinger &amp; Schulz"
    assert refs["waldinger2010"].narrative_author == "Waldinger and Schulz"
    assert refs["holtlunstad2010"].author == "Holt-Lunstad et al."  # 3 authors
    assert refs["marmot1991"].author == "Marmot et al."
    # APA 8.20: first authors with the same family name and different initials.
    assert refs["wang2018"].author == "J. Wang et al."
    assert refs["wang2023"].author == "F. Wang et al."


def test_reference_list_is_in_apa_order(any_bib, sample):
    keys = any_bib.keys()
    assert keys == sorted(keys, key=lambda key: any_bib.references[key].order)
    keys = sample.keys()
    # Letter by letter over all authors: Holt-Lunstad, Smith, Baker (2015) before ... Layton
    # (2010); Valtorta ... Hanratty (2018) before ... Ronzi (2016); F. Wang before J. Wang.
    for first, second in [
        ("holtlunstad2015", "holtlunstad2010"),
        ("valtorta2018", "valtorta2016"),
        ("waldinger2010", "waldinger2023"),
        ("wang2023", "wang2018"),
        ("cole2019", "devogli2007"),
    ]:
        assert keys.index(first) < keys.index(second), (first, second)


def test_the_same_content_is_formatted_once(tmp_path, sample):
    cache = tmp_path / "cache"
    again = load_text(tmp_path, SAMPLE_BIB.read_text(encoding="utf-8"), cache).bibliography
    assert again.references == sample.references
    small = ENTRY.format(key="smith2001", extra="")
    changed = load_text(tmp_path, small, cache).bibliography
    assert changed.references != sample.references
    # One formatted file per content: loading the same content again formats nothing new.
    assert len(list(cache.glob("*.json"))) == 2
    assert load_text(tmp_path, small, cache).bibliography.references == changed.references
    assert len(list(cache.glob("*.json"))) == 2


def test_memoised_style_lookups_change_nothing():
    from citeproc.model import CitationStylesElement
    from pybtex.database import parse_string

    entries = parse_string(SAMPLE_BIB.read_text(encoding="utf-8"), "bibtex").entries
    original = CitationStylesElement.xpath_search
    with bibliography._style_lookups_memoised():
        assert CitationStylesElement.xpath_search is not original
    assert CitationStylesElement.xpath_search is original  # restored
    assert bibliography._format(entries) == bibliography._format_entries(entries)


def test_formatted_references_are_kept_on_disk_by_content_hash(tmp_path, monkeypatch):
    path = tmp_path / "references.bib"
    path.write_text(ENTRY.format(key="smith2001", extra=""), encoding="utf-8")
    first = bibliography.load(path, "references.bib", tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1
    monkeypatch.setattr(bibliography, "_format", lambda entries: pytest.fail("formatted again"))
    second = bibliography.load(path, "references.bib", tmp_path / "cache")
    assert second.bibliography.references == first.bibliography.references


def test_problems_are_reported_on_every_load_even_when_formatting_is_cached(tmp_path):
    text = "@book{nopub2001,\n  author = {A, B.},\n  title = {T},\n  year = {2001},\n}\n"
    first = load_text(tmp_path, text, tmp_path / "cache")
    second = load_text(tmp_path, text, tmp_path / "cache")
    assert len(messages(first)) == 1
    assert messages(second) == messages(first)


ENTRY = "@article{{{key},\n  author = {{A, B.}},\n  title = {{T}},\n  journal = {{J}},\n  year = {{2001}},\n  volume = {{1}},{extra}\n}}\n"  # noqa: E501


def test_duplicate_key_names_both_lines(tmp_path):
    text = ENTRY.format(key="smith2001", extra="") + "\n" + ENTRY.format(key="Smith2001", extra="")
    assert messages(load_text(tmp_path, text)) == [
        "references.bib:9: duplicate key 'Smith2001' (first defined on line 1). "
        "Give one of the two entries another key, or delete the copy"
    ]


def test_malformed_bibtex_names_the_line(tmp_path):
    text = ENTRY.format(key="ok2001", extra="") + "\n@article{bad2002,\n  title = {T\n"
    [problem] = messages(load_text(tmp_path, text))
    assert problem.startswith("references.bib:")
    assert "malformed BibTeX" in problem or "never closed" in problem
    assert "\n" not in problem


def test_missing_fields_bad_doi_and_shared_doi_are_one_line_each(tmp_path):
    text = (
        "@book{nopub2001,\n  author = {A, B.},\n  title = {T},\n  year = {2001},\n}\n"
        + ENTRY.format(key="url2002", extra="\n  doi = {https://doi.org/10.1000/x}")
        + ENTRY.format(key="first2003", extra="\n  doi = {10.1000/same}")
        + ENTRY.format(key="second2004", extra="\n  doi = {10.1000/SAME}")
        + "@inproceedings{conf2005,\n  author = {A, B.},\n  title = {T},\n  year = {2005},\n}\n"
    )
    assert messages(load_text(tmp_path, text)) == [
        "references.bib:1: entry 'nopub2001' (@book) is missing publisher. "
        "Add it: an @book needs author, title, publisher, year",
        "references.bib:12: entry 'url2002' has a DOI not of the form 10.NNNN/...: "
        "'https://doi.org/10.1000/x'. Write the bare DOI, without https://doi.org/ or doi:",
        "references.bib:28: entries 'first2003' (line 14) and 'second2004' have the same DOI "
        "10.1000/SAME. Keep one entry and cite it by its key",
        "references.bib:30: entry 'conf2005' has type @inproceedings, which the site cannot "
        "format. Use one of @article, @book, @misc",
    ]


def test_a_configured_but_missing_bibliography_is_one_line(tmp_path):
    loaded = bibliography.load(tmp_path / "refs.bib", "refs.bib")
    [problem] = messages(loaded)
    assert problem.startswith("refs.bib: cannot be read")
    assert loaded.bibliography.references == {}


def test_a_reviewed_correction_shows_on_the_reference(tmp_path):
    notice = "\n  notice = {correction 2021 10.1000/fix: The authors corrected Table 2.},"
    loaded = load_text(tmp_path, ENTRY.format(key="fixed2001", extra=notice))
    assert messages(loaded) == []
    html = loaded.bibliography.references["fixed2001"].html
    assert "Corrected in 2021" in text_of(html)
    assert 'href="https://doi.org/10.1000/fix"' in html


def test_a_retracted_source_cannot_be_cited(tmp_path):
    notice = "\n  notice = {retraction 2022 10.1000/gone: Retracted by the journal.},"
    [problem] = messages(load_text(tmp_path, ENTRY.format(key="gone2001", extra=notice)))
    assert problem.startswith("references.bib:7: entry 'gone2001' is retracted")


def test_a_compound_family_name_prints_whole_in_the_reference_and_the_citation(tmp_path):
    """George Davey Smith: 'Davey Smith, G.' in BibTeX and in APA, never 'Smith, G. D.'."""
    entry = ENTRY.format(key="daveysmith2001", extra="").replace(
        "{A, B.}", "{Davey Smith, G. and Marmot, M. G.}"
    )
    reference = load_text(tmp_path, entry).bibliography.references["daveysmith2001"]
    assert text_of(reference.html).startswith("Davey Smith, G., & Marmot, M. G. (2001).")
    assert reference.author == "Davey Smith &amp; Marmot"
    assert reference.narrative_author == "Davey Smith and Marmot"
