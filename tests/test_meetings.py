"""A plan's meetings: when its group meets to review it (shown in calendars)."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import MINIMAL
from hcplan.checking.loader import load_plan


def _plan(write, meetings: str):
    return write(MINIMAL.replace("quarters:", meetings + "quarters:"))


def test_a_list_of_days(write):
    plan = load_plan(_plan(write, "meetings: [2024-09-18, 2024-06-12]\n")).plan
    assert plan.meetings.days(plan.period.end) == [date(2024, 6, 12), date(2024, 9, 18)]


@pytest.mark.parametrize(
    ("every", "days"),
    [
        ("quarter", [date(2024, 6, 12), date(2024, 9, 12), date(2024, 12, 12), date(2025, 3, 12)]),
        ("Quarterly", [date(2024, 6, 12), date(2024, 9, 12), date(2024, 12, 12), date(2025, 3, 12)]),
        ("half-year", [date(2024, 6, 12), date(2024, 12, 12)]),
        ("year", [date(2024, 6, 12)]),
        ("4 months", [date(2024, 6, 12), date(2024, 10, 12), date(2025, 2, 12)]),
        ("6 weeks", [date(2024, 6, 12) + (n * 42) * (date(2024, 1, 2) - date(2024, 1, 1)) for n in range(7)]),
    ],
)
def test_a_cadence_from_a_first_meeting_until_the_plan_ends(write, every, days):
    plan = load_plan(_plan(write, f"meetings:\n  every: {every}\n  first: 2024-06-12\n  dates: [2024-05-01]\n")).plan
    found = plan.meetings.days(plan.period.end)
    assert found == [date(2024, 5, 1), *days]
    assert found[-1] <= plan.period.end


def test_fortnightly_keeps_the_weekday(write):
    plan = load_plan(_plan(write, "meetings: {every: fortnightly, first: 2024-04-03}\n")).plan
    days = plan.meetings.days(plan.period.end)
    assert {d.weekday() for d in days} == {2} and len(days) == 26
    assert all((b - a).days == 14 for a, b in zip(days, days[1:]))


@pytest.mark.parametrize(
    ("meetings", "message"),
    [
        ("meetings: {every: quarter}\n", "meetings with `every` need `first` too"),
        ("meetings: {first: 2024-06-12}\n", "meetings with `first` need `every` too"),
        ("meetings: {every: sometimes, first: 2024-06-12}\n", "'sometimes' is not a cadence hcplan knows"),
        (
            "meetings: {every: month, first: 2024-05-31}\n",
            # April is reached only after the plan (2024-25) ends: no matter.
            "falls on day 31 of the month, which February, June, September and November do not have",
        ),
        ("meetings: {every: quarter, first: 2024-05-31}\n", "which February and November do not have"),
        ("meetings: {every: month, first: 2024-04-29}\n", "which February does not have"),
        ("meetings: [2024-06-31]\n", "2024-06-31"),
        ("meetings: {dates: [2024-06-12], where: Civic Centre}\n", "where"),
    ],
)
def test_mistakes_are_errors_at_their_line(hcplan, write, meetings, message):
    path = _plan(write, meetings)
    result = hcplan("check", path)
    assert result.exit_code == 1
    assert message in result.stdout
    assert f"{path}:8:" in result.stdout  # the meetings line


def test_a_cadence_on_a_day_every_month_it_reaches_has(write):
    """A quarter from 30 April meets on the 30th of April, July, October and January."""
    plan = load_plan(_plan(write, "meetings: {every: quarter, first: 2024-04-30}\n")).plan
    assert plan.meetings.days(plan.period.end) == [
        date(2024, 4, 30),
        date(2024, 7, 30),
        date(2024, 10, 30),
        date(2025, 1, 30),
    ]


@pytest.mark.parametrize(
    ("meetings", "line", "message"),
    [
        ("meetings: [2024-06-12, 2020-01-01]\n", 8, "a meeting on 1 January 2020 is outside the plan's period"),
        (
            "meetings:\n  dates: [2024-06-12]\n  every: quarter\n  first: 2028-01-12\n",
            11,
            "the regular meetings start on 12 January 2028, outside the plan's period (1 April 2024 to "
            "31 March 2025): none of them falls in it",
        ),
        ("meetings:\n  dates:\n    - 2024-06-12\n    - 2025-04-09\n", 11, "a meeting on 9 April 2025 is outside"),
    ],
)
def test_meetings_outside_the_period_are_warned_of_at_their_line(hcplan, write, meetings, line, message):
    path = _plan(write, meetings)
    result = hcplan("check", path)
    assert result.exit_code == 0, result.stdout
    assert f"{path}:{line}:" in result.stdout and message in result.stdout and "(meeting-period)" in result.stdout


def test_a_month_a_cadence_reaches_only_after_the_plan_is_no_matter(hcplan, write):
    """Every half-year from 31 August, in a plan that ends in December: its one meeting is
    31 August, and February was said to have no 31st."""
    plan = write(
        MINIMAL.replace("2024-04-01", "2025-01-01").replace("2025-03-31", "2025-12-31")
        .replace("quarters: financial", "meetings: {every: half-year, first: 2025-08-31}\nquarters: calendar")
    )
    result = hcplan("check", plan)
    assert result.exit_code == 0, result.stdout
    assert load_plan(plan).plan.meetings.days(date(2025, 12, 31)) == [date(2025, 8, 31)]


@pytest.mark.parametrize(
    ("meetings", "at", "message"),
    [
        ("meetings: [2024-06-12, 2024-09-18, 2024-09-18]\n", "8:36", "18 September 2024 is listed twice"),
        ("meetings:\n  - 2024-06-12\n  - 2024-06-12\n", "10:5", "12 June 2024 is listed twice"),
        ("meetings:\n  dates: [2024-06-12, 2024-06-12]\n", "9:23", "12 June 2024 is listed twice"),
        ("meetings: [2024-06-12, 2020-01-01]\n", "8:24", "a meeting on 1 January 2020 is outside"),
        ("meetings: [2024-06-12, 2024-06-31]\n", "8:24", "2024-06-31"),
    ],
)
def test_a_day_of_the_short_list_form_is_found_at_its_own_column(hcplan, write, meetings, at, message):
    """Written as a bare list (`meetings: [...]`), a day's problem was placed at the list's
    first bracket: the model's `meetings.dates` is not in the file."""
    path = _plan(write, meetings)
    result = hcplan("check", path)
    line = next(line for line in result.stdout.splitlines() if message in line)
    assert line.startswith(f"{path}:{at}:"), line


def test_each_repeat_of_a_meeting_day_is_warned_of_at_the_repeat(hcplan, write):
    path = _plan(write, "meetings: [2024-06-12, 2024-09-18, 2024-09-18, 2024-09-18]\n")
    result = hcplan("check", path)
    assert result.exit_code == 0
    assert result.stdout.count("(meeting-twice)") == 2
    assert "first as day 2 of the list" in result.stdout
