"""``hcplan update``: record what happened at a meeting."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer


def interactive() -> bool:
    """True when someone is at the terminal to answer a prompt."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def piped_text() -> bool:
    """True when text was piped in (``echo ... | hcplan update``), which would be lost.

    Only what is there already is read, so this never waits; standard input
    is not otherwise used.
    """
    try:
        if sys.stdin is None or sys.stdin.isatty():
            return False
        import select

        ready, _, _ = select.select([sys.stdin], [], [], 0)
        return bool(ready) and bool(sys.stdin.read().strip())
    except (OSError, ValueError, TypeError):  # no real stream (a test runner's, a closed one)
        return False


def refused(exc: Exception) -> typer.Exit:
    """Say why a change to a plan was refused (an UpdateError with its
    problems, or a StoreError); return the exit to raise."""
    from hcplan.changes.update import UpdateError
    from hcplan.cli.output import EXIT_PROBLEMS, EXIT_USAGE, fail, problem_line, use_colour

    if not isinstance(exc, UpdateError):  # a StoreError: usage when the output named is refused
        return fail(str(exc), EXIT_USAGE if getattr(exc, "usage", False) else EXIT_PROBLEMS)
    colour = use_colour(sys.stderr)
    for problem in exc.problems:
        sys.stderr.write(problem_line(problem, colour) + "\n")
    return fail(str(exc), EXIT_USAGE if exc.usage else EXIT_PROBLEMS)


def update_cli(
    plan: Annotated[Path, typer.Argument(help="The plan file.", metavar="PLAN", show_default=False)],
    action_id: Annotated[str, typer.Argument(help="The action's ID, e.g. 5.2.", metavar="ACTION_ID")],
    note: Annotated[
        Optional[str], typer.Option("--note", "-n", help="What happened, in a sentence or two.", metavar="TEXT")
    ] = None,
    status: Annotated[
        Optional[str],
        typer.Option(
            "--status",
            "-s",
            help="New rating: a label of the plan's scale, any case, or an unambiguous start of one "
            "('behind', 'in prog').",
            metavar="LABEL",
        ),
    ] = None,
    on: Annotated[
        Optional[str],
        typer.Option(
            "--date",
            "-d",
            help="Date of the update: 2017-10-10, 10/10/2017 (day first) or 10.10.2017; or a quarter's "
            "return, 'Q2 2017-18' (or 'Q2 2017' in a plan with calendar quarters), recorded as the "
            "quarter's last day. Default: today.",
            metavar="DATE",
        ),
    ] = None,
    due: Annotated[
        Optional[str],
        typer.Option("--due", help="Reschedule: the new due time, e.g. 'Q3 Year 1'. Moving a due needs --reason.", metavar="DUE"),
    ] = None,
    reason: Annotated[
        Optional[str], typer.Option("--reason", help="Why the due time moved.", metavar="TEXT")
    ] = None,
    private: Annotated[
        bool, typer.Option("--private", help="Keep this update out of public reports.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the change as a diff; write nothing.")
    ] = False,
) -> None:
    """Add a dated progress update to an action, change its rating, or reschedule it.

    The plan file keeps every comment, blank line, quote and line break it had:
    `git diff` shows only the new update and, if it changed, the status line.
    The new plan is checked before anything is written, and the write is
    atomic and locked, so two people updating at once both land. The plan keeps
    its owner, group, mode and extended attributes; a read-only or hard-linked
    plan is refused, saying why.

    Without --note, hcplan asks for one at a terminal, and refuses elsewhere
    (unless --status or --due says what to record).

    Examples:

        hcplan update plans/2024-25/plan.yaml 5.2 --note "Two new centres trained." --status "in prog"

        hcplan update plans/2017/plan.yaml 1.3.2 --due "Q4 Year 1" --reason "SAB meets in November"
    """
    from hcplan.cli.output import EXIT_USAGE, fail
    from hcplan.files.store import StoreError
    from hcplan.changes.update import UpdateError, UpdateRequest, update_file

    from hcplan.format.dates import parse_day, parse_quarter

    today = date.today()
    try:
        # A quarter without a financial year ("Q2 2017") is read as a calendar one;
        # the plan's check refuses it in a plan with financial quarters.
        day = parse_day(on, today, "calendar") if on else today
        quarter = parse_quarter(on, "calendar", today.year) if on else None
    except ValueError as exc:
        raise fail(f"--date: {exc}", EXIT_USAGE) from None
    if reason is not None and due is None:
        raise fail("--reason goes with --due (the new due time)")
    if note == "-":
        note = sys.stdin.read().strip()
        if not note:
            raise fail("--note - read nothing from standard input")
    if note is not None and not note.strip():
        raise fail("--note is empty")
    if note is None:
        if interactive():
            prompt = "Note (Enter to skip)" if status or due else "Note"
            answer = typer.prompt(prompt, default="" if status or due else None, show_default=False)
            note = answer.strip() or None
        elif piped_text():
            raise fail("standard input holds text: pass --note - to record it as the note, or --note TEXT")
        elif status is None and due is None:
            raise fail("no --note given, and no terminal to ask for one: pass --note TEXT")
    if plan.is_dir():
        raise fail(f"{plan} is a folder: name the plan file, e.g. {plan / 'plan.yaml'}")
    _refuse_bad_bytes(action_id=action_id, note=note, status=status, due=due, reason=reason)
    request = UpdateRequest(action_id, day, note, status, due, reason, private, quarter.name if quarter else None)
    if not plan.exists():
        raise fail(f"{plan}: no such file")
    try:
        result = update_file(str(plan), request, today=today, dry_run=dry_run)
    except (UpdateError, StoreError) as exc:
        raise refused(exc) from None
    if dry_run:
        sys.stdout.write(result.diff())
        sys.stderr.write(f"(dry run: {plan} is unchanged) {result.summary()}\n")
    else:
        verb = "Updated" if result.changed else "Unchanged"
        sys.stdout.write(f"{verb} {plan}: {result.summary()}\n")


def _refuse_bad_bytes(**given: str | None) -> None:
    """A usage error naming the first byte of an argument that is not UTF-8: it could not
    be written into the plan as text."""
    from hcplan.cli.output import fail
    from hcplan.quoting import first_bad_byte

    for name, value in given.items():
        found = first_bad_byte(value) if value else None
        if found is not None:
            at, byte = found
            option = "the action ID" if name == "action_id" else f"--{name}"
            raise fail(f"{option} is not UTF-8 text: byte 0x{byte:02x} at character {at + 1}; write it as UTF-8")
