"""Turn a plan's data into a :class:`~hcplan.format.model.Plan`, with plain-spoken errors.

pydantic reports what is wrong by location (``themes.0.objectives.2.id``) in
its own words; this module keeps the location as a document path and says the
problem the way a plan's author would understand it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from hcplan.format.model import Plan
from hcplan.problems import DocPath, Finding
from hcplan.quoting import quote


def validate(data: Any) -> tuple[Plan | None, list[Finding]]:
    """The plan, or None and the findings that say why the data is not one."""
    from pydantic import ValidationError

    if not isinstance(data, dict):
        found = (
            "nothing: the file is empty, or holds only comments (or a bare ~ or ---)"
            if data is None
            else _describe(data)
        )
        message = f"a plan file is a mapping (title: ..., period: ..., themes: ...); found {found}"
        return None, [Finding((), "schema", message)]
    try:
        return Plan.model_validate(data), []
    except ValidationError as exc:
        unknown = _Unknown(data)
        said = [(error, _finding(error, data, unknown)) for error in exc.errors(include_url=False)]
        # A key "missing" that an unknown key is said to be a typo of is one problem, said there.
        return None, [
            f for error, f in said if not (error["type"] == "missing" and tuple(error["loc"]) in unknown.meant)
        ]


def validate_items(plan: Plan, items: Mapping[DocPath, Any]) -> Plan | None:
    """``plan`` with the mapping at each path of ``items`` (an action, an objective)
    replaced by that item's data, validated; None when an item is not valid or its path
    is not a mapping's of the format (validate the whole data then, to say why).

    What validating the whole data would make: no validator of the format looks
    beyond the model it belongs to (the rules of :mod:`hcplan.checking.checks` do
    that), so a valid plan whose parts are replaced by valid parts is valid, and
    the parts left alone are validated already. A change proven by the items it
    changed is validated by them too (:func:`hcplan.changes.update.prove`).
    """
    from pydantic import ValidationError

    for where, value in items.items():
        model = _model_for(tuple(step if isinstance(step, str) else 0 for step in where))
        if model is None:
            return None
        try:
            item = model.model_validate(value)
        except ValidationError:
            return None
        put = _put(plan, where, item)
        if put is None:
            return None
        plan = put
    return plan


@cache
def _model_for(shape: tuple[Any, ...]) -> Any:
    """The model class of the mapping at a path of this shape (its indexes 0), or None;
    only for paths that go field, index, field, index...: items of lists of models."""
    if not shape or len(shape) % 2 or not all(isinstance(step, str) for step in shape[::2]):
        return None
    return _model_at(shape)


def _put(model: Any, where: tuple[Any, ...], item: Any) -> Any:
    """``model`` with ``item`` at ``where`` (field, index, ...), copying only the models
    and lists on the way to it; None when there is no such place."""
    key, index, rest = where[0], where[1], where[2:]
    name = next((n for n, f in type(model).model_fields.items() if (f.alias or n) == key), None)
    entries = list(getattr(model, name, None) or []) if name is not None else []
    if not isinstance(index, int) or not 0 <= index < len(entries):
        return None
    entries[index] = _put(entries[index], rest, item) if rest else item
    if entries[index] is None:
        return None
    return model.model_copy(update={name: entries})


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return quote(value, limit=40)


#: The words people write for each key of the format, for "did you mean".
SYNONYMS: dict[str, tuple[str, ...]] = {
    "leads": ("owner", "owners", "responsible", "lead", "lead officer", "lead organisation",
              "lead agency", "who", "accountable", "responsibility"),
    "due": ("deadline", "target date", "target", "timescale", "timescales", "due date", "by when",
            "when", "date due", "completion date", "timeframe"),
    "status": ("rating", "rag", "rag status", "rag rating", "state", "progress status"),
    "updates": ("progress", "comment", "comments", "update", "progress updates", "history",
                "progress notes"),
    "text": ("description", "action", "detail", "details", "summary", "comment", "objective",
             "wording"),
    "notes": ("note", "remarks"),
    "conditions": ("condition", "dependencies", "dependency", "depends on", "dependent on"),
    "id": ("ref", "reference", "no", "identifier"),
    "number": ("no", "num", "id"),
    "rescheduled": ("reschedule", "rescheduling", "moved", "revised due", "new due"),
    "themes": ("theme", "priorities", "strands", "areas"),
    "objectives": ("objective", "aims", "goals"),
    "actions": ("action", "tasks", "activities"),
    "aim": ("aims", "goal", "purpose"),
    "scale": ("ratings", "rating scale", "rag scale", "legend", "key"),
    "organisation": ("organization", "council", "owner", "authority", "partnership"),
    "group": ("board", "committee", "monitored by"),
    "period": ("dates", "term", "duration"),
    "quarters": ("quarter", "year basis", "financial year", "calendar"),
    "label": ("name", "rating", "status"),
    "rag": ("colour", "color", "rag colour"),
    "done": ("complete", "completed", "finished"),
    "meaning": ("description", "means"),
    "aliases": ("alias", "also known as", "aka", "other names"),
    "private": ("internal", "confidential", "hidden"),
    "reason": ("why", "because"),
    "date": ("when", "dated", "on"),
    "start": ("from", "begins", "start date"),
    "end": ("to", "until", "ends", "end date"),
}  # fmt: skip

#: What each part of a plan is called in messages.
_PLACES = {
    "Plan": "the plan", "Period": "the period", "Rating": "a rating", "Lead": "a lead",
    "Update": "an update", "Reschedule": "a reschedule", "Action": "an action",
    "Objective": "an objective", "Theme": "a theme",
}  # fmt: skip


def unwrap(annotation: Any) -> Any:
    """The type inside ``Annotated[...]`` and ``X | None`` (a list stays a list)."""
    from typing import Annotated, Literal, get_args, get_origin

    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
            continue
        args = [a for a in get_args(annotation) if a is not type(None)]
        if origin is not None and origin not in (list, Literal) and len(args) == 1:
            annotation = args[0]
            continue
        return annotation


def annotation_at(where: tuple[Any, ...]) -> tuple[Any, Any] | None:
    """The type the format gives the place ``where``, and the field it is (None for a list
    entry or the plan itself); None when the format has no such place."""
    from typing import get_args, get_origin

    from pydantic import BaseModel

    annotation: Any = Plan
    info = None
    for step in where:
        annotation = unwrap(annotation)
        if isinstance(step, int):
            if get_origin(annotation) is not list:
                return None
            annotation, info = get_args(annotation)[0], None
            continue
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        info = next((f for n, f in annotation.model_fields.items() if (f.alias or n) == step), None)
        if info is None:
            return None
        annotation = info.annotation
    return annotation, info


def _model_at(where: tuple[Any, ...]) -> Any:
    """The model class of the mapping at ``where``, or None."""
    from pydantic import BaseModel

    found = annotation_at(where)
    annotation = unwrap(found[0]) if found is not None else None
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


#: Unknown keys of one mapping given a "did you mean": the rest (a file of thousands of
#: them is no typo) are named with the place's keys, which costs nothing to say.
SUGGESTED_KEYS = 100


class _Unknown:
    """Unknown keys, said with a key valid at their place to suggest (not one written already).

    Each mapping met is looked through once, not once for each of its unknown keys."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.unwritten: dict[tuple[Any, ...], list[str]] = {}
        self.said: dict[tuple[Any, ...], int] = {}
        #: The keys suggested for unknown ones (``organisaton``: ``organisation``), by their path.
        self.meant: set[tuple[Any, ...]] = set()

    def finding(self, where: tuple[Any, ...]) -> Finding:
        from hcplan.suggest import phrase, suggest

        key = str(where[-1])
        owner = where[:-1]
        model = _model_at(owner)
        if model is None:
            return Finding(where, "unknown-key", f"unknown key {quote(key)}", on_key=True)
        keys = [info.alias or name for name, info in model.model_fields.items()]
        free = self.unwritten.get(owner)
        if free is None:
            mapping = _value_at(self.data, owner)
            free = self.unwritten[owner] = [k for k in keys if not (isinstance(mapping, dict) and k in mapping)]
        self.said[owner] = self.said.get(owner, 0) + 1
        place = _PLACES.get(model.__name__, "here")
        found = suggest(key, free, synonyms=SYNONYMS) if self.said[owner] <= SUGGESTED_KEYS else []
        hint = phrase(found, written=key)
        self.meant.update((*owner, name) for name in found)
        if not hint:
            hint = f" (the keys of {place}: {', '.join(keys)})"
        return Finding(where, "unknown-key", f"unknown key {quote(key)} in {place}{hint}", on_key=True)


def _value_at(data: Any, where: tuple[Any, ...]) -> Any:
    for step in where:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _finding(error: Any, data: Any, unknown: _Unknown) -> Finding:
    where = tuple(error["loc"])
    kind = error["type"]
    given = error.get("input")
    message = error["msg"]
    if kind == "missing":
        return Finding(where[:-1], "schema", f"missing required key {quote(where[-1])}")
    if kind == "extra_forbidden":
        return unknown.finding(where)
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
        if message == "expected text":
            message = f"expected text, found {_describe(given)}"
        elif message == "expected true or false":
            message = f"expected true or false, found {_describe(given)}: write true or false"
        return Finding(where, "schema", message)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return Finding(where, "schema", f"expected a mapping of keys and values, found {_describe(given)}")
    if kind == "list_type":
        return Finding(where, "schema", f"expected a list, found {_describe(given)}")
    if kind in ("bool_type", "bool_parsing"):
        return Finding(where, "schema", f"expected true or false, found {_describe(given)}")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return Finding(where, "schema", f"expected a whole number, found {_describe(given)}")
    if kind == "literal_error":
        expected = message.removeprefix("Input should be ")
        return Finding(where, "schema", f"expected {expected}, found {_describe(given)}")
    if kind == "too_short" and isinstance(given, list) and not given:
        return Finding(where, "schema", "must list at least one entry")
    if message.startswith("Input should be "):
        message = "expected " + message.removeprefix("Input should be ")
    return Finding(where, "schema", f"{message}, found {_describe(given)}")
