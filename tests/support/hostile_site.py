"""The hostile fixture site (issue 20): every class of input a pull request that changes only
docs/, references.bib or docs/data/ can bring, planted in one project and built once, strictly,
per session. The strict build fails, and still writes the site it would have published: the
site tests read its log, the browser tests open what it wrote.

Each planted input is in PLANTED with the one line the contributor must see (a piece of it)
and where. Secrets stand where the build's environment keeps them (a `.git/config` with a
token beside docs/, an environment variable), so a test can look for them in the site.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.site_helpers import REPO, BuildResult, build, write_fixture_site

SECRET = "s3cr3t-token-for-the-hostile-test"  # in .git/config and in the build's environment
PAYLOAD = "window.__pwned = (window.__pwned || 0) + 1"
ELSEWHERE = "http://elsewhere.test"  # a host that is not 127.0.0.1 (no such host exists)
BOMB = (
    "&a [x, x, x, x, x, x, x, x, x]",
    "&b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
    "&c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
    "&d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
    "&e [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
    "&f [*e, *e, *e, *e, *e, *e, *e, *e, *e]",
    "&g [*f, *f, *f, *f, *f, *f, *f, *f, *f]",
    "&h [*g, *g, *g, *g, *g, *g, *g, *g, *g]",
    "&i [*h, *h, *h, *h, *h, *h, *h, *h, *h]",
)


def bomb(indent: str = "") -> str:
    """A billion-laughs alias bomb of nine levels, as YAML lines `lN: &x [...]`."""
    return "".join(f"{indent}l{level}: {value}\n" for level, value in enumerate(BOMB))


# The page of markup: each line one way to run script, load from elsewhere or hide the
# disclaimer, as raw HTML, attribute lists, entity tricks and addresses.
MARKUP_LINES = [
    f"<script>{PAYLOAD}</script>",
    f'<img src="images/ok.svg" alt="x" onerror="{PAYLOAD}">',
    f'<img title=">" src="images/ok.svg" alt="t" onload="{PAYLOAD}">',
    f'A paragraph with a handler. {{: onclick="{PAYLOAD}" }}',
    f"Stray `backticks and then <script>{PAYLOAD}</script>",
    f'<a href="jav&#x09;ascript:{PAYLOAD}">an entity trick</a>',
    f"[a link that runs script](javascript:{PAYLOAD})",
    f'<iframe srcdoc="<script>parent.{PAYLOAD}</script>"></iframe>',
    '<iframe src="images/evil.svg"></iframe>',
    f'<iframe src="{ELSEWHERE}/frame"></iframe>',
    '<meta http-equiv="refresh" content="0;url=images/evil.svg">',
    f'<meta http-equiv="refresh" content="1;url={ELSEWHERE}/refresh">',
    f"![a tracking pixel]({ELSEWHERE}/pixel.png)",
    '<img src="//elsewhere.test/relative.png" alt="p">',
    f'<link rel="stylesheet" href="{ELSEWHERE}/style.css">',
    f'<base href="{ELSEWHERE}/">',
    f'<form action="{ELSEWHERE}/collect"><input name="q"><button>Send</button></form>',
    f'<object data="{ELSEWHERE}/o.swf"></object>',
    f'<embed src="{ELSEWHERE}/e.swf">',
    "<style>#medical-disclaimer { display: none }</style>",
    '<div style="display:none">hidden by a style</div>',
    f"<svg><script>{PAYLOAD}</script><foreignObject><p>x</p></foreignObject></svg>",
    f"</article></div></div><script>{PAYLOAD}</script>",
    f'<body onload="{PAYLOAD}">',
    "<div hidden>an element left open before the disclaimer",
    # Last: left open, it takes the rest of the page with it when it is removed.
    f'<math><mtext><table><mglyph><style><img src=x onerror="{PAYLOAD}">',
]
PAGE = (
    "---\n"
    f'title: "A title\\"><script>{PAYLOAD}</script>"\n'
    f"description: '<img src=x onerror=\"{PAYLOAD}\">'\n"
    "---\n\n# Planted\n\n" + "\n\n".join(MARKUP_LINES) + "\n"
)


def markup_line(text: str) -> int:
    """The line of PAGE's body where a planted piece stands."""
    return PAGE[: PAGE.index(text, PAGE.index("# Planted"))].count("\n") + 1


EVIL_SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" onload="{PAYLOAD}">
  <script>{PAYLOAD}</script>
  <set attributeName="href" to="javascript:{PAYLOAD}"/>
  <image href="{ELSEWHERE}/svg-image.png"/>
</svg>
"""
LAYOUT_PAGE = f"""<!doctype html><html><head><script>{PAYLOAD}</script></head>
<body><article class="md-content__inner">A page that copies the layout</article></body></html>
"""
BIB_EXTRA = """
@article{quoted2020,
  author = {Quote, Q.},
  title = {A DOI with quotes in it},
  journal = {J},
  year = {2020},
  volume = {1},
  doi = {10.1234/x"autofocus onfocus="window.__pwned=1}
}
@book{nobody2021,
  title = {An entry with neither author nor year},
  publisher = {P},
}
"""


@dataclass(frozen=True)
class HostileSite:
    root: Path
    result: BuildResult
    planner_line: int

    @property
    def site(self) -> Path:
        return self.result.site_dir

    def warnings(self) -> list[str]:
        return [
            line.removeprefix("WARNING -  ")
            for line in self.result.output.splitlines()
            if line.startswith("WARNING")
        ]


def planted_data() -> tuple[str, int]:
    """The real planner data with a script in one label, and that label's line."""
    data = (REPO / "docs/data/planner.yml").read_text(encoding="utf-8")
    match = re.search(r"^(  print: )(.*)$", data, re.M)
    line = data.count("\n", 0, match.start()) + 1
    return data[: match.end(1)] + f'"<script>{PAYLOAD}</script>"' + data[match.end() :], line


def write_hostile_project(root: Path, *, strict: bool = True) -> tuple[Path, int]:
    """The hostile project: its mkdocs.yml and the planted planner label's line (`strict`
    False for the preview, as `make serve` has it)."""
    data, planner_line = planted_data()
    pages = {
        "index.md": "# Home\n\nA work whose DOI has quotes in it [@quoted2020].\n",
        "planted.md": PAGE,
        "weekly-planner.md": "# Planner\n\n<!-- planner-sheet -->\n",
        "bomb.md": "---\ntitle: Bomb\n" + bomb() + "---\n\n# Bomb\n",
        "data/planner.yml": data,
        "data/bomb.yml": bomb(),
    }
    config = write_fixture_site(
        root,
        pages,
        series={"bibliography": str(root / "references.bib")},
        strict=strict,
    )
    docs = root / "docs"
    (root / "references.bib").write_text(
        (REPO / "references.bib").read_text(encoding="utf-8") + BIB_EXTRA, encoding="utf-8"
    )
    images = docs / "images"
    images.mkdir()
    shutil.copy(next((REPO / "docs" / "images").glob("*.svg")), images / "ok.svg")
    (images / "evil.svg").write_text(EVIL_SVG, encoding="utf-8")
    (docs / "layout.html").write_text(LAYOUT_PAGE, encoding="utf-8")
    (docs / "page.htm").write_text(LAYOUT_PAGE, encoding="utf-8")
    (docs / "page.xhtml").write_text(LAYOUT_PAGE, encoding="utf-8")
    (docs / "latin1.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    (docs / "assets" / "stylesheets").mkdir(parents=True)
    (docs / "assets" / "stylesheets" / "hide.css").write_text(
        "#medical-disclaimer { display: none }\n", encoding="utf-8"
    )
    (docs / "assets" / "javascripts").mkdir(parents=True)
    (docs / "assets" / "javascripts" / "planner.js").write_text(
        'document.cookie = "track=1; max-age=31536000";\n', encoding="utf-8"
    )
    (docs / "folder.md").mkdir()
    (docs / "folder.md" / "inside.md").write_text("# Inside\n", encoding="utf-8")
    # Links out of the repository, and to nowhere.
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text(
        f'[http]\n\textraheader = "AUTHORIZATION: basic {SECRET}"\n', encoding="utf-8"
    )
    os.symlink(root / ".git" / "config", docs / "git-config.md")
    os.symlink("/proc/self/environ", docs / "environment.png")
    os.symlink("/etc/ssl/certs", docs / "certs")
    os.symlink(root / "missing.png", images / "dangling.png")
    os.symlink(root / "missing.md", docs / "dangling.md")
    return config, planner_line


def build_hostile_site(root: Path) -> HostileSite:
    config, planner_line = write_hostile_project(root)
    os.environ["SERIES_HOSTILE_SECRET"] = SECRET  # the build's environment holds a secret
    try:
        result = build(config, root / "site")
    finally:
        del os.environ["SERIES_HOSTILE_SECRET"]
    return HostileSite(root, result, planner_line)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> HostileSite:
    return build_hostile_site(tmp_path_factory.mktemp("hostile"))
