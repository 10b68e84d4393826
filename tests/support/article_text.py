"""An article's Markdown for tests of the check: valid front matter (dates around today) and,
on request, the boxes every article has (trust/article_structure.py)."""

from __future__ import annotations

import datetime as dt

KEY_POINTS = '!!! abstract "Key points"\n\n    - One.\n    - Two.\n    - Three.\n\n'
GET_HELP = (
    '!!! warning "When to get help"\n\n    Talk to a doctor. In an emergency, call your local\n'
    "    emergency number.\n"
)


def front_matter(title: str, description: str = "One sentence about the test.") -> str:
    today = dt.date.today()
    return (
        f'---\ntitle: "{title}"\ndescription: {description}\nauthors:\n'
        f"  - The editorial team\npublished: {today}\nlast_reviewed: {today}\n"
        f'next_review: {today + dt.timedelta(days=30)}\nreviewer: ""\n---\n\n'
    )
