"""The documents work as written: the format's complete example checks clean, and both
recipes of docs/ci.md (GitHub Actions and pre-commit) run, word for word, against a fresh
clone of hcplan. The recipes install hcplan with pip into new environments, so they need
the package index, as a plan repository's CI does."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SHIPPED

DOCS = REPO / "docs"
UPSTREAM = "https://github.com/OWNER/hcplan"


def yaml_blocks(name: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", (DOCS / name).read_text(encoding="utf-8"), re.S)


def test_the_format_s_complete_example_checks_clean(hcplan, tmp_path):
    [example] = [block for block in yaml_blocks("format.md") if "title:" in block]
    path = tmp_path / "plans" / "2025-26" / "plan.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(example, encoding="utf-8")
    result = hcplan("check", "--strict", path)
    assert (result.exit_code, result.stdout) == (0, "")


def test_every_recipe_is_yaml_hcplan_reads():
    from hcplan.files.reader import Source, parse

    for block in yaml_blocks("ci.md"):
        parse(Source("ci.md", block))  # raises on anything hcplan would refuse


def test_no_document_names_a_version_that_does_not_exist():
    tags = subprocess.run(["git", "-C", str(REPO), "tag"], capture_output=True, text=True).stdout.split()
    for page in [*DOCS.glob("*.md"), REPO / "README.md", REPO / ".pre-commit-hooks.yaml"]:
        for version in re.findall(r"\bv\d+\.\d+\.\d+\b", page.read_text(encoding="utf-8")):
            assert version in tags, f"{page.name} names {version}, which is no tag"


# -- the recipes, run as written -------------------------------------------------------


def _git(folder: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, env=env, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory) -> Path:
    """hcplan's repository as a council would clone it: the project's files as they are
    now (committed or not), on a branch ``main``."""
    listed = _git(REPO, "ls-files", "--cached", "--others", "--exclude-standard", "-z").split("\0")
    clone = tmp_path_factory.mktemp("hcplan-clone")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    _git(clone, "init", "-q", "-b", "main")
    _git(clone, "add", "-A")
    _git(clone, "commit", "-q", "-m", "hcplan as it is now")
    return clone


def _plan_repository(folder: Path) -> Path:
    """A council's plan repository holding the shipped plans."""
    for plan in SHIPPED:
        target = folder / "plans" / plan.parent.name / "plan.yaml"
        target.parent.mkdir(parents=True)
        shutil.copy(plan, target)
    _git(folder, "init", "-q", "-b", "main")
    return folder


def _misspell_a_lead(repository: Path) -> Path:
    plan = repository / "plans" / "2024-25" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("leads: [Police]", "leads: [Polce]", 1), encoding="utf-8")
    return plan


@pytest.mark.slow
def test_the_pre_commit_recipe_works_as_written(fresh_clone, tmp_path):
    [config] = [block for block in yaml_blocks("ci.md") if "repos:" in block]
    assert UPSTREAM in config
    repository = _plan_repository(tmp_path / "plans-repo")
    (repository / ".pre-commit-config.yaml").write_text(config.replace(UPSTREAM, str(fresh_clone)), encoding="utf-8")
    _git(repository, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--all-files"],
            cwd=repository, capture_output=True, text=True, env=env, timeout=900,
        )  # fmt: skip

    clean = run()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"hcplan check\.+Passed", clean.stdout), clean.stdout
    _misspell_a_lead(repository)
    _git(repository, "add", "-A")
    broken = run()
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "lead 'Polce' is not one of the plan's leads; did you mean 'Police'? (lead)" in broken.stdout


@pytest.mark.slow
def test_the_github_actions_recipe_works_as_written(fresh_clone, tmp_path):
    from ruamel.yaml import YAML

    [block] = [block for block in yaml_blocks("ci.md") if "name: Check plans" in block]
    steps = YAML(typ="safe").load(block)["jobs"]["check"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    install, *commands = runs
    assert UPSTREAM in install
    venv = tmp_path / "venv"
    # A current pip, as actions/setup-python gives (an old one cannot read git+file: URLs).
    subprocess.run([sys.executable, "-m", "venv", "--upgrade-deps", str(venv)], check=True, capture_output=True)
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(venv)}
    env.pop("PYTHONPATH", None)
    installed = subprocess.run(
        ["bash", "-c", install.replace(UPSTREAM, f"file://{fresh_clone}")],
        capture_output=True, text=True, env=env, timeout=900,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout[-2000:] + installed.stderr[-2000:]
    repository = _plan_repository(tmp_path / "plans-repo")
    for command in commands:
        done = subprocess.run(["bash", "-c", command], cwd=repository, capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    check = commands[0]
    assert "hcplan check" in check
    plan = _misspell_a_lead(repository)
    done = subprocess.run(["bash", "-c", check], cwd=repository, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 1
    assert done.stdout.startswith(f"::error file={plan.relative_to(repository)},line=")


def test_the_readme_says_what_make_test_runs_where():
    """Each test that may not run everywhere says so in the README, with what it needs."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## What `make test` runs") :]
    for needed in ["npm ci", "tests/browser", "Chromium", "HCPLAN_REQUIRE_BROWSER=1", ".ci/run", "pandoc",
                   "pre-commit", "package index", "tests/test_docs.py", "tests/test_browser.py"]:  # fmt: skip
        assert needed in section, needed
