"""Dates the British way, and the small calendar sums plans need."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

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


def months_back(day: date, months: int) -> date:
    """The same day ``months`` earlier, clamped to the month's end (31 May -> 28 Feb)."""
    first = add_months(day, -months)
    following = add_months(first, 1)
    last = (following - timedelta(days=1)).day
    return first.replace(day=min(day.day, last))


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


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DMY_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


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
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"'{text}' is not a real date ({exc})") from None
    british = _DMY_DATE.fullmatch(text)
    if british:
        day, month, year = british.groups()
        raise ValueError(f"'{text}' is not an ISO date; write it as {year}-{int(month):02d}-{int(day):02d}")
    raise ValueError(f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2017-06-13")


def parse_day(text: str) -> date:
    """A day given on the command line (``--as-of``, ``--date``, ``--since``): ``YYYY-MM-DD``.

    Every command reads days through this one function, so they all accept
    the same and refuse the same, with the same words; an empty text is no day.

    Raises:
        ValueError: not a date (the message says how to write it).
    """
    return parse_iso_date(text)
