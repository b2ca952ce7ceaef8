"""``hcplan calendar``: what plans have due, and their meetings, as an iCalendar file."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from hcplan.cli.check import parse_day

if TYPE_CHECKING:
    from hcplan.format.model import Plan
    from hcplan.outputs.calendar import Calendar
    from hcplan.views.query import PlanFilter

#: The names an iCalendar file may have.
SUFFIXES = (".ics", ".ical", ".icalendar")


def calendar_cli(
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(help="Plan files or folders. Default: ./plans", show_default=False, metavar="[PLANS]..."),
    ] = None,
    output: Annotated[
        Optional[Path],
        typer.Option(
            "--output", "-o", help="Write to this file (FILE.ics). Default: standard output.", metavar="FILE"
        ),
    ] = None,
    lead: Annotated[
        Optional[list[str]],
        typer.Option("--lead", "-l", help="Only actions this lead leads (a name, an alias, or part of a name).", metavar="LEAD"),
    ] = None,
    theme: Annotated[
        Optional[list[str]], typer.Option("--theme", "-t", help="Only this theme (its number or name).", metavar="THEME")
    ] = None,
    as_of: Annotated[
        Optional[str],
        typer.Option(
            "--as-of",
            help="Ratings, and dues that were rescheduled, as on this day (YYYY-MM-DD). "
            "Default: today, or a plan's last day once it has ended.",
            metavar="DATE",
        ),
    ] = None,
    done: Annotated[
        bool, typer.Option("--done", help="Also show done actions, marked (done); otherwise they are left out.")
    ] = False,
) -> None:
    """Write an iCalendar file of what the plans have due, to subscribe to or import.

    Each action with a day is an all-day event on the day it is due: a due
    window ("Q2 Year 1") or deadline on its last day, a start ("July 2017
    launch") on its first. A recurring action ("Quarterly", "each October")
    is one recurring event, on the last day of each of its periods, until
    the plan ends. A continuous action is shown when it starts, if after the
    plan does, and at each review if it says how often ("Ongoing (reviewed
    quarterly)"). The plan's meetings (meetings: in the plan) are events too.
    Conditional actions and those with no date have no day and are left
    out; so are done actions, unless --done. --lead and --theme choose the
    actions; the meetings are always there.

    Each event names its plan and action, its leads, rating and due; never
    updates or notes. Its UID comes from the plan's organisation and start
    and the action's ID, so a calendar that subscribes to the file moves an
    event when its due changes, rather than adding another.

    Examples:

        hcplan calendar plans/2024-25/plan.yaml -o hate-crime-plan.ics

        hcplan calendar plans --lead "Safer Merton" -o safer-merton.ics
    """
    from hcplan.cli.listing import _files
    from hcplan.cli.output import EXIT_PROBLEMS, EXIT_USAGE, fail
    from hcplan.outputs.calendar import CalendarError, calendar, to_ical

    given_day = parse_day(as_of) if as_of else None
    if output is not None and output.suffix.lower() not in SUFFIXES:
        raise fail(f"cannot write a calendar into '{output.name}': name the file .ics")
    files = _files(paths)
    if output is not None:
        _guard(output, files)
    plans = [(file, _shown(file), _load(file)) for file in files]
    keep = _filters([plan for _, _, plan in plans], lead, theme)
    try:
        found = calendar(
            [(file, shown, plan) for file, shown, plan in plans if id(plan) in keep],
            lambda plan: given_day or min(date.today(), plan.period.end),
            lambda plan: keep[id(plan)],
            done=done,
        )
    except CalendarError as exc:
        raise fail(str(exc)) from None
    data = to_ical(found)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        from hcplan.files.store import StoreError, write_output

        try:
            # The plans named, and those carried-over actions came from.
            write_output(output, data, [*files, *found.read])
        except StoreError as exc:
            raise fail(str(exc), EXIT_USAGE if exc.usage else EXIT_PROBLEMS) from None
    sys.stderr.write(_summary(output, found) + "\n")


def _guard(output: Path, files: list[str]) -> None:
    """Refuse, before anything is read, an output that is a plan or one of ``files``."""
    from hcplan.cli.output import fail
    from hcplan.files.store import StoreError, guard_output

    try:
        guard_output(output, files)
    except StoreError as exc:
        raise fail(str(exc)) from None


def _shown(file: str) -> str:
    """How the calendar names a plan's file: relative to here when it is below here."""
    relative = os.path.relpath(os.path.abspath(file))
    return Path(relative if not relative.startswith("..") else file).as_posix()


def _load(file: str) -> Plan:
    from hcplan.checking.loader import load_plan
    from hcplan.cli.output import EXIT_PROBLEMS, fail, problem_line, use_colour
    from hcplan.problems import Severity

    loaded = load_plan(file)
    if loaded.plan is None or any(p.severity is Severity.ERROR for p in loaded.problems):
        colour = use_colour(sys.stderr)
        for problem in loaded.problems:
            sys.stderr.write(problem_line(problem, colour) + "\n")
        raise fail(f"{file} has errors; fix them first (hcplan check {file}); nothing was written", EXIT_PROBLEMS)
    return loaded.plan


def _filters(plans: list[Plan], lead: list[str] | None, theme: list[str] | None) -> dict[int, PlanFilter]:
    """Each plan's filter, by the plan's id(); a plan the filters name nothing in is
    left out, and when they name nothing in any plan, that is a usage error."""
    from hcplan.cli.output import fail
    from hcplan.views.query import Filters

    filters = Filters(tuple(lead or ()), tuple(theme or ()))
    kept, errors = {}, []
    for plan in plans:
        try:
            kept[id(plan)] = filters.plan_filter(plan)
        except ValueError as exc:
            errors.append(str(exc))
    if errors and not kept:
        raise fail(next((e for e in errors if "did you mean" in e), errors[0]))
    return kept


def _summary(output: Path | None, found: Calendar) -> str:
    events = len(found.entries)
    recurring = sum(entry.rule is not None for entry in found.entries)
    words = f"{events} event{'s' * (events != 1)}" + (f" ({recurring} recurring)" if recurring else "")
    plans = len(found.names)
    line = f"{'Wrote ' + str(output) if output else 'Calendar'}: {words} from {plans} plan{'s' * (plans != 1)}"
    if found.left_out:
        reasons = {
            "done": "done",
            "continuous": "continuous",
            "conditional": "conditional",
            "no date": "with no date",
        }
        parts = [f"{count} {reasons[why]}" for why, count in sorted(found.left_out.items())]
        line += f"; left out {', '.join(parts)}"
    return line + "."
