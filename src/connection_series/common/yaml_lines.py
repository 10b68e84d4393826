"""Line numbers for the values of a YAML file, so data errors can name the line.

PyYAML's `safe_load` drops positions; `compose` keeps them on every node. `line_map` walks
the node tree once and records where each value starts, keyed by its path of mapping keys
and list indexes: ("sections", 2, "rows") -> 57.
"""

from __future__ import annotations

import yaml

Path = tuple[str | int, ...]
# libyaml's loader when PyYAML has it (its wheels do): the same safe types and positions,
# about ten times faster than the pure-Python one. The statistics registry is read for
# every page that prints a statistic, so this is most of what a rebuild spends on YAML.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    """Like yaml.safe_load, with libyaml's speed; a broken file raises PyYAML's own error,
    whose wording (shown to contributors) is the more precise of the two."""
    try:
        return yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(text)


def line_map(text: str) -> dict[Path, int]:
    """Path -> 1-based line of the value at that path. Empty if the text is not valid YAML."""
    try:
        root = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        return {}
    return node_lines(root) if root is not None else {}


def node_lines(root: yaml.Node) -> dict[Path, int]:
    """Path -> 1-based line of the value at that path, in a node tree already composed."""
    lines: dict[Path, int] = {}
    _walk(root, (), lines)
    return lines


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _walk(value, (*path, str(key.value)), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines)


def nearest_line(lines: dict[Path, int], path: Path) -> int | None:
    """The line of `path`, or of its closest parent that exists (for a missing field)."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]


def dotted(path: Path) -> str:
    """("sections", 1, "rows") -> "sections[2].rows": lists counted from 1, as people count."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
