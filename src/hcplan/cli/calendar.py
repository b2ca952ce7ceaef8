"""``hcplan calendar``: what plans have due, and their meetings, as an iCalendar file."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hcplan.cli.options import DAY_FORMS, Ended, Lead, Output, Paths, Theme, day_option, output_suffix
from hcplan.errors import UsageError

if TYPE_CHECKING:
    from hcplan.outputs.calendar import Calendar

#: The names an iCalendar file may have.
SUFFIXES = (".ics", ".ical", ".icalendar")


def calendar_cli(
    paths: Paths = None,
    output: Output = None,
    lead: Lead = None,
    theme: Theme = None,
    as_of: Annotated[
        date | None,
        day_option(
            "--as-of",
            help=f"Ratings, and dues that were rescheduled, as on this day: {DAY_FORMS}. "
            "Default: today, or a plan's last day once it has ended.",
        ),
    ] = None,
    done: Annotated[
        bool, typer.Option("--done", help="Also show done actions, marked (done); otherwise they are left out.")
    ] = False,
    ended: Ended = False,
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
    actions; the meetings are always there. A folder's plans that had ended
    by the day (today, or --as-of) are left out, and said so, unless
    --ended; a plan named by its file is always in.

    Each event names its plan and action, its leads, rating and due; never
    updates or notes. Its UID comes from the plan's organisation and start
    and the action's ID, so a calendar that subscribes to the file moves an
    event when its due changes, rather than adding another.

    Examples:

        hcplan calendar plans/2024-25/plan.yaml -o hate-crime-plan.ics

        hcplan calendar plans --ended --lead Police -o police.ics
    """
    from hcplan.checking.loader import load_valid, named_plans, plan_files
    from hcplan.cli.listing import left_out_ended
    from hcplan.files.store import guard_output, write_output, written_into
    from hcplan.outputs.calendar import calendar, to_ical
    from hcplan.views.listing import Filters, Question, ended_on, plan_day, plan_filters

    # A pipe or a device (-o /dev/stdout) is like standard output: its name is no file's.
    if output is not None and output_suffix(output) not in SUFFIXES and not written_into(output):
        raise UsageError(f"cannot write a calendar into '{output.name}': name the file .ics")
    files = plan_files(paths)
    if output is not None:
        guard_output(output, files)  # refused before anything is read
    question = Question("calendar", as_of or date.today(), ended=ended, day_given=as_of is not None)
    named = named_plans(paths, files)
    plans, left_out = [], []
    for file in files:
        plan = load_valid(file, named=file in named)
        end = ended_on(plan, question)
        if end is not None and not ended and file not in named:
            left_out.append((file, end))
        else:
            plans.append((file, _shown(file), plan))
    left_out_ended(left_out, question.as_of)
    keep = plan_filters([plan for _, _, plan in plans], Filters(tuple(lead or ()), tuple(theme or ())))
    found = calendar(
        [(file, shown, plan) for file, shown, plan in plans if id(plan) in keep],
        lambda plan: plan_day(plan, question),
        lambda plan: keep[id(plan)],
        done=done,
    )
    data = to_ical(found)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        # The plans named, and those carried-over actions came from.
        write_output(output, data, [*files, *found.read])
    sys.stderr.write(_summary(output, found) + "\n")


def _shown(file: str) -> str:
    """How the calendar names a plan's file: relative to here when it is below here, else
    by its folder and name (``2024-25/plan.yaml``): a published calendar never shows where
    a plan lies on someone's computer (``/home/jsmith/...``)."""
    relative = os.path.relpath(os.path.abspath(file))
    if not relative.startswith(".."):
        return Path(relative).as_posix()
    absolute = Path(os.path.abspath(file))
    return (Path(absolute.parent.name) / absolute.name).as_posix() if absolute.parent.name else absolute.name


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
