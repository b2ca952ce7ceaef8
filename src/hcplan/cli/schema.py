"""``hcplan schema``: print the JSON Schema of the plan format."""

from __future__ import annotations


def schema_cli() -> None:
    """Print the JSON Schema of plan files, for editors and other checkers.

    Point yaml-language-server at it from the first line of a plan:

        hcplan schema > schema/plan.schema.json

        # yaml-language-server: $schema=../../schema/plan.schema.json
    """
    from hcplan.cli.output import print_json
    from hcplan.format.schema import plan_schema

    print_json(plan_schema())
