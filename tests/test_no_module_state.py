"""No state carried from one build to the next: `mkdocs serve` rebuilds in the same process,
so anything a build leaves in a module (a counter, a list of cited keys) would change the
next build's pages.

Two checks: a small site built twice in one process gives byte-identical files, and a static
scan of src/connection_series finds no module-level dict, list or set that the code mutates.
"""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest
from support.site_helpers import REPO, write_fixture_site

from connection_series.citations import bibliography
from connection_series.evidence.data import data_path, read_rows

pytestmark = pytest.mark.site

PACKAGE = REPO / "src" / "connection_series"
# The real data files, so that the chart and the planner are drawn as on the real site.
DATA_FILES = ["data/evidence.yml", "data/planner.yml"]


def fixture_pages() -> dict[str, str]:
    """Every feature of the package on a few pages, with keys and parts from the real data."""
    keys = list(
        bibliography.load(REPO / "references.bib", "references.bib").bibliography.references
    )
    rows, problems = read_rows(data_path(REPO / "docs"), "docs/data/evidence.yml")
    assert keys and rows and not problems
    first, second = keys[0], keys[-1]
    pages = {
        "index.md": (
            f"# Home\n\nOne [@{first}], two [@{first}; @{second}, pp. 3-4] and @{second}.\n\n"
            "<!-- feedback-link -->\n"
        ),
        "chart.md": f"# Chart\n\n<!-- chart: evidence part={rows[0].part} -->\n",
        "planner.md": "# Planner\n\n<!-- planner-sheet -->\n",
        "references.md": "# References\n\n<!-- bibliography -->\n",
    }
    for name in DATA_FILES:
        pages[name] = (REPO / "docs" / name).read_text(encoding="utf-8")
    return pages


def build_in_process(config_file: Path, site_dir: Path) -> dict[str, bytes]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
    build(config)
    return {
        path.relative_to(site_dir).as_posix(): path.read_bytes()
        for path in sorted(site_dir.rglob("*"))
        if path.is_file()  # the sitemap too: its dates are the articles', never the build's
    }


def test_a_second_build_in_the_same_process_gives_the_same_site(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(tmp_path)
    config_file = write_fixture_site(
        tmp_path,
        fixture_pages(),
        plugins=[
            "search",
            {
                "series": {
                    "bibliography": str(REPO / "references.bib"),
                    "feedback_url": "https://example.org/f",
                }
            },
        ],
    )
    # Quiet MkDocs' INFO lines for this test only (the logger is global: restored after).
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        first = build_in_process(config_file, tmp_path / "first")
        second = build_in_process(config_file, tmp_path / "second")
    finally:
        logger.setLevel(level)
    assert any(name.endswith(".html") for name in first)
    assert any(name.endswith(".pdf") for name in first), "the fixture draws no planner PDF"
    assert sorted(first) == sorted(second), "the two builds wrote different files"
    changed = [name for name in first if first[name] != second[name]]
    assert not changed, f"a second build in the same process changed {changed}"


# --- The static scan ------------------------------------------------------------------------

MUTABLE_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque"}
MUTATING_METHODS = {
    "append", "extend", "insert", "update", "add", "setdefault", "pop", "popitem",
    "remove", "discard", "clear", "sort", "reverse",
}  # fmt: skip
CACHES = {"cache", "lru_cache"}


def _is_mutable(value: ast.expr | None) -> bool:
    if isinstance(value, ast.Dict | ast.List | ast.Set | ast.DictComp | ast.ListComp | ast.SetComp):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return name in MUTABLE_CALLS
    return False


def _module_level(tree: ast.Module):
    """Statements run at import: the module body and what `if`/`try` blocks hold there."""
    pending = list(tree.body)
    while pending:
        node = pending.pop(0)
        yield node
        if isinstance(node, ast.If | ast.Try):
            for block in ("body", "orelse", "finalbody"):
                pending += getattr(node, block, [])
            for handler in getattr(node, "handlers", []):
                pending += handler.body


def _named(node: ast.expr) -> str | None:
    """`NAME` or `module.NAME` -> 'NAME'."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def mutated_names(tree: ast.Module) -> set[str]:
    """Names whose object is changed in place somewhere: `X.append(...)`, `X[k] = v`,
    `del X[k]`, `X[k] += v`."""
    names: set[str] = set()
    for node in ast.walk(tree):
        call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        if call and node.func.attr in MUTATING_METHODS:
            names.add(_named(node.func.value) or "")
        targets = []
        if isinstance(node, ast.Assign | ast.Delete):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Subscript):
                names.add(_named(target.value) or "")
    return names - {""}


def module_state(tree: ast.Module, where: str, mutated_anywhere: set[str]) -> list[str]:
    """What one module keeps between builds, as `file:line: what`."""
    found = []
    for node in _module_level(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and _is_mutable(node.value):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for name in (t.id for t in targets if isinstance(t, ast.Name)):
                if not name.isupper():
                    found.append(f"{where}:{node.lineno}: module-level mutable {name}")
                elif name in mutated_anywhere:
                    found.append(f"{where}:{node.lineno}: constant {name} is changed in place")
        # A memoised function with arguments keeps what it was called with; one without
        # arguments computes a constant once (a version number, a style file's path).
        if isinstance(node, ast.FunctionDef) and node.args.args:
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if _named(target) in CACHES:
                    found.append(f"{where}:{node.lineno}: {node.name} memoises its arguments")
    # `global X` in a function: a module-level name rebound while the site builds.
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found.append(f"{where}:{node.lineno}: rebinds module-level {', '.join(node.names)}")
    return found


def test_no_module_keeps_mutable_state():
    modules = sorted(PACKAGE.rglob("*.py"))
    assert modules
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in modules}
    # By name across the package: a constant imported elsewhere must not be changed there.
    mutated = set().union(*(mutated_names(tree) for tree in trees.values()))
    found = [
        problem
        for path, tree in trees.items()
        for problem in module_state(tree, path.relative_to(REPO).as_posix(), mutated)
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("SEEN = set()\ndef f(k):\n    SEEN.add(k)\n", "constant SEEN is changed in place"),
        ("CACHE = {}\ndef f(k, v):\n    CACHE[k] = v\n", "constant CACHE is changed in place"),
        ("ROWS: list = []\ndef f(v):\n    ROWS[0] += v\n", "constant ROWS is changed in place"),
        ("seen = []\n", "module-level mutable seen"),
        ("try:\n    import x\nexcept ImportError:\n    found = {}\n", "mutable found"),
        ("from functools import cache\n@cache\ndef f(x):\n    return x\n", "f memoises"),
        ("counter = 0\ndef f():\n    global counter\n    counter += 1\n", "rebinds"),
        ("KINDS = {'a', 'b'}\ndef f(k):\n    return k in KINDS\n", None),
        ("import functools\n@functools.cache\ndef version():\n    return '1'\n", None),
        ("def f():\n    seen = []\n    seen.append(1)\n    return seen\n", None),
    ],
)
def test_the_scan_finds_what_it_should(source, expected):
    tree = ast.parse(source)
    found = module_state(tree, "example.py", mutated_names(tree))
    if expected is None:
        assert not found
    else:
        assert any(expected in line for line in found), found
