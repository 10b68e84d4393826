"""The planner PDFs drawn at build time: one page each, the right paper, real text and fonts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from support.pdf_checks import (
    A4,
    LETTER,
    fonts_without_embedded_file,
    page_size,
    read,
    smallest_text,
    text,
)
from support.planner_sheet import planner_page, sheet_texts, site_name

from connection_series.planner.sheet import PDFS

pytestmark = pytest.mark.site

PAPERS = [("A4", A4), ("Letter", LETTER)]


@cache
def read_pdfs(folder: Path) -> dict:
    return {size: read((folder / name).read_bytes()) for size, name in PDFS.items()}


@pytest.fixture
def pdfs(built_site):
    # The PDFs sit beside the page that shows the sheet.
    return read_pdfs(built_site.page_path(planner_page(built_site.sources)).parent)


@pytest.mark.parametrize(("size", "expected"), PAPERS)
def test_each_pdf_is_one_page_of_its_paper(pdfs, size, expected):
    reader = pdfs[size]
    assert len(reader.pages) == 1
    width, height = page_size(reader)
    assert width == pytest.approx(expected[0], abs=1)
    assert height == pytest.approx(expected[1], abs=1)


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_each_pdf_has_the_whole_sheet_as_text(built_site, pdfs, size):
    words = text(pdfs[size])
    # The short disclaimer as the site defines it (one partial), whatever its wording.
    planner = planner_page(built_site.sources)
    disclaimer = built_site.soup(planner).select_one("#medical-disclaimer")
    assert " ".join(disclaimer.get_text().split()) in words
    for expected in [*sheet_texts(built_site.sources), site_name(built_site.sources), planner]:
        assert expected in words, f"{expected!r} missing from the {size} PDF"
    # Screen-reader labels are not printed on paper.
    assert "Person 1:" not in words


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_each_pdf_embeds_its_fonts_and_has_no_text_under_9_points(pdfs, size):
    assert fonts_without_embedded_file(pdfs[size]) == []
    points, sample = smallest_text(pdfs[size])
    assert points >= 9 - 0.01, f"{sample!r} is {points:.1f} pt in the {size} PDF"


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_the_pdf_links_to_the_full_disclaimer_on_the_site(pdfs, size):
    links = [
        annotation.get_object()["/A"].get("/URI")
        for annotation in pdfs[size].pages[0].get("/Annots", [])
    ]
    assert any(str(link).endswith("/about/#full-disclaimer") for link in links), links
    assert all(str(link).startswith(("http://", "https://")) for link in links), links


def test_the_planner_page_has_the_short_disclaimer_once(built_site):
    planner = planner_page(built_site.sources)
    assert len(built_site.soup(planner).select("#medical-disclaimer")) == 1


def test_the_planner_page_links_to_both_pdfs(built_site):
    planner = planner_page(built_site.sources)
    links = built_site.soup(planner).select(".planner-downloads a[download]")
    targets = {link["href"] for link in links}
    assert targets == set(PDFS.values())
    for href in targets:
        assert (built_site.page_path(planner).parent / href).resolve().is_file()


def test_a_pdf_is_drawn_again_only_when_what_shapes_it_changes(monkeypatch, tmp_path):
    import weasyprint

    from connection_series.planner import pdf as planner_pdf

    calls = []
    real_html = weasyprint.HTML

    def counting_html(*args, **kwargs):
        calls.append(1)
        return real_html(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", counting_html)
    cache = tmp_path / "cache"  # on disk: a repeat build or a preview rebuild reads it back
    html = "<p>Sheet</p>"
    first = planner_pdf.draw_pdf(html, "p { color: black }", "A4", cache)
    assert planner_pdf.draw_pdf(html, "p { color: black }", "A4", cache) == first
    assert first[1] == 1  # the page count travels with the cached file
    assert len(calls) == 1
    planner_pdf.draw_pdf(html, "p { color: black }", "Letter", cache)
    planner_pdf.draw_pdf("<p>Changed</p>", "p { color: black }", "A4", cache)
    assert len(calls) == 3
