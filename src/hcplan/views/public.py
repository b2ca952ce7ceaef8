"""What may be published of a plan: everything but its private updates and internal notes.

Reports are made from this public copy unless someone asks for the private
things explicitly (``hcplan report --private``), so that no template, shipped
or a user's own, can print what it was never given. Plan-level ``notes`` are
the plan's own preamble and stay; the notes of objectives and actions are
internal comments and go, as do updates marked ``private: true``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hcplan.format.model import Plan


def public_plan(plan: Plan) -> Plan:
    """A copy of ``plan`` without private updates and internal notes (``plan`` is unchanged)."""
    themes = []
    for theme in plan.themes:
        objectives = []
        for objective in theme.objectives:
            actions = [
                action.model_copy(update={"notes": [], "updates": [u for u in action.updates if not u.private]})
                for action in objective.actions
            ]
            objectives.append(objective.model_copy(update={"notes": [], "actions": actions}))
        themes.append(theme.model_copy(update={"objectives": objectives}))
    return plan.model_copy(update={"themes": themes})

