"""The rules a plan must keep beyond its shape: one function per rule.

Each function ``(plan, context) -> findings`` finds the problems of one rule;
its record (ID, severity, meaning, examples) is in :mod:`hcplan.checking.rules`,
which runs them. Findings name the document path they concern;
:mod:`hcplan.checking.loader` turns them into located
:class:`~hcplan.problems.Problem` values.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

from pydantic import BaseModel

from hcplan.checking.alphabets import suspicious_words
from hcplan.checking.text import first_control
from hcplan.format.dates import long_date, quarter_problem
from hcplan.format.due import DueError, DueRangeError, parse_due, read_due, unreadable_message
from hcplan.format.due_meaning import DATED, Due
from hcplan.format.folding import QUOTE_MARKS, composed, fold, straight
from hcplan.format.leads import LeadIndex, lead_key
from hcplan.format.model import Plan
from hcplan.problems import DocPath, Finding
from hcplan.quoting import quote
from hcplan.suggest import did_you_mean, suggest, unseen_difference

if TYPE_CHECKING:
    from hcplan.checking.links import Links


@dataclass(frozen=True, slots=True)
class Context:
    """What the checks need to know beyond the plan: the day it is."""

    today: date = field(default_factory=date.today)
    #: False when the file has no Cyrillic or Greek letter: then no word can mix
    #: alphabets (unless an escape writes one: see ``escapes``).
    foreign_letters: bool = True
    #: False when the file has no backslash: then no text holds an escaped
    #: control character.
    escapes: bool = True
    #: The bidi controls written as they are in the file (not as escapes): the
    #: file's text reports those, each where it is.
    written_bidi: frozenset[str] = frozenset()
    #: What the files the plan links to hold (None: it links to none, or its path is unknown).
    links: Links | None = None


Check = Callable[[Plan, Context], Iterable[Finding]]


def unique_ids(plan: Plan, context: Context) -> Iterator[Finding]:
    """Theme numbers, objective IDs and action IDs are each unique."""
    themes: dict[int, DocPath] = {}
    where: DocPath
    for t, theme in enumerate(plan.themes):
        where = ("themes", t, "number")
        if theme.number in themes:
            yield Finding(where, "unique-id", f"theme {theme.number} is numbered twice", related=themes[theme.number])
        else:
            themes[theme.number] = where
    objectives: dict[str, DocPath] = {}
    for t, theme in enumerate(plan.themes):
        for o, objective in enumerate(theme.objectives):
            where = ("themes", t, "objectives", o, "id")
            if objective.id in objectives:
                message = f"objective ID {quote(objective.id)} is used twice"
                yield Finding(where, "unique-id", message, related=objectives[objective.id])
            else:
                objectives[objective.id] = where
    actions: dict[str, DocPath] = {}
    for ref in plan.actions():
        where = ref.where + ("id",)
        if ref.action.id in actions:
            message = f"action ID {quote(ref.action.id)} is used twice"
            yield Finding(where, "unique-id", message, related=actions[ref.action.id])
        else:
            actions[ref.action.id] = where


def id_case(plan: Plan, context: Context) -> Iterator[Finding]:
    """No two objective IDs, and no two action IDs, differ only in case."""
    objectives = [
        (objective.id, ("themes", t, "objectives", o, "id"))
        for t, theme in enumerate(plan.themes)
        for o, objective in enumerate(theme.objectives)
    ]
    actions = [(ref.action.id, ref.where + ("id",)) for ref in plan.actions()]
    for kind, written in (("objective", objectives), ("action", actions)):
        first: dict[str, tuple[str, DocPath]] = {}
        for item_id, where in written:
            key = item_id.strip().lower()
            if key not in first:
                first[key] = (item_id, where)
            elif first[key][0] != item_id:
                other, there = first[key]
                message = (
                    f"{kind} ID {quote(item_id)} differs from {quote(other)} only in case: hcplan takes an ID "
                    "typed in any case, so either must then be typed exactly; give them IDs that differ otherwise"
                )
                yield Finding(where, "id-case", message, related=there)


def period(plan: Plan, context: Context) -> Iterator[Finding]:
    """The plan period starts before it ends."""
    if plan.period.end < plan.period.start:
        yield Finding(("period", "end"), "period", "the plan period ends before it starts")


def scale(plan: Plan, context: Context) -> Iterator[Finding]:
    """Each rating label is written once, ignoring case."""
    seen: dict[str, DocPath] = {}
    for i, rating in enumerate(plan.scale):
        key = fold(rating.label)
        where = ("scale", i, "label")
        if key in seen:
            yield Finding(where, "scale", f"rating {quote(rating.label)} is in the scale twice", related=seen[key])
        else:
            seen[key] = where


def scale_done(plan: Plan, context: Context) -> Iterator[Finding]:
    """A rating scale has a label that means finished: without one no action is ever
    completed, nor taken off the overdue list (a plan with no scale at all is not warned)."""
    if plan.scale and not any(rating.done for rating in plan.scale):
        labels = ", ".join(r.label for r in plan.scale)
        yield Finding(
            ("scale",),
            "scale-done",
            f"no label of the scale ({labels}) means finished, so no action can ever be "
            "completed: add 'done: true' to the one that does, or add a label such as Completed",
            on_key=True,
        )


def known_leads(plan: Plan, context: Context) -> Iterator[Finding]:
    """A known lead, or an alias, is listed once: names that differ only in case or spacing
    are one lead (only an alias may be its own lead's name in another case)."""
    seen: dict[str, tuple[int, int, DocPath]] = {}
    for i, lead in enumerate(plan.leads):
        for j, name in enumerate([lead.name, *lead.aliases]):
            where: DocPath = ("leads", i) if j == 0 else ("leads", i, "aliases", j - 1)
            other, k, there = seen.setdefault(lead_key(name), (i, j, where))
            if there == where:
                continue
            same = _listed(plan, other, k) == name
            if other == i and not same:
                continue  # its own name in another case or spacing: a way to write it the list accepts
            if same and j == k == 0:
                message = f"lead {quote(name)} is listed twice"
            else:
                message = (
                    f"{_as_listed(plan, i, j)} is listed twice, as {_as_listed(plan, other, k)}"
                    f"{_how(_listed(plan, other, k), name)}; both count as {plan.leads[other].name}: keep one"
                )
            yield Finding(where, "leads", message, related=there)


def _listed(plan: Plan, i: int, j: int) -> str:
    """The name (``j`` 0) or alias ``j`` of the plan's ``i``-th lead."""
    lead = plan.leads[i]
    return lead.name if j == 0 else lead.aliases[j - 1]


def _how(first: str, second: str) -> str:
    """How ``second`` differs from ``first``, two ways of writing one name (the same
    ``lead_key``, or the same :func:`~hcplan.format.folding.fold`): `` in another case``,
    `` in another Unicode form``, `` with another apostrophe or quote mark``, or several."""
    if first == second:
        return ""
    said = []
    a, b = composed(first), composed(second)
    if (a, b) != (first, second):
        said.append(
            "in another Unicode form (an accent typed as a character of its own, as macOS and copies out of PDFs write it)"
        )
    if [c for c in a if c in QUOTE_MARKS] != [c for c in b if c in QUOTE_MARKS]:
        said.append("with another apostrophe or quote mark")
    a, b = straight(a), straight(b)
    if a != b and a.casefold() == b.casefold():
        said.append("in another case")
    elif a != b:
        how = "other spacing" if " ".join(a.split()) == " ".join(b.split()) else "another case and spacing"
        unseen = unseen_difference(second, first)
        said.append(f"in {how}" + (f" (this one {unseen})" if unseen else ""))
    return " " + " and ".join(said)


def _as_listed(plan: Plan, i: int, j: int) -> str:
    """``lead 'Police'`` or ``alias 'CCT' of 'Community Cohesion Team'``."""
    if j == 0:
        return f"lead {quote(plan.leads[i].name)}"
    return f"alias {quote(_listed(plan, i, j))} of {quote(plan.leads[i].name)}"


def action_leads(plan: Plan, context: Context) -> Iterator[Finding]:
    """Every action's lead is one of the plan's known leads or their aliases (in any case:
    a lead written in another case is the lead-case rule's)."""
    index = LeadIndex(plan.leads)
    names = index.names
    if not names:
        return
    for ref in plan.actions():
        for i, lead in enumerate(ref.action.leads):
            if index.canonical(lead) is None:
                yield Finding(
                    ref.where + ("leads", i),
                    "lead",
                    f"lead {quote(lead)} is not one of the plan's leads{did_you_mean(lead, names)}",
                )


def lead_cases(plan: Plan, context: Context) -> Iterator[Finding]:
    """An action's lead is written as the plan's leads write it, case and all."""
    index = LeadIndex(plan.leads)
    names = index.names
    for ref in plan.actions():
        for i, lead in enumerate(ref.action.leads):
            canon = None if index.written_as_listed(lead) else index.canonical(lead)
            if canon is not None:
                written = next(name for name in names if lead_key(name) == lead_key(lead))
                yield Finding(
                    ref.where + ("leads", i),
                    "lead-case",
                    f"lead {quote(lead)} is written {quote(written)} in the plan's leads; it counts as "
                    f"{canon}, but write it the same way",
                )


def unused_leads(plan: Plan, context: Context) -> Iterator[Finding]:
    """Every known lead leads at least one action, or is a partner in one."""
    if not plan.leads or not any(True for _ in plan.actions()):
        return
    index = LeadIndex(plan.leads)
    used: set[str] = set()
    for ref in plan.actions():
        for written in [*ref.action.leads, *ref.action.partners]:
            canon = index.canonical(written)
            # a misspelt lead (the lead rule's) may well mean the leads it is close to
            meant = [canon] if canon is not None else [index.names[m] for m in suggest(written, index.names, n=3)]
            used.update(meant)
    for i, lead in enumerate(plan.leads):
        canon = index.canonical(lead.name) or lead.name
        if canon not in used:
            used.add(canon)  # said once, where it is first listed (a lead listed again is the leads rule's)
            yield Finding(
                ("leads", i),
                "lead-unused",
                f"no action is led by {quote(lead.name)}: a lead left over, misspelt in the "
                "actions, or actions lost from the end of the file",
            )


def statuses(plan: Plan, context: Context) -> Iterator[Finding]:
    """Every status, of an action, an objective or an update, is a label of the plan's own
    scale, exactly (in a plan with no scale, every status fails)."""
    labels = [r.label for r in plan.scale]

    def bad(label: str) -> str:
        if not labels:
            return f"status {quote(label)} cannot be: the plan has no rating scale (add its labels under 'scale:')"
        same = next((other for other in labels if fold(other) == fold(label)), None)
        if same is not None and straight(composed(label)) != label:  # not only another case: say how
            return f"status {quote(label)} is {quote(same)}{_how(same, label)}: write it as the scale does"
        return (
            f"status {quote(label)} is not in the plan's scale{did_you_mean(label, labels)} "
            f"(ratings: {', '.join(labels)})"
        )

    for where, item in plan.rated():
        if item.status is not None and plan.rating(item.status) is None:
            yield Finding(where + ("status",), "status", bad(item.status))
        for u, update in enumerate(item.updates):
            for key in ("status", "was"):
                label = getattr(update, key)
                if label is not None and plan.rating(label) is None:
                    yield Finding(where + ("updates", u, key), "status", bad(label))


def status_history(plan: Plan, context: Context) -> Iterator[Finding]:
    """An action's (or objective's) status is the one its latest rated update set."""
    for where, item in plan.rated():
        rated = [(u, update) for u, update in enumerate(item.updates) if update.status is not None]
        if not rated:
            continue
        u, latest = rated[-1]
        if item.status is not None and plan.rating(item.status) is None:
            continue  # the status rule says what is wrong with it
        if item.status != latest.status:
            current = quote(item.status) if item.status else "not set"
            yield Finding(
                where + (("status",) if item.status is not None else ()),
                "status-history",
                f"status is {current}, but the latest rated update set it to {quote(latest.status)}",
                related=where + ("updates", u, "status"),
                related_as="on line",
            )


def _read(plan: Plan, text: str) -> Due | DueError:
    try:
        return read_due(plan, text)
    except DueError as exc:
        return exc


def _due_places(plan: Plan) -> Iterator[tuple[DocPath, str]]:
    """Every due an action has: its ``due`` (or the ``due_means`` that says what it
    means), and each reschedule's ``from`` and ``to``."""
    for ref in plan.actions():
        action = ref.action
        if action.due_means is not None:
            yield ref.where + ("due_means",), action.due_means
        elif action.due is not None:
            yield ref.where + ("due",), action.due
        for r, change in enumerate(action.rescheduled):
            for key, text in (("from", change.from_), ("to", change.to)):
                if text is not None:
                    yield ref.where + ("rescheduled", r, key), text


def due_times(plan: Plan, context: Context) -> Iterator[Finding]:
    """A due is one hcplan can read; one it cannot is kept as written, and the finding
    names the one rewrite that would be read, or how to give its date beside the words."""
    for where, text in _due_places(plan):
        if where[-1] == "due_means":
            continue
        due = _read(plan, text)
        if isinstance(due, DueError) and not isinstance(due, DueRangeError):
            yield Finding(where, "due", unreadable_message(due))


def due_meanings(plan: Plan, context: Context) -> Iterator[Finding]:
    """A ``due_means`` or ``timescales`` meaning is one hcplan can read: it is written for hcplan."""
    start, end = plan.period.start, plan.period.end
    terms = {" ".join(term.split()).casefold(): term for term in plan.timescales}
    for term, meaning in plan.timescales.items():
        other = terms.get(" ".join(meaning.split()).casefold())
        if other is not None and other != term:
            # A meaning is read as a due, never through the plan's terms: "Short term: Medium
            # term" would read as a due with no date, whatever Medium term means.
            yield Finding(
                ("timescales", term),
                "due-means",
                f"the timescale {quote(term)} means {quote(meaning)}, another of the plan's timescales; "
                "a meaning is read as a due, not through the timescales: write the due it means, e.g. Q2 Year 1",
            )
            continue
        try:
            parse_due(meaning, start, end, plan.quarters)
        except DueRangeError:
            continue  # the due-range rule says so
        except DueError as exc:
            yield Finding(
                ("timescales", term), "due-means", f"the timescale {quote(term)} means {quote(meaning)}, but {exc}"
            )
    for where, text in _due_places(plan):
        if where[-1] == "due_means":
            due = _read(plan, text)
            if isinstance(due, DueError) and not isinstance(due, DueRangeError):
                yield Finding(where, "due-means", f"due_means {due}")


def due_range(plan: Plan, context: Context) -> Iterator[Finding]:
    """Every day a due names (as written, in its ``due_means``, or through the plan's
    ``timescales``) is in the years a plan's dates may take, as every date of a plan
    is: a due of 9999-12-31 or "December 9999" is no day a plan can mean."""
    start, end = plan.period.start, plan.period.end
    for term, meaning in plan.timescales.items():
        try:
            parse_due(meaning, start, end, plan.quarters)
        except DueRangeError as exc:
            yield Finding(
                ("timescales", term), "due-range", f"the timescale {quote(term)} means {quote(meaning)}, but {exc}"
            )
        except DueError:
            continue  # the due-means rule says so
    for where, text in _due_places(plan):
        due = _read(plan, text)
        if isinstance(due, DueRangeError):
            yield Finding(where, "due-range", str(due))


def due_period(plan: Plan, context: Context) -> Iterator[Finding]:
    """A due falls near the plan period: at most a quarter before it starts or after it ends."""
    for where, text in _due_places(plan):
        if where[-1] not in ("due", "due_means"):
            continue
        outside = outside_the_period(plan, text)
        if outside is not None:
            yield Finding(where, "due-period", outside)


def outside_the_period(plan: Plan, text: str) -> str | None:
    """What the due-period rule says of the due ``text`` in ``plan`` (``hcplan update --due``
    says it too), or None: it falls within a quarter of the plan period, or has no dates."""
    start, end = plan.period.start, plan.period.end
    due = _read(plan, text)
    if isinstance(due, DueError) or due.kind not in DATED or due.start is None or due.end is None:
        return None
    if due.start < start - timedelta(days=92) or due.end > end + timedelta(days=92):
        return (
            f"due {quote(text)} ({due.describe()}) is outside the plan period ({long_date(start)} to {long_date(end)})"
        )
    return None


def due_rescheduled(plan: Plan, context: Context) -> Iterator[Finding]:
    """An action's due is where its latest reschedule moved it."""
    for ref in plan.actions():
        action = ref.action
        if action.rescheduled and action.rescheduled[-1].to not in (None, action.due):
            yield Finding(
                ref.where + ("rescheduled", len(action.rescheduled) - 1, "to"),
                "due-rescheduled",
                f"the latest reschedule moved it to {quote(action.rescheduled[-1].to)}, "
                f"but its due is {quote(action.due) if action.due else 'not set'}",
            )


def update_dates(plan: Plan, context: Context) -> Iterator[Finding]:
    """No update is dated in the future, nor more than a year before the plan period; a
    quarter's return (``quarter: Q2 2017-18``) is dated within that quarter."""
    earliest = plan.period.start - timedelta(days=366)
    for item_where, item in plan.rated():
        for u, update in enumerate(item.updates):
            where = item_where + ("updates", u, "date")
            if update.date > context.today:
                yield Finding(where, "update-date", f"update dated {long_date(update.date)} is in the future")
            elif update.date < earliest:
                yield Finding(
                    where,
                    "update-date",
                    f"update dated {long_date(update.date)} is before the plan could exist "
                    f"(the period starts {long_date(plan.period.start)})",
                )
            if update.quarter is not None:
                problem = quarter_problem(update.quarter, update.date, plan.quarters)
                if problem:
                    yield Finding(item_where + ("updates", u, "quarter"), "update-date", problem)


def updates_before_period(plan: Plan, context: Context) -> Iterator[Finding]:
    """No update is dated before the plan period starts (within the year before it)."""
    earliest = plan.period.start - timedelta(days=366)
    for where, item in plan.rated():
        for u, update in enumerate(item.updates):
            if earliest <= update.date < plan.period.start:
                yield Finding(
                    where + ("updates", u, "date"), "update-before-period", before_the_start(update.date, plan)
                )


def before_the_start(day: date, plan: Plan) -> str:
    """What to say of an update dated ``day``, before ``plan``'s period starts."""
    return f"update dated {long_date(day)} is before the plan period starts ({long_date(plan.period.start)})"


def after_the_end(day: date, end: date) -> str:
    """What to say of an update dated ``day``, after its plan ended on ``end``."""
    return (
        f"the plan ended on {long_date(end)}: an update dated {long_date(day)} is not in its listings or "
        "reports, which show an ended plan as at its end; date its final position within the plan "
        f"(--date {end.isoformat()})"
    )


def updates_after_period(plan: Plan, context: Context) -> Iterator[Finding]:
    """No update is dated after the plan period ends: an ended plan is listed and reported as
    at its end, so such an update is in none of its listings or reports. (One dated in the
    future is an error of its own; a period that runs backwards is one of its own.)"""
    if plan.period.end < plan.period.start:
        return
    for where, item in plan.rated():
        for u, update in enumerate(item.updates):
            if plan.period.end < update.date <= context.today:
                yield Finding(
                    where + ("updates", u, "date"), "update-after-period", after_the_end(update.date, plan.period.end)
                )


def meetings_in_period(plan: Plan, context: Context) -> Iterator[Finding]:
    """The group's meetings fall in the plan's period: a listed day outside it, or a first
    regular meeting after it ends (so that none falls in it), is most likely a typo."""
    meetings = plan.meetings
    if meetings is None:
        return
    start, end = plan.period.start, plan.period.end
    within = f"{long_date(start)} to {long_date(end)}"
    for i, day in enumerate(meetings.dates):
        if not start <= day <= end:
            yield Finding(
                ("meetings", "dates", i),
                "meeting-period",
                f"a meeting on {long_date(day)} is outside the plan's period ({within})",
            )
    first = meetings.first
    if first is not None and not start <= first <= end:
        later = "none of them falls in it" if first > end else "those before it start are shown all the same"
        yield Finding(
            ("meetings", "first"),
            "meeting-period",
            f"the regular meetings start on {long_date(first)}, outside the plan's period ({within}): {later}",
        )


def meetings_once(plan: Plan, context: Context) -> Iterator[Finding]:
    """A meeting day is listed once: a day written twice is most likely another day's typo."""
    meetings = plan.meetings
    if meetings is None:
        return
    seen: dict[date, int] = {}
    for i, day in enumerate(meetings.dates):
        if day in seen:
            yield Finding(
                ("meetings", "dates", i),
                "meeting-twice",
                f"the meeting on {long_date(day)} is listed twice (first as day {seen[day] + 1} of the list): "
                "was another day meant?",
            )
        else:
            seen[day] = i


def meeting_days(plan: Plan, context: Context) -> Iterator[Finding]:
    """Regular meetings on a day of the month fall on it in every month they reach in the
    plan's period: a calendar's rule skips a month without the day (31 February)."""
    from calendar import monthrange

    from hcplan.format.dates import MONTHS, add_months
    from hcplan.format.due_meaning import cadence_step

    meetings = plan.meetings
    if meetings is None or meetings.every is None or meetings.first is None:
        return
    unit, step = cadence_step(meetings.every)
    first = meetings.first
    if unit != "month" or first.day <= 28:
        return
    short = set()
    month = first.replace(day=1)
    while month <= plan.period.end:
        if monthrange(month.year, month.month)[1] < first.day:
            short.add(month.month)
        month = add_months(month, step)
    if short:
        names = [MONTHS[m - 1] for m in sorted(short)]
        months = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        yield Finding(
            ("meetings", "first"),
            "meeting-day",
            f"a meeting every {meetings.every} from {long_date(first)} falls on day {first.day} of the month, "
            f"which {months} {'does' if len(names) == 1 else 'do'} not have: start on a day up to the 28th, "
            "or list the days in `dates`",
        )


def update_order(plan: Plan, context: Context) -> Iterator[Finding]:
    """An action's (or objective's) updates are in date order, oldest first: the history is
    read in file order."""
    for where, item in plan.rated():
        previous: date | None = None
        for u, update in enumerate(item.updates):
            if previous is not None and update.date < previous:
                yield Finding(
                    where + ("updates", u, "date"),
                    "update-order",
                    f"update dated {long_date(update.date)} comes after one dated "
                    f"{long_date(previous)}; keep updates oldest first",
                )
            previous = max(previous or update.date, update.date)


def was_of_the_first(plan: Plan, context: Context) -> Iterator[Finding]:
    """Only the first update that rates an item says what it replaced (``was``): the rating
    before any history. A later one's would contradict the rating the update before it set."""
    for where, item in plan.rated():
        rated = sorted((u for u in enumerate(item.updates) if u[1].status is not None), key=lambda u: u[1].date)
        for (_, before), (u, update) in zip(rated, rated[1:]):
            if update.was is not None and update.date > before.date:
                yield Finding(
                    where + ("updates", u, "was"),
                    "update-was",
                    f"the update of {long_date(update.date)} says it replaced {update.was}, but the update of "
                    f"{long_date(before.date)} rated it {before.status} before it: only the first update that "
                    "rates it keeps `was` (the rating before its history); remove this one",
                    on_key=True,
                )


def empty_updates(plan: Plan, context: Context) -> Iterator[Finding]:
    """An update says something: a text, a status, or both."""
    for where, item in plan.rated():
        for u, update in enumerate(item.updates):
            if update.text is None and update.status is None:
                yield Finding(where + ("updates", u), "update-empty", "update has neither text nor status")


def alphabets(plan: Plan, context: Context) -> Iterator[Finding]:
    """No word is written with look-alike letters of another alphabet."""
    if not (context.foreign_letters or context.escapes):
        return
    for where, text in _strings(plan, _not_ascii):
        for word in suspicious_words(text):
            yield Finding(where, "mixed-script", word.message, offset=word.offset)


def _not_ascii(text: str) -> bool:
    return not text.isascii()


def _any(text: str) -> bool:
    return True


def control_characters(plan: Plan, context: Context) -> Iterator[Finding]:
    """No text holds a control character or a bidirectional override written as an escape
    (``"\\e[2J"``); those written as they are, and those in comments, are found in the text."""
    if not context.escapes:
        return
    for where, text in _strings(plan, _any):
        found = first_control(text, context.written_bidi)
        if found is not None:
            rule, message = found
            yield Finding(where, rule, message)


def plan_links(plan: Plan, context: Context) -> Iterator[Finding]:
    """A linked plan file exists and, when both plans link, they agree: ``follows:``
    names a plan whose ``followed_by:`` (if any) names this one, and an action's
    ``from: {plan: ..., action: "5.2"}`` names an action that plan has."""
    links = context.links
    if links is None:
        return
    for key, back in (("follows", "followed_by"), ("followed_by", "follows")):
        text = getattr(plan, key)
        linked = links.files.get(text) if text else None
        if linked is None:
            continue
        if linked.error:
            yield Finding((key,), "plan-link", f"{key} {text}: {linked.error}")
        elif linked.path == links.here:
            yield Finding((key,), "plan-link", f"{key} {text}: that is this plan")
        elif getattr(linked, back) not in (None, links.here):
            other = os.path.relpath(getattr(linked, back), os.path.dirname(links.here))
            yield Finding((key,), "plan-link", f"{key} {text}, but that plan's {back} is {other}")
        elif linked.start is not None and _out_of_order(key, linked.start, plan.period.start):
            said = "on or after" if key == "follows" else "on or before"
            yield Finding(
                (key,),
                "plan-link",
                f"{key} {text}, a plan that starts {said} this one ({linked.start}): the plan before starts "
                "before the plan after",
            )
    for ref in plan.actions():
        origin = ref.action.from_
        linked = links.files.get(origin.plan) if origin and origin.plan else None
        if origin is None or linked is None:
            continue
        if linked.error:
            yield Finding(ref.where + ("from", "plan"), "plan-link", f"from {origin.plan}: {linked.error}")
        elif origin.action not in linked.actions:
            yield Finding(ref.where + ("from", "action"), "plan-link", f"{origin.plan} has no action '{origin.action}'")


def _out_of_order(key: str, linked_start: str, start: date) -> bool:
    """True when the plan linked as ``key`` starts on the wrong side of ``start`` (two plans
    that follow each other, or of one period, are no year after another)."""
    try:
        theirs = date.fromisoformat(linked_start)
    except ValueError:
        return False  # its own check says what is wrong with it
    return theirs >= start if key == "follows" else theirs <= start


def _strings(plan: Plan, wanted: Callable[[str], bool]) -> list[tuple[DocPath, str]]:
    """Every text of the plan that ``wanted`` keeps, with where it is, in the file's order.

    A plan has some ten thousand texts for a thousand actions; only those
    kept get a path of their own.
    """
    found: list[tuple[DocPath, str]] = []

    def visit(value: object, where: DocPath, key: str | int) -> None:
        if isinstance(value, str):
            if wanted(value):
                found.append((where + (key,), value))
        elif isinstance(value, BaseModel):
            inner, fields = where + (key,), value.__dict__
            for name, written in _field_keys(type(value)):
                visit(fields[name], inner, written)
        elif isinstance(value, list):
            inner = where + (key,)
            for i, item in enumerate(value):
                visit(item, inner, i)

    fields = plan.__dict__
    for name, written in _field_keys(type(plan)):
        visit(fields[name], (), written)
    return found


@cache
def _field_keys(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """A model's fields: each attribute's name and the key it is written under."""
    return tuple((name, info.alias or name) for name, info in model.model_fields.items())
