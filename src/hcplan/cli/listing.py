"""``hcplan overdue``, ``amber`` and ``list``: what slipped, and what is there.

Each command says what it asks (a :class:`~hcplan.views.listing.Question`)
and how it looks (a :class:`~hcplan.outputs.rows.Layout`); :func:`run` asks
it of the plans named and writes the answer in the format asked for.
"""

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from hcplan.cli.options import AsOf, Format, Lead, Paths, RowFormat, Search, Status, Theme, days

if TYPE_CHECKING:
    from hcplan.outputs.rows import Layout
    from hcplan.views.listing import Listing


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
    **asked: Any,
) -> "Listing":
    """Ask the listing ``kind`` of the plans named and write its answer; the listing, read, is returned.

    Exits 1 when a plan could not be read (the rest is listed).
    """
    from hcplan.checking.loader import plan_files
    from hcplan.outputs.problems import plan_problems
    from hcplan.outputs.rows import write
    from hcplan.views.listing import Filters, Listing, Question

    filters = Filters(tuple(leads or ()), tuple(themes or ()), tuple(statuses or ()), asked.pop("search", None))
    question = Question(kind, as_of or date.today(), filters, **asked)
    listing = Listing(plan_files(paths), question, on_plan=plan_problems)
    write(listing, output.value, layout)
    if listing.left_out:
        raise typer.Exit(1)
    return listing


def _layout(titles: dict[str, str], columns: dict[str, tuple[str, ...]], empty: str) -> "Layout":
    from hcplan.outputs.rows import Layout

    return Layout(titles, columns, empty)


def overdue_cli(
    paths: Paths = None,
    as_of: AsOf = None,
    within: Annotated[
        Optional[int],
        typer.Option("--within", "-w", parser=days, help="Also list actions due in the next N days, e.g. 30d.", metavar="DAYS"),
    ] = None,
    lead: Lead = None,
    theme: Theme = None,
    status: Status = None,
    output: RowFormat = Format.text,
    fail_on_overdue: Annotated[bool, typer.Option("--fail", help="Exit 1 when anything is overdue (for CI).")] = False,
) -> None:
    """List actions whose due time has passed and that are not completed.

    Most late first, with their lead, due time, rating, last update and how
    late they are. A recurring action ("Quarterly", "each October") is overdue
    when its last ended occurrence has no update dated within it. Continuous
    actions, and those past their start ("July 2017 launch"), are never
    overdue: those that ran a quarter (or their own cadence) without an update
    are listed apart, as needing one. Conditional ones ("as and when ...") are
    never listed.

    Example: hcplan overdue plans/2024-25 --within 30d --lead "Safer Merton"
    """
    within = within or 0
    shown = ("id", "action", "lead", "due", "status", "updated")
    layout = _layout(
        {"overdue": "Overdue", "due_soon": f"Due in the next {within} days", "needs_update": "Needs an update"},
        {"overdue": (*shown, "late"), "due_soon": (*shown, "left"), "needs_update": shown},
        "Nothing is overdue",
    )
    listing = run(paths, "overdue", as_of, output, layout, leads=lead, themes=theme, statuses=status, within_days=within)
    if fail_on_overdue and listing.counts["overdue"]:
        raise typer.Exit(1)


def amber_cli(
    paths: Paths = None,
    as_of: AsOf = None,
    red: Annotated[bool, typer.Option("--red", help="Add actions rated red.")] = False,
    lead: Lead = None,
    theme: Theme = None,
    status: Status = None,
    output: RowFormat = Format.text,
) -> None:
    """List actions whose rating is amber on their plan's scale, and since when.

    "Since" comes from the history: the update that set the rating. With --red,
    red ones are listed too.

    Example: hcplan amber --red --format csv > at-risk.csv
    """
    title = "Amber or red" if red else "Amber"
    layout = _layout(
        {"rated": title},
        {"rated": ("id", "action", "lead", "due", "status", "since", "updated")},
        f"No action is {title.lower()}",
    )
    run(paths, "amber", as_of, output, layout, leads=lead, themes=theme, statuses=status, red=red)


def list_cli(
    paths: Paths = None,
    as_of: AsOf = None,
    lead: Lead = None,
    theme: Theme = None,
    status: Status = None,
    search: Search = None,
    output: RowFormat = Format.text,
) -> None:
    """List every action that matches the filters, in plan order.

    Example: hcplan list --lead police --status "in prog"
    """
    layout = _layout({"actions": "Actions"}, {"actions": ("id", "action", "lead", "due", "status", "updated")}, "No action matches")
    run(paths, "list", as_of, output, layout, leads=lead, themes=theme, statuses=status, search=search)
