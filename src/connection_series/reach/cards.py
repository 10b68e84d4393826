"""After the build: a social card for every page, the picture a shared link shows. A page step
of the post-build pipeline (connection_series.postbuild), so every engine gets the same card.

Each page gets `assets/cards/<page>.png` (reach.card_image: part number, title, the series'
name, in the colours of the site's a11y.css) and the tags link previews read: `og:image`
(absolute), its type, width, height and alt text, and `twitter:card` summary_large_image.

A card is kept in `.cache/social-cards/` under a key of what it shows, its colours, the font
file, our code and Pillow's version (common.cache_keys): a repeat build copies it.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

import tinycss2

from connection_series.common.cache_keys import cache_key
from connection_series.common.errors import Problem
from connection_series.common.files import write_atomically
from connection_series.pipeline.page import BuiltPage, append, head_nodes
from connection_series.pipeline.runner import Site
from connection_series.reach.address import base_url
from connection_series.reach.card_image import (
    HEIGHT,
    MIN_CONTRAST,
    WIDTH,
    CardText,
    Palette,
    contrast,
    draw_card,
)
from connection_series.trust.article_metadata import page_article
from connection_series.trust.front_matter import FrontMatterError, read_front_matter

CARD_FOLDER = "assets/cards"  # in the built site
CACHE_FOLDER = "social-cards"  # in .cache/
FONT_FILE = "DejaVuSans-Bold.ttf"  # Debian's fonts-dejavu-core (scripts/install_system_deps.sh)
FONT_FOLDERS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu
    Path("/usr/share/fonts/dejavu-sans-fonts"),  # Fedora
    Path("/usr/share/fonts/TTF"),  # Arch
)
# The site's colours (see COLOURS_FILE): the header's teal and its white text, 6.6:1, and the
# accent orange. Used only when that stylesheet cannot be read.
SITE_PALETTE = Palette(background="#00695c", text="#fff", accent="#bf360c")
COLOURS_FILE = "assets/stylesheets/a11y.css"  # in the built site (docs/ or overrides/)
PRIMARY_RULE = '[data-md-color-primary="custom"]'
ACCENT_RULE = '[data-md-color-accent="custom"]'
HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")  # opaque: contrast is exact
PART_TITLE = re.compile(r"^Part\s+(\d+)\s*[:.\u2013\u2014-]\s*(\S.*)$")
SETUP = "reach.cards"  # the site note: CardSetup, made once per build
CARD_URLS = "reach.card_urls"  # the site note: built page -> its card's absolute URL


@dataclass(frozen=True)
class CardSetup:
    font: Path | None
    font_digest: str
    palette: Palette


def add_social_card(page: BuiltPage, site: Site) -> list[Problem]:
    problems = []
    if SETUP not in site.notes:
        site.notes[SETUP], problems = card_setup(site)
    setup = site.notes[SETUP]
    if setup.font is None or page.head is None:
        return problems
    text = card_text(page, site)
    name = card_name(page.where)
    card = site.root / CARD_FOLDER / f"{name}.png"
    card.parent.mkdir(parents=True, exist_ok=True)
    card.write_bytes(cached_card(text, setup, site.build.cache_dir / CACHE_FOLDER))
    url = base_url(site.build.site) + f"{CARD_FOLDER}/{name}.png"
    site.notes.setdefault(CARD_URLS, {})[page.where] = url
    heading = f"{text.label}: {text.title}" if text.label else text.title
    tags = {
        ("property", "og:image"): url,
        ("property", "og:image:type"): "image/png",
        ("property", "og:image:width"): str(WIDTH),
        ("property", "og:image:height"): str(HEIGHT),
        ("property", "og:image:alt"): f"{heading}. {text.band}",
        ("name", "twitter:card"): "summary_large_image",
    }
    markup = "".join(
        f'<meta {kind}="{key}" content="{html.escape(value, quote=True)}">'
        for (kind, key), value in tags.items()
    )
    append(page.head, head_nodes(markup))
    return problems


def card_text(page: BuiltPage, site: Site) -> CardText:
    """What the card says: the part's number, the title, the series' name. Text only."""
    series = site.build.site.site_name
    article = page_article(page)
    # The content's heading before Open Graph's title: the engines' 404 pages differ there.
    title = article.title if article else page.title() or _meta(page, "og:title") or series
    number = part_number(page)
    matched = PART_TITLE.match(title)
    if matched and (number is None or int(matched.group(1)) == number):
        number, title = int(matched.group(1)), matched.group(2)
    label = f"Part {number}" if number is not None else ""
    if title == series:  # the home page: the band names where the series lives instead
        parts = urlsplit(base_url(site.build.site))
        band = (parts.hostname or "") + parts.path.rstrip("/")
    else:
        band = series
    return CardText(label=label, title=title, band=band or series)


def part_number(page: BuiltPage) -> int | None:
    """The `part:` of the page's front matter (the series' parts are numbered there)."""
    try:
        front_matter = read_front_matter(page.source_text()) if page.source else None
    except FrontMatterError:
        return None  # the check reports it
    number = front_matter.data.get("part") if front_matter else None
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def card_name(where: str) -> str:
    """`part-1/index.html` -> 'part-1', `index.html` -> 'index', `404.html` -> '404'."""
    name = where.removesuffix("index.html").rstrip("/") or "index"
    return name.removesuffix(".html")


def cached_card(text: CardText, setup: CardSetup, cache_dir: Path) -> bytes:
    drawn = json.dumps([asdict(text), asdict(setup.palette), setup.font_digest, WIDTH, HEIGHT])
    key = cache_key(drawn, libraries=("pillow",))
    stored = cache_dir / f"{key}.png"
    if stored.is_file():
        return stored.read_bytes()
    png = draw_card(text, setup.palette, setup.font)
    write_atomically(stored, png)
    return png


def card_setup(site: Site) -> tuple[CardSetup, list[Problem]]:
    """The font and the colours, once per build, and what is wrong with them."""
    problems = []
    font = next(
        (folder / FONT_FILE for folder in FONT_FOLDERS if (folder / FONT_FILE).is_file()), None
    )
    if font is None:
        problems.append(
            Problem(
                "scripts/install_system_deps.sh",
                None,
                f"the social cards need the font {FONT_FILE}, which is not installed",
                "Install the Debian package fonts-dejavu-core (make build does, with sudo)",
            )
        )
    digest = hashlib.sha256(font.read_bytes()).hexdigest() if font else ""
    palette = site_palette(site.root / COLOURS_FILE)
    ratio = contrast(palette.text, palette.background)
    if ratio < MIN_CONTRAST:
        problems.append(
            Problem(
                COLOURS_FILE,
                None,
                f"the social cards' text {palette.text} on {palette.background} has a contrast "
                f"of {ratio:.1f}:1, under {MIN_CONTRAST}:1",
                "Choose --md-primary-fg-color and --md-primary-bg-color with at least 4.5:1",
            )
        )
    return CardSetup(font, digest, palette), problems


def site_palette(stylesheet: Path) -> Palette:
    """The header's colours and the accent from the site's stylesheet, else SITE_PALETTE."""
    try:
        rules = tinycss2.parse_stylesheet(
            stylesheet.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True
        )
    except (OSError, UnicodeDecodeError):
        return SITE_PALETTE
    found: dict[tuple[str, str], str] = {}
    for rule in rules:
        if rule.type != "qualified-rule":
            continue
        selector = tinycss2.serialize(rule.prelude).strip()
        for declaration in tinycss2.parse_declaration_list(
            rule.content, skip_comments=True, skip_whitespace=True
        ):
            if declaration.type == "declaration":
                value = tinycss2.serialize(declaration.value).strip()
                if HEX_COLOUR.match(value):
                    found.setdefault((selector, declaration.name), value)
    return Palette(
        background=found.get((PRIMARY_RULE, "--md-primary-fg-color"), SITE_PALETTE.background),
        text=found.get((PRIMARY_RULE, "--md-primary-bg-color"), SITE_PALETTE.text),
        accent=found.get((ACCENT_RULE, "--md-accent-fg-color"), SITE_PALETTE.accent),
    )


def _meta(page: BuiltPage, name: str) -> str:
    for meta in page.head.css("meta[property]") if page.head is not None else []:
        if meta.attributes.get("property") == name:
            return " ".join((meta.attributes.get("content") or "").split())
    return ""
