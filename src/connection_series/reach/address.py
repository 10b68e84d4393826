"""The site's public address (mkdocs.yml `site_url`, from SITE_URL) and the absolute URLs that
feeds, social cards, the sitemap and robots.txt are made of.

Feeds and link previews are read away from the site, so their links must be absolute and
point where the site is published. The build that publishes the site (the plugin option
`publishing`, which the deploy workflow turns on with SERIES_DEPLOY=true) refuses an address
on this machine: without SITE_URL, mkdocs.yml falls back to http://127.0.0.1:8000/, and feeds
pointing there would reach no reader.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

from connection_series.common.errors import Problem
from connection_series.settings import SiteInfo

DEPLOY_VARIABLE = "SERIES_DEPLOY"
NOT_PUBLIC_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}
NOT_FOUND_PAGE = "404.html"  # served at any address: its links cannot be relative


def base_url(info: SiteInfo) -> str:
    """The site's address, ending in '/' ("" when mkdocs.yml sets none)."""
    url = (info.site_url or "").strip()
    return url if not url or url.endswith("/") else url + "/"


def url_path(where: str) -> str:
    """A built file as its address below the site: `about/index.html` -> 'about/'."""
    return where.removesuffix("index.html")


def absolute(info: SiteInfo, where: str) -> str:
    """The absolute URL of a file of the built site (`where`, relative to its root)."""
    return base_url(info) + url_path(where)


def href_from(page_where: str, info: SiteInfo, target: str) -> str:
    """A link from a built page to a file of the site, as a browser resolves it: relative,
    except on the 404 page, which the server shows at any address (as the engines do)."""
    if page_where == NOT_FOUND_PAGE:
        return (urlsplit(base_url(info)).path or "/") + target
    folder = posixpath.dirname(page_where) or "."
    return posixpath.relpath(target, folder)


def address_problems(info: SiteInfo, publishing: bool) -> list[Problem]:
    """A missing address always; one on this machine only in a deploy build."""
    url = base_url(info)
    parts = urlsplit(url)
    if not url or parts.scheme not in ("http", "https") or not parts.hostname:
        return [
            Problem(
                "mkdocs.yml",
                None,
                f"site_url is {url or 'not set'!r}: feeds, social cards and the sitemap need the "
                "site's absolute address",
                "Set SITE_URL (or site_url) to the address the site is published at",
            )
        ]
    if publishing and parts.hostname in NOT_PUBLIC_HOSTS:
        return [
            Problem(
                "mkdocs.yml",
                None,
                f"a deploy build ({DEPLOY_VARIABLE}=true) with site_url {url}: its feeds, social "
                "cards and sitemap would point at this machine",
                "Set SITE_URL to the published address, e.g. SITE_URL=https://example.org/sub/",
            )
        ]
    return []
