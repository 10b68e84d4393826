"""Citations from references.bib in APA 7: author-date in the text, linked to the reference;
a "References" section at the end of each page that cites; the full bibliography, with links
back to every citing page, where a page holds the line `<!-- bibliography -->`.

The hover and keyboard-focus preview is Material's footnote tooltip
(`content.footnote.tooltips`): it opens for any `a.footnote-ref` and shows the children of the
element its href points to, so our links carry that class and point at the reference.

mkdocs-bibtex (archived upstream, pinned at 4.4.0) is not registered as a plugin: its
on_page_markdown is what we replace (unknown keys vanish, matches inside code, plain or pandoc
formatting once per page). See bibliography.py for what we do instead.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from connection_series.citations import bibliography
from connection_series.citations.syntax import Citation, escaped_ats, find_citations, protected_spans
from connection_series.common.errors import line_of, page_source, report, shown_path
from mkdocs.utils import get_relative_url

MARKER = "<!-- bibliography -->"
MARKER_LINE = re.compile(r"^[ \t]*<!-- bibliography -->[ \t]*$", re.M)  # alone on its line
SECTION_TITLE = "References"
FURTHER_READING = "Further reading"
FURTHER_READING_INTRO = (
    "Sources the series draws on that no page cites yet. They stay listed here so that "
    "nothing in references.bib is hidden from readers."
)


@dataclass
class BuildState:
    bibliography: bibliography.Bibliography | None = None
    bib_missing_reason: str = ""
    # key -> [(citing page, id of its first citation of the key)], in build order
    cited_by: dict[str, list] = field(default_factory=dict)


STATE = BuildState()


def on_config(config):
    """Load references.bib (formatted once per content hash) and start a fresh build."""
    STATE.cited_by = {}
    STATE.bibliography, STATE.bib_missing_reason = None, ""
    config_dir = Path(config.config_file_path).parent
    configured = config.extra.get("bibliography")
    path = config_dir / (configured or "references.bib")
    if not path.is_file():
        # Without the extra.bibliography setting a site may have no bibliography (small test
        # sites); any citation is then reported as unknown.
        if configured:
            report(
                "mkdocs.yml",
                None,
                f"extra.bibliography names {path}, which does not exist",
                "Point it at references.bib",
            )
        STATE.bib_missing_reason = f"there is no {path.name}"
        return config
    # Formatted references by content hash, beside the file: test sites that use the real
    # references.bib share the real site's cache instead of formatting it again.
    cache_dir = path.parent / ".cache" / "citations"
    STATE.bibliography = bibliography.load(path, shown_path(path, config), cache_dir)
    return config


def on_files(files, config):
    """Build the page with the full bibliography last, so that every other page's citations
    (including those other hooks add in on_page_markdown) are known when it is rendered.
    MkDocs renders pages in the order of `files`; the navigation order is unaffected."""
    for file in list(files.documentation_pages()):
        if MARKER_LINE.search(file.content_string):
            files.remove(file)
            files.append(file)
    return files


def on_page_markdown(markdown, page, config, files):
    if "@" not in markdown and MARKER not in markdown:
        return markdown  # nothing to do: most pages of a site without citations
    spans = protected_spans(markdown)
    citations = find_citations(markdown, spans)
    replacements = [(at, at + 2, "&#64;") for at in escaped_ats(markdown, spans)]
    on_page: dict[str, int] = {}  # key -> citations of it so far on this page
    for citation in citations:
        rendered = _render(citation, on_page, markdown, page, config)
        if rendered is not None:
            replacements.append((citation.start, citation.end, rendered))
    for key in on_page:
        STATE.cited_by.setdefault(key, []).append((page, _anchor(key, 1)))

    markdown = _apply(markdown, replacements)
    if marker := MARKER_LINE.search(markdown):
        return _apply(markdown, [(*marker.span(), _full_bibliography(page))])
    if on_page:
        markdown += _page_references(on_page)
    return markdown


def _render(citation: Citation, on_page: dict[str, int], markdown: str, page, config):
    """The HTML of one citation, or None (and an error) if a key is unknown."""
    references = STATE.bibliography.references if STATE.bibliography else {}
    unknown = [item.key for item in citation.items if item.key not in references]
    for key in unknown:
        _report_unknown(key, citation, markdown, page, config, references)
    if unknown:
        return None
    links = []
    for item in citation.items:
        on_page[item.key] = on_page.get(item.key, 0) + 1
        links.append((item, references[item.key], _anchor(item.key, on_page[item.key])))
    if citation.narrative:
        item, reference, anchor = links[0]
        return _link(reference, anchor, f"{reference.narrative_author} ({reference.year})")
    return "(" + _parenthetical(links) + ")"


def _parenthetical(links) -> str:
    """APA 8.12: several works in one parenthesis, alphabetical by the names as cited, then by
    year, separated by semicolons; works cited with the same names share them:
    (Valtorta et al., 2016, 2018). This is the APA CSL style's citation sort."""
    parts: list[str] = []
    previous, parts_locator = None, False
    for item, reference, anchor in sorted(links, key=lambda link: _cite_order(link[1])):
        locator = f", {_escape(_en_dash(item.locator))}" if item.locator else ""
        if previous is not None and previous.author == reference.author and not parts_locator:
            parts[-1] += ", " + _link(reference, anchor, reference.year) + locator
        else:
            text = f"{reference.author}, {reference.year}"
            parts.append(_link(reference, anchor, text) + locator)
        previous, parts_locator = reference, bool(locator)
    return "; ".join(parts)


def _cite_order(reference) -> tuple:
    # "J. Wang et al." sorts under W: the initials only break the tie.
    names = re.sub(r"^(?:[A-Z]\. )+", "", reference.author).casefold()
    return (names, reference.author.casefold(), reference.year, reference.order)


def _link(reference, anchor: str, text: str) -> str:
    # `footnote-ref` opts into Material's tooltip; `citation` restyles it as running text.
    return (
        f'<a class="citation footnote-ref" href="#cite-{reference.key}" id="{anchor}">'
        f"{_markdown_safe(text)}</a>"
    )


def _anchor(key: str, occurrence: int) -> str:
    return f"cite-ref-{key}-{occurrence}"


def _page_references(on_page: dict[str, int]) -> str:
    references = STATE.bibliography.references
    cited = sorted((references[key] for key in on_page), key=lambda ref: ref.order)
    items = "".join(f'<li id="cite-{ref.key}"><p>{ref.html}</p></li>\n' for ref in cited)
    # Out of the search index: every page downloads the index, and the reference lists would
    # add about 2 KB (gzip) to each page load; the in-text citations stay searchable.
    heading = f"## {SECTION_TITLE} {{ data-search-exclude }}"
    return f'\n\n{heading}\n\n<ul class="references">\n{items}</ul>\n'


def _full_bibliography(page) -> str:
    """Every entry in APA order; cited ones with links back to their pages, the others under
    "Further reading" (decided: listing beats a warning, since the brief wants every source on
    the site even before an article cites it)."""
    if STATE.bibliography is None:
        return ""
    cited, uncited = [], []
    link_to: dict[int, tuple[str, str]] = {}  # per citing page: (relative URL, title)
    for reference in STATE.bibliography.references.values():
        backlinks = []
        for other, anchor in STATE.cited_by.get(reference.key, []):
            if other is page:
                continue
            if id(other) not in link_to:
                link_to[id(other)] = (_url_from(page, other), html.escape(other.title or ""))
            url, title = link_to[id(other)]
            backlinks.append(f'<a href="{url}#{anchor}">{title or url}</a>')
        if backlinks:
            cited.append(
                f'<li id="cite-{reference.key}"><p>{reference.html}</p>'
                f'<p class="cited-in">Cited in {_join(backlinks)}.</p></li>\n'
            )
        else:
            uncited.append(f'<li id="cite-{reference.key}"><p>{reference.html}</p></li>\n')
    text = ""
    if cited:
        text += f'<ul class="references bibliography">\n{"".join(cited)}</ul>\n'
    if uncited:
        text += (
            f"\n## {FURTHER_READING}\n\n{FURTHER_READING_INTRO}\n\n"
            f'<ul class="references bibliography">\n{"".join(uncited)}</ul>\n'
        )
    return text


def _url_from(page, target) -> str:
    """Relative URL of `target` as seen from `page`; a directory URL keeps its slash (MkDocs
    gives ".." for the home page seen from references/)."""
    url = get_relative_url(target.url, page.url)
    if target.url in ("", ".") or target.url.endswith("/"):
        url = url if url.endswith("/") else url + "/"
    return url


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def unknown_key_fix(key: str, known: list[str], missing_reason: str | None = None) -> str:
    """What to do about an unknown key: the nearest existing key, if one is close."""
    nearest = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
    if nearest:
        return f"Did you mean '@{nearest[0]}'? Otherwise add an entry '{key}' to references.bib"
    if missing_reason:
        return f"Add the entry to references.bib ({missing_reason})"
    return f"Add an entry '{key}' to references.bib, or correct the key"


def _report_unknown(key, citation, markdown, page, config, references) -> None:
    report(
        page_source(page, config),
        _source_line(citation, markdown, page),
        f"unknown citation key '@{key}'",
        unknown_key_fix(key, list(references), STATE.bib_missing_reason),
    )


def _source_line(citation: Citation, markdown: str, page) -> int:
    """Line in the file as the contributor sees it (front matter included). Another hook may
    have changed the text before us; then we look the citation up in the original source."""
    source = page.file.content_string
    written = markdown[citation.start : citation.end]
    if markdown == page.markdown and source.endswith(page.markdown):
        return line_of(source, len(source) - len(page.markdown) + citation.start)
    at = source.find(written)
    return line_of(source, at) if at >= 0 else line_of(markdown, citation.start)


def _apply(markdown: str, replacements: list[tuple[int, int, str]]) -> str:
    pieces, position = [], 0
    for start, end, text in sorted(replacements):
        pieces += [markdown[position:start], text]
        position = end
    return "".join(pieces) + markdown[position:]


def _en_dash(locator: str) -> str:
    """pp. 12-14 or 12--14 -> pp. 12 en dash 14 (APA page ranges use an en dash)."""
    return re.sub(r"(?<=\d)\s*-{1,2}\s*(?=\d)", "\u2013", locator)


def _escape(text: str) -> str:
    return _markdown_safe(html.escape(text, quote=False))


MARKDOWN_SPECIAL = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]{}<>#+!|~^"})


def _markdown_safe(text: str) -> str:
    """Keep Markdown from reading our text (names, locators) as emphasis, links or code.
    `text` is HTML already (entities such as &amp; stay as they are)."""
    return text.translate(MARKDOWN_SPECIAL)
