"""``show``'s question: one action, by its ID, in the plans named, with all the plan says of it."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from hcplan.errors import HcplanError, UsageError
from hcplan.views.listing import PlanAnswer, Question, ended_on, plan_day
from hcplan.views.rows import Row, row

if TYPE_CHECKING:
    from hcplan.format.model import Plan


class Found(NamedTuple):
    """The rows of the action asked for (one per plan that has it, each with its
    plan: ``row.action`` is the action whole), the files left out, and the
    plans left out for having ended (each with its last day)."""

    rows: list[Row]
    left_out: list[str]
    ended: list[tuple[str, date]] = []  # noqa: RUF012 - never changed


def find(
    files: list[str],
    action_id: str,
    question: Question,
    *,
    on_plan: Callable[[PlanAnswer], None] | None = None,
    named: Collection[str] = (),
) -> Found:
    """The action ``action_id`` of every plan in ``files`` that has it, as of
    the day ``question`` asks about (only its day and ``ended`` count).

    As a listing does (:mod:`hcplan.views.listing`), a plan found by walking a
    folder that had ended by the day is left out unless ``question.ended``;
    those ``named`` never are. An ended plan is shown as of its last day
    unless a day was asked for. Plans are read through the cache (a plan
    unchanged since it was last read is not read again). ``on_plan`` hears
    of each plan, with its problems.

    Raises:
        UsageError: no plan has it; the message suggests the closest IDs, and
            names the ended plans left out.
        HcplanError: no plan that could be read has it, and some could not be.
    """
    from hcplan.checking.loader import load_plan
    from hcplan.files.cache import Cache

    cache = Cache.default()
    plans: dict[str, Plan] = {}
    found: list[Row] = []
    left_out: list[str] = []
    ended: list[tuple[str, date]] = []
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
        found += [row(file, loaded.plan, ref, day) for ref in loaded.plan.actions() if ref.action.id == action_id]
    if found:
        return Found(found, left_out, ended)
    if left_out:
        raise HcplanError(f"no action '{action_id}' in the plans that could be read; fix {', '.join(left_out)}")
    message = _not_found(action_id, plans)
    if ended:
        from hcplan.views.years import left_out_note

        message += ". " + left_out_note(ended, question.as_of)
    raise UsageError(message)


def _not_found(action_id: str, plans: dict[str, Plan]) -> str:
    from hcplan.changes.update import find_action
    from hcplan.quoting import quote
    from hcplan.suggest import did_you_mean

    if len(plans) == 1:
        try:
            find_action(next(iter(plans.values())), action_id)
        except HcplanError as exc:  # the one plan's own words, with its suggestions
            return exc.message
    ids = sorted({ref.action.id for plan in plans.values() for ref in plan.actions()})
    hint = did_you_mean(action_id, ids, n=3, cutoff=0.5, slips=False, quoted=False)
    return f"no action {quote(action_id)} in {', '.join(plans) or 'these plans'}{hint}"
