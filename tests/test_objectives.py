"""A plan that rates its objectives (or their targets): hcplan update and hcplan show take
an objective's ID as they take an action's, and an ID of both must say which."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest

from hcplan.checking.loader import load_plan
from test_update import changes

#: A plan that rates the target of objective 7 (with no updates yet: a rating given
#: without a date) and keeps dated updates on objective 8; comments and layout to keep.
RATED = """\
# Eastshire rates the targets of its objectives, not each action.
hcplan: 1
title: Eastshire Hate Crime Plan 2025-26
organisation: Eastshire Council
period:
  start: 2025-04-01
  end: 2026-03-31
quarters: financial
scale:
  - label: On Target
    rag: green
  - label: Near to Target
    rag: amber
  - label: Not on Target
    rag: red
  - label: Completed
    rag: green
    done: true
leads: [Community Safety, Police]
themes:
  - number: 1
    name: Reporting
    objectives:
      - id: "7"
        text: Increase the reporting of hate crime
        measure: A 10% increase in reports by March 2026   # the target rated
        outcome: Victims are confident to report
        funding: From existing resources
        partners: [Victim Support]
        status: Near to Target    # rated at the spring board
        notes:
          - Target agreed with the board.
        actions:
          # the actions are not rated
          - id: "7.1"
            text: Train staff at third party reporting centres
            leads: [Community Safety]
            due: Q2 Year 1
          - id: "7.2"
            text: Publicise how to report
            leads: [Police]
            due: Q3 Year 1
            status: Completed
      - id: "8"
        text: Support victims
        updates:
          - date: 2025-05-01
            text: Referral pathway drafted.
          - date: 2025-09-01
            text: Pathway in use.
        actions:
          - id: "8.1"
            text: Map support services
            leads: [Police]
"""

#: RATED with an action numbered 7 too: objective and action IDs are numbered apart.
BOTH = RATED.replace(
    "          - id: \"8.1\"\n",
    "          - id: \"7\"\n            text: An action numbered like the objective\n            leads: [Police]\n"
    "          - id: \"8.1\"\n",
)


def objective(path, objective_id: str):
    plan = load_plan(path).plan
    assert plan is not None
    return next(ref.objective for ref in plan.objectives() if ref.objective.id == objective_id)


def clean(hcplan, path) -> None:
    result = hcplan("check", path)
    assert result.exit_code == 0 and result.stderr == "1 file checked: no problems\n", result.stdout + result.stderr


# --- hcplan update --------------------------------------------------------------------


def test_an_objective_without_updates_gets_its_first_with_was_and_only_new_lines(hcplan, write):
    path = write(RATED)
    before = path.read_text()
    result = hcplan(
        "update", path, "7", "--status", "on target", "--note", "Reports up 6% on the year.", "--date", "2025-07-10"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"Updated {path}: objective 7: added an update dated 10 July 2025; rating Near to Target -> On Target\n"
    )
    after = path.read_text()
    # The status is replaced where it stands, its comment kept; the updates go before the actions.
    assert after.replace(
        "        status: On Target    # rated at the spring board\n",
        "        status: Near to Target    # rated at the spring board\n",
    ).replace(
        "        updates:\n"
        "          - date: 2025-07-10\n"
        "            text: Reports up 6% on the year.\n"
        "            status: On Target\n"
        "            was: Near to Target\n"
        "        actions:\n",
        "        actions:\n",
    ) == before
    assert after.index("          - Target agreed with the board.\n") < after.index("        updates:\n")
    updated = objective(path, "7")
    assert updated.status == "On Target"
    assert [(u.date, u.status, u.was) for u in updated.updates] == [(date(2025, 7, 10), "On Target", "Near to Target")]
    clean(hcplan, path)


def test_the_ratings_of_an_objective_keep_their_history(hcplan, write):
    path = write(RATED)
    for day, label in (("2025-07-10", "not on"), ("2025-10-10", "near"), ("2025-08-10", "on target")):
        result = hcplan("update", path, "7", "--status", label, "--date", day)
        assert result.exit_code == 0, result.stderr
    updated = objective(path, "7")
    # In date order; only the first rated update says what it replaced; an older
    # update does not override the later rating.
    assert [(u.date, u.status, u.was) for u in updated.updates] == [
        (date(2025, 7, 10), "Not on Target", "Near to Target"),
        (date(2025, 8, 10), "On Target", None),
        (date(2025, 10, 10), "Near to Target", None),
    ]
    assert updated.status == "Near to Target"
    clean(hcplan, path)
    amber = hcplan("show", path, "7", "-f", "json", "--as-of", "2025-11-01")
    assert json.loads(amber.stdout)[0]["status_since"] == "2025-10-10"


def test_an_update_of_an_objective_with_updates_goes_in_date_order(hcplan, write):
    path = write(RATED)
    before = path.read_text()
    result = hcplan("update", path, "8", "--note", "Services mapped.", "--private", "--date", "2025-06-15")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Updated {path}: objective 8: added an update dated 15 June 2025\n"
    removed, added = changes(before, path.read_text())
    assert removed == []
    assert added == [
        "          - date: 2025-06-15\n",
        "            text: Services mapped.\n",
        "            private: true\n",
    ]
    assert [u.text for u in objective(path, "8").updates] == ["Referral pathway drafted.", "Services mapped.", "Pathway in use."]
    again = hcplan("update", path, "8", "--note", "Services mapped.", "--private", "--date", "2025-06-15")
    assert again.exit_code == 0 and "nothing to change" in again.stdout
    clean(hcplan, path)


def test_a_due_or_a_reason_is_refused_for_an_objective(hcplan, write):
    path = write(RATED)
    before = path.read_bytes()
    result = hcplan("update", path, "7", "--due", "Q4 Year 1", "--reason", "board asked", "--note", "x")
    assert result.exit_code == 2
    assert result.stderr == (
        "hcplan: error: objective 7 has no due time (an objective's actions have theirs): "
        "--due and --reason are for an action\n"
    )
    alone = hcplan("update", path, "7", "--due", "Q4 Year 1")
    assert alone.exit_code == 2 and "objective 7 has no due time" in alone.stderr
    assert path.read_bytes() == before


def test_an_unknown_status_for_an_objective_is_a_usage_error(hcplan, write):
    path = write(RATED)
    before = path.read_bytes()
    result = hcplan("update", path, "7", "--status", "amber", "--note", "x")
    assert result.exit_code == 2
    assert "'amber' is not a rating of this plan; its ratings are: 'On Target'" in result.stderr
    assert path.read_bytes() == before


def test_an_id_of_an_objective_and_an_action_must_say_which(hcplan, write):
    path = write(BOTH)
    clean(hcplan, path)  # the two are numbered apart: a valid plan
    before = path.read_bytes()
    result = hcplan("update", path, "7", "--note", "x", "--date", "2025-07-01")
    assert result.exit_code == 2
    assert result.stderr == (
        "hcplan: error: '7' names both objective 7 'Increase the reporting of hate crime' and action 7 "
        "'An action numbered like the objective' in this plan; say which: 'objective 7' or 'action 7'\n"
    )
    assert path.read_bytes() == before
    shown = hcplan("show", path, "7")
    assert shown.exit_code == 2 and "say which: 'objective 7' or 'action 7'" in shown.stderr

    result = hcplan("update", path, "Objective 7", "--note", "On the objective.", "--date", "2025-07-01")
    assert result.exit_code == 0, result.stderr
    assert [u.text for u in objective(path, "7").updates] == ["On the objective."]
    result = hcplan("update", "ACTION 7", path, "--note", "On the action.", "--date", "2025-07-01")  # ID first
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Updated {path}: 7: added an update dated 1 July 2025\n"
    plan = load_plan(path).plan
    assert [u.text for ref in plan.actions() if ref.action.id == "7" for u in ref.action.updates] == ["On the action."]
    assert [u.text for u in objective(path, "7").updates] == ["On the objective."]
    clean(hcplan, path)


def test_the_kind_may_be_said_of_an_unambiguous_id_and_must_be_right(hcplan, write):
    path = write(RATED)
    assert hcplan("update", path, "objective 8", "--note", "Said whole.", "--date", "2025-07-01").exit_code == 0
    assert "Said whole." in [u.text for u in objective(path, "8").updates]
    assert hcplan("update", path, "action 7.1", "--note", "An action's.", "--date", "2025-07-01").exit_code == 0
    wrong = hcplan("update", path, "objective 7.1", "--note", "x")
    assert wrong.exit_code == 2
    assert wrong.stderr == "hcplan: error: no objective '7.1' in this plan; 7.1 is an action\n"


@pytest.mark.parametrize("command", [["update", "{plan}", "-1", "--note", "x"], ["show", "-1", "{plan}"]])
def test_an_id_that_looks_like_an_option_is_told_how_to_give_it(hcplan, write, command):
    """An objective numbered -1 (the format allows it): the option the shell's reader takes
    it for is refused with the way to name it, and that way works."""
    path = write(RATED.replace('      - id: "8"\n', '      - id: "-1"\n'))
    result = hcplan(*[a.format(plan=path) for a in command])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"hcplan: error: no such option: -1; an ID that starts with '-' is written with its kind, "
        f"'objective -1' or 'action -1' (see 'hcplan {command[0]} -h')"
    )
    said = hcplan(*[a.replace("-1", "objective -1").format(plan=path) for a in command])  # not in the path
    assert said.exit_code == 0, said.stderr


def test_an_unknown_id_suggests_objectives_and_actions(hcplan, write):
    path = write(RATED)
    result = hcplan("update", path, "7.3", "--note", "x")
    assert result.exit_code == 2
    assert result.stderr == "hcplan: error: no action or objective '7.3' in this plan; did you mean 7.2 or 7.1 or 7?\n"
    far = hcplan("update", path, "9", "--note", "x")
    assert far.exit_code == 2
    assert far.stderr == (
        "hcplan: error: no action or objective '9' in this plan; its actions are 7.1 to 8.1 and its objectives 7 to 8\n"
    )
    shown = hcplan("show", "7.3", path)
    assert shown.exit_code == 2
    assert shown.stderr == result.stderr


def test_dry_run_of_an_objective_prints_the_diff_and_writes_nothing(hcplan, write):
    path = write(RATED)
    before = path.read_bytes()
    result = hcplan("update", path, "8", "--status", "not on", "--note", "Referrals down.", "--date", "2025-10-01", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == before
    assert result.stdout.startswith(f"--- a/{str(path).lstrip('/')}\n+++ b/{str(path).lstrip('/')}\n@@ ")
    assert (
        "         text: Support victims\n"
        "+        status: Not on Target\n"
        "         updates:\n"
    ) in result.stdout
    assert (
        "+          - date: 2025-10-01\n+            text: Referrals down.\n+            status: Not on Target\n"
    ) in result.stdout
    assert result.stderr == (
        f"(dry run: {path} is unchanged) objective 8: added an update dated 1 October 2025; "
        "rating none -> Not on Target\n"
    )


def test_an_import_of_returns_still_means_actions(write):
    """Returns are an action's: an ID of both is the action's, as before (no question asked)."""
    from hcplan.changes.update import UpdateRequest, open_source, plan_updates
    from hcplan.files.reader import decode

    path = write(BOTH)
    opened = open_source(decode(path.read_bytes(), str(path)), today=date(2026, 1, 1))
    request = UpdateRequest("7", date(2025, 7, 1), "From a return.", kind="action")
    [result] = plan_updates(opened, [request], today=date(2026, 1, 1)).results
    assert (result.kind, result.action_id) == ("action", "7")
    assert "An action numbered like the objective\n            leads: [Police]\n            updates:" in result.after


# --- hcplan show ----------------------------------------------------------------------


def _rated_history(hcplan, write):
    path = write(RATED)
    for args in (
        ("--status", "not on", "--note", "Reports down.", "--date", "2025-07-10"),
        ("--note", "Named the victim's school.", "--private", "--date", "2025-08-01"),
        ("--status", "on target", "--date", "2025-10-10"),
    ):
        assert hcplan("update", path, "7", *args).exit_code == 0
    return path


def test_show_prints_an_objective_with_its_rating_history_and_actions(hcplan, write, monkeypatch):
    path = _rated_history(hcplan, write)
    monkeypatch.setenv("COLUMNS", "200")  # a line each
    result = hcplan("show", "7", path, "--as-of", "2025-11-01")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert lines[0] == "Objective 7 Increase the reporting of hate crime"
    for expected in (
        f"Plan Eastshire Hate Crime Plan 2025-26 ({path})",
        "Theme 1 Reporting",
        "Partners Victim Support",
        "Rating On Target (green) since 10 October 2025",
        "Outcome Victims are confident to report",
        "Measure A 10% increase in reports by March 2026",
        "Funding From existing resources",
        "Note Target agreed with the board.",
        "10 July 2025 Near to Target -> Not on Target Reports down.",
        "1 August 2025 Named the victim's school. [private]",
        "10 October 2025 On Target",
        "7.1 — Q2 Year 1 Train staff at third party reporting centres",
        "7.2 Completed Q3 Year 1 Publicise how to report",
    ):
        assert expected in lines, (expected, lines)
    assert "8.1" not in text
    earlier = hcplan("show", path, "7", "--as-of", "2025-09-01").stdout
    assert "Not on Target (red) since 10 July 2025" in " ".join(earlier.split())
    assert "(after the as-of day)" in earlier


def test_show_of_an_objective_as_json(hcplan, write):
    path = _rated_history(hcplan, write)
    result = hcplan("show", path, "objective 7", "-f", "json", "--as-of", "2025-11-01")
    assert result.exit_code == 0, result.stderr
    [data] = json.loads(result.stdout)
    assert {k: data[k] for k in ("kind", "id", "theme", "theme_name", "status", "rag", "done", "status_since")} == {
        "kind": "objective",
        "id": "7",
        "theme": 1,
        "theme_name": "Reporting",
        "status": "On Target",
        "rag": "green",
        "done": False,
        "status_since": "2025-10-10",
    }
    assert data["text"] == "Increase the reporting of hate crime"
    assert (data["measure"], data["outcome"], data["partners"], data["funding"]) == (
        ["A 10% increase in reports by March 2026"],
        ["Victims are confident to report"],
        ["Victim Support"],
        "From existing resources",
    )
    assert data["notes"] == ["Target agreed with the board."]
    assert [(u["date"], u["status"], u.get("was"), u["private"]) for u in data["updates"]] == [
        ("2025-07-10", "Not on Target", "Near to Target", False),
        ("2025-08-01", None, None, True),
        ("2025-10-10", "On Target", None, False),
    ]
    assert [(a["id"], a["status"], a["due"]) for a in data["actions"]] == [
        ("7.1", None, "Q2 Year 1"),
        ("7.2", "Completed", "Q3 Year 1"),
    ]


def test_show_of_an_objective_as_csv(hcplan, write):
    path = _rated_history(hcplan, write)
    result = hcplan("show", path, "7", "-f", "csv", "--as-of", "2025-11-01")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["section"], r["id"], r["objective"], r["status"]) for r in rows] == [
        ("objective", "7", "7", "On Target"),
        ("actions", "7.1", "7", ""),
        ("actions", "7.2", "7", "Completed"),
    ]
    assert (rows[0]["status_since"], rows[0]["measure"], rows[0]["due"]) == (
        "2025-10-10",
        "A 10% increase in reports by March 2026",
        "",
    )
    assert rows[1]["due"] == "Q2 Year 1"


def test_show_of_an_objective_never_rated(hcplan, write):
    path = write(RATED)
    result = hcplan("show", path, "8", "--as-of", "2025-06-01")
    assert result.exit_code == 0, result.stderr
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "Rating —" in lines
    assert "1 May 2025 Referral pathway drafted." in lines
    assert "1 September 2025 Pathway in use. (after the as-of day)" in lines


def test_show_across_plans_shows_the_actions_and_names_the_objectives(hcplan, write):
    actions = write(RATED.replace('id: "7.1"', 'id: "5"'), name="a/plan.yaml")
    objectives = write(RATED, name="b/plan.yaml")
    result = hcplan("show", "5", actions.parent.parent, "--ended")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("5  Train staff")
    assert result.stderr == ""
    write(RATED.replace('id: "7"\n', 'id: "5"\n'), name="b/plan.yaml")
    both = hcplan("show", "5", actions.parent.parent, "--ended")
    assert both.exit_code == 0, both.stderr
    assert both.stdout.startswith("5  Train staff")
    assert both.stderr == f"Not shown: objective 5 of {objectives}; ask for 'objective 5' to show it.\n"
    asked = hcplan("show", "objective 5", actions.parent.parent, "--ended")
    assert asked.exit_code == 0, asked.stderr
    assert re.match(r"Objective 5 +Increase the reporting", asked.stdout)


def test_the_review_reports_what_update_recorded_on_an_objective(hcplan, write):
    path = _rated_history(hcplan, write)
    args = ("report", path, "--template", "review", "--as-of", "2025-11-01", "--since", "2025-07-01")
    internal = hcplan(*args)
    assert internal.exit_code == 0, internal.stderr
    assert "| 10 July 2025 | 7 (objective) | Update | Reports down. |" in internal.stdout
    assert "Named the victim's school." in internal.stdout
    public = hcplan(*args, "--public")
    assert public.exit_code == 0, public.stderr
    assert "| 10 July 2025 | 7 (objective) | Update | Reports down. |" in public.stdout
    assert "victim's school" not in public.stdout


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_show_of_an_action_is_as_it_was(hcplan, write, fmt):
    """An action's show is unchanged by the objectives: no kind, no objective's lines."""
    path = write(RATED)
    result = hcplan("show", path, "7.2", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    assert "7.2" in result.stdout
    if fmt == "json":
        [data] = json.loads(result.stdout)
        assert data["kind"] == "action" and data["objective"] == "7"
    elif fmt == "csv":
        assert [r["section"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["actions"]
    else:
        assert result.stdout.startswith("7.2  Publicise how to report")
