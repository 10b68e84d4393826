"""The preview's incremental rebuilds under MkDocs and ProperDocs (`mkdocs serve --dirty`,
as `make serve` runs it).

A dirty build renders only the pages whose source is newer than their built file. That is
right only when nothing that changed shows on other pages, so before each build: when what
the preview's last build was made from (preview.sources) is the same, but for the text of
some pages, those pages' built files are removed (MkDocs renders them, whatever their
files' dates say) and the steps after the build run on the pages MkDocs wrote again; when
anything else changed, or the last build did not finish, the site folder is emptied and
every page is built, as in a clean build. A dirty `mkdocs build` is always a clean one: the
steps after the build must not run twice on a page.

The theme's own templates (404.html, sitemap.xml) show only the navigation and the
configuration, so an incremental rebuild keeps them as the last full build left them (and
with the sitemap's dates the steps gave it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.utils import clean_directory

from connection_series.pipeline.runner import Earlier
from connection_series.preview.sources import SourceReader, Sources


@dataclass(frozen=True)
class Finished:
    """A preview build that finished: what the next one builds on."""

    site_dir: str
    sources: Sources
    earlier: Earlier  # what the steps after the build found, and where (pipeline.runner)
    warnings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # MkDocs', by page


class Rebuilds:
    def __init__(self) -> None:
        self.reader = SourceReader()
        self.last: Finished | None = None  # the last build that finished
        self.building_on: Finished | None = None  # set in an incremental rebuild
        self.sources: Sources | None = None  # what this build is made from
        self.changed: set[str] = set()  # pages (relative to docs/) whose text changed
        self.rebuilt: set[str] = set()  # built pages MkDocs wrote in this build

    @property
    def incremental(self) -> bool:
        return self.building_on is not None

    def start(self, settings, day, refused, site_dir: str, serving: bool, dirty: bool) -> None:
        """Before MkDocs builds (on_pre_build): an incremental rebuild, or empty the site."""
        last, self.last, self.building_on = self.last, None, None  # set again on finishing
        self.sources, self.changed, self.rebuilt = None, set(), set()
        if not dirty:
            return  # MkDocs empties the site folder and builds every page
        if serving:
            self.sources = self.reader.read(settings, day, refused)
            if last and last.site_dir == site_dir and last.sources.shared == self.sources.shared:
                self.building_on = last
                self.changed = self.sources.changed_pages(last.sources)
                return
        clean_directory(site_dir)

    def leave_out_old_pages(self, files) -> None:
        """In an incremental rebuild (on_files): the edited pages are rendered again."""
        if not self.incremental:
            return
        for file in files.documentation_pages():
            if file.src_uri in self.changed:
                Path(file.abs_dest_path).unlink(missing_ok=True)

    def wrote(self, file, output: str) -> None:
        """MkDocs wrote a page (on_post_page; it writes no file for empty output)."""
        if output.strip():
            self.rebuilt.add(file.dest_uri)

    def template_output(self, output: str) -> str:
        """What MkDocs writes of a theme template: nothing in an incremental rebuild, so
        the last full build's file stays."""
        return "" if self.incremental else output

    def finish(self, site_dir: str, earlier: Earlier, warnings: Mapping) -> None:
        """After the steps (on_post_build): the build the next one may build on."""
        if self.sources is not None:
            self.last = Finished(site_dir, self.sources, earlier, warnings)
