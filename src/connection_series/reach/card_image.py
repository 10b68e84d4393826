"""Draw one social card: a 1200x630 PNG with the page's part number, its title and the
series' name, in the site's colours. Pillow draws the text from font files on this machine
(DejaVu, Debian's fonts-dejavu-core), so nothing is fetched and no contributor text is ever
read as markup: it is only ever drawn as text.

The title is wrapped at word boundaries (a word too long for a line is broken) and set in
the largest size at which it fits its box; a title too long even at the smallest size ends
with an ellipsis on the last line that fits.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BAND_HEIGHT = 128  # the light band at the bottom, with the series' name
STRIPE_HEIGHT = 10  # the accent stripe on top of the band (decoration)
LABEL_SIZE = 40
TITLE_SIZES = range(80, 39, -4)  # largest first
BAND_SIZES = range(34, 21, -2)
LINE_SPACING = 1.2
ELLIPSIS = "…"
MAX_CHARACTERS = 300  # more than any card shows: a longer text is cut before it is measured
MIN_CONTRAST = 4.5  # WCAG 2.2 AA for text


@dataclass(frozen=True)
class CardText:
    label: str  # "Part 3", or ""
    title: str
    band: str  # the series' name (or, on the home page, the site's address)


@dataclass(frozen=True)
class Palette:
    background: str  # "#00695c": behind the label and title
    text: str  # the label and title; the band's background
    accent: str  # the stripe above the band


def rgb(colour: str) -> tuple[int, int, int]:
    """'#00695c' or '#fff' (an alpha part is ignored) -> (0, 105, 92)."""
    value = colour.strip().lstrip("#")
    if len(value) in (3, 4):
        value = "".join(digit * 2 for digit in value[:3])
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""

    def luminance(colour: str) -> float:
        channels = [part / 255 for part in rgb(colour)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def draw_card(text: CardText, palette: Palette, font_file: Path) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), rgb(palette.background))
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    band_top = HEIGHT - BAND_HEIGHT
    top = MARGIN - 16
    if text.label:
        label_font = ImageFont.truetype(str(font_file), LABEL_SIZE)
        [label] = fitted_lines(text.label, label_font, width, 1)
        draw.text((MARGIN, top), label, font=label_font, fill=rgb(palette.text))
        top += round(LABEL_SIZE * LINE_SPACING) + 16
    font, lines = fitted_title(text.title, font_file, width, band_top - 40 - top)
    step = round(font.size * LINE_SPACING)
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * step), line, font=font, fill=rgb(palette.text))
    draw.rectangle((0, band_top, WIDTH, HEIGHT), fill=rgb(palette.text))
    draw.rectangle((0, band_top, WIDTH, band_top + STRIPE_HEIGHT), fill=rgb(palette.accent))
    band_font, band_lines = fitted(text.band, font_file, BAND_SIZES, width, 2, BAND_HEIGHT - 36)
    band_step = round(band_font.size * LINE_SPACING)
    band_y = (
        band_top + STRIPE_HEIGHT + (BAND_HEIGHT - STRIPE_HEIGHT - band_step * len(band_lines)) // 2
    )
    for number, line in enumerate(band_lines):
        draw.text(
            (MARGIN, band_y + number * band_step),
            line,
            font=band_font,
            fill=rgb(palette.background),
        )
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def fitted_title(
    title: str, font_file: Path, width: int, height: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    return fitted(title, font_file, TITLE_SIZES, width, None, height)


def fitted(
    text: str, font_file: Path, sizes: range, width: int, max_lines: int | None, height: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which `text` wraps into the box; at the smallest, as many lines as
    fit, the last one ending in an ellipsis."""
    font = None
    for size in sizes:
        font = ImageFont.truetype(str(font_file), size)
        room = max(1, height // round(size * LINE_SPACING))
        if max_lines is not None:
            room = min(room, max_lines)
        lines = wrapped(text, font, width)
        if len(lines) <= room:
            return font, lines
    return font, fitted_lines(text, font, width, room)


def fitted_lines(text: str, font: ImageFont.FreeTypeFont, width: int, room: int) -> list[str]:
    """At most `room` lines; when the text needs more, the last one ends in an ellipsis."""
    lines = wrapped(text, font, width)
    if len(lines) <= room:
        return lines
    kept, last = lines[: room - 1], lines[room - 1]
    while last and font.getlength(last + ELLIPSIS) > width:
        last = last[:-1]
    return [*kept, last.rstrip() + ELLIPSIS]


def wrapped(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Words filled into lines no wider than `width`."""
    lines: list[str] = []
    line = ""
    if len(text) > MAX_CHARACTERS:
        text = text[:MAX_CHARACTERS] + ELLIPSIS
    for word in _pieces(" ".join(text.split()), font, width):
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
        else:
            if line:
                lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines or [""]


def _pieces(text: str, font: ImageFont.FreeTypeFont, width: int) -> Iterator[str]:
    """The words of the text; a word wider than a line comes in pieces that fit."""
    for word in text.split(" "):
        while font.getlength(word) > width:
            fits, too_long = 1, len(word)  # the longest start that fits, by bisection
            while too_long - fits > 1:
                middle = (fits + too_long) // 2
                if font.getlength(word[:middle]) <= width:
                    fits = middle
                else:
                    too_long = middle
            yield word[:fits]
            word = word[fits:]
        if word:
            yield word
