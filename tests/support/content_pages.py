"""Which pages the site has, found from the navigation (mkdocs.yml's, with the public parts of
the series placed in it as the build places them) and each page's front matter, never from a
list in the tests: a new article is covered as soon as it is added."""

from __future__ import annotations

from pathlib import Path

import yaml

from connection_series.common.site_sources import built_path_for
from connection_series.trust.front_matter import article_from, read_front_matter


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's tags (!ENV, !!python/name) are read as plain values."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def nav_entries(config_file: Path) -> list[tuple[str, str]]:
    """(title, Markdown file relative to docs/) of every page in the public build's
    navigation, in order (the parts public today or on SERIES_TODAY included)."""
    from connection_series.series.clock import build_day
    from connection_series.series.navigation import series_nav
    from connection_series.series.plan import plan_series

    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
    plan = plan_series(config_file.parent / (config.get("docs_dir") or "docs"), build_day())
    entries: list[tuple[str, str]] = []

    def walk(items) -> None:
        for item in items or []:
            if isinstance(item, str):
                entries.append(("", item))
            elif isinstance(item, dict):
                for title, value in item.items():
                    if isinstance(value, list):
                        walk(value)
                    elif isinstance(value, str) and value.endswith(".md"):
                        entries.append((str(title), value))

    walk(series_nav(config.get("nav"), plan))
    return entries


def url_path(markdown_file: str) -> str:
    """`part-1.md` -> 'part-1/', `index.md` -> '' (as the tests address built pages)."""
    return built_path_for(Path(markdown_file)).as_posix().removesuffix("index.html")


def is_article(source: Path) -> bool:
    """A page whose front matter has the article fields (authors, dates, reviewer)."""
    front_matter = read_front_matter(source.read_text(encoding="utf-8"))
    return bool(front_matter and article_from(front_matter))


def nav_pages(config_file: Path) -> list[str]:
    return [url_path(name) for _, name in nav_entries(config_file)]


def built_article_files(config_file: Path, docs_dir: Path) -> list[str]:
    """The navigation's articles, as Markdown files relative to docs/."""
    return [name for _, name in nav_entries(config_file) if is_article(docs_dir / name)]


def article_files(config_file: Path, docs_dir: Path) -> list[str]:
    """Every article's Markdown file: the navigation's, and the parts not public yet, whose
    text must pass before their day (no test runs when they go public)."""
    from connection_series.series.parts import find_parts

    built = built_article_files(config_file, docs_dir)
    return built + [part.source for part in find_parts(docs_dir) if part.source not in built]


def article_pages(config_file: Path, docs_dir: Path) -> list[str]:
    """The built articles' pages."""
    return [url_path(name) for name in built_article_files(config_file, docs_dir)]
