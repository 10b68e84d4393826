"""The pull-request job's annotations: real messages of this project in, workflow commands out.

The messages come from the project's own code (`common.errors.message`, `make add-reference`)
and tools (ruff, codespell), not from strings typed here; the workflow step itself is run with
a stand-in for .ci/run to show that it keeps the exit status.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from connection_series.common.errors import Problem, message
from connection_series.contributors import add_reference
from connection_series.contributors.annotations import (
    Located,
    annotate,
    command,
    escape_data,
    escape_property,
    locate,
    main,
)

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MODULE = "connection_series.contributors.annotations"


def run_formatter(text: bytes, root: Path = REPO) -> bytes:
    out = io.BytesIO()
    old = os.environ.get("GITHUB_WORKSPACE")
    os.environ["GITHUB_WORKSPACE"] = str(root)
    try:
        assert main([], stdin=io.BytesIO(text), stdout=out) == 0
    finally:
        if old is None:
            del os.environ["GITHUB_WORKSPACE"]
        else:
            os.environ["GITHUB_WORKSPACE"] = old
    return out.getvalue()


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command read back as GitHub's runner reads it (ActionCommand.TryParseV2):
    split at the first `::` after the name, properties at `,` and the first `=`, unescaped."""
    match = re.fullmatch(r"::(\w+)(?: ([^:]*))?::(.*)", line)
    assert match, line
    name, raw_properties, data = match.groups()

    def unescape(value: str) -> str:
        for escaped, char in (
            ("%0D", "\r"),
            ("%0A", "\n"),
            ("%3A", ":"),
            ("%2C", ","),
            ("%25", "%"),
        ):
            value = value.replace(escaped, char)
        return value

    properties = {}
    for pair in (raw_properties or "").split(","):
        key, _, value = pair.partition("=")
        properties[key] = unescape(value)
    return name, properties, unescape(data)


def commands(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("::")]


def project_messages() -> list[tuple[str, int | None]]:
    """Messages as the build writes them, with the file and line each must point at."""
    cases = [
        (
            "docs/part-1-when-connection-hurts.md",
            12,
            "unknown citation key '@holtlunstad2011'",
            "Did you mean '@holtlunstad2010'? Or add it to references.bib",
        ),
        (
            "references.bib",
            40,
            "duplicate key 'cole2019' (first defined on line 15)",
            "Give one of the two entries another key, or delete the copy",
        ),
        (
            "docs/data/planner.yml",
            7,
            "field 'sections[2].rows': 100% is not a list, got {a: b}",
            "Write a list",
        ),
        ("docs/about.md", None, "front matter is missing", "Add title, description, ..."),
        ("docs/a,b.md", 3, "a path with a comma", "Rename the file"),
    ]
    lines = [(message(*case), case[0], case[1]) for case in cases]
    lines.append(
        (str(Problem("references.bib", 52, "malformed BibTeX (x)", "Check")), "references.bib", 52)
    )
    return lines


def test_every_project_message_becomes_an_error_on_its_file_and_line():
    for text, path, line in project_messages():
        found = locate(text)
        assert found is not None, text
        name, properties, data = parse_command(command(found))
        assert name == "error"
        assert properties["file"] == path
        assert properties.get("line") == (str(line) if line else None)
        assert text.endswith(data)  # the message, as the contributor sees it


def test_mkdocs_log_prefix_and_ruff_columns_are_understood():
    text = message("docs/index.md", 4, "unknown citation key '@x'", "Fix it")
    found = locate(f"WARNING -  {text}")
    assert (found.path, found.line) == ("docs/index.md", 4)
    assert locate("src/x.py:3:9: F401 `os` imported but unused") == Located(
        "src/x.py", 3, 9, "F401 `os` imported but unused"
    )


@pytest.mark.parametrize(
    "text",
    [
        "INFO    -  Building documentation...",
        "WARNING -  Doc file 'index.md' contains a link 'x.md', but the target is not found.",
        "Note: this is prose, not a file",
        "https://doi.org/10.1/x: 404",
        "FAILED tests/test_content.py::test_x - AssertionError: assert 1 == 2",
        '  File "/work/src/x.py", line 3, in <module>',
        "e.g.: not a path",
        "",
    ],
)
def test_other_lines_are_not_annotated(text):
    assert locate(text) is None


def test_escaping_follows_githubs_rules_and_reads_back_exactly():
    hostile = "100% sure\r\n::warning::injected, a=b: c %0A"
    assert escape_data(hostile) == "100%25 sure%0D%0A::warning::injected, a=b: c %250A"
    assert (
        escape_property(hostile) == "100%25 sure%0D%0A%3A%3Awarning%3A%3Ainjected%2C a=b%3A c %250A"
    )
    line = command(Located("docs/a,b.md", 1, None, hostile))
    assert "\n" not in line and "\r" not in line
    assert parse_command(line) == ("error", {"file": "docs/a,b.md", "line": "1"}, hostile)


def test_every_line_passes_through_byte_for_byte_and_repeats_are_annotated_once():
    located = [text for text, _, _ in project_messages()]
    other = [b"INFO    -  Cleaning site directory", b"not utf-8: \xff\xfe", b"\x1b[31mred\x1b[0m"]
    lines = [*other[:1], *(t.encode() for t in located), *other[1:], located[0].encode()]
    text = b"".join(line + b"\r\n" for line in lines[:2]) + b"\n".join(lines[2:]) + b"\n"
    out = run_formatter(text)
    kept = b"".join(line for line in io.BytesIO(out) if not line.startswith(b"::"))
    assert kept == text
    files_and_lines = [
        (props["file"], props.get("line"))
        for _, props, _ in map(parse_command, commands(out.decode("utf-8", "replace")))
    ]
    assert len(files_and_lines) == len(set(files_and_lines))  # the repeat was annotated once
    assert len(files_and_lines) == sum(locate(t) is not None for t in located)


def test_a_pytest_frame_is_a_place_not_a_problem():
    assert list(annotate(["tests/test_content.py:88: in test_x\n"])) == [
        "tests/test_content.py:88: in test_x\n"
    ]


def test_absolute_paths_inside_the_workspace_become_repository_paths(tmp_path):
    out = run_formatter(f"{tmp_path}/docs/index.md:5: a problem. Fix\n".encode(), root=tmp_path)
    assert parse_command(commands(out.decode())[0])[1]["file"] == "docs/index.md"


def test_real_ruff_and_codespell_output_is_annotated(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "src").mkdir()
    (tmp_path / "docs" / "page.md").write_text("Loneliness is linked with teh heart.\n")
    (tmp_path / "src" / "mod.py").write_text("import os\n")
    checks = [
        [BIN / "ruff", "check", "--no-cache", "--isolated", "--output-format", "concise", "src"],
        [BIN / "codespell", "docs"],
    ]
    output = b"".join(
        subprocess.run(check, cwd=tmp_path, capture_output=True).stdout for check in checks
    )
    annotated = {
        (props["file"], props["line"])
        for _, props, _ in map(parse_command, commands(run_formatter(output, tmp_path).decode()))
    }
    assert ("src/mod.py", "1") in annotated
    assert ("docs/page.md", "1") in annotated


def test_add_reference_refusals_are_annotated_on_the_existing_entry(tmp_path, capsys, monkeypatch):
    shutil.copyfile(REPO / "references.bib", tmp_path / "references.bib")
    monkeypatch.chdir(tmp_path)
    existing = next(
        e
        for e in add_reference.existing_entries((tmp_path / "references.bib").read_text())
        if e.doi
    )
    assert add_reference.main([existing.doi]) == 1  # refused before any request
    out = run_formatter(capsys.readouterr().err.encode(), tmp_path)
    _, props, data = parse_command(commands(out.decode())[0])
    assert props == {"file": "references.bib", "line": str(existing.line)}
    assert f"'{existing.key}'" in data


def pull_request_step() -> str:
    workflow = yaml.safe_load((REPO / ".github/workflows/pull-request.yml").read_text())
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    piped = [step for step in steps if MODULE in step.get("run", "")]
    assert len(piped) == 1, "one step pipes its output through the formatter"
    return piped[0]["run"]


@pytest.mark.parametrize("status", [0, 3])
def test_the_workflow_step_annotates_and_keeps_the_exit_status(tmp_path, status):
    script = pull_request_step()
    assert "bash .ci/run" in script
    problem = message("references.bib", 40, "duplicate key 'cole2019'", "Rename one")
    fake = tmp_path / "run"
    fake.write_text(f"echo 'INFO - building'\necho \"{problem}\" >&2\nexit {status}\n")
    step = script.replace("bash .ci/run", f"bash {fake}")
    # As GitHub runs a `shell: bash` step, with the python3 of the machine (no .venv needed).
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    run = subprocess.run(
        ["bash", "--noprofile", "--norc", "-c", step],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == status, run.stderr
    assert run.stdout.splitlines()[:2] == ["INFO - building", problem]
    assert parse_command(run.stdout.splitlines()[2])[1] == {"file": "references.bib", "line": "40"}
