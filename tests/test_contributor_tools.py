"""The article scaffold and the pre-commit configuration work as CONTRIBUTING.md says."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from mkdocs.utils import meta
from support.site_helpers import REPO, SAMPLE_BIB
from support.titles import unused_title

from connection_series.contributors.new_article import create_article, slugify
from connection_series.contributors.placeholders import PROBLEM

pytestmark = pytest.mark.unit

TODAY = dt.date(2026, 11, 26)


def test_slug_is_lowercase_ascii_with_hyphens():
    assert slugify("Part 3: Friendship, work & café life") == "part-3-friendship-work-cafe-life"


def test_next_review_is_three_years_later_even_from_29_february(scratch_repo):
    docs, config = scratch_repo / "docs", scratch_repo / "mkdocs.yml"
    page = create_article(unused_title(docs, "Leap day"), docs, config, dt.date(2024, 2, 29))
    _, front_matter = meta.get_data(page.read_text(encoding="utf-8"))
    assert front_matter["next_review"] == dt.date(2027, 2, 28)


def test_scaffold_writes_valid_front_matter_and_both_boxes(scratch_repo):
    title = unused_title(scratch_repo / "docs", "Part 3: Friendship at work")
    page = create_article(title, scratch_repo / "docs", scratch_repo / "mkdocs.yml", TODAY)
    assert page.name == f"{slugify(title)}.md"
    body, front_matter = meta.get_data(page.read_text(encoding="utf-8"))
    assert front_matter["title"] == title
    assert front_matter["published"] == TODAY
    assert front_matter["last_reviewed"] == TODAY
    assert front_matter["next_review"] == dt.date(2029, 11, 26)
    assert front_matter["reviewer"] == ""
    assert front_matter["authors"] == [
        "The editorial team of Love and social connection are therapeutic"
    ]
    assert '!!! abstract "Key points"' in body
    assert '!!! warning "When to get help"' in body


def test_scaffold_adds_the_page_to_the_navigation_before_the_planner(scratch_repo):
    title = unused_title(scratch_repo / "docs", "Part 3: Friendship at work")
    page = create_article(title, scratch_repo / "docs", scratch_repo / "mkdocs.yml")
    text = (scratch_repo / "mkdocs.yml").read_text(encoding="utf-8")
    nav = yaml.safe_load(text.replace("!ENV", ""))["nav"]
    entries = [next(iter(item.values())) for item in nav]
    assert entries.index(page.name) == entries.index("weekly-planner.md") - 1


def test_scaffold_refuses_to_overwrite_an_existing_page(scratch_repo):
    existing = scratch_repo / "docs" / "about.md"
    before = existing.read_text(encoding="utf-8")
    config_before = (scratch_repo / "mkdocs.yml").read_text(encoding="utf-8")
    with pytest.raises(FileExistsError, match="exists already"):
        create_article("About", scratch_repo / "docs", scratch_repo / "mkdocs.yml")
    assert existing.read_text(encoding="utf-8") == before
    assert (scratch_repo / "mkdocs.yml").read_text(encoding="utf-8") == config_before


def test_scaffold_command_refusal_is_one_line_without_traceback(scratch_repo):
    config = scratch_repo / "mkdocs.yml"
    completed = subprocess.run(
        [SERIES, "--config-file", str(config), "new-article", "About"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stderr.strip().count("\n") == 0
    assert "about.md exists already" in completed.stderr


def test_pre_commit_configuration_is_valid_and_its_tools_are_installed():
    config = REPO / ".pre-commit-config.yaml"
    completed = subprocess.run(
        [str(REPO / ".venv" / "bin" / "pre-commit"), "validate-config", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    hooks = [hook for repo in yaml.safe_load(config.read_text())["repos"] for hook in repo["hooks"]]
    assert {"ruff-check", "ruff-format", "codespell", "check-yaml", "check-toml"} <= {
        hook["id"] for hook in hooks
    }
    for hook in hooks:
        executable = REPO / hook["entry"].split()[0]
        assert executable.is_file(), f"{hook['id']}: {executable} is not installed by make test"


SERIES = str(REPO / ".venv" / "bin" / "series")


def run_content_check(project: Path = REPO):
    """`series check` (make check, pre-commit) on a project folder."""
    return subprocess.run(
        [SERIES, "--config-file", str(project / "mkdocs.yml"), "check"],
        capture_output=True,
        text=True,
        check=False,
    )


def test_content_check_passes_on_every_real_page():
    completed = run_content_check()
    assert completed.returncode == 0, completed.stderr


def test_content_check_names_file_line_and_nearest_key_for_an_unknown_citation(scratch_repo):
    shutil.copyfile(SAMPLE_BIB, scratch_repo / "references.bib")  # holtlunstad2010 is there
    page = scratch_repo / "docs" / "draft.md"
    page.write_text("# Draft\n\nA claim [@holtlunstd2010].\n", encoding="utf-8")
    completed = run_content_check(scratch_repo)
    assert completed.returncode == 1
    lines = [line for line in completed.stderr.splitlines() if line.startswith("docs/draft.md")]
    assert lines == [
        "docs/draft.md:3: unknown citation key '@holtlunstd2010'. Did you mean "
        "'@holtlunstad2010'? Otherwise add an entry 'holtlunstd2010' to references.bib"
    ]


def test_content_check_reports_bad_front_matter_in_one_line(tmp_path, scratch_repo):
    title = unused_title(scratch_repo / "docs", "Draft")
    page = create_article(title, scratch_repo / "docs", scratch_repo / "mkdocs.yml", TODAY)
    text = page.read_text(encoding="utf-8").replace("next_review: 2029-11-26", "next_review: soon")
    page.write_text(text, encoding="utf-8")
    completed = run_content_check(scratch_repo)
    assert completed.returncode == 1
    # The scaffold's placeholder lines are reported too (tests/test_placeholders.py).
    lines = [line for line in completed.stderr.strip().splitlines() if PROBLEM not in line]
    assert len(lines) == 1 and "Traceback" not in completed.stderr
    assert lines[0].startswith(f"docs/{page.name}:")
    assert "next_review" in lines[0]
