"""The rules a plan must keep beyond its shape.

Each rule is a plain function ``(plan, context) -> findings`` with a stable
rule id and a docstring that shows what it catches; :data:`CHECKS` lists them
all. Findings name the document path they concern; :mod:`hcplan.checking.loader` turns
them into located :class:`~hcplan.problems.Problem` values.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from pydantic import BaseModel

from hcplan.checking.alphabets import suspicious_words
from hcplan.format.dates import long_date, quarter_problem
from hcplan.format.due import DATED, DueError, parse_due, read_due, unreadable_message
from hcplan.format.model import Plan
from hcplan.problems import DocPath, Finding, Severity

if TYPE_CHECKING:
    from hcplan.checking.links import Links

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True, slots=True)
class Context:
    """What the checks need to know beyond the plan: the day it is."""

    today: date = field(default_factory=date.today)
    #: False when the file is pure ASCII: then no word can mix alphabets.
    non_ascii: bool = True
    #: What the files the plan links to hold (None: it links to none, or its path is unknown).
    links: Links | None = None


Check = Callable[[Plan, Context], Iterable[Finding]]


def _suggest(word: str, choices: Iterable[str]) -> str:
    choices = list(choices)
    folded = {c.casefold(): c for c in choices}
    if word.casefold() in folded:
        return f"; did you mean '{folded[word.casefold()]}'?"
    import difflib  # only when something is wrong

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def unique_ids(plan: Plan, context: Context) -> Iterator[Finding]:
    """unique-id: theme numbers, objective IDs and action IDs are each unique.

    An action ID names one action for ``hcplan update`` and in reports; two
    actions written ``id: "5.2"`` fail.
    """
    themes: dict[int, DocPath] = {}
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
                yield Finding(where, "unique-id", f"objective ID '{objective.id}' is used twice", related=objectives[objective.id])
            else:
                objectives[objective.id] = where
    actions: dict[str, DocPath] = {}
    for ref in plan.actions():
        where = ref.where + ("id",)
        if ref.action.id in actions:
            yield Finding(where, "unique-id", f"action ID '{ref.action.id}' is used twice", related=actions[ref.action.id])
        else:
            actions[ref.action.id] = where


def period(plan: Plan, context: Context) -> Iterator[Finding]:
    """period: the plan period starts before it ends.

    Fails: ``period: {start: 2025-04-01, end: 2024-03-31}``.
    """
    if plan.period.end < plan.period.start:
        yield Finding(("period", "end"), "period", "the plan period ends before it starts")


def scale(plan: Plan, context: Context) -> Iterator[Finding]:
    """scale: each rating label is written once (ignoring case).

    Fails: two entries ``label: Behind`` and ``label: behind``.
    """
    seen: dict[str, DocPath] = {}
    for i, rating in enumerate(plan.scale):
        key = rating.label.casefold()
        where = ("scale", i, "label")
        if key in seen:
            yield Finding(where, "scale", f"rating '{rating.label}' is in the scale twice", related=seen[key])
        else:
            seen[key] = where


def scale_done(plan: Plan, context: Context) -> Iterator[Finding]:
    """scale-done: a rating scale has a label that means finished (a warning).

    With ``scale: [{label: Red, rag: red}, {label: Amber, rag: amber},
    {label: Green, rag: green}]`` no action can ever be completed, so none is
    ever taken off the overdue list: mark the finished label ``done: true``,
    or add one. A plan with no scale at all is not warned.
    """
    if plan.scale and not any(rating.done for rating in plan.scale):
        labels = ", ".join(r.label for r in plan.scale)
        yield Finding(
            ("scale",),
            "scale-done",
            f"no label of the scale ({labels}) means finished, so no action can ever be "
            "completed: add 'done: true' to the one that does, or add a label such as Completed",
            WARNING,
            on_key=True,
        )


def known_leads(plan: Plan, context: Context) -> Iterator[Finding]:
    """leads: a known lead, or an alias, is listed once.

    Fails: ``leads: [Police, {name: Met Police, aliases: [Police]}]``.
    """
    seen: dict[str, DocPath] = {}
    for i, lead in enumerate(plan.leads):
        for j, name in enumerate([lead.name, *lead.aliases]):
            where: DocPath = ("leads", i) if j == 0 else ("leads", i, "aliases", j - 1)
            if name in seen:
                yield Finding(where, "leads", f"lead '{name}' is listed twice", related=seen[name])
            else:
                seen[name] = where


def action_leads(plan: Plan, context: Context) -> Iterator[Finding]:
    """lead: every action's lead is one of the plan's known leads or aliases.

    A misspelt lead quietly splits that lead's list of actions in two. With
    ``leads: [Safer Merton]``, an action lead ``Safer Mertn`` fails. Leads match
    without regard to case, as statuses given to ``update`` do: ``safer merton``
    counts as Safer Merton, with a warning (lead-case). Plans that list no
    leads are not checked.
    """
    names = plan.lead_names()
    if not names:
        return
    for ref in plan.actions():
        for i, lead in enumerate(ref.action.leads):
            if lead in names:
                continue
            canon = plan.canonical_lead(lead)
            if canon is None:
                yield Finding(
                    ref.where + ("leads", i),
                    "lead",
                    f"lead '{lead}' is not one of the plan's leads{_suggest(lead, names)}",
                )
            else:
                written = next(name for name in names if name.casefold() == lead.casefold())
                yield Finding(
                    ref.where + ("leads", i),
                    "lead-case",
                    f"lead '{lead}' is written '{written}' in the plan's leads; it counts as "
                    f"{canon}, but write it the same way",
                    WARNING,
                )


def statuses(plan: Plan, context: Context) -> Iterator[Finding]:
    """status: every status (of an action, an objective or an update) is a label
    of the plan's own scale, exactly.

    With the scale On Hold, In Progress, Completed, Behind, ``status: Complete``
    and ``status: Amber`` fail; in a plan with no scale, every status fails.
    """
    labels = [r.label for r in plan.scale]

    def bad(label: str) -> str:
        if not labels:
            return f"status '{label}' cannot be: the plan has no rating scale (add its labels under 'scale:')"
        return (
            f"status '{label}' is not in the plan's scale{_suggest(label, labels)} "
            f"(ratings: {', '.join(labels)})"
        )

    for where, item in plan.rated():
        if item.status is not None and plan.rating(item.status) is None:
            yield Finding(where + ("status",), "status", bad(item.status))
        for u, update in enumerate(item.updates):
            if update.status is not None and plan.rating(update.status) is None:
                yield Finding(where + ("updates", u, "status"), "status", bad(update.status))


def status_history(plan: Plan, context: Context) -> Iterator[Finding]:
    """status-history: an action's (or objective's) status is the one its latest rated update set.

    An update with ``status: Behind`` followed by ``status: In Progress`` on the
    action itself fails: the history and the current rating disagree.
    """
    for where, item in plan.rated():
        rated = [(u, update) for u, update in enumerate(item.updates) if update.status is not None]
        if not rated:
            continue
        u, latest = rated[-1]
        if item.status is not None and plan.rating(item.status) is None:
            continue  # the status rule says what is wrong with it
        if item.status != latest.status:
            current = f"'{item.status}'" if item.status else "not set"
            yield Finding(
                where + (("status",) if item.status is not None else ()),
                "status-history",
                f"status is {current}, but the latest rated update set it to '{latest.status}'",
                related=where + ("updates", u, "status"),
                related_as="on line",
            )


def due_times(plan: Plan, context: Context) -> Iterator[Finding]:
    """due: every due time is one hcplan can read, and falls near the plan period.

    A due hcplan cannot read is kept as written, with a warning that names the
    one rewrite that would be read, or how to give its date beside the words
    (``due_means``): ``due: soon``, or ``due: Q3 2024`` in a financial-year plan
    (it is ambiguous). A ``due_means`` or ``timescales`` meaning that cannot be
    read fails: it is written for hcplan. A window that reaches more than a
    quarter beyond the period, either side, is a warning: ``Year 2`` in a
    one-year plan.
    """
    start, end = plan.period.start, plan.period.end
    near_start, near_end = start - timedelta(days=92), end + timedelta(days=92)
    for term, meaning in plan.timescales.items():
        try:
            parse_due(meaning, start, end, plan.quarters)
        except DueError as exc:
            yield Finding(("timescales", term), "due", f"the timescale '{term}' means '{meaning}', but {exc}")
    for ref in plan.actions():
        action = ref.action
        places: list[tuple[DocPath, str | None]] = [(ref.where + ("due",), action.due)]
        if action.due_means is not None:
            # The due is kept as written: due_means says what it means.
            places = [(ref.where + ("due_means",), action.due_means)]
        for r, change in enumerate(action.rescheduled):
            places.append((ref.where + ("rescheduled", r, "from"), change.from_))
            places.append((ref.where + ("rescheduled", r, "to"), change.to))
        for where, text in places:
            if text is None:
                continue
            try:
                due = read_due(plan, text)
            except DueError as exc:
                if where[-1] == "due_means":
                    yield Finding(where, "due", f"due_means {exc}")
                else:
                    yield Finding(where, "due", unreadable_message(text, exc, end), WARNING)
                continue
            if where[-1] not in ("due", "due_means") or due.kind not in DATED or due.start is None or due.end is None:
                continue
            if due.start < near_start or due.end > near_end:
                yield Finding(
                    where,
                    "due-period",
                    f"due '{text}' ({due.describe()}) is outside the plan period "
                    f"({long_date(start)} to {long_date(end)})",
                    WARNING,
                )
        if action.rescheduled and action.rescheduled[-1].to not in (None, action.due):
            yield Finding(
                ref.where + ("rescheduled", len(action.rescheduled) - 1, "to"),
                "due",
                f"the latest reschedule moved it to '{action.rescheduled[-1].to}', "
                f"but its due is '{action.due}'",
                WARNING,
            )


def update_dates(plan: Plan, context: Context) -> Iterator[Finding]:
    """update-date: update dates are not in the future, nor before the plan could exist.

    An update dated tomorrow fails, and so does one dated more than a year
    before the plan period starts (``1917-05-09`` for ``2017-05-09``); one
    dated before the period but within that year is a warning. Dates out of
    order are a warning too: the history is read in file order. A quarter's
    return (``quarter: Q2 2017-18``) is dated within that quarter.
    """
    earliest = plan.period.start - timedelta(days=366)
    for item_where, item in plan.rated():
        previous: date | None = None
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
            elif update.date < plan.period.start:
                yield Finding(
                    where,
                    "update-date",
                    f"update dated {long_date(update.date)} is before the plan period starts "
                    f"({long_date(plan.period.start)})",
                    WARNING,
                )
            if previous is not None and update.date < previous:
                yield Finding(
                    where,
                    "update-order",
                    f"update dated {long_date(update.date)} comes after one dated "
                    f"{long_date(previous)}; keep updates oldest first",
                    WARNING,
                )
            previous = max(previous or update.date, update.date)
            if update.quarter is not None:
                problem = quarter_problem(update.quarter, update.date, plan.quarters)
                if problem:
                    yield Finding(item_where + ("updates", u, "quarter"), "update-date", problem)


def empty_updates(plan: Plan, context: Context) -> Iterator[Finding]:
    """update-empty: an update says something: a text, a status, or both.

    Fails: ``- date: 2024-06-01`` alone.
    """
    for where, item in plan.rated():
        for u, update in enumerate(item.updates):
            if update.text is None and update.status is None:
                yield Finding(where + ("updates", u), "update-empty", "update has neither text nor status")


def alphabets(plan: Plan, context: Context) -> Iterator[Finding]:
    """mixed-script: no word is written with look-alike letters of another alphabet.

    Fails: the lead ``ВТР`` written in Cyrillic, or ``Вritish`` with a Cyrillic
    В: they look right and match nothing.
    """
    if not context.non_ascii:
        return
    for where, text in _strings(plan, ()):
        for word in suspicious_words(text):
            yield Finding(where, "mixed-script", word.message, offset=word.offset)


def plan_links(plan: Plan, context: Context) -> Iterator[Finding]:
    """plan-link: a linked plan file exists and, when both plans link, they agree.

    ``follows: ../2023-24/plan.yaml`` fails when there is no such file, or when
    that plan says ``followed_by:`` another plan; an action's ``from: {plan:
    ../2023-24/plan.yaml, action: "5.2"}`` fails when that plan has no 5.2.
    """
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
    for ref in plan.actions():
        origin = ref.action.from_
        linked = links.files.get(origin.plan) if origin and origin.plan else None
        if origin is None or linked is None:
            continue
        if linked.error:
            yield Finding(ref.where + ("from", "plan"), "plan-link", f"from {origin.plan}: {linked.error}")
        elif origin.action not in linked.actions:
            yield Finding(
                ref.where + ("from", "action"), "plan-link", f"{origin.plan} has no action '{origin.action}'"
            )


def _strings(model: BaseModel, where: DocPath) -> Iterator[tuple[DocPath, str]]:
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = info.alias or name
        yield from _values(value, where + (key,))


def _values(value: object, where: DocPath) -> Iterator[tuple[DocPath, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, BaseModel):
        yield from _strings(value, where)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _values(item, where + (i,))


#: Every check, in the order their findings are reported.
CHECKS: tuple[Check, ...] = (
    unique_ids,
    period,
    scale,
    scale_done,
    known_leads,
    action_leads,
    statuses,
    status_history,
    due_times,
    update_dates,
    empty_updates,
    plan_links,
    alphabets,
)


def run_checks(plan: Plan, context: Context, checks: Iterable[Check] = CHECKS) -> list[Finding]:
    """Every finding of every check; a check that fails is reported, not raised."""
    findings: list[Finding] = []
    for check in checks:
        try:
            findings.extend(check(plan, context))
        except Exception as exc:  # noqa: BLE001 - a broken check must not hide the others
            findings.append(Finding((), "internal", f"check {check.__name__} failed: {exc!r}"))
    return findings
