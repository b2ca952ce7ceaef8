"""``hcplan show``: one action, whole, for people (or as data)."""

import sys
from datetime import date
from typing import Annotated

import typer

from hcplan.cli.options import AsOf, Format, Paths, RowFormat


def show_cli(
    action_id: Annotated[str, typer.Argument(help="The action's ID, e.g. 5.2.", metavar="ID")],
    paths: Paths = None,
    as_of: AsOf = None,
    output: RowFormat = Format.text,
) -> None:
    """Print one action whole: its objective, lead, due, rating and full history.

    Example: hcplan show 1.4.2 plans/2017
    """
    from hcplan.checking.loader import plan_files
    from hcplan.outputs.problems import plan_problems
    from hcplan.views.show import find

    found = find(plan_files(paths), action_id, as_of or date.today(), on_plan=plan_problems)
    if output is Format.json:
        from hcplan.outputs.terminal import json_text

        sys.stdout.write(json_text([row.to_dict(detail=True) for row in found.rows]) + "\n")
    elif output is Format.csv:
        from hcplan.outputs.rows import csv_sections

        csv_sections([("actions", found.rows)], sys.stdout)
    else:
        from hcplan.outputs.show import print_action

        for row in found.rows:
            print_action(row)
    if found.left_out:
        raise typer.Exit(1)
