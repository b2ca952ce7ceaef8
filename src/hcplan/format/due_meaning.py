"""What a due means: the :class:`Due` a due text is read as (:mod:`hcplan.format.due`), and
what it says over the year: its occurrences, when it is late, when it needs an update.

The kinds are described in :mod:`hcplan.format.due`. A Due is plain data (a
NamedTuple: a listing reads thousands back, and every start defines the
class): a row of a listing carries it, and reading it back (from the cache,
from a worker process) needs this module only, not the reading of due texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Literal, NamedTuple

from hcplan.format.dates import MONTHS, add_months, long_date, quarter_of, shift_months, span, window_text

Kind = Literal["window", "deadline", "start", "recurring", "continuous", "conditional", "none"]
Basis = Literal["calendar", "financial"]

#: How often a continuous action (or one under way since its start) needs an
#: update when its due does not say: once a quarter.
DEFAULT_UPDATE_EVERY = "quarter"


def quiet(start: date, as_of: date, update_dates: Iterable[date], every: str | None = None) -> bool:
    """True when something under way since ``start`` has been so for at least one cadence
    (``every``, else :data:`DEFAULT_UPDATE_EVERY`) and has no update dated in the last one,
    up to ``as_of``: it needs an update."""
    unit, step, _ = _cadence(every or DEFAULT_UPDATE_EVERY)
    cutoff = shift_months(as_of, -step) if unit == "month" else as_of - timedelta(days=step)
    if start > cutoff:
        return False  # under way for less than one cadence
    return not any(cutoff < day <= as_of for day in update_dates)


#: The kinds that have a day by which the action must be done.
DATED: frozenset[str] = frozenset({"window", "deadline"})


class Occurrence(NamedTuple):
    """One period of a recurring due (or the window of a dated one): due by ``end``."""

    start: date
    end: date
    label: str

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


#: Each cadence: its step in months or days, and its words.
_CADENCES: dict[str, tuple[str, int, str]] = {
    "year": ("month", 12, "every year"),
    "half-year": ("month", 6, "every six months"),
    "quarter": ("month", 3, "every quarter"),
    "two months": ("month", 2, "every two months"),
    "month": ("month", 1, "every month"),
    "two weeks": ("day", 14, "every two weeks"),
    "week": ("day", 7, "every week"),
}


def cadence_step(every: str) -> tuple[Literal["month", "day"], int]:
    """A cadence's step: (``"month"``, months) or (``"day"``, days): ``quarter`` is (month, 3)."""
    unit, step, _ = _cadence(every)
    return ("month" if unit == "month" else "day"), step


def cadence_days(first: date, every: str, last: date) -> list[date]:
    """``first`` and each day one cadence after the one before, up to ``last``:
    the same day of the month for cadences of months (up to the 28th, which
    every month has), the same weekday for cadences of weeks."""
    unit, step = cadence_step(every)
    days: list[date] = []
    n = 0
    while True:
        day = shift_months(first, n * step) if unit == "month" else first + timedelta(days=n * step)
        if day > last:
            return days
        days.append(day)
        n += 1


def cadence_words(every: str) -> str:
    """A cadence in words: ``every quarter``, ``every 6 weeks``."""
    return _cadence(every)[2]


def _cadence(every: str) -> tuple[str, int, str]:
    """(unit, count, words) of a cadence: a name above, or ``"6 weeks"``, ``"4 months"``."""
    if every in _CADENCES:
        return _CADENCES[every]
    count, unit = every.split()
    if unit.startswith("week"):
        return "day", 7 * int(count), f"every {count} weeks"
    return "month", int(count), f"every {count} months"


class Due(NamedTuple):
    """What a due text means for one plan.

    ``start`` and ``end`` are inclusive days whose meaning follows ``kind``:
    the window (``window``); the window whose last day is the deadline
    (``deadline``; one day for a due written as a day); the window in which
    the action starts (``start``); the span the occurrences fall in
    (``recurring``: the plan period unless the due says otherwise); from when,
    and until when if it says (``continuous``). ``every`` is the cadence of a
    recurring due, or of a continuous one's reviews; ``anchor`` the month a
    yearly (or six-monthly) occurrence falls in. ``text`` is the due as
    written (None when the action gave none and the plan period stands in);
    ``read`` the words that were read when they are not ``text`` (the
    ``due_means`` beside it, a ``timescales`` meaning, or the date inside a
    sentence); ``remark`` what was kept and not read (a remark in brackets);
    ``noun`` what each occurrence is ("meeting"), for the words of a missed one.
    """

    text: str | None
    kind: Kind
    start: date | None = None
    end: date | None = None
    every: str | None = None
    anchor: int | None = None
    basis: Basis = "calendar"
    read: str | None = None
    remark: str | None = None
    noun: str | None = None

    # --- the dates ---------------------------------------------------------------------

    @property
    def deadline(self) -> date | None:
        """The last day to do it by: the end of a window or deadline; None for other kinds."""
        return self.end if self.kind in DATED else None

    def closed_by(self, as_of: date) -> bool:
        """True when this is a window or deadline whose last day is before ``as_of``."""
        deadline = self.deadline
        return deadline is not None and deadline < as_of

    def occurrences(self, start: date | None = None, end: date | None = None) -> list[Occurrence]:
        """The periods it is due in, oldest first, that overlap ``start``..``end``.

        A recurring due has one per period of its cadence within its span
        (each due by its period's last day); a continuous one reviewed at a
        cadence has its review periods (up to ``end`` when it has no end of
        its own); a window or deadline has its one window; other kinds none.
        """
        if self.kind in DATED and self.start and self.end:
            found = [Occurrence(self.start, self.end, window_text(self.start, self.end))]
        elif self.every and self.start and self.kind in ("recurring", "continuous"):
            last = self.end or end
            if last is None:
                return []
            found = list(self._cycle(last))
        else:
            return []
        return [o for o in found if (start is None or o.end >= start) and (end is None or o.start <= end)]

    def _cycle(self, last: date) -> Iterator[Occurrence]:
        assert self.start is not None and self.every is not None
        unit, step, _ = _cadence(self.every)
        if unit == "day":
            first = self.start - timedelta(days=self.start.weekday())  # the Monday
            while first <= last:
                end = first + timedelta(days=step - 1)
                label = f"week of {long_date(first)}" if step == 7 else window_text(first, end)
                yield Occurrence(first, end, label)
                first += timedelta(days=step)
            return
        if self.anchor is not None:
            # One month a year (or every six months): "each October".
            first, length = date(self.start.year, self.anchor, 1), 1
            while add_months(first, -step) >= date(self.start.year, 1, 1):
                first = add_months(first, -step)
        elif step == 3 or step == 1:
            first, length = date(self.start.year, self.start.month, 1), step
            first = add_months(first, -((first.month - 1) % step))  # quarters start Jan, Apr, Jul, Oct
        else:
            first, length = year_one(self.start, self.basis), step
        while add_months(first, length) <= self.start:
            first = add_months(first, step)
        while first <= last:
            _, end = span(first, length)
            if step == 3 and self.anchor is None:
                label = quarter_of(first, self.basis).name
            else:
                label = window_text(first, end)
            yield Occurrence(first, end, label)
            first = add_months(first, step)

    # --- over the year -------------------------------------------------------------------

    def missed(self, as_of: date, update_dates: Iterable[date] = ()) -> Occurrence | None:
        """The last occurrence of a recurring due that ended before ``as_of``, if no
        update is dated within it; None otherwise (and for other kinds)."""
        if self.kind != "recurring":
            return None
        ended = [o for o in self.occurrences(end=as_of) if o.end < as_of]
        if not ended:
            return None
        last = ended[-1]
        return None if any(last.holds(day) for day in update_dates) else last

    def is_late(self, as_of: date, update_dates: Iterable[date] = ()) -> bool:
        """Late on ``as_of``: a window or deadline that has closed, or a recurring
        due whose last ended occurrence has no update dated within it.

        Whether the action is done is the caller's to say: a done action is
        never late.
        """
        if self.kind == "recurring":
            return self.missed(as_of, update_dates) is not None
        return self.closed_by(as_of)

    def next_due(self, as_of: date, update_dates: Iterable[date] = ()) -> date | None:
        """The day by which something is next due, as of ``as_of``: a window's or
        deadline's last day; for a recurring due, the end of its missed
        occurrence, or else of the first occurrence not ended by ``as_of`` that
        has no update yet. None for kinds that are never due, or when no
        occurrence is left."""
        if self.kind in DATED:
            return self.end
        if self.kind != "recurring":
            return None
        days = list(update_dates)
        missed = self.missed(as_of, days)
        if missed is not None:
            return missed.end
        for occurrence in self.occurrences(start=as_of):
            if not any(occurrence.holds(day) for day in days):
                return occurrence.end
        return None

    def days_late(self, as_of: date, update_dates: Iterable[date] = ()) -> int | None:
        """Days since :meth:`next_due` passed (negative: days until it comes)."""
        due = self.next_due(as_of, update_dates)
        return None if due is None else (as_of - due).days

    def needs_update(self, as_of: date, update_dates: Iterable[date] = ()) -> bool:
        """A continuous action, or one past its start, under way for at least one
        cadence (its own, else a quarter) with no update dated in the last one.

        Other kinds never need one: dated and recurring ones are late instead,
        and conditional ones wait for their condition.
        """
        if self.kind not in ("continuous", "start") or self.start is None:
            return False
        if self.kind == "continuous" and self.end is not None and self.end < as_of:
            return False  # it has run its course
        return quiet(self.start, as_of, update_dates, self.every)

    def missed_words(self, as_of: date, update_dates: Iterable[date] = ()) -> str | None:
        """``Q2 2024-25 meeting: no update recorded`` for a missed occurrence; else None."""
        missed = self.missed(as_of, update_dates)
        if missed is None:
            return None
        return f"{missed.label}{' ' + self.noun if self.noun else ''}: no update recorded"

    # --- in words ---------------------------------------------------------------------------

    def describe(self) -> str:
        """The meaning in words: ``April–June 2024``, ``by 31 March 2018``,
        ``starts July 2017``, ``every October``, ``continuous from 1 July 2024``."""
        if self.kind == "window" and self.start and self.end:
            return window_text(self.start, self.end)
        if self.kind == "deadline" and self.end:
            return f"by {long_date(self.end)}"
        if self.kind == "start" and self.start and self.end:
            return f"starts {_start_words(self.start, self.end)}"
        if self.kind == "recurring":
            if self.anchor is not None:
                month = MONTHS[self.anchor - 1]
                if self.every == "half-year":
                    other = MONTHS[(self.anchor + 5) % 12]
                    return f"every {month} and {other}"
                return f"every {month}"
            return _cadence(self.every or "year")[2]
        if self.kind == "continuous":
            words = f"continuous from {long_date(self.start)}" if self.start else "continuous"
            if self.end:
                words += f" until {long_date(self.end)}"
            if self.every:
                words += ", reviewed " + _cadence(self.every)[2]
            return words
        if self.kind == "conditional":
            return "when a condition is met"
        return "no date"


def _start_words(start: date, end: date) -> str:
    """``July 2017`` for a start within a month; else its first day."""
    if start.day == 1 and end == span(start, 1)[1] or start == end:
        return window_text(start, end)
    return long_date(start)


def year_one(period_start: date, basis: Basis) -> date:
    """First day of plan year 1: the calendar or financial year holding the start."""
    if basis == "calendar":
        return date(period_start.year, 1, 1)
    return date(period_start.year if period_start.month >= 4 else period_start.year - 1, 4, 1)


#: An ISO date inside a due as written ("2026-10-31", "by 2026-10-31").
_ISO_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
#: Words a meaning starts with that a due as written need not repeat.
_LEAD_WORDS = re.compile(r"^(?:by|starts|from)\s+", re.I)


def british(written: str) -> str:
    """A due as written, for people: its ISO dates the British way
    (``2026-10-31`` is ``31 October 2026``); files keep the ISO date."""

    def day(match: re.Match[str]) -> str:
        try:
            return long_date(date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:
            return match[0]

    return _ISO_DAY.sub(day, written)


def due_for_people(written: str, meaning: str | None, *more: str) -> str:
    """What every output for people shows of a due: as written (:func:`british`),
    then in brackets what it means, only when that adds something
    (``Q1 Year 1 (April–June 2026)``, not ``June 2026 (June 2026)`` nor
    ``30 September 2026 (by 30 September 2026)``), and ``more`` notes."""
    shown = british(written)
    notes = [n for n in more if n]
    if meaning and _LEAD_WORDS.sub("", meaning).casefold() != _LEAD_WORDS.sub("", shown).casefold():
        notes.insert(0, meaning)
    return f"{shown} ({'; '.join(notes)})" if notes else shown
