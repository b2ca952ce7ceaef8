"""``show``'s question: one action, by its ID, in the plans named, with all the plan says of it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from hcplan.errors import HcplanError, UsageError
from hcplan.views.listing import PlanAnswer
from hcplan.views.rows import Row, row

if TYPE_CHECKING:
    from hcplan.format.model import Plan


class Found(NamedTuple):
    """The rows of the action asked for (one per plan that has it, each with its
    plan: ``row.action`` is the action whole), and the files left out."""

    rows: list[Row]
    left_out: list[str]


def find(
    files: list[str], action_id: str, as_of: date, *, on_plan: Callable[[PlanAnswer], None] | None = None
) -> Found:
    """The action ``action_id`` of every plan in ``files`` that has it, as of ``as_of``.

    Plans are read through the cache (a plan unchanged since it was last read
    is not read again). ``on_plan`` hears of each plan, with its problems.

    Raises:
        UsageError: no plan has it; the message suggests the closest IDs.
        HcplanError: no plan that could be read has it, and some could not be.
    """
    from hcplan.checking.loader import load_plan
    from hcplan.files.cache import Cache

    cache = Cache.default()
    plans: dict[str, Plan] = {}
    found: list[Row] = []
    left_out: list[str] = []
    for file in files:
        loaded = load_plan(file, cache=cache)
        if on_plan is not None:
            title = loaded.plan.title if loaded.plan is not None else None
            on_plan(PlanAnswer(file, loaded.plan is not None, tuple(loaded.problems), title, {}))
        if loaded.plan is None:
            left_out.append(file)
            continue
        plans[file] = loaded.plan
        found += [row(file, loaded.plan, ref, as_of) for ref in loaded.plan.actions() if ref.action.id == action_id]
    if found:
        return Found(found, left_out)
    if left_out:
        raise HcplanError(f"no action '{action_id}' in the plans that could be read; fix {', '.join(left_out)}")
    raise UsageError(_not_found(action_id, plans))


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
