"""What an ID names in a plan: an action, or an objective the plan rates.

Actions and objectives both carry a rating and dated updates (a plan may rate
its objectives, or their targets, rather than each action). Their IDs are
separate namespaces (the unique-ID rule checks each on its own), so one ID may
name an objective and an action both; then it must say which, with the word
before it: ``objective 7`` or ``action 7`` (any case; also accepted when the
ID alone would do). ``hcplan update`` and ``hcplan show`` find what they are
asked about here, and say the same when it is not there.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import TYPE_CHECKING, Union

from hcplan.errors import UsageError
from hcplan.quoting import quote

if TYPE_CHECKING:
    from hcplan.format.model import ActionRef, ObjectiveRef, Plan

#: An action or an objective, with where it sits in the plan.
RatedRef = Union["ActionRef", "ObjectiveRef"]

#: The words that may come before an ID to say what it names.
KINDS = ("action", "objective")

_KIND = re.compile(r"\s*(action|objective)\s+(\S(?:.*\S)?)\s*", re.IGNORECASE | re.DOTALL)


def split_kind(text: str) -> tuple[str | None, str]:
    """The kind an ID argument names, and the ID: ``Objective 7`` is ``("objective", "7")``;
    ``7`` is ``(None, "7")``."""
    found = _KIND.fullmatch(text)
    if found is None:
        return None, text
    return found.group(1).lower(), found.group(2)


def rates_objectives(plan: Plan) -> bool:
    """True when ``plan`` rates its objectives (or their targets): any objective has a
    ``status`` or ``updates``. Its returns workbook then has a row for each objective."""
    return any(ref.objective.status is not None or ref.objective.updates for ref in plan.objectives())


def named(ref: RatedRef) -> str:
    """What ``ref`` is, in words: ``objective 7``, ``action 5.2``."""
    return f"{ref.kind} {ref.item.id}"


class RatedIndex:
    """A plan's actions and objectives by ID, to find what IDs name (build it once, ask it often)."""

    def __init__(self, plan: Plan) -> None:
        self.actions: dict[str, ActionRef] = {}
        self.objectives: dict[str, ObjectiveRef] = {}
        for ref in plan.actions():
            self.actions.setdefault(ref.action.id, ref)
        for objective in plan.objectives():
            self.objectives.setdefault(objective.objective.id, objective)
        self._texts: dict[str, RatedRef] | None = None
        self._folded: dict[str, dict[str, list[str]]] | None = None

    def by_text(self) -> dict[str, RatedRef]:
        """The actions and objectives by their text (spaces taken as one), the first of each."""
        if self._texts is None:
            self._texts = {}
            every: list[RatedRef] = [*self.actions.values(), *self.objectives.values()]
            for ref in every:
                self._texts.setdefault(" ".join(ref.item.text.split()), ref)
        return self._texts

    def named(self, text: str, kind: str | None = None) -> list[RatedRef]:
        """What ``text`` names, of ``kind`` (or of the kind written before the ID):
        none, one, or (an ID of both, no kind said) the objective and the action."""
        if kind is None:
            found = self._with_id(text, KINDS)
            if found:  # an ID as written, even one that starts with a kind's word
                return found
            kind, text = split_kind(text)
            if kind is None:
                return []
        return self._with_id(text, (kind,))

    def _with_id(self, item_id: str, kinds: Collection[str]) -> list[RatedRef]:
        pairs = [
            (kind, refs) for kind, refs in (("objective", self.objectives), ("action", self.actions)) if kind in kinds
        ]
        found: list[RatedRef] = [refs[item_id] for _, refs in pairs if item_id in refs]
        if found:  # an ID as written names what it names; another case only when none is
            return found
        for kind, refs in pairs:
            written = self._as_written(kind, item_id)
            if written is not None:
                found.append(refs[written])
        return found

    def _as_written(self, kind: str, item_id: str) -> str | None:
        """The one ID of ``kind`` that ``item_id`` is, typed in another case or with spaces
        around it (``hc1.2`` for ``HC1.2``); None when there is none, or more than one."""
        if self._folded is None:
            self._folded = {"action": {}, "objective": {}}
            for name, refs in (("objective", self.objectives), ("action", self.actions)):
                for written in refs:
                    self._folded[name].setdefault(written.strip().lower(), []).append(written)
        same = self._folded[kind].get(item_id.strip().lower(), [])
        return same[0] if len(same) == 1 else None

    def find(self, text: str, kind: str | None = None) -> RatedRef:
        """The action or objective ``text`` names (``kind``: only that kind).

        Raises:
            UsageError: it names none (the message suggests the closest IDs), or
                both an objective and an action (the message says how to choose).
        """
        found = self.named(text, kind)
        if len(found) > 1:
            raise UsageError(ambiguous(text, found, "this plan"))
        if found:
            return found[0]
        raise UsageError(not_found(text, kind, self.actions, self.objectives, "this plan", spans=True))


def ambiguous(text: str, found: list[RatedRef], where: str) -> str:
    """The message for an ID that names more than one kind of thing in ``where``."""
    both = " and ".join(f"{named(ref)} {quote(ref.item.text, 50)}" for ref in found)
    ways = " or ".join(quote(named(ref)) for ref in found)
    return f"{quote(text)} names both {both} in {where}; say which: {ways}"


def not_found(
    text: str,
    kind: str | None,
    action_ids: Collection[str],
    objective_ids: Collection[str],
    where: str,
    *,
    spans: bool = False,
) -> str:
    """The message for an ID that names nothing (of ``kind``) in ``where``, with
    the closest IDs there; ``spans``: when none is close, what IDs there are."""
    from hcplan.suggest import did_you_mean

    if kind is None:
        kind, text = split_kind(text)
    ids = {"action": list(action_ids), "objective": list(objective_ids)}
    kinds = (kind,) if kind is not None else KINDS
    what = " or ".join(kinds)
    clash = case_clash(text, [f"{k} {i}" for k in kinds for i in ids[k]], [i for k in kinds for i in ids[k]])
    if clash is not None:
        return clash
    hint = ""
    other = next((k for k in KINDS if k not in kinds and text in ids[k]), None)
    if other is not None:
        hint = f"; {text} is an {other}"
    if not hint:
        choices = [i for k in kinds for i in ids[k]]
        hint = did_you_mean(text, choices, n=3, cutoff=0.5, slips=False, quoted=False)
    if not hint and spans:
        ranges = [_span(k, ids[k], first=n == 0) for n, k in enumerate(k for k in kinds if ids[k])]
        hint = "; " + " and ".join(ranges) if ranges else ""
    return f"no {what} {quote(text)} in {where}{hint}"


def case_clash(text: str, named: list[str], ids: list[str]) -> str | None:
    """The message for ``text`` when it is two or more of ``ids`` (each ``named`` so) in
    another case, which IDs that differ only in case leave to be typed as written."""
    wanted = text.strip().lower()
    same = [name for name, item_id in zip(named, ids) if item_id.strip().lower() == wanted]
    if len(same) < 2:
        return None
    return (
        f"{quote(text)} could be {' or '.join(same)}: their IDs differ only in case, so type the one you mean "
        "exactly as it is written"
    )


def _span(kind: str, ids: list[str], *, first: bool) -> str:
    """``its actions are 1.1 to 4.2`` (``first``; else ``its objectives 1 to 4``), ``its objective is 1``."""
    if len(ids) == 1:
        return f"its {kind} {'is ' if first else ''}{ids[0]}"
    return f"its {kind}s {'are ' if first else ''}{ids[0]} to {ids[-1]}"
