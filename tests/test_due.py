"""Due times as councils write them, and what they mean over the year."""

from __future__ import annotations

import re
from datetime import date

import pytest

from hcplan.format.due import DUE_FORMS, DueError, parse_due, unreadable_message

CAL = (date(2017, 1, 1), date(2020, 12, 31), "calendar")  # Merton 2017-21: four calendar years
FIN = (date(2024, 4, 1), date(2025, 3, 31), "financial")  # Merton 2024-25: one financial year
CAL1 = (date(2017, 1, 1), date(2017, 12, 31), "calendar")  # one calendar year
D = date


def meaning(text, plan=FIN, **more):
    due = parse_due(text, *plan, **more)
    return due.kind, due.start, due.end


# --- the forms: what each is read as ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "plan", "kind", "start", "end"),
    [
        # Quarters and years of the plan, on its basis.
        ("Q1 Year 1", CAL, "window", D(2017, 1, 1), D(2017, 3, 31)),
        ("Q1 Year 1", FIN, "window", D(2024, 4, 1), D(2024, 6, 30)),
        ("Q4 Year 1", FIN, "window", D(2025, 1, 1), D(2025, 3, 31)),
        ("q3  year 2", CAL, "window", D(2018, 7, 1), D(2018, 9, 30)),
        ("Q1 Yr 1", FIN, "window", D(2024, 4, 1), D(2024, 6, 30)),
        ("Year 2 Q3", CAL, "window", D(2018, 7, 1), D(2018, 9, 30)),
        ("Y1 Q2", CAL, "window", D(2017, 4, 1), D(2017, 6, 30)),
        ("Q1-Q2 Year 1", CAL, "window", D(2017, 1, 1), D(2017, 6, 30)),
        ("Q3/Q4", FIN, "window", D(2024, 10, 1), D(2025, 3, 31)),
        ("Year 2", FIN, "window", D(2025, 4, 1), D(2026, 3, 31)),
        ("Year 3-4", CAL, "window", D(2019, 1, 1), D(2020, 12, 31)),
        ("Q2", FIN, "window", D(2024, 7, 1), D(2024, 9, 30)),
        # Financial years and their quarters, written long and short.
        ("Q3 2024-25", FIN, "window", D(2024, 10, 1), D(2024, 12, 31)),
        ("Q4 FY2024/25", CAL, "window", D(2025, 1, 1), D(2025, 3, 31)),
        ("Q3 FY24/25", FIN, "window", D(2024, 10, 1), D(2024, 12, 31)),
        ("Q4 17/18", CAL, "window", D(2018, 1, 1), D(2018, 3, 31)),
        ("Q3 25/26", FIN, "window", D(2025, 10, 1), D(2025, 12, 31)),
        ("Quarter 2 2024/25", FIN, "window", D(2024, 7, 1), D(2024, 9, 30)),
        # ... year first, as some councils' tables write them
        ("2024/25 Q3", FIN, "window", D(2024, 10, 1), D(2024, 12, 31)),
        ("FY24-25 Q1-Q2", CAL, "window", D(2024, 4, 1), D(2024, 9, 30)),
        ("2024-25 quarter 4", FIN, "window", D(2025, 1, 1), D(2025, 3, 31)),
        # A week by its first day.
        ("w/c 13 October 2024", FIN, "window", D(2024, 10, 13), D(2024, 10, 19)),
        ("Week commencing 13/10/2024", FIN, "window", D(2024, 10, 13), D(2024, 10, 19)),
        ("W/B 2 Dec 2024", FIN, "window", D(2024, 12, 2), D(2024, 12, 8)),
        ("2024-25", FIN, "window", D(2024, 4, 1), D(2025, 3, 31)),
        ("2024/25", CAL, "window", D(2024, 4, 1), D(2025, 3, 31)),
        ("FY24/25", FIN, "window", D(2024, 4, 1), D(2025, 3, 31)),
        ("17/18", CAL, "window", D(2017, 4, 1), D(2018, 3, 31)),
        ("2011-12", FIN, "window", D(2011, 4, 1), D(2012, 3, 31)),  # a financial year, not December
        # Calendar quarters and years, and runs of years on the plan's basis.
        ("Q1 2017", CAL, "window", D(2017, 1, 1), D(2017, 3, 31)),
        ("2017", CAL, "window", D(2017, 1, 1), D(2017, 12, 31)),
        ("2017-2018", CAL, "window", D(2017, 1, 1), D(2018, 12, 31)),
        ("2017-2018", FIN, "window", D(2017, 4, 1), D(2018, 3, 31)),
        ("2024-27", FIN, "window", D(2024, 4, 1), D(2027, 3, 31)),
        ("2017 to 2020", CAL, "window", D(2017, 1, 1), D(2020, 12, 31)),
        # Months, ranges of months, seasons and parts of a year.
        ("2024-10", FIN, "window", D(2024, 10, 1), D(2024, 10, 31)),
        ("2024-02", FIN, "window", D(2024, 2, 1), D(2024, 2, 29)),
        ("October 2024", FIN, "window", D(2024, 10, 1), D(2024, 10, 31)),
        ("Sept 2024", FIN, "window", D(2024, 9, 1), D(2024, 9, 30)),
        ("Mar-18", CAL, "window", D(2018, 3, 1), D(2018, 3, 31)),
        ("Oct 24", FIN, "window", D(2024, 10, 1), D(2024, 10, 31)),
        ("03/18", CAL, "window", D(2018, 3, 1), D(2018, 3, 31)),
        ("10/2024", FIN, "window", D(2024, 10, 1), D(2024, 10, 31)),
        ("March", FIN, "window", D(2025, 3, 1), D(2025, 3, 31)),
        ("Jan-Mar 2025", FIN, "window", D(2025, 1, 1), D(2025, 3, 31)),
        ("January to March 2025", FIN, "window", D(2025, 1, 1), D(2025, 3, 31)),
        ("Apr 2024 - Mar 2025", FIN, "window", D(2024, 4, 1), D(2025, 3, 31)),
        ("Nov-Jan 2025", FIN, "window", D(2024, 11, 1), D(2025, 1, 31)),
        ("Oct-Dec", FIN, "window", D(2024, 10, 1), D(2024, 12, 31)),
        ("Spring 2018", CAL, "window", D(2018, 3, 1), D(2018, 5, 31)),
        ("Autumn", FIN, "window", D(2024, 9, 1), D(2024, 11, 30)),
        ("Winter 2018/19", CAL, "window", D(2018, 12, 1), D(2019, 2, 28)),
        ("Autumn term 2017", CAL, "window", D(2017, 9, 1), D(2017, 12, 31)),
        ("Spring term 2017/18", CAL, "window", D(2018, 1, 1), D(2018, 3, 31)),
        ("Academic year 2017/18", CAL, "window", D(2017, 9, 1), D(2018, 8, 31)),
        ("Early 2018", CAL, "window", D(2018, 1, 1), D(2018, 4, 30)),
        ("Mid-2018", CAL, "window", D(2018, 5, 1), D(2018, 8, 31)),
        ("Late 2018", CAL, "window", D(2018, 9, 1), D(2018, 12, 31)),
        ("in October 2024", FIN, "window", D(2024, 10, 1), D(2024, 10, 31)),
        ("during Q3 2024-25", FIN, "window", D(2024, 10, 1), D(2024, 12, 31)),
        # Days: ISO, British (day first), in words; each a deadline.
        ("2024-10-31", FIN, "deadline", D(2024, 10, 31), D(2024, 10, 31)),
        ("31/03/2018", CAL, "deadline", D(2018, 3, 31), D(2018, 3, 31)),
        ("30/09/2025", FIN, "deadline", D(2025, 9, 30), D(2025, 9, 30)),
        ("31.03.2026", FIN, "deadline", D(2026, 3, 31), D(2026, 3, 31)),
        ("1/4/18", CAL, "deadline", D(2018, 4, 1), D(2018, 4, 1)),
        ("31 March 2025", FIN, "deadline", D(2025, 3, 31), D(2025, 3, 31)),
        ("1st October 2024", FIN, "deadline", D(2024, 10, 1), D(2024, 10, 1)),
        ("31st Mar 25", FIN, "deadline", D(2025, 3, 31), D(2025, 3, 31)),
        ("October 31, 2024", FIN, "deadline", D(2024, 10, 31), D(2024, 10, 31)),
        ("31st March", FIN, "deadline", D(2025, 3, 31), D(2025, 3, 31)),
        # "by ...", "end of ...", "before ...": the window's last day is the deadline.
        ("by Q2 Year 1", FIN, "deadline", D(2024, 7, 1), D(2024, 9, 30)),
        ("By the end of Q2", FIN, "deadline", D(2024, 7, 1), D(2024, 9, 30)),
        ("end of March 2025", FIN, "deadline", D(2025, 3, 1), D(2025, 3, 31)),
        ("End March 2025", FIN, "deadline", D(2025, 3, 1), D(2025, 3, 31)),
        ("By 31/12/2024", FIN, "deadline", D(2024, 12, 31), D(2024, 12, 31)),
        ("before March 2025", FIN, "deadline", D(2025, 2, 28), D(2025, 2, 28)),
        ("to be completed by December 2024", FIN, "deadline", D(2024, 12, 1), D(2024, 12, 31)),
        # Relative to the plan's start.
        ("Within six months of commencement of Action Plan", FIN, "deadline", D(2024, 4, 1), D(2024, 9, 30)),
        ("Within one year of commencement of Action Plan", FIN, "deadline", D(2024, 4, 1), D(2025, 3, 31)),
        ("Within 12 months", FIN, "deadline", D(2024, 4, 1), D(2025, 3, 31)),
        ("6 months", FIN, "deadline", D(2024, 4, 1), D(2024, 9, 30)),
        ("within 3 months of the start of the plan", FIN, "deadline", D(2024, 4, 1), D(2024, 6, 30)),
        ("6-12 months", FIN, "window", D(2024, 10, 1), D(2025, 3, 31)),
        ("12 months+", FIN, "start", D(2025, 4, 1), D(2025, 4, 1)),
        ("after 6 months", FIN, "start", D(2024, 10, 1), D(2024, 10, 1)),
        # Starts, which are not deadlines.
        ("July 2017 launch", CAL, "start", D(2017, 7, 1), D(2017, 7, 31)),
        ("from July 2017", CAL, "start", D(2017, 7, 1), D(2017, 7, 31)),
        ("July 2017 onwards", CAL, "start", D(2017, 7, 1), D(2017, 7, 31)),
        ("Q2 onwards", FIN, "start", D(2024, 7, 1), D(2024, 9, 30)),
        ("Starting Q3 2024-25", FIN, "start", D(2024, 10, 1), D(2024, 12, 31)),
        ("Launch September 2024", FIN, "start", D(2024, 9, 1), D(2024, 9, 30)),
        ("Immediate", FIN, "start", D(2024, 4, 1), D(2024, 4, 30)),
        # Continuous: throughout the plan, from a window on, or for a span.
        ("Continuous", CAL, "continuous", D(2017, 1, 1), None),
        ("Ongoing", FIN, "continuous", D(2024, 4, 1), None),
        ("on going", FIN, "continuous", D(2024, 4, 1), None),
        ("Throughout the year", FIN, "continuous", D(2024, 4, 1), None),
        ("Business as usual", FIN, "continuous", D(2024, 4, 1), None),
        ("Q2 Year 1 (continuous)", CAL, "continuous", D(2017, 4, 1), None),
        ("July 2017 and ongoing", CAL, "continuous", D(2017, 7, 1), None),
        ("Ongoing from April 2024", FIN, "continuous", D(2024, 4, 1), None),
        ("throughout 2018", CAL, "continuous", D(2018, 1, 1), D(2018, 12, 31)),
        ("until March 2025", FIN, "continuous", D(2024, 4, 1), D(2025, 3, 31)),
        # Recurrences: their span is the plan unless they say.
        ("Annually", CAL, "recurring", D(2017, 1, 1), D(2020, 12, 31)),
        ("Bi-annually", FIN, "recurring", D(2024, 4, 1), D(2025, 3, 31)),
        ("quarterly from July 2024", FIN, "recurring", D(2024, 7, 1), D(2025, 3, 31)),
        ("Q2 then quarterly", FIN, "recurring", D(2024, 7, 1), D(2025, 3, 31)),
        # Conditions, and words that mean no date.
        ("As and when they become available", CAL, "conditional", None, None),
        ("As and when it becomes available", CAL, "conditional", None, None),
        ("Dependent upon launch date", CAL, "conditional", None, None),
        ("Subject to funding", FIN, "conditional", None, None),
        ("When the new contract starts", FIN, "conditional", None, None),
        ("As required", FIN, "conditional", None, None),
        ("TBC", FIN, "none", None, None),
        ("N/A", FIN, "none", None, None),
        ("n/a", FIN, "none", None, None),
        ("-", FIN, "none", None, None),
        ("To be agreed", FIN, "none", None, None),
        ("Short term", FIN, "none", None, None),
        ("Medium-term", FIN, "none", None, None),
        ("Long term", FIN, "none", None, None),
        # No due: the plan period stands in.
        (None, FIN, "window", D(2024, 4, 1), D(2025, 3, 31)),
    ],
)
def test_due_means(text, plan, kind, start, end):
    assert meaning(text, plan) == (kind, start, end)


@pytest.mark.parametrize(
    ("text", "every", "anchor", "noun"),
    [
        ("Annually", "year", None, None),
        ("Annually in April", "year", 4, None),
        ("Annually (April)", "year", 4, None),
        ("each October", "year", 10, None),
        ("every October", "year", 10, None),
        ("October each year", "year", 10, None),
        ("Twice yearly", "half-year", None, None),
        ("Twice a year (April and October)", "half-year", 4, None),
        ("Six-monthly", "half-year", None, None),
        ("Quarterly", "quarter", None, None),
        ("meet quarterly", "quarter", None, "meeting"),
        ("Quarterly meetings", "quarter", None, "meeting"),
        ("On a quarterly basis", "quarter", None, None),
        ("Ongoing - quarterly meetings", "quarter", None, "meeting"),
        ("Bi-monthly", "two months", None, None),
        ("Monthly", "month", None, None),
        ("monthly surgeries", "month", None, "surgery"),
        ("Fortnightly", "two weeks", None, None),
        ("Weekly", "week", None, None),
        ("Every 6 weeks", "6 weeks", None, None),
        ("Annual report", "year", None, "report"),
    ],
)
def test_recurrences_and_their_anchors(text, every, anchor, noun):
    due = parse_due(text, *FIN)
    assert (due.kind, due.every, due.anchor, due.noun) == ("recurring", every, anchor, noun)


@pytest.mark.parametrize(
    ("text", "every"),
    [
        ("Ongoing (reviewed quarterly)", "quarter"),
        ("Ongoing - quarterly", "quarter"),
        ("Continuous (monthly updates)", "month"),
    ],
)
def test_ongoing_work_reviewed_at_a_cadence_is_continuous(text, every):
    due = parse_due(text, *FIN)
    assert (due.kind, due.start, due.every) == ("continuous", D(2024, 4, 1), every)


def test_two_digit_years_are_the_ones_near_the_plan():
    salford = (D(2002, 4, 1), D(2005, 3, 31), "financial")  # "due July 05" in its 2004 monitoring report
    assert meaning("July 05", salford) == ("window", D(2005, 7, 1), D(2005, 7, 31))
    assert meaning("Mar-99", (D(1998, 1, 1), D(1999, 12, 31), "calendar"))[1] == D(1999, 3, 1)


def test_plan_year_one_holds_the_start_on_the_plans_basis():
    # A financial plan that starts in January still counts Year 1 from April before.
    assert parse_due("Q1 Year 1", D(2025, 1, 1), D(2025, 12, 31), "financial").start == D(2024, 4, 1)
    assert parse_due("Q1 Year 1", D(2024, 6, 1), D(2025, 5, 31), "calendar").start == D(2024, 1, 1)


def test_relative_dues_count_from_the_plans_own_first_day():
    mid_month = (D(2017, 6, 13), D(2018, 6, 12), "calendar")
    assert meaning("Within six months of commencement of Action Plan", mid_month) == (
        "deadline",
        D(2017, 6, 13),
        D(2017, 12, 12),
    )
    assert meaning("within 2 weeks", mid_month) == ("deadline", D(2017, 6, 13), D(2017, 6, 26))


# --- remarks, sentences, the plan's own terms, and what is written beside ------------------------------


def test_a_remark_in_brackets_is_kept_and_not_read():
    due = parse_due("Oct 2025 (Hate Crime Awareness Week)", D(2025, 4, 1), D(2026, 3, 31), "financial")
    assert (due.kind, due.start, due.end) == ("window", D(2025, 10, 1), D(2025, 10, 31))
    assert due.remark == "Hate Crime Awareness Week"
    assert due.text == "Oct 2025 (Hate Crime Awareness Week)"
    # The other way round: the words outside are the remark.
    due = parse_due("Hate Crime Awareness Week (October 2024)", *FIN)
    assert (due.start, due.remark) == (D(2024, 10, 1), "Hate Crime Awareness Week")


def test_words_that_mean_no_date_give_way_to_a_date_beside_them():
    assert meaning("Short term (0-6 months)") == ("window", D(2024, 4, 1), D(2024, 9, 30))
    assert meaning("TBC - March 2025") == ("window", D(2025, 3, 1), D(2025, 3, 31))
    due = parse_due("March 2025 - subject to funding", *FIN)
    assert (due.kind, due.end, due.remark) == ("window", D(2025, 3, 31), "subject to funding")


def test_a_date_inside_a_target_sentence_is_read_and_the_sentence_kept():
    salford = (D(2002, 4, 1), D(2005, 3, 31), "financial")
    due = parse_due("Programmes in schools by September 2002", *salford)
    assert (due.kind, due.end) == ("deadline", D(2002, 9, 30))
    assert due.text == "Programmes in schools by September 2002"
    assert due.read == "by September 2002"
    assert meaning("Four campaigns by September 2003", salford) == ("deadline", D(2003, 9, 1), D(2003, 9, 30))
    assert meaning("Pilot to start from April 2003", salford)[0] == "start"


def test_a_plan_says_what_its_terms_mean():
    terms = {"Short term": "Within 6 months", "Medium term": "Year 2", "Long term": "Year 3-4"}
    due = parse_due("short term", *CAL, timescales=terms)
    assert (due.kind, due.end, due.text, due.read) == ("deadline", D(2017, 6, 30), "short term", "Within 6 months")
    assert meaning("Long term", CAL, timescales=terms) == ("window", D(2019, 1, 1), D(2020, 12, 31))
    with pytest.raises(DueError, match="the plan's timescale 'Short term' means 'soon', but 'soon' is not"):
        parse_due("Short term", *CAL, timescales={"Short term": "soon"})


def test_due_means_is_read_in_place_of_the_words():
    due = parse_due("When the new contract starts", *FIN, means="2024-09-30")
    assert (due.kind, due.end, due.text, due.read) == (
        "deadline",
        D(2024, 9, 30),
        "When the new contract starts",
        "2024-09-30",
    )
    assert parse_due("Continuous", *CAL, means="Quarterly events").every == "quarter"
    with pytest.raises(DueError, match="due_means 'soon' is not a due time"):
        parse_due("Sometime", *FIN, means="soon")


# --- what cannot be read: one rewrite, never a list -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "plan", "reason", "rewrite"),
    [
        ("soon", FIN, "'soon' is not a due time hcplan can read", None),
        ("By Easter", FIN, "'By Easter' is not a due time hcplan can read", None),
        ("Q3 2024", FIN, "'Q3 2024' is ambiguous in a plan with financial-year quarters", "Q3 2024-25"),
        ("Q2", CAL, "'Q2': which year?", "Q2 Year 1"),
        ("March", CAL, "'March': which year?", "March 2017"),
        ("Winter 2018", CAL, "'Winter 2018': which winter?", "Winter 2018/19"),
        ("FY2024", FIN, "'FY2024': which financial year?", "2024-25"),
        ("Year 0", FIN, "plan years count from Year 1", "Year 1"),
        ("Year 4-3", FIN, "the years run backwards", "Year 3-4"),
        ("2024-23", FIN, "the years run backwards", "2024-25"),
        ("30 February 2025", FIN, "'30 February 2025' is not a date: February 2025 has 28 days", "28 February 2025"),
        ("31/04/2024", FIN, "'31/04/2024' is not a date: April 2024 has 30 days", "30 April 2024"),
        (
            "06/13/2024",
            FIN,
            "'06/13/2024' is not a date: there is no month 13 (the day comes first: 13/06/2024)",
            "13/06/2024",
        ),
        ("   ", FIN, "a due time is empty", None),
        ("2024/26 Q3", FIN, "a financial year runs into the next year", "2024-25"),
        ("w/c 31/02/2025", FIN, "'31/02/2025' is not a date: February 2025 has 28 days", None),
        # A span of months after the start that runs backwards, or is none, was read as a
        # window that ends before it begins (and was overdue from the first day).
        ("12-6 months", FIN, "the months run backwards", "6-12 months"),
        ("24-3 months", FIN, "the months run backwards", "3-24 months"),
        ("12-12 months", FIN, "no time at all", "within 12 months"),
        ("Within 0 months", FIN, "within no time at all", None),
    ],
)
def test_unreadable_due_says_why_and_names_one_rewrite(text, plan, reason, rewrite):
    with pytest.raises(DueError) as info:
        parse_due(text, *plan)
    assert reason in info.value.reason
    assert info.value.rewrite == rewrite
    if rewrite:  # the rewrite is read
        parse_due(rewrite, *plan)


def test_the_warning_says_how_to_give_a_date_beside_the_words():
    with pytest.raises(DueError) as info:
        parse_due("By Easter", *FIN)
    message = unreadable_message(info.value)
    # No day of the plan's as an example: the plan's last day was copied in as if it were meant.
    assert "kept as written" in message and "`due_means: YYYY-MM-DD` with the day it means" in message
    with pytest.raises(DueError) as info:
        parse_due("Q3 2024", *FIN)
    message = unreadable_message(info.value)
    assert "write 'Q3 2024-25', or keep the words and add beside them `due_means: Q3 2024-25`" in message
    assert message.count("'") <= 6  # one rewrite, not a list of forms


# --- in words ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Q1 Year 1", "April–June 2024"),
        ("Year 1", "2024-25"),
        ("2024-10-31", "by 31 October 2024"),
        ("by Q2 Year 1", "by 30 September 2024"),
        ("Q2 Year 1 (continuous)", "continuous from 1 July 2024"),
        ("Ongoing (reviewed quarterly)", "continuous from 1 April 2024, reviewed every quarter"),
        ("throughout October 2024", "continuous from 1 October 2024 until 31 October 2024"),
        ("from October 2024", "starts October 2024"),
        ("Q2 onwards", "starts 1 July 2024"),
        ("Annually", "every year"),
        ("each October", "every October"),
        ("Twice a year (April and October)", "every April and October"),
        ("Bi-monthly", "every two months"),
        ("As and when needed", "when a condition is met"),
        ("N/A", "no date"),
    ],
)
def test_due_in_words(text, words):
    assert parse_due(text, *FIN).describe() == words


# --- over the year: windows, starts, recurrences ---------------------------------------------------------


def test_a_window_closes_after_its_last_day():
    due = parse_due("Q1 Year 1", *CAL)
    assert not due.is_late(D(2017, 3, 31))
    assert due.is_late(D(2017, 4, 1))
    assert due.closed_by(D(2017, 4, 1))
    assert due.days_late(D(2017, 4, 1)) == 1 and due.days_late(D(2017, 3, 30)) == -1
    assert due.deadline == D(2017, 3, 31)
    assert not parse_due("Continuous", *CAL).is_late(D(2030, 1, 1))
    assert not parse_due("As and when", *CAL).is_late(D(2030, 1, 1))
    assert not parse_due("N/A", *CAL).is_late(D(2030, 1, 1))


def test_a_start_is_never_late_and_needs_an_update_once_it_has_run_a_quarter():
    due = parse_due("July 2017 launch", *CAL)
    assert due.deadline is None
    for day in (D(2017, 7, 1), D(2017, 8, 1), D(2018, 7, 1)):
        assert not due.is_late(day)
        assert due.days_late(day) is None
    assert not due.needs_update(D(2017, 9, 30))  # under way for less than a quarter
    assert due.needs_update(D(2017, 10, 1))
    assert not due.needs_update(D(2017, 10, 1), [D(2017, 8, 14)])
    assert due.needs_update(D(2017, 12, 1), [D(2017, 8, 14)])


def test_continuous_needs_an_update_at_its_own_cadence():
    quarterly = parse_due("Ongoing", *FIN)
    monthly = parse_due("Ongoing (reviewed monthly)", *FIN)
    updated = [D(2024, 6, 10)]
    assert not quarterly.needs_update(D(2024, 8, 1), updated)
    assert monthly.needs_update(D(2024, 8, 1), updated)
    assert not monthly.needs_update(D(2024, 7, 9), updated)
    # Continuous for a span: nothing is asked of it once the span is over.
    span = parse_due("throughout 2018", *CAL)
    assert span.needs_update(D(2018, 6, 1)) and not span.needs_update(D(2019, 6, 1))
    # Recurring and dated dues are late instead; conditional ones wait.
    assert not parse_due("Quarterly", *FIN).needs_update(D(2025, 1, 1))
    assert not parse_due("Q1 Year 1", *FIN).needs_update(D(2025, 1, 1))
    assert not parse_due("Subject to funding", *FIN).needs_update(D(2025, 1, 1))


def test_occurrences_are_the_periods_of_the_cadence_on_the_plans_basis():
    labels = lambda due, **kw: [(o.label, o.start, o.end) for o in due.occurrences(**kw)]  # noqa: E731
    assert labels(parse_due("Quarterly", *FIN)) == [
        ("Q1 2024-25", D(2024, 4, 1), D(2024, 6, 30)),
        ("Q2 2024-25", D(2024, 7, 1), D(2024, 9, 30)),
        ("Q3 2024-25", D(2024, 10, 1), D(2024, 12, 31)),
        ("Q4 2024-25", D(2025, 1, 1), D(2025, 3, 31)),
    ]
    assert [o.label for o in parse_due("Quarterly", *CAL1).occurrences()] == [
        "Q1 2017",
        "Q2 2017",
        "Q3 2017",
        "Q4 2017",
    ]
    assert [o.label for o in parse_due("Annually", *CAL).occurrences()] == ["2017", "2018", "2019", "2020"]
    assert [o.label for o in parse_due("Annually", *FIN).occurrences()] == ["2024-25"]
    assert labels(parse_due("each October", *CAL)) == [
        (f"October {y}", D(y, 10, 1), D(y, 10, 31)) for y in range(2017, 2021)
    ]
    assert [o.label for o in parse_due("Twice yearly", *FIN).occurrences()] == [
        "April–September 2024",
        "October 2024 – March 2025",
    ]
    assert [o.label for o in parse_due("Twice a year (April and October)", *FIN).occurrences()] == [
        "April 2024",
        "October 2024",
    ]
    monthly = parse_due("Monthly", *FIN).occurrences()
    assert len(monthly) == 12 and monthly[0].label == "April 2024" and monthly[-1].label == "March 2025"
    assert len(parse_due("Bi-monthly", *FIN).occurrences()) == 6
    weekly = parse_due("Weekly", *FIN).occurrences(end=D(2024, 4, 30))
    assert weekly[0].label == "week of 1 April 2024" and weekly[0].end == D(2024, 4, 7)
    # A recurrence from a later start; and the occurrences within a span asked for.
    assert [o.label for o in parse_due("quarterly from October 2024", *FIN).occurrences()] == [
        "Q3 2024-25",
        "Q4 2024-25",
    ]
    assert [o.label for o in parse_due("Monthly", *FIN).occurrences(D(2024, 6, 15), D(2024, 8, 1))] == [
        "June 2024",
        "July 2024",
        "August 2024",
    ]
    # A window or deadline is one occurrence; continuous ones reviewed at a cadence have their reviews.
    assert labels(parse_due("Q1 Year 1", *FIN)) == [("April–June 2024", D(2024, 4, 1), D(2024, 6, 30))]
    reviewed = parse_due("Ongoing (reviewed quarterly)", *FIN)
    assert reviewed.occurrences() == []  # open-ended: no end asked for
    assert len(reviewed.occurrences(end=D(2025, 3, 31))) == 4
    assert parse_due("N/A", *FIN).occurrences() == []


def test_a_recurring_action_is_late_when_its_last_ended_occurrence_has_no_update():
    due = parse_due("meet quarterly", *FIN)
    assert not due.is_late(D(2024, 6, 30))  # Q1 has not ended
    assert due.is_late(D(2024, 7, 1))
    assert due.missed_words(D(2024, 7, 1)) == "Q1 2024-25 meeting: no update recorded"
    assert due.days_late(D(2024, 7, 15)) == 15
    assert not due.is_late(D(2024, 7, 1), [D(2024, 6, 12)])  # the June meeting was recorded
    assert due.missed_words(D(2024, 7, 1), [D(2024, 6, 12)]) is None
    # Only the last ended occurrence counts: Q2 had no update, Q3 did.
    assert not due.is_late(D(2025, 1, 5), [D(2024, 11, 20)])
    assert due.is_late(D(2024, 10, 5), [D(2024, 6, 12)])
    # An update after the occurrence ended does not count for it.
    assert due.is_late(D(2024, 7, 5), [D(2024, 7, 2)])
    # Until the first occurrence is due, the next due is its last day.
    assert due.next_due(D(2024, 5, 1)) == D(2024, 6, 30)
    assert due.next_due(D(2024, 5, 1), [D(2024, 4, 20)]) == D(2024, 9, 30)  # Q1 recorded already


def test_an_annual_action_is_due_once_a_year_not_once_a_plan():
    due = parse_due("Annually", *CAL)
    assert not due.is_late(D(2017, 12, 31))
    assert due.missed_words(D(2018, 1, 1)) == "2017: no update recorded"
    assert not due.is_late(D(2018, 1, 1), [D(2017, 11, 2)])
    october = parse_due("each October", *FIN)
    assert not october.is_late(D(2024, 10, 31))
    assert october.missed_words(D(2024, 11, 1)) == "October 2024: no update recorded"
    assert not october.is_late(D(2024, 11, 1), [D(2024, 10, 17)])


# --- a corpus of real councils' due texts -------------------------------------------------------------------

#: Due texts as published UK councils' community safety and hate crime action
#: plans write them, each with a plan period to read it in and what it means.
SALFORD = (D(2002, 4, 1), D(2005, 3, 31), "financial")
SHEFFIELD = (D(2010, 4, 1), D(2013, 3, 31), "financial")
DONCASTER = (D(2017, 4, 1), D(2021, 3, 31), "financial")
MERTON = (D(2017, 1, 1), D(2020, 12, 31), "calendar")
ONE_YEAR = (D(2025, 4, 1), D(2026, 3, 31), "financial")
LONG = (D(2016, 4, 1), D(2026, 3, 31), "financial")
PUBLISHED = [
    # Salford Crime and Disorder Reduction Partnership, Strategy Implementation
    # Plan 2002-05 ("Output target and date(s)"), and its Strategy Monitoring
    # Report, Q2 2004 ("due July 05").
    (SALFORD, "Programmes in schools by September 2002", "deadline", D(2002, 9, 30)),
    (SALFORD, "By June 2002", "deadline", D(2002, 6, 30)),
    (SALFORD, "Strategy in place by June 2002", "deadline", D(2002, 6, 30)),
    (SALFORD, "Four campaigns by September 2003", "deadline", D(2003, 9, 30)),
    (SALFORD, "June 2002", "window", D(2002, 6, 30)),
    (SALFORD, "By July 2002", "deadline", D(2002, 7, 31)),
    (SALFORD, "July 05", "window", D(2005, 7, 31)),
    (SALFORD, "Increase the proportion of witnesses accessing the service by 2% per annum", None, None),  # a target
    # Sheffield Hate Crime Strategy 2010-13, action plan ("Completion Date").
    (SHEFFIELD, "Within one year of commencement of Action Plan", "deadline", D(2011, 3, 31)),
    (SHEFFIELD, "Within six months of commencement of Action Plan.", "deadline", D(2010, 9, 30)),
    (
        SHEFFIELD,
        "Baseline data collected within six months of commencement of Action Plan. Ongoing",
        "deadline",
        D(2010, 9, 30),
    ),
    # Doncaster Hate Crime Strategy 2017-21, Delivery Plan, Quarter 2 update ("Timescale").
    (DONCASTER, "July 2017 launch", "start", D(2017, 7, 31)),
    (DONCASTER, "July 2017", "window", D(2017, 7, 31)),
    # Merton's Hate Crime Strategic Work Plan 2017, and Work Plan 2024-25 (plans/).
    (MERTON, "Q1 Year 1", "window", D(2017, 3, 31)),
    (MERTON, "Q2 Year 1 (continuous)", "continuous", None),
    (MERTON, "Year 3-4", "window", D(2020, 12, 31)),
    (MERTON, "Q1 2017", "window", D(2017, 3, 31)),
    (MERTON, "Annually", "recurring", D(2020, 12, 31)),
    (MERTON, "Continuous", "continuous", None),
    (MERTON, "As and when they become available", "conditional", None),
    (MERTON, "Dependent upon launch date", "conditional", None),
    (FIN, "meet quarterly", "recurring", D(2025, 3, 31)),
    (FIN, "each October", "recurring", D(2025, 3, 31)),
    (FIN, "annually", "recurring", D(2025, 3, 31)),
    (FIN, "monthly", "recurring", D(2025, 3, 31)),
    # What the officers transcribing three more councils' plans met (the
    # adoption issue), read in a plan long enough to hold them all, or of one year.
    (LONG, "Mar-18", "window", D(2018, 3, 31)),
    (LONG, "Q4 17/18", "window", D(2018, 3, 31)),
    (LONG, "Q3 25/26", "window", D(2025, 12, 31)),
    (LONG, "31/03/2018", "deadline", D(2018, 3, 31)),
    (LONG, "30/09/2025", "deadline", D(2025, 9, 30)),
    (LONG, "31.03.2026", "deadline", D(2026, 3, 31)),
    (LONG, "Spring 2018", "window", D(2018, 5, 31)),
    (LONG, "2017-2018", "window", D(2018, 3, 31)),
    (LONG, "Jan-Mar 2025", "window", D(2025, 3, 31)),
    (LONG, "from July 2017", "start", D(2017, 7, 31)),
    (LONG, "July 2017 onwards", "start", D(2017, 7, 31)),
    (ONE_YEAR, "Q2 onwards", "start", D(2025, 9, 30)),
    (LONG, "Q2 onwards", None, None),  # which year? in a plan of ten
    (LONG, "Annually in April", "recurring", D(2026, 3, 31)),
    (LONG, "Twice yearly", "recurring", D(2026, 3, 31)),
    (LONG, "Bi-monthly", "recurring", D(2026, 3, 31)),
    (LONG, "Ongoing (reviewed quarterly)", "continuous", None),
    (LONG, "Oct 2025 (Hate Crime Awareness Week)", "window", D(2025, 10, 31)),
    (ONE_YEAR, "Within 12 months", "deadline", D(2026, 3, 31)),
    (ONE_YEAR, "6 months", "deadline", D(2025, 9, 30)),
    (LONG, "N/A", "none", None),
    (LONG, "Short term", "none", None),
    (LONG, "Medium term", "none", None),
    (LONG, "Long term", "none", None),
]
#: Other forms common in action plans' timescale columns.
COMMON = [
    (ONE_YEAR, "Quarterly", "recurring", D(2026, 3, 31)),
    (ONE_YEAR, "Annual", "recurring", D(2026, 3, 31)),
    (ONE_YEAR, "End of March 2026", "deadline", D(2026, 3, 31)),
    (ONE_YEAR, "Summer 2025", "window", D(2025, 8, 31)),
    (ONE_YEAR, "2025/26", "window", D(2026, 3, 31)),
    (ONE_YEAR, "Q4", "window", D(2026, 3, 31)),
    (ONE_YEAR, "Hate Crime Awareness Week (October)", "window", D(2025, 10, 31)),
    (ONE_YEAR, "TBC", "none", None),
    (ONE_YEAR, "As required", "conditional", None),
    (ONE_YEAR, "Subject to funding", "conditional", None),
    (ONE_YEAR, "From April 2025", "start", D(2025, 4, 30)),
    (ONE_YEAR, "Ongoing", "continuous", None),
    (ONE_YEAR, "By Easter", None, None),
]
CORPUS = PUBLISHED + COMMON


@pytest.mark.parametrize(("plan", "text", "kind", "end"), CORPUS, ids=[c[1] for c in CORPUS])
def test_real_councils_due_texts_are_read(plan, text, kind, end):
    if kind is None:  # kept as written, with a warning
        with pytest.raises(DueError):
            parse_due(text, *plan)
        return
    due = parse_due(text, *plan)
    assert (due.kind, due.end) == (kind, end)
    assert due.text == text  # kept as written
    assert due.describe()


# --- the reference ------------------------------------------------------------------------------------------

_KINDS = {"a window": "window", "a deadline": "deadline", "a start": "start", "continuous": "continuous",
          "a recurrence": "recurring", "a condition": "conditional", "no date": "none"}  # fmt: skip
_PLANS = [
    (D(2017, 1, 1), D(2017, 12, 31), "calendar"),
    (D(2024, 4, 1), D(2025, 3, 31), "financial"),
    (D(2005, 1, 1), D(2005, 12, 31), "calendar"),
]


def _documented_forms():
    from conftest import REPO

    text = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    table = text[text.index("| written | read as |") :].split("\n\n")[0].splitlines()[2:]
    for line in table:
        written, read_as = line.strip("|").split(" | ")
        read_as = read_as.strip()
        kind = (
            "window" if read_as.startswith("the same") else next(k for w, k in _KINDS.items() if read_as.startswith(w))
        )
        for form in re.findall(r"`([^`]+)`", written):
            if "..." not in form:
                yield form, kind


@pytest.mark.parametrize(("form", "kind"), list(_documented_forms()))
def test_every_form_in_the_reference_is_read_as_it_says(form, kind):
    kinds = set()
    for plan in _PLANS:
        try:
            kinds.add(parse_due(form, *plan).kind)
        except DueError:
            pass
    assert kind in kinds


@pytest.mark.parametrize("text", DUE_FORMS.split(", "))
def test_every_due_a_message_offers_is_read(text):
    """The forms an unreadable --due is offered are read, in a plan of 2024-25 and 2025-26."""
    assert parse_due(text, date(2024, 4, 1), date(2026, 3, 31), "financial").text == text


FIN3 = (date(2023, 4, 1), date(2026, 3, 31), "financial")  # three financial years


@pytest.mark.parametrize(
    ("text", "plan", "kind", "start", "end"),
    [
        # The year itself, in a plan that runs within one: what councils write most.
        ("End of financial year", FIN, "deadline", D(2024, 4, 1), D(2025, 3, 31)),
        ("By end of the financial year", FIN, "deadline", D(2024, 4, 1), D(2025, 3, 31)),
        ("Financial year end", FIN, "deadline", D(2025, 3, 31), D(2025, 3, 31)),
        ("FYE", FIN, "deadline", D(2025, 3, 31), D(2025, 3, 31)),
        ("Year-end", FIN, "deadline", D(2025, 3, 31), D(2025, 3, 31)),
        ("By the end of the year", FIN, "deadline", D(2024, 4, 1), D(2025, 3, 31)),
        ("During the financial year", FIN, "window", D(2024, 4, 1), D(2025, 3, 31)),
        ("By the end of the year", CAL1, "deadline", D(2017, 1, 1), D(2017, 12, 31)),
        # A calendar plan's financial year is the one that ends within it.
        ("End of financial year", CAL1, "deadline", D(2016, 4, 1), D(2017, 3, 31)),
        # Plan years in words.
        ("Year One", FIN3, "window", D(2023, 4, 1), D(2024, 3, 31)),
        ("End of Year Two", FIN3, "deadline", D(2024, 4, 1), D(2025, 3, 31)),
        ("Q3 Year Two", FIN3, "window", D(2024, 10, 1), D(2024, 12, 31)),
        ("Years One to Three", FIN3, "window", D(2023, 4, 1), D(2026, 3, 31)),
    ],
)
def test_the_year_and_plan_years_in_words(text, plan, kind, start, end):
    assert meaning(text, plan) == (kind, start, end)


@pytest.mark.parametrize(
    ("text", "reason", "rewrite"),
    [
        ("End of financial year", "which financial year?", "2023-24"),
        ("FYE", "which financial year?", "2023-24"),
        ("By the end of the year", "which year of the plan?", "Year 1"),
    ],
)
def test_the_year_of_a_plan_of_several_is_asked(text, reason, rewrite):
    with pytest.raises(DueError) as info:
        parse_due(text, *FIN3)
    assert reason in info.value.reason
    assert info.value.rewrite == rewrite
