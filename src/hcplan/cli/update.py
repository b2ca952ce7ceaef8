"""``hcplan update``: record what happened at a meeting."""

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from hcplan.cli.options import (
    DAY_FORMS,
    GivenDay,
    ResultFormat,
    ResultFormatOption,
    day_option,
    given_day,
    plan_then_id,
    refuse_bad_bytes,
)
from hcplan.errors import UsageError
from hcplan.quoting import invisible

if TYPE_CHECKING:
    from hcplan.changes.update import UpdateResult


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


def _note(given: str | None, *, something_else: bool) -> str | None:
    """The note to record: as given, read from standard input (``--note -``),
    or asked for at a terminal; None when ``something_else`` is recorded instead.

    Raises:
        UsageError: the note is empty, or there is none and no one to ask.
    """
    if given == "-":
        from hcplan.cli.stdout import closed

        if closed(0):
            raise UsageError("--note - reads the note from standard input, which is closed (<&-): pipe it in")
        given = sys.stdin.read().strip()
        if invisible(given):
            raise UsageError("--note - read nothing from standard input")
    if given is not None:
        if invisible(given):
            raise UsageError("--note is empty" + (" of anything that shows" if given.strip() else ""))
        return given
    if interactive():
        prompt = "Note (Enter to skip)" if something_else else "Note"
        answer = typer.prompt(prompt, default="" if something_else else None, show_default=False)
        return None if invisible(answer) else answer.strip()
    if piped_text():
        raise UsageError("standard input holds text: pass --note - to record it as the note, or --note TEXT")
    if not something_else:
        raise UsageError("no --note given, and no terminal to ask for one: pass --note TEXT")
    return None


def update_cli(
    plan: Annotated[Path, typer.Argument(help="The plan file.", metavar="PLAN", show_default=False)],
    action_id: Annotated[
        str,
        typer.Argument(
            help="The action's ID, e.g. 5.2, or the objective's, e.g. 7 (in any case: hc1.2 is HC1.2); "
            "'objective 7' or 'action 7' when the plan has both.",
            metavar="ID",
        ),
    ],
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
        Optional[GivenDay],
        day_option(
            "--date",
            "-d",
            help=f"Date of the update: {DAY_FORMS}; a quarter's return is dated the quarter's last day "
            "and recorded as that quarter's. Default: today.",
            parser=given_day,
        ),
    ] = None,
    due: Annotated[
        Optional[str],
        typer.Option(
            "--due",
            help="Reschedule an action: the new due time, e.g. 'Q3 Year 1'. Moving a due needs --reason.",
            metavar="DUE",
        ),
    ] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why the due time moved.", metavar="TEXT")] = None,
    private: Annotated[bool, typer.Option("--private", help="Keep this update out of public reports.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the change as a diff; write nothing.")] = False,
    output: ResultFormatOption = ResultFormat.text,
) -> None:
    """Add a dated progress update to an action or objective, change its rating, or reschedule an action.

    The plan file keeps every comment, blank line, quote and line break it had:
    `git diff` shows only the new update and, if it changed, the status line.
    The new plan is checked before anything is written, and the write is
    atomic and locked, so two people updating at once both land. The plan keeps
    its owner, group, mode and extended attributes; a read-only or hard-linked
    plan is refused, saying why.

    A plan that rates its objectives (or their targets) rather than each
    action records their ratings the same way: name the objective's ID. An
    objective has no due time, so --due and --reason are refused for one.
    Objectives and actions are numbered apart, so an ID may name both: then
    write 'objective 7' or 'action 7' (any case) to say which.

    Without --note, hcplan asks for one at a terminal, and refuses elsewhere
    (unless --status or --due says what to record). The ID may come first, as
    in show (hcplan update 5.2 plan.yaml).

    Examples:

        hcplan update plans/2024-25/plan.yaml 5.2 --note "Two new centres trained." --status "in prog"

        hcplan update plans/2017/plan.yaml 1.3.2 --due "Q4 Year 1" --reason "SAB meets in November"

        hcplan update plan.yaml "objective 7" --status "On target" --note "Reports up 6% on the year."
    """
    from hcplan.changes.update import UpdateRequest, update_file
    from hcplan.files.named import not_a_file

    plan, action_id = plan_then_id(plan, action_id)  # `hcplan update 1.1 plan.yaml`, in show's order
    today = date.today()
    # A quarter without a financial year ("Q2 2017") is read as a calendar one;
    # the plan's check refuses it in a plan with financial quarters.
    given = on or GivenDay(today)
    if reason is not None and due is None:
        raise UsageError("--reason goes with --due (the new due time)")
    wrong = not_a_file(plan)  # before asking for a note
    if wrong is not None:
        raise UsageError(wrong)
    note = _note(note, something_else=status is not None or due is not None)
    refuse_bad_bytes(action_id=action_id, note=note, status=status, due=due, reason=reason)
    request = UpdateRequest(action_id, given.day, note, status, due, reason, private, given.quarter)
    result = update_file(str(plan), request, today=today, dry_run=dry_run)
    if output is ResultFormat.json:
        from hcplan.outputs.terminal import json_text

        sys.stdout.write(json_text(_as_data(str(plan), result, dry_run)) + "\n")
        return
    if dry_run:
        sys.stdout.write(result.diff())
        sys.stderr.write(f"(dry run: {plan} is unchanged) {result.summary()}\n")
    else:
        verb = "Updated" if result.changed else "Unchanged"
        sys.stdout.write(f"{verb} {plan}: {result.summary()}\n")
    for warning in result.warnings:
        sys.stderr.write(f"hcplan: warning: {warning}\n")


def _as_data(plan: str, result: "UpdateResult", dry_run: bool) -> dict[str, object]:
    """What ``hcplan update --format json`` says (docs/json.md)."""
    return {
        "kind": result.kind,
        "plan": plan,
        "id": result.action_id,
        "changed": result.changed,
        "dry_run": dry_run,
        "added": result.added or None,
        "status": result.new_status,
        "status_before": result.old_status,
        "due": result.new_due,
        "due_before": result.old_due,
        "summary": result.summary(),
        "warnings": list(result.warnings),
    }
