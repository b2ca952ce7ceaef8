"""``show``'s question: one action or objective, by its ID, in the plans named, with all the
plan says of it.

What an ID names in a plan is :mod:`hcplan.format.rated`'s to say: an action, an
objective (in a plan that rates its objectives), or, for an ID of both, a
usage error that says how to choose (``objective 7``, ``action 7``). Across
plans, an ID that names an action in one plan and only an objective in
another shows the actions, and says the objectives are there too.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from hcplan.errors import HcplanError, UsageError
from hcplan.views.listing import PlanAnswer, Question, ended_on, plan_day
from hcplan.views.rows import Row, row

if TYPE_CHECKING:
    from hcplan.format.model import Plan
    from hcplan.views.objective import ObjectiveView


class Found(NamedTuple):
    """The rows of the action asked for (one per plan that has it, each with its
    plan: ``row.action`` is the action whole), the files left out, and the
    plans left out for having ended (each with its last day).

    When the ID names objectives instead, ``objectives`` has one view of each
    (and ``rows`` is empty); ``also`` names the objectives (``objective 3.1 of
    plans/2017/plan.yaml``) left out because the ID names actions in other plans.
    """

    rows: list[Row]
    left_out: list[str]
    ended: list[tuple[str, date]] = []  # noqa: RUF012 - never changed
    objectives: list[ObjectiveView] = []  # noqa: RUF012 - never changed
    also: list[str] = []  # noqa: RUF012 - never changed
    with_errors: list[str] = []  # noqa: RUF012 - never changed; plans shown from that have errors


def find(
    files: list[str],
    action_id: str,
    question: Question,
    *,
    on_plan: Callable[[PlanAnswer], None] | None = None,
    named: Collection[str] = (),
) -> Found:
    """The action or objective ``action_id`` names in every plan in ``files`` that has
    it, as of the day ``question`` asks about (only its day and ``ended`` count).

    As a listing does (:mod:`hcplan.views.listing`), a plan found by walking a
    folder that had ended by the day is left out unless ``question.ended``;
    those ``named`` never are. An ended plan is shown as of its last day
    unless a day was asked for. Plans are read through the cache (a plan
    unchanged since it was last read is not read again). ``on_plan`` hears
    of each plan, with its problems.

    Raises:
        UsageError: no plan has it (the message suggests the closest IDs, and
            names the ended plans left out), or a plan has an objective and an
            action of that ID and ``action_id`` does not say which.
        HcplanError: no plan that could be read has it, and some could not be.
    """
    from hcplan.checking.loader import load_plan
    from hcplan.files.cache import Cache
    from hcplan.format.model import ActionRef
    from hcplan.format.rated import RatedIndex, ambiguous
    from hcplan.views.objective import objective_view

    cache = Cache.default()
    plans: dict[str, Plan] = {}
    found: list[Row] = []
    objectives: list[ObjectiveView] = []
    left_out: list[str] = []
    ended: list[tuple[str, date]] = []
    with_errors: list[str] = []
    for file in files:
        loaded = load_plan(file, cache=cache)
        if on_plan is not None:
            title = loaded.plan.title if loaded.plan is not None else None
            on_plan(PlanAnswer(file, loaded.plan is not None, tuple(loaded.problems), title, {}))
        if loaded.plan is None:
            left_out.append(file)
            continue
        end = ended_on(loaded.plan, question)
        if end is not None and not question.ended and file not in named:
            ended.append((file, end))
            continue
        plans[file] = loaded.plan
        day = plan_day(loaded.plan, question)
        refs = RatedIndex(loaded.plan).named(action_id)
        if len(refs) > 1:
            raise UsageError(ambiguous(action_id, refs, file))
        for ref in refs:
            if isinstance(ref, ActionRef):
                found.append(row(file, loaded.plan, ref, day))
            else:
                objectives.append(objective_view(file, loaded.plan, ref, day))
        if refs and loaded.has_errors:
            with_errors.append(file)
    if found:
        also = [f"objective {view.id} of {view.path}" for view in objectives]
        return Found(found, left_out, ended, [], also, with_errors)
    if objectives:
        return Found([], left_out, ended, objectives, with_errors=with_errors)
    if left_out:
        raise HcplanError(
            f"no action or objective '{action_id}' in the plans that could be read; fix {', '.join(left_out)}"
        )
    message = _not_found(action_id, plans)
    if ended:
        from hcplan.views.years import left_out_note

        message += ". " + left_out_note(ended, question.as_of)
    raise UsageError(message)


def _not_found(action_id: str, plans: dict[str, Plan]) -> str:
    from hcplan.format.rated import RatedIndex, not_found

    if len(plans) == 1:
        try:
            RatedIndex(next(iter(plans.values()))).find(action_id)
        except HcplanError as exc:  # the one plan's own words, with its suggestions
            return exc.message
    actions = sorted({ref.action.id for plan in plans.values() for ref in plan.actions()})
    objectives = sorted({ref.objective.id for plan in plans.values() for ref in plan.objectives()})
    return not_found(action_id, None, actions, objectives, ", ".join(plans) or "these plans")
