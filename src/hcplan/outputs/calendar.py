"""Calendars: what plans have due, and when their groups meet, as one iCalendar file.

``hcplan calendar`` writes it; people subscribe to it (or import it) in
Outlook, Google or Apple calendars. What goes in, and how:

* **Every event is all day, on the day something is due.** A window ("Q2
  Year 1") or deadline ("31/03/2018") is one event on its last day: the day
  by which it must be done, which is the day it turns overdue after. (A
  window drawn as a span of months would cover every day of a month view;
  the window is in the event's description.) A start ("July 2017 launch")
  is one event on its first day.
* **A recurring action is one recurring event**: an RRULE whose days are the
  last days of its occurrences (``Due.occurrences``: each due by the end of
  its period), bounded by ``UNTIL`` its last one. Each rule is expanded
  before it is written (dateutil's RFC 5545 rules) and must give exactly
  those days; if it ever did not, the days are written as ``RDATE`` instead.
  A continuous action reviewed at its own cadence ("Ongoing (reviewed
  quarterly)") has a recurring review event the same way; a continuous one
  that starts after the plan does has an event on its start. Conditional
  actions, those with no date, and continuous ones from the plan's first
  day have no day to show and are left out (and counted).
* **Meetings** (the plan's ``meetings:``): an event per listed day, and one
  recurring event for a cadence.
* **Done actions are left out** (nothing is due any more); ``done=True``
  keeps them, marked ``(done)``.
* **Every event links back**: the plan and action ID in the description and
  in ``X-HCPLAN-PLAN`` / ``X-HCPLAN-ACTION``; leads as ``CATEGORIES``.
  Descriptions hold the action, objective, leads, rating, due and
  conditions: never updates or notes, so nothing private.
* **UIDs are stable**: a UUID made from the plan's identity (its
  organisation and the first day of its period) and the action's ID, or
  the meeting's day. Editing anything else, the title, the text, the due,
  keeps them, so a subscribed calendar moves an event rather than adding
  another. An action carried over (``from:``) gets a UID of its own (both
  plans may be in one calendar) and a ``RELATED-TO`` naming the event of
  the action it came from. ``DTSTAMP`` is when the file was made
  (``SOURCE_DATE_EPOCH`` when set, for a reproducible file), as
  ``METHOD:PUBLISH`` asks.

The icalendar library writes the file (escaping, line folding); it is
imported only here, only when a calendar is made.
"""

from __future__ import annotations

import os
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from hcplan import __version__
from hcplan.errors import UsageError
from hcplan.format.dates import long_date, window_text

if TYPE_CHECKING:
    from hcplan.format.due_meaning import Due
    from hcplan.format.model import Plan
    from hcplan.views.rows import Row

#: The namespace of hcplan's UIDs (RFC 4122 name-based UUIDs); never change it,
#: or every subscribed calendar sees every event replaced.
NAMESPACE = uuid.UUID("c5da4661-1f7c-44de-9559-be3c5f9d85d3")

#: How much of an action's text a summary shows; the description has it whole.
SUMMARY_WORDS = 60


class CalendarError(UsageError):
    """A calendar cannot be made of these plans (e.g. two copies of one plan)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One event: on ``days[0]``, and, when it recurs, on each of ``days``.

    ``rule`` is the RRULE (its parts, by name) meant to give exactly ``days``;
    None for an event on one day.
    """

    uid: str
    summary: str
    description: str
    days: tuple[date, ...]
    rule: dict[str, Any] | None = None
    categories: tuple[str, ...] = ()
    plan: str = ""
    action: str | None = None
    related: str | None = None


@dataclass(slots=True)
class Calendar:
    """The events of a calendar, and what was left out of it and why."""

    entries: list[Entry] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)
    names: list[str] = field(default_factory=list)
    read: list[str] = field(default_factory=list)  # other plans read: where actions were carried from


def identity(plan: Plan) -> str:
    """What a plan is, for UIDs: its organisation and the first day of its period."""
    return f"{' '.join(plan.organisation.split()).casefold()}\n{plan.period.start.isoformat()}"


def uid(plan: Plan, what: str) -> str:
    """The UID of the event of ``what`` (``action 5.2``, ``meeting 2024-06-12``) in ``plan``."""
    return str(uuid.uuid5(NAMESPACE, f"{identity(plan)}\n{what}"))


def plan_label(plan: Plan) -> str:
    """A plan's period in short (``2024-25``, ``2017–2020``), to tell plans apart."""
    return window_text(plan.period.start, plan.period.end)


# --- the events ------------------------------------------------------------------------


def calendar(
    plans: Iterable[tuple[str, str, Plan]],
    as_of: Callable[[Plan], date],
    keep: Callable[[Plan], Callable[[Row], bool]] | None = None,
    *,
    done: bool = False,
) -> Calendar:
    """The events of ``plans`` (``(path, shown, plan)``: the file, how to name it in
    the calendar, the plan), each as of its day ``as_of(plan)``, of the actions
    ``keep(plan)`` keeps (all when it is None); done ones only with ``done``.

    Raises:
        CalendarError: two of the plans are one plan (the same organisation
            and start): their events would have the same UIDs.
    """
    from hcplan.views.public import public
    from hcplan.views.rows import rows

    plans = list(plans)
    seen: dict[str, str] = {}
    for _, shown, plan in plans:
        if identity(plan) in seen:
            raise CalendarError(
                f"{seen[identity(plan)]} and {shown} are the same plan (the same organisation and start), "
                "so their events would be one another's: put one of them in the calendar"
            )
        seen[identity(plan)] = shown
    found = Calendar()
    several = len(plans) > 1
    earlier: dict[str, Plan | None] = {}  # the plans actions were carried over from, by file
    for path, shown, plan in plans:
        found.names.append(plan.title)
        wanted = keep(plan) if keep else None
        # A published calendar: ratings as of a day come from the public history only.
        for row in rows(path, public(plan), as_of(plan)):
            if wanted is not None and not wanted(row):
                continue
            if row.done and not done:
                found.left_out["done"] += 1
                continue
            entry = action_entry(row, shown, several, earlier)
            if isinstance(entry, str):
                found.left_out[entry] += 1
            else:
                found.entries.append(entry)
        found.entries.extend(meeting_entries(plan, shown, several))
    found.read = sorted(file for file, read in earlier.items() if read is not None)
    return found


def action_entry(
    row: Row, shown: str, several: bool = False, earlier: dict[str, Plan | None] | None = None
) -> Entry | str:
    """The event of one action, or why it has none: ``continuous``, ``conditional``,
    ``no date`` (which includes a due hcplan cannot read). ``earlier`` keeps the
    plans read to find where carried-over actions came from."""
    from hcplan.format.due_meaning import cadence_step

    due, plan, action = row.due, row.plan, row.action
    if due is None or due.kind == "none":
        return "no date"
    if due.kind == "conditional":
        return "conditional"
    rule = None
    if due.kind in ("window", "deadline") and due.end:
        days, verb, when = [due.end], "due", _dated_words(due)
    elif due.kind == "start" and due.start:
        days, verb, when = (
            [due.start],
            "starts",
            f"It starts {due.describe().removeprefix('starts ')}: this is its first day.",
        )
    elif due.kind in ("recurring", "continuous") and due.every:
        # Those due within the plan: one that would end after it is no occurrence of it
        # (as the overdue listing judges them).
        occurrences = [o for o in due.occurrences(end=plan.period.end) if o.end <= plan.period.end]
        if not occurrences:
            return "no date"
        days = [o.end for o in occurrences]
        rule = recurrence(days, *cadence_step(due.every))
        verb = "due" if due.kind == "recurring" else "review"
        when = _recurring_words(due, occurrences[0].label, occurrences[-1].label)
    elif due.kind == "continuous" and due.start and due.start > plan.period.start:
        days, verb, when = (
            [due.start],
            "starts",
            f"It starts {long_date(due.start)} and continues: this is its first day.",
        )
    else:
        return "continuous"
    summary = f"{action.id} {verb}{' (done)' if row.done else ''}: {_short(action.text)}"
    if several:
        summary = f"{summary} [{plan_label(plan)}]"
    return Entry(
        uid=uid(plan, f"action {action.id}"),
        summary=summary,
        description=_description(row, shown, when),
        days=tuple(days),
        rule=rule,
        categories=row.canonical_leads,
        plan=shown,
        action=action.id,
        related=_carried_from(row, {} if earlier is None else earlier),
    )


def meeting_entries(plan: Plan, shown: str, several: bool = False) -> list[Entry]:
    """The plan's meetings: one event for a cadence, one for each other day listed."""
    from hcplan.format.due_meaning import cadence_days, cadence_step

    meetings = plan.meetings
    if meetings is None:
        return []
    label = plan_label(plan)
    summary = f"{plan.group or 'Review'} meeting" + (f" [{label}]" if several else "")
    about = f"The {plan.group} meets" if plan.group else "A meeting"
    description = f"{about} to review {plan.title} ({label}, {shown})."
    categories = (plan.group,) if plan.group else ()
    found: list[Entry] = []
    regular: list[date] = []
    if meetings.every and meetings.first:
        regular = cadence_days(meetings.first, meetings.every, plan.period.end)
        if regular:
            unit, step = cadence_step(meetings.every)
            every = f"every {meetings.every}"
            found.append(
                Entry(
                    uid=uid(plan, "meetings"),
                    summary=summary,
                    description=f"{description}\nIt meets {every}, from {long_date(regular[0])} to {long_date(regular[-1])}.",
                    days=tuple(regular),
                    rule=recurrence(regular, unit, step, last_day=False),
                    categories=categories,
                    plan=shown,
                )
            )
    for day in sorted(set(meetings.dates) - set(regular)):
        found.append(
            Entry(
                uid=uid(plan, f"meeting {day.isoformat()}"),
                summary=summary,
                description=description,
                days=(day,),
                categories=categories,
                plan=shown,
            )
        )
    return found


def recurrence(days: list[date], unit: str, step: int, *, last_day: bool = True) -> dict[str, Any] | None:
    """The RRULE meant to give ``days``, a cadence of ``step`` months or days
    apart; with ``last_day``, each is the last day of its month. None for one day."""
    if len(days) < 2:
        return None
    rule: dict[str, Any]
    if unit == "month" and step % 12 == 0:
        rule = {"FREQ": "YEARLY", "INTERVAL": step // 12}
        if last_day:
            rule |= {"BYMONTH": days[0].month, "BYMONTHDAY": -1}
    elif unit == "month":
        rule = {"FREQ": "MONTHLY", "INTERVAL": step} | ({"BYMONTHDAY": -1} if last_day else {})
    elif step % 7 == 0:
        rule = {"FREQ": "WEEKLY", "INTERVAL": step // 7}
    else:
        rule = {"FREQ": "DAILY", "INTERVAL": step}
    if rule["INTERVAL"] == 1:
        del rule["INTERVAL"]
    return rule | {"UNTIL": days[-1]}


def _dated_words(due: Due) -> str:
    assert due.end is not None
    if due.kind == "window" and due.start and due.start != due.end:
        return f"Due within {window_text(due.start, due.end)}: this is its last day."
    return f"Due by {long_date(due.end)}."


def _recurring_words(due: Due, first: str, last: str) -> str:
    meaning = due.describe()
    span = first if first == last else f"from {first} to {last}"
    if due.kind == "continuous":
        return f"It is {meaning}: each review is due by the last day of its period, {span}."
    noun = f" {due.noun}" if due.noun else ""
    return f"Due {meaning}: each{noun} by the last day of its period, {span}."


def _short(text: str) -> str:
    """The start of ``text`` on one line, cut at a word: a summary, not the whole."""
    words = " ".join(text.split())
    if len(words) <= SUMMARY_WORDS:
        return words
    cut = words[:SUMMARY_WORDS].rsplit(" ", 1)[0].rstrip(",;:.-")
    return cut + "…"


def _description(row: Row, shown: str, when: str) -> str:
    """What the event says: the action, where it is, who leads it, its rating and due.

    Only what public reports show: never an update or a note.
    """
    from hcplan.outputs.words import rating_words

    action, plan, theme = row.action, row.plan, row.theme
    leads = ", ".join(action.leads) or "none named"
    lines = [
        f"Action {action.id} of {plan.title} ({plan_label(plan)}, {shown})",
        _lines(action.text).strip(),
        "",
        when,
        f"Due: {_due_words(row)}",
        f"{'Leads' if len(action.leads) > 1 else 'Lead'}: {leads}",
        f"Rating: {rating_words(row.status, row.rag)}",
    ]
    if action.conditions:
        lines.append("Conditions: " + "; ".join(action.conditions))
    lines.append(f"Objective {row.objective.id}: {' '.join(row.objective.text.split())}")
    lines.append(f"Theme {theme.number}" + (f": {theme.name}" if theme.name else ""))
    if action.from_ is not None:
        source = f" of {action.from_.plan}" if action.from_.plan else ""
        lines.append(f"Carried over from action {action.from_.action}{source}")
    return "\n".join(lines)


def _due_words(row: Row) -> str:
    """The due as written and what it means: ``meet quarterly (every quarter)``."""
    if row.due_text is None:
        return "none given, so by the end of the plan"
    from hcplan.format.due_meaning import due_for_people

    return due_for_people(row.due_text, row.due.describe() if row.due is not None else None)


def _carried_from(row: Row, earlier: dict[str, Plan | None]) -> str | None:
    """The UID of the event of the action this one was carried over from, when its
    plan can be read (``earlier`` keeps the plans read, by file)."""
    from hcplan.checking.links import resolve
    from hcplan.checking.loader import load_plan

    origin = row.action.from_
    if origin is None or not origin.plan or not row.path:
        return None
    target = resolve(origin.plan, row.path)
    if target not in earlier:
        earlier[target] = load_plan(target, checks=False).plan if os.path.isfile(target) else None
    plan = earlier[target]
    return uid(plan, f"action {origin.action}") if plan is not None else None


# --- the file ----------------------------------------------------------------------


def stamp_now() -> datetime:
    """When the file is made, in UTC to the second: ``SOURCE_DATE_EPOCH`` when set
    (reproducible builds), else now (as for a value that is no time: ``abc``, or past
    the year 9999)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):  # beyond any year a calendar holds: not a time
            pass
    return datetime.now(UTC).replace(microsecond=0)


def expand(rule: dict[str, Any], first: date) -> list[date]:
    """The days ``rule`` gives from ``first``, by dateutil's RFC 5545 rules, read from
    the text icalendar writes for it (what a calendar reads)."""
    from dateutil.rrule import rrulestr
    from icalendar import vRecur

    text = vRecur(rule).to_ical().decode("ascii")  # type: ignore[no-untyped-call]
    start = datetime.combine(first, time())
    return [moment.date() for moment in rrulestr(text, dtstart=start)]


def to_ical(found: Calendar, stamp: datetime | None = None) -> bytes:
    """The iCalendar file of ``found``, as bytes (UTF-8, CRLF, folded lines)."""
    import icalendar

    stamp = stamp or stamp_now()
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//hcplan//hcplan {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = found.names[0] if len(found.names) == 1 else "; ".join(found.names) or "hcplan"
    # TEXT values (RFC 7986; the X- name Apple and Google read): escaped and on one line,
    # which icalendar does only for the properties it knows the type of.
    cal.add("name", icalendar.vText(_one_line(name)))
    cal.add("x-wr-calname", icalendar.vText(_one_line(name)))
    for entry in found.entries:
        cal.add_component(_event(entry, stamp))
    return cal.to_ical()


def _event(entry: Entry, stamp: datetime) -> Any:
    import icalendar

    event = icalendar.Event()
    first = entry.days[0]
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", first)
    event.add("dtend", first + timedelta(days=1))
    event.add("summary", _one_line(entry.summary))
    event.add("description", _lines(entry.description))
    event.add("transp", "TRANSPARENT")  # a day something is due: not busy
    if entry.rule is not None:
        if expand(entry.rule, first) == list(entry.days):
            event.add("rrule", entry.rule)
        else:  # never for the cadences hcplan reads (tested), but the days are what matter
            # All of them: DTSTART is one by RFC 5545, but not every client counts it.
            event.add("rdate", list(entry.days))
    if entry.categories:
        event.add("categories", [_one_line(c) for c in entry.categories])
    if entry.related:
        event.add("related-to", entry.related, parameters={"RELTYPE": "SIBLING"})
    event.add("x-hcplan-plan", _one_line(entry.plan))
    if entry.action is not None:
        event.add("x-hcplan-action", _one_line(entry.action))
    return event


#: Control characters iCalendar text may not hold (all but tab and line feed).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _lines(text: str) -> str:
    """Text with every line break one ``\\n`` (as iCalendar text writes it) and no
    other control character."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())
