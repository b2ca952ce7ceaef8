"""Check the rest of a plan whose shape is wrong in places.

A plan with an update dated ``13/06/2017`` is not a valid plan, but its
misspelt lead three actions further down is still worth reporting in the
same run. :func:`salvage` sets aside the list items the schema errors are in
(that update, that action), validates what is left, and says how to map the
paths of the salvaged plan back to the file, so that the rules can run on the
rest and their findings land on the right lines.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from hcplan.format.model import Plan
from hcplan.problems import DocPath, Finding

#: Rules whose finding concerns one value only: kept even beside an item that
#: was set aside. The others compare items with each other, and could be
#: misled by the missing one.
LOCAL_RULES = frozenset({"lead", "lead-case", "status", "mixed-script", "due", "update-date", "due-period"})

#: Rules that judge a value against a list of the plan's own: not to be
#: trusted once an item of that list was set aside.
DEPENDS_ON = {
    "lead": ("leads",),
    "lead-case": ("leads",),
    "status": ("scale",),
    "status-history": ("scale",),
    "scale-done": ("scale",),
}

MAX_ROUNDS = 8


def salvage(data: Any) -> tuple[Plan, Callable[[Finding], Finding | None]] | None:
    """A valid plan made of what ``data`` has that is valid, and a function that
    takes its findings back to ``data``'s paths (None: drop the finding).

    None when the errors are not inside any list item (a missing title, a
    period that is not a mapping): then there is nothing to check.
    """
    from pydantic import ValidationError

    if not isinstance(data, dict):
        return None
    removed: dict[DocPath, set[int]] = {}
    for _ in range(MAX_ROUNDS):
        pruned = _prune(data, (), removed)
        try:
            plan = Plan.model_validate(pruned)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                original = _to_original(data, tuple(error["loc"]), removed)
                if original is None:
                    return None
                indices = [i for i, step in enumerate(original) if isinstance(step, int)]
                if not indices:
                    return None
                at = indices[-1]
                removed.setdefault(original[:at], set()).add(original[at])  # type: ignore[arg-type]
            continue
        return plan, _mapper(data, removed)
    return None


def _prune(value: Any, where: DocPath, removed: dict[DocPath, set[int]]) -> Any:
    if isinstance(value, dict):
        return {k: _prune(v, where + (k,), removed) for k, v in value.items()}
    if isinstance(value, list):
        gone = removed.get(where, ())
        return [_prune(v, where + (i,), removed) for i, v in enumerate(value) if i not in gone]
    return copy.copy(value)


def _to_original(data: Any, path: DocPath, removed: dict[DocPath, set[int]]) -> DocPath | None:
    """The path in ``data`` of ``path`` in the pruned data."""
    original: DocPath = ()
    node = data
    for step in path:
        if isinstance(node, list) and isinstance(step, int):
            kept = [i for i in range(len(node)) if i not in removed.get(original, ())]
            if step >= len(kept):
                return None
            step = kept[step]
            node = node[step]
        elif isinstance(node, dict) and step in node:
            node = node[step]
        else:
            node = None  # a key the model added, or a missing one: keep the path as is
        original = original + (step,)
    return original


def _mapper(data: Any, removed: dict[DocPath, set[int]]) -> Callable[[Finding], Finding | None]:
    owners = [path[:-1] for path in removed]

    def back(finding: Finding) -> Finding | None:
        where = _to_original(data, finding.where, removed)
        related = _to_original(data, finding.related, removed) if finding.related is not None else None
        if where is None or (finding.related is not None and related is None):
            return None
        if finding.rule not in LOCAL_RULES and any(where[: len(o)] == o for o in owners):
            return None
        if any(path[:1] == DEPENDS_ON.get(finding.rule, ())[:1] for path in removed if DEPENDS_ON.get(finding.rule)):
            return None
        return Finding(
            where, finding.rule, finding.message, finding.severity, finding.offset, related, finding.related_as, finding.on_key
        )

    return back
