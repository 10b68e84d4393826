"""The one check of every file a contributor edits, before anything is built.

Used by the MkDocs plugin before the build, by `series check` (`make check`, the Zensical
build, pre-commit) and by the preview's problem panel. It reads references.bib, every page
in docs/ and the data files, and returns every problem as `path:line: problem. Fix.` with
the line counted as the contributor's editor counts it. Nothing is raised for bad input.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator

from connection_series.boundary.contributor_yaml import YamlMistake, read_yaml
from connection_series.boundary.files import inventory
from connection_series.boundary.markup import markup_problems
from connection_series.boundary.plain_text import FIX as PLAIN_TEXT_FIX
from connection_series.boundary.plain_text import markup_values
from connection_series.check_memo import CheckMemo
from connection_series.citations import bibliography
from connection_series.citations.extension import MARKER_LINE as BIBLIOGRAPHY_MARKER
from connection_series.citations.syntax import (
    find_citations,
    malformed_citations,
    protected_spans,
)
from connection_series.common.errors import Problem, shown_path, sorted_problems
from connection_series.common.source_page import Page, marker_lines
from connection_series.contributors.placeholders import placeholder_problems
from connection_series.evidence.chart_marker import chart_parts
from connection_series.evidence.data import Registry, data_path, read_registry
from connection_series.evidence.pending import pending_problems
from connection_series.evidence.statistics import REGISTRY_MARKER_LINE, statistic_problems
from connection_series.planner.data import read_planner
from connection_series.planner.extension import DATA_FILE as PLANNER_DATA
from connection_series.planner.extension import MARKER_LINE as PLANNER_MARKER_LINE
from connection_series.planner.sheet import MARKER as PLANNER_MARKER
from connection_series.reach.changes import change_date_problems
from connection_series.series.clock import build_day
from connection_series.series.rules import series_problems
from connection_series.settings import Settings
from connection_series.trust.article_structure import structure_problems
from connection_series.trust.feedback import MARKER_RE as FEEDBACK_MARKER
from connection_series.trust.feedback import usable_url
from connection_series.trust.front_matter import (
    FrontMatterError,
    article_from,
    read_front_matter,
    review_date_problems,
)

FEEDBACK_PAGE = "about.md"  # the page readers look for corrections on


def check_project(
    settings: Settings,
    today: dt.date | None = None,
    preview: bool = False,
    memo: CheckMemo | None = None,
) -> list[Problem]:
    """`today`: the build's day (series.clock); `preview`: `make serve`, which builds the
    parts that are not public yet; `memo`: each page's problems from the last check (the
    preview keeps one between rebuilds), given again for the pages that did not change."""
    today = today or build_day()
    root = settings.root
    # What docs/ holds, by an allow-list (boundary.files): refused files are never read.
    contents = inventory(settings.docs_dir, root)
    problems = list(contents.problems)
    loaded = bibliography.load(
        settings.bibliography,
        shown_path(settings.bibliography, root),
        root / ".cache" / "citations",
    )
    # An unreadable bibliography (its problem is reported) makes every key look unknown:
    # None then skips the key checks rather than burying the one line that matters.
    references = loaded.bibliography.references or (None if loaded.problems else {})
    problems += loaded.errors()
    registry, evidence_problems = _evidence(settings, references, contents.data_files)
    problems += evidence_problems
    if evidence_problems and not registry.stats:
        registry = None  # unreadable data (reported): markers and statistics cannot be judged
    pages = _pages(contents.pages, root)
    docs = shown_path(settings.docs_dir, root)
    memo = memo or CheckMemo()  # a new one remembers nothing: every page is checked
    # Everything a page's own problems depend on besides its text.
    context = (_entries(references), registry, settings, _template_files(settings), today)
    problems += memo.each_page(
        pages, context, lambda page: page_problems(page, references, registry, settings, today)
    )
    problems += _one_page_each(pages, PLANNER_MARKER_LINE, "the planner sheet", PLANNER_MARKER)
    problems += _one_page_each(
        pages, REGISTRY_MARKER_LINE, "the Evidence page's list", "<!-- evidence-registry -->"
    )
    problems += _one_page_each(
        pages, BIBLIOGRAPHY_MARKER, "the full bibliography", "<!-- bibliography -->"
    )
    problems += _data_problems(contents.data_files, settings)
    problems += series_problems(pages, docs, today, preview, settings.config_file)
    planner_file = settings.docs_dir / PLANNER_DATA
    if planner_file.is_symlink() or planner_file.parent.is_symlink():
        pass  # refused by boundary.files, which said why
    elif planner_file in contents.data_files:
        planner, planner_problems = read_planner(planner_file, shown_path(planner_file, root))
        problems += planner_problems
        if planner is not None and not marker_lines(pages, PLANNER_MARKER_LINE):
            problems.append(
                Problem(
                    shown_path(planner_file, root),
                    None,
                    "no page shows the planner sheet",
                    f"Put the line {PLANNER_MARKER} on the planner page",
                )
            )
    else:
        problems += [
            Problem(
                shown,
                line,
                f"the planner sheet needs its data file {docs}/{PLANNER_DATA}",
                f"Restore the data file or remove the {PLANNER_MARKER} line",
            )
            for shown, line in marker_lines(pages, PLANNER_MARKER_LINE)
        ]
    if not usable_url(settings.feedback_url):
        problems.append(
            Problem(
                "mkdocs.yml",
                None,
                "plugins: series: feedback_url is missing or not an http(s) or mailto address",
                "Set feedback_url to where readers send corrections",
            )
        )
    about = next((page for page in pages if page.shown == f"{docs}/{FEEDBACK_PAGE}"), None)
    if about is not None and not about.scanned.markers(FEEDBACK_MARKER):
        problems.append(
            Problem(
                about.shown,
                None,
                "the '<!-- feedback-link -->' line is missing",
                "Put it on its own line in the Feedback section, where the link belongs",
            )
        )
    return sorted_problems(dict.fromkeys(problems))  # each once: two <script> on a line


def _pages(paths, root) -> list[Page]:
    """The pages docs/ may hold (boundary.files has refused the rest, and any not UTF-8)."""
    pages = []
    for path in paths:
        shown = shown_path(path, root)
        try:
            pages.append(Page(shown, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue  # changed since the inventory: the next check reads it again
    return pages


def page_problems(
    page: Page, references: dict | None, registry, settings: Settings, today: dt.date
) -> list[Problem]:
    """Every problem of one page: text encoding, front matter, citations, markers, script,
    statistics (from the registry, cited; none typed by hand in an article)."""
    shown, source = page.shown, page.text
    if page.not_utf8_line is not None:
        fix = "Save it as UTF-8 in your editor"
        return [Problem(shown, page.not_utf8_line, "the file is not UTF-8 text", fix, stops=True)]
    problems = list(_front_matter(shown, source, today, settings))
    body, scanned, line = source[page.start :], page.scanned, page.line
    spans = protected_spans(body, scanned)
    for citation in find_citations(body, spans) if references is not None else []:
        for item in citation.items:
            if item.key not in references:
                problems.append(
                    Problem(
                        shown,
                        line(citation.start),
                        f"unknown citation key '@{item.key}'",
                        unknown_key_fix(item.key, list(references)),
                    )
                )
    for offset, problem, fix in malformed_citations(body, spans):
        problems.append(Problem(shown, line(offset), problem, fix))
    problems += placeholder_problems(shown, source, body, scanned, line)
    problems += structure_problems(shown, source, body, scanned, line)
    # What the sanitiser would remove (boundary.policy), each once per line.
    for found in markup_problems(body, scanned):
        problems.append(Problem(shown, line(found.offset), found.problem, found.fix, found.stops))
    if registry is not None:
        problems += _chart_markers(shown, chart_parts(body, scanned), line, registry.rows)
        article = _is_article(source)
        problems += statistic_problems(shown, body, line, registry, article, scanned)
    return problems


def _data_problems(data_files: list, settings: Settings) -> list[Problem]:
    """Every data file under docs/data/ read by the contributor YAML reader (the planner's
    and the registry's readers report their own mistakes), and text in them plain."""
    problems = []
    own_readers = {settings.docs_dir / PLANNER_DATA, data_path(settings.docs_dir)}
    for path in data_files:
        shown = shown_path(path, settings.root)
        try:
            read = read_yaml(path.read_text(encoding="utf-8"))
        except YamlMistake as mistake:
            if path not in own_readers:
                problems.append(Problem(shown, mistake.line, mistake.said_of(), mistake.fix))
            continue
        except (OSError, UnicodeDecodeError):
            continue  # changed since the inventory: the next check reads it again
        for line, problem in markup_values(read.data, read.lines):
            problems.append(Problem(shown, line, problem, PLAIN_TEXT_FIX))
    return problems


def _entries(references: dict | None) -> tuple | None:
    return None if references is None else tuple(references.items())


def _template_files(settings: Settings) -> frozenset:
    """What a page's `template:` is checked against: the theme folder's files and links."""
    templates = settings.templates
    if not templates.is_dir():
        return frozenset()
    return frozenset(
        (path.relative_to(templates).as_posix(), path.is_file(), path.is_symlink())
        for path in templates.rglob("*")
    )


def _is_own_template(name: str, templates) -> bool:
    """A template file of the theme folder (code), named by a plain relative path."""
    parts = name.split("/")
    if not name or name.startswith("/") or any(part in ("", ".", "..") for part in parts):
        return False
    return (templates / name).is_file() and not (templates / name).is_symlink()


def _is_article(source: str) -> bool:
    try:
        front_matter = read_front_matter(source)
        return bool(front_matter and article_from(front_matter))
    except FrontMatterError:
        return True  # reported as a front-matter problem; check it as the article it means to be


def _front_matter(shown: str, source: str, today: dt.date, settings: Settings) -> Iterator[Problem]:
    try:
        front_matter = read_front_matter(source)
    except FrontMatterError as error:
        # Front matter no engine may read (an alias, a tag) leaves its page out of the build.
        yield Problem(shown, error.line, error.problem, error.fix, stops=error.unsafe)
        return
    if front_matter is None:
        return
    for line, problem in markup_values(front_matter.data, front_matter.value_lines):
        yield Problem(shown, line, f"front matter: {problem}", PLAIN_TEXT_FIX)
    template = front_matter.data.get("template")
    if isinstance(template, str) and not _is_own_template(template, settings.templates):
        yield Problem(
            shown,
            front_matter.lines.get("template"),
            f"'template: {template}' is not a template of {settings.templates.name}/",
            "Remove the line, or name a template of the theme folder (a maintainer adds them)",
            stops=True,  # the engine would stop at the missing template
        )
    try:
        article = article_from(front_matter)
    except FrontMatterError as error:
        yield Problem(shown, error.line, error.problem, error.fix)
        return
    interval = settings.review_interval_years
    if article:
        for field, problem, fix in review_date_problems(article, today, interval):
            yield Problem(shown, front_matter.lines.get(field), problem, fix)
        for line, problem, fix in change_date_problems(article, today):
            yield Problem(shown, line, problem, fix)


def _chart_markers(shown: str, charts: list[tuple[int, str]], line, rows: list) -> list[Problem]:
    problems, seen = [], set()
    for offset, part in charts:
        if not part.isdigit() or not any(row.part == int(part) for row in rows):
            parts = sorted({str(row.part) for row in rows}) or ["1"]
            problems.append(
                Problem(
                    shown,
                    line(offset),
                    f"chart marker: no evidence rows have part={part}",
                    f"Write <!-- chart: evidence part={parts[0]} --> with a part of "
                    f"docs/data/evidence.yml ({', '.join(parts)})",
                )
            )
        elif part in seen:
            problems.append(
                Problem(
                    shown,
                    line(offset),
                    f"the chart for part {part} is already on this page",
                    "Keep one chart marker per part on a page",
                )
            )
        seen.add(part)
    return problems


def _one_page_each(pages: list[Page], marker: re.Pattern, what: str, line: str):
    found = marker_lines(pages, marker)
    return [
        Problem(
            shown,
            number,
            f"{what} is already on {found[0][0]}",
            f"Keep the {line} line on one page only",
        )
        for shown, number in found[1:]
    ]


def _evidence(settings: Settings, references: dict | None, data_files: list):
    """The statistics registry and its problems; a record whose citation key is unknown is
    blamed on its own line, not on the articles that print it."""
    path = data_path(settings.docs_dir)
    if path not in data_files:  # none, or refused (boundary.files said why)
        return Registry(), []
    shown = shown_path(path, settings.root)
    registry, problems = read_registry(path, shown)
    problems += pending_problems(registry, shown, settings.publishing)
    for stat in registry.stats if references is not None else []:
        if stat.cite not in references:
            problems.append(
                Problem(
                    shown,
                    stat.cite_line,
                    f"record '{stat.id}': unknown citation key '{stat.cite}'",
                    unknown_key_fix(stat.cite, list(references)),
                )
            )
    return registry, problems


def unknown_key_fix(key: str, known: list[str]) -> str:
    """What to do about an unknown key: the nearest existing key, if one is close."""
    nearest = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
    if nearest:
        return f"Did you mean '@{nearest[0]}'? Otherwise add an entry '{key}' to references.bib"
    return f"Add an entry '{key}' to references.bib, or correct the key"
