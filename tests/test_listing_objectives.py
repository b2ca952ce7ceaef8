"""The listings see a plan's rated objectives: hcplan amber lists an objective rated amber
(or red), hcplan list each objective before its actions, hcplan overdue one with no update
for a quarter as needing one (as a continuous action); plans that rate no objective list as
they always did."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from conftest import MINIMAL
from hcplan.outputs.rows import CSV_FIELDS
from test_objectives import RATED

#: RATED (objective 7 rated amber with no date) with objective 8 rated red by its update of
#: 1 September 2025, action 8.1 amber since 1 June 2025, and a second theme whose
#: objective 9 has been amber since 20 July 2025.
PLAN = (
    RATED.replace(
        "            text: Pathway in use.\n", "            text: Pathway in use.\n            status: Not on Target\n"
    ).replace("        text: Support victims\n", "        text: Support victims\n        status: Not on Target\n")
    + """\
            status: Near to Target
            updates:
              - date: 2025-06-01
                text: Services mapped in the north.
                status: Near to Target
  - number: 2
    name: Prevention
    objectives:
      - id: "9"
        text: Challenge hate in schools
        status: Near to Target
        partners: [Schools Police Officer]
        updates:
          - date: 2025-07-20
            text: Two schools of six signed up.
            status: Near to Target
        actions:
          - id: "9.1"
            text: Run assemblies
            leads: [Community Safety]
            due: Q4 Year 1
"""
)

DAY = ("--as-of", "2025-10-15")


@pytest.fixture
def plan(write, hcplan):
    path = write(PLAN)
    checked = hcplan("check", path)
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    return path


def data(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def named(rows: list[dict]) -> list[str]:
    """Each row's ID as people write it: ``objective 7``, ``8.1``."""
    return [f"objective {r['id']}" if r.get("kind") == "objective" else r["id"] for r in rows]


def csv_rows(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


# --- amber ---------------------------------------------------------------------------


def test_amber_lists_the_objectives_rated_amber_with_the_actions_longest_standing_first(hcplan, plan):
    rated = data(hcplan("amber", plan, *DAY, "-f", "json"))["rated"]
    # 8.1 since 1 June, objective 9 since 20 July, objective 7 since a day the history does not say.
    assert named(rated) == ["8.1", "objective 9", "objective 7"]
    nine = rated[1]
    assert nine["kind"] == "objective" and rated[0]["kind"] == "action"
    assert (nine["id"], nine["objective"], nine["text"], nine["theme"]) == ("9", "9", "Challenge hate in schools", 2)
    assert (nine["status"], nine["rag"], nine["status_since"]) == ("Near to Target", "amber", "2025-07-20")
    assert nine["last_update"] == {"date": "2025-07-20", "text": "Two schools of six signed up.", "private": False}
    assert nine["leads"] == ["Community Safety"]  # its actions' leads
    assert nine["due"]["text"] is None and not nine["overdue"] and nine["days_late"] is None
    assert nine["standing"] is None  # updated within the last quarter (20 July, as of 15 October)
    seven = rated[2]
    assert seven["standing"] == "needs an update"  # never updated, and the plan began in April


def test_amber_red_adds_the_objectives_rated_red(hcplan, plan):
    rated = data(hcplan("amber", "--red", plan, *DAY, "-f", "json"))["rated"]
    assert named(rated) == ["8.1", "objective 9", "objective 8", "objective 7"]
    eight = rated[2]
    assert (eight["status"], eight["rag"], eight["status_since"]) == ("Not on Target", "red", "2025-09-01")
    assert eight["last_update"]["text"] == "Pathway in use."


def test_amber_as_text_writes_an_objective_s_id_after_its_kind(hcplan, plan):
    result = hcplan("amber", "--red", plan, *DAY)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Amber or red: Eastshire Hate Crime Plan 2025-26")
    header = next(i for i, line in enumerate(lines) if line.startswith("ID "))
    assert re.split(r"\s{2,}", lines[header].strip()) == ["ID", "Action or objective", "Lead", "Status", "Since", "Updated"]
    firsts = [line.split("  ")[0] for line in lines[header + 2 :] if line[:1] != " "]
    assert firsts == ["8.1", "objective 9", "objective 8", "objective 7"]
    nine = next(line for line in lines if line.startswith("objective 9"))
    assert "20 Jul 2025" in nine and "Challenge hate in" in nine
    seven = next(line for line in lines if line.startswith("objective 7"))
    assert seven.split()[-2:] == ["—", "never"]  # since a day unknown; never updated


def test_a_listing_with_nothing_in_it_says_so_of_actions_and_objectives(hcplan, plan, write):
    said = hcplan("list", plan, *DAY, "--search", "no such words")
    assert (said.exit_code, said.stdout) == (0, "No action or objective matches (as of 15 October 2025)\n")
    said = hcplan("amber", plan, "--as-of", "2025-05-01", "--theme", "2")
    assert (said.exit_code, said.stdout) == (0, "No action or objective is amber (as of 1 May 2025)\n")
    # A plan that rates no objective lists only actions, and says so; it has ended, and is
    # answered as of its last day, as its tables would be.
    plain = write(MINIMAL, "plain.yaml")
    said = hcplan("list", plain, "--search", "no such words")
    assert (said.exit_code, said.stdout) == (0, "No action matches at the end of the plan (31 March 2025)\n")
    said = hcplan("amber", plain, "--as-of", "2024-05-01")
    assert (said.exit_code, said.stdout) == (0, "No action is amber (as of 1 May 2024)\n")
    header = next(line for line in hcplan("list", plain).stdout.splitlines() if line.startswith("ID "))
    assert re.split(r"\s{2,}", header.strip())[:2] == ["ID", "Action"]


def test_amber_as_csv_keeps_its_columns_and_writes_objective_in_the_id(hcplan, plan):
    result = hcplan("amber", plan, *DAY, "-f", "csv")
    assert result.stdout.splitlines()[0] == ",".join(CSV_FIELDS)
    rows = csv_rows(result)
    assert [r["id"] for r in rows] == ["8.1", "objective 9", "objective 7"]
    nine = rows[1]
    assert nine["section"] == "rated" and nine["objective"] == "9" and nine["theme"] == "2"
    assert (nine["status"], nine["rag"], nine["status_since"]) == ("Near to Target", "amber", "2025-07-20")
    assert (nine["last_update"], nine["last_update_text"]) == ("2025-07-20", "Two schools of six signed up.")
    assert (nine["due"], nine["due_start"], nine["days_late"]) == ("", "", "")
    assert nine["leads"] == "Community Safety" and nine["standing"] == ""
    assert rows[2]["standing"] == "needs an update"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # An objective goes to the leads of its actions: 7 has 7.1 (Community Safety) and 7.2 (Police).
        (("--lead", "community"), ["objective 9", "objective 7"]),
        (("--lead", "police"), ["8.1", "objective 8", "objective 7"]),
        (("--theme", "2"), ["objective 9"]),
        (("--theme", "reporting"), ["8.1", "objective 8", "objective 7"]),
        (("--status", "not on"), ["objective 8"]),  # its own rating
        (("--status", "near", "--lead", "police"), ["8.1", "objective 7"]),
    ],
)
def test_the_filters_apply_to_objectives(hcplan, plan, filters, expected):
    assert named(data(hcplan("amber", "--red", plan, *DAY, *filters, "-f", "json"))["rated"]) == expected


def test_a_day_before_an_objective_was_rated_does_not_list_it(hcplan, plan):
    # On 15 July 2025 objective 9 was not yet rated, nor 8 red; 8.1 was amber already.
    rated = data(hcplan("amber", "--red", plan, "--as-of", "2025-07-15", "-f", "json"))["rated"]
    assert named(rated) == ["8.1", "objective 7"]


# --- list ----------------------------------------------------------------------------


def test_list_gives_each_objective_before_its_actions(hcplan, plan):
    listed = data(hcplan("list", plan, *DAY, "-f", "json"))["actions"]
    assert named(listed) == ["objective 7", "7.1", "7.2", "objective 8", "8.1", "objective 9", "9.1"]
    text = hcplan("list", plan, *DAY)
    row = next(line for line in text.stdout.splitlines() if line.startswith("objective 9"))
    assert row.split("  ")[0] == "objective 9" and "—" in row  # no due time, not "(plan period)"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # Its own words (objective 7's outcome says "Victims"); an action by its objective's too.
        (("--search", "victims"), ["objective 7", "objective 8", "8.1"]),
        # Its partners, but not the leads of its actions (7.2 is the Police's, not objective 7).
        (("--search", "police"), ["7.2", "8.1", "objective 9"]),
        (("--status", "near"), ["objective 7", "8.1", "objective 9"]),
        (("--lead", "community", "--theme", "1"), ["objective 7", "7.1"]),
    ],
)
def test_list_filters_objectives_as_export_does(hcplan, plan, filters, expected):
    assert named(data(hcplan("list", plan, *DAY, *filters, "-f", "json"))["actions"]) == expected


# --- overdue -------------------------------------------------------------------------


def test_overdue_lists_an_objective_with_no_update_for_a_quarter_as_needing_one(hcplan, plan):
    """As a continuous action under way since the plan began (1 April 2025): an update
    within the last quarter (three months) is enough, whatever the quarter's start."""
    found = data(hcplan("overdue", plan, "--as-of", "2025-09-15", "-f", "json"))
    # 8 (1 September) and 9 (20 July) were updated within three months; 7 never was.
    assert found["overdue"] == [] and named(found["needs_update"]) == ["objective 7"]
    early = data(hcplan("overdue", plan, "--as-of", "2025-06-30", "-f", "json"))
    assert named(early["needs_update"]) == []  # the plan had not run a quarter yet
    later = data(hcplan("overdue", plan, *DAY, "-w", "60d", "-f", "json"))
    assert named(later["overdue"]) == ["7.1"]  # an objective has no due: never overdue, never due soon
    assert named(later["due_soon"]) == []
    # A new quarter began on 1 October: 9 (20 July) and 8 (1 September) are still within three months.
    assert named(later["needs_update"]) == ["objective 7"]
    latest = data(hcplan("overdue", plan, "--as-of", "2025-11-05", "-f", "json"))
    assert named(latest["needs_update"]) == ["objective 7", "objective 9"]  # 9: none since 20 July
    assert latest["needs_update"][1]["standing"] == "needs an update"
    # The same objectives the lead's digest asks an update of (the returns lines' meaning).
    text = hcplan("overdue", plan, "--as-of", "2025-11-05")
    assert "Needs an update: Eastshire" in text.stdout and "\nobjective 9 " in text.stdout


def test_overdue_fail_is_about_actions_only(hcplan, plan):
    stale = hcplan("overdue", plan, "--as-of", "2025-09-15", "--fail", "-f", "json")
    assert named(data(stale)["needs_update"]) == ["objective 7"]  # and exit 0: nothing is overdue
    assert hcplan("overdue", plan, *DAY, "--fail").exit_code == 1  # 7.1 is overdue


def test_nothing_of_an_objective_is_asked_once_the_plan_has_ended_or_before_it_starts(hcplan, plan):
    ended = data(hcplan("overdue", plan, "--as-of", "2026-04-15", "-f", "json"))
    assert [r for r in ended["needs_update"] if r.get("kind")] == []
    early = data(hcplan("overdue", plan, "--as-of", "2025-03-15", "-f", "json"))
    assert early["needs_update"] == []
    # Rated amber still, at the end: the plan's final position.
    assert "objective 9" in named(data(hcplan("amber", plan, "--as-of", "2026-04-15", "-f", "json"))["rated"])


# --- many plans, the cache, worker processes -------------------------------------------


def test_a_plan_that_rates_no_objective_lists_byte_for_byte_as_alone(hcplan, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    rated, plain = folder / "a-rated.yaml", folder / "b-plain.yaml"
    rated.write_text(PLAN)
    plain.write_text(MINIMAL.replace("2024-04-01", "2025-04-01").replace("2025-03-31", "2026-03-31"))
    for command in (("amber", "--red"), ("list",), ("overdue",)):
        for fmt in ("json", "csv", "text"):
            both = hcplan(*command, folder, *DAY, "-f", fmt)
            alone = hcplan(*command, plain, *DAY, "-f", fmt)
            assert both.exit_code == alone.exit_code == 0, both.stderr
            if fmt == "json":
                mine = {k: [r for r in v if r["plan"] == str(plain)] for k, v in data(both).items() if k != "as_of"}
                assert mine == {k: v for k, v in data(alone).items() if k != "as_of"}
                assert all(r["kind"] == "action" for v in mine.values() for r in v)
                assert any(r.get("kind") == "objective" for k, v in data(both).items() if k != "as_of" for r in v)
            elif fmt == "csv":
                lines = both.stdout.splitlines()
                assert [line for line in lines if str(plain) in line or line == lines[0]] == alone.stdout.splitlines()
                assert any(f"{rated},objective " in line for line in lines)
            else:
                if str(plain) in alone.stdout:  # its tables, after the rated plan's
                    assert both.stdout.endswith("\n" + alone.stdout)
                else:  # nothing to list: the folder's listing has nothing of it
                    assert str(plain) not in both.stdout
                assert "objective 7" in both.stdout


def test_objective_rows_come_back_from_the_cache_as_they_went_in(hcplan, plan, monkeypatch):
    for args in (("amber", "--red", "-f", "json"), ("list", "-f", "csv"), ("overdue",)):
        cold = hcplan(*args, plan, *DAY)
        with monkeypatch.context() as patch:

            def read_again(*args, **kwargs):
                raise AssertionError("the plan was read again, not answered from the cache")

            patch.setattr("hcplan.views.listing._answer", read_again)
            warm = hcplan(*args, plan, *DAY)
        assert cold.exit_code == warm.exit_code == 0, warm.stderr
        assert cold.stdout == warm.stdout
        assert "objective 7" in warm.stdout or '"kind": "objective"' in warm.stdout


def test_objective_rows_come_back_from_worker_processes(hcplan, tmp_path, monkeypatch):
    folder = tmp_path / "plans"
    folder.mkdir()
    for i in range(4):
        (folder / f"plan-{i}.yaml").write_text(PLAN.replace("Eastshire Hate", f"Eastshire {i} Hate"))
    monkeypatch.setattr("hcplan.checking.batch.PARALLEL_FROM", 2)
    monkeypatch.setattr("hcplan.checking.batch.cores", lambda: 2)
    parallel = hcplan("amber", "--red", folder, *DAY, "-f", "json")
    monkeypatch.setattr("hcplan.checking.batch.PARALLEL_FROM", 10**6)
    monkeypatch.setenv("HCPLAN_NO_CACHE", "1")
    serial = hcplan("amber", "--red", folder, *DAY, "-f", "json")
    assert parallel.stdout == serial.stdout
    # Longest standing first across the plans; among equals, in the order of the files.
    expected = [name for name in ("8.1", "objective 9", "objective 8", "objective 7") for _ in range(4)]
    assert named(data(parallel)["rated"]) == expected
