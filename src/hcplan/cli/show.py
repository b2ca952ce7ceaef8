"""``hcplan show``: one action, whole, for people (or as data)."""

import sys
from datetime import date
from typing import Annotated

import typer

from hcplan.cli.options import Ended, Format, Paths, PlanAsOf, RowFormat, plan_then_id


def show_cli(
    action_id: Annotated[str, typer.Argument(help="The action's ID, e.g. 5.2.", metavar="ID")],
    paths: Paths = None,
    as_of: PlanAsOf = None,
    output: RowFormat = Format.text,
    ended: Ended = False,
) -> None:
    """Print one action whole: its objective, lead, due, rating and full history.

    An action of a plan that has ended is shown as of the plan's last day
    (unless --as-of), and one not done is "not done by the end of the plan".
    Searching a folder leaves out its plans that had ended by the day (and
    says so) unless --ended; a plan named by its file is always searched.
    The plan may come first, as in update (hcplan show plan.yaml 1.4.2).

    Examples:

        hcplan show 1.4.2 plans/2017

        hcplan show 3.1 plans --ended
    """
    from hcplan.checking.loader import named_plans, plan_files
    from hcplan.cli.listing import left_out_ended, refuse_left_out
    from hcplan.outputs.problems import plan_problems
    from hcplan.views.listing import Question
    from hcplan.views.show import find

    if paths and len(paths) == 1:  # `hcplan show plan.yaml 1.1`, in update's order
        plan, action_id = plan_then_id(paths[0], action_id)
        paths = [plan]
    files = plan_files(paths)
    question = Question("show", as_of or date.today(), ended=ended, day_given=as_of is not None)
    found = find(files, action_id, question, on_plan=plan_problems, named=named_plans(paths, files))
    left_out_ended(found.ended, question.as_of)
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
    refuse_left_out(found.left_out, len(files))
