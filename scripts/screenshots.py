"""Full-page PNG screenshots of every built page, for reviewing a pull request: desktop (1280 px
wide), phone (390 px wide, light and dark) and print (print media at the width of an A4 page).

Usage: python scripts/screenshots.py SITE_DIR OUTPUT_DIR
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from connection_series.common.site_sources import url_path_of
from connection_series.devtools.browser import CHROMIUM, CHROMIUM_ARGS, serve_directory

REPO = Path(__file__).resolve().parents[1]

# name -> browser context options, and the media to emulate.
VIEWS = {
    "1280": ({"viewport": {"width": 1280, "height": 800}}, "screen"),
    "390": (
        {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
        "screen",
    ),
    "390-dark": (
        {
            "viewport": {"width": 390, "height": 844},
            "is_mobile": True,
            "has_touch": True,
            "color_scheme": "dark",
        },
        "screen",
    ),
    # 794 CSS px is the width of A4 paper at 96 px per inch.
    "print": ({"viewport": {"width": 794, "height": 1123}}, "print"),
}


def built_pages(site_dir: Path) -> list[str]:
    """URL paths of every HTML page in the built site: '', 'about/', '404.html', ..."""
    return sorted(url_path_of(path, site_dir) for path in site_dir.rglob("*.html"))


def file_stem(url_path: str) -> str:
    return url_path.strip("/").removesuffix(".html").replace("/", "-") or "home"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("output_dir", type=Path)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.output_dir.mkdir(parents=True, exist_ok=True)
    pages = built_pages(args.site_dir)
    with serve_directory(args.site_dir) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for view, (options, media) in VIEWS.items():
            context = browser.new_context(reduced_motion="reduce", **options)
            tab = context.new_page()
            tab.emulate_media(media=media)
            for url_path in pages:
                tab.goto(base_url + url_path, wait_until="networkidle")
                target = args.output_dir / f"{file_stem(url_path)}-{view}.png"
                tab.screenshot(path=target, full_page=True)
            context.close()
        browser.close()
    print(f"{len(pages) * len(VIEWS)} screenshots of {len(pages)} pages in {args.output_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
