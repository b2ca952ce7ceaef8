"""A plan as the public, and partners outside the council, may read it.

Everything hcplan sends beyond the strategy lead (a public report, the site,
the calendar, the returns workbook and CSV a partner fills in, the digest
mailed to a lead) reads the plan through :func:`public`, unless the lead asks
for private things by name (``export --include-private``). What a public
template is given is this plan: it cannot show what is not in it.
"""

from __future__ import annotations

from hcplan.format.model import Plan, Update


def public(plan: Plan) -> Plan:
    """``plan`` as the public may read it: no notes (of actions, objectives or
    themes), no private updates, and no lead's contact name or email address
    (personal data: a digest addresses its lead from the plan itself).

    A private update leaves no trace: not its words, its date, the rating it
    set, nor a count of updates. The rating shown is the item's own
    ``status``. Where a private update set a rating, the ratings of the public
    updates before it are left out too (their words stay): a public history
    that ended in another rating than the current one would show that a
    private change was made, and when. Items with nothing private are the
    plan's own (a plan with nothing private is returned as it is).
    """

    def updates(these: list[Update]) -> list[Update]:
        rated_privately = [i for i, u in enumerate(these) if u.private and u.status is not None]
        last = rated_privately[-1] if rated_privately else -1
        return [
            u if i > last or u.status is None else u.model_copy(update={"status": None})
            for i, u in enumerate(these)
            if not u.private
        ]

    def private(item: object) -> bool:
        return bool(getattr(item, "notes", None)) or any(u.private for u in getattr(item, "updates", ()))

    themes = []
    for theme in plan.themes:
        objectives = []
        for objective in theme.objectives:
            actions = [
                action.model_copy(update={"notes": [], "updates": updates(action.updates)})
                if private(action)
                else action
                for action in objective.actions
            ]
            if private(objective) or any(a is not b for a, b in zip(actions, objective.actions, strict=True)):
                objective = objective.model_copy(
                    update={"actions": actions, "notes": [], "updates": updates(objective.updates)}
                )
            objectives.append(objective)
        if theme.notes or any(a is not b for a, b in zip(objectives, theme.objectives, strict=True)):
            theme = theme.model_copy(update={"objectives": objectives, "notes": []})
        themes.append(theme)
    leads = [
        lead.model_copy(update={"contact": None, "email": None}) if lead.contact or lead.email else lead
        for lead in plan.leads
    ]
    if all(a is b for a, b in zip(themes, plan.themes, strict=True)) and all(
        a is b for a, b in zip(leads, plan.leads, strict=True)
    ):
        return plan
    return plan.model_copy(update={"themes": themes, "leads": leads})
