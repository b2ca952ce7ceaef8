"""``hcplan import``: record a meeting's returns in one write."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional, TextIO

import typer

from hcplan.cli.options import (
    DAY_FORMS,
    DryRun,
    GivenDay,
    PlanFile,
    ResultFormat,
    ResultFormatOption,
    day_option,
    given_day,
)
from hcplan.errors import HcplanError, UsageError

if TYPE_CHECKING:
    from hcplan.changes.returns import Imported


def import_cli(
    plan: PlanFile,
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Returns: workbooks (.xlsx) or CSV files; - reads one from standard input.",
            metavar="FILE...",
            show_default=False,
        ),
    ],
    on: Annotated[
        Optional[GivenDay],
        day_option(
            "--date",
            "-d",
            help=f"Date of rows that give no Update date: {DAY_FORMS}. Default: today.",
            parser=given_day,
        ),
    ] = None,
    private: Annotated[bool, typer.Option("--private", help="Keep these updates out of public reports.")] = False,
    dry_run: DryRun = False,
    output: ResultFormatOption = ResultFormat.text,
) -> None:
    """Record a meeting's returns: every filled-in row of the workbooks, in one write.

    Each row with a New rating or an Update becomes a dated update, as hcplan
    update would record it: dated by its Update date, else --date, else today.
    Columns are found by their headers (ID, New rating, Update, Update date)
    in any case and order; other columns and blank rows are ignored.

    An ID names an action, or an objective as hcplan update reads it:
    "objective 3.1" (as export writes an objective's row), or a bare ID that
    names only an objective. In a plan that rates its objectives, a bare ID
    of both an objective and an action is an error at its cell; in one that
    rates none, it is the action's.

    All or nothing: every problem in every file is reported at its sheet and
    cell (returns.xlsx:Returns!K12: error: ...) and then nothing is written.
    Otherwise all the returns go into the plan in one atomic, locked write
    that keeps every other byte. Returns already in the plan are not recorded
    twice. An action led jointly comes back in each lead's workbook (export
    --lead): each lead's update goes in, unless their ratings differ. A
    workbook made by hcplan export also says when an action's text has
    changed since (an error) or the plan has moved on (a warning).

    Exit status: 0 when recorded (or nothing new), 1 when the returns or the
    plan have problems, 2 for a usage error.

    Example: hcplan import plans/2024-25/plan.yaml returns/*.xlsx --date 2025-01-15
    """
    from hcplan.cli.stdout import closed
    from hcplan.files.named import not_a_file
    from hcplan.files.returns_in import Reading
    from hcplan.format.dates import long_date
    from hcplan.outputs.problems import problem_line
    from hcplan.outputs.terminal import json_text, use_colour

    today = date.today()
    day = on.day if on is not None else today
    if day > today:
        raise UsageError(f"--date {long_date(day)} is in the future")
    piped = [f for f in files if str(f) == "-"]
    if len(piped) > 1:
        raise UsageError("- (standard input) is named twice: it can be read once")
    if piped and closed(0):
        raise UsageError("- reads the returns from standard input, which is closed (<&-): pipe them in (< returns.csv)")
    if piped and sys.stdin.isatty():
        raise UsageError("- reads the returns from standard input, which is a terminal: pipe them in (< returns.csv)")
    wrong = not_a_file(plan, "plan file", "plan.yaml")
    if wrong is not None:
        raise UsageError(wrong)
    missing = {str(f): why for f in files if str(f) != "-" and (why := not_a_file(f, "returns file", "returns.xlsx"))}
    for file in files:
        if str(file) not in missing and file.resolve() == plan.resolve():
            raise UsageError(f"{file} is the plan itself: name the returns workbooks to read")
    paths = _once(files)
    if missing:  # the other files' problems are said all the same: every problem in one run
        _refuse_missing(str(plan), [p for p in paths if p not in missing], list(missing.values()), today, day, on)
        return
    # The files are read (by a worker, when they are big) while hcplan loads the plan's model and reads the plan.
    with Reading(paths) as reading:
        from hcplan.changes.returns import ReturnsError, import_returns

        try:
            result = import_returns(
                str(plan),
                paths,
                today=today,
                day=day,
                private=private,
                dry_run=dry_run,
                reading=reading,
                quarter=on.quarter if on is not None else None,
            )
        except ReturnsError as exc:
            if output is not ResultFormat.json:
                raise
            # As data, with the keys of a result (nothing recorded): the problems on standard
            # output, only the error itself after them.
            refused = {"plan": str(plan), "changed": False, "dry_run": dry_run, "recorded": [], "already": []}
            sys.stdout.write(json_text({**refused, "problems": [p.to_dict() for p in exc.problems]}) + "\n")
            raise HcplanError(exc.message) from None
    if output is ResultFormat.json:
        sys.stdout.write(json_text(_as_data(result, dry_run)) + "\n")
        return
    colour = use_colour(sys.stderr)
    for problem in result.warnings:
        sys.stderr.write(problem_line(problem, colour) + "\n")
    if dry_run:
        sys.stdout.write(result.diff())
        _report(result, sys.stderr, f"(dry run: {plan} is unchanged) ")
    else:
        _report(result, sys.stdout, "")


def _refuse_missing(
    plan: str, present: list[str], missing: list[str], today: date, day: date, on: GivenDay | None
) -> None:
    """Refuse an import that names files that are not there (a usage error), after the
    problems of the files that are, as their import would say them.

    Raises:
        UsageError: always; nothing was written.
    """
    from hcplan.changes.returns import ReturnsError, import_returns

    problems = []
    if present:
        try:
            import_returns(
                plan, present, today=today, day=day, dry_run=True, quarter=on.quarter if on is not None else None
            )
        except ReturnsError as exc:
            problems = exc.problems
    raise UsageError("nothing was recorded: " + "; ".join(missing), problems=problems)


def _once(files: list[Path]) -> list[str]:
    """The files to read, each once: one named twice (``a.xlsx ./a.xlsx``, a shell's glob
    and a name) is read the first time, and that is said."""
    import os

    seen: dict[tuple[int, int], str] = {}
    paths = []
    for file in files:
        try:
            info = os.stat(file)
        except OSError:
            paths.append(str(file))  # standard input, or what the reading will say cannot be read
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:
            said = "is named twice" if seen[key] == str(file) else f"is {seen[key]}, named before"
            sys.stderr.write(f"hcplan: warning: {file} {said}: it is read once\n")
            continue
        seen[key] = str(file)
        paths.append(str(file))
    return paths


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
            write(
                f"the {len(result.already)} return{'s' * (len(result.already) != 1)} in {source} "
                f"{'are' if len(result.already) != 1 else 'is'} recorded already\n"
            )
        else:
            write(f"no row of {source} has a New rating or an Update\n")
        return
    if result.already:
        ids = ", ".join(r.said for r in result.already)
        write(f"  Recorded already: {ids}\n")


def _as_data(result: Imported, dry_run: bool) -> dict[str, object]:
    return {
        "plan": result.plan,
        "changed": result.changed,
        "dry_run": dry_run,
        "recorded": [
            {
                "id": found.request.action_id,
                "kind": found.request.kind,
                "from": found.place,
                "date": found.request.on.isoformat(),
                "status": found.label,
                "text": found.request.note,
                "summary": update.summary(),
            }
            for found, update in result.recorded
            if update.recorded
        ],
        "already": [{"id": r.request.action_id, "kind": r.request.kind, "from": r.place} for r in result.already],
        "problems": [p.to_dict() for p in result.warnings],
    }
