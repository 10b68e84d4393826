"""The MkDocs (and ProperDocs) adapter: `plugins: [series]` in mkdocs.yml.

Thin on purpose: the work is in the engine-independent core. Before the build it runs the
contributor-file check and points our Markdown extensions at the project's files; after the
build it runs the site-level step over site/. Zensical ignores MkDocs plugins, so the
Makefile runs the same check and step around `zensical build`.
"""

from __future__ import annotations

import logging
import sys
from importlib.metadata import version
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin

from connection_series import postbuild
from connection_series.check import check_project
from connection_series.common.errors import Problem
from connection_series.plugin.config import SeriesConfig
from connection_series.settings import Settings, SiteInfo

log = logging.getLogger("mkdocs.plugins.series")

# Our Markdown extensions and the settings each one takes from the project.
EXTENSIONS = {
    "connection_series.evidence.extension": ("docs_dir",),
    "connection_series.planner.extension": ("docs_dir", "templates", "site_name"),
    "connection_series.citations.extension": ("docs_dir", "bibliography", "cache_dir"),
    "connection_series.trust.feedback": ("url",),
}


class SeriesPlugin(BasePlugin[SeriesConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.settings: Settings | None = None
        self.problems_shown: list[Problem] = []  # in the preview: this build's problems
        self.engine_warnings = WarningCollector()

    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"
        if self.serving:  # MkDocs' own warnings (a broken link...) go to the panel too
            logging.getLogger("mkdocs").addHandler(self.engine_warnings)

    def on_shutdown(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.engine_warnings)

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        self.settings = Settings(
            root=root,
            docs_dir=Path(config.docs_dir),
            templates=Path(config.theme.custom_dir or root / "overrides"),
            bibliography=root / self.config.bibliography,
            feedback_url=self.config.feedback_url,
            review_interval_years=self.config.review_interval_years,
            site=SiteInfo(
                site_name=config.site_name,
                site_url=config.site_url,
                editorial_team=config.site_author or "",
                language=config.theme.get("language") or "en",
            ),
            publishing=self.config.publishing,
        )
        self._configure_extensions(config)
        return config

    def _configure_extensions(self, config) -> None:
        """Absolute paths for our extensions, whatever folder the build runs from."""
        values = {
            "docs_dir": str(self.settings.docs_dir),
            "templates": str(self.settings.templates),
            "site_name": config.site_name,
            "bibliography": str(self.settings.bibliography),
            "cache_dir": str(self.settings.root / ".cache" / "citations"),
            "url": self.settings.feedback_url,
        }
        missing = [name for name in EXTENSIONS if name not in config.markdown_extensions]
        if missing:
            raise PluginError(
                f"mkdocs.yml: the series plugin needs {', '.join(missing)} under "
                "markdown_extensions. Add them (see the README's Layout section)"
            )
        for name, keys in EXTENSIONS.items():
            options = config.mdx_configs.setdefault(name, {})
            options.update({key: values[key] for key in keys})

    def on_env(self, env, *, config, files):
        """Keep the compiled templates between builds (.cache/templates): compiling the
        theme's templates is much of a repeat build's time. Jinja checks each template's
        source and compiles again any that changed."""
        cache = self.settings.root / ".cache" / "templates"
        cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(cache))
        return env

    def on_pre_build(self, *, config) -> None:
        self.problems_shown = []
        self.engine_warnings.messages.clear()
        problems = check_project(self.settings)
        self._report(problems)
        if any(problem.stops for problem in problems):
            raise Abort("The build stopped: a file above cannot be read. Fix it and build again")

    def on_page_markdown(self, markdown, *, page, config, files):
        """Front-matter text is contributor input, and MkDocs' templates (Material's among
        them) print page.meta unescaped: hand them escaped markup instead."""
        page.meta = {key: escaped(value) for key, value in page.meta.items()}
        return markdown

    def on_post_build(self, *, config) -> None:
        # The preview's panel shows the check's problems and MkDocs' own warnings (a broken
        # link...) with those the steps after the build find.
        engine_warnings = [
            Problem("mkdocs", None, text, "See the preview's terminal")
            for text in self.engine_warnings.messages
        ]
        build = postbuild.SiteBuild(
            root=self.settings.root,
            docs_dir=self.settings.docs_dir,
            site_dir=Path(config.site_dir),
            templates=self.settings.templates,
            bibliography=self.settings.bibliography,
            site=self.settings.site,
            generator=engine_name(),
            preview=self.serving,
            shown_problems=tuple(self.problems_shown + engine_warnings),
        )
        self._report(postbuild.run(build))

    def _report(self, problems: list[Problem]) -> None:
        """One line per problem. `mkdocs build` logs them as warnings, so the strict build
        fails after showing them all. The preview must keep answering (a strict preview
        would stop rebuilding): it logs them as information and shows them in a panel at
        the top of every page until the file is fixed."""
        if self.serving:
            self.problems_shown += problems
            for problem in problems:
                log.info(f"PROBLEM {problem}")
            return
        for problem in problems:
            log.warning(str(problem))


class WarningCollector(logging.Handler):
    """MkDocs' warnings during one preview build, for the problem panel."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def escaped(value):
    if isinstance(value, str):
        return Markup.escape(value)
    if isinstance(value, list):
        return [escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: escaped(item) for key, item in value.items()}
    return value


def engine_name() -> str:
    """The engine that runs this build, for the generator tag of every page."""
    if "properdocs" in sys.modules:
        return f"properdocs {version('properdocs')}"
    return f"mkdocs {version('mkdocs')}"
