"""CI runs with the least it needs: every workflow grants nothing by default and each job
names its own permissions; no checkout keeps its token in .git/config (none pushes); code
paths need a maintainer's review (CODEOWNERS); the built site holds no version-control data."""

from __future__ import annotations

import pytest
import yaml
from support.site_helpers import REPO

pytestmark = pytest.mark.unit

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
CODE = ["/overrides/", "/src/", "/scripts/", "/.github/", "/Makefile", "/mkdocs.yml"]


def workflow(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_a_workflow_grants_nothing_by_default_and_each_job_names_its_permissions(path):
    data = workflow(path)
    assert data.get("permissions") == {}, f"{path.name}: set 'permissions: {{}}' at the top"
    for name, job in data["jobs"].items():
        granted = job.get("permissions")
        assert isinstance(granted, dict), f"{path.name}: job {name} names no permissions"
        assert "write-all" not in str(granted)
        if "steps" in job and any("checkout" in str(step.get("uses", "")) for step in job["steps"]):
            assert granted.get("contents") == "read", f"{path.name}: {name} reads the code only"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_no_checkout_keeps_its_token(path):
    for job in workflow(path)["jobs"].values():
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("actions/checkout"):
                assert (step.get("with") or {}).get("persist-credentials") is False, path.name


def test_code_needs_a_maintainers_review():
    owners = (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    paths = {line.split()[0] for line in owners.splitlines() if line.strip() and line[0] != "#"}
    assert set(CODE) <= paths
    for content in ("/docs/", "/references.bib"):
        assert content not in paths  # content is reviewed by editors, guarded by the check
