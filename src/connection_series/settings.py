"""The project's settings as every engine adapter sees them, read from mkdocs.yml.

The MkDocs plugin gets them from MkDocs; the command line (`series check`, `series
postbuild` after Zensical) reads mkdocs.yml here, with PyYAML and the `!ENV` tag that
mkdocs.yml uses, and validates the plugin's entry with the plugin's own typed options.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from connection_series.common.errors import ContributorError, Problem

PLUGIN_NAME = "series"


@dataclass(frozen=True)
class SiteInfo:
    site_name: str
    site_url: str | None
    editorial_team: str
    language: str
    description: str = ""  # site_description: the feeds' subtitle


@dataclass(frozen=True)
class Settings:
    root: Path
    docs_dir: Path
    templates: Path
    bibliography: Path
    feedback_url: str
    review_interval_years: int
    site: SiteInfo
    config_file: Path | None = None  # mkdocs.yml: the check reads its navigation
    publishing: bool = False  # the build that publishes the site (plugin option `publishing`)


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's `!ENV [NAME, default]` and `!ENV NAME`; other tags (Python-Markdown's
    !!python/name) are read as plain values."""


def _env(loader: _Loader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        *names, default = loader.construct_sequence(node)
    for name in names:
        if name in os.environ:
            # As MkDocs reads it (pyyaml_env_tag): "true" is a boolean, "3" a number.
            value = os.environ[name]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def load_config(text: str) -> dict:
    """mkdocs.yml's values, `!ENV` tags read from the environment. Raises yaml.YAMLError."""
    return yaml.load(text, Loader=_Loader) or {}


def read_settings(config_file: Path) -> Settings:
    """Raises ContributorError (one line each) for a config the site cannot build from."""
    from connection_series.plugin.config import SeriesConfig

    shown = config_file.name
    try:
        data = load_config(config_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        raise ContributorError(
            [Problem(shown, mark.line + 1 if mark else None, f"cannot be read ({error})", "Fix it")]
        ) from None
    root = config_file.resolve().parent
    options = _plugin_options(data)
    config = SeriesConfig(config_file_path=str(config_file))
    config.load_dict(options)
    errors, _ = config.validate()
    if errors:
        raise ContributorError(
            Problem(shown, None, f"plugins: series: {name}: {error}", "Correct the option")
            for name, error in errors
        )
    theme = data.get("theme") or {}
    return Settings(
        root=root,
        docs_dir=root / (data.get("docs_dir") or "docs"),
        templates=root / (theme.get("custom_dir") or "overrides"),
        bibliography=root / config.bibliography,
        feedback_url=config.feedback_url,
        review_interval_years=config.review_interval_years,
        site=SiteInfo(
            site_name=str(data.get("site_name") or ""),
            site_url=data.get("site_url"),
            editorial_team=str(data.get("site_author") or ""),
            language=str(theme.get("language") or "en"),
            description=str(data.get("site_description") or "").strip(),
        ),
        config_file=config_file,
        publishing=config.publishing,
    )


def _plugin_options(data: dict) -> dict:
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            return entry[PLUGIN_NAME] or {}
        if entry == PLUGIN_NAME:
            return {}
    return {}
