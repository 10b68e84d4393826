"""Every page names the engine that built it in `<meta name="generator">` ("mkdocs 1.6.1",
"zensical 0.0.73"): the parity test and anyone reading a page's source can tell which
engine made it. A page step of the post-build pipeline."""

from __future__ import annotations

from html import escape

from connection_series.pipeline.page import BuiltPage, append, head_nodes
from connection_series.pipeline.runner import Site


def name_generator(page: BuiltPage, site: Site) -> None:
    if page.head is None:
        return
    tags = page.tree.css('meta[name="generator"]')
    if tags:
        tags[0].attrs["content"] = site.build.generator
        for extra in tags[1:]:
            extra.decompose()
        return
    tag = f'<meta name="generator" content="{escape(site.build.generator)}">'
    append(page.head, head_nodes(tag))
