from datetime import date

import pytest

from hcplan.format.dates import (
    long_date,
    months_back,
    parse_day,
    parse_quarter,
    quarter_of,
    quarter_problem,
    shift_months,
    window_text,
)


def test_dates_the_british_way():
    assert long_date(date(2017, 6, 13)) == "13 June 2017"
    assert long_date(date(2024, 1, 1)) == "1 January 2024"
    assert long_date(None) == ""


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 5, 31), 3, date(2024, 2, 29)),
        (date(2024, 3, 15), 3, date(2023, 12, 15)),
        (date(2025, 1, 31), 1, date(2024, 12, 31)),
    ],
)
def test_months_back_clamps_to_the_months_end(day, months, expected):
    assert months_back(day, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (date(2024, 4, 1), date(2024, 6, 30), "April–June 2024"),
        (date(2024, 4, 1), date(2025, 3, 31), "2024-25"),
        (date(2017, 1, 1), date(2017, 12, 31), "2017"),
        (date(2019, 1, 1), date(2020, 12, 31), "2019–2020"),
        (date(2024, 11, 1), date(2025, 1, 31), "November 2024 – January 2025"),
        (date(2024, 4, 2), date(2024, 6, 30), "2 April 2024 – 30 June 2024"),
    ],
)
def test_windows_in_words(start, end, words):
    assert window_text(start, end) == words


# --- days and quarters as partners report them ---------------------------------------------

TODAY = date(2018, 2, 14)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2017-10-10", date(2017, 10, 10)),
        ("10/10/2017", date(2017, 10, 10)),
        ("10.10.2017", date(2017, 10, 10)),
        ("10-10-2017", date(2017, 10, 10)),
        ("3/4/2017", date(2017, 4, 3)),  # day first, as in the UK
        ("10 October 2017", date(2017, 10, 10)),
        ("10th Oct 2017", date(2017, 10, 10)),
        ("today", TODAY),
        ("yesterday", date(2018, 2, 13)),
        # A quarter's return: the quarter's last day, or today while it runs.
        ("Q2 2017/18", date(2017, 9, 30)),
        ("Q2 2017-18", date(2017, 9, 30)),
        ("q2 17/18", date(2017, 9, 30)),
        ("Quarter 2 FY2017/18", date(2017, 9, 30)),
        ("Q4 2017-18", TODAY),
    ],
)
def test_a_day_as_people_give_it(text, day):
    assert parse_day(text, TODAY) == day


def test_a_calendar_quarter_needs_a_calendar_plan():
    assert parse_day("Q2 2017", TODAY, "calendar") == date(2017, 6, 30)
    with pytest.raises(ValueError, match="could be a calendar or a financial quarter; write 'Q2 2017-18'"):
        parse_day("Q2 2017", TODAY, "financial")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2018", "'31/02/2018' is not a date: February 2018 has 28 days"),
        ("10/13/2017", "'10/13/2017' is not a date: there is no month 13 (the day comes first: 13/10/2017)"),
        ("0/1/2018", "'0/1/2018' is not a date: there is no day 0"),
        ("03/04/17", "'03/04/17': a two-digit year is ambiguous; write the year in full, day first: 03/04/2017"),
        ("3 Apr 17", "a two-digit year is ambiguous; write the year in full, e.g. 13 June 2017"),
        ("next week", "'next week' is not a date; write it as 2017-06-13, 13/06/2017 (day first) or a quarter"),
        ("Q1 2018-19", "'Q1 2018-19' (April–June 2018) has not begun"),
        ("Q2 2017-19", "a financial year runs into the next, e.g. 2017-18"),
    ],
)
def test_a_day_that_is_not_one_says_how_to_write_it(text, message):
    with pytest.raises(ValueError) as info:
        parse_day(text, TODAY)
    assert message in str(info.value)


def test_quarters_are_named_as_the_plan_names_them():
    assert parse_quarter("Q2 2017-18") == quarter_of(date(2017, 8, 1), "financial")
    assert parse_quarter("Q2 2017-18").name == "Q2 2017-18"
    assert parse_quarter("Q2 2017", "calendar").name == "Q2 2017"
    assert quarter_of(date(2025, 2, 1), "financial").name == "Q4 2024-25"
    assert parse_quarter("2017-10-10") is None


def test_a_quarters_return_is_dated_within_the_quarter():
    assert quarter_problem("Q2 2017-18", date(2017, 9, 30), "financial") is None
    assert quarter_problem("Q2 2017-18", date(2017, 10, 2), "financial") == (
        "the Q2 2017-18 return is dated 2 October 2017, outside the quarter (July–September 2017)"
    )
    assert "could be a calendar or a financial quarter" in quarter_problem("Q2 2017", date(2017, 6, 30), "financial")
    assert quarter_problem("Q2 2017", date(2017, 6, 30), "calendar") is None
    assert "is not a quarter" in quarter_problem("spring", date(2017, 6, 30), "calendar")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2017, 6, 13), 6, date(2017, 12, 13)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
    ],
)
def test_shift_months_clamps_to_the_months_end(day, months, expected):
    assert shift_months(day, months) == expected


def test_iso_dates_in_a_plan_read_as_written_and_near_misses_say_why():
    from datetime import timedelta

    from hcplan.format.dates import parse_iso_date, read_day

    # Typed by a person (the command line, a due's words), any script's digits read.
    assert read_day("\u0662\u0660\u0662\u0664-\u0660\u0664-\u0660\u0661") == date(2024, 4, 1)
    day = date(1900, 1, 1)
    while day.year < 2101:
        assert parse_iso_date(day.isoformat()) == day
        assert parse_iso_date(f" {day.isoformat()}\n") == day
        day += timedelta(days=37)
    for text, why in (
        ("2024-02-30", "February 2024 has 29 days"),
        ("2023-13-01", "there is no month 13"),
        ("0000-01-01", "outside the years a plan.s dates may take, 1900 to 2199"),
        ("2024-0a-01", "write it as YYYY-MM-DD"),
        ("2024-W01-1", "write it as YYYY-MM-DD"),
        ("20240401", "write it as YYYY-MM-DD"),
        ("\u0662\u0660\u0662\u0664-\u0660\u0664-\u0660\u0661", "write it as YYYY-MM-DD"),  # Arabic-Indic digits
        ("2024-04-01T10", "write it as YYYY-MM-DD"),
        ("13/06/2017", "write it as 2017-06-13"),
    ):
        with pytest.raises(ValueError, match=why):
            parse_iso_date(text)
