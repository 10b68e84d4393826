"""Create a new article with valid front matter and the boxes every article has.

Usage: make new-article TITLE="Title of the article"   (or: series new-article "...")

It writes docs/<slug>.md (today's dates, next review in three years, the editorial team as
author, no reviewer yet), adds the page to the navigation in mkdocs.yml just before the weekly
planner, and refuses to overwrite a page that exists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

# The build's own rule for review dates, so the scaffold can never disagree with it.
from connection_series.trust.front_matter import MAX_REVIEW_INTERVAL_YEARS, add_years

EDITORIAL_TEAM = "The editorial team of Love and social connection are therapeutic"
MAX_TITLE = 120  # characters: a navigation entry, a search result, a file name
NAV_ANCHOR = "weekly-planner.md"  # new articles go into the navigation before this entry
# The front matter's placeholder; the body's are the template's lines of instructions. The
# check reports every one still in a page (contributors/placeholders.py).
DESCRIPTION = "One plain sentence that says what the reader will learn."

TEMPLATE = """\
---
title: "{title}"
description: "{description}"
authors:
  - {author}
published: {today}
last_reviewed: {today}
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


def add_to_nav(config_text: str, title: str, filename: str) -> str:
    lines = config_text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.rstrip().endswith(NAV_ANCHOR) and line.lstrip().startswith("- "):
            indent = line[: len(line) - len(line.lstrip())]
            quoted = title.replace("\\", "\\\\").replace('"', '\\"')
            lines.insert(index, f'{indent}- "{quoted}": {filename}\n')
            return "".join(lines)
    raise ValueError(f"mkdocs.yml has no navigation entry for {NAV_ANCHOR}")


def create_article(
    title: str, docs_dir: Path, config_file: Path, today: dt.date | None = None
) -> Path:
    today = today or dt.date.today()
    filename = f"{slugify(title)}.md"
    target = docs_dir / filename
    if target.exists():
        raise FileExistsError(f"{target} exists already: choose another title or edit that page")
    config_text = config_file.read_text(encoding="utf-8")
    new_config = add_to_nav(config_text, title, filename)
    target.write_text(
        TEMPLATE.format(
            title=title.replace("\\", "\\\\").replace('"', '\\"'),
            description=DESCRIPTION,
            author=EDITORIAL_TEAM,
            today=today.isoformat(),
            next_review=add_years(today, MAX_REVIEW_INTERVAL_YEARS).isoformat(),
        ),
        encoding="utf-8",
    )
    config_file.write_text(new_config, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Create a new article from the template.")
    parser.add_argument("title", help='the article title, e.g. "Part 3: Friendship at work"')
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
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
        created = create_article(title, docs, args.config)
    except (FileExistsError, ValueError) as error:
        print(f"new-article: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"new-article: cannot write the page ({error.strerror}). Check {docs}", file=sys.stderr
        )
        return 1
    print(f"Created {created} and added it to the navigation.")
    print(
        "Next: replace the template's instructions with your own text (`make check` names "
        "every line of them left) and watch `make serve`."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
