"""The JSON Schema for editors: generated from the models, committed, and true to them."""

from __future__ import annotations

import importlib
import json

import pytest

from conftest import REPO, SHIPPED
from hcplan.format.schema import plan_schema

COMMITTED = REPO / "schema" / "plan.schema.json"


def test_hcplan_schema_prints_the_committed_schema(hcplan):
    result = hcplan("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == plan_schema()
    assert result.stdout == COMMITTED.read_text(encoding="utf-8"), (
        "schema/plan.schema.json is stale: run `make regen`"
    )


def _as_an_editor_reads_it(path):
    """The plan as a YAML 1.2 editor sees it: numbers are numbers, dates are text."""
    from ruamel.yaml import YAML

    return json.loads(json.dumps(YAML(typ="safe").load(path), default=str))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_the_schema_accepts_the_shipped_plans(path):
    jsonschema = importlib.import_module("jsonschema")
    jsonschema.Draft202012Validator(plan_schema()).validate(_as_an_editor_reads_it(path))


def test_the_schema_refuses_an_unknown_key():
    jsonschema = importlib.import_module("jsonschema")
    data = _as_an_editor_reads_it(SHIPPED[0])
    data["themes"][0]["objectives"][0]["actions"][0]["staus"] = "Amber"
    errors = list(jsonschema.Draft202012Validator(plan_schema()).iter_errors(data))
    assert any("staus" in e.message for e in errors)


def test_the_schema_gives_editors_the_years_a_plans_dates_may_take():
    """An editor flags 9999-12-31 as hcplan check does: the schema's date pattern keeps to
    FIRST_YEAR..LAST_YEAR, and to ISO's ASCII digits."""
    import re

    from hcplan.format.dates import FIRST_YEAR, LAST_YEAR
    from hcplan.format.model import ISO_DATE_PATTERN

    assert ISO_DATE_PATTERN in json.dumps(plan_schema())
    pattern = re.compile(ISO_DATE_PATTERN)
    for year in (FIRST_YEAR, FIRST_YEAR + 1, 2000, 2024, LAST_YEAR - 1, LAST_YEAR):
        assert pattern.match(f"{year}-01-01") and pattern.match(f"{year}-12-31"), year
    for text in (f"{FIRST_YEAR - 1}-12-31", f"{LAST_YEAR + 1}-01-01", "9999-12-31", "0001-01-01", "2024-13-01",
                 "2024-00-10", "2024-01-32", "\u0662\u0660\u0662\u0664-01-01"):
        assert not pattern.match(text), text
    jsonschema = importlib.import_module("jsonschema")
    data = _as_an_editor_reads_it(SHIPPED[0])
    data["period"]["end"] = "9999-12-31"
    errors = list(jsonschema.Draft202012Validator(plan_schema()).iter_errors(data))
    assert any("9999-12-31" in e.message for e in errors)
