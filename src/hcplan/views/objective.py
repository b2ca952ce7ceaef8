"""One objective as of a day, for ``hcplan show``: what a plan that rates its objectives
(or their targets) says of one, with its rating, its history and its actions.

The objective's counterpart of :class:`~hcplan.views.rows.Row`: its rating
and since when are read from its updates as an action's are
(:func:`~hcplan.views.rows.status_as_of`), and its actions are rows.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from hcplan.views.rows import Entry, Row, entry, row, status_as_of

if TYPE_CHECKING:
    from hcplan.format.model import ObjectiveRef, Plan


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
    """The objective at ``ref`` of ``plan`` (read from ``path``) as of ``as_of``."""
    objective = ref.objective
    history = tuple(entry(u) for u in objective.updates)
    known = [u for u in history if u.date <= as_of]
    status, since = status_as_of(objective.status, history, as_of)
    rating = plan.rating(status)
    leads = plan.lead_index()
    return ObjectiveView(
        path=path,
        plan_title=plan.title,
        theme_number=ref.theme.number,
        theme_name=ref.theme.name,
        id=objective.id,
        text=objective.text,
        status=status,
        rag=rating.rag if rating else None,
        done=rating is not None and rating.done,
        status_since=since,
        last_update=max(known, key=lambda u: u.date) if known else None,
        as_of=as_of,
        plan_ended=plan.period.end if plan.ended_by(as_of) else None,
        history=history,
        notes=tuple(objective.notes),
        partners=tuple(objective.partners),
        outcome=tuple(objective.outcome),
        measure=tuple(objective.measure),
        funding=objective.funding,
        actions=tuple(
            row(path, plan, action, as_of, leads) for action in plan.actions() if action.objective is objective
        ),
    )
