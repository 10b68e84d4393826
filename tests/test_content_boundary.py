"""The content boundary (issue 20), piece by piece: what docs/ may hold (boundary.files), an
SVG as a drawing only (boundary.svg), and the sanitiser policy as the check asks it about
each piece of a page's markup (boundary.policy, boundary.markup)."""

from __future__ import annotations

import os

import pytest
from support.site_helpers import REPO

from connection_series.boundary.files import inventory
from connection_series.boundary.markup import markup_problems
from connection_series.boundary.policy import judge, sanitise
from connection_series.boundary.svg import svg_problems
from connection_series.common.markdown_scan import scan

pytestmark = pytest.mark.unit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def refused(root) -> dict[str, str]:
    found = inventory(root / "docs", root)
    assert all(problem.stops for problem in found.problems)
    return {problem.path: problem.problem for problem in found.problems}


def test_pages_data_and_images_of_the_allowed_types_pass(tmp_path):
    docs = tmp_path / "docs"
    (docs / "data").mkdir(parents=True)
    (docs / "images").mkdir()
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (docs / "data" / "planner.yml").write_text("a: 1\n", encoding="utf-8")
    (docs / "images" / "a.png").write_bytes(PNG)
    (docs / "images" / "b.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 16)
    (docs / "images" / "c.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8 ")
    for svg in (REPO / "docs" / "images").glob("*.svg"):
        (docs / "images" / svg.name).write_bytes(svg.read_bytes())
    found = inventory(docs, tmp_path)
    assert found.problems == []
    assert [page.name for page in found.pages] == ["index.md"]
    assert [data.name for data in found.data_files] == ["planner.yml"]


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("x.html", "a .html file"),
        ("x.htm", "a .htm file"),
        ("x.xhtml", "a .xhtml file"),
        ("x.css", "a .css file"),
        ("x.js", "a .js file"),
        ("x.pdf", "a .pdf file"),
        ("x.markdown", "a .markdown file"),
        ("x.MD", "the suffix .MD is not lower case"),
        ("README", "a file without a suffix"),
        (".env", "is not a plain web address"),
        ("a b.md", "is not a plain web address"),
        ("fake.png", "is named .png but is not a PNG image"),
        ("data/notes.txt", "a .txt in docs/data/"),
        ("data/extra/x.yml", "a folder inside docs/data/"),
    ],
)
def test_every_other_file_is_refused_with_one_line_naming_it(tmp_path, name, says):
    target = tmp_path / "docs" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"<p>not what it says</p>\n")
    [(path, problem)] = refused(tmp_path).items()
    assert path.startswith("docs/") and says in problem, (path, problem)


def test_links_dangling_or_not_folders_named_like_files_and_other_encodings_are_refused(
    tmp_path,
):
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "secret").write_text("token", encoding="utf-8")
    os.symlink(tmp_path / "secret", docs / "secret.md")
    os.symlink(tmp_path / "nowhere", docs / "gone.png")
    os.symlink("/etc", docs / "system")
    (docs / "page.md").mkdir()
    (docs / "latin1.md").write_bytes("caf\xe9\n".encode("latin-1"))
    os.mkfifo(docs / "pipe.md")
    found = refused(tmp_path)
    for link in ("docs/secret.md", "docs/gone.png", "docs/system"):
        assert found[link].startswith("a symbolic link"), link
    assert found["docs/page.md"].startswith("a folder named like a file")
    assert found["docs/latin1.md"] == "the file is not UTF-8 text"
    assert found["docs/pipe.md"].startswith("not a regular file")
    assert inventory(docs, tmp_path).pages == []


# --- SVG -------------------------------------------------------------------------------------

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


@pytest.mark.parametrize(
    ("inside", "says"),
    [
        ("<script>alert(1)</script>", "a <script> element"),
        ('<rect onclick="alert(1)"/>', "the event attribute onclick"),
        ("<foreignObject><p>x</p></foreignObject>", "a <foreignObject> element"),
        ('<set attributeName="href" to="javascript:alert(1)"/>', "a <set> element"),
        ('<animate attributeName="x"/>', "a <animate> element"),
        ('<image href="https://elsewhere.test/x.png"/>', "a <image> element"),
        ('<a href="https://elsewhere.test/">x</a>', "a <a> element"),
        ('<use href="https://elsewhere.test/s.svg#x"/>', "refers outside the file"),
        ('<use xlink:href="other.svg#x"/>', "refers outside the file"),
        ('<rect fill="url(https://elsewhere.test/p)"/>', "refers outside the file"),
        ('<rect style="fill:red"/>', "the attribute style"),
        ("<style>rect{fill:url(https://x.test/)}</style>", "a <style> element"),
        ('<html:p xmlns:html="http://www.w3.org/1999/xhtml">x</html:p>', "<p (of"),
    ],
)
def test_an_svg_that_is_more_than_a_drawing_is_refused_with_element_and_line(inside, says):
    found = svg_problems(f"{SVG_OPEN}\n  <g>\n    {inside}\n  </g>\n</svg>\n".encode())
    assert found, inside
    line, problem, _ = found[0]
    assert line == 3 and says in problem, found


def test_an_svg_with_a_dtd_is_refused_before_any_entity_expands():
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "aaaaaaaaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
        f"{SVG_OPEN}<text>&b;</text></svg>\n"
    )
    [(line, problem, _)] = svg_problems(bomb.encode())
    assert line == 2 and "a DOCTYPE" in problem


def test_an_svg_stylesheet_instruction_and_broken_xml_are_refused_on_their_line():
    [(line, problem, _)] = svg_problems(
        b'<?xml version="1.0"?>\n<?xml-stylesheet href="https://x.test/s.css"?>\n<svg/>'
    )
    assert line == 2 and "processing instruction" in problem
    [(line, problem, _)] = svg_problems(f"{SVG_OPEN}\n<rect>\n</svg>\n".encode())
    assert line == 3 and "not well-formed XML" in problem


def test_the_sites_own_svgs_are_drawings():
    for path in sorted((REPO / "docs" / "images").glob("*.svg")):
        assert svg_problems(path.read_bytes()) == [], path


# --- the sanitiser policy, as the check asks it --------------------------------------------


@pytest.mark.parametrize(
    ("tag", "attributes"),
    [
        ("a", [("href", "https://doi.org/10.1000/x"), ("class", "citation footnote-ref")]),
        ("a", [("href", "#cite-x"), ("id", "cite-ref-x-1")]),
        ("img", [("src", "images/a.png"), ("alt", "A")]),
        ("span", [("data-statistic", "x"), ("id", "stat-x-1")]),
        ("td", [("colspan", "2")]),
        ("rect", [("x", "1"), ("fill", "#fff")]),
        ("input", [("type", "checkbox"), ("name", "n")]),
        ("button", [("type", "button"), ("data-planner-print", "")]),
        ("details", [("open", "")]),
        ("svg", [("viewBox", "0 0 10 10"), ("role", "img"), ("aria-labelledby", "t")]),
    ],
)
def test_what_the_sites_content_is_made_of_is_kept(tag, attributes):
    assert judge(tag, attributes) == []


@pytest.mark.parametrize(
    ("tag", "attributes", "says"),
    [
        ("script", [], "a <script> element"),
        ("iframe", [("src", "x.html")], "a <iframe> element"),
        ("meta", [("http-equiv", "refresh")], "a <meta> element"),
        ("base", [("href", "https://x.test/")], "a <base> element"),
        ("form", [("action", "https://x.test/")], "a <form> element"),
        ("img", [("src", "x.png"), ("onerror", "alert(1)")], "the onerror attribute of <img>"),
        ("a", [("href", "javascript:alert(1)")], "the href='javascript:alert(1)'"),
        ("a", [("href", "jav\tascript:alert(1)")], "the href='jav\\tascript:alert(1)'"),
        ("a", [("href", "data:text/html,<script>x</script>")], "the href='data:text/html"),
        ("img", [("src", "https://x.test/p.png")], "the src='https://x.test/p.png'"),
        ("img", [("src", "//x.test/p.png")], "the src='//x.test/p.png'"),
        ("img", [("src", "/\\x.test/p.png")], "the src='/\\\\x.test/p.png'"),
        ("div", [("style", "display:none")], "the style attribute of <div>"),
        ("input", [("type", "image"), ("src", "https://x.test/")], "the type attribute"),
        ("button", [("type", "submit")], "the type attribute of <button>"),
        ("a", [("ping", "https://x.test/")], "the ping attribute of <a>"),
    ],
)
def test_what_runs_hides_or_loads_from_elsewhere_is_what_the_policy_removes(tag, attributes, says):
    found = judge(tag, attributes)
    assert any(says in what for what in found), found


def test_the_check_names_the_line_of_each_piece_of_markup_the_sanitiser_would_remove():
    body = (
        "# T {: onclick=x }\n\nText.\n\n"
        '<img src="a.png" alt="a" onerror="x">\n\n'
        "[x](javascript:alert(1)) ![p](https://x.test/p.png)\n\n"
        "`<script>shown as code</script>` and [ok](https://example.org/) ![ok](images/a.png)\n"
    )
    found = [
        (body.count("\n", 0, f.offset) + 1, f.problem.split(":")[0])
        for f in markup_problems(body, scan(body))
    ]
    assert [line for line, _ in found] == [1, 5, 7, 7], found


def test_an_address_the_engine_cannot_read_stops_its_page():
    body = "See [the site](http://[oops/).\n"
    [found] = markup_problems(body, scan(body))
    assert found.stops and "cannot be read" in found.problem


def test_sanitised_content_cannot_close_what_holds_it():
    clean = sanitise("<p>a</p></article></div><div hidden>open<script>x</script>")
    assert clean == '<p>a</p><div hidden="">open</div>'
