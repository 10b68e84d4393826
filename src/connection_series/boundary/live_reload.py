"""The preview's live reload without inline script, so `make serve` keeps the site's strict
Content-Security-Policy (no 'unsafe-inline': a contributor's script does not run in a
reviewer's preview either).

MkDocs' server (and ProperDocs', the same code) adds its live-reload script inline to each
page it serves, with a new request number each time, so no hash can allow it. In the
preview the MkDocs plugin asks the server (`on_serve`) to add it as a file instead: a
`<script src>` of the site's own origin, which the policy allows, carrying the build's
number and the request's in data attributes. The file is written into the preview's site
by a site step after every preview build. `_inject_js_into_html` is the server's own method
(MkDocs 1.6.1, unmaintained and pinned below 2; ProperDocs 1.6.7): if an engine has none,
the preview still works, only without reloading.
"""

from __future__ import annotations

import itertools
import logging
import time
from html import escape
from importlib.resources import files

from connection_series.pipeline.runner import Site

SCRIPT = "assets/javascripts/live-reload.js"  # in the preview's site only
log = logging.getLogger("mkdocs.plugins.series")


def write_live_reload_script(site: Site) -> None:
    """A site step, declared for the preview only: the live-reload script beside its pages."""
    target = site.root / SCRIPT
    target.parent.mkdir(parents=True, exist_ok=True)
    source = files("connection_series.boundary").joinpath("live-reload.js")
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")


def serve_script_as_file(server) -> None:
    """Make the preview server add its live reload as a script file, not inline."""
    if not hasattr(server, "_inject_js_into_html"):
        log.warning("this engine's preview server cannot load live reload as a file")
        return
    mount = getattr(server, "mount_path", "/") or "/"
    requests = itertools.count(int(time.monotonic() * 1000))

    def inject(content: bytes, epoch: int) -> bytes:
        tag = (
            f'<script src="{escape(mount)}{SCRIPT}" data-epoch="{int(epoch)}" '
            f'data-request="{next(requests)}"></script>'
        ).encode()
        at = content.rfind(b"</body>")
        at = len(content) if at == -1 else at
        return content[:at] + tag + content[at:]

    server._inject_js_into_html = inject
