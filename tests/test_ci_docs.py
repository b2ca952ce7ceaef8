"""docs/ci.md's recipes are real: each YAML block parses and has the shape its
CI expects, and every hcplan command in them runs against the shipped plans
as the CI would run it (in a copy of a plan repository)."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import PLANS, REPO

DOC = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC, re.S)
#: What the PDFs need from the system, as .ci/run installs it.
PDF_PACKAGES = {"libpango-1.0-0", "libpangoft2-1.0-0", "fonts-liberation2", "fonts-dejavu-core"}


def load(text: str):
    return YAML(typ="safe", pure=True).load(text)


def github_workflows() -> list[dict]:
    # PyYAML-style safe loading reads the key `on` as it is written (YAML 1.2).
    return [data for data in map(load, BLOCKS) if isinstance(data, dict) and "jobs" in data]


def gitlab_config() -> dict:
    [found] = [data for data in map(load, BLOCKS) if isinstance(data, dict) and "pages" in data]
    return found


def commands(lines: list[str]) -> list[str]:
    """The shell lines of ``lines`` split at ``&&``."""
    return [part.strip() for line in lines for part in line.split("&&")]


def test_every_yaml_block_parses():
    assert len(BLOCKS) >= 5
    for block in BLOCKS:
        load(block)  # raises on a broken block


def test_the_github_workflows_have_the_shape_actions_expects():
    workflows = github_workflows()
    assert len(workflows) == 2
    for workflow in workflows:
        assert {"name", "on", "jobs"} <= set(workflow)
        for name, job in workflow["jobs"].items():
            assert "runs-on" in job, name
            for step in job["steps"]:
                assert ("uses" in step) != ("run" in step), step
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step["uses"]
    publish = next(w for w in workflows if "deploy" in w["jobs"])
    assert publish["on"]["push"]["branches"] == ["main"]
    assert publish["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    deploy = publish["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [s["uses"] for s in deploy["steps"]] == ["actions/deploy-pages@v4"]
    build = publish["jobs"]["build"]["steps"]
    uploaded = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact"))["with"]["path"]
    cached = next(s for s in build if s.get("uses", "").startswith("actions/cache"))["with"]["path"]
    site = next(c for c in commands([s["run"] for s in build if "run" in s]) if c.startswith("hcplan site"))
    assert shlex.split(site)[-1] == uploaded == cached == "_site"
    # The check comes before the build, so a broken plan never replaces the site.
    runs = [s.get("run", "") for s in build]
    assert min(i for i, r in enumerate(runs) if r.startswith("hcplan check")) < runs.index(site)


def test_the_gitlab_pages_job_publishes_public_from_the_default_branch():
    config = gitlab_config()
    pages = config["pages"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["cache"]["paths"] == ["public/"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert commands(pages["script"])[-1] == "hcplan site plans -o public"
    assert "script" in config["check"]


def test_the_recipes_install_what_the_pdfs_need_as_ci_does():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert set(re.findall(r"missing\+=\(([\w.-]+)\)", ci)) >= PDF_PACKAGES
    installs = [c for c in commands(_all_shell_lines()) if "apt-get install" in c]
    assert len(installs) == 2
    for line in installs:
        assert set(shlex.split(line)) >= PDF_PACKAGES
    pips = [c for c in commands(_all_shell_lines()) if c.startswith("pip install")]
    assert any("hcplan[pdf] @ git+https://github.com/OWNER/hcplan@" in c for c in pips)


def _all_shell_lines() -> list[str]:
    lines = []
    for workflow in github_workflows():
        for job in workflow["jobs"].values():
            lines += [s["run"] for s in job["steps"] if "run" in s]
    for name, job in gitlab_config().items():
        if isinstance(job, dict):
            lines += job.get("before_script", []) + job.get("script", [])
    return lines


@pytest.mark.slow
def test_every_hcplan_command_of_the_recipes_runs_on_the_shipped_plans(hcplan, tmp_path, monkeypatch):
    repo = tmp_path / "plan-repository"
    shutil.copytree(PLANS, repo / "plans")
    monkeypatch.chdir(repo)
    ran = []
    github = [c for c in commands(_all_shell_lines()[: _github_count()]) if c.startswith("hcplan ")]
    gitlab = [c for c in commands(_all_shell_lines()[_github_count() :]) if c.startswith("hcplan ")]
    assert any(c.startswith("hcplan site") for c in github) and any(c.startswith("hcplan site") for c in gitlab)
    for command in github:
        result = hcplan(*shlex.split(command)[1:])
        assert result.exit_code == 0, f"{command}\n{result.stdout}{result.stderr}"
        ran.append(command)
    assert (repo / "_site" / "index.html").is_file()
    # GitLab's job starts from the cached build: nothing is made again.
    shutil.copytree(repo / "_site", repo / "public")
    for command in gitlab:
        result = hcplan(*shlex.split(command)[1:])
        assert result.exit_code == 0, f"{command}\n{result.stdout}{result.stderr}"
        ran.append(command)
        if command.startswith("hcplan site"):
            assert re.search(r"; 0 files written, \d+ unchanged", result.stderr), result.stderr
    names = {str(p.relative_to(repo / "public")) for p in (repo / "public").rglob("*") if p.is_file()}
    assert {"index.html", "themes.html", "2017/annual.pdf", "2024-25/annual.docx"} <= names
    assert len(ran) >= 6


def _github_count() -> int:
    return sum(len([s for s in job["steps"] if "run" in s]) for w in github_workflows() for job in w["jobs"].values())


def test_the_doc_names_the_test_that_runs_it():
    assert "tests/test_ci_docs.py" in DOC and Path(__file__).name == "test_ci_docs.py"
