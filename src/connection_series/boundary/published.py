"""A site step: nothing in the built site comes from outside the repository's content and
code: no symbolic link (an engine that follows one copies what it points at) and no
version-control data (`.git`: the deploy workflow's checkout once kept its token in
`.git/config`). The check keeps links out of docs/ (`files`) and the MkDocs plugin leaves
them out of the build; this looks at what was written, whichever engine wrote it."""

from __future__ import annotations

import os
from pathlib import Path

from connection_series.common.errors import Problem
from connection_series.pipeline.runner import Site

VERSION_CONTROL = {".git", ".hg", ".svn", ".gitmodules", ".gitconfig"}


def refuse_outside_files(site: Site) -> list[Problem]:
    problems = []
    for folder, folders, files in os.walk(site.root):
        for name in sorted([*folders, *files]):
            path = Path(folder, name)
            shown = path.relative_to(site.root).as_posix()
            if path.is_symlink():
                problems.append(
                    Problem(
                        shown,
                        None,
                        "a symbolic link would be published with the site",
                        "Remove the link from docs/ or overrides/ (series check names it)",
                    )
                )
            elif name in VERSION_CONTROL:
                problems.append(
                    Problem(
                        shown,
                        None,
                        "version-control data would be published with the site",
                        "Build from a folder without it in docs/ or overrides/",
                    )
                )
    return problems
