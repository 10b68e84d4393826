"""A page that shows the series' markers and syntax as examples builds strictly and shows
them as written: in fenced, indented and inline code nothing is a marker, a citation or a
statistic, and nothing there is counted (no unknown key, no "already on page X", no data file
needed, no cited key, no back-link).

The fixture has no data files: a marker or statistic that counted would be reported. Its
real markers are on pages that sort after the examples, so a counted example would make the
real one the second: "... is already on docs/a-examples.md".
"""

from __future__ import annotations

import pytest
from support.site_helpers import SAMPLE_BIB, BuiltSite, build, write_fixture_site

from connection_series.citations import bibliography

pytestmark = pytest.mark.site


def cited_key() -> str:
    """A key the fixture site's bibliography has (write_fixture_site: the tests' own)."""
    references = bibliography.load(SAMPLE_BIB, "references.bib").bibliography
    return next(iter(references.references))


KEY = cited_key()
# Every marker and every piece of syntax a contributor writes, and mistakes the check reports.
EXAMPLES = [
    "<!-- bibliography -->",
    "<!-- planner-sheet -->",
    "<!-- evidence-registry -->",
    "<!-- chart: evidence part=1 -->",
    "<!-- feedback-link -->",
    "[@nosuchkey2099]",
    f"[@nosuchkey2099; @{KEY}]",
    f"[@{KEY}, p. 12]",
    f"@{KEY} found",
    "\\@handle",
    "[[stat:nosuch-statistic]]",
    "[[stat:nosuch-statistic, percent]]",
    "[@nosuchkey2099 never closed",
    "[[stat:never-closed",
    "<script>alert(1)</script>",
]


def indented(lines: list[str], width: int) -> str:
    return "\n".join(" " * width + line for line in lines)


def examples_page() -> str:
    lines = "\n".join(EXAMPLES)
    inline = "\n".join(f"- `{example}`" for example in EXAMPLES)
    return f"""# How to write the series' syntax

Fenced with backticks:

```text
{lines}
```

Fenced with tildes:

~~~
{lines}
~~~

Indented after a paragraph:

{indented(EXAMPLES, 4)}

In a list item:

- An item, then its code block:

{indented(EXAMPLES, 8)}

!!! note "In a box"
    The box's own text.

{indented(EXAMPLES, 8)}

    And fenced in the box:

    ```
{indented(EXAMPLES, 4)}
    ```

Inline:

{inline}
"""


BLOCKS = 6  # the code blocks of the page above


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuiltSite:
    root = tmp_path_factory.mktemp("examples")
    pages = {
        "index.md": "# Home\n\nThe series.\n",
        "a-examples.md": examples_page(),
        "evidence.md": "# Evidence\n\n<!-- evidence-registry -->\n",
        "references.md": "# References\n\n<!-- bibliography -->\n",
    }
    result = build(write_fixture_site(root, pages), root / "site")
    assert result.returncode == 0, result.output
    return BuiltSite(root / "site", result.output)


def test_the_page_of_examples_builds_strictly_without_a_warning(site):
    assert [line for line in site.build_log.splitlines() if "WARNING" in line] == []


def test_every_example_shows_as_written_in_each_code_block(site):
    content = site.soup("a-examples/").select_one(".md-content")
    blocks = [code.get_text().rstrip("\n").split("\n") for code in content.select("pre code")]
    assert blocks == [EXAMPLES] * BLOCKS


def test_every_example_shows_as_written_in_inline_code(site):
    content = site.soup("a-examples/").select_one(".md-content")
    inline = [code.get_text() for code in content.select("li > code")]
    assert inline == EXAMPLES


def test_nothing_in_code_became_a_citation_a_statistic_or_a_marker(site):
    content = site.soup("a-examples/").select_one(".md-content")
    rendered = [
        "a.citation",  # citations
        "mark",  # unknown keys and statistic ids
        "[data-statistic]",  # statistics
        ".planner",  # the planner sheet
        "ul.references",  # the page's references or the full bibliography
        "figure.evidence-chart",
        ".statistic-record",  # the Evidence page's list
    ]
    found = {selector: content.select(selector) for selector in rendered}
    assert {selector: elements for selector, elements in found.items() if elements} == {}
    assert not [a for a in content.select("a[href]") if "correction" in a.get_text()]


def test_a_key_shown_in_code_is_not_cited_by_the_site(site):
    # No page cites it, so the bibliography lists it under Further reading, without a place
    # for the links back to citing pages.
    entry = site.soup("references/").select_one(f"#cite-{KEY}")
    assert entry is not None
    assert entry.select(".cited-in") == []
    assert "a-examples" not in str(entry)
