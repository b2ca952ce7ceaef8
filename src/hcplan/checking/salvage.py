"""Check the rest of a plan whose shape is wrong in places.

A plan with an update dated ``13/06/2017``, a theme numbered ``one`` or a
period that is not a mapping is not a valid plan, but its misspelt lead three
actions further down is still worth reporting in the same run.
:func:`salvage` makes a valid plan of the data by repairing, on a copy, each
place the schema rejects:

* an unknown key is left out;
* a key that may be left out is left out;
* a required key gets a stand-in of its type (a fresh ID, a date, a label);
* an entry of a list that is not of the list's kind is set aside;

and says how to take the findings of the rules on that plan back to the file.
A finding is dropped when it could have been misled by a repair: it concerns
a repaired place, or its rule compares with a part that was repaired (each
rule's ``reads``, in :mod:`hcplan.checking.rules`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from hcplan.checking.rules import RULES
from hcplan.checking.validation import annotation_at, unwrap
from hcplan.format.model import Plan
from hcplan.problems import DocPath, Finding

MAX_ROUNDS = 12


class _Repairs:
    """What was changed in the data, by path in the original data."""

    def __init__(self) -> None:
        self.removed: dict[DocPath, set[int]] = {}  # list path -> indices set aside
        self.dropped: set[DocPath] = set()  # keys left out
        self.replaced: dict[DocPath, Any] = {}  # stand-ins
        self.tainted: list[DocPath] = []  # every place repaired but unknown keys
        self.fresh = 0

    def new_id(self) -> int:
        self.fresh += 1
        return self.fresh


def salvage(data: Any) -> tuple[Plan, Callable[[Finding], Finding | None]] | None:
    """A valid plan made of ``data`` repaired, and a function that takes its findings
    back to ``data``'s paths (None: drop the finding).

    None when the data cannot be repaired into a plan (it is not a mapping).
    """
    from pydantic import ValidationError

    if not isinstance(data, dict):
        return None
    repairs = _Repairs()
    for _ in range(MAX_ROUNDS):
        pruned = _prune(data, (), repairs)
        try:
            plan = Plan.model_validate(pruned)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                original = _to_original(data, tuple(error["loc"]), repairs)
                if original is None or not _repair(data, original, error["type"], repairs):
                    return None
            continue
        return plan, _mapper(data, repairs)
    return None


def _repair(data: Any, where: DocPath, kind: str, repairs: _Repairs) -> bool:
    """Repair the place ``where`` the schema rejected; False when nothing can be done."""
    if kind == "extra_forbidden":
        repairs.dropped.add(where)
        return True
    if where and isinstance(where[-1], str) and where not in repairs.replaced:
        field = _field_at(where)
        if field is not None:
            required, annotation = field
            if not required:
                repairs.dropped.add(where)
            else:
                repairs.replaced[where] = _stand_in(annotation, repairs)
            repairs.tainted.append(where)
            return True
    # Set aside the innermost list entry around the place.
    items = [i for i, step in enumerate(where) if isinstance(step, int)]
    if not items:
        return False
    at = items[-1]
    repairs.removed.setdefault(where[:at], set()).add(where[at])  # type: ignore[arg-type]
    repairs.tainted.append(where[: at + 1])
    return True


def _field_at(where: DocPath) -> tuple[bool, Any] | None:
    """Whether the key at ``where`` is required, and its type; None when it is not a model's key."""
    found = annotation_at(where)
    if found is None or found[1] is None:
        return None
    annotation, info = found
    return info.is_required(), annotation


def _stand_in(annotation: Any, repairs: _Repairs) -> Any:
    """A valid value of ``annotation`` that matches nothing else in the plan."""
    annotation = unwrap(annotation)
    origin = get_origin(annotation)
    if origin is Literal:
        return get_args(annotation)[0]
    if origin is list:
        return [_stand_in(get_args(annotation)[0], repairs)]
    if annotation is bool:
        return False
    if annotation is int:
        return 1_000_000 + repairs.new_id()
    if annotation is date:
        return date(2000, 1, 1)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {
            (info.alias or name): _stand_in(info.annotation, repairs)
            for name, info in annotation.model_fields.items()
            if info.is_required()
        }
    return f"(stand-in {repairs.new_id()})"


def _prune(value: Any, where: DocPath, repairs: _Repairs) -> Any:
    if where in repairs.replaced:
        return copy.deepcopy(repairs.replaced[where])
    if isinstance(value, dict):
        kept = {k: _prune(v, where + (k,), repairs) for k, v in value.items() if where + (k,) not in repairs.dropped}
        for path, stand_in in repairs.replaced.items():
            if path[:-1] == where and path[-1] not in kept:
                kept[path[-1]] = copy.deepcopy(stand_in)  # a required key that was missing
        return kept
    if isinstance(value, list):
        gone = repairs.removed.get(where, ())
        return [_prune(v, where + (i,), repairs) for i, v in enumerate(value) if i not in gone]
    return copy.copy(value)


def _to_original(data: Any, path: DocPath, repairs: _Repairs) -> DocPath | None:
    """The path in ``data`` of ``path`` in the repaired data."""
    original: DocPath = ()
    node = data
    for step in path:
        if isinstance(node, list) and isinstance(step, int):
            kept = [i for i in range(len(node)) if i not in repairs.removed.get(original, ())]
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


def _related(a: DocPath, b: DocPath) -> bool:
    """Whether one path is the other or inside it."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _owner(where: DocPath) -> DocPath | None:
    """The path of the action or objective ``where`` is in (None: neither)."""
    for at in range(len(where) - 2, -1, -1):
        if where[at] in ("actions", "objectives") and isinstance(where[at + 1], int):
            return where[: at + 2]
    return None


def _matches(taint: DocPath, pattern: str, where: DocPath) -> bool:
    if pattern.startswith("./"):
        owner = _owner(where)
        if owner is None:
            return False
        steps: tuple[Any, ...] = owner + tuple(pattern[2:].split("."))
    else:
        steps = tuple(pattern.split("."))
    n = min(len(taint), len(steps))
    return all(s == "*" or s == t for s, t in zip(steps[:n], taint[:n]))


def _misled(finding: Finding, where: DocPath, related: DocPath | None, repairs: _Repairs) -> bool:
    reads = RULES[finding.rule].reads if finding.rule in RULES else ()
    for taint in repairs.tainted:
        if _related(taint, where) or (related is not None and _related(taint, related)):
            return True
        if any(_matches(taint, pattern, where) for pattern in reads):
            return True
    return False


def _mapper(data: Any, repairs: _Repairs) -> Callable[[Finding], Finding | None]:
    def back(finding: Finding) -> Finding | None:
        where = _to_original(data, finding.where, repairs)
        related = _to_original(data, finding.related, repairs) if finding.related is not None else None
        if where is None or (finding.related is not None and related is None):
            return None
        if _misled(finding, where, related, repairs):
            return None
        return finding._replace(where=where, related=related)

    return back
