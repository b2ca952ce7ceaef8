"""Due times, written the way plans write them, and what they mean.

Plans say when an action is due in words: "Q1 Year 1", "Q2 Year 1
(continuous)", "Year 3-4", "Annually", "As and when they become available".
:func:`parse_due` turns such a text into a :class:`Due`: a *window* of dates
(quarters and years count from the plan's start, on the plan's quarter basis),
or a *continuous*, *recurring* or *conditional* due that is never simply
overdue.

The accepted forms (case and spacing do not matter) are listed in
``docs/format.md`` and, briefly, in :data:`ACCEPTED_FORMS`: quarters and
years of the plan ("Q2 Year 1", "Year 3-4"), financial and calendar quarters
and years ("Q3 2024-25", "FY24/25", "Q1 2017"), months and days ("October
2024", "2024-10-31", "31 October 2024"), "by ..." and "end of ...", "...
(continuous)", recurring words ("Annually", "Six-monthly") and conditions
("As and when ...", "TBC").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from hcplan.format.dates import MONTHS, add_months, long_date, span, window_text

Kind = Literal["window", "continuous", "recurring", "conditional"]
Basis = Literal["calendar", "financial"]

ACCEPTED_FORMS = (
    "'Q2 Year 1', 'Year 2', 'Year 3-4', 'Q3 2024-25', '2024-25', 'FY24/25', 'Q1 2017' (calendar "
    "quarters), '2017', '2024-10', 'October 2024', '31 October 2024', '2024-10-31', "
    "'by ...', 'end of ...', '... (continuous)', 'Continuous', 'Annually', 'Six-monthly', "
    "'Quarterly', 'Monthly', 'As and when ...', 'Dependent upon ...', 'TBC'"
)


class DueError(ValueError):
    """A due text hcplan cannot read; the message lists the accepted forms."""


@dataclass(frozen=True, slots=True)
class Due:
    """What a due text means for one plan.

    ``start`` and ``end`` bound a window (``end`` is the last day, inclusive).
    A continuous due has a ``start`` and no ``end``; a recurring one repeats
    ``every`` year, quarter, month or week; a conditional one has neither.
    ``text`` is the due as written, or None when the action gave none and the
    plan period stands in for it.
    """

    text: str | None
    kind: Kind
    start: date | None = None
    end: date | None = None
    every: str | None = None

    def closed_by(self, as_of: date) -> bool:
        """True when this is a window whose last day is before ``as_of``."""
        return self.kind == "window" and self.end is not None and self.end < as_of

    def describe(self) -> str:
        """The meaning in words: ``April–June 2024``, ``continuous from July 2017``."""
        if self.kind == "window" and self.start and self.end:
            return window_text(self.start, self.end)
        if self.kind == "continuous":
            return f"continuous from {long_date(self.start)}" if self.start else "continuous"
        if self.kind == "recurring":
            return {"year": "every year", "half-year": "every six months", "quarter": "every quarter", "month": "every month"}.get(
                self.every or "", f"every {self.every}"
            )
        return "when a condition is met"


_CONDITIONAL = re.compile(
    r"(as and when|dependent (on|upon)|depending (on|upon)|depends (on|upon)|subject to|"
    r"when|if|once|upon|on request|tbc|to be confirmed)\b"
)
_RECURRING = {
    "annually": "year",
    "annual": "year",
    "yearly": "year",
    "every year": "year",
    "each year": "year",
    "quarterly": "quarter",
    "every quarter": "quarter",
    "each quarter": "quarter",
    "monthly": "month",
    "every month": "month",
    "each month": "month",
    "weekly": "week",
    "every week": "week",
    "biannually": "half-year",
    "bi-annually": "half-year",
    "half-yearly": "half-year",
    "six-monthly": "half-year",
    "every six months": "half-year",
    "twice a year": "half-year",
}
_CONTINUOUS = {"continuous", "continuously", "continual", "ongoing", "on-going", "on going"}
_SUFFIX = re.compile(r"(.+?)\s*\((continuous|ongoing|on-going|on going)\)")
_PLAN_QUARTER = re.compile(r"q([1-4])\s*(?:of\s+)?year\s*(\d+)")
_PLAN_YEARS = re.compile(r"years?\s*(\d+)(?:\s*(?:-|–|to|and)\s*(?:year\s*)?(\d+))?")
_FY = r"(?:fy\s*)?(\d{4})\s*[-/–]\s*(\d{2}|\d{4})|fy\s*(\d{2})\s*[-/–]\s*(\d{2})"
_FY_QUARTER = re.compile(r"q([1-4])\s*(?:" + _FY + ")")
_FY_ONLY = re.compile(
    r"fy\s*(\d{4})\s*[-/–]\s*(\d{2}|\d{4})|(\d{4})\s*[/–]\s*(\d{2}|\d{4})|fy\s*(\d{2})\s*[-/–]\s*(\d{2})"
)
_CAL_QUARTER = re.compile(r"q([1-4])\s*(\d{4})")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"(\d{4})")
_MONTH_NAMES = {name.casefold(): i + 1 for i, name in enumerate(MONTHS)} | {
    name[:3].casefold(): i + 1 for i, name in enumerate(MONTHS)
} | {"sept": 9}
_NAMED_MONTH = re.compile(r"([a-z]+)\.?,?\s+(\d{4})")
_NAMED_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")
_BARE_QUARTER = re.compile(r"q([1-4])")
_LEADING = re.compile(r"(by\s+)?(the\s+)?(end\s+of\s+)?(the\s+)?")


def year_one(period_start: date, basis: Basis) -> date:
    """First day of plan year 1: the calendar or financial year holding the start."""
    if basis == "calendar":
        return date(period_start.year, 1, 1)
    return date(period_start.year if period_start.month >= 4 else period_start.year - 1, 4, 1)


def parse_due(text: str | None, period_start: date, period_end: date, basis: Basis) -> Due:
    """Read a due text for a plan that starts on ``period_start``.

    Args:
        text: the due as written, or None for an action with no due (the plan
            period stands in).
        period_start, period_end: the plan period.
        basis: ``"calendar"`` or ``"financial"`` quarters.

    Raises:
        DueError: the text is not one of the accepted forms, or is ambiguous
            for this plan.
    """
    if text is None:
        return Due(None, "window", period_start, period_end)
    words = " ".join(text.split()).casefold().rstrip(".")
    if not words:
        raise DueError(f"a due time is empty; write one of {ACCEPTED_FORMS}")
    if _CONDITIONAL.match(words):
        return Due(text, "conditional")
    if words in _RECURRING:
        return Due(text, "recurring", period_start, None, _RECURRING[words])
    if words in _CONTINUOUS:
        return Due(text, "continuous", period_start)
    suffix = _SUFFIX.fullmatch(words)
    if suffix:
        inner = _window(suffix.group(1), text, period_start, basis, period_end)
        return Due(text, "continuous", inner[0])
    start, end = _window(words, text, period_start, basis, period_end)
    return Due(text, "window", start, end)


def _window(words: str, text: str, period_start: date, basis: Basis, period_end: date | None = None) -> tuple[date, date]:
    # "by ...", "end of ...", "by the end of ...": the window's last day is what counts.
    words = words[_LEADING.match(words).end() :].strip()  # type: ignore[union-attr]
    first_year = year_one(period_start, basis)
    if match := _BARE_QUARTER.fullmatch(words):
        # "Q2" alone is clear only in a plan of one year.
        if period_end is not None and period_end < add_months(first_year, 12):
            return span(add_months(first_year, (int(match.group(1)) - 1) * 3), 3)
        raise DueError(f"'{text}': which year? write e.g. 'Q{match.group(1)} Year 2'")
    if match := _PLAN_QUARTER.fullmatch(words):
        quarter, year = int(match.group(1)), int(match.group(2))
        _check_year(year, text)
        return span(add_months(first_year, (year - 1) * 12 + (quarter - 1) * 3), 3)
    if match := _PLAN_YEARS.fullmatch(words):
        first = int(match.group(1))
        last = int(match.group(2) or first)
        _check_year(first, text)
        if last < first:
            raise DueError(f"'{text}': the years run backwards")
        start = add_months(first_year, (first - 1) * 12)
        return span(start, (last - first + 1) * 12)
    if match := _FY_QUARTER.fullmatch(words):
        quarter = int(match.group(1))
        first, second = match.group(2, 3) if match.group(2) else ("20" + match.group(4), match.group(5))
        year = _financial_year(first, second, text)
        return span(add_months(date(year, 4, 1), (quarter - 1) * 3), 3)
    if match := _DAY.fullmatch(words):
        try:
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError as exc:
            raise DueError(f"'{text}' is not a real date ({exc})") from None
        return day, day
    if match := _MONTH.fullmatch(words):
        year, second = int(match.group(1)), int(match.group(2))
        if 1 <= second <= 12:
            return span(date(year, second, 1), 1)
        return span(date(_financial_year(match.group(1), match.group(2), text), 4, 1), 12)
    if match := _FY_ONLY.fullmatch(words):
        if match.group(5):
            first, second = "20" + match.group(5), match.group(6)
        else:
            first, second = match.group(1, 2) if match.group(1) else match.group(3, 4)
        return span(date(_financial_year(first, second, text), 4, 1), 12)
    if match := _CAL_QUARTER.fullmatch(words):
        if basis != "calendar":
            raise DueError(
                f"'{text}' is ambiguous in a plan with financial-year quarters; write "
                f"'Q{match.group(1)} {match.group(2)}-{(int(match.group(2)) + 1) % 100:02d}' "
                "for a financial quarter, or a month such as "
                f"'{MONTHS[(int(match.group(1)) - 1) * 3]} {match.group(2)}'"
            )
        quarter, year = int(match.group(1)), int(match.group(2))
        return span(date(year, (quarter - 1) * 3 + 1, 1), 3)
    if match := _NAMED_MONTH.fullmatch(words):
        month = _MONTH_NAMES.get(match.group(1))
        if month:
            return span(date(int(match.group(2)), month, 1), 1)
    if match := _NAMED_DAY.fullmatch(words):
        month = _MONTH_NAMES.get(match.group(2))
        if month:
            try:
                day = date(int(match.group(3)), month, int(match.group(1)))
            except ValueError as exc:
                raise DueError(f"'{text}' is not a real date ({exc})") from None
            return day, day
    if match := _YEAR.fullmatch(words):
        return span(date(int(match.group(1)), 1, 1), 12)
    raise DueError(f"'{text}' is not a due time hcplan can read; write one of {ACCEPTED_FORMS}")


def _check_year(year: int, text: str) -> None:
    if year < 1:
        raise DueError(f"'{text}': plan years count from Year 1")
    if year > 50:
        raise DueError(f"'{text}': Year {year} is beyond any plan")


def _financial_year(first: str, second: str, text: str) -> int:
    """The starting calendar year of a financial year written ``2024-25``."""
    start = int(first)
    following = int(second)
    expected = start + 1
    if following == expected or (len(second) == 2 and following == expected % 100):
        return start
    raise DueError(
        f"'{text}': a financial year runs into the next year, e.g. "
        f"{start}-{expected % 100:02d}"
    )
