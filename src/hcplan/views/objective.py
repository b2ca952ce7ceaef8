"""One objective as of a day, in a plan that rates its objectives (or their targets):
as a listing's row (:func:`objective_row`, :func:`rated_rows`), and for ``hcplan show``
(:class:`ObjectiveView`: what the plan says of it, its rating, history and actions).

Its rating and since when are read from its updates as an action's are
(:func:`~hcplan.views.rows.status_as_of`); it needs an update as a continuous
action does (:func:`needs_update`): the plan under way for a quarter and no
update in the last one. The listings, the digest and the returns workbook ask
the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from hcplan.views.rows import Entry, Row, entry, row, rows, status_as_of

if TYPE_CHECKING:
    from hcplan.format.leads import LeadIndex
    from hcplan.format.model import ActionRef, ObjectiveRef, Plan, Update


class ObjectiveView(NamedTuple):
    """An objective of one plan file, as of a day.

    Where it is (``path``, ``plan_title``, ``theme_number``, ``theme_name``),
    what it says (``id``, ``text``, ``partners``, ``outcome``, ``measure``,
    ``funding``, ``notes``: internal), how it is going on ``as_of``
    (``status``, ``rag``, ``done``, ``status_since``, ``last_update``; the
    plan's last day in ``plan_ended`` once it has ended), ``history``: every
    update (also those after the day), and ``actions``: its actions' rows as
    of the same day.
    """

    path: str
    plan_title: str
    theme_number: int
    theme_name: str | None
    id: str
    text: str
    status: str | None
    rag: str | None
    done: bool
    status_since: date | None
    last_update: Entry | None
    as_of: date
    plan_ended: date | None
    history: tuple[Entry, ...]
    notes: tuple[str, ...]
    partners: tuple[str, ...]
    outcome: tuple[str, ...]
    measure: tuple[str, ...]
    funding: str | None
    actions: tuple[Row, ...]

    def to_dict(self) -> dict[str, Any]:
        """The objective as data (``hcplan show --format json``), notes and whole history included."""
        last = self.last_update
        return {
            "kind": "objective",
            "plan": self.path,
            "plan_title": self.plan_title,
            "id": self.id,
            "theme": self.theme_number,
            "theme_name": self.theme_name,
            "text": self.text,
            "status": self.status,
            "rag": self.rag,
            "done": self.done,
            "status_since": self.status_since.isoformat() if self.status_since else None,
            "last_update": {"date": last.date.isoformat(), "text": last.text, "private": last.private}
            if last
            else None,
            "plan_ended": self.plan_ended.isoformat() if self.plan_ended else None,
            "partners": list(self.partners),
            "outcome": list(self.outcome),
            "measure": list(self.measure),
            "funding": self.funding,
            "notes": list(self.notes),
            "updates": [u.to_dict() for u in self.history],
            "actions": [
                {
                    "id": a.id,
                    "text": a.text,
                    "status": a.status,
                    "rag": a.rag,
                    "due": a.due_text,
                    "standing": a.standing or None,
                }
                for a in self.actions
            ],
        }


def objective_view(path: str, plan: Plan, ref: ObjectiveRef, as_of: date) -> ObjectiveView:
    """The objective at ``ref`` of ``plan`` (read from ``path``) as of ``as_of``: its row
    (:func:`objective_row`, whose fields it shares) and its actions' rows."""
    leads = plan.lead_index()
    found = objective_row(path, plan, ref, as_of, leads)
    shared = {name: getattr(found, name) for name in ObjectiveView._fields if name != "actions"}
    actions = (row(path, plan, action, as_of, leads) for action in plan.actions() if action.objective is ref.objective)
    return ObjectiveView(**shared, actions=tuple(actions))


def rated_rows(path: str, plan: Plan, as_of: date) -> Iterator[Row]:
    """The rows a listing reads of ``plan``: every action (:func:`~hcplan.views.rows.rows`)
    and, in a plan that rates its objectives (:func:`~hcplan.format.rated.rates_objectives`),
    each objective's row (:func:`objective_row`) before its actions, in plan order."""
    from hcplan.format.rated import rates_objectives

    if not rates_objectives(plan):
        yield from rows(path, plan, as_of)
        return
    leads = plan.lead_index()
    actions: dict[int, list[ActionRef]] = {}
    for ref in plan.actions():
        actions.setdefault(id(ref.objective), []).append(ref)
    for objective in plan.objectives():
        yield objective_row(path, plan, objective, as_of, leads)
        for ref in actions.get(id(objective.objective), ()):
            yield row(path, plan, ref, as_of, leads)


def objective_row(path: str, plan: Plan, ref: ObjectiveRef, as_of: date, leads: LeadIndex | None = None) -> Row:
    """The objective at ``ref`` of ``plan`` as a row of its own (``kind`` ``"objective"``) as
    of ``as_of``: its rating and since when, its last update (private ones too, as an
    action's row has them), the leads of its actions, no due time; it needs an update
    as :func:`needs_update` says."""
    objective = ref.objective
    history = tuple(entry(u) for u in objective.updates)
    known = [u for u in history if u.date <= as_of]
    status, since = status_as_of(objective.status, history, as_of)
    rating = plan.rating(status)
    done = rating is not None and rating.done
    written = tuple(dict.fromkeys(lead for action in objective.actions for lead in action.leads))
    return Row(
        path=path,
        plan_title=plan.title,
        theme_number=ref.theme.number,
        theme_name=ref.theme.name,
        objective_id=objective.id,
        objective_text=objective.text,
        id=objective.id,
        text=objective.text,
        leads=written,
        canonical_leads=(leads or plan.lead_index()).identities(written),
        conditions=(),
        due_text=None,
        due=None,
        due_missed=None,
        status=status,
        rag=rating.rag if rating else None,
        done=done,
        status_since=since,
        last_update=max(known, key=lambda u: u.date) if known else None,
        days_late=None,
        days_to_go=None,
        overdue=False,
        needs_update=needs_update(plan, history, as_of, done=done),
        as_of=as_of,
        plan_ended=plan.period.end if plan.ended_by(as_of) else None,
        notes=tuple(objective.notes),
        history=history,
        partners=tuple(objective.partners),
        outcome=tuple(objective.outcome),
        measure=tuple(objective.measure),
        funding=objective.funding,
        kind="objective",
    )


def needs_update(plan: Plan, updates: Iterable[Entry | Update], as_of: date, *, done: bool) -> bool:
    """True when an objective not ``done`` needs an update on ``as_of``, as a continuous
    action under way since the plan's start does: the plan has run for a quarter and none
    of ``updates`` (all of its updates) is dated in the last quarter. Never once the plan
    has ended."""
    from hcplan.format.due_meaning import quiet

    if done or plan.ended_by(as_of):
        return False
    return quiet(plan.period.start, as_of, (u.date for u in updates))
