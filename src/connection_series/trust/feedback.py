"""Python-Markdown extension: the line `<!-- feedback-link -->` becomes a link to where
readers send corrections (the extension's `url` option, set once in mkdocs.yml; CI may set
it through FEEDBACK_URL). The link names the other site, so readers know they are leaving.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from connection_series.common.markdown_scan import marker_line, scan

MARKER_RE = marker_line("feedback-link")  # alone on its line, not shown as code
SCHEMES = ("http", "https", "mailto")
UNSAFE = re.compile(r"[\s()<>\[\]\"'`\\]")


def usable_url(url: object) -> str | None:
    # No characters that could end the Markdown link or start markup: the address is
    # contributor input, placed in the page as a link.
    if isinstance(url, str) and urlsplit(url).scheme in SCHEMES and not UNSAFE.search(url):
        return url
    return None


def feedback_markdown(url: str) -> str:
    address = urlsplit(url)
    where = f" on {address.hostname}" if address.hostname else " by email"
    return f"[Send us a correction or a question]({url}){where}."


class FeedbackExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"url": ["", "Where readers send corrections (http, https or mailto)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(FeedbackPreprocessor(md, self), "series_feedback", 26)


class FeedbackPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: FeedbackExtension):
        super().__init__(md)
        self.url = usable_url(extension.getConfig("url"))

    def run(self, lines: list[str]) -> list[str]:
        markdown = "\n".join(lines)
        if not MARKER_RE.search(markdown):
            return lines
        markers = scan(markdown).markers(MARKER_RE)
        if not markers:
            return lines
        # Without a usable address (the check reports it) the marker is dropped.
        link = feedback_markdown(self.url) if self.url else ""
        for match in reversed(markers):
            markdown = markdown[: match.start()] + link + markdown[match.end() :]
        return markdown.split("\n")


def makeExtension(**kwargs) -> FeedbackExtension:
    return FeedbackExtension(**kwargs)
