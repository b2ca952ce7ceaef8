"""``hcplan overdue``, ``amber``, ``list`` and ``show``: what slipped, and the detail."""

from __future__ import annotations

import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from hcplan.cli.check import parse_day

if TYPE_CHECKING:
    from hcplan.views.query import Filters, Row


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


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
    from hcplan.views.query import Filters

    return Filters(tuple(lead or ()), tuple(theme or ()), tuple(status or ()), search)


def _files(paths: list[Path] | None) -> list[str]:
    from hcplan.cli.output import fail
    from hcplan.checking.loader import UsageError, default_paths, discover

    try:
        files = discover(paths) if paths else discover(default_paths())
    except UsageError as exc:
        raise fail(str(exc)) from None
    if not files:
        raise fail("no plan files (*.yaml) found")
    return files


def collect(
    paths: list[Path] | None, kind: str, as_of: date, filters: Filters, within_days: int = 0
) -> tuple[dict[str, list[dict[str, Any]]], bool]:
    """The listing of every plan named, as data; and whether every plan could be read.

    Problems go to standard error: a plan that is not valid is left out, one
    whose checks fail is listed with a warning.
    """
    from hcplan.checking.batch import map_files
    from hcplan.cli.output import fail
    from hcplan.views.query import merge, plan_listing

    files = _files(paths)
    calls = [(file, kind, as_of, date.today(), filters, within_days) for file in files]
    parts, all_read, filter_errors = [], True, []
    for file, entry in zip(files, map_files(plan_listing, calls)):
        _report_problems(file, entry)
        if not entry["valid"]:
            all_read = False
        elif "filter_error" in entry:
            filter_errors.append(entry["filter_error"])
        else:
            parts.append(entry["sections"])
    if filter_errors and not parts:
        # No plan has what a filter names (a plan without it is just left out).
        best = next((e for e in filter_errors if "did you mean" in e), filter_errors[0])
        raise fail(best if len(set(filter_errors)) == 1 else f"no plan matches: {best}")
    return merge(parts), all_read


def _report_problems(file: str, entry: dict[str, Any]) -> None:
    from hcplan.cli.output import problem_line, use_colour
    from hcplan.problems import Problem

    if not entry["valid"]:
        colour = use_colour(sys.stderr)
        for problem in entry["problems"]:
            sys.stderr.write(problem_line(Problem.from_dict(problem), colour) + "\n")
        sys.stderr.write(f"hcplan: {file} is not a valid plan and is left out\n")
    elif entry.get("errors"):
        sys.stderr.write(f"hcplan: warning: {file} has {entry['errors']} error(s); run hcplan check {file}\n")


def _day(as_of: str | None) -> date:
    return parse_day(as_of) if as_of else date.today()


def _print_sections(
    sections: dict[str, list[dict[str, Any]]],
    columns: dict[str, tuple[str, ...]],
    titles: dict[str, str],
    output: ListFormat,
    as_of: date,
    empty: str,
) -> None:
    from hcplan.outputs import tables

    if output is ListFormat.json:
        tables.print_json({"as_of": as_of.isoformat(), **sections})
        return
    if output is ListFormat.csv:
        tables.print_csv(sections)
        return
    shown = False
    for name, section in sections.items():
        groups: dict[str, list[dict[str, Any]]] = {}
        for row in section:
            groups.setdefault(row["plan"], []).append(row)
        for path, group in groups.items():
            title = f"{titles[name]}: {group[0]['plan_title']} ({path}), {tables.as_of_line(as_of)}"
            if shown:
                sys.stdout.write("\n")
            tables.print_table(title, group, columns[name])
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
    late they are. A recurring action ("Quarterly", "each October") is overdue
    when its last ended occurrence has no update dated within it. Continuous
    actions, and those past their start ("July 2017 launch"), are never
    overdue: those that ran a quarter (or their own cadence) without an update
    are listed apart, as needing one. Conditional ones ("as and when ...") are
    never listed.

    Example: hcplan overdue plans/2024-25 --within 30d --lead "Safer Merton"
    """
    day = _day(as_of)
    days = _within_days(within)
    sections, all_read = collect(paths, "overdue", day, _filters(lead, theme, status), days)
    titles = {"overdue": "Overdue", "due_soon": f"Due in the next {days} days", "needs_update": "Needs an update"}
    columns = {
        "overdue": ("id", "action", "lead", "due", "status", "updated", "late"),
        "due_soon": ("id", "action", "lead", "due", "status", "updated", "left"),
        "needs_update": ("id", "action", "lead", "due", "status", "updated"),
    }
    _print_sections(sections, columns, titles, output, day, "Nothing is overdue")
    if not all_read or (fail_on_overdue and sections.get("overdue")):
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
    day = _day(as_of)
    kind = "amber+red" if red else "amber"
    sections, all_read = collect(paths, kind, day, _filters(lead, theme, status))
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
    sections, all_read = collect(paths, "list", day, _filters(lead, theme, status, search))
    columns = {"actions": ("id", "action", "lead", "due", "status", "updated")}
    _print_sections(sections, columns, {"actions": "Actions"}, output, day, "No action matches")
    if not all_read:
        raise typer.Exit(1)


def show_cli(
    action_id: Annotated[str, typer.Argument(help="The action's ID, e.g. 5.2.", metavar="ID")],
    paths: Paths = None,
    as_of: AsOf = None,
    output: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="text for people; json for scripts.")
    ] = ShowFormat.text,
) -> None:
    """Print one action whole: its objective, lead, due, rating and full history.

    Example: hcplan show 1.4.2 plans/2017
    """
    from hcplan.cli.output import fail, print_json
    from hcplan.changes.update import UpdateError, find_action

    day = _day(as_of)
    found = _all_rows(paths, day)
    matches = [r for r in found if r.id == action_id]
    if not matches:
        from hcplan.quoting import quote
        from hcplan.suggest import did_you_mean

        plans = {r.path: r.plan for r in found}
        if len(plans) == 1:
            try:
                find_action(next(iter(plans.values())), action_id)
            except UpdateError as exc:
                raise fail(str(exc)) from None
        hint = did_you_mean(action_id, sorted({r.id for r in found}), n=3, cutoff=0.5, slips=False, quoted=False)
        raise fail(f"no action {quote(action_id)} in {', '.join(plans) or 'these plans'}{hint}")
    if output is ShowFormat.json:
        print_json([_detail(r) for r in matches])
        return
    from hcplan.cli.show import print_action

    for row in matches:
        print_action(row)


def _all_rows(paths: list[Path] | None, as_of: date) -> list[Row]:
    """Every action of every plan named, as rows (for ``show``)."""
    from hcplan.files.cache import Cache
    from hcplan.views.query import rows

    cache = Cache.default()
    found: list[Row] = []
    for file in _files(paths):
        loaded = load_plan_quietly(file, cache)
        if loaded is not None:
            found.extend(rows(file, loaded, as_of))
    return found


def load_plan_quietly(file: str, cache: Any) -> Any:
    from hcplan.checking.loader import load_plan

    loaded = load_plan(file, cache=cache)
    entry = {
        "valid": loaded.plan is not None,
        "problems": [p.to_dict() for p in loaded.problems],
        "errors": sum(p.severity.value == "error" for p in loaded.problems),
    }
    _report_problems(file, entry)
    return loaded.plan


def _detail(row: Row) -> dict[str, object]:
    action = row.ref.action
    data = row.to_dict()
    data["notes"] = list(action.notes)
    data["partners"] = list(action.partners)
    data["outcome"] = list(action.outcome)
    data["measure"] = list(action.measure)
    data["funding"] = action.funding
    data["progress"] = list(action.progress)
    data["from"] = action.from_.model_dump() if action.from_ else None
    data["rescheduled"] = [
        {"date": c.date.isoformat() if c.date else None, "from": c.from_, "to": c.to, "reason": c.reason}
        for c in action.rescheduled
    ]
    data["updates"] = [
        {"date": u.date.isoformat(), "text": u.text, "status": u.status, "private": u.private}
        for u in action.updates
    ]
    return data
