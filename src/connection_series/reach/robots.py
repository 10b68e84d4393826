"""robots.txt, naming the sitemap by its absolute URL (the Sitemaps protocol asks for one).
A site step of the post-build pipeline. Crawlers read robots.txt only at the root of a host:
a site published in a sub-folder (https://example.org/sub/) writes one there all the same,
for the host's owner to merge or serve.

A robots.txt in docs/ (which the engine publishes) is kept, with the sitemap line added when
it has none.
"""

from __future__ import annotations

from connection_series.common.files import write_atomically
from connection_series.pipeline.runner import Site
from connection_series.reach.address import base_url
from connection_series.reach.dates import SITEMAP

ROBOTS = "robots.txt"


def write_robots(site: Site) -> None:
    base = base_url(site.build.site)
    if not base or not (site.root / SITEMAP).is_file():
        return
    sitemap_line = f"Sitemap: {base}{SITEMAP}"
    path = site.root / ROBOTS
    if path.is_file():
        text = path.read_text(encoding="utf-8", errors="replace")
        if not any(line.lower().startswith("sitemap:") for line in text.splitlines()):
            write_atomically(path, text.rstrip("\n") + f"\n\n{sitemap_line}\n")
        return
    write_atomically(path, f"User-agent: *\nAllow: /\n\n{sitemap_line}\n")
