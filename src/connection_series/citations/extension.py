"""Python-Markdown extension: citations from references.bib in APA 7.

`[@key]`, `[@a; @b]`, `[@key, p. 12]` and a bare `@key` become author-date links to the
reference; a "References" section closes every page that cites; the line
`<!-- bibliography -->` becomes the full bibliography. The links back from the bibliography
to the citing pages are added after the build (citations.backlinks), when every page's
address and title are known, whichever engine built the site.

The hover and keyboard-focus preview is Material's footnote tooltip
(`content.footnote.tooltips`): it opens for any `a.footnote-ref` and shows the children of
the element its href points to, so our links carry that class and point at the reference.

Rendering never stops the build: problems (unknown keys, malformed citations) are found and
reported by the contributor-file check (connection_series.check) before any page renders,
with file and line. If a page is rendered anyway (the preview shows its problems in a panel),
an unknown key shows as marked text instead of a link.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from connection_series.citations import bibliography
from connection_series.citations.site_citations import keys_cited_in_docs
from connection_series.citations.syntax import (
    Citation,
    escaped_ats,
    find_citations,
    protected_spans,
)
from connection_series.common.markdown_scan import marker_line, scan
from connection_series.common.markdown_text import markdown_safe as _markdown_safe
from connection_series.common.replacements import apply_replacements
from connection_series.series.plan import PLAN_OPTIONS, plan_from_options

MARKER = "<!-- bibliography -->"
MARKER_LINE = marker_line("bibliography")  # alone on its line, not shown as code
SECTION_TITLE = "References"
FURTHER_READING = "Further reading"
FURTHER_READING_INTRO = (
    "Sources the series draws on that no page cites yet. They stay listed here so that "
    "nothing in references.bib is hidden from readers."
)
BACKLINKS_CLASS = "cited-in"  # filled by citations.backlinks after the build


class CitationsExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "bibliography": ["references.bib", "The BibTeX file, relative to the project"],
            "docs_dir": ["docs", "The Markdown sources, for the bibliography's cited list"],
            "cache_dir": [".cache/citations", "Where formatted references are kept"],
            **PLAN_OPTIONS,  # parts not public on the build's day cite nothing
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # After the evidence chart (which writes [@key] into the page) and before raw HTML
        # is stashed (priority 20), so our links are read as HTML.
        md.preprocessors.register(CitationsPreprocessor(md, self), "series_citations", 25)


class CitationsPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: CitationsExtension):
        super().__init__(md)
        self.settings = extension.getConfigs()

    def run(self, lines: list[str]) -> list[str]:
        markdown = "\n".join(lines)
        if "@" not in markdown and not MARKER_LINE.search(markdown):
            return lines  # nothing to do: most pages of a site without citations
        references = self._references()
        scanned = scan(markdown)
        spans = protected_spans(markdown, scanned)
        replacements = [(at, at + 2, "&#64;") for at in escaped_ats(markdown, spans)]
        on_page: dict[str, int] = {}  # key -> citations of it so far on this page
        for citation in find_citations(markdown, spans):
            written = markdown[citation.start : citation.end]
            rendered = render_citation(citation, written, on_page, references)
            replacements.append((citation.start, citation.end, rendered))
        if marker := next(iter(scanned.markers(MARKER_LINE)), None):
            docs_dir, options = self.settings["docs_dir"], self.settings
            left_out = plan_from_options(docs_dir, options["today"], options["preview"]).left_out
            cited = keys_cited_in_docs(Path(docs_dir), left_out)
            replacements.append((*marker.span(), full_bibliography(references, cited)))
        markdown = apply_replacements(markdown, replacements)
        if on_page and marker is None:
            markdown += page_references(references, on_page)
        return markdown.split("\n")

    def _references(self) -> dict[str, bibliography.Reference]:
        path = Path(self.settings["bibliography"])
        loaded = bibliography.load(path, path.as_posix(), Path(self.settings["cache_dir"]))
        return loaded.bibliography.references


def render_citation(citation: Citation, written: str, on_page: dict[str, int], references) -> str:
    """The HTML of one citation; an unknown key (reported by the check) stays visible."""
    unknown = [item.key for item in citation.items if item.key not in references]
    if unknown:
        return f'<mark class="citation-unknown">{_escape(written)}</mark>'
    links = []
    for item in citation.items:
        on_page[item.key] = on_page.get(item.key, 0) + 1
        links.append((item, references[item.key], anchor(item.key, on_page[item.key])))
    if citation.narrative:
        item, reference, first = links[0]
        return _link(reference, first, f"{reference.narrative_author} ({reference.year})")
    return "(" + _parenthetical(links) + ")"


def _parenthetical(links) -> str:
    """APA 8.12: several works in one parenthesis, alphabetical by the names as cited, then by
    year, separated by semicolons; works cited with the same names share them:
    (Valtorta et al., 2016, 2018). This is the APA CSL style's citation sort."""
    parts: list[str] = []
    previous, parts_locator = None, False
    for item, reference, first in sorted(links, key=lambda link: _cite_order(link[1])):
        locator = f", {_escape(_en_dash(item.locator))}" if item.locator else ""
        prefix = f"{_escape(item.prefix)} " if item.prefix else ""
        shared = previous is not None and previous.author == reference.author
        if shared and not parts_locator and not prefix:
            parts[-1] += ", " + _link(reference, first, reference.year) + locator
        else:
            text = f"{reference.author}, {reference.year}"
            parts.append(prefix + _link(reference, first, text) + locator)
        previous, parts_locator = reference, bool(locator)
    return "; ".join(parts)


def _cite_order(reference) -> tuple:
    # "J. Wang et al." sorts under W: the initials only break the tie.
    names = re.sub(r"^(?:[A-Z]\. )+", "", reference.author).casefold()
    return (names, reference.author.casefold(), reference.year, reference.order)


def _link(reference, anchor_id: str, text: str) -> str:
    # `footnote-ref` opts into Material's tooltip; `citation` restyles it as running text.
    return (
        f'<a class="citation footnote-ref" href="#cite-{reference.key}" id="{anchor_id}">'
        f"{_markdown_safe(text)}</a>"
    )


def anchor(key: str, occurrence: int) -> str:
    """The id of a page's n-th citation of a key; the bibliography links to the first."""
    return f"cite-ref-{key}-{occurrence}"


def page_references(references, on_page: dict[str, int]) -> str:
    cited = sorted((references[key] for key in on_page), key=lambda ref: ref.order)
    items = "".join(f'<li id="cite-{ref.key}"><p>{ref.html}</p></li>\n' for ref in cited)
    # Out of the search index: the in-text citations stay searchable.
    heading = f"## {SECTION_TITLE} {{ data-search-exclude }}"
    return f'\n\n{heading}\n\n<ul class="references">\n{items}</ul>\n'


def full_bibliography(references, cited: set[str]) -> str:
    """Every entry in APA order: those some page cites, with a place for the links back to
    those pages, then the others under "Further reading" (decided: listing beats a warning,
    since every source should be on the site even before an article cites it)."""
    listed, uncited = [], []
    for reference in references.values():
        if reference.key in cited:
            listed.append(
                f'<li id="cite-{reference.key}"><p>{reference.html}</p>'
                f'<p class="{BACKLINKS_CLASS}" data-cited-key="{reference.key}"></p></li>\n'
            )
        else:
            uncited.append(f'<li id="cite-{reference.key}"><p>{reference.html}</p></li>\n')
    text = ""
    if listed:
        text += f'<ul class="references bibliography">\n{"".join(listed)}</ul>\n'
    if uncited:
        text += (
            f"\n## {FURTHER_READING}\n\n{FURTHER_READING_INTRO}\n\n"
            f'<ul class="references bibliography">\n{"".join(uncited)}</ul>\n'
        )
    return text


def _en_dash(locator: str) -> str:
    """pp. 12-14 or 12--14 -> pp. 12 en dash 14 (APA page ranges use an en dash)."""
    return re.sub(r"(?<=\d)\s*-{1,2}\s*(?=\d)", "\u2013", locator)


def _escape(text: str) -> str:
    return _markdown_safe(html.escape(text, quote=False))


def makeExtension(**kwargs) -> CitationsExtension:
    return CitationsExtension(**kwargs)
