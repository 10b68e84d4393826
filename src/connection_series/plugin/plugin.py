"""The MkDocs (and ProperDocs) adapter: `plugins: [series]` in mkdocs.yml.

Thin on purpose: the work is in the engine-independent core. Before the build it runs the
contributor-file check, applies the series' plan (the parts in the navigation, those not
public on the build's day left out) and points our Markdown extensions at the project's
files and the build's day; after the build it runs the site-level step over site/.
Zensical ignores MkDocs plugins, so the Makefile runs the same check and step around
`zensical build`, with a configuration that `series zensical-config` wrote from the same plan.
"""

from __future__ import annotations

import itertools
import logging
import sys
from importlib.metadata import version
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import InclusionLevel

from connection_series import postbuild
from connection_series.boundary.files import refused_paths
from connection_series.boundary.live_reload import serve_script_as_file
from connection_series.check import check_project
from connection_series.check_memo import CheckMemo
from connection_series.common.errors import ContributorError, Problem, shown_path
from connection_series.pipeline.runner import Earlier
from connection_series.plugin.config import SeriesConfig
from connection_series.plugin.engine_warnings import DirtyNotice, WarningCollector
from connection_series.plugin.rebuilds import Rebuilds
from connection_series.series.clock import build_day
from connection_series.series.navigation import series_nav
from connection_series.series.plan import SeriesPlan, plan_series
from connection_series.settings import Settings, SiteInfo

log = logging.getLogger("mkdocs.plugins.series")

# Our Markdown extensions and the settings each one takes from the project.
EXTENSIONS = {
    "connection_series.evidence.extension": ("docs_dir", "today", "preview"),
    "connection_series.series.extension": ("docs_dir", "today", "preview"),
    "connection_series.planner.extension": ("docs_dir", "templates", "site_name"),
    "connection_series.citations.extension": (
        "docs_dir",
        "bibliography",
        "cache_dir",
        "today",
        "preview",
    ),
    "connection_series.trust.feedback": ("url",),
    "connection_series.boundary.extension": (),  # the sanitiser, last: every page's content
}


class SeriesPlugin(BasePlugin[SeriesConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.settings: Settings | None = None
        self.plan: SeriesPlan | None = None  # the series in this build (series.plan)
        self.problems_shown: list[Problem] = []  # in the preview: this build's problems
        self.refused: set[str] = set()  # files no engine may read (the check said why)
        self.dirty = False  # `--dirty`: MkDocs renders only pages newer than their file
        self.engine_warnings = WarningCollector()
        self.dirty_notice = DirtyNotice()
        self.check_memo = CheckMemo()  # each page's problems, for the preview's next rebuild
        self.rebuilds = Rebuilds()  # the preview's incremental rebuilds (plugin.rebuilds)

    def on_startup(self, *, command, dirty) -> None:
        self.serving, self.dirty = command == "serve", dirty
        if self.serving:  # MkDocs' own warnings (a broken link...) go to the panel too
            logging.getLogger("mkdocs").addHandler(self.engine_warnings)
            logging.getLogger("mkdocs.commands.build").addFilter(self.dirty_notice)

    def on_shutdown(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.engine_warnings)
        logging.getLogger("mkdocs.commands.build").removeFilter(self.dirty_notice)

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        try:
            day = build_day()
        except ContributorError as error:
            raise PluginError(str(error)) from None
        self.settings = Settings(
            root=root,
            config_file=Path(config.config_file_path),
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
                description=(config.site_description or "").strip(),
            ),
            publishing=self.config.publishing,
        )
        # The series: its parts in the navigation, the held-back ones left out on_files.
        self.plan = plan_series(self.settings.docs_dir, day, preview=self.serving)
        config["nav"] = series_nav(config.nav, self.plan)
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
            "today": self.plan.day.isoformat(),
            "preview": self.plan.preview,
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
        self.engine_warnings.start()
        problems = check_project(
            self.settings, self.plan.day, preview=self.plan.preview, memo=self.check_memo
        )
        self._report(problems)
        # A file no engine may read is left out of the build (on_files): the preview goes on
        # and shows why; the strict build fails on the problem. Outside docs/, stop.
        self.refused = refused_paths(problems)
        docs = shown_path(self.settings.docs_dir, self.settings.root)
        if any(not _under(path, docs) for path in self.refused):
            raise Abort("The build stopped: a file above cannot be read. Fix it and build again")
        self.rebuilds.start(
            self.settings, self.plan.day, self.refused, config.site_dir, self.serving, self.dirty
        )
        if self.rebuilds.incremental:
            changed = ", ".join(sorted(self.rebuilds.changed)) or "none"
            log.info(f"Rebuilding only the pages that changed ({changed})")

    def on_files(self, files, *, config):
        """Leave out every file the check refused (a link out of the repository, a file type
        docs/ does not take, a page no engine may read) and everything under a refused
        folder: what the engine never reads it can neither publish nor fail on. Parts not
        public on the build's day get no page, and a link to one is a broken link (the check
        names it first)."""
        for file in list(files):
            if file.abs_src_path is None:
                continue
            shown = shown_path(file.abs_src_path, self.settings.root)
            if any(_under(shown, refused) for refused in self.refused):
                files.remove(file)
                _restore_theme_file(files, file.src_uri, config)
        for file in files.documentation_pages():
            if file.src_uri in self.plan.left_out:
                file.inclusion = InclusionLevel.EXCLUDED
        self.rebuilds.leave_out_old_pages(files)
        return files

    def on_serve(self, server, *, config, builder):
        """The preview's live reload as a script file: its pages keep the strict policy."""
        serve_script_as_file(server)
        return server

    def on_pre_page(self, page, *, config, files):
        self.engine_warnings.enter(page.file)
        return page

    def on_page_content(self, html, *, page, config, files):
        self.engine_warnings.leave()
        return html

    def on_page_context(self, context, *, page, config, nav):
        self.engine_warnings.enter(page.file)
        return context

    def on_post_page(self, output, *, page, config):
        self.engine_warnings.leave()
        self.rebuilds.wrote(page.file, output)
        return output

    def on_post_template(self, output_content, *, template_name, config):
        return self.rebuilds.template_output(output_content)

    def on_page_markdown(self, markdown, *, page, config, files):
        """Front-matter text is contributor input, and MkDocs' templates (Material's among
        them) print page.meta unescaped: hand them escaped markup instead."""
        page.meta = {key: escaped(value) for key, value in page.meta.items()}
        return markdown

    def on_post_build(self, *, config) -> None:
        # The preview's panel shows the check's problems and MkDocs' own warnings (a broken
        # link...) with those the steps after the build find; in an incremental rebuild, the
        # warnings and problems of the pages not rebuilt as the build that made them found.
        building_on = self.rebuilds.building_on
        warnings = self._engine_warnings(building_on)
        engine_warnings = [
            Problem("mkdocs", None, text, "See the preview's terminal")
            for text in [*self.engine_warnings.site, *itertools.chain(*warnings.values())]
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
            publishing=self.settings.publishing,
            day=self.plan.day,
            shown_problems=tuple(self.problems_shown + engine_warnings),
            rebuilt=frozenset(self.rebuilds.rebuilt) if building_on else None,
            earlier=building_on.earlier if building_on else Earlier(),
        )
        outcome = postbuild.run_remembering(build)
        self._report(outcome.problems)
        self.rebuilds.finish(config.site_dir, outcome.earlier, warnings)

    def _engine_warnings(self, building_on) -> dict[str, tuple[str, ...]]:
        """MkDocs' warnings by page: of this build for the pages it rendered, else kept."""
        now = self.engine_warnings.by_page
        kept = building_on.warnings if building_on else {}
        return {
            **{page: found for page, found in kept.items() if page not in now},
            **{page: tuple(found) for page, found in now.items() if found},
        }

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


def _restore_theme_file(files, path: str, config) -> None:
    """A refused docs/ file hid the theme's file of the same name (docs/assets/javascripts/
    planner.js): the theme's comes back, as MkDocs adds it when docs/ has none."""
    from mkdocs.structure.files import File

    if path.endswith(".html") or files.get_file_from_path(path) is not None:
        return
    for folder in config.theme.dirs:
        if (Path(folder) / path).is_file():
            files.append(File(path, folder, config.site_dir, config.use_directory_urls))
            return


def _under(path: str, folder: str) -> bool:
    """`path` is `folder` or inside it (both as the check shows them, with slashes)."""
    return path == folder or path.startswith(folder.rstrip("/") + "/")


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
