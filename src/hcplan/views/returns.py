"""The actions (and rated objectives) a partner is asked about before a meeting, as plain lines.

A returns workbook (``hcplan export``) and a lead's digest (``hcplan digest``)
show the same facts about each action: where it sits in the plan, its lead,
its due time and what it means, its rating and since when, and its last
update. :func:`lines` works them out once, from the rows of
:mod:`hcplan.views.rows`, as plain values the writers lay out; this is the
one place those outputs read a row.

A plan that rates its objectives (any objective has a ``status`` or
``updates``) asks about them too: each objective is a line of its own, before
its actions, with its rating and last update and no due time; its ID is
written ``objective 3.1`` (:attr:`Line.cell_id`), as :mod:`hcplan.format.rated`
reads it back.

Private updates and internal notes stay out unless ``include_private``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from hcplan.format.due_meaning import DEFAULT_UPDATE_EVERY, Due, cadence_words
from hcplan.format.rated import rates_objectives

if TYPE_CHECKING:
    from hcplan.format.leads import LeadIndex
    from hcplan.format.model import Action, Objective, ObjectiveRef, Plan
    from hcplan.views.listing import Filters, PlanFilter


@dataclass(frozen=True, slots=True)
class Line:
    """One action (or, in a plan that rates its objectives, one objective) as a partner sees it, as of a day."""

    id: str
    text: str
    theme: str
    objective: str
    leads: tuple[str, ...]
    due: str
    due_meaning: str
    rating: str | None
    rag: str | None
    since: date | None
    last_update: date | None
    last_update_text: str | None
    notes: tuple[str, ...]
    done: bool
    overdue: bool
    days_late: int | None
    days_to_go: int | None
    needs_update: bool
    conditional: bool
    #: How often it needs an update, in words (``every quarter``), when it can
    #: need one (continuous, or past its start: see ``Due.needs_update``); else None.
    update_every: str | None
    #: How often it recurs, in words, when it does (each occurrence is due: missed, it is late); else None.
    recurs: str | None
    #: The plan's last day, when it has ended (see :attr:`Row.plan_ended <hcplan.views.rows.Row.plan_ended>`).
    plan_ended: date | None
    #: How the action stands, in words (:attr:`Row.standing <hcplan.views.rows.Row.standing>`).
    standing: str
    #: What the import compares later: the action's text, and its state in
    #: the file (see :func:`state`).
    text_hash: str
    state: tuple[str | None, int]
    #: What the line is of: ``"action"``, or ``"objective"`` (a plan that rates its
    #: objectives: no due time; its leads are its actions').
    kind: str = "action"
    #: Its ID is written with its kind before it (see :attr:`cell_id`).
    qualified: bool = False

    @property
    def cell_id(self) -> str:
        """The ID as a returns workbook's ID column writes it: ``5.2``; ``objective 3.1``; and,
        in a plan that rates its objectives, ``action 7`` for an action whose ID is an
        objective's too (their IDs are numbered apart), so that it reads back as the action."""
        return f"{self.kind} {self.id}" if self.qualified else self.id

    @property
    def key(self) -> str:
        """What the line is, as the hidden sheet of a returns workbook keys its state: an
        action's ID (``5.2``), ``objective 3.1``."""
        return self.id if self.kind == "action" else f"{self.kind} {self.id}"


def text_hash(text: str) -> str:
    """A short fingerprint of an action's text, to tell when it has changed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def theme_name(number: int, name: str | None) -> str:
    return f"{number}. {name}" if name else str(number)


def lines(
    path: str,
    plan: Plan,
    as_of: date,
    filters: Filters | None = None,
    *,
    include_private: bool = False,
) -> list[Line]:
    """The actions of ``plan`` that ``filters`` keep, in plan order; in a plan that rates
    its objectives (:func:`rates_objectives`), each objective they keep before its actions
    (see :func:`keeps_objective`).

    Raises:
        FilterError: a filter names nothing in this plan (a usage error).
    """
    from hcplan.views.rows import rows

    if not include_private:  # the rating, since when and the history as a partner may read them
        from hcplan.views.public import public

        plan = public(plan)
    keep = filters.plan_filter(plan) if filters is not None else None
    found: list[Line] = []
    # The objectives still to come (only of a plan that rates them), each before its actions.
    waiting = list(plan.objectives()) if rates_objectives(plan) else []
    waiting.reverse()
    index = plan.lead_index() if waiting else None
    both = {ref.objective.id for ref in waiting}  # an action with one of these IDs is written "action 7"
    current: Objective | None = None

    def objectives_up_to(objective: Objective | None) -> None:
        while waiting:
            ref = waiting.pop()
            assert index is not None
            line = objective_line(ref, plan, as_of, include_private=include_private)
            if keep is None or keeps_objective(keep, ref, line, index):
                found.append(line)
            if ref.objective is objective:
                return

    for row in rows(path, plan, as_of):
        if waiting and row.source is not None and row.source.ref.objective is not current:
            current = row.source.ref.objective
            objectives_up_to(current)
        if keep is not None and not keep(row):
            continue
        action = row.action
        shown = [u for u in row.updates if include_private or not u.private]
        last = max(shown, key=lambda u: u.date) if shown else None
        due = row.due
        found.append(
            Line(
                id=action.id,
                text=action.text,
                theme=theme_name(row.theme.number, row.theme.name),
                objective=f"{row.objective.id}. {row.objective.text}",
                leads=tuple(action.leads),
                due=row.due_text or "By the end of the plan",
                due_meaning=due.describe() if due is not None else "",
                rating=row.status,
                rag=row.rating.rag if row.rating else None,
                since=row.status_since,
                last_update=last.date if last else None,
                # Without a dated update, the progress recorded without a date (public).
                last_update_text=last.text if last else "; ".join(action.progress) or None,
                notes=tuple(action.notes) if include_private else (),
                done=row.done,
                overdue=row.overdue,
                days_late=row.days_late,
                days_to_go=row.days_to_go,
                needs_update=row.needs_update,
                conditional=due is not None and due.kind == "conditional",
                update_every=_every(due, ("continuous", "start"), DEFAULT_UPDATE_EVERY),
                recurs=_every(due, ("recurring",), None),
                plan_ended=row.plan_ended,
                standing=row.standing,
                text_hash=text_hash(action.text),
                state=state(action),
                qualified=action.id in both,
            )
        )
    objectives_up_to(None)  # those after the last action
    return found


def objective_line(ref: ObjectiveRef, plan: Plan, as_of: date, *, include_private: bool = False) -> Line:
    """The objective at ``ref`` as a partner sees it on ``as_of``: its rating and since when,
    its last update, and the leads of its actions (it has none of its own); no due time.

    It needs an update as its listing row says (:func:`hcplan.views.objective.needs_update`)."""
    from hcplan.views.objective import objective_row

    objective = ref.objective
    found = objective_row("", plan, ref, as_of)
    shown = [u for u in found.updates if include_private or not u.private]
    last = max(shown, key=lambda u: u.date) if shown else None
    return Line(
        id=objective.id,
        text=objective.text,
        theme=theme_name(ref.theme.number, ref.theme.name),
        objective=f"{objective.id}. {objective.text}",
        leads=found.leads,
        due="",
        due_meaning="",
        rating=found.status,
        rag=found.rag,
        since=found.status_since,
        last_update=last.date if last else None,
        last_update_text=last.text if last else None,
        notes=found.notes if include_private else (),
        done=found.done,
        overdue=False,
        days_late=None,
        days_to_go=None,
        needs_update=found.needs_update,
        conditional=False,
        update_every=None,
        recurs=None,
        plan_ended=found.plan_ended,
        standing=found.standing,
        text_hash=text_hash(objective.text),
        state=state(objective),
        kind="objective",
        qualified=True,
    )


def keeps_objective(keep: PlanFilter, ref: ObjectiveRef, line: Line, index: LeadIndex) -> bool:
    """Whether the filters keep an objective's line, judged on the objective: ``--lead`` by
    the leads of its actions (it has none of its own), ``--theme`` by its theme, ``--status``
    by its own rating, ``--search`` in what it says (ID, text, partners, outcome, measure,
    funding, notes and updates)."""
    filters = keep.filters
    if filters.leads and not any(
        not keep.leads.isdisjoint(index.identities(action.leads)) for action in ref.objective.actions
    ):
        return False
    if filters.themes and ref.theme.number not in keep.themes:
        return False
    if filters.statuses and line.rating not in keep.statuses:
        return False
    if filters.ids:
        return False  # these actions only
    if not filters.search:
        return True
    objective, wanted = ref.objective, filters.search.casefold()
    haystack = [objective.id, objective.text, *objective.partners, *objective.outcome, *objective.measure]
    haystack += [*objective.notes, *(u.text for u in objective.updates if u.text)]
    haystack += [objective.funding] if objective.funding else []
    return any(wanted in part.casefold() for part in haystack)


def _every(due: Due | None, kinds: tuple[str, ...], default: str | None) -> str | None:
    if due is None or due.kind not in kinds:
        return None
    every = due.every or default
    return cadence_words(every) if every else "at each occurrence"


def state(item: Action | Objective) -> tuple[str | None, int]:
    """What an export records of an action's (or objective's) state, to tell later that the
    plan moved on: its rating and its number of public updates (a count of private ones
    would say that there are some, in a workbook sent to a partner)."""
    return item.status, sum(not u.private for u in item.updates)


def lead_actions(plan: Plan) -> dict[str, int]:
    """Each lead (by its canonical name) with the number of actions it leads, in plan order."""
    index = plan.lead_index()
    counts: dict[str, int] = {}
    for ref in plan.actions():
        for lead in index.identities(ref.action.leads):
            counts[lead] = counts.get(lead, 0) + 1
    return counts


def sorted_late(found: Iterable[Line]) -> list[Line]:
    """Overdue lines, most late first (plan order among equals)."""
    return sorted((line for line in found if line.overdue), key=lambda line: -(line.days_late or 0))
