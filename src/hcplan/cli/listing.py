"""``hcplan overdue``, ``amber``, ``list`` and ``show``: what slipped, and the detail."""

from __future__ import annotations

import difflib
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from hcplan.cli.check import parse_day

if TYPE_CHECKING:
    from hcplan.query import Filters, Row


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


Paths = Annotated[
    Optional[list[Path]],
    typer.Argument(help="Plan files or folders. Default: ./plans", show_default=False, metavar="[PATHS]..."),
]
AsOf = Annotated[
    Optional[str],
    typer.Option("--as-of", help="Answer as on this day (YYYY-MM-DD). Default: today.", metavar="DATE"),
]
Lead = Annotated[
    Optional[list[str]],
    typer.Option("--lead", "-l", help="Only actions this lead leads (a name, an alias, or part of a name).", metavar="LEAD"),
]
Theme = Annotated[
    Optional[list[str]], typer.Option("--theme", "-t", help="Only this theme (its number or name).", metavar="THEME")
]
Status = Annotated[
    Optional[list[str]],
    typer.Option("--status", "-s", help="Only this rating (any unambiguous start of it; 'none' for unrated).", metavar="LABEL"),
]
Format = Annotated[
    ListFormat, typer.Option("--format", "-f", help="table for people; json or csv for scripts.")
]


def _filters(lead: list[str] | None, theme: list[str] | None, status: list[str] | None, search: str | None = None) -> Filters:
    from hcplan.query import Filters

    return Filters(tuple(lead or ()), tuple(theme or ()), tuple(status or ()), search)


def load_rows(paths: list[Path] | None, as_of: date, filters: Filters) -> tuple[list[Row], bool]:
    """Rows of every plan named, filtered; and whether every plan could be read.

    Problems go to standard error: a plan that is not valid is skipped, one
    whose checks fail is listed with a warning.
    """
    from hcplan.cli.output import fail, problem_line, use_colour
    from hcplan.loader import UsageError, default_paths, discover, load_plan
    from hcplan.problems import Severity
    from hcplan.query import rows

    try:
        files = discover(paths) if paths else discover(default_paths())
    except UsageError as exc:
        raise fail(str(exc)) from None
    if not files:
        raise fail("no plan files (*.yaml) found")
    found: list[Row] = []
    all_read = True
    colour = use_colour(sys.stderr)
    matched_a_status = not filters.statuses
    for file in files:
        loaded = load_plan(file)
        if loaded.plan is None:
            all_read = False
            for problem in loaded.problems:
                sys.stderr.write(problem_line(problem, colour) + "\n")
            sys.stderr.write(f"hcplan: {file} is not a valid plan and is left out\n")
            continue
        errors = sum(p.severity is Severity.ERROR for p in loaded.problems)
        if errors:
            sys.stderr.write(f"hcplan: warning: {file} has {errors} error(s); run hcplan check {file}\n")
        try:
            keep = filters.plan_filter(loaded.plan)
        except ValueError as exc:
            if len(files) == 1:
                raise fail(str(exc)) from None
            continue  # another plan may have that rating
        matched_a_status = True
        found.extend(r for r in rows(file, loaded.plan, as_of) if keep(r))
    if not matched_a_status:
        raise fail(f"no plan has a rating '{', '.join(filters.statuses)}'")
    return found, all_read


def _by_plan(rows: list[Row]) -> dict[str, list[Row]]:
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.path, []).append(row)
    return groups


def _day(as_of: str | None) -> date:
    return parse_day(as_of) if as_of else date.today()


def _print_sections(
    sections: dict[str, list[Row]],
    columns: dict[str, tuple[str, ...]],
    titles: dict[str, str],
    output: ListFormat,
    as_of: date,
    empty: str,
) -> None:
    from hcplan.cli import tables

    if output is ListFormat.json:
        tables.print_json(
            {"as_of": as_of.isoformat(), **{name: [r.to_dict() for r in rs] for name, rs in sections.items()}}
        )
        return
    if output is ListFormat.csv:
        tables.print_csv(sections)
        return
    out = tables.console()
    shown = False
    for name, section_rows in sections.items():
        for path, group in _by_plan(section_rows).items():
            title = f"{titles[name]}: {group[0].plan.title} ({path}), {tables.as_of_line(as_of)}"
            if shown:
                sys.stdout.write("\n")
            tables.print_table(out, title, group, columns[name])
            shown = True
    if not shown:
        sys.stdout.write(f"{empty} ({tables.as_of_line(as_of)})\n")


def overdue_cli(
    paths: Paths = None,
    as_of: AsOf = None,
    within: Annotated[
        Optional[str],
        typer.Option("--within", "-w", help="Also list actions due in the next N days, e.g. 30d.", metavar="DAYS"),
    ] = None,
    lead: Lead = None,
    theme: Theme = None,
    status: Status = None,
    output: Format = ListFormat.table,
    fail_on_overdue: Annotated[
        bool, typer.Option("--fail", help="Exit 1 when anything is overdue (for CI).")
    ] = False,
) -> None:
    """List actions whose due time has passed and that are not completed.

    Most late first, with their lead, due time, rating, last update and how
    late they are. Continuous and recurring actions are never overdue: those
    with no update in the last three months are listed apart, as needing an
    update. Conditional ones ("as and when ...") are never listed.

    Example: hcplan overdue plans/2024-25 --within 30d --lead "Safer Merton"
    """
    from hcplan.query import overdue

    day = _day(as_of)
    days = _within_days(within)
    found, all_read = load_rows(paths, day, _filters(lead, theme, status))
    result = overdue(found, within_days=days)
    sections = {"overdue": result.late, "due_soon": result.due_soon, "needs_update": result.needs_update}
    titles = {"overdue": "Overdue", "due_soon": f"Due in the next {days} days", "needs_update": "Needs an update"}
    columns = {
        "overdue": ("id", "action", "lead", "due", "status", "updated", "late"),
        "due_soon": ("id", "action", "lead", "due", "status", "updated", "late"),
        "needs_update": ("id", "action", "lead", "due", "status", "updated"),
    }
    if not days:
        del sections["due_soon"]
    _print_sections(sections, columns, titles, output, day, "Nothing is overdue")
    if not all_read or (fail_on_overdue and result.late):
        raise typer.Exit(1)


def _within_days(text: str | None) -> int:
    if not text:
        return 0
    value = text.strip().lower()
    multiplier = 1
    if value.endswith("w"):
        multiplier, value = 7, value[:-1]
    elif value.endswith("d"):
        value = value[:-1]
    if not value.isdigit():
        raise typer.BadParameter(f"'{text}' is not a number of days, e.g. 30d or 2w", param_hint="--within")
    return int(value) * multiplier


def amber_cli(
    paths: Paths = None,
    as_of: AsOf = None,
    red: Annotated[bool, typer.Option("--red", help="Add actions rated red.")] = False,
    lead: Lead = None,
    theme: Theme = None,
    status: Status = None,
    output: Format = ListFormat.table,
) -> None:
    """List actions whose rating is amber on their plan's scale, and since when.

    "Since" comes from the history: the update that set the rating. With --red,
    red ones are listed too.

    Example: hcplan amber --red --format csv > at-risk.csv
    """
    from hcplan.query import by_rag

    day = _day(as_of)
    found, all_read = load_rows(paths, day, _filters(lead, theme, status))
    colours = ("amber", "red") if red else ("amber",)
    sections = {"rated": by_rag(found, colours)}
    title = "Amber or red" if red else "Amber"
    columns = {"rated": ("id", "action", "lead", "due", "status", "since", "updated")}
    _print_sections(sections, columns, {"rated": title}, output, day, f"No action is {title.lower()}")
    if not all_read:
        raise typer.Exit(1)


def list_cli(
    paths: Paths = None,
    as_of: AsOf = None,
    lead: Lead = None,
    theme: Theme = None,
    status: Status = None,
    search: Annotated[
        Optional[str], typer.Option("--search", "-q", help="Only actions whose text, updates or notes mention this.")
    ] = None,
    output: Format = ListFormat.table,
) -> None:
    """List every action that matches the filters, in plan order.

    Example: hcplan list --lead police --status "in prog"
    """
    day = _day(as_of)
    found, all_read = load_rows(paths, day, _filters(lead, theme, status, search))
    columns = {"actions": ("id", "action", "lead", "due", "status", "updated")}
    _print_sections({"actions": found}, columns, {"actions": "Actions"}, output, day, "No action matches")
    if not all_read:
        raise typer.Exit(1)


def show_cli(
    action_id: Annotated[str, typer.Argument(help="The action's ID, e.g. 5.2.", metavar="ID")],
    paths: Paths = None,
    as_of: AsOf = None,
    output: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table (text) for people; json for scripts.")
    ] = ListFormat.table,
) -> None:
    """Print one action whole: its objective, lead, due, rating and full history.

    Example: hcplan show 1.4.2 plans/2017
    """
    from hcplan.cli.output import fail, print_json
    from hcplan.update import UpdateError, find_action

    day = _day(as_of)
    found, _ = load_rows(paths, day, _filters(None, None, None))
    matches = [r for r in found if r.id == action_id]
    if not matches:
        plans = {r.path: r.plan for r in found}
        if len(plans) == 1:
            try:
                find_action(next(iter(plans.values())), action_id)
            except UpdateError as exc:
                raise fail(str(exc)) from None
        close = difflib.get_close_matches(action_id, sorted({r.id for r in found}), n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise fail(f"no action '{action_id}' in {', '.join(plans) or 'these plans'}{hint}")
    if output is ListFormat.json:
        print_json([_detail(r) for r in matches])
        return
    if output is ListFormat.csv:
        raise fail("show prints text or json; use list --format csv for a table")
    from hcplan.cli.show import print_action

    for row in matches:
        print_action(row)


def _detail(row: Row) -> dict[str, object]:
    action = row.ref.action
    data = row.to_dict()
    data["notes"] = list(action.notes)
    data["rescheduled"] = [
        {"date": c.date.isoformat() if c.date else None, "from": c.from_, "to": c.to, "reason": c.reason}
        for c in action.rescheduled
    ]
    data["updates"] = [
        {"date": u.date.isoformat(), "text": u.text, "status": u.status, "private": u.private}
        for u in action.updates
    ]
    return data
