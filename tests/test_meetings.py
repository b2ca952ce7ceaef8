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
        ("meetings: {every: month, first: 2024-05-31}\n", "would skip the months without that day"),
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
