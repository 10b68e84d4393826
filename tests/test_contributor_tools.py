"""The article scaffold and the pre-commit configuration work as CONTRIBUTING.md says."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from mkdocs.utils import meta
from support.site_helpers import REPO, SAMPLE_BIB

from connection_series.contributors.new_article import create_article, slugify
from connection_series.contributors.placeholders import PROBLEM
from connection_series.series.parts import find_parts
from connection_series.trust.front_matter import add_years

pytestmark = pytest.mark.unit

TODAY = dt.date(2026, 11, 26)


def test_slug_is_lowercase_ascii_with_hyphens():
    assert slugify("Part 3: Friendship, work & café life") == "part-3-friendship-work-cafe-life"


def test_next_review_is_three_years_later_even_from_29_february(tmp_path):
    page = create_article("Leap day", tmp_path, dt.date(2024, 2, 29))
    _, front_matter = meta.get_data(page.read_text(encoding="utf-8"))
    assert front_matter["published"] == dt.date(2024, 2, 29)  # no part before it
    assert front_matter["next_review"] == dt.date(2027, 2, 28)


def test_scaffold_is_the_next_part_a_draft_a_week_after_the_last(scratch_repo):
    docs = scratch_repo / "docs"
    parts = find_parts(docs)
    last = parts[-1]
    page = create_article("Friendship at work", docs, TODAY)
    number = last.number + 1
    assert page.name == f"part-{number}-friendship-at-work.md"
    body, front_matter = meta.get_data(page.read_text(encoding="utf-8"))
    assert front_matter["part"] == number
    assert front_matter["draft"] is True
    assert front_matter["title"] == f"Part {number}: Friendship at work"
    published = max(TODAY, last.published + dt.timedelta(days=7))
    assert front_matter["published"] == published
    assert front_matter["last_reviewed"] == published
    assert front_matter["next_review"] == add_years(published, 3)
    assert front_matter["reviewer"] == ""
    assert front_matter["authors"] == [
        "The editorial team of Love and social connection are therapeutic"
    ]
    assert '!!! abstract "Key points"' in body
    assert '!!! warning "When to get help"' in body


def test_scaffold_writes_one_file_and_changes_nothing_else(scratch_repo):
    def files() -> dict[str, bytes]:
        return {
            path.relative_to(scratch_repo).as_posix(): path.read_bytes()
            for path in sorted(scratch_repo.rglob("*"))
            if path.is_file()
        }

    before = files()
    page = create_article("Friendship at work", scratch_repo / "docs")
    after = files()
    assert set(after) - set(before) == {page.relative_to(scratch_repo).as_posix()}
    assert {name: after[name] for name in before} == before


def test_scaffold_takes_a_title_with_the_right_number_and_refuses_another(scratch_repo):
    docs = scratch_repo / "docs"
    number = find_parts(docs)[-1].number + 1
    with pytest.raises(ValueError, match=f"the next part is part {number}"):
        create_article(f"Part {number + 5}: Too far", docs)
    page = create_article(f"Part {number}: Just right", docs)
    assert meta.get_data(page.read_text(encoding="utf-8"))[1]["title"] == (
        f"Part {number}: Just right"
    )


def test_scaffold_refuses_to_overwrite_an_existing_page(scratch_repo):
    docs = scratch_repo / "docs"
    number = find_parts(docs)[-1].number + 1
    existing = docs / f"part-{number}-friendship-at-work.md"
    existing.write_text("# Not a part, but in the way\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="exists already"):
        create_article("Friendship at work", docs)
    assert existing.read_text(encoding="utf-8") == "# Not a part, but in the way\n"


def test_scaffold_command_refusal_is_one_line_without_traceback(scratch_repo):
    config = scratch_repo / "mkdocs.yml"
    completed = subprocess.run(
        [SERIES, "--config-file", str(config), "new-article", "Part 99: Not next"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stderr.strip().count("\n") == 0
    assert "the next part is part" in completed.stderr
    assert "Traceback" not in completed.stderr


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
    page = create_article("Draft", scratch_repo / "docs", TODAY)
    text = re.sub(r"^next_review: .*$", "next_review: soon", page.read_text("utf-8"), flags=re.M)
    page.write_text(text, encoding="utf-8")
    completed = run_content_check(scratch_repo)
    assert completed.returncode == 1
    # The scaffold's placeholder lines are reported too (tests/test_placeholders.py).
    lines = [line for line in completed.stderr.strip().splitlines() if PROBLEM not in line]
    assert len(lines) == 1 and "Traceback" not in completed.stderr
    assert lines[0].startswith(f"docs/{page.name}:")
    assert "next_review" in lines[0]
