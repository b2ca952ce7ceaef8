"""``hcplan overdue``, ``amber`` and ``list``: what slipped, and what is there.

Each command says what it asks (a :class:`~hcplan.views.listing.Question`)
and how it looks (a :class:`~hcplan.outputs.rows.Layout`); :func:`run` asks
it of the plans named and writes the answer in the format asked for.
"""

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from hcplan.cli.options import Ended, Format, Lead, Paths, PlanAsOf, RowFormat, Search, Status, Theme, days

if TYPE_CHECKING:
    from hcplan.outputs.rows import Layout
    from hcplan.views.listing import FilterError, Listing


def run(
    paths: list[Path] | None,
    kind: str,
    as_of: date | None,
    output: Format,
    layout: "Layout",
    *,
    leads: list[str] | None = None,
    themes: list[str] | None = None,
    statuses: list[str] | None = None,
    ended: bool = False,
    **asked: Any,
) -> "Listing":
    """Ask the listing ``kind`` of the plans named and write its answer; the listing, read, is returned.

    Plans a folder walk left out for having ended are named on standard error.
    Exits 1 when a plan could not be read (the rest is listed).
    """
    from hcplan.checking.loader import named_plans, plan_files
    from hcplan.outputs.problems import plan_problems
    from hcplan.outputs.rows import write
    from hcplan.views.listing import Filters, Listing, Question

    filters = Filters(tuple(leads or ()), tuple(themes or ()), tuple(statuses or ()), asked.pop("search", None))
    question = Question(kind, as_of or date.today(), filters, **asked, ended=ended, day_given=as_of is not None)
    files = plan_files(paths)
    listing = Listing(files, question, on_plan=plan_problems, named=named_plans(paths, files))
    write(listing, output.value, layout)
    left_out_ended(listing.ended, question.as_of)
    left_out_filtered(listing.filtered)
    refuse_left_out(listing.left_out, len(files))
    refuse_with_errors(listing.with_errors)
    return listing


def refuse_with_errors(with_errors: list[str]) -> None:
    """When plans answered have errors (said above, plan by plan), the error that ends the
    command: an answer from a plan with errors may be wrong (an end date typed a year
    early makes every action seem late, or none), so the command exits 1, and ``--fail``
    with it.

    Raises:
        HcplanError: ``with_errors`` is not empty.
    """
    import shlex

    from hcplan.errors import HcplanError

    if with_errors:
        named = " ".join(shlex.quote(path) for path in with_errors)
        plans = "this plan has" if len(with_errors) == 1 else f"these {len(with_errors)} plans have"
        raise HcplanError(f"the answer above may be wrong: {plans} errors; fix them (hcplan check {named})")


def left_out_filtered(errors: list["FilterError"]) -> None:
    """Say on standard error which plans were left out because the filters name nothing in
    them (a rating, lead or theme of other plans), each with why."""
    import sys

    for error in errors:
        sys.stderr.write(f"Left out {error.plan}: {error.message}\n")


def refuse_left_out(left_out: list[str], plans: int) -> None:
    """When plans could not be read (their problems, located, are said already), the
    error that ends the command, as every error does: ``hcplan: error: ...``, exit 1.

    Raises:
        HcplanError: ``left_out`` is not empty.
    """
    import shlex

    from hcplan.errors import HcplanError

    if not left_out:
        return
    named = ", ".join(left_out)
    if len(left_out) == plans == 1:
        message = f"{named} is not a valid plan; fix the problems above (hcplan check {shlex.quote(named)})"
    elif len(left_out) == plans:
        message = f"none of the {plans} plans is valid: {named}; fix the problems above"
    else:
        verb = "is" if len(left_out) == 1 else "are"
        message = f"{len(left_out)} of {plans} plans {verb} not valid and left out: {named}; the rest are answered"
    raise HcplanError(message)


def left_out_ended(ended: list[tuple[str, date]], day: date) -> None:
    """Say on standard error, in one line, which plans were left out for having ended (if any)."""
    if ended:
        import sys

        from hcplan.views.years import left_out_note

        sys.stderr.write(left_out_note(ended, day) + "\n")


def _layout(
    titles: dict[str, str], columns: dict[str, tuple[str, ...]], empty: str, ended: dict[str, str] | None = None
) -> "Layout":
    from hcplan.outputs.rows import Layout

    return Layout(titles, columns, empty, ended or {})


def overdue_cli(
    paths: Paths = None,
    as_of: PlanAsOf = None,
    within: Annotated[
        Optional[int],
        typer.Option(
            "--within", "-w", parser=days, help="Also list actions due in the next N days, e.g. 30d.", metavar="DAYS"
        ),
    ] = None,
    lead: Lead = None,
    theme: Theme = None,
    status: Status = None,
    output: RowFormat = Format.text,
    fail_on_overdue: Annotated[bool, typer.Option("--fail", help="Exit 1 when anything is overdue (for CI).")] = False,
    ended: Ended = False,
) -> None:
    """List actions whose due time has passed and that are not completed.

    Most late first, with their lead, due time, rating, last update and how
    late they are. A recurring action ("Quarterly", "each October") is overdue
    when its last ended occurrence has no update dated within it. Continuous
    actions, and those past their start ("July 2017 launch"), are never
    overdue: those that ran a quarter (or their own cadence) without an update
    are listed apart, as needing one. Conditional ones ("as and when ...") are
    never listed.

    In a plan that rates its objectives (or their targets), an objective not
    done needs an update as a continuous action does (a quarter without
    one), listed with its ID written "objective 3.1"; objectives have no due
    time, so none is ever overdue.

    A plan that has ended is over: what it left undone is listed as "not
    done by the end of the plan" (as of its last day, unless --as-of), never
    as late by a growing number of days. A folder's plans that had ended by
    the day are left out, and said so on standard error; --ended lists them.

    A plan with errors is answered all the same, and the command then exits 1:
    its answer may be wrong (hcplan check says why).

    Examples:

        hcplan overdue plans/2024-25 --as-of 2025-01-06 --within 30d --lead Police

        hcplan overdue plans --ended
    """
    within = within or 0
    shown = ("id", "action", "lead", "due", "status", "updated")
    layout = _layout(
        {"overdue": "Overdue", "due_soon": f"Due in the next {within} days", "needs_update": "Needs an update"},
        {"overdue": (*shown, "late"), "due_soon": (*shown, "left"), "needs_update": shown},
        "Nothing is overdue",
        {"overdue": "Not done by the end of the plan"},
    )
    listing = run(
        paths,
        "overdue",
        as_of,
        output,
        layout,
        leads=lead,
        themes=theme,
        statuses=status,
        ended=ended,
        within_days=within,
    )
    if fail_on_overdue and listing.counts["overdue"]:
        raise typer.Exit(1)


def amber_cli(
    paths: Paths = None,
    as_of: PlanAsOf = None,
    red: Annotated[bool, typer.Option("--red", help="Add those rated red.")] = False,
    lead: Lead = None,
    theme: Theme = None,
    status: Status = None,
    output: RowFormat = Format.text,
    ended: Ended = False,
) -> None:
    """List actions whose rating is amber on their plan's scale, and since when.

    "Since" comes from the history: the update that set the rating. With --red,
    red ones are listed too. In a plan that rates its objectives (or their
    targets), its objectives so rated are listed with them: the ID written
    "objective 3.1" (in JSON, "kind": "objective"), the leads of its actions,
    no due time. A plan that has ended is answered as of its last
    day (unless --as-of); a folder's ended plans are left out unless --ended.

    Example: hcplan amber --red --format csv > at-risk.csv
    """
    title = "Amber or red" if red else "Amber"
    layout = _layout(
        {"rated": title},
        {"rated": ("id", "action", "lead", "due", "status", "since", "updated")},
        f"No {{}} is {title.lower()}",
    )
    run(paths, "amber", as_of, output, layout, leads=lead, themes=theme, statuses=status, ended=ended, red=red)


def list_cli(
    paths: Paths = None,
    as_of: PlanAsOf = None,
    lead: Lead = None,
    theme: Theme = None,
    status: Status = None,
    search: Search = None,
    output: RowFormat = Format.text,
    ended: Ended = False,
) -> None:
    """List every action that matches the filters, in plan order.

    In a plan that rates its objectives (or their targets), each objective
    is listed too, before its actions ("objective 3.1"): --status asks for
    its own rating, --lead for a lead of its actions, --theme for its theme,
    --search for its words (not its actions' leads).

    A folder's plans that had ended by the day are left out unless --ended;
    an ended plan is listed as of its last day (unless --as-of).

    Example: hcplan list --lead police --status "in prog"
    """
    layout = _layout(
        {"actions": "Actions"}, {"actions": ("id", "action", "lead", "due", "status", "updated")}, "No {} matches"
    )
    run(paths, "list", as_of, output, layout, leads=lead, themes=theme, statuses=status, ended=ended, search=search)
