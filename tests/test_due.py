"""Due times as plans write them, and the windows they mean."""

from __future__ import annotations

from datetime import date

import pytest

from hcplan.format.due import DueError, parse_due

CAL = (date(2017, 1, 1), date(2020, 12, 31), "calendar")
FIN = (date(2024, 4, 1), date(2025, 3, 31), "financial")


@pytest.mark.parametrize(
    ("text", "plan", "kind", "start", "end"),
    [
        ("Q1 Year 1", CAL, "window", date(2017, 1, 1), date(2017, 3, 31)),
        ("Q1 Year 1", FIN, "window", date(2024, 4, 1), date(2024, 6, 30)),
        ("Q4 Year 1", FIN, "window", date(2025, 1, 1), date(2025, 3, 31)),
        ("Q3 Year 2", CAL, "window", date(2018, 7, 1), date(2018, 9, 30)),
        ("q3  year 2", CAL, "window", date(2018, 7, 1), date(2018, 9, 30)),
        ("Year 2", FIN, "window", date(2025, 4, 1), date(2026, 3, 31)),
        ("Year 3-4", CAL, "window", date(2019, 1, 1), date(2020, 12, 31)),
        ("Q2 Year 1 (continuous)", CAL, "continuous", date(2017, 4, 1), None),
        ("Continuous", CAL, "continuous", date(2017, 1, 1), None),
        ("Annually", CAL, "recurring", date(2017, 1, 1), None),
        ("As and when they become available", CAL, "conditional", None, None),
        ("As and when it becomes available", CAL, "conditional", None, None),
        ("Dependent upon launch date", CAL, "conditional", None, None),
        ("Q3 2024-25", FIN, "window", date(2024, 10, 1), date(2024, 12, 31)),
        ("Q4 FY2024/25", CAL, "window", date(2025, 1, 1), date(2025, 3, 31)),
        ("2024-25", FIN, "window", date(2024, 4, 1), date(2025, 3, 31)),
        ("Q1 2017", CAL, "window", date(2017, 1, 1), date(2017, 3, 31)),
        ("2017", CAL, "window", date(2017, 1, 1), date(2017, 12, 31)),
        ("2024-10", FIN, "window", date(2024, 10, 1), date(2024, 10, 31)),
        ("October 2024", FIN, "window", date(2024, 10, 1), date(2024, 10, 31)),
        ("2024-02", FIN, "window", date(2024, 2, 1), date(2024, 2, 29)),
        ("2024-10-31", FIN, "window", date(2024, 10, 31), date(2024, 10, 31)),
        ("by Q2 Year 1", FIN, "window", date(2024, 7, 1), date(2024, 9, 30)),
        (None, FIN, "window", date(2024, 4, 1), date(2025, 3, 31)),
        ("Sept 2024", FIN, "window", date(2024, 9, 1), date(2024, 9, 30)),
        ("31 March 2025", FIN, "window", date(2025, 3, 31), date(2025, 3, 31)),
        ("1st October 2024", FIN, "window", date(2024, 10, 1), date(2024, 10, 1)),
        ("end of March 2025", FIN, "window", date(2025, 3, 1), date(2025, 3, 31)),
        ("By the end of Q2", FIN, "window", date(2024, 7, 1), date(2024, 9, 30)),
        ("Q3 FY24/25", FIN, "window", date(2024, 10, 1), date(2024, 12, 31)),
        ("FY24/25", FIN, "window", date(2024, 4, 1), date(2025, 3, 31)),
        ("Bi-annually", FIN, "recurring", date(2024, 4, 1), None),
        ("TBC", FIN, "conditional", None, None),
    ],
)
def test_due_means(text, plan, kind, start, end):
    due = parse_due(text, *plan)
    assert (due.kind, due.start, due.end) == (kind, start, end)


def test_plan_year_one_holds_the_start_on_the_plans_basis():
    # A financial plan that starts in January still counts Year 1 from April before.
    assert parse_due("Q1 Year 1", date(2025, 1, 1), date(2025, 12, 31), "financial").start == date(2024, 4, 1)
    assert parse_due("Q1 Year 1", date(2024, 6, 1), date(2025, 5, 31), "calendar").start == date(2024, 1, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("soon", "'soon' is not a due time hcplan can read; write one of 'Q2 Year 1'"),
        ("Q5 Year 1", "'Q5 Year 1' is not a due time"),
        ("Year 0", "plan years count from Year 1"),
        ("Year 4-3", "the years run backwards"),
        ("2025-02-30", "'2025-02-30' is not a real date"),
        ("2024-27", "a financial year runs into the next year, e.g. 2024-25"),
        ("Q3 2024", "'Q3 2024' is ambiguous in a plan with financial-year quarters; write 'Q3 2024-25'"),
        ("   ", "a due time is empty"),
        ("30 February 2025", "'30 February 2025' is not a real date"),
    ],
)
def test_unreadable_due_says_why(text, message):
    with pytest.raises(DueError, match=None) as info:
        parse_due(text, *FIN)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Q1 Year 1", "April–June 2024"),
        ("Year 1", "2024-25"),
        ("2024-10-31", "31 October 2024"),
        ("Q2 Year 1 (continuous)", "continuous from 1 July 2024"),
        ("Annually", "every year"),
        ("As and when needed", "when a condition is met"),
    ],
)
def test_due_in_words(text, words):
    assert parse_due(text, *FIN).describe() == words


def test_a_window_closes_after_its_last_day():
    due = parse_due("Q1 Year 1", *CAL)
    assert not due.closed_by(date(2017, 3, 31))
    assert due.closed_by(date(2017, 4, 1))
    assert not parse_due("Continuous", *CAL).closed_by(date(2030, 1, 1))
    assert not parse_due("As and when", *CAL).closed_by(date(2030, 1, 1))


def test_a_bare_quarter_needs_a_year_in_a_plan_of_several():
    with pytest.raises(DueError, match="which year"):
        parse_due("Q2", *CAL)
