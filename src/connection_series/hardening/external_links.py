"""Links to other sites get rel="noopener noreferrer".

noopener: the other site gets no handle on this tab (window.opener), even if a link is
later set to open a new tab. noreferrer: the other site is not told which page the reader
came from, in line with the site's promise to track no one. Links keep opening in the same
tab: opening new windows unasked disorients readers (WCAG technique G201). A page step of
the post-build pipeline, so links from Markdown, templates and data are all covered.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from connection_series.pipeline.page import BuiltPage
from connection_series.pipeline.runner import Site

REQUIRED = ("noopener", "noreferrer")


def is_external(href: str, own_host: str | None) -> bool:
    try:
        address = urlsplit(href.strip())
        host = address.hostname
    except ValueError:  # not an address at all ("http://[oops/"): the link check reports it
        return False
    return address.scheme in ("http", "https") and host not in (None, own_host)


def protect_external_links(page: BuiltPage, site: Site) -> None:
    own_host = _own_host(site.build.site.site_url)
    for link in page.tree.css("a[href]"):
        if is_external(link.attributes.get("href") or "", own_host):
            rel = (link.attributes.get("rel") or "").split()
            link.attrs["rel"] = " ".join(rel + [value for value in REQUIRED if value not in rel])


def _own_host(site_url: str | None) -> str | None:
    try:
        return urlsplit(site_url or "").hostname
    except ValueError:
        return None
