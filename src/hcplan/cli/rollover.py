"""``hcplan rollover``: start next year's plan from this year's."""

from __future__ import annotations

import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from hcplan.cli.options import DAY_FORMS, day_option, first_day, refuse_bad_bytes, refuse_bad_file_name
from hcplan.errors import UsageError


class RolloverFormat(str, Enum):
    text = "text"
    json = "json"


def rollover_cli(
    old: Annotated[Path, typer.Argument(help="The plan that is ending.", metavar="OLD", show_default=False)],
    new: Annotated[
        Path, typer.Argument(help="The new plan's file; it must not exist yet.", metavar="NEW", show_default=False)
    ],
    start: Annotated[
        Optional[date],
        day_option(
            "--start",
            help=f"The new plan's first day: {DAY_FORMS}. Default: the day after OLD ends. "
            "The new period is as long as the old one. A quarter is its first day.",
            parser=first_day,
        ),
    ] = None,
    due: Annotated[
        Optional[str],
        typer.Option(
            "--due",
            help="One due for every action carried over, e.g. 'Q2 Year 1'. Default: TBC (to be set), "
            "except dues that name no time of the old plan (Continuous, Annually, As and when ...).",
            metavar="DUE",
        ),
    ] = None,
    title: Annotated[
        Optional[str],
        typer.Option("--title", help="The new plan's title. Default: OLD's, with its years moved on.", metavar="TEXT"),
    ] = None,
    link: Annotated[
        bool,
        typer.Option(
            "--link", help="Also record in OLD that NEW follows it (followed_by:); nothing else in OLD changes."
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the new plan and what went into it; write nothing.")
    ] = False,
    output: Annotated[
        RolloverFormat,
        typer.Option("--format", "-f", help="text for people; json (what went into the new plan) for scripts."),
    ] = RolloverFormat.text,
) -> None:
    """Write next year's plan from this year's: what is not done carries over.

    NEW gets OLD's organisation, group, scale, leads, quarters, notes and
    themes, with the period moved on and the years in the title with it.
    Each action not done is carried over with its ID, text, leads and
    conditions, a `from:` naming the plan and action it came from, and its
    due set to TBC (or --due); its rating, updates and notes stay in OLD.
    Done actions are left behind; objectives and themes left with nothing
    are dropped; so are OLD's meetings and publication (its review's day and
    foreword), which are the old year's. OLD's comments stay where they belong.

    NEW is checked before it is written, and never written over a file.
    OLD is not changed, unless --link asks to record what follows it.

    Examples:

        hcplan rollover plans/2024-25/plan.yaml plans/2025-26/plan.yaml --dry-run

        hcplan rollover plans/2024-25/plan.yaml plans/2025-26/plan.yaml --link
    """
    from hcplan.changes.rollover import RolloverRequest, rollover_file
    from hcplan.changes.update import InvalidChange, as_options
    from hcplan.files.named import not_a_file
    from hcplan.outputs.terminal import json_text

    refuse_bad_bytes(controls=True, title=title, due=due)
    refuse_bad_file_name(old)
    refuse_bad_file_name(new)
    wrong = not_a_file(old)
    if wrong is not None:
        raise UsageError(wrong)
    if str(new) == "-":
        raise UsageError(
            "NEW is a file, not - (standard output): the new plan's links to the old one are written from where "
            "it is; to see it first, pass its file name and --dry-run"
        )
    if due is not None and not due.strip():
        raise UsageError("--due is empty")
    if title is not None and not title.strip():
        raise UsageError("--title is empty")
    request = RolloverRequest(str(old), str(new), start, due, title, link)
    try:
        result = rollover_file(request, today=date.today(), dry_run=dry_run)
    except InvalidChange as exc:
        # Problems in a value an option gave are said of the option, not of a file never written.
        given = {key: option for key, option, value in (("title", "--title", title), ("due", "--due", due)) if value}
        raise as_options(exc, given) from None
    if output is RolloverFormat.json:
        data = {**result.to_dict(), "written": not dry_run} | ({"text": result.text} if dry_run else {})
        sys.stdout.write(json_text(data) + "\n")
        return
    summary = "".join(line + "\n" for line in result.summary(written=not dry_run))
    if dry_run:
        sys.stdout.write(result.text)
        sys.stderr.write(f"(dry run: nothing was written)\n{summary}")
    else:
        sys.stdout.write(summary)
