"""The configuration Zensical builds with: mkdocs.yml with the series applied.

Zensical reads mkdocs.yml but runs no MkDocs plugin, so the series plugin cannot place the
parts in its navigation or leave the held-back parts out. `series zensical-config` (the
Makefile's Zensical build) writes a copy of mkdocs.yml, in the project folder (Zensical
wants docs/ and site/ beside its configuration), whose `nav` is the generated one and whose
`exclude_docs` also names the parts that are not public on the build's day. Everything else
is mkdocs.yml's own text, `!ENV` tags included: only those two values are replaced.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from connection_series.series.navigation import series_nav
from connection_series.series.plan import SeriesPlan
from connection_series.settings import load_config

GENERATED_NOTE = "# Made by `series zensical-config` from {name}: edit {name}, not this file.\n"
# Characters that gitignore-style patterns (exclude_docs) treat specially.
PATTERN_SPECIAL = re.compile(r"([*?\[\]!#\\ ])")


def zensical_config(config_file: Path, plan: SeriesPlan) -> str:
    text = config_file.read_text(encoding="utf-8")
    data = load_config(text)
    values = {}
    nav = series_nav(data.get("nav"), plan)
    if nav is not None:
        values["nav"] = nav
    excluded = [line for line in str(data.get("exclude_docs") or "").splitlines() if line]
    excluded += ["/" + PATTERN_SPECIAL.sub(r"\\\1", source) for source in sorted(plan.left_out)]
    if excluded:
        values["exclude_docs"] = "\n".join(excluded) + "\n"
    return GENERATED_NOTE.format(name=config_file.name) + _replace_values(text, values)


def _replace_values(text: str, values: dict) -> str:
    """`text` with these top-level keys' values replaced (or added at the end)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # nodes only: any tag is fine here
    spans = {}
    for key, value in root.value if isinstance(root, yaml.MappingNode) else []:
        if key.value in values:
            spans[key.value] = (key.start_mark.index, value.end_mark.index)
    pieces, position = [], 0
    for name, (start, end) in sorted(spans.items(), key=lambda item: item[1]):
        pieces += [text[position:start], _dump(name, values[name]), "\n"]
        position = end
    pieces.append(text[position:])
    missing = [name for name in values if name not in spans]
    pieces += ["\n", *(_dump(name, values[name]) for name in missing)] if missing else []
    return "".join(pieces)


class _Dumper(yaml.SafeDumper):
    """Text of several lines (exclude_docs) as a literal block, as mkdocs.yml writes it."""


_Dumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None
    ),
)


def _dump(name: str, value) -> str:
    return yaml.dump({name: value}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def write_zensical_config(config_file: Path, target: Path, plan: SeriesPlan) -> Path:
    target.write_text(zensical_config(config_file, plan), encoding="utf-8")
    return target
