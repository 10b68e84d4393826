"""Start the next part of the series: one new Markdown file, and nothing else.

Usage: make new-article TITLE="Friendship at work"   (or: series new-article "...")

It writes docs/part-N-<title>.md as part N (the number after the last part), titled
"Part N: ..." (a title that names another number is refused), a draft, dated a week after the
last part (or today, if that is later), with next review in three years, the editorial team
as author and no reviewer yet. The navigation, the home page's list and the links between
parts come from its front matter (connection_series.series). It refuses to overwrite a page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

from connection_series.series.parts import Part, find_parts, read_part
from connection_series.series.rules import TITLE_NUMBER

# The build's own rule for review dates, so the scaffold can never disagree with it.
from connection_series.trust.front_matter import MAX_REVIEW_INTERVAL_YEARS, add_years

EDITORIAL_TEAM = "The editorial team of Love and social connection are therapeutic"
MAX_TITLE = 120  # characters: a navigation entry, a search result, a file name
WEEK = dt.timedelta(days=7)  # a weekly series: the next part comes out a week after the last
# The front matter's placeholder; the body's are the template's lines of instructions. The
# check reports every one still in a page (contributors/placeholders.py).
DESCRIPTION = "One plain sentence that says what the reader will learn."

TEMPLATE = """\
---
part: {number}
draft: true
title: "{title}"
description: "{description}"
authors:
  - {author}
published: {published}
last_reviewed: {published}
next_review: {next_review}
reviewer: ""
---

# {title}

Start with one or two short sentences that tell the reader what this page is about.

!!! abstract "Key points"

    - Write three to five short points.
    - Use plain words.
    - Keep each point to one idea.

## What the research shows

Say what the studies found, and say how sure we can be. Put a citation such as
`[@holtlunstad2010]` after every fact and every number. Print each number from the statistics
registry with `[[stat:ID]]` (CONTRIBUTING.md, "Add a statistic").

## What you can do

Give one or two small steps a reader could take this week.

!!! warning "When to get help"

    If loneliness comes with low mood, a sense of hopelessness or thoughts of harming
    yourself, talk to a doctor or another health professional soon. In an emergency, call
    your local emergency number.
"""


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if not slug:
        raise ValueError(f"cannot make a file name from the title {title!r}")
    return slug


def next_part(docs_dir: Path, today: dt.date) -> tuple[int, dt.date]:
    """The next part's number and its day: a week after the last part, not before today."""
    parts = find_parts(docs_dir)
    dates = [part.published + WEEK for part in parts if part.published]
    return (parts[-1].number + 1 if parts else 1), max([today, *dates])


def part_title(title: str, number: int) -> str:
    """ "Friendship at work" -> "Part 3: Friendship at work"; a title naming another number
    is refused (the check would refuse the page)."""
    named = TITLE_NUMBER.match(title)
    if named is None:
        return f"Part {number}: {title}"
    if int(named[1]) != number:
        raise ValueError(
            f"the next part is part {number}, but the title says Part {named[1]}: "
            f'write TITLE="Part {number}: ..." or leave the number out'
        )
    return title


def create_article(title: str, docs_dir: Path, today: dt.date | None = None) -> Path:
    today = today or dt.datetime.now(dt.UTC).date()
    number, published = next_part(docs_dir, today)
    title = part_title(title, number)
    filename = f"{slugify(title)}.md"
    target = docs_dir / filename
    if target.exists():
        raise FileExistsError(f"{target} exists already: choose another title or edit that page")
    target.write_text(
        TEMPLATE.format(
            number=number,
            title=title.replace("\\", "\\\\").replace('"', '\\"'),
            description=DESCRIPTION,
            author=EDITORIAL_TEAM,
            published=published.isoformat(),
            next_review=add_years(published, MAX_REVIEW_INTERVAL_YEARS).isoformat(),
        ),
        encoding="utf-8",
    )
    return target


def find_part(page: Path) -> Part:
    return read_part(page.read_text(encoding="utf-8"), page.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start the next part of the series.")
    parser.add_argument("title", help='the title, e.g. "Friendship at work"')
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="finds docs/")
    parser.add_argument("--docs", type=Path, help="default: docs/ beside the config")
    args = parser.parse_args(argv)
    docs = args.docs or args.config.parent / "docs"
    title = " ".join(args.title.split())
    if len(title) > MAX_TITLE:
        print(
            f"new-article: the title has {len(title)} characters. Keep it under {MAX_TITLE}: "
            "readers see it in the navigation and in search results",
            file=sys.stderr,
        )
        return 1
    try:
        created = create_article(title, docs)
    except (FileExistsError, ValueError) as error:
        print(f"new-article: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"new-article: cannot write the page ({error.strerror}). Check {docs}", file=sys.stderr
        )
        return 1
    part = find_part(created)
    print(
        f"Created {created}: part {part.number}, a draft, to come out on {part.published} "
        "(change `published` for another day)."
    )
    print(
        "Next: replace the template's instructions with your own text (`make check` names "
        "every line of them left) and watch `make serve`; remove `draft: true` when the part "
        "is ready. It goes public on its day."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
