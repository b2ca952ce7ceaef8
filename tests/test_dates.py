from datetime import date

import pytest

from hcplan.format.dates import long_date, months_back, window_text


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
