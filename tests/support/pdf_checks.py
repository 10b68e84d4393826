"""What the planner tests read from a PDF: pages, paper size, text, font sizes, embedded fonts."""

from __future__ import annotations

import io
import math
import unicodedata

from pypdf import PdfReader

A4 = (595.3, 841.9)  # points
LETTER = (612.0, 792.0)


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_size(reader: PdfReader) -> tuple[float, float]:
    box = reader.pages[0].mediabox
    return float(box.width), float(box.height)


def text(reader: PdfReader) -> str:
    """All text, whitespace runs made single spaces (line breaks vary by paper) and ligatures
    ("ﬁ" from Chromium's fonts) spelt out."""
    words = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFKC", words).split())


def _multiply(m: list[float], n: list[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def smallest_text(reader: PdfReader) -> tuple[float, str]:
    """The smallest size (in points, as printed) of any visible text, and that text."""
    found: list[tuple[float, str]] = []

    def visit(content: str, cm, tm, font_dict, font_size) -> None:
        if content.strip() and font_size:
            a, b, c, d = _multiply(list(tm), list(cm))[:4]
            found.append((font_size * math.sqrt(abs(a * d - b * c)), content.strip()))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return min(found)


def fonts_without_embedded_file(reader: PdfReader) -> list[str]:
    """Names of the fonts on the pages whose glyphs are not inside the PDF."""
    missing = []
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.get_object().values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
    return missing
