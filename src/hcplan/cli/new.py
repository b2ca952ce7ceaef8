"""``hcplan new``: start a plan file, empty or from an existing plan's table."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from hcplan.cli.options import DAY_FORMS, day, day_option, first_day, refuse_bad_bytes, refuse_bad_file_name
from hcplan.cli.update import interactive
from hcplan.errors import PROBLEMS, HcplanError, UsageError

if TYPE_CHECKING:
    from hcplan.changes.skeleton import Header, Label


def new_cli(
    path: Annotated[
        Path,
        typer.Argument(
            help="The new plan file, e.g. plans/2025-26/plan.yaml, or a pipe to write it into; - prints it.",
            metavar="PLAN",
            show_default=False,
        ),
    ],
    source: Annotated[
        Optional[Path],
        typer.Option(
            "--from", help="Make a draft from this plan's table: a .docx, .xlsx or .csv file.", metavar="FILE"
        ),
    ] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="The plan's title.", metavar="TEXT")] = None,
    organisation: Annotated[
        Optional[str],
        typer.Option("--organisation", "--org", help="The council or partnership that owns the plan.", metavar="TEXT"),
    ] = None,
    group: Annotated[
        Optional[str], typer.Option("--group", help="The group that monitors the plan (if any).", metavar="TEXT")
    ] = None,
    start: Annotated[
        Optional[date],
        day_option(
            "--start", help=f"First day of the plan: {DAY_FORMS}; a quarter is its first day.", parser=first_day
        ),
    ] = None,
    end: Annotated[
        Optional[date], day_option("--end", help=f"Last day of the plan: {DAY_FORMS}. Default: a year after --start.")
    ] = None,
    quarters: Annotated[
        Optional[str],
        typer.Option(
            "--quarters",
            help="calendar (Q1 is January-March) or financial (Q1 is April-June). Default: financial.",
            metavar="BASIS",
        ),
    ] = None,
    scale: Annotated[
        Optional[str],
        typer.Option(
            "--scale",
            help="The rating scale: rag, rag-complete, progress (On Hold, In Progress, Completed, Behind), none, "
            "or the council's own labels as 'LABEL=COLOUR, ...' with 'done' after the finished one "
            "('Not started=grey, On track=green, Done=blue done'). With --from, the default is the ratings the table uses.",
            metavar="SCALE",
        ),
    ] = None,
    columns: Annotated[
        Optional[list[str]],
        typer.Option(
            "--column",
            help="With --from: what a column holds, for a header hcplan does not know: HEADER=FIELD, e.g. "
            "'Who=leads'. FIELD is one of action, leads, partners, due, status, progress, outcome, measure, "
            "funding, objective, theme, id, notes, ignore. Repeat for more columns.",
            metavar="HEADER=FIELD",
        ),
    ] = None,
) -> None:
    """Write a new plan file: a commented skeleton, or a draft from a Word or Excel plan.

    Without --from, the plan has the header you give (by options, or answers at
    a terminal) and a commented example of a theme to copy. With --from, it is
    a draft of the plan in that file's table: themes, objectives and actions
    in order, the leads it names, dues as written, progress as dated updates
    (undated progress where it has no date), and a CHECK comment on every cell hcplan was unsure of. Either
    way the new file passes hcplan check, and never replaces a file that exists.

    Column headers councils use (Action, Lead, Lead Partner, Responsible,
    Timescale, Completion Date, Target Date, RAG, Status, Progress, Update,
    Comments, Outcome, Measure of Success, Objective, Theme, Priority, Start
    Date, Last Updated, ...) are read without options; --column names the others. A column hcplan
    cannot name is kept in each action's notes (internal), under its header,
    with a CHECK; --column HEADER=ignore leaves it out.

    Examples:

        hcplan new plans/2025-26/plan.yaml --title "Anytown Hate Crime Plan 2025-26" --org "Anytown Council" --start 2025-04-01 --scale rag-complete

        hcplan new plans/2024-25/plan.yaml --from "Hate Crime Action Plan 2024-25.docx" --org "Anytown Council"
    """
    from hcplan.changes.skeleton import ScaleError, parse_scale
    from hcplan.files.store import guard_new, written_into

    target = str(path)
    refuse_bad_bytes(controls=True, title=title, organisation=organisation, group=group, scale=scale, quarters=quarters)
    refuse_bad_file_name(target)
    if target != "-":
        guard_new(target, [source] if source is not None and source.exists() else [])  # before any question
    # A pipe or a device (/dev/stdout) has no folder the plan will live in: the text is as for -.
    name = "-" if target == "-" or written_into(target) else target
    chosen: tuple[Label, ...] | None = None
    if scale is not None:
        try:
            chosen = parse_scale(scale)
        except ScaleError as exc:
            raise UsageError(f"--scale: {exc}") from None
    if quarters is not None and quarters.casefold() not in ("calendar", "financial"):
        raise UsageError(f"--quarters: '{quarters}' is neither calendar nor financial")
    if source is None:
        if columns:
            raise UsageError("--column goes with --from (the table to read)")
        text, summary = _skeleton(name, title, organisation, group, start, end, quarters, chosen)
    else:
        text, summary = _draft(name, source, title, organisation, group, start, end, quarters, chosen, columns or [])
    given = {"title": title, "organisation": organisation, "group": group}
    _refuse_what_was_given_wrongly(text, {key: f"--{key}" for key, value in given.items() if value is not None})
    _write(target, text, summary, stream=name == "-")


def _refuse_what_was_given_wrongly(text: str, options: dict[str, str]) -> None:
    """A usage error for each error hcplan check would find in what an option (or an answer)
    gave the new plan (``options``: the option of each key given): an empty --title, a
    control character or look-alike letters in --organisation... (``new`` writes only a
    plan that passes check; a draft's own words are kept, with their errors at their lines)."""
    from hcplan.checking.loader import load_source
    from hcplan.files.reader import Source
    from hcplan.problems import Severity

    lines = text.splitlines()
    said = []
    for problem in load_source(Source("new plan", text), errors_only=True).problems:
        line = lines[problem.line - 1] if 0 < problem.line <= len(lines) else ""
        option = options.get(line.split(":", 1)[0].strip())
        if problem.severity is Severity.ERROR and option is not None:
            said.append(f"{option}: {problem.message}")
    if said:
        raise UsageError("; ".join(dict.fromkeys(said)) + "; nothing was written")


def _ask(prompt: str, default: str | None = None, *, optional: bool = False) -> str | None:
    answer = typer.prompt(
        prompt, default=default if default is not None else ("" if optional else None), show_default=bool(default)
    )
    answer = " ".join(str(answer).split())
    return answer or None


def _header(
    title: str | None,
    organisation: str | None,
    group: str | None,
    start: date | None,
    end: date | None,
    quarters: str | None,
    guessed: dict[str, str],
    period_guess: tuple[date, date, str] | None = None,
    years: tuple[date, date, str] | None = None,
    asking_scale: bool = False,
    chosen: tuple[Label, ...] | None = None,
) -> tuple[Header, tuple[Label, ...] | None]:
    """The plan's header from the options, answers at a terminal, and guesses."""
    from hcplan.changes.skeleton import Header, default_end
    from hcplan.format.dates import YEARS, in_range, long_date

    asking = interactive()
    if asking:
        title = title if title is not None else _ask("Title of the plan", guessed.pop("title-default", None))
        organisation = organisation or _ask("Organisation (council or partnership) that owns it")
        if group is None:
            group = _ask("Group that monitors it (Enter for none)", optional=True)
        if start is None:
            default = period_guess[0] if period_guess else _next_april()
            start = _ask_day("First day of the plan (YYYY-MM-DD)", default)
            if period_guess and start == period_guess[0]:
                end = end or _ask_day("Last day of the plan (YYYY-MM-DD)", period_guess[1])
        if end is None:
            end = _ask_day("Last day of the plan (YYYY-MM-DD)", default_end(start))
        if quarters is None:
            quarters = _ask_choice(
                "Quarters: financial (Q1 is April-June) or calendar (Q1 is January-March)",
                ("financial", "calendar"),
                "financial",
            )
        if asking_scale and chosen is None:
            chosen = _ask_scale()
    else:
        if title is None:
            title = guessed.pop("title-default", None)
        if start is None and period_guess is not None:
            start, end = period_guess[0], end or period_guess[1]
            guessed["period"] = f"CHECK: the period is a guess from {period_guess[2]}"
            if quarters is None and period_guess[0].month == 1:
                quarters = "calendar"
        elif start is not None and end is None and years is not None and years[0] <= start < years[1]:
            # --start alone, in a plan whose title says its years ("Strategy 2010-13"): its end
            end = years[1]
            guessed["period"] = f"CHECK: the plan's last day is a guess from {years[2]}"
        missing = [
            option
            for option, value in (("--title", title), ("--organisation", organisation), ("--start", start))
            if value is None
        ]
        if missing:
            raise UsageError(f"no terminal to ask at: pass {', '.join(missing)}")
    guessed.pop("title-default", None)
    assert title is not None and organisation is not None and start is not None
    end = end or default_end(start)
    if end < start:
        raise UsageError(f"the plan would end on {long_date(end)}, before it starts ({long_date(start)})")
    if not in_range(end.year):  # a year on from a start in the last year
        raise UsageError(f"the plan would end on {long_date(end)}, outside {YEARS}: give its last day (--end)")
    header = Header(title, organisation, start, end, (quarters or "financial").casefold(), group, chosen or (), guessed)
    return header, chosen


def _next_april() -> date:
    today = date.today()
    return date(today.year + (today.month >= 4), 4, 1)


def _ask_day(prompt: str, default: date) -> date:
    while True:
        answer = _ask(prompt, default.isoformat())
        try:
            return day(answer or default.isoformat())
        except typer.BadParameter as exc:
            typer.echo(f"  {exc}", err=True)


def _ask_choice(prompt: str, choices: tuple[str, ...], default: str) -> str:
    while True:
        answer = (_ask(prompt, default) or default).casefold()
        if answer in choices:
            return answer
        typer.echo(f"  answer one of: {', '.join(choices)}", err=True)


def _ask_scale() -> tuple[Label, ...]:
    from hcplan.changes.skeleton import SCALES, ScaleError, parse_scale

    names = list(SCALES)
    typer.echo("Rating scale:", err=True)
    for n, name in enumerate(names, start=1):
        typer.echo(f"  {n}. {name}: {SCALES[name][0]}", err=True)
    typer.echo(f"  {len(names) + 1}. own: the council's own labels", err=True)
    while True:
        answer = (_ask("Scale (number or name)", "1") or "1").casefold()
        if answer.isdigit() and 1 <= int(answer) <= len(names):
            return SCALES[names[int(answer) - 1]][1]
        if answer in SCALES:
            return SCALES[answer][1]
        if answer in ("own", str(len(names) + 1)):
            while True:  # until the labels read: a mistake in them is no reason to choose the scale again
                labels = _ask(
                    "Labels, as LABEL=COLOUR with 'done' after the finished one (e.g. Not started=grey, On track=green, Done=blue done)"
                )
                try:
                    return parse_scale(labels or "")
                except ScaleError as exc:
                    typer.echo(f"  {exc}", err=True)
        typer.echo("  answer a number from the list, or a name", err=True)


def _skeleton(
    target: str,
    title: str | None,
    organisation: str | None,
    group: str | None,
    start: date | None,
    end: date | None,
    quarters: str | None,
    chosen: tuple[Label, ...] | None,
) -> tuple[str, list[str]]:
    from hcplan.changes.skeleton import SCALES, skeleton

    header, chosen = _header(title, organisation, group, start, end, quarters, {}, asking_scale=True, chosen=chosen)
    if chosen is None:  # not asked (no terminal) and not given
        header.scale = SCALES["rag-complete"][1]
        header.guessed["scale"] = (
            "The common RAG scale with a label for finished actions; change it to the plan's own labels (or pass --scale)."
        )
    text = skeleton(header, target)
    return text, [f"a new plan for {header.organisation}: fill in its leads and themes"]


def _draft(
    target: str,
    source: Path,
    title: str | None,
    organisation: str | None,
    group: str | None,
    start: date | None,
    end: date | None,
    quarters: str | None,
    chosen: tuple[Label, ...] | None,
    columns: list[str],
) -> tuple[str, list[str]]:
    from hcplan.changes.draft import DraftError, parse_columns, read_draft
    from hcplan.changes.draft_plan import compose, draft_header, years_said
    from hcplan.files.named import not_a_file
    from hcplan.files.tables_in import read_tables

    wrong = not_a_file(source, "file of the plan's table", "table.xlsx")
    if wrong is not None:
        raise UsageError(wrong)
    draft = read_draft(read_tables(str(source)), parse_columns(columns))
    for skipped in draft.skipped:
        sys.stderr.write(f"hcplan: note: {skipped}\n")
    guessed_title, title_from, period = draft_header(draft, source.stem, title)
    guessed: dict[str, str] = {}
    if title is None and guessed_title:
        guessed["title-default"] = guessed_title
        guessed["title"] = f"CHECK: the title is taken from {title_from}"
    years = years_said(draft, source.stem, title)
    header, chosen = _header(title, organisation, group, start, end, quarters, guessed, period, years, chosen=chosen)
    if title is not None or interactive():
        header.guessed.pop("title", None)
    try:
        text, errors = compose(draft, header, chosen, source.name, date.today())
    except DraftError as exc:
        raise HcplanError(f"{source}: {exc}") from None
    if errors:  # a bug: the draft should always check
        for error in errors:
            sys.stderr.write(f"hcplan: error: {target}:{error}\n")
    themes = draft.themes
    objectives = sum(len(t["objectives"]) for t in themes)
    checks = text.count("# CHECK:")
    summary = [
        f"a draft of {len(themes)} theme{'s' * (len(themes) != 1)}, {objectives} objective{'s' * (objectives != 1)} and "
        f"{draft.actions} action{'s' * (draft.actions != 1)} from {source.name}, with {len(draft.leads)} lead{'s' * (len(draft.leads) != 1)}",
        (
            f"{checks} CHECK comment{'s' * (checks != 1)} {'says' if checks == 1 else 'say'} what to confirm "
            "against the original"
            if checks
            else "no CHECK comment: hcplan was sure of every cell, but read it against the original all the same"
        ),
    ]
    if errors:
        summary.append("ERRORS")
    return text, summary


def _write(target: str, text: str, summary: list[str], *, stream: bool) -> None:
    """Write the new plan to ``target``: a new file, standard output (-), or into a pipe or device (``stream``)."""
    from shlex import quote

    from hcplan.files.store import create_new, make_folders, remove_folders, write_into
    from hcplan.quoting import one_line

    failed = summary and summary[-1] == "ERRORS"
    if failed:
        summary = summary[:-1]
    if target == "-":
        sys.stdout.write(text)
    elif stream:
        write_into(target, text.encode("utf-8"))
        sys.stderr.write(one_line(f"Wrote {target}: " + "; ".join(summary) + ".") + "\n")
    else:
        made = make_folders(target)
        try:
            create_new(target, text.encode("utf-8"))  # never over a file, even one made just now
        except BaseException:
            remove_folders(made)
            raise
        # What the plan says (an organisation's name with a CR in it) is shown, not obeyed.
        sys.stderr.write(
            one_line(f"Wrote {target}: " + "; ".join(summary) + ".") + f"\nNext: hcplan check {quote(target)}\n"
        )
    if failed:
        raise typer.Exit(PROBLEMS)
