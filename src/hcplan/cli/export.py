"""``hcplan export``: the returns workbook partners fill in before a meeting."""

from __future__ import annotations

import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from hcplan.cli.check import parse_day
from hcplan.cli.listing import AsOf, Lead, Status, Theme

if TYPE_CHECKING:
    from hcplan.format.model import Plan


class ExportFormat(str, Enum):
    xlsx = "xlsx"
    csv = "csv"


#: The formats file names announce.
SUFFIXES = {".xlsx": "xlsx", ".csv": "csv"}

IncludePrivate = Annotated[
    bool,
    typer.Option("--include-private", help="Include private updates and internal notes (left out by default)."),
]
ReturnBy = Annotated[
    Optional[str],
    typer.Option("--return-by", help="The day returns are due back (YYYY-MM-DD), said in the workbook.", metavar="DATE"),
]
ReturnTo = Annotated[
    Optional[str],
    typer.Option("--return-to", help="Who returns go back to, e.g. an email address, said in the workbook.", metavar="TEXT"),
]


def load_valid_plan(plan: Path) -> Plan:
    """The plan at ``plan``; a usage error when there is none, exit 1 when it has errors."""
    from hcplan.checking.loader import load_plan
    from hcplan.cli.output import EXIT_PROBLEMS, fail, problem_line, use_colour
    from hcplan.files.cache import Cache
    from hcplan.problems import Severity

    if plan.is_dir():
        raise fail(f"{plan} is a folder: name the plan file, e.g. {plan / 'plan.yaml'}")
    if not plan.is_file():
        raise fail(f"{plan}: no such file")
    # The cache answers when the plan has not changed since hcplan last read it.
    loaded = load_plan(plan, cache=Cache.default())
    errors = [p for p in loaded.problems if p.severity is Severity.ERROR]
    if loaded.plan is None or errors:
        colour = use_colour(sys.stderr)
        for problem in loaded.problems:
            sys.stderr.write(problem_line(problem, colour) + "\n")
        raise fail(f"{plan} has errors; fix them first (hcplan check {plan})", EXIT_PROBLEMS)
    return loaded.plan


def export_cli(
    plan: Annotated[Path, typer.Argument(help="The plan file.", metavar="PLAN", show_default=False)],
    output: Annotated[
        Optional[Path],
        typer.Option("--output", "-o", help="The file to write (.xlsx or .csv). A CSV may go to standard output.", metavar="FILE"),
    ] = None,
    output_format: Annotated[
        Optional[ExportFormat],
        typer.Option("--format", "-f", help="xlsx (a workbook) or csv. Default: from -o's name, else xlsx."),
    ] = None,
    lead: Lead = None,
    theme: Theme = None,
    status: Status = None,
    search: Annotated[
        Optional[str], typer.Option("--search", "-q", help="Only actions whose text, updates or notes mention this.", metavar="TEXT")
    ] = None,
    as_of: AsOf = None,
    include_private: IncludePrivate = False,
    return_by: ReturnBy = None,
    return_to: ReturnTo = None,
    bom: Annotated[
        bool,
        typer.Option("--bom/--no-bom", help="Start a CSV with a byte order mark, so that Excel reads it as UTF-8."),
    ] = True,
) -> None:
    """Write the returns workbook partners fill in before a meeting.

    One sheet, Returns, with a row per action in plan order: where it sits in
    the plan, its leads, its due time and what it means, its rating and since
    when, and its last public update; and three columns for the partner to
    fill in: New rating (a drop-down of the plan's own ratings), Update and
    Update date. A second sheet says what to do, how to send it back and by
    when. `hcplan import` reads the returns back into the plan.

    The headers ID, New rating, Update and Update date are a contract: hcplan
    import finds the columns by them, in any order. Private updates and notes
    are left out unless --include-private.

    Examples:

        hcplan export plans/2024-25/plan.yaml --lead Police -o police.xlsx --return-by 2025-01-10

        hcplan export plans/2024-25/plan.yaml --format csv -o returns.csv
    """
    from hcplan.cli.output import EXIT_PROBLEMS, EXIT_USAGE, fail
    from hcplan.files.store import StoreError, guard_output, write_output
    from hcplan.format.dates import long_date
    from hcplan.outputs.workbook import returns_file
    from hcplan.views.query import Filters

    day = parse_day(as_of) if as_of else date.today()
    by = parse_day(return_by) if return_by else None
    fmt = output_format.value if output_format else None
    if output is not None and str(output) != "-":
        named = SUFFIXES.get(output.suffix.lower())
        if named is None:
            raise fail(f"cannot tell the format from '{output.name}': name the file .xlsx or .csv")
        if fmt is not None and fmt != named:
            raise fail(f"--format {fmt} into '{output.name}'? name the file .{fmt}")
        fmt = named
        try:  # the output may be neither the plan nor any other plan
            guard_output(output, [plan])
        except StoreError as exc:
            raise fail(str(exc)) from None
    fmt = fmt or "xlsx"
    if fmt == "xlsx" and (output is None or str(output) == "-"):
        raise fail("a workbook needs a file: pass -o FILE.xlsx")
    loaded = load_valid_plan(plan)
    filters = Filters(tuple(lead or ()), tuple(theme or ()), tuple(status or ()), search)
    try:
        data, count = returns_file(
            str(plan), loaded, fmt, as_of=day, filters=filters, include_private=include_private,
            lead=", ".join(lead) if lead else None, return_by=by, return_to=return_to, bom=bom,
        )
    except ValueError as exc:
        raise fail(str(exc)) from None
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        write_output(output, data, [plan])
    except StoreError as exc:
        raise fail(str(exc), EXIT_USAGE if exc.usage else EXIT_PROBLEMS) from None
    actions = f"{count} action{'s' * (count != 1)}"
    sys.stderr.write(f"Wrote {output}: {actions} of {plan}, as of {long_date(day)}\n")

