"""``hcplan import``: record a meeting's returns in one write."""

from __future__ import annotations

import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional, TextIO

import typer

from hcplan.cli.check import parse_day

if TYPE_CHECKING:
    from hcplan.changes.returns import Imported
    from hcplan.problems import CellProblem


class ImportFormat(str, Enum):
    text = "text"
    json = "json"


def cell_problem_line(problem: CellProblem, colour: bool) -> str:
    """``returns.xlsx:Returns!K12: error: message``, in colour on a terminal."""
    from hcplan.outputs.terminal import paint

    where = f"{problem.path}:{problem.where}:" if problem.where else f"{problem.path}:"
    code = "31;1" if problem.severity.value == "error" else "33;1"
    return f"{paint(where, '1', colour)} {paint(problem.severity.value, code, colour)}: {problem.message}"


def import_cli(
    plan: Annotated[Path, typer.Argument(help="The plan file.", metavar="PLAN", show_default=False)],
    files: Annotated[
        list[Path],
        typer.Argument(help="Returns: workbooks (.xlsx) or CSV files.", metavar="FILE...", show_default=False),
    ],
    on: Annotated[
        Optional[str],
        typer.Option("--date", "-d", help="Date of rows that give no Update date (YYYY-MM-DD). Default: today.", metavar="DATE"),
    ] = None,
    private: Annotated[bool, typer.Option("--private", help="Keep these updates out of public reports.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the change as a diff; write nothing.")] = False,
    output: Annotated[
        ImportFormat, typer.Option("--format", "-f", help="text for people; json for scripts.")
    ] = ImportFormat.text,
) -> None:
    """Record a meeting's returns: every filled-in row of the workbooks, in one write.

    Each row with a New rating or an Update becomes a dated update, as hcplan
    update would record it: dated by its Update date, else --date, else today.
    Columns are found by their headers (ID, New rating, Update, Update date)
    in any case and order; other columns and blank rows are ignored.

    All or nothing: every problem in every file is reported at its sheet and
    cell (returns.xlsx:Returns!K12: error: ...) and then nothing is written.
    Otherwise all the returns go into the plan in one atomic, locked write
    that keeps every other byte. Returns already in the plan are not recorded
    twice. A workbook made by hcplan export also says when an action's text
    has changed since (an error) or the plan has moved on (a warning).

    Exit status: 0 when recorded (or nothing new), 1 when the returns or the
    plan have problems, 2 for a usage error.

    Example: hcplan import plans/2024-25/plan.yaml returns/*.xlsx --date 2025-01-15
    """
    from hcplan.changes.returns import ReturnsError, import_returns
    from hcplan.changes.update import UpdateError
    from hcplan.cli.output import EXIT_PROBLEMS, EXIT_USAGE, fail, print_json, problem_line, use_colour
    from hcplan.files.store import StoreError
    from hcplan.format.dates import long_date

    today = date.today()
    day = parse_day(on) if on else today
    if day > today:
        raise fail(f"--date {long_date(day)} is in the future")
    if plan.is_dir():
        raise fail(f"{plan} is a folder: name the plan file, e.g. {plan / 'plan.yaml'}")
    if not plan.is_file():
        raise fail(f"{plan}: no such file")
    for file in files:
        if not file.exists():
            raise fail(f"{file}: no such file")
        if file.resolve() == plan.resolve():
            raise fail(f"{file} is the plan itself: name the returns workbooks to read")
    colour = use_colour(sys.stderr)
    try:
        result = import_returns(str(plan), [str(f) for f in files], today=today, day=day, private=private, dry_run=dry_run)
    except ReturnsError as exc:
        if output is ImportFormat.json:
            print_json({"plan": str(plan), "recorded": [], "problems": [p.to_dict() for p in exc.problems]})
        else:
            for problem in exc.problems:
                sys.stderr.write(cell_problem_line(problem, colour) + "\n")
        raise fail(str(exc), EXIT_PROBLEMS) from None
    except UpdateError as exc:
        for problem in exc.problems:
            sys.stderr.write(problem_line(problem, colour) + "\n")
        if exc.usage:
            raise fail(str(exc), EXIT_USAGE) from None
        raise fail(str(exc), EXIT_PROBLEMS) from None
    except StoreError as exc:
        raise fail(str(exc), EXIT_PROBLEMS) from None
    if output is ImportFormat.json:
        print_json(_as_data(result, dry_run))
        return
    for problem in result.warnings:
        sys.stderr.write(cell_problem_line(problem, colour) + "\n")
    if dry_run:
        sys.stdout.write(result.diff())
        _report(result, sys.stderr, f"(dry run: {plan} is unchanged) ")
    else:
        _report(result, sys.stdout, "")


def _report(result: Imported, out: TextIO, prefix: str) -> None:
    write = out.write
    recorded = [(r, u) for r, u in result.recorded if u.recorded]
    files = len(result.files)
    source = f"{files} file{'s' * (files != 1)}"
    if recorded:
        verb = "Would record" if prefix else "Recorded"
        write(f"{prefix}{verb} {len(recorded)} return{'s' * (len(recorded) != 1)} from {source} in {result.plan}:\n")
        for found, update in recorded:
            write(f"  {update.summary()} ({found.place})\n")
    else:
        write(f"{prefix}Nothing to record in {result.plan}: ")
        if result.already:
            write(f"the {len(result.already)} return{'s' * (len(result.already) != 1)} in {source} "
                  f"{'are' if len(result.already) != 1 else 'is'} recorded already\n")
        else:
            write(f"no row of {source} has a New rating or an Update\n")
        return
    if result.already:
        ids = ", ".join(r.request.action_id for r in result.already)
        write(f"  Recorded already: {ids}\n")


def _as_data(result: Imported, dry_run: bool) -> dict[str, object]:
    return {
        "plan": result.plan,
        "changed": result.changed,
        "dry_run": dry_run,
        "recorded": [
            {
                "id": found.request.action_id,
                "from": found.place,
                "date": found.request.on.isoformat(),
                "status": found.label,
                "text": found.request.note,
                "summary": update.summary(),
            }
            for found, update in result.recorded
            if update.recorded
        ],
        "already": [{"id": r.request.action_id, "from": r.place} for r in result.already],
        "problems": [p.to_dict() for p in result.warnings],
    }
