"""hcplan overdue, amber, list and show: what slipped, as of a day."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from conftest import MINIMAL, PLANS

P2017 = PLANS / "2017" / "plan.yaml"
P2024 = PLANS / "2024-25" / "plan.yaml"


def ids(result, section: str = "overdue") -> list[str]:
    assert result.exit_code in (0, 1), result.stderr
    return [row["id"] for row in json.loads(result.stdout)[section]]


# --- overdue -------------------------------------------------------------------------


def test_a_window_closes_after_its_last_day(hcplan):
    # 2017 is a calendar-quarter plan: Q1 Year 1 is January to March 2017.
    last_day = ids(hcplan("overdue", P2017, "--as-of", "2017-03-31", "-f", "json"))
    next_day = hcplan("overdue", P2017, "--as-of", "2017-04-01", "-f", "json")
    assert last_day == []
    late = json.loads(next_day.stdout)["overdue"]
    assert {r["id"] for r in late} == {
        "1.1.1", "1.3.1", "1.4.1", "1.4.2", "1.6.1", "2.1.1", "2.3.1",
        "2.5.1", "2.7.1", "3.1.1", "3.3.1", "3.3.2", "4.2.1",
        "1.3.2",  # due Q1 2017 until it was moved on 18 May 2017
        "1.4.4",  # "Run quarterly events": Q1 2017 ended with no update
    }  # fmt: skip
    assert {r["days_late"] for r in late} == {1}
    assert "1.1.2" not in ids(next_day)  # Completed 18/01/2017: never overdue


def test_financial_quarters_versus_calendar_quarters(hcplan, write):
    financial = write()
    calendar = write(MINIMAL.replace("quarters: financial", "quarters: calendar"), name="calendar.yaml")
    # Q1 Year 1 of a plan starting April 2024: April-June 2024 on the financial
    # basis, January-March 2024 on the calendar one.
    assert ids(hcplan("overdue", financial, "--as-of", "2024-06-30", "-f", "json")) == []
    assert ids(hcplan("overdue", financial, "--as-of", "2024-07-01", "-f", "json")) == ["1.1"]
    assert ids(hcplan("overdue", calendar, "--as-of", "2024-03-31", "-f", "json")) == []
    assert ids(hcplan("overdue", calendar, "--as-of", "2024-04-01", "-f", "json")) == ["1.1"]


def test_most_late_first_with_the_days(hcplan):
    result = hcplan("overdue", P2017, "--as-of", "2018-01-01", "-f", "json")
    late = json.loads(result.stdout)["overdue"]
    days = [r["days_late"] for r in late]
    assert days == sorted(days, reverse=True)
    assert late[0]["days_late"] == 276  # Q1 Year 1 ended 31 March 2017
    # Due Q4 Year 1, ended 31 December 2017; and the quarterly 1.4.4 missed Q4 2017.
    assert [(r["id"], r["days_late"]) for r in late[-2:]] == [("1.4.3", 1), ("1.4.4", 1)]
    assert late[-1]["due"]["missed"] == "Q4 2017 event: no update recorded"


def test_continuous_and_recurring_need_an_update_instead(hcplan):
    result = json.loads(hcplan("overdue", P2017, "--as-of", "2017-07-01", "-f", "json").stdout)
    stale = {r["id"] for r in result["needs_update"]}
    late = {r["id"] for r in result["overdue"]}
    # Updated on 9 May 2017, within three months of 1 July: fine.
    assert {"1.4.4", "1.5.1", "2.5.2"}.isdisjoint(stale | late)
    # Continuous, never updated: they need one.
    assert {"1.2.1", "1.3.3", "2.1.2", "2.1.3", "2.2.2", "2.4.1"} <= stale
    # Annual: the first year has not ended, so nothing is missed yet.
    assert "1.1.6" not in stale | late
    # Continuous actions are never overdue, and conditional ones are never listed.
    assert all(r["due"]["kind"] not in ("continuous", "recurring") for r in result["overdue"])
    for conditional in ("1.8.1", "2.1.5", "2.6.1"):
        assert conditional not in stale | late


def test_a_continuous_action_not_yet_started_needs_nothing(hcplan, write):
    path = write()
    # 1.2 is continuous from Q2 Year 1 (July 2024): it needs an update once it
    # has run a quarter without one, not from its first day.
    for day in ("2024-06-30", "2024-07-01", "2024-09-30"):
        result = json.loads(hcplan("overdue", path, "--as-of", day, "-f", "json").stdout)
        assert result["needs_update"] == [], day
    result = json.loads(hcplan("overdue", path, "--as-of", "2024-10-01", "-f", "json").stdout)
    assert [r["id"] for r in result["needs_update"]] == ["1.2"]


def test_within_adds_what_is_due_soon(hcplan, write):
    path = write()
    result = json.loads(hcplan("overdue", path, "--as-of", "2024-06-01", "--within", "30d", "-f", "json").stdout)
    assert [(r["id"], r["due"]["end"]) for r in result["due_soon"]] == [("1.1", "2024-06-30")]
    result = json.loads(hcplan("overdue", path, "--as-of", "2024-05-31", "--within", "30d", "-f", "json").stdout)
    assert [r["id"] for r in result["due_soon"]] == ["1.1"]  # 30 days to go
    result = json.loads(hcplan("overdue", path, "--as-of", "2024-05-30", "--within", "30d", "-f", "json").stdout)
    assert result["due_soon"] == []
    assert hcplan("overdue", path, "--within", "soon").exit_code == 2
    # Past any plan's years: said, not looked for (it was accepted, however many digits).
    for far in ("99999999999999999999d", "109801d", "20000w"):
        result = hcplan("overdue", path, "--within", far)
        assert result.exit_code == 2 and "more days than hcplan looks ahead (at most 109,800" in result.stderr
    assert hcplan("overdue", path, "--as-of", "2024-06-01", "--within", "109800d").exit_code == 0


def test_fail_exits_1_when_anything_is_overdue(hcplan, write):
    path = write()
    assert hcplan("overdue", path, "--as-of", "2024-06-30", "--fail").exit_code == 0
    assert hcplan("overdue", path, "--as-of", "2024-07-01", "--fail").exit_code == 1
    assert hcplan("overdue", path, "--as-of", "2024-07-01").exit_code == 0


def test_actions_with_no_due_are_due_by_the_end_of_the_plan(hcplan):
    # The day before the plan's last only the recurring ones are late: 3.1 (meet
    # quarterly) missed Q3, 6.1 (each October) October 2024, 18.1 (monthly) February.
    assert ids(hcplan("overdue", P2024, "--as-of", "2025-03-30", "-f", "json")) == ["6.1", "3.1", "18.1"]
    # On its last day the plan has ended (its final position): what has no due was
    # due by its end, and was not done by it.
    for day in ("2025-03-31", "2025-04-01"):
        late = ids(hcplan("overdue", P2024, "--as-of", day, "-f", "json"))
        assert len(late) == 53  # 55 actions, 2 completed
        assert "1.1" not in late and "1.2" not in late


def test_history_is_read_as_of_the_day(hcplan, write):
    path = write()
    assert hcplan("update", path, "1.1", "--status", "completed", "--date", "2024-08-01").exit_code == 0
    assert ids(hcplan("overdue", path, "--as-of", "2024-07-15", "-f", "json")) == ["1.1"]
    assert ids(hcplan("overdue", path, "--as-of", "2024-08-01", "-f", "json")) == []


# --- filters ------------------------------------------------------------------------


def test_lead_filter_knows_aliases(hcplan):
    result = hcplan("list", P2024, "--lead", "merton school improvement", "-f", "json")
    assert ids(result, "actions") == ["4.1", "10.1", "10.2", "10.3", "10.4", "20.1"]
    assert ids(hcplan("list", P2024, "--lead", "BTP", "-f", "json"), "actions") == ["7.1"]
    assert ids(hcplan("list", P2024, "--lead", "housing", "-f", "json"), "actions") == ["22.1", "22.2"]


def test_theme_filter_by_number_or_name(hcplan):
    by_number = ids(hcplan("list", P2024, "--theme", "4", "-f", "json"), "actions")
    by_name = ids(hcplan("list", P2024, "--theme", "protection", "-f", "json"), "actions")
    assert by_number == by_name == ["22.1", "22.2", "23.1", "23.2"]


@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_theme_names_no_theme(hcplan, empty):
    """--theme '' kept every theme (an empty text is part of every name), where --lead ''
    is refused."""
    result = hcplan("list", P2024, "--theme", empty)
    assert result.exit_code == 2
    assert f"no theme '{empty}' in this plan; its themes are 1 (Co-ordination)" in result.stderr


def test_status_filter(hcplan):
    assert ids(hcplan("list", P2024, "--status", "comp", "-f", "json"), "actions") == ["1.1", "1.2"]
    assert len(ids(hcplan("list", P2024, "--status", "none", "-f", "json"), "actions")) == 53
    result = hcplan("list", P2024, "--status", "amber")
    assert result.exit_code == 2
    assert "its ratings are: 'On Hold', 'In Progress/On Going', 'Completed', 'Behind'" in result.stderr


def test_a_rating_called_none_is_the_plans_own_word(hcplan, write):
    """--status none asks for unrated actions, unless the scale has a rating called None:
    then it is that rating, and 'unrated' still asks for the unrated."""
    plan = write(
        MINIMAL.replace(
            "  - label: In Progress\n", "  - label: None\n    rag: grey\n  - label: In Progress\n", 1
        ).replace("due: Q1 Year 1\n", "due: Q1 Year 1\n            status: None\n", 1)
    )
    assert hcplan("check", plan).exit_code == 0
    assert ids(hcplan("list", plan, "--status", "none", "-f", "json"), "actions") == ["1.1"]
    assert ids(hcplan("list", plan, "--status", "unrated", "-f", "json"), "actions") == ["1.2"]
    assert ids(hcplan("list", P2024, "--status", "unrated", "-f", "json"), "actions") == ids(
        hcplan("list", P2024, "--status", "none", "-f", "json"), "actions"
    )


def test_unrated_always_asks_for_the_unrated_even_with_a_rating_called_unrated(hcplan, write):
    """A scale with ratings called None and Unrated: 'none' is the plan's None, 'unrated'
    still the actions without a rating (else none could ask for them), and the rating
    Unrated is asked for by a start of it."""
    plan = write(
        MINIMAL.replace(
            "  - label: In Progress\n",
            "  - label: None\n    rag: grey\n  - label: Unrated\n    rag: grey\n  - label: In Progress\n",
            1,
        ).replace("due: Q1 Year 1\n", "due: Q1 Year 1\n            status: Unrated\n", 1)
    )
    assert hcplan("check", plan).exit_code == 0
    assert ids(hcplan("list", plan, "--status", "unrated", "-f", "json"), "actions") == ["1.2"]
    assert ids(hcplan("list", plan, "--status", " Unrated ", "-f", "json"), "actions") == ["1.2"]
    assert ids(hcplan("list", plan, "--status", "unrate", "-f", "json"), "actions") == ["1.1"]
    assert ids(hcplan("list", plan, "--status", "none", "-f", "json"), "actions") == []


def test_search(hcplan):
    assert ids(hcplan("list", PLANS, "--search", "angela", "--ended", "-f", "json"), "actions") == [
        "2.5.1", "2.5.2", "13.1", "13.2", "13.3",
    ]  # fmt: skip
    # updates are searched too
    assert ids(hcplan("list", P2017, "--search", "teething", "-f", "json"), "actions") == ["3.3.1"]


# --- amber ----------------------------------------------------------------------------


def test_amber_says_since_when(hcplan):
    result = json.loads(hcplan("amber", P2017, "--as-of", "2017-07-01", "-f", "json").stdout)
    assert [(r["id"], r["status"], r["status_since"]) for r in result["rated"]] == [
        ("1.4.2", "Amber", "2017-05-24")
    ]
    assert json.loads(hcplan("amber", P2017, "--as-of", "2017-05-23", "-f", "json").stdout)["rated"] == []


def test_amber_red_adds_red(hcplan, write):
    path = write()
    assert hcplan("update", path, "1.1", "--status", "in progress", "--date", "2024-06-01").exit_code == 0
    assert hcplan("update", path, "1.2", "--status", "behind", "--date", "2024-07-01").exit_code == 0
    assert ids(hcplan("amber", path, "-f", "json"), "rated") == ["1.1"]
    assert ids(hcplan("amber", path, "--red", "-f", "json"), "rated") == ["1.1", "1.2"]


def test_since_is_when_the_rating_was_first_set_not_last_repeated(hcplan, write):
    path = write()
    assert hcplan("update", path, "1.1", "--status", "in progress", "--date", "2024-06-01").exit_code == 0
    assert hcplan("update", path, "1.1", "--status", "in progress", "--note", "Still going.", "--date", "2024-07-01").exit_code == 0
    [row] = json.loads(hcplan("amber", path, "-f", "json").stdout)["rated"]
    assert row["status_since"] == "2024-06-01"
    assert row["last_update"]["date"] == "2024-07-01"


# --- output ---------------------------------------------------------------------------


def test_json_fields(hcplan):
    [row] = [r for r in json.loads(hcplan("overdue", P2017, "--as-of", "2017-07-01", "-f", "json").stdout)["overdue"] if r["id"] == "1.4.2"]
    assert row == {
        "kind": "action",
        "plan": str(P2017),
        "id": "1.4.2",
        "objective": "1.4",
        "objective_text": "Organise and hold a range of engagement events to raise awareness and provide wider opportunities for reporting",
        "theme": 1,
        "theme_name": None,
        "text": "Coordinate with safeguarding event",
        "leads": [],
        "canonical_leads": [],
        "due": {"text": "Q1 Year 1", "kind": "window", "start": "2017-01-01", "end": "2017-03-31", "meaning": "January–March 2017", "missed": None},
        "status": "Amber",
        "rag": "amber",
        "done": False,
        "status_since": "2017-05-24",
        "last_update": {
            "date": "2017-05-24",
            "text": "Safeguarding event now likely to be moved to Q3/Q4, as that is when Safe Spaces scheme will be discussed with SAB. This is not confirmed, so no change to date. Flagged amber to reflect this.",
            "private": False,
        },
        "days_late": 92,
        "days_to_go": None,
        "overdue": True,
        "needs_update": False,
        "plan_ended": None,
        "as_of": "2017-07-01",
        "standing": "92 days overdue",
        "conditions": [],
        "partners": [],
        "outcome": [],
        "measure": [],
        "funding": None,
        "progress": [],
        "from": None,
        "plan_title": "Merton Hate Crime Strategy Work Plan 2017",
    }


def test_csv_has_the_same_columns(hcplan):
    result = hcplan("overdue", P2024, "--as-of", "2025-04-01", "--lead", "police", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["2.1", "2.2", "11.1", "11.2", "11.3", "13.1", "13.2", "13.3", "15.1", "15.2", "15.3", "15.4", "23.1", "23.2"]
    assert rows[0] | {"text": ""} == {
        "section": "overdue",
        "plan": str(P2024),
        "id": "2.1",
        "objective": "2",
        "theme": "1",
        "text": "",
        "leads": "Safeguarding Adults; Police; Safer Merton",
        "canonical_leads": "Safeguarding Adults; Police; Safer Merton",
        "due": "",
        "due_start": "2024-04-01",
        "due_end": "2025-03-31",
        "status": "",
        "rag": "",
        "status_since": "",
        "last_update": "",
        "last_update_text": "",
        # The plan had ended: not done by its end, rather than a day late.
        "days_late": "",
        "days_to_go": "",
        "plan_ended": "2025-03-31",
        "standing": "not done by the end of the plan (31 March 2025)",
        "partners": "",
        "outcome": "",
        "measure": "",
        "funding": "",
        "progress": "",
        "from_plan": "",
        "from_action": "",
        "last_update_private": "",
    }


def test_csv_says_when_the_last_update_is_private_and_stays_one_row_a_line(hcplan, write):
    """The listings are the lead's own, with private updates; JSON says one is private, and
    so does the CSV, which could be pasted anywhere. A text with a CR alone (a Mac line end)
    is quoted, so it does not split its row; text that starts like a formula is escaped in
    every text column, the due and the rating among them."""
    plan = write(
        MINIMAL.replace("            due: Q1 Year 1\n", '            due: "=HYPERLINK(1) by March 2025"\n')
        .replace("text: Run events", 'text: "\\r=3+3 events"')
        .replace("                text: Data requested.\n", "                text: Data requested.\n                private: true\n")
    )
    result = hcplan("list", plan, "--as-of", "2024-07-01", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["1.1", "1.2"]
    first, second = rows
    assert (first["last_update_text"], first["last_update_private"]) == ("Data requested.", "true")
    assert first["due"] == "'=HYPERLINK(1) by March 2025"
    assert second["text"] == "'\n=3+3 events" and second["last_update_private"] == ""
    data = json.loads(hcplan("list", plan, "--as-of", "2024-07-01", "-f", "json").stdout)
    assert data["actions"][0]["last_update"]["private"] is True


#: An action with every field that describes it set (the listing's newer columns).
EVERY_FIELD = MINIMAL.replace(
    "            due: Q1 Year 1\n",
    """            due: Q1 Year 1
            partners: [Victim Support, Housing]
            outcome: More people report hate crime
            measure: [Reports up 10%, Third-party centres open]
            funding: Community Safety Fund, £5,000
            progress: [Completed 23-24 with schools]
            from: {plan: old.yaml, action: "1.1"}
""",
)


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "from the cache"])
def test_json_and_csv_rows_carry_what_the_action_says(hcplan, write, warm):
    write(MINIMAL, "old.yaml")
    path = write(EVERY_FIELD)
    if warm:
        assert hcplan("list", path, "-f", "json").exit_code == 0
    [row] = [r for r in json.loads(hcplan("list", path, "-f", "json").stdout)["actions"] if r["id"] == "1.1"]
    assert {k: row[k] for k in ("partners", "outcome", "measure", "funding", "progress", "from")} == {
        "partners": ["Victim Support", "Housing"],
        "outcome": ["More people report hate crime"],
        "measure": ["Reports up 10%", "Third-party centres open"],
        "funding": "Community Safety Fund, £5,000",
        "progress": ["Completed 23-24 with schools"],
        "from": {"plan": "old.yaml", "action": "1.1"},
    }
    [line] = [r for r in csv.DictReader(io.StringIO(hcplan("list", path, "-f", "csv").stdout)) if r["id"] == "1.1"]
    assert {k: line[k] for k in ("partners", "outcome", "measure", "funding", "progress", "from_plan", "from_action")} == {
        "partners": "Victim Support; Housing",
        "outcome": "More people report hate crime",
        "measure": "Reports up 10%\nThird-party centres open",
        "funding": "Community Safety Fund, £5,000",
        "progress": "Completed 23-24 with schools",
        "from_plan": "old.yaml",
        "from_action": "1.1",
    }


@pytest.mark.parametrize(
    "words", ["23-24 WITH SCHOOLS", "more people report", "third-party centres", "victim support", "safety fund"]
)
def test_search_covers_what_the_action_says_in_words(hcplan, write, words):
    write(MINIMAL, "old.yaml")
    path = write(EVERY_FIELD)
    assert ids(hcplan("list", path, "--search", words, "-f", "json"), "actions") == ["1.1"]


@pytest.mark.parametrize("command", ["overdue", "amber", "list"])
def test_the_table_fits_80_columns_and_never_cuts_an_id(hcplan, command):
    args = [command, PLANS, "--as-of", "2017-07-01"] + (["--red"] if command == "amber" else [])
    result = hcplan(*args)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines and max(len(line) for line in lines) <= 80
    shown = {m.group(1) for line in lines if (m := re.match(r"^(\d+(?:\.\d+)+) ", line))}
    data = hcplan(*args, "--format", "json")
    expected = {r["id"] for section in json.loads(data.stdout).values() if isinstance(section, list) for r in section}
    assert shown == expected
    assert "\033[" not in result.stdout  # NO_COLOR, and not a terminal


def test_the_table_for_people(hcplan, monkeypatch):
    monkeypatch.chdir(PLANS.parent)
    result = hcplan("overdue", "plans/2017", "--as-of", "2017-04-01", "--theme", "4")
    rule = "\u2500" * 80
    assert result.stdout == (
        "Overdue: Merton Hate Crime Strategy Work Plan 2017 (plans/2017/plan.yaml), as of\n"
        "1 April 2017\n"
        "ID     Action                                  Due        Status  Updated   Late\n"
        f"{rule}\n"
        "4.2.1  Explore legal options regarding         Q1 Year 1  \u2014       never    1 day\n"
        "       perpetrators' tenancies\n"
        "\n"
        "Needs an update: Merton Hate Crime Strategy Work Plan 2017\n"
        "(plans/2017/plan.yaml), as of 1 April 2017\n"
        "ID     Action                  Due         Status  Updated\n"
        f"{rule[:58]}\n"
        "4.3.1  Training and awareness  Continuous  \u2014       never\n"
    )


def test_nothing_overdue_says_so(hcplan, write):
    result = hcplan("overdue", write(), "--as-of", "2024-05-01")
    assert result.stdout == "Nothing is overdue (as of 1 May 2024)\n"


def test_an_invalid_plan_is_reported_and_the_rest_still_listed(hcplan, write):
    good = write()
    write("title: [\n", name="broken.yaml")
    result = hcplan("list", good.parent, "--as-of", "2024-07-01", "-f", "json")
    assert result.exit_code == 1
    assert "broken.yaml is not a valid plan and is left out" in result.stderr
    assert ids(result, "actions") == ["1.1", "1.2"]


# --- show -------------------------------------------------------------------------------


def test_show_prints_one_action_with_its_history(hcplan):
    result = hcplan("show", "2.6.1", P2017, "--as-of", "2017-07-01")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("2.6.1  Develop the HCVA service in a Merton context\n")
    assert "Due        Dependent upon launch date (when a condition is met)" in text
    assert "13 June 2017" in text and "21 June 2017" in text
    assert text.index("13 June 2017") < text.index("21 June 2017")
    assert max(len(line) for line in text.splitlines()) <= 80


def test_show_json_has_the_whole_history(hcplan):
    [data] = json.loads(hcplan("show", "1.3.2", P2017, "-f", "json").stdout)
    assert data["rescheduled"] == [
        {"date": "2017-05-18", "from": "Q1 2017", "to": "Q3 Year 1", "reason": "moved after discussion with Safeguarding Adults Manager"}
    ]
    assert [u["date"] for u in data["updates"]] == ["2017-05-18"]


def test_show_unknown_id_suggests(hcplan):
    result = hcplan("show", "5.33", PLANS, "--ended")
    assert result.exit_code == 2
    assert result.stderr == (
        f"hcplan: error: no action or objective '5.33' in {P2017}, {P2024}; did you mean 5.3 or 15.3 or 1.3.3?\n"
    )


def test_show_marks_private_updates_and_prints_brackets_as_written(hcplan, write, monkeypatch):
    path = write(MINIMAL.replace("text: Data requested.", 'text: "Data [bold]requested[/bold]."'))
    assert hcplan("update", path, "1.1", "--note", "Named family discussed.", "--private", "--date", "2024-06-01").exit_code == 0
    monkeypatch.setenv("FORCE_COLOR", "1")  # the rich path, where markup could bite
    monkeypatch.delenv("NO_COLOR")
    text = hcplan("show", "1.1", path, "--as-of", "2024-07-01").stdout
    assert "Data [bold]requested[/bold]." in re.sub(r"\033\[[0-9;]*m", "", text)
    assert "Named family discussed. [private]" in re.sub(r"\033\[[0-9;]*m", "", text)


def test_a_filter_that_names_nothing_is_an_error_not_an_empty_list(hcplan):
    result = hcplan("overdue", P2024, "--lead", "Safer Mertn")
    assert result.exit_code == 2
    assert result.stderr == "hcplan: error: no lead 'Safer Mertn' in this plan; did you mean 'Safer Merton'?\n"
    result = hcplan("list", P2024, "--theme", "7")
    assert result.exit_code == 2
    assert result.stderr == (
        "hcplan: error: no theme '7' in this plan; its themes are 1 (Co-ordination), "
        "2 (Prevention), 3 (Provision), 4 (Protection)\n"
    )


def test_part_of_an_alias_finds_its_lead(hcplan):
    # "School Improvement" is an alias of Merton School Improvement.
    assert ids(hcplan("list", P2024, "--lead", "school", "-f", "json"), "actions") == [
        "4.1", "10.1", "10.2", "10.3", "10.4", "20.1",
    ]  # fmt: skip


def test_a_filter_one_plan_lacks_just_leaves_that_plan_out(hcplan):
    # The 2017 plan has no leads at all; the 2024-25 plan has Police.
    result = hcplan("list", PLANS, "--lead", "police", "--ended", "-f", "json")
    assert result.exit_code == 0
    assert {r["plan"] for r in json.loads(result.stdout)["actions"]} == {str(P2024)}


@pytest.mark.parametrize("columns", [30, 40, 60, 100])
@pytest.mark.parametrize("colour", [False, True], ids=["plain", "rich"])
def test_tables_fit_narrower_and_wider_terminals(hcplan, monkeypatch, columns, colour):
    """At 40 columns (a phone, a split pane) the tables were 65 wide and more: where no table
    fits, each row is a block of lines ("Lead: ...") within the width."""
    monkeypatch.setenv("COLUMNS", str(columns))
    if colour:
        monkeypatch.delenv("NO_COLOR")
        monkeypatch.setenv("FORCE_COLOR", "1")
    for args in (["overdue", PLANS, "--as-of", "2018-01-01"], ["list", P2024, "--lead", "police"]):
        result = hcplan(*args)
        shown = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
        assert max(len(line) for line in shown.splitlines()) <= columns, shown
        for row in json.loads(hcplan(*args, "-f", "json").stdout).popitem()[1][:3]:
            assert row["id"] in shown.split()


def test_a_due_moved_later_was_in_force_before_it_moved(hcplan):
    before = json.loads(hcplan("list", P2017, "--search", "Safe Place", "--as-of", "2017-05-17", "-f", "json").stdout)
    after = json.loads(hcplan("list", P2017, "--search", "Safe Place", "--as-of", "2017-05-18", "-f", "json").stdout)
    assert before["actions"][0]["due"]["text"] == "Q1 2017"
    assert after["actions"][0]["due"]["text"] == "Q3 Year 1"


def test_reports_show_the_history_known_on_the_day(hcplan, write):
    path = write()
    assert hcplan("update", path, "1.1", "--note", "Written later.", "--date", "2024-09-01").exit_code == 0
    early = hcplan("report", path, "--template", "plan", "--as-of", "2024-06-01").stdout
    late = hcplan("report", path, "--template", "plan", "--as-of", "2024-09-01").stdout
    assert "Written later." not in early and "Data requested." in early
    assert "Written later." in late


def test_csv_never_hands_a_spreadsheet_a_formula(hcplan, write):
    path = write(MINIMAL.replace("text: Produce a profile", 'text: "=HYPERLINK(\\"http://x\\")"'))
    rows = list(csv.DictReader(io.StringIO(hcplan("list", path, "-f", "csv").stdout)))
    assert rows[0]["text"] == "'=HYPERLINK(\"http://x\")"
    assert json.loads(hcplan("list", path, "-f", "json").stdout)["actions"][0]["text"] == '=HYPERLINK("http://x")'


def test_due_soon_says_due_in(hcplan, write):
    result = hcplan("overdue", write(), "--as-of", "2024-06-01", "--within", "30d")
    assert "Due in" in result.stdout and "in 29 days" in result.stdout


def test_a_rating_no_plan_has_is_said_with_each_plans_own_ratings(hcplan):
    """Plans rated on different scales: the error named the first plan's ratings only."""
    result = hcplan("list", PLANS, "--status", "bhind", "--ended")
    assert result.exit_code == 2
    message = result.stderr
    assert message.startswith("hcplan: error: none of the 2 plans matches: ")
    first, second = (PLANS / "2017" / "plan.yaml", PLANS / "2024-25" / "plan.yaml")
    assert f"{first}: 'bhind' is not a rating of this plan; its ratings are: 'Green', 'Amber', 'Red', 'Completed'" in message
    assert f"{second}: 'bhind' is not a rating of this plan: did you mean 'Behind'?" in message


def test_a_plan_the_filter_names_nothing_in_is_said_to_be_left_out(hcplan, write):
    """Two plans, one rated On track/At risk: --status behind listed the other alone,
    exit 0, and said nothing of the first."""
    other = write(
        MINIMAL.replace("label: Behind", "label: Off track").replace("label: In Progress", "label: At risk"),
        name="other.yaml",
    )
    plan = write(MINIMAL, name="plan.yaml")
    result = hcplan("list", plan, other, "--status", "behind", "--as-of", "2024-07-01")
    assert result.exit_code == 0, result.stderr
    assert f"Left out {other}: 'behind' is not a rating of this plan" in result.stderr


def test_a_filter_error_over_several_plans_names_its_plan_when_one_says_it(hcplan, write):
    plan = write(MINIMAL, name="plan.yaml")
    broken = write("title: [unclosed\n", name="broken.yaml")
    result = hcplan("list", plan, broken, "--status", "zzz", "--as-of", "2024-07-01")
    assert result.exit_code == 2
    assert f"hcplan: error: {plan}: 'zzz' is not a rating of this plan" in result.stderr


@pytest.mark.parametrize("command", ["overdue", "amber", "list"])
def test_a_listing_of_a_plan_with_errors_fails_after_its_answer(hcplan, write, command):
    """An end date typed a year early: the plan was answered (nothing overdue, as at its
    'end'), with a warning, and the command, --fail too, exited 0."""
    from conftest import MINIMAL

    path = write(MINIMAL.replace("  end: 2025-03-31", "  end: 2024-03-31"))
    result = hcplan(command, path, "--format", "json", *(["--fail"] if command == "overdue" else []))
    assert result.exit_code == 1, result.stderr
    json.loads(result.stdout)  # the answer is given all the same
    assert result.stderr.splitlines()[-1] == (
        f"hcplan: error: the answer above may be wrong: this plan has errors; fix them (hcplan check {path})"
    )


def test_a_lead_or_a_theme_is_found_without_typing_its_accents(hcplan, write):
    """'--lead "tim diog"' did not find Tîm Diogelwch Cymunedol (only the whole name, typed
    with its circumflex, was suggested)."""
    from conftest import MINIMAL

    text = MINIMAL.replace("Police", "Tîm Diogelwch Cymunedol").replace("name: Co-ordination", "name: Cydlynú")
    path = write(text)
    result = hcplan("list", path, "--lead", "tim diog", "--theme", "cydlynu", "--as-of", "2024-07-01", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert [row["id"] for row in json.loads(result.stdout)["actions"]] == ["1.2"]


def test_a_plan_left_out_as_ended_because_of_an_error_fails_the_listing_and_show_too(hcplan, tmp_path):
    """An end date typed a year early made a folder's plan 'ended': it was left out, and the
    command exited 0; show of an action in a plan with errors exited 0."""
    from conftest import MINIMAL

    good, bad = tmp_path / "plans" / "a", tmp_path / "plans" / "b"
    good.mkdir(parents=True)
    bad.mkdir()
    later = MINIMAL.replace("2024-05-01", "2026-05-01").replace("  start: 2024-04-01\n", "  start: 2026-04-01\n")
    (good / "plan.yaml").write_text(later.replace("  end: 2025-03-31", "  end: 2027-03-31"))
    (bad / "plan.yaml").write_text(later.replace("  end: 2025-03-31", "  end: 2026-03-31"))
    result = hcplan("overdue", tmp_path / "plans", "--as-of", "2026-06-01")
    assert result.exit_code == 1, result.stderr
    assert result.stderr.splitlines()[-1].startswith("hcplan: error: the answer above may be wrong: this plan has errors")
    shown = hcplan("show", "1.1", bad / "plan.yaml")
    assert shown.exit_code == 1 and "Produce a profile" in shown.stdout


@pytest.mark.parametrize("command", [["overdue"], ["list"], ["calendar", "-o", "out.ics"]])
def test_a_lead_no_plan_has_is_said_of_all_the_plans(hcplan, tmp_path, monkeypatch, command):
    """'none of the 2 plans matches: no lead 'Nosuch' in this plan' (calendar: 'in this
    plan', of two plans)."""
    monkeypatch.chdir(tmp_path)
    result = hcplan(command[0], PLANS, "--lead", "Nosuch", "--ended", *command[1:])
    assert result.exit_code == 2
    assert result.stderr.rstrip("\n").splitlines()[-1] == "hcplan: error: no lead 'Nosuch' in any of the 2 plans"
