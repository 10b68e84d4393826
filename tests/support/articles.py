"""The body of an article as the check wants every article to be: its title as the first
heading, a "Key points" box first (three to five points), and the "When to get help" box
that `make new-article` writes. For fixture pages of tests about something else."""

from __future__ import annotations

from connection_series.contributors.new_article import TEMPLATE
from connection_series.contributors.placeholders import KEPT_BOX

KEY_POINTS = (
    '!!! abstract "Key points"\n\n'
    "    - A first short point.\n"
    "    - A second short point.\n"
    "    - A third short point.\n"
)
WHEN_TO_GET_HELP = TEMPLATE[TEMPLATE.index(KEPT_BOX) :]


def article_body(title: str, text: str = "Text.\n") -> str:
    """`# title`, the Key points box, `text`, the When to get help box."""
    return f"# {title}\n\n{KEY_POINTS}\n{text.strip()}\n\n{WHEN_TO_GET_HELP}"
