"""Markup that would run script in a reader's browser, refused in contributor files.

Raw HTML is allowed in Markdown (the series uses it for figures), so the build looks for the
three ways HTML runs script: a <script> element, an inline event handler (onclick=...) and a
javascript: (or vbscript:, data:text/html) address. Code samples are left alone: in Markdown
code (fenced, indented or inline, as common.markdown_scan finds it) they are shown as text,
never run.
"""

from __future__ import annotations

import re

from connection_series.common.markdown_scan import Scan, scan

SCRIPT_TAG = re.compile(r"<\s*script\b", re.I)
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*?[\s/\"']on[a-zA-Z]+\s*=", re.S)
SCRIPT_SCHEME = re.compile(r"(?:javascript|vbscript)\s*:|data\s*:\s*text/html", re.I)
PATTERNS = (
    (SCRIPT_TAG, "a <script> element"),
    (EVENT_HANDLER, "an inline event handler (on...=)"),
    (SCRIPT_SCHEME, "a javascript: address"),
)


def unsafe_markup(text: str, scanned: Scan | None = None) -> list[tuple[int, str]]:
    """(offset, what) of every piece of script-running markup outside code (`scanned`:
    scan(text), if known)."""
    spans = (scan(text) if scanned is None else scanned).code
    found = []
    for pattern, what in PATTERNS:
        for match in pattern.finditer(text):
            if match.start() not in spans:
                found.append((match.start(), what))
    return sorted(found)


def unsafe_text(value: str) -> str | None:
    """For data-file text (shown escaped anyway): what script-like markup it holds, if any."""
    for pattern, what in PATTERNS:
        if pattern.search(value):
            return what
    return None


def unsafe_yaml_values(text: str) -> list[tuple[int, str]]:
    """(line, what) for every text value of a YAML file (data, front matter) that holds
    script-like markup. Templates escape these values anyway; refusing them keeps a
    reviewer from having to wonder."""
    import yaml

    from connection_series.common.yaml_lines import SAFE_LOADER  # libyaml's, when there

    try:
        root = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        return []  # the file's own check reports the syntax error
    found: list[tuple[int, str]] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if what := unsafe_text(str(node.value)):
                found.append((node.start_mark.line + 1, what))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(value for _, value in node.value)
    return sorted(found)
