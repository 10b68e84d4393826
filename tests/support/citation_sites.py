"""The citations' fixture site, built once per session: a page that cites in every form
(groups, locators, narrative, in a box and a table, look-alikes and code that are not
citations), a second page citing again, and the references page."""

from __future__ import annotations

import pytest

from support.site_helpers import BuiltSite, build, write_fixture_site

CITING_PAGE = """# Evidence

Isolation is linked with earlier death [@holtlunstad2015].
Two reviews agree [@valtorta2016; @holtlunstad2010].
Same authors, two years [@valtorta2018; @valtorta2016].
Order as cited: [@wang2018; @kuiper2015].
A page is named [@cole2019, p. 33] and a range [@kuiper2015, pp. 40-42].
@holtlunstad2010 pooled 148 studies. @waldinger2010 studied couples in their 80s.
Two Wangs: [@wang2018; @wang2023].

!!! abstract "Key points"

    - Touch helps [@packheiser2024].

| Study | Finding |
|---|---|
| @luo2012 | loneliness predicted death [@luo2012] |

Write to team@example.org. Code stays: `[@cole2019]` and

```text
@rook2015 [@rook2015]
```

Our handle is \\@connection. See [the list](references.md).

The line `<!-- bibliography -->` lists every source.
"""
SECOND_PAGE = "# More\n\nAgain [@holtlunstad2015] and @rook2015.\n"
REFERENCES_PAGE = "# References\n\nAll sources.\n\n<!-- bibliography -->\n"


@pytest.fixture(scope="session")
def citing_site(tmp_path_factory) -> BuiltSite:
    root = tmp_path_factory.mktemp("citations-fixture")
    pages = {"index.md": CITING_PAGE, "more.md": SECOND_PAGE, "references.md": REFERENCES_PAGE}
    result = build(write_fixture_site(root, pages), root / "site")
    assert result.returncode == 0, result.output
    return BuiltSite(root / "site", result.output)
