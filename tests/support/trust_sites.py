"""Small fixture sites for the trust tests (issue 5), each built once per session.

- `good_site`: an article that cites works from its own references.bib, a page "added later"
  with no special markup, and the 404 page: what every page gets without its author's help.
- `bad_site`: one page per front-matter mistake, an About page without the feedback marker
  and no feedback_url: one strict build whose log must name every problem on its own line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from connection_series.trust.front_matter import add_years
from support.site_helpers import BuildResult, build, write_fixture_site

TODAY = dt.date.today()
THREE_YEARS_ON = add_years(TODAY, 3)
NEXT_YEAR = TODAY + dt.timedelta(days=365)

ARTICLE = f"""---
title: A fixture article
description: One sentence about the fixture article.
authors:
  - The editorial team of Love and social connection are therapeutic
  - Ada Example
published: {TODAY - dt.timedelta(days=30)}
last_reviewed: {TODAY}
next_review: {NEXT_YEAR}
reviewer: Dr Rev Iewer
---

# A fixture article

Grouped [@withdoi; @prefixed, p. 12] and alone [@book].
In code `[@incode]` it is no citation, nor is a [link with @withdoi](https://example.org/).
Again [@withdoi], counted once. Email me@example.org is not a citation.

!!! abstract "Key points"

    - One.
    - Two.
    - Three.

!!! warning "When to get help"

    In an emergency, call your local emergency number.
"""

BIB = """
@article{withdoi,
  author = {Doe, Jane}, title = {With a DOI}, journal = {J}, volume = {1}, year = {2020},
  doi = {10.1000/xyz(01)-2}
}
@article{prefixed,
  author = {Roe, Rich}, title = {Cited with a page}, journal = {J}, volume = {2}, year = {2021},
  doi = {10.2000/ABC.1}
}
@book{book,
  author = {Poe, Pat}, title = {A book}, publisher = {P}, year = {2019}
}
@article{incode,
  author = {Coe, Cat}, title = {Only in code}, journal = {J}, volume = {3}, year = {2018},
  doi = {10.3000/never}
}
"""

PLAIN_PAGE = "# Added later\n\nA page whose author did nothing special.\n"


@pytest.fixture(scope="session")
def good_site(tmp_path_factory) -> BuildResult:
    root = tmp_path_factory.mktemp("trust-good")
    (root / "references.bib").write_text(BIB, encoding="utf-8")
    config = write_fixture_site(
        root,
        {"index.md": "# Home\n", "article.md": ARTICLE, "added-later.md": PLAIN_PAGE},
        series={
            "bibliography": str(root / "references.bib"),
            "feedback_url": "https://example.org/feedback",
        },
    )
    result = build(config, root / "site")
    assert result.returncode == 0, result.output
    return result


def article(**fields) -> str:
    """Article front matter with some fields changed (None drops one) and a short body."""
    values = {
        "title": "Fixture",
        "description": "A fixture.",
        "authors": "\n  - The editorial team",
        "published": "2020-01-01",
        "last_reviewed": str(TODAY),
        "next_review": str(NEXT_YEAR),
        "reviewer": '""',
    }
    values.update(fields)
    lines = [f"{key}: {value}" for key, value in values.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n# Fixture\n"


BAD_PAGES = {
    "index.md": "# Home\n",
    "about.md": "# About\n\n## Feedback\n\nNo marker here.\n",
    "missing-date.md": article(next_review=None),
    "impossible-date.md": article(published="2026-02-30"),
    "words-date.md": article(last_reviewed="26 November 2026"),
    "overdue.md": article(
        published="2000-01-01", last_reviewed="2000-06-01", next_review="2001-01-01"
    ),
    "too-far.md": article(next_review=str(THREE_YEARS_ON + dt.timedelta(days=2))),
    "bad-yaml.md": "---\ntitle: Part 1: a colon\ndescription: x\n---\n\n# Bad YAML\n",
    "unclosed.md": "---\ntitle: Never closed\n\n# Unclosed\n",
}


@pytest.fixture(scope="session")
def bad_site(tmp_path_factory) -> BuildResult:
    root = tmp_path_factory.mktemp("trust-bad")
    config = write_fixture_site(root, BAD_PAGES, series={"feedback_url": ""})
    return build(config, root / "site")


def built(result: BuildResult, url_path: str) -> Path:
    path = result.site_dir / url_path
    return path / "index.html" if url_path.endswith("/") or url_path == "" else path
