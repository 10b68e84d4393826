"""The short medical disclaimer on paper: shown by the print stylesheet and printed to PDF on
every page, in Chromium."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from test_trust_disclaimer import MUST_SAY, words

pytestmark = pytest.mark.browser


# --- on paper -------------------------------------------------------------------------------


def test_print_media_shows_the_disclaimer_while_material_hides_the_footer(
    page, site_url, site_page
):
    url_path = site_page
    page.emulate_media(media="print")
    page.goto(site_url + url_path)
    disclaimer = page.locator("#medical-disclaimer")
    assert disclaimer.is_visible(), url_path
    box = disclaimer.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 20, box
    colour = disclaimer.evaluate("element => getComputedStyle(element).color")
    assert colour in ("rgb(0, 0, 0)", "rgba(0, 0, 0, 1)"), colour
    assert not page.locator("footer.md-footer").is_visible()  # print CSS is in effect


def pdf_text(page) -> str:
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return words(" ".join(sheet.extract_text() for sheet in reader.pages))


def test_printing_to_pdf_puts_the_disclaimer_on_paper(page, site_url, site_page):
    url_path = site_page
    page.goto(site_url + url_path)
    text = pdf_text(page)
    assert "Medical disclaimer:" in text, url_path
    for phrase in MUST_SAY:
        assert phrase in text, (url_path, phrase)
    assert re.search(r"Read the full medical disclaimer", text)
