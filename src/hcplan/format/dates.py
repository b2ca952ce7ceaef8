"""Dates the British way, and the small calendar sums plans need."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: date | None) -> str:
    """``13 June 2017``; an empty string for no date."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date | None) -> str:
    """``13 Jun 2017``, for narrow table columns."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s month."""
    years, month = divmod(day.month - 1 + months, 12)
    return date(day.year + years, month + 1, 1)


def shift_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier, if negative), clamped to the
    month's end: 31 August + 6 months is 28 February."""
    first = add_months(day, months)
    following = add_months(first, 1)
    last = (following - timedelta(days=1)).day
    return first.replace(day=min(day.day, last))


def months_back(day: date, months: int) -> date:
    """The same day ``months`` earlier, clamped to the month's end (31 May -> 28 Feb)."""
    return shift_months(day, -months)


def span(first: date, months: int) -> tuple[date, date]:
    """The window of ``months`` whole months starting at ``first``: (start, last day)."""
    return first, add_months(first, months) - timedelta(days=1)


def window_text(start: date, end: date) -> str:
    """A window in words: ``April–June 2024``, ``2024-25``, ``13 June 2017``."""
    if start == end:
        return long_date(start)
    whole_months = start.day == 1 and (end + timedelta(days=1)).day == 1
    if whole_months:
        last = end.replace(day=1)
        if start.year == last.year:
            if start.month == last.month:
                return f"{MONTHS[start.month - 1]} {start.year}"
            if start.month == 1 and last.month == 12:
                return str(start.year)
            return f"{MONTHS[start.month - 1]}–{MONTHS[last.month - 1]} {start.year}"
        if start.month == 1 and last.month == 12:
            return f"{start.year}–{last.year}"
        if start.month == 4 and last.month == 3 and last.year == start.year + 1:
            return f"{start.year}-{str(last.year)[2:]}"
        return f"{MONTHS[start.month - 1]} {start.year} – {MONTHS[last.month - 1]} {last.year}"
    return f"{long_date(start)} – {long_date(end)}"


class Pattern:
    """A regular expression compiled when first used: most runs of hcplan only write
    dates, and compiling every way of reading one cost each start a few milliseconds."""

    __slots__ = ("_compiled", "_pattern")

    def __init__(self, pattern: str) -> None:
        self._pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def fullmatch(self, text: str) -> re.Match[str] | None:
        if self._compiled is None:
            self._compiled = re.compile(self._pattern)
        return self._compiled.fullmatch(text)


#: A date in a plan file: ASCII digits, as ISO 8601 and the schema's "date" have it.
_FILE_DATE = Pattern(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: A date as people type it (on the command line, in a due's words): any script's digits.
_ISO_DATE = Pattern(r"\d{4}-\d{2}-\d{2}")
_DMY_DATE = Pattern(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def parse_iso_date(value: object) -> date:
    """A date written ``YYYY-MM-DD``; other ways of writing one get a plain answer.

    Raises:
        ValueError: not an ISO date, or not a real one ("2026-02-31"); a
            British ``13/06/2017`` is told how to write it.
    """
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise ValueError("expected a date written as YYYY-MM-DD")
    text = value.strip()
    if (
        len(text) == 10
        and text.isascii()
        and text[4] == text[7] == "-"
        and text[:4].isdigit()
        and text[5:7].isdigit()
        and text[8:].isdigit()
    ):
        # The common case at C speed (a plan has a date on every update); a
        # day that is not real raises, and the words below say why.
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    if _FILE_DATE.fullmatch(text):
        year, month, day = text.split("-")
        return real_date(int(year), int(month), int(day), text)
    british = _DMY_DATE.fullmatch(text)
    if british:
        day, month, year = british.groups()
        raise ValueError(f"'{text}' is not an ISO date; write it as {year}-{int(month):02d}-{int(day):02d}")
    raise ValueError(f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2017-06-13")


# --- quarters ---------------------------------------------------------------------------


class Quarter(NamedTuple):
    """A quarter of a year on a plan's basis, named as the plan names it."""

    start: date
    end: date
    name: str

    @property
    def words(self) -> str:
        return window_text(self.start, self.end)


def quarter_of(day: date, basis: str) -> Quarter:
    """The quarter holding ``day``: ``Q3 2024-25`` (financial) or ``Q4 2024`` (calendar)."""
    first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    end = add_months(first, 3) - timedelta(days=1)
    if basis == "financial":
        year = first.year if first.month >= 4 else first.year - 1
        number = (first.month - 4) % 12 // 3 + 1
        return Quarter(first, end, f"Q{number} {year}-{(year + 1) % 100:02d}")
    return Quarter(first, end, f"Q{(first.month - 1) // 3 + 1} {first.year}")


# --- reading dates as people write them ---------------------------------------------------

#: Month names and their usual short forms, to month numbers.
MONTH_NUMBERS = (
    {name.casefold(): i + 1 for i, name in enumerate(MONTHS)}
    | {name[:3].casefold(): i + 1 for i, name in enumerate(MONTHS)}
    | {"sept": 9, "june": 6, "july": 7}
)
#: A month name or short form, as a regular expression (longest first).
MONTH_NAME = "(" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"


def full_year(digits: str, near: int) -> int:
    """The year a plan means by ``digits``: ``18`` near 2017 is 2018; four digits as written."""
    if len(digits) != 2:
        return int(digits)
    year = near - near % 100 + int(digits)
    return min((year - 100, year, year + 100), key=lambda y: abs(y - near))


def real_date(year: int, month: int, day: int, text: str) -> date:
    """``date(year, month, day)``, or a plain ValueError naming ``text``."""
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(not_a_date(year, month, day, text)) from None


def not_a_date(year: int, month: int, day: int, text: str) -> str:
    """Why ``text`` (read as ``day``/``month``/``year``) is not a day, in plain words:
    ``'31/02/2026' is not a date: February 2026 has 28 days``."""
    import calendar

    if not 1 <= month <= 12:
        swap = 1 <= day <= 12 < month <= 31 and not _ISO_DATE.fullmatch(text.strip())
        swapped = f" (the day comes first: {month:02d}/{day:02d}/{year})" if swap else ""
        return f"'{text}' is not a date: there is no month {month}{swapped}"
    if day < 1:
        return f"'{text}' is not a date: there is no day {day}"
    if not 1 <= year <= 9999:
        return f"'{text}' is not a date: there is no year {year}"
    days = calendar.monthrange(year, month)[1]
    return f"'{text}' is not a date: {MONTHS[month - 1]} {year} has {days} days"


_BRITISH = Pattern(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})")
_NAMED = Pattern(r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s\-]+" + MONTH_NAME + r",?[\s\-]+(\d{4}|\d{2})")
_NAMED_US = Pattern(MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


def read_day(text: str, near: int | None = None, *, full_years: bool = False) -> date | None:
    """A day written ISO (``2017-10-10``), the British way, day first
    (``10/10/2017``, ``10.10.17``, ``10-10-2017``) or in words (``10 October
    2017``, ``10th Oct 17``, ``October 10, 2017``); None for anything else.

    Two-digit years are the ones nearest ``near`` (default: this century's);
    with ``full_years`` they are refused (``01/02/03`` could be any order of
    day, month and year), saying how to write the day in full.

    Raises:
        ValueError: the text is a day, but not a real one (``31/02/2018``),
            or (``full_years``) its year has two digits.
    """
    words = " ".join(text.split()).casefold()
    near = near or date.today().year
    if _ISO_DATE.fullmatch(words):
        year, month, day = (int(part) for part in words.split("-"))
        return real_date(year, month, day, text)
    if match := _BRITISH.fullmatch(words):
        day_text, mark, month_text, year_text = match.groups()
        if full_years and len(year_text) == 2:
            year = full_year(year_text, near)
            written = f"{day_text}{mark}{month_text}{mark}{year}"
            raise ValueError(
                f"'{text}': a two-digit year is ambiguous; write the year in full, day first: "
                f"{written}, or as {real_date(year, int(month_text), int(day_text), written).isoformat()}"
            )
        return real_date(full_year(year_text, near), int(month_text), int(day_text), text)
    if match := _NAMED.fullmatch(words):
        day_text, month_text, year_text = match.groups()
        if full_years and len(year_text) == 2:
            raise ValueError(f"'{text}': a two-digit year is ambiguous; write the year in full, e.g. 13 June 2017")
        return real_date(full_year(year_text, near), MONTH_NUMBERS[month_text], int(day_text), text)
    if match := _NAMED_US.fullmatch(words):
        month_text, day_text, year_text = match.groups()
        return real_date(int(year_text), MONTH_NUMBERS[month_text], int(day_text), text)
    return None


_QUARTER = Pattern(r"(?:q|quarter)\s*([1-4])\s*,?\s*(?:of\s+)?(?:fy\s*)?(\d{4}|\d{2})(?:\s*[/\-]\s*(\d{4}|\d{2}))?")


def parse_quarter(text: str, basis: str | None = None, near: int | None = None) -> Quarter | None:
    """A quarter written ``Q2 2017/18``, ``Q2 2017-18``, ``Q2 17/18`` or
    ``Quarter 2 FY2017/18`` (a financial year's quarter), or ``Q2 2017`` (a
    calendar quarter, only when ``basis`` is ``calendar``); None for anything
    else.

    Raises:
        ValueError: a quarter that cannot be placed: ``Q2 2017`` without a
            calendar basis, or a financial year that does not run into the next.
    """
    words = " ".join(text.split()).casefold()
    match = _QUARTER.fullmatch(words)
    if not match:
        return None
    number, first, second = int(match.group(1)), match.group(2), match.group(3)
    near = near or date.today().year
    year = full_year(first, near)
    if second is None:
        if basis != "calendar" or len(first) != 4:
            raise ValueError(
                f"'{text}' could be a calendar or a financial quarter; write "
                f"'Q{number} {year}-{(year + 1) % 100:02d}' for the financial one"
            )
        return quarter_of(date(year, (number - 1) * 3 + 1, 1), "calendar")
    if full_year(second, year) != year + 1:
        raise ValueError(f"'{text}': a financial year runs into the next, e.g. {year}-{(year + 1) % 100:02d}")
    return quarter_of(add_months(date(year, 4, 1), (number - 1) * 3), "financial")


class QuarterDay(date):
    """A day given as a quarter without its financial year (``Q3 2024``), read as a
    calendar quarter: what the quarter means depends on a plan's quarters, so a
    plan of financial quarters refuses it (:func:`hcplan.views.years.asked_day`).
    ``quarter`` is the text as given."""

    quarter: str

    @classmethod
    def of(cls, day: date, quarter: str) -> QuarterDay:
        found = cls(day.year, day.month, day.day)
        found.quarter = quarter
        return found

    def __reduce__(self) -> Any:  # date's own drops the quarter
        return (_quarter_day, (self.year, self.month, self.day, self.quarter))


def _quarter_day(year: int, month: int, day: int, quarter: str) -> QuarterDay:
    return QuarterDay.of(date(year, month, day), quarter)


def parse_day(text: str, today: date, basis: str | None = None) -> date:
    """A day as a person gives it: ISO (``2017-10-10``), British, day first
    (``10/10/2017``, ``10.10.2017``), in words (``10 October 2017``),
    ``today``, ``yesterday``, or a quarter's return (``Q2 2017/18``, ``Q2
    2017-18``): the quarter's last day, or ``today`` while the quarter runs.

    ``basis`` (``calendar`` or ``financial``) is the plan's: with
    ``calendar``, ``Q2 2017`` is April to June 2017.

    Raises:
        ValueError: not a day or quarter, not a real day, or a quarter not
            yet begun; the message says how to write it.
    """
    words = " ".join(text.split()).casefold()
    if words == "today":
        return today
    if words == "yesterday":
        return today - timedelta(days=1)
    quarter = parse_quarter(words, basis, today.year)
    if quarter is not None:
        if quarter.start > today:
            raise ValueError(f"'{text}' ({quarter.words}) has not begun")
        last = min(quarter.end, today)
        if basis == "calendar" and not _QUARTER.fullmatch(words).group(3):  # type: ignore[union-attr]
            return QuarterDay.of(last, text.strip())  # no financial year: a plan's quarters decide
        return last
    day = read_day(words, today.year, full_years=True)
    if day is None:
        raise ValueError(
            f"'{text}' is not a date; write it as 2017-06-13, 13/06/2017 (day first) or a quarter, e.g. Q2 2017-18"
        )
    return day


def quarter_problem(quarter: str, day: date, basis: str) -> str | None:
    """What is wrong with an update marked as ``quarter``'s return and dated ``day``, or None."""
    try:
        found = parse_quarter(quarter, basis, day.year)
    except ValueError as exc:
        return str(exc)
    if found is None:
        return f"'{quarter}' is not a quarter; write it as e.g. Q2 {day.year}-{(day.year + 1) % 100:02d}"
    if not found.start <= day <= found.end:
        return f"the {quarter} return is dated {long_date(day)}, outside the quarter ({found.words})"
    return None
