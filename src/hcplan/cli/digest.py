"""``hcplan digest``: each lead's list and returns workbook, as an email."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from hcplan.cli.options import (
    PlanAsOf,
    PlanFile,
    ResultFormat,
    ResultFormatOption,
    ReturnBy,
    ReturnTo,
    days,
    output_folder,
)
from hcplan.errors import HcplanError, UsageError

if TYPE_CHECKING:
    from hcplan.format.model import Plan
    from hcplan.outputs.digest import Digest
    from hcplan.outputs.mail import Server

#: Where the SMTP password comes from: the environment (or a prompt), never the command line.
PASSWORD_VARIABLE = "HCPLAN_SMTP_PASSWORD"


def digest_cli(
    plan: PlanFile,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            parser=output_folder,
            help="The folder to write the messages and workbooks in.",
            metavar="DIR",
        ),
    ],
    lead: Annotated[
        Optional[list[str]],
        typer.Option(
            "--lead",
            "-l",
            help="Only this lead's digest: a name or an alias, or part of a name (the digest of every lead it is part of).",
            metavar="LEAD",
        ),
    ] = None,
    as_of: PlanAsOf = None,
    within: Annotated[
        int,
        typer.Option(
            "--within", "-w", parser=days, help="What falls due in the next N days is listed, e.g. 30d.", metavar="DAYS"
        ),
    ] = 30,
    sender: Annotated[
        Optional[str],
        typer.Option(
            "--from",
            envvar="HCPLAN_MAIL_FROM",
            help="The sender, e.g. 'Hate Crime Lead <hate.crime@council.example>'.",
            metavar="ADDRESS",
        ),
    ] = None,
    return_by: ReturnBy = None,
    return_to: ReturnTo = None,
    send: Annotated[bool, typer.Option("--send", help="Send each message that has an address, over SMTP.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be written (and sent) where; write and send nothing.")
    ] = False,
    smtp_host: Annotated[
        Optional[str], typer.Option("--smtp-host", envvar="HCPLAN_SMTP_HOST", help="The SMTP server.", metavar="HOST")
    ] = None,
    smtp_port: Annotated[
        int,
        typer.Option(
            "--smtp-port",
            envvar="HCPLAN_SMTP_PORT",
            help="Its port: 587 (STARTTLS) or 465 (TLS).",
            metavar="PORT",
            min=1,
            max=65535,
        ),
    ] = 587,
    smtp_user: Annotated[
        Optional[str],
        typer.Option(
            "--smtp-user",
            envvar="HCPLAN_SMTP_USER",
            help=f"The user to log in as; the password comes from {PASSWORD_VARIABLE} or a prompt.",
            metavar="USER",
        ),
    ] = None,
    output_format: ResultFormatOption = ResultFormat.text,
) -> None:
    """Write, for each lead, an email with their list and their returns workbook.

    Each message (DIR/LEAD.eml, a standard email file with a text and an HTML
    part) is addressed to the lead's contact and email in the plan, says what
    is overdue, what falls due next and what needs an update, and carries the
    lead's returns workbook (also written as DIR/LEAD.xlsx). A plan that has
    ended is digested as of its last day (unless --as-of): each message says
    when it ended and lists what was not done by its end. A lead without an
    email gets the file but no address, and the command says so.

    --send sends them over SMTP with STARTTLS (or TLS on port 465), checking
    the server's certificate, and never in clear. The password is read from
    the environment variable HCPLAN_SMTP_PASSWORD, or asked for at a terminal:
    never give it on the command line.

    Examples:

        hcplan digest plans/2024-25/plan.yaml --as-of 2025-01-06 -o digests --return-by 2025-01-10

        hcplan digest plans/2024-25/plan.yaml -o digests --send --from hate.crime@council.example --smtp-host smtp.council.example --smtp-user hcl
    """
    from hcplan.checking.loader import load_valid
    from hcplan.files.cache import Cache
    from hcplan.files.store import guard_output
    from hcplan.format.dates import long_date
    from hcplan.outputs.digest import digests
    from hcplan.views.listing import Filters
    from hcplan.views.returns import lead_actions, lines, sorted_late
    from hcplan.views.years import report_day

    guard_output(output, [plan], folder=True)  # nothing this command reads, nor any plan, may be in the folder
    if send and not sender:
        raise UsageError("--send needs a sender: pass --from ADDRESS or set HCPLAN_MAIL_FROM")
    if send and not smtp_host:
        raise UsageError("--send needs a server: pass --smtp-host HOST or set HCPLAN_SMTP_HOST")
    if sender:
        _check_sender(sender)
    # Asked (or refused) before anything is written: a run that cannot send writes nothing.
    password = _password(smtp_user, smtp_host) if send and not dry_run else None  # type: ignore[arg-type]
    loaded = load_valid(plan, cache=Cache.default())
    # An ended plan's digest is of its final position, as its reports are.
    day = report_day(loaded, as_of, date.today(), return_by)
    counts = lead_actions(loaded)
    wanted = list(counts)
    if lead:
        chosen = Filters(leads=tuple(lead)).plan_filter(loaded).leads
        wanted = [name for name in counts if name in chosen]
    if not wanted:
        raise UsageError(f"no action in {plan} has a lead")
    found = digests(
        str(plan),
        loaded,
        wanted,
        as_of=day,
        today=date.today(),
        within_days=within,
        sender=sender,
        return_by=return_by,
        return_to=return_to,
    )
    written = _write(found, output, plan, loaded, dry_run)
    ended = next((d.ended for d in found if d.ended is not None), None)
    # What no lead leads is in no digest: of an ended plan (every lead's digest), it is said.
    unled = (
        [line.id for line in sorted_late(lines(str(plan), loaded, day)) if not line.leads]
        if ended is not None and not lead
        else []
    )
    if output_format is ResultFormat.json:
        results = _send(found, smtp_host, smtp_port, smtp_user, password, dry_run)[1] if send else None  # type: ignore[arg-type]
        from hcplan.outputs.terminal import json_text

        data = _as_data(plan, output, day, dry_run, found, written, results)
        sys.stdout.write(json_text({**data, "ended": ended and ended.isoformat(), "no_lead": unled}) + "\n")
        _unsent(results)
        return
    verb = "Would write" if dry_run else "Wrote"
    count = len(found)
    out = sys.stderr if dry_run else sys.stdout
    out.write(
        f"{verb} {count} digest{'s' * (count != 1)} to {output} (as of {long_date(day)}), each with its lead's returns workbook:\n"
    )
    if ended is not None:
        late = len({line.id for d in found for line in d.late})  # an action with two leads is in both
        said = f"The plan ended on {long_date(ended)}: {late} action{'s' * (late != 1)} not done by its end"
        if unled:
            said += f", and {len(unled)} with no lead, in no digest ({', '.join(unled)})"
        out.write(said + ".\n")
    for digest, path in zip(found, written):
        to = f"to {digest.recipient}" if digest.recipient else "no email address"
        out.write(f"  {path.name}: {digest.counts()}; {to}\n")
    missing = [d.lead for d in found if d.email is None]
    if missing and not send:
        some = f"{len(missing)} lead{'s have' if len(missing) != 1 else ' has'}"
        out.write(f"{some} no email address in the plan (add email: to the lead to send to it): {', '.join(missing)}\n")
    if send:
        server, results = _send(found, smtp_host, smtp_port, smtp_user, password, dry_run)  # type: ignore[arg-type]
        _say_sent(found, server, smtp_user, results, dry_run)
        _unsent(results)


def _as_data(
    plan: Path,
    output: Path,
    day: date,
    dry_run: bool,
    found: list[Digest],
    written: list[Path],
    results: list[str | None] | None,
) -> dict[str, object]:
    """What ``digest --format json`` says: the run, and each lead's digest (docs/json.md)."""
    ready = iter(results or [])
    return {
        "plan": str(plan),
        "folder": str(output),
        "as_of": day.isoformat(),
        "dry_run": dry_run,
        "digests": [
            {
                "lead": digest.lead,
                "file": str(path),
                "workbook": str(path.with_suffix(".xlsx")),
                "to": digest.recipient,
                "actions": digest.actions,
                "overdue": [line.id for line in digest.late],
                "due_soon": [line.id for line in digest.due_soon],
                "needs_update": [line.id for line in digest.needs_update],
                # With --send: true (or with --dry-run, would be), false with why_not; without: null.
                "sent": None if results is None or not digest.recipient else (why := next(ready)) is None,
                "why_not": None if results is None or not digest.recipient else why,
            }
            for digest, path in zip(found, written)
        ],
    }


def _check_sender(sender: str) -> None:
    from email.utils import parseaddr

    from hcplan.format.model import is_email

    _, address = parseaddr(sender)
    if not is_email(address) or "\n" in sender or "\r" in sender:
        raise UsageError(
            f"--from '{sender}' is not an email address, e.g. 'Hate Crime Lead <hate.crime@council.example>'"
        )


def _write(found: list[Digest], output: Path, plan: Path, loaded: Plan, dry_run: bool) -> list[Path]:
    from hcplan.files.store import make_folders, remove_folders, write_outputs
    from hcplan.outputs.digest import eml

    paths = [output / f"{digest.name}.eml" for digest in found]
    if dry_run:
        return paths
    from hcplan.changes.returns import refuse_over_returns

    workbooks = [output / f"{digest.name}.xlsx" for digest in found]
    refuse_over_returns(workbooks, loaded, str(plan), today=date.today())
    made = make_folders(str(paths[0]))  # the folder (and any above it) that is not there yet
    files = [(book, digest.workbook) for book, digest in zip(workbooks, found)]
    files += [(path, eml(digest.message)) for path, digest in zip(paths, found)]
    try:
        write_outputs(files, [plan])  # all of them, or none: a message and its workbook are of one run
    except BaseException:
        remove_folders(made)
        raise
    return paths


def _password(user: str | None, host: str) -> str | None:
    """The SMTP password for ``user``: from the environment, else asked at the terminal.

    Raises:
        UsageError: a user without a password, and nobody to ask for one.
    """
    import os

    from hcplan.cli.update import interactive

    password = os.environ.get(PASSWORD_VARIABLE)
    if not user or password is not None:
        return password
    if not interactive():
        raise UsageError(f"--smtp-user {user} needs a password: set {PASSWORD_VARIABLE} (never on the command line)")
    import getpass

    try:
        return getpass.getpass(f"SMTP password for {user} at {host}: ")
    except (KeyboardInterrupt, EOFError) as stop:  # at a prompt, as click's own prompts say it
        raise typer.Abort() from stop


def _send(
    found: list[Digest], host: str, port: int, user: str | None, password: str | None, dry_run: bool
) -> tuple[Server, list[str | None]]:
    """Send the digests that have an address (with ``dry_run``, none): the server, and for
    each in order None when it was sent (or would be), else why not.

    Raises:
        HcplanError: nothing could be sent.
    """
    from hcplan.outputs.mail import MailError, Server, send

    ready = [d.message for d in found if d.recipient]
    if dry_run:
        return Server(host, port, user), [None] * len(ready)
    server = Server(host, port, user, password)
    try:
        return server, send(server, ready)
    except MailError as exc:
        raise HcplanError(f"nothing was sent: {exc}") from None


def _say_sent(found: list[Digest], server: Server, user: str | None, results: list[str | None], dry_run: bool) -> None:
    """Say what :func:`_send` sent (or with ``dry_run`` would send) where, and to whom not."""
    ready = [d for d in found if d.recipient]
    skipped = [d for d in found if not d.recipient]
    out = sys.stderr if dry_run else sys.stdout
    if dry_run:
        out.write(
            f"Would send {len(ready)} message{'s' * (len(ready) != 1)} through {server}"
            + (f" as {user}" if user else "")
            + ":\n"
        )
    else:
        sent = sum(why is None for why in results)
        out.write(f"Sent {sent} message{'s' * (sent != 1)} through {server}:\n")
    for digest, why in zip(ready, results):
        out.write(f"  {digest.name}.eml to {digest.recipient}" + (f": NOT SENT, {why}" if why else "") + "\n")
    if skipped:
        out.write(f"Not sent, no email address in the plan: {', '.join(d.lead for d in skipped)}\n")


def _unsent(results: list[str | None] | None) -> None:
    """Fail when :func:`_send` could not send some message.

    Raises:
        HcplanError: some message was not sent (exit 1).
    """
    unsent = sum(why is not None for why in results or [])
    if unsent:
        raise HcplanError(f"{unsent} message{'s were' if unsent != 1 else ' was'} not sent")
