"""``show``'s question: one action, by its ID, in the plans named."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from hcplan.errors import HcplanError, UsageError
from hcplan.views.listing import Filters, Listing, PlanAnswer, Question
from hcplan.views.rows import Row


class Found(NamedTuple):
    """The rows of the action asked for (one per plan that has it), and the files left out."""

    rows: list[Row]
    left_out: list[str]


def find(
    files: list[str],
    action_id: str,
    as_of: date,
    *,
    on_plan: Callable[[PlanAnswer], None] | None = None,
    jobs: int | None = None,
) -> Found:
    """The action ``action_id`` of every plan in ``files`` that has it, as of ``as_of``.

    Raises:
        UsageError: no plan has it; the message suggests the closest IDs.
        HcplanError: no plan that could be read has it, and some could not be.
    """
    listing = Listing(files, Question("list", as_of, Filters(ids=(action_id,))), on_plan=on_plan, jobs=jobs)
    rows = [row for plan in listing.by_plan() for row in plan.sections["actions"]]
    if rows:
        return Found(rows, listing.left_out)
    if listing.left_out:
        raise HcplanError(f"no action '{action_id}' in the plans that could be read; fix {', '.join(listing.left_out)}")
    everything = Listing(files, Question("list", as_of), jobs=jobs)
    ids = {plan.path: [row.id for row in plan.sections["actions"]] for plan in everything.by_plan()}
    raise UsageError(_not_found(action_id, ids))


def _not_found(action_id: str, ids: dict[str, list[str]]) -> str:
    import difflib

    every = [i for found in ids.values() for i in found]
    close = difflib.get_close_matches(action_id, sorted(set(every)) if len(ids) > 1 else every, n=3, cutoff=0.5)
    if len(ids) == 1:
        hint = f"; did you mean {' or '.join(close)}?" if close else f"; its actions are {every[0]} to {every[-1]}" if every else ""
        return f"no action '{action_id}' in this plan{hint}"
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"no action '{action_id}' in {', '.join(ids) or 'these plans'}{hint}"
