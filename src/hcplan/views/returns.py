"""The actions a partner is asked about before a meeting, as plain lines.

A returns workbook (``hcplan export``) and a lead's digest (``hcplan digest``)
show the same facts about each action: where it sits in the plan, its lead,
its due time and what it means, its rating and since when, and its last
update. :func:`lines` works them out once, from the rows of
:mod:`hcplan.views.rows`, as plain values the writers lay out; this is the
one place those outputs read a row.

Private updates and internal notes stay out unless ``include_private``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from hcplan.format.due_meaning import DEFAULT_UPDATE_EVERY, Due, cadence_words

if TYPE_CHECKING:
    from hcplan.format.model import Action, Plan
    from hcplan.views.listing import Filters


@dataclass(frozen=True, slots=True)
class Line:
    """One action as a partner sees it, as of a day."""

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
    """The actions of ``plan`` that ``filters`` keep, in plan order.

    Raises:
        FilterError: a filter names nothing in this plan (a usage error).
    """
    from hcplan.views.rows import rows

    keep = filters.plan_filter(plan) if filters is not None else None
    found = []
    for row in rows(path, plan, as_of):
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
            )
        )
    return found


def _every(due: Due | None, kinds: tuple[str, ...], default: str | None) -> str | None:
    if due is None or due.kind not in kinds:
        return None
    every = due.every or default
    return cadence_words(every) if every else "at each occurrence"


def state(action: Action) -> tuple[str | None, int]:
    """What an export records of an action's state, to tell later that the plan moved on."""
    return action.status, len(action.updates)


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
