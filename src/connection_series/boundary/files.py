"""What docs/ may hold: content only, each file of an allowed type and read by its own parser.

- pages, `.md` (UTF-8), anywhere in docs/: rendered to HTML and sanitised (`policy`);
- data, `.yml` (UTF-8), in docs/data/ only: read by `contributor_yaml` (no anchors, aliases
  or tags), never published;
- images, `.png`, `.jpg`/`.jpeg`, `.gif`, `.webp`, `.avif`: a browser never runs a raster
  image; its first bytes must say it is one;
- `.svg`: a drawing only (`svg` checks every element and attribute).

Everything else is refused with one line naming it: scripts and stylesheets are code and live
in the theme folder (overrides/, which a maintainer reviews); raw HTML pages (`.html`,
`.htm`, `.xhtml`...) would reach readers unchecked; PDFs can carry script and links that no
check here can read (the planner's PDFs are made by the build); other Markdown suffixes
(`.markdown`...) would be pages the check never reads. So are symbolic links (dangling or
not: a link can publish a file from outside the repository, such as `.git/config` or the
build's environment), anything that is not a regular file or folder, folders named like
files (`x.md/`), and names that are not plain web addresses (letters, digits, `-`, `_`, `.`;
no leading dot). The folder tree is walked without following links.

A refused file "stops": the engines never read it (the MkDocs plugin leaves it out of the
build; Zensical's build does not start while `series check` reports problems).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from connection_series.boundary.svg import svg_problems
from connection_series.common.errors import Problem, shown_path

DATA_FOLDER = "data"
PAGE = ".md"
DATA = ".yml"
# The first bytes of each raster type (AVIF: an ISO box "ftyp" with the brand avif or avis).
RASTER = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".avif": (b"ftypavif", b"ftypavis"),
}
IMAGES = (*RASTER, ".svg")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
FOLDER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\Z")
TAKES = (
    "docs/ takes pages (.md), images (.png, .jpg, .gif, .webp, .avif, .svg) and, in "
    "docs/data/, data files (.yml)"
)
# Advice for the types people bring most often.
ADVICE = {
    ".css": "Stylesheets are code: put it in overrides/assets/stylesheets/ (a maintainer "
    "reviews it) or remove it",
    ".js": "Scripts are code: put it in overrides/assets/javascripts/ (a maintainer reviews "
    "it) or remove it",
    ".mjs": "Scripts are code: put it in overrides/assets/javascripts/ or remove it",
    ".html": "Write the page in Markdown (.md): a raw HTML page would reach readers unchecked",
    ".htm": "Write the page in Markdown (.md): a raw HTML page would reach readers unchecked",
    ".xhtml": "Write the page in Markdown (.md): a raw HTML page would reach readers unchecked",
    ".shtml": "Write the page in Markdown (.md): a raw HTML page would reach readers unchecked",
    ".pdf": "The site publishes no PDF from docs/ (a PDF can carry script): link to the "
    "source instead",
    ".markdown": "Rename it to .md: the check reads .md pages",
    ".mdown": "Rename it to .md: the check reads .md pages",
    ".mkd": "Rename it to .md: the check reads .md pages",
    ".mkdn": "Rename it to .md: the check reads .md pages",
}


@dataclass
class Inventory:
    """docs/ as the check reads it: the pages it may render and every refused file."""

    pages: list[Path] = field(default_factory=list)
    data_files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def inventory(docs_dir: Path, root: Path) -> Inventory:
    found = Inventory()
    if docs_dir.is_symlink():
        found.problems.append(_refused(docs_dir, root, "docs/ is a symbolic link", _LINK_FIX))
        return found
    if docs_dir.is_dir():
        _walk(docs_dir, docs_dir, root, found)
    found.pages.sort()
    found.data_files.sort()
    return found


_LINK_FIX = "Replace the link with the file itself, or remove it"
LINKED = "a symbolic link: it could publish a file from outside the repository"


def through_link(path: Path) -> bool:
    """True if the content file, or the folder it is in (docs/data/), is a symbolic link: the
    readers of data files and references.bib then refuse it, whoever calls them."""
    return path.is_symlink() or path.parent.is_symlink()


def _walk(folder: Path, docs_dir: Path, root: Path, found: Inventory) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        found.problems.append(_refused(folder, root, f"cannot be read ({error.strerror})"))
        return
    for entry in entries:
        path = Path(entry.path)
        relative = path.relative_to(docs_dir)
        try:
            mode = os.lstat(path).st_mode
        except OSError as error:
            found.problems.append(_refused(path, root, f"cannot be read ({error.strerror})"))
            continue
        if stat.S_ISLNK(mode):
            found.problems.append(_refused(path, root, LINKED, _LINK_FIX))
        elif stat.S_ISDIR(mode):
            if _folder_name_problem(path, relative, root, found):
                continue
            _walk(path, docs_dir, root, found)
        elif not stat.S_ISREG(mode):
            problem = "not a regular file (a pipe, socket or device)"
            found.problems.append(_refused(path, root, problem, "Remove it"))
        elif not NAME.match(entry.name):
            found.problems.append(_bad_name(path, root))
        else:
            _judge_file(path, relative, root, found)


def _folder_name_problem(path: Path, relative: Path, root: Path, found: Inventory) -> bool:
    name = path.name
    if FOLDER_NAME.match(name) and not (
        relative.parts[0] == DATA_FOLDER and len(relative.parts) > 1
    ):
        return False
    if "." in name and NAME.match(name):
        problem = f"a folder named like a file ('{name}')"
        fix = "Rename the folder without a '.', or remove it"
    elif relative.parts[0] == DATA_FOLDER:
        problem = "a folder inside docs/data/"
        fix = "Keep data files directly in docs/data/"
    else:
        found.problems.append(_bad_name(path, root))
        return True
    found.problems.append(_refused(path, root, problem, fix))
    return True


def _judge_file(path: Path, relative: Path, root: Path, found: Inventory) -> None:
    suffix = path.suffix
    in_data = relative.parts[0] == DATA_FOLDER and len(relative.parts) == 2
    if suffix.lower() != suffix and suffix.lower() in (PAGE, DATA, *IMAGES):
        fix = f"Rename it with the suffix in lower case ({suffix.lower()})"
        found.problems.append(_refused(path, root, f"the suffix {suffix} is not lower case", fix))
    elif in_data:
        if suffix == DATA:
            if _utf8_problem(path, root, found):
                return
            found.data_files.append(path)
        else:
            fix = "docs/data/ takes data files (.yml) only: move it or remove it"
            found.problems.append(_refused(path, root, f"a {suffix or 'file'} in docs/data/", fix))
    elif suffix == PAGE:
        if not _utf8_problem(path, root, found):
            found.pages.append(path)
    elif suffix in RASTER:
        _raster(path, root, found)
    elif suffix == ".svg":
        for line, problem, fix in svg_problems(path.read_bytes()):
            found.problems.append(_refused(path, root, problem, fix, line))
    else:
        kind = f"a {suffix} file" if suffix else "a file without a suffix"
        fix = ADVICE.get(suffix.lower(), "Remove it")
        found.problems.append(_refused(path, root, f"{kind}: {TAKES}", fix))


def _utf8_problem(path: Path, root: Path, found: Inventory) -> bool:
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        fix = "Save it as UTF-8 in your editor"
        found.problems.append(_refused(path, root, "the file is not UTF-8 text", fix, line))
        return True
    return False


def _raster(path: Path, root: Path, found: Inventory) -> None:
    with path.open("rb") as handle:
        head = handle.read(16)
    signatures = RASTER[path.suffix]
    if path.suffix == ".avif":
        ok = head[4:12] in signatures
    elif path.suffix == ".webp":
        ok = head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    else:
        ok = head.startswith(signatures)
    if not ok:
        problem = f"the file is named {path.suffix} but is not a {path.suffix[1:].upper()} image"
        fix = "Save the image again in that format, or give it the suffix of its real format"
        found.problems.append(_refused(path, root, problem, fix))


def _bad_name(path: Path, root: Path) -> Problem:
    problem = (
        f"the name '{path.name}' is not a plain web address (letters, digits, '-', '_' and "
        "'.', not starting with '.')"
    )
    return _refused(path, root, problem, "Rename it, e.g. part-3-friends-at-work.md")


def _refused(
    path: Path, root: Path, problem: str, fix: str = "Remove it", line: int | None = None
) -> Problem:
    """One refused file: it `stops`, so no engine reads it."""
    return Problem(shown_path(path, root), line, problem, fix, stops=True)


def refused_paths(problems: list[Problem]) -> set[str]:
    """The files and folders (as shown) that no engine may read, from the check's problems."""
    return {problem.path for problem in problems if problem.stops}
