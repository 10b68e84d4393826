"""Python-Markdown extension: every page's rendered HTML goes through the site's sanitiser
policy (`policy`), last, after every other extension has written its part.

Here, where the content is one fragment, and not only after the build: sanitising parses the
fragment and writes it back with every element closed and no stray end tag, so nothing the
content holds (`</article>`, `<body onload=...>`, an unclosed `<div hidden>`) can reach
outside the page's content, where the theme's own scripts are. Every engine that renders
with Python-Markdown runs it; what it removes, the contributor-file check reports on its
line before the build (`markup`), and the step after the build sanitises each built page's
content once more (`sanitise_step`).
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from connection_series.boundary.policy import sanitise

# After every postprocessor (raw HTML is put back at 30, footnotes at 25, entities at 20).
PRIORITY = 0


class SanitiseExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.postprocessors.register(SanitisePostprocessor(md), "series_sanitise", PRIORITY)


class SanitisePostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return sanitise(text)


def makeExtension(**kwargs) -> SanitiseExtension:
    return SanitiseExtension(**kwargs)
