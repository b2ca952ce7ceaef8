"""``hcplan schema``: print the JSON Schema of the plan format."""


def schema_cli() -> None:
    """Print the JSON Schema of plan files, for editors and other checkers.

    Point yaml-language-server at it from the first line of a plan:

        hcplan schema > schema/plan.schema.json

        # yaml-language-server: $schema=../../schema/plan.schema.json
    """
    import sys

    from hcplan.format.schema import plan_schema
    from hcplan.outputs.terminal import json_text

    sys.stdout.write(json_text(plan_schema()) + "\n")
