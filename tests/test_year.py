"""The plan's year through the command line: recurring actions, starts, cadences,
dues given beside their words, the plan's own terms, and quarters' returns."""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import MINIMAL
from hcplan.checking.loader import load_plan

#: MINIMAL's actions replaced by ones due as real plans write them.
ACTIONS = """\
          - id: "1.1"
            text: Hate Crime Strategy Group to meet quarterly
            leads: [Safer Anytown]
            due: meet quarterly
          - id: "1.2"
            text: Engagement events in Hate Crime Awareness Week
            leads: [Police]
            due: each October
          - id: "1.3"
            text: Launch the reporting app
            leads: [Safer Anytown]
            due: July 2024 launch
          - id: "1.4"
            text: Monitor community tensions
            leads: [Police]
            due: Ongoing (reviewed monthly)
          - id: "1.5"
            text: Re-tender the victim service
            leads: [Safer Anytown]
            due: When the new contract starts
            due_means: 2024-09-30
          - id: "1.6"
            text: Review the reporting centres
            leads: [Safer Anytown]
            due: Short term
"""
PLAN = MINIMAL[: MINIMAL.index('          - id: "1.1"')] + ACTIONS
TERMS = PLAN.replace("quarters: financial\n", "quarters: financial\ntimescales:\n  Short term: Within 6 months\n")


def listing(hcplan, path, day, section="overdue"):
    result = hcplan("overdue", path, "--as-of", day, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return {r["id"]: r for r in json.loads(result.stdout)[section]}


def test_the_plan_checks_clean(write):
    assert load_plan(write(PLAN)).problems == []
    assert load_plan(write(TERMS, name="terms.yaml")).problems == []


def test_a_recurring_action_is_overdue_when_its_last_ended_occurrence_has_no_update(hcplan, write):
    path = write(PLAN)
    assert "1.1" not in listing(hcplan, path, "2024-06-30")  # Q1 has not ended
    late = listing(hcplan, path, "2024-07-01")["1.1"]
    assert late["due"]["missed"] == "Q1 2024-25 meeting: no update recorded"
    assert late["days_late"] == 1
    # The meeting is recorded with the day it met: Q1 is no longer missed.
    assert hcplan("update", path, "1.1", "--date", "12/06/2024", "--note", "Met at the Civic Centre.").exit_code == 0
    assert "1.1" not in listing(hcplan, path, "2024-07-01")
    # Q2 ends with no meeting recorded: late again, from 1 October.
    assert "1.1" not in listing(hcplan, path, "2024-09-30")
    assert listing(hcplan, path, "2024-10-01")["1.1"]["due"]["missed"] == "Q2 2024-25 meeting: no update recorded"


def test_an_annual_occurrence_is_due_at_the_end_of_its_month(hcplan, write):
    path = write(PLAN)
    assert "1.2" not in listing(hcplan, path, "2024-10-31")
    assert listing(hcplan, path, "2024-11-01")["1.2"]["due"]["missed"] == "October 2024: no update recorded"
    result = hcplan("show", "1.2", path, "--as-of", "2024-11-01")
    assert "each October (every October), October 2024: no update recorded" in " ".join(result.stdout.split())


def test_a_start_is_not_late_from_its_first_day(hcplan, write):
    path = write(PLAN)
    for day in ("2024-07-01", "2024-08-01", "2025-03-30"):
        assert "1.3" not in listing(hcplan, path, day)
    # On its last day the plan is over: what it left undone is not done by its end, never late.
    ended = listing(hcplan, path, "2025-03-31")["1.3"]
    assert (ended["days_late"], ended["plan_ended"]) == (None, "2025-03-31")
    assert "1.3" not in listing(hcplan, path, "2024-09-30", "needs_update")
    assert "1.3" in listing(hcplan, path, "2024-10-01", "needs_update")  # a quarter under way, no update
    show = " ".join(hcplan("show", "1.3", path, "--as-of", "2024-08-01").stdout.split())
    assert "Due July 2024 launch (starts July 2024)" in show


def test_needs_an_update_follows_the_actions_cadence(hcplan, write):
    path = write(PLAN)
    assert "1.4" not in listing(hcplan, path, "2024-04-30", "needs_update")
    assert "1.4" in listing(hcplan, path, "2024-05-01", "needs_update")  # reviewed monthly: a month without
    assert hcplan("update", path, "1.4", "--date", "2024-05-20", "--note", "No tensions reported.").exit_code == 0
    assert "1.4" not in listing(hcplan, path, "2024-06-19", "needs_update")
    assert "1.4" in listing(hcplan, path, "2024-06-20", "needs_update")


def test_due_means_gives_words_a_date(hcplan, write):
    path = write(PLAN)
    assert "1.5" not in listing(hcplan, path, "2024-09-30")
    row = listing(hcplan, path, "2024-10-01")["1.5"]
    assert row["due"]["text"] == "When the new contract starts"
    assert (row["due"]["kind"], row["due"]["end"], row["days_late"]) == ("deadline", "2024-09-30", 1)


def test_the_plans_terms_give_its_words_a_date(hcplan, write):
    plain, terms = write(PLAN), write(TERMS, name="terms.yaml")
    assert "1.6" not in listing(hcplan, plain, "2025-03-30")  # "Short term" alone is no date
    assert "1.6" not in listing(hcplan, terms, "2024-09-30")
    assert listing(hcplan, terms, "2024-10-01")["1.6"]["due"]["meaning"] == "by 30 September 2024"


def test_an_unreadable_due_is_kept_with_a_warning_and_the_plan_still_lists(hcplan, write):
    path = write(PLAN.replace("due: Short term", "due: By Easter"))
    result = hcplan("check", path)
    assert result.exit_code == 0
    assert "warning: 'By Easter' is not a due time hcplan can read; it is kept as written" in result.stdout
    assert "due_means: YYYY-MM-DD" in result.stdout
    assert hcplan("check", "--strict", path).exit_code == 1
    assert "1.1" in listing(hcplan, path, "2024-07-01")
    assert "By Easter (hcplan cannot read it)" in hcplan("show", "1.6", path).stdout


def test_update_takes_a_quarters_return_and_shows_it_as_one(hcplan, write):
    path = write(PLAN)
    result = hcplan("update", path, "1.1", "--date", "Q2 2024-25", "--note", "Met in September.")
    assert result.exit_code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert "              - date: 2024-09-30\n                quarter: Q2 2024-25\n                text: Met in September.\n" in text
    assert "1.1" not in listing(hcplan, path, "2024-10-01")  # the Q2 return is within Q2
    show = hcplan("show", "1.1", path, "--as-of", "2024-10-01").stdout
    assert "Q2 2024-25 return" in show
    report = hcplan("report", path, "--template", "plan", "--as-of", "2024-10-01").stdout
    assert "**1.1**, Q2 2024-25 return: Met in September." in report


def test_a_financial_years_quarter_given_for_a_calendar_plan_is_recorded_by_the_plans_name(hcplan, write):
    """'--date "Q2 2024-25"' in a plan of calendar quarters was recorded and shown as the
    "Q2 2024-25 return": in that plan Q2 is April to June, and these are July to September."""
    path = write(PLAN.replace("quarters: financial", "quarters: calendar"))
    result = hcplan("update", path, "1.1", "--date", "Q2 2024-25", "--note", "Met in September.")
    assert result.exit_code == 0, result.stderr
    assert "              - date: 2024-09-30\n                quarter: Q3 2024\n" in path.read_text(encoding="utf-8")
    assert "Q3 2024 return" in hcplan("show", "1.1", path, "--as-of", "2024-10-01").stdout
    assert hcplan("check", path).exit_code == 0


def test_a_due_moved_outside_the_plan_is_recorded_and_warned_of_as_check_would(hcplan, write):
    path = write(PLAN)
    result = hcplan("update", path, "1.1", "--due", "Q3 Year 5", "--reason", "Funding moved", "--date", "2024-06-01")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "hcplan: warning: due 'Q3 Year 5' (October–December 2028) is outside the plan period (1 April 2024 to "
        "31 March 2025); hcplan check warns of it too (due-period)\n"
    )
    assert "(due-period)" in hcplan("check", path).stdout


def test_update_dates_the_british_way_and_refuses_what_is_not_a_date(hcplan, write):
    path = write(PLAN)
    assert hcplan("update", path, "1.2", "--date", "10.10.2024", "--note", "Events held.").exit_code == 0
    assert "- date: 2024-10-10\n" in path.read_text(encoding="utf-8")
    result = hcplan("update", path, "1.2", "--date", "31/02/2024", "--note", "x")
    assert result.exit_code == 2
    assert "invalid value for '--date' / '-d': '31/02/2024' is not a date: February 2024 has 29 days" in result.stderr
    # A calendar quarter in a plan with financial quarters is refused, and the plan is unchanged.
    before = path.read_text(encoding="utf-8")
    result = hcplan("update", path, "1.2", "--date", "Q2 2024", "--note", "x")
    assert result.exit_code != 0
    assert "could be a calendar or a financial quarter" in result.stderr
    assert path.read_text(encoding="utf-8") == before


def test_a_return_outside_its_quarter_fails_the_check(write):
    path = write(PLAN.replace(
        "            due: meet quarterly\n",
        "            due: meet quarterly\n            updates:\n              - date: 2024-10-02\n"
        "                quarter: Q2 2024-25\n                text: Met.\n",
    ))  # fmt: skip
    [problem] = load_plan(path).problems
    assert (problem.rule, problem.severity.value) == ("update-date", "error")
    assert problem.message == "the Q2 2024-25 return is dated 2 October 2024, outside the quarter (July–September 2024)"


def test_a_due_with_its_meaning_beside_it_is_not_moved_alone(hcplan, write):
    path = write(PLAN)
    before = path.read_text(encoding="utf-8")
    result = hcplan("update", path, "1.5", "--due", "Q4 Year 1", "--reason", "delayed")
    assert result.exit_code == 2
    assert "1.5 gives what its due means beside it (due_means: 2024-09-30)" in result.stderr
    assert path.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    "command",
    [
        ["overdue"],
        ["amber"],
        ["list"],
        ["show", "1.1"],
        ["calendar"],
        ["report", "--format", "md"],
        ["export", "--format", "csv"],
        ["digest", "--dry-run", "-o", "out"],
    ],
)
def test_a_quarter_without_its_financial_year_is_read_on_the_plans_own_quarters(hcplan, write, tmp_path, command):
    """'Q3 2024' is July to September 2024 for a plan of calendar quarters; for a plan of
    financial quarters it could be either, and is refused as hcplan update refuses it."""
    assert "quarters: financial" in MINIMAL
    name, *rest = command
    rest = [str(tmp_path / r) if r == "out" else r for r in rest]
    financial = write(MINIMAL, "financial.yaml")
    refused = hcplan(name, financial, *rest, "--as-of", "Q3 2024")
    assert refused.exit_code == 2, refused.stdout
    assert "'Q3 2024' could be a calendar or a financial quarter; write 'Q3 2024-25' for the financial one" in (
        refused.stderr
    )
    calendar = write(MINIMAL.replace("quarters: financial", "quarters: calendar"), "calendar.yaml")
    taken = hcplan(name, calendar, *rest, "--as-of", "Q3 2024")
    assert taken.exit_code in (0, 1), taken.stderr
    assert "could be a calendar or a financial quarter" not in taken.stderr
    assert hcplan(name, financial, *rest, "--as-of", "Q3 2024-25").exit_code in (0, 1)


def test_a_quarter_given_as_a_day_survives_a_worker_process():
    import pickle

    from hcplan.format.dates import QuarterDay, parse_day

    day = parse_day("Q3 2024", date(2026, 1, 1), "calendar")
    assert isinstance(day, QuarterDay) and (day, day.quarter) == (date(2024, 9, 30), "Q3 2024")
    again = pickle.loads(pickle.dumps(day))
    assert isinstance(again, QuarterDay) and (again, again.quarter) == (day, "Q3 2024")
    assert not isinstance(parse_day("Q3 2024-25", date(2026, 1, 1), "calendar"), QuarterDay)
