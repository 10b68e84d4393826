"""No Python file is ever published: an engine copies what it finds in docs/ or the theme
folder (Zensical copies `.py` files too). A site step of the post-build pipeline."""

from __future__ import annotations

from connection_series.common.errors import Problem
from connection_series.pipeline.runner import Site


def refuse_published_code(site: Site) -> list[Problem]:
    return [
        Problem(
            path.relative_to(site.root).as_posix(),
            None,
            "a Python file would be published with the site",
            "Move it out of docs/ and overrides/",
        )
        for path in sorted(site.root.rglob("*.py"))
    ]
