"""The JSON Schema of the plan format, generated from the models, for editors."""

from __future__ import annotations

from typing import Any

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def plan_schema() -> dict[str, Any]:
    """The JSON Schema of a plan file (what ``hcplan schema`` prints)."""
    from hcplan.format.model import Plan

    schema = Plan.model_json_schema()
    # A known lead may also be written as a bare name; the model turns it into
    # a Lead before validating, which pydantic's schema cannot see.
    schema["properties"]["leads"]["items"] = {"anyOf": [{"type": "string", "minLength": 1}, {"$ref": "#/$defs/Lead"}]}
    # Meetings may also be written as a bare list of days.
    meetings = schema["properties"]["meetings"]
    meetings["anyOf"].insert(0, {"type": "array", "items": {"type": "string", "format": "date"}})
    return {"$schema": SCHEMA_DIALECT, **schema}
