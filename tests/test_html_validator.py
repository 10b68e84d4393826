"""Every built page, ours and the theme's, of the real site and of the grown copy, is valid
HTML to the Nu Html Checker (vnu.jar, the W3C validator: the `vnu-jar` npm package pinned in
scripts/vnu/, installed into .cache/vnu/ by scripts/install_system_deps.sh, run by Debian's
headless Java). It runs once, over files (it refuses to fetch 127.0.0.1), and counts errors
only: a warning such as "JSON-LD under a Content-Security-Policy" is not one."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from support.site_helpers import REPO
from support.sites import GROWN, REAL

pytestmark = [pytest.mark.site, pytest.mark.slow]

VNU_JAR = REPO / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LOCK = REPO / "scripts" / "vnu" / "package-lock.json"


def vnu_errors(files: list) -> list[str]:
    """One line per error: `file:line: message`."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.fail(
            f"the Nu Html Checker is not installed ({VNU_JAR.relative_to(REPO)}, java): run "
            "`bash scripts/install_system_deps.sh` (make test does)",
            pytrace=False,
        )
    command = [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
    completed = subprocess.run(
        [*command, *map(str, files)], capture_output=True, text=True, check=False, timeout=600
    )
    messages = json.loads(completed.stderr or '{"messages": []}')["messages"]
    return [
        f"{message['url'].removeprefix('file:')}:{message.get('lastLine', '?')}: "
        f"{message['message']}"
        for message in messages
        if message.get("type") == "error"
    ]


def test_the_installed_checker_is_the_locked_version():
    locked = json.loads(LOCK.read_text(encoding="utf-8"))["packages"]["node_modules/vnu-jar"]
    installed = VNU_JAR.parents[2] / "package.json"
    assert installed.is_file(), "run `bash scripts/install_system_deps.sh` (make test does)"
    assert json.loads(installed.read_text(encoding="utf-8"))["version"] == locked["version"]


def test_every_built_page_of_both_sites_has_no_html_error(sites):
    files = [path for name in (REAL, GROWN) for path in sites.site(name).html_files()]
    assert len(files) > len(sites.site(REAL).html_files())
    errors = vnu_errors(files)
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors)


def test_the_checker_reports_an_error_it_is_shown(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
        '<input type="checkbox" autocomplete="off"><select><option value=""></option>'
        "</select></body></html>",
        encoding="utf-8",
    )
    errors = vnu_errors([page])
    assert len(errors) == 2, errors
    assert all(error.startswith(f"{page.as_posix()}:") for error in errors)
