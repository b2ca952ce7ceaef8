"""The exit-code contract: the same situation ends with the same status in every command.

0 all is well; 1 problems were found (a plan has errors, a write failed);
2 a usage error (an unknown option, a bad value, a missing file, an ID or name
the plan does not have). See hcplan.errors and `hcplan --help`.
"""

from __future__ import annotations

import pytest

from conftest import MINIMAL

#: Every command that reads plans, with what it needs besides the plan.
READERS = {
    "check": lambda plan: ["check", plan],
    "overdue": lambda plan: ["overdue", plan],
    "amber": lambda plan: ["amber", plan],
    "list": lambda plan: ["list", plan],
    "show": lambda plan: ["show", "1.1", plan],
    "update": lambda plan: ["update", plan, "1.1", "--note", "x", "--date", "2024-06-01"],
    "report": lambda plan: ["report", plan],
    "export": lambda plan: ["export", plan, "-o", plan.parent / "returns.xlsx"],
    "calendar": lambda plan: ["calendar", plan, "-o", plan.parent / "plan.ics"],
}

#: The option each command takes a day with.
DAYS = {
    "check": "--as-of",
    "overdue": "--as-of",
    "amber": "--as-of",
    "list": "--as-of",
    "show": "--as-of",
    "update": "--date",
    "report": "--as-of",
    "export": "--as-of",
    "calendar": "--as-of",
}


def _last_line(result) -> str:
    return result.stderr.rstrip("\n").rsplit("\n", 1)[-1]


@pytest.mark.parametrize("command", READERS)
def test_a_good_plan_exits_0(hcplan, write, command):
    result = hcplan(*READERS[command](write()))
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("command", READERS)
def test_a_missing_file_is_a_usage_error(hcplan, tmp_path, command):
    result = hcplan(*READERS[command](tmp_path / "nowhere.yaml"))
    assert result.exit_code == 2, result.stderr
    assert _last_line(result).startswith("hcplan: error: ")
    assert "nowhere.yaml" in result.stderr


@pytest.mark.parametrize("command", READERS)
def test_a_plan_that_is_not_valid_yaml_exits_1(hcplan, write, command):
    result = hcplan(*READERS[command](write("title: [\n")))
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "plan.yaml:2:1: error:" in result.stdout + result.stderr  # located, whatever the command
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("command", READERS)
def test_a_plan_with_a_wrong_shape_exits_1(hcplan, write, command):
    result = hcplan(*READERS[command](write(MINIMAL.replace("quarters: financial", "quarters: sometimes"))))
    assert result.exit_code == 1, result.stdout + result.stderr


@pytest.mark.parametrize("command", READERS)
@pytest.mark.parametrize("day", ["", "31/02/2017", "2017-02-30", "sometime"])
def test_a_day_that_is_not_a_date_is_a_usage_error(hcplan, write, command, day):
    result = hcplan(*READERS[command](write()), DAYS[command], day)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert f"invalid value for '{DAYS[command]}" in _last_line(result)
    assert _last_line(result).startswith("hcplan: error: ")


def test_since_takes_days_the_same_way(hcplan, write):
    result = hcplan("report", write(), "--since", "")
    assert result.exit_code == 2
    assert "hcplan: error: invalid value for '--since'" in _last_line(result)


@pytest.mark.parametrize("command", READERS)
def test_an_unknown_option_is_a_usage_error(hcplan, write, command):
    result = hcplan(*READERS[command](write()), "--no-such-option")
    assert result.exit_code == 2
    assert _last_line(result).startswith("hcplan: error: no such option: --no-such-option")


@pytest.mark.parametrize("command", ["show", "update"])
def test_an_action_the_plan_does_not_have_is_a_usage_error(hcplan, write, command):
    args = READERS[command](write())
    result = hcplan(*[("1.9" if a == "1.1" else a) for a in args])
    assert result.exit_code == 2
    assert _last_line(result).startswith("hcplan: error: no action or objective '1.9'")


@pytest.mark.parametrize("command", ["overdue", "amber", "list"])
@pytest.mark.parametrize("option", [("--lead", "Nobody"), ("--theme", "9"), ("--status", "Sideways")])
def test_a_filter_that_names_nothing_is_a_usage_error(hcplan, write, command, option):
    result = hcplan(*READERS[command](write()), *option)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert _last_line(result).startswith("hcplan: error: ")


@pytest.mark.parametrize("command", ["overdue", "amber", "list", "show"])
def test_one_broken_plan_among_good_ones_exits_1_and_the_rest_is_shown(hcplan, write, command):
    good = write()
    write("title: [\n", name="broken.yaml")
    # The plan written has ended: a folder's ended plans are listed with --ended.
    result = hcplan(*READERS[command](good.parent), "--format", "json", "--ended")
    assert result.exit_code == 1
    assert "broken.yaml is not a valid plan and is left out" in result.stderr
    assert '"1.1"' in result.stdout or command in ("overdue", "amber")


def test_a_write_that_fails_exits_1(hcplan, write, tmp_path):
    plan = write()
    result = hcplan("report", plan, "-o", tmp_path / "no-such-folder" / "report.md")
    assert result.exit_code == 1
    assert _last_line(result).startswith("hcplan: error: cannot write in ")


def test_no_short_flag_has_two_meanings_and_text_is_for_people():
    from hcplan.cli import COMMANDS, load

    meanings: dict[str, set[str]] = {}
    for name in COMMANDS:
        for param in load(name).params:
            longs = [o for o in param.opts if o.startswith("--")]
            for short in (o for o in param.opts if o.startswith("-") and not o.startswith("--")):
                meanings.setdefault(short, set()).update(longs)
            if "--format" in param.opts:
                choices = set(getattr(param.type, "choices", ()))
                assert "table" not in choices, name  # the format for people is "text" everywhere
    assert {short: long for short, long in meanings.items() if len(long) != 1} == {}
    assert meanings["-q"] == {"--quiet"} and meanings["-t"] == {"--theme"}
