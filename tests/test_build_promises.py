"""The build itself keeps the site's promises (not only the tests): the medical disclaimer once
on every page and nothing hiding it, no id twice on a page, each planner PDF on one page. A
contributor who breaks one gets a failing `make build` with one line that names their file
(and its line, when the cause was written there) and says what to do."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from support.pipeline_helpers import page_from_html, run_step, site_of
from support.site_helpers import REPO, build, write_fixture_site

from connection_series.hardening.promises import check_promises
from connection_series.planner.pdfs import add_planner_downloads
from connection_series.planner.sheet import render

pytestmark = pytest.mark.site

DISCLAIMER = '<aside id="medical-disclaimer"><p>Not medical advice.</p></aside>'


def built_page(content: str, *, head: str = "", after: str = DISCLAIMER) -> str:
    """A page laid out as overrides/main.html lays it out: content, then the disclaimer."""
    return (
        f"<!doctype html><html><head>{head}</head><body><div class=md-content>"
        f'<article class="md-content__inner md-typeset">{content}{after}</article>'
        "</div></body></html>"
    )


def messages(problems) -> list[str]:
    return [str(problem) for problem in problems]


# --- the disclaimer, as a browser builds the page ------------------------------------------


def test_a_page_as_the_templates_lay_it_out_keeps_every_promise():
    _, problems = run_step(check_promises, built_page("<h1>Title</h1><p>Text.</p>"))
    assert problems == []


@pytest.mark.parametrize(
    ("markdown", "line", "reason"),
    [
        ("# T\n\nText.\n\n<div hidden>\n\nMore.\n", 5, "a <div hidden>"),
        ("# T\n\n<section aria-hidden=true>\nx\n", 3, 'a <section aria-hidden="true">'),
        ("# T\n\n<div inert>\n", 3, "an inert <div>"),
        ("# T\n\n<details>\n<summary>More</summary>\n\nText.\n", 3, "a closed <details>"),
        ("# T\n\n<div style='display:none'>\n", 3, 'a <div style="display: none">'),
        ("# T\n\n<noscript>\n", 3, "a <noscript>"),
    ],
)
def test_an_element_left_open_that_hides_the_disclaimer_is_named_with_its_line(
    markdown, line, reason
):
    html = built_page(markdown.split("\n\n", 1)[1])  # the Markdown's raw HTML, as rendered
    _, problems = run_step(check_promises, html, markdown=markdown)
    [message] = messages(problems)
    assert message.startswith(
        f"docs/page.md:{line}: the built page page/index.html hides the medical disclaimer: "
        f"it is inside {reason}"
    ), message
    assert "opened here and never closed" in message


def test_the_line_named_is_the_element_left_open_not_one_shown_as_code():
    markdown = "# T\n\n```\n<div hidden>\n```\n\nSay `<div hidden>`.\n\n<div hidden>\n"
    html = built_page("<pre><code>&lt;div hidden&gt;</code></pre><div hidden>")
    [message] = messages(run_step(check_promises, html, markdown=markdown)[1])
    assert message.startswith("docs/page.md:9: the built page page/index.html hides")


@pytest.mark.parametrize("tag", ["textarea", "template"])
def test_an_element_that_swallows_the_rest_of_the_page_is_named(tag):
    markdown = f"# T\n\nText.\n\n<{tag}>\n"
    _, problems = run_step(check_promises, built_page(f"<p>Text.</p><{tag}>"), markdown=markdown)
    [message] = messages(problems)
    assert message == (
        "docs/page.md:5: the built page page/index.html shows the medical disclaimer 0 times, "
        f"not once: the <{tag}> opened here takes in the rest of the page. "
        f"Close the <{tag}> with </{tag}>, or remove it"
    )


def test_an_open_details_or_the_summary_of_a_closed_one_does_not_hide_it():
    html = built_page("<details open><summary>x</summary>")
    assert run_step(check_promises, html)[1] == []
    summary = built_page("<details><summary>More ", after=DISCLAIMER + "</summary></details>")
    assert run_step(check_promises, summary)[1] == []


def test_the_disclaimer_outside_the_content_does_not_print():
    html = (
        "<html><head></head><body><article class='md-content__inner'><h1>T</h1></article>"
        f"<footer>{DISCLAIMER}</footer></body></html>"
    )
    [message] = messages(run_step(check_promises, html)[1])
    assert "shows the medical disclaimer outside its content (it would not print)" in message


def test_an_element_of_the_page_with_the_disclaimers_id_is_named():
    markdown = '# T\n\n<p id="medical-disclaimer">Mine</p>\n'
    html = built_page('<p id="medical-disclaimer">Mine</p>')
    [message] = messages(run_step(check_promises, html, markdown=markdown)[1])
    assert message.startswith(
        "docs/page.md:3: the built page page/index.html shows the medical disclaimer 2 times"
    )
    assert message.endswith("give your element another id")


def test_our_stylesheet_hiding_the_disclaimer_is_named_with_its_rule_and_line(tmp_path):
    sheet = tmp_path / "overrides/assets/stylesheets/extra.css"
    sheet.parent.mkdir(parents=True)
    sheet.write_text(
        "p { color: black }\n\n@media print {\n  .box #medical-disclaimer { display: none }\n}\n"
        "article:hover aside, .x::before { visibility: hidden }\n",
        encoding="utf-8",
    )
    built = tmp_path / "site/assets/stylesheets/extra.css"
    built.parent.mkdir(parents=True)
    shutil.copy(sheet, built)
    link = '<link rel="stylesheet" href="../assets/stylesheets/extra.css">'
    page = page_from_html(built_page("<div class=box>", head=link, after=DISCLAIMER + "</div>"))
    site = site_of([page], root=tmp_path, templates=tmp_path / "overrides")
    assert messages(check_promises(page, site)) == [
        "overrides/assets/stylesheets/extra.css:4: the rule '.box #medical-disclaimer' hides "
        "the medical disclaimer (display: none) on page/index.html. Remove the rule, or narrow "
        "its selector so that it cannot match the disclaimer or an element around it",
        "overrides/assets/stylesheets/extra.css:6: the rule 'article:hover aside' hides the "
        "medical disclaimer (visibility: hidden) on page/index.html. Remove the rule, or "
        "narrow its selector so that it cannot match the disclaimer or an element around it",
    ]


# --- ids -----------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ['id="box"', "ID=box", "id = 'box'", "Id=box "])
def test_an_id_used_twice_is_found_however_it_is_written(written):
    markdown = f"# T\n\n<div id=box>one</div>\n\n<div {written}>two</div>\n"
    html = built_page(f"<div id=box>one</div><div {written}>two</div>")
    [message] = messages(run_step(check_promises, html, markdown=markdown)[1])
    assert message == (
        "docs/page.md:3: the id 'box' is used 2 times on the built page page/index.html. "
        "Give each heading, chart or anchor its own id (one chart marker per part)"
    )


# --- the strict build fails on each, naming the Markdown file ------------------------------


def test_a_page_on_a_template_outside_the_theme_folder_is_refused_on_its_line(tmp_path):
    """Material's base.html drops the disclaimer: a page may name only our templates."""
    page = "---\ntemplate: base.html\n---\n\n# Bare\n\nA page on the theme's own template.\n"
    config = write_fixture_site(tmp_path, {"index.md": "# Home\n", "bare.md": page})
    result = build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert "docs/bare.md:2: 'template: base.html' is not a template of overrides/" in result.output
    assert not (tmp_path / "site" / "bare").exists()  # left out of the build


def test_an_unclosed_hidden_element_cannot_hide_the_disclaimer_and_a_repeated_id_fails(tmp_path):
    """The sanitiser closes what the content leaves open, at the end of the content: the
    disclaimer after it shows."""
    page = "# Twice\n\n<div ID=box>one</div>\n\n<div id = 'box'>two</div>\n\n<div hidden>\n"
    config = write_fixture_site(tmp_path, {"index.md": "# Home\n", "twice.md": page})
    result = build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert "docs/twice.md:3: the id 'box' is used 2 times on the built page" in result.output
    assert "medical disclaimer" not in result.output


def test_a_planner_too_long_for_one_sheet_fails_the_build(tmp_path):
    """The sheet's texts come from docs/data/planner.yml: long ones push a PDF to two pages."""
    docs = tmp_path / "docs"
    docs.mkdir()
    data = (REPO / "docs/data/planner.yml").read_text(encoding="utf-8")
    long_prompt = " ".join(["Someone I can call when the week is hard."] * 40)
    data = re.sub(r"^(    prompt: ).*$", rf"\g<1>{long_prompt}", data, flags=re.M)
    (docs / "data").mkdir()
    (docs / "data" / "planner.yml").write_text(data, encoding="utf-8")
    sheet = render(REPO / "overrides", yaml.safe_load(data), standalone=False)
    html = (
        '<html><head><link rel="canonical" href="https://example.org/weekly-planner/">'
        f"</head><body>{sheet}</body></html>"
    )
    page = page_from_html(html, "weekly-planner/index.html")
    page.file = tmp_path / "site" / "weekly-planner" / "index.html"
    page.file.parent.mkdir(parents=True)
    site = site_of([page], root=tmp_path)
    found = messages(add_planner_downloads(page, site))
    assert any(
        re.fullmatch(
            r"docs/data/planner\.yml: the (A4|Letter) planner PDF has \d+ pages, not one\. "
            r"Shorten the planner's texts or rows so the sheet fits on one page",
            message,
        )
        for message in found
    ), found
