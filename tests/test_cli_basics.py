"""Conventions every command keeps: --help, --version, exit codes, formats, colour."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import MINIMAL, REPO
from hcplan import __version__
from hcplan.cli import COMMANDS as LISTED
from hcplan.cli import app, load

COMMANDS = sorted({*LISTED, *(command.name for command in app.registered_commands)})


def test_version(hcplan):
    result = hcplan("--version")
    assert result.exit_code == 0
    assert result.stdout == f"hcplan {__version__}\n"


def test_no_arguments_shows_help(hcplan):
    result = hcplan()
    assert "Usage: hcplan" in result.stdout + result.stderr
    assert result.exit_code in (0, 2)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example_or_usage(hcplan, command):
    result = hcplan(command, "--help")
    assert result.exit_code == 0
    assert f"Usage: hcplan {command}" in result.stdout
    assert "-h, --help" in result.stdout


@pytest.mark.parametrize("command", sorted(LISTED))
def test_hcplan_help_lists_each_command_by_its_own_first_line(command):
    import inspect

    first = " ".join(inspect.getdoc(load(command).callback).split("\n\n")[0].split())
    assert LISTED[command][2] == first


def test_one_command_loads_only_its_own_module():
    probe = (
        "import sys; from hcplan.cli import main; sys.argv = ['hcplan', 'schema', '--help']\n"
        "try:\n main()\nexcept SystemExit:\n pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('hcplan.cli.')), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    # hcplan.cli.process sets the process up for any command, hcplan.cli.stdout its standard output
    assert result.stderr.strip().splitlines()[-1] == "['hcplan.cli.process', 'hcplan.cli.schema', 'hcplan.cli.stdout']"


def _probe_check(tmp_path, plugins: str | None) -> list[str]:
    """Run ``hcplan check`` on a plan, with no cache and PYDANTIC_DISABLE_PLUGINS as given:
    the last lines of stderr, the last saying whether importlib.metadata was loaded."""
    import os

    plan = tmp_path / "plan.yaml"
    plan.write_text(MINIMAL, encoding="utf-8")
    probe = (
        "import sys; from hcplan.cli import main\n"
        f"sys.argv = ['hcplan', 'check', {str(plan)!r}]\n"
        "try:\n main()\nexcept SystemExit as exc:\n print('exit', exc.code, file=sys.stderr)\n"
        "print('importlib.metadata' in sys.modules, file=sys.stderr)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    env["HCPLAN_NO_CACHE"] = "1"
    if plugins is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = plugins
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=env)
    return result.stderr.strip().splitlines()[-2:]


def test_a_check_does_not_search_for_pydantic_plugins(tmp_path):
    """pydantic's plugins are off in hcplan, and its plugin search (through
    importlib.metadata) is not even loaded; a plan is validated all the same."""
    assert _probe_check(tmp_path, None) == ["exit 0", "False"]


def test_plugins_a_user_asks_for_are_searched_for(tmp_path):
    """A user who sets pydantic's switch otherwise (e.g. off for one plugin only) gets
    pydantic's own search."""
    assert _probe_check(tmp_path, "some-plugin") == ["exit 0", "True"]


def test_the_stand_in_loader_hands_anything_else_to_pydantics_own(monkeypatch):
    import hcplan.cli.process as process

    name = process._PLUGIN_LOADER
    saved = sys.modules.pop(name, None)
    try:
        monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")
        process.no_plugin_search()
        stand_in = sys.modules[name]
        assert isinstance(stand_in, process._NoPlugins)
        assert list(stand_in.get_plugins()) == []
        assert name in sys.modules and sys.modules[name] is stand_in  # nothing loaded for that
        with pytest.raises(AttributeError):
            stand_in.__path__  # noqa: B018 - not a package, as the import system must be told
        assert stand_in.PYDANTIC_ENTRY_POINT_GROUP == "pydantic"  # from the real module
        real = sys.modules[name]
        assert real is not stand_in
        stand_in.PYDANTIC_ENTRY_POINT_GROUP  # noqa: B018 - asked again: the same real module, not a second
        assert sys.modules[name] is real
        # The switch is read at each call, as pydantic reads it: turned otherwise, the real search answers.
        monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "some-plugin")
        assert list(stand_in.get_plugins()) == list(real.get_plugins())
    finally:
        sys.modules.pop(name, None)
        if saved is not None:
            sys.modules[name] = saved


def test_unknown_option_is_a_usage_error(hcplan):
    result = hcplan("check", "--strcit")
    assert result.exit_code == 2
    assert "hcplan: error: no such option: --strcit" in result.stderr


def test_check_exit_codes(hcplan, write):
    assert hcplan("check", write()).exit_code == 0
    assert hcplan("check", write("title: [\n", name="bad.yaml")).exit_code == 1


def test_check_strict_fails_on_warnings(hcplan, write):
    from conftest import MINIMAL

    path = write(MINIMAL.replace("due: Q1 Year 1", "due: Year 4"))
    result = hcplan("check", path)
    assert result.exit_code == 0
    assert "warning: due 'Year 4'" in result.stdout
    assert hcplan("check", "--strict", path).exit_code == 1


def test_check_json(hcplan, write):
    bad = write("title: [\n", name="bad.yaml")
    result = hcplan("check", "--format", "json", bad)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 1 and report["ok"] is False
    assert report["problems"][0] | {"message": ""} == {
        "path": str(bad),
        "line": 2,
        "col": 1,
        "severity": "error",
        "rule": "yaml",
        "message": "",
    }


def test_check_github_annotations(hcplan, write):
    bad = write("title: [\n", name="bad.yaml")
    result = hcplan("check", "--format", "github", bad)
    assert result.stdout.startswith(f"::error file={bad},line=2,col=1,title=hcplan yaml::")


def test_check_default_is_the_plans_folder(hcplan, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    result = hcplan("check")
    assert result.exit_code == 2
    assert "no plans folder here" in result.stderr
    monkeypatch.chdir(REPO)
    result = hcplan("check")
    assert result.exit_code == 0
    assert "2 files checked: no problems" in result.stderr


def test_check_reports_every_file_in_one_run(hcplan, write):
    write("title: [\n", name="a.yaml")
    write("title: ]\n", name="b.yaml")
    result = hcplan("check", write().parent)
    assert result.exit_code == 1
    assert [line.split(":")[0].rsplit("/", 1)[-1] for line in result.stdout.splitlines()] == [
        "a.yaml",
        "b.yaml",
    ]
    assert "2 errors, 0 warnings in 2 of 3 files" in result.stderr


def test_a_mistyped_command_gets_the_one_it_is_close_to(hcplan):
    result = hcplan("chek", "plans")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "hcplan: error: no such command 'chek'; did you mean check? (see 'hcplan -h')"
    assert "did you mean" not in hcplan("zzzz").stderr


def test_a_plan_named_twice_is_read_once(hcplan, write, monkeypatch):
    """A plan and its folder, ./a and a, a link to it: one file, checked and listed once."""
    bad = write(MINIMAL.replace("leads: [Police]", "leads: [Polce]"), "plans/2024/plan.yaml")
    folder = bad.parent.parent
    (folder / "link.yaml").symlink_to(bad)
    monkeypatch.chdir(folder.parent)
    result = hcplan("check", "plans", "plans/2024/plan.yaml", "./plans/2024/plan.yaml")
    assert result.exit_code == 1
    assert result.stdout.count("lead 'Polce'") == 1
    assert "1 error, 0 warnings in 1 of 1 file" in result.stderr
    rows = json.loads(hcplan("list", "plans", "plans/2024/plan.yaml", "-f", "json").stdout)["actions"]
    assert [r["id"] for r in rows] == ["1.1", "1.2"]


def test_what_a_folder_holds_under_a_plans_name_but_is_no_file_is_an_error_not_passed_over(hcplan, write):
    """A stray pipe (mkfifo) named *.yaml would wait for a writer for ever; a link to a plan
    renamed away, or links in a loop, were passed over without a word, and the check of the
    folder was green."""
    plan = write()
    folder = plan.parent
    os.mkfifo(folder / "stray.yaml")
    (folder / "gone.yaml").symlink_to(folder / "renamed.yaml")
    (folder / "a.yaml").symlink_to(folder / "b.yaml")
    (folder / "b.yaml").symlink_to(folder / "a.yaml")
    result = _run("check", str(folder))
    assert result.returncode == 1, result.stderr
    assert sorted(line.split(": ", 1)[0].removeprefix(f"{folder}/") for line in result.stdout.splitlines()) == [
        "a.yaml:1:1", "b.yaml:1:1", "gone.yaml:1:1", "stray.yaml:1:1"
    ]  # fmt: skip
    said = result.stdout
    assert "stray.yaml:1:1: error: is a pipe (FIFO) that nothing wrote to in" in said
    assert f"gone.yaml:1:1: error: a symbolic link to {folder / 'renamed.yaml'}, which does not exist" in said
    assert "a.yaml:1:1: error: a symbolic link that leads round in a loop, to no file" in said
    assert "4 errors, 0 warnings in 4 of 5 files" in result.stderr


def test_a_pipe_named_as_a_plan_or_linked_from_one_is_refused_not_waited_on_for_ever(write):
    """A pipe (mkfifo) named as a plan, or by a plan's follows, waited for a writer for ever:
    check, list, update all hung (in CI, until the job's time ran out)."""
    from hcplan.files.reader import PIPE_WAIT

    plan = write()
    pipe = plan.parent / "pipe.yaml"
    os.mkfifo(pipe)
    result = _run("check", str(pipe))  # times out (and fails) if it waits for ever
    assert result.returncode == 1, result.stderr
    assert result.stdout == f"{pipe}:1:1: error: is a pipe (FIFO) that nothing wrote to in {PIPE_WAIT} seconds, not a plan file (file)\n"
    result = _run("update", str(pipe), "1.1", "--note", "Met.")
    assert result.returncode == 1
    assert result.stderr == f"hcplan: error: {pipe} is not a regular file; hcplan writes plans that are files\n"
    linked = write(MINIMAL.replace("quarters: financial\n", "quarters: financial\nfollows: pipe.yaml\n"), name="next.yaml")
    result = _run("check", str(linked))
    assert result.returncode == 1
    assert "follows pipe.yaml: is a pipe (FIFO) that nothing wrote to" in result.stdout


def test_a_plan_piped_to_dev_stdin_is_read_as_it_comes(hcplan):
    result = subprocess.run(
        [sys.executable, "-m", "hcplan", "check", "/dev/stdin"], input=MINIMAL.encode(), capture_output=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert b"1 file checked: no problems" in result.stderr


def _run(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "hcplan", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )


@pytest.mark.slow
def test_colour_only_on_request(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [\n")
    plain = _run("check", str(bad))  # not a terminal: no colour
    assert "\033[" not in plain.stdout
    forced = _run("check", str(bad), FORCE_COLOR="1")
    assert "\033[31;1merror\033[0m" in forced.stdout
    assert "\033[" not in _run("check", str(bad), FORCE_COLOR="1", NO_COLOR="1").stdout


@pytest.mark.parametrize("command", ["check", "overdue", "calendar"])
def test_from_a_plan_folder_it_suggests_the_file(hcplan, write, monkeypatch, command):
    """The hint named `hcplan check` whatever the command was."""
    path = write()
    monkeypatch.chdir(path.parent)
    result = hcplan(command)
    assert result.exit_code == 2
    assert "no plans folder here; name a plan file or folder, such as plan.yaml\n" in result.stderr


def test_upper_case_suffixes_are_plans_too(hcplan, tmp_path):
    from conftest import MINIMAL

    (tmp_path / "Plan.YAML").write_text(MINIMAL.replace("quarters: financial", "quarters: Financial"))
    result = hcplan("check", tmp_path)
    assert result.exit_code == 0
    assert "1 file checked: no problems" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["check", ""],
        ["list", "plans", ""],
        ["update", "", "1.1", "--note", "Met."],
        ["export", "PLAN", "-o", ""],
        ["import", "PLAN", ""],
        ["report", "PLAN", "-o", ""],
        ["site", "", "-o", "out"],
        ["new", ""],
        ["rollover", "PLAN", ""],
        ["digest", "PLAN", "-o", ""],
        ["calendar", "PLAN", "-o", ""],
    ],
)
def test_an_empty_file_name_is_a_usage_error_not_the_current_folder(hcplan, tmp_path, monkeypatch, args):
    """``hcplan check "$PLAN"`` with the variable unset: typer reads '' as '.', which
    would check (or write into) whatever the current folder holds."""
    (tmp_path / "plan.yaml").write_text(MINIMAL)
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = hcplan(*[str(tmp_path / "plan.yaml") if a == "PLAN" else a for a in args])
    assert result.exit_code == 2
    assert "an empty name names no file" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_link_to_nothing_found_in_a_folder_is_a_problem_of_the_plans_not_a_usage_error(hcplan, write):
    """calendar over a folder holding a link to a plan renamed away said it as a usage error
    (exit 2), as if the user had named it."""
    plan = write()
    (plan.parent / "gone.yaml").symlink_to(plan.parent / "renamed.yaml")
    result = hcplan("calendar", plan.parent, "-o", plan.parent / "plans.ics")
    assert result.exit_code == 1, result.stderr
    assert f"{plan.parent / 'gone.yaml'}:1:1: error: a symbolic link to {plan.parent / 'renamed.yaml'}" in result.stderr
    named = hcplan("calendar", plan.parent / "gone.yaml", "-o", plan.parent / "plans.ics")
    assert named.exit_code == 2  # named on the command line: a usage error, as before
