"""Turn a plan's data into a :class:`~hcplan.format.model.Plan`, with plain-spoken errors.

pydantic reports what is wrong by location (``themes.0.objectives.2.id``) in
its own words; this module keeps the location as a document path and says the
problem the way a plan's author would understand it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from hcplan.format.model import Plan
from hcplan.problems import Finding


def validate(data: Any) -> tuple[Plan | None, list[Finding]]:
    """The plan, or None and the findings that say why the data is not one."""
    from pydantic import ValidationError

    if not isinstance(data, dict):
        found = "nothing: the file is empty" if data is None else _describe(data)
        message = f"a plan file is a mapping (title: ..., period: ..., themes: ...); found {found}"
        return None, [Finding((), "schema", message)]
    try:
        return Plan.model_validate(data), []
    except ValidationError as exc:
        return None, [_finding(error) for error in exc.errors(include_url=False)]


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


@cache
def _field_names() -> frozenset[str]:
    names: set[str] = set()
    stack: list[Any] = [Plan]
    seen: set[Any] = set()
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
            for arg in _models_in(info.annotation):
                stack.append(arg)
    return frozenset(names)


def _models_in(annotation: Any) -> list[Any]:
    from typing import get_args

    from pydantic import BaseModel

    found = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _finding(error: Any) -> Finding:
    where = tuple(error["loc"])
    kind = error["type"]
    given = error.get("input")
    message = error["msg"]
    if kind == "missing":
        key = where[-1]
        return Finding(where[:-1], "schema", f"missing required key '{key}'")
    if kind == "extra_forbidden":
        key = str(where[-1])
        import difflib  # only when something is wrong

        close = difflib.get_close_matches(key, _field_names(), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return Finding(where, "schema", f"unknown key '{key}'{hint}", on_key=True)
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
        if message == "expected text":
            message = f"expected text, found {_describe(given)}"
        elif message == "must not be empty":
            message = "must not be empty"
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
