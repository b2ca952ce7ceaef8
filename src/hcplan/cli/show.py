"""``hcplan show``: one action or objective, whole, for people (or as data)."""

import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from hcplan.cli.options import Ended, Format, Paths, PlanAsOf, RowFormat, plan_then_id

if TYPE_CHECKING:
    from hcplan.views.objective import ObjectiveView


def show_cli(
    action_id: Annotated[
        str,
        typer.Argument(
            help="The action's ID, e.g. 5.2, or the objective's, e.g. 7; 'objective 7' or 'action 7' "
            "when a plan has both.",
            metavar="ID",
        ),
    ],
    paths: Paths = None,
    as_of: PlanAsOf = None,
    output: RowFormat = Format.text,
    ended: Ended = False,
) -> None:
    """Print one action (or objective) whole: its objective, lead, due, rating and full history.

    An objective's ID prints the objective: what the plan says of it, its
    rating and since when, its full history, and its actions with their
    ratings and dues. Objectives and actions are numbered apart, so an ID may
    name both in a plan: then write 'objective 7' or 'action 7' (any case) to
    say which. Searching several plans, an ID that names an action in one
    shows the actions, and says which plans have an objective of that ID.

    An action of a plan that has ended is shown as of the plan's last day
    (unless --as-of), and one not done is "not done by the end of the plan".
    Searching a folder leaves out its plans that had ended by the day (and
    says so) unless --ended; a plan named by its file is always searched.
    The plan may come first, as in update (hcplan show plan.yaml 1.4.2).

    Examples:

        hcplan show 1.4.2 plans/2017

        hcplan show 3.1 plans --ended

        hcplan show plans/2024-25/plan.yaml "objective 7"
    """
    from hcplan.checking.loader import named_plans, plan_files
    from hcplan.cli.listing import left_out_ended, refuse_left_out, refuse_with_errors
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
    if found.objectives:
        _objectives(found.objectives, output)
    elif output is Format.json:
        from hcplan.outputs.terminal import json_text

        sys.stdout.write(json_text([row.to_dict(detail=True) for row in found.rows]) + "\n")
    elif output is Format.csv:
        from hcplan.outputs.rows import csv_sections

        csv_sections([("actions", found.rows)], sys.stdout)
    else:
        from hcplan.outputs.show import print_action

        for row in found.rows:
            print_action(row)
    if found.also:  # objectives of the ID in plans where it names no action
        from hcplan.format.rated import split_kind
        from hcplan.quoting import quote

        wanted = quote(f"objective {split_kind(action_id)[1]}")
        them = "it" if len(found.also) == 1 else "them"
        sys.stderr.write(f"Not shown: {', '.join(found.also)}; ask for {wanted} to show {them}.\n")
    refuse_left_out(found.left_out, len(files))
    refuse_with_errors(found.with_errors)


def _objectives(views: list["ObjectiveView"], output: Format) -> None:
    """Write the objectives found, in the format asked for."""
    if output is Format.json:
        from hcplan.outputs.terminal import json_text

        sys.stdout.write(json_text([view.to_dict() for view in views]) + "\n")
    elif output is Format.csv:
        from hcplan.outputs.rows import csv_sections
        from hcplan.outputs.show import objective_csv_line

        # Each objective, then its actions as show writes an action.
        sections = [part for view in views for part in (("objective", [view]), ("actions", view.actions))]
        csv_sections(sections, sys.stdout, line=objective_csv_line)
    else:
        from hcplan.outputs.show import print_objective

        for view in views:
            print_objective(view)
