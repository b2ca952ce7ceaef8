"""``hcplan export``: the returns workbook partners fill in before a meeting."""

import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from hcplan.cli.options import (
    IncludePrivate,
    Lead,
    PlanAsOf,
    PlanFile,
    ReturnBy,
    ReturnTo,
    Search,
    Status,
    Theme,
    output_file,
    output_suffix,
)
from hcplan.errors import UsageError

if TYPE_CHECKING:
    from hcplan.format.model import Plan
    from hcplan.views.listing import Filters
    from hcplan.views.returns import Line


class ExportFormat(str, Enum):
    xlsx = "xlsx"
    csv = "csv"


#: The formats file names announce.
SUFFIXES = {".xlsx": "xlsx", ".csv": "csv"}


def export_cli(
    plan: PlanFile,
    output: Annotated[
        Optional[Path],
        typer.Option(
            "--output",
            "-o",
            parser=output_file,
            help="The file to write (.xlsx or .csv; a pipe or a device is written into); "
            "- for standard output, the default.",
            metavar="FILE",
        ),
    ] = None,
    output_format: Annotated[
        Optional[ExportFormat],
        typer.Option("--format", "-f", help="xlsx (a workbook) or csv. Default: from -o's name, else xlsx."),
    ] = None,
    lead: Lead = None,
    theme: Theme = None,
    status: Status = None,
    search: Search = None,
    as_of: PlanAsOf = None,
    include_private: IncludePrivate = False,
    return_by: ReturnBy = None,
    return_to: ReturnTo = None,
    bom: Annotated[
        Optional[bool],
        typer.Option(
            "--bom/--no-bom",
            help="Start a CSV with a byte order mark, so that Excel reads it as UTF-8. "
            "Default: in a file, not on standard output nor into a pipe.",
            show_default=False,
        ),
    ] = None,
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

    A plan that rates its objectives (any objective has a status or updates)
    gives each objective a row of its own before its actions, its ID written
    "objective 3.1", with its rating and last update and no due. The filters
    judge an objective on its own: --lead keeps it for the leads of any of its
    actions, --theme by its theme, --status by its own rating, --search in
    what it says.

    -o replaces an existing file of that name (as report and calendar do),
    but never a plan nor a file the command reads, nor a returns file that
    holds returns the plan does not have yet (a partner's, saved back under
    the name it was sent with: import it first). A workbook goes to standard
    output too, but not to a terminal.

    A plan that has ended is exported as of its last day (unless --as-of),
    with a warning on standard error: returns for it still come back in with
    hcplan import, but what it left undone belongs in the next plan (hcplan
    rollover).

    Examples:

        hcplan export plans/2024-25/plan.yaml --as-of 2025-01-06 --lead Police -o police.xlsx --return-by 2025-01-10

        hcplan export plans/2024-25/plan.yaml --format csv -o returns.csv
    """
    from hcplan.checking.loader import load_valid
    from hcplan.files.cache import Cache
    from hcplan.files.store import guard_output, write_output, written_into
    from hcplan.format.dates import long_date
    from hcplan.outputs.workbook import returns_file
    from hcplan.views.listing import Filters
    from hcplan.views.years import report_day

    fmt = output_format.value if output_format else None
    # A pipe or a device (-o /dev/stdout) is like standard output: its name need not say a format.
    stream = output is None or written_into(output)
    if output is not None:
        named = SUFFIXES.get(output_suffix(output))
        if named is None and fmt is None and not stream:
            raise UsageError(f"cannot tell the format from '{output.name}': name the file .xlsx or .csv")
        if fmt is not None and named is not None and fmt != named:
            raise UsageError(f"--format {fmt} into '{output.name}'? name the file .{fmt}")
        fmt = fmt or named
        guard_output(output, [plan])  # the output may be neither the plan nor any other plan
    fmt = fmt or "xlsx"
    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise UsageError("a workbook is not for the terminal: write it with -o FILE.xlsx")
    # The cache answers when the plan has not changed since hcplan last read it.
    loaded = load_valid(plan, cache=Cache.default())
    # An ended plan is exported as of its end, as it is reported.
    day = report_day(loaded, as_of, date.today(), return_by)
    filters = Filters(tuple(lead or ()), tuple(theme or ()), tuple(status or ()), search)
    data, found = returns_file(
        str(plan),
        loaded,
        fmt,
        as_of=day,
        filters=filters,
        include_private=include_private,
        lead=_leads_named(loaded, filters),
        return_by=return_by,
        return_to=return_to,
        bom=not stream if bom is None else bom,  # the mark is for Excel: a pipe's reader would see it as text
    )
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        if not stream:
            from hcplan.changes.returns import refuse_over_returns

            refuse_over_returns([output], loaded, str(plan), today=date.today())
        write_output(output, data, [plan])
        sys.stderr.write(f"Wrote {output}: {_counted(found)} of {plan}, as of {long_date(day)}\n")
    if loaded.ended_by(day):
        sys.stderr.write(
            f"hcplan: warning: {plan} ended on {long_date(loaded.period.end)}: this is its final position, and what it "
            "left undone belongs in the next plan (hcplan rollover).\n"
        )


def _counted(found: "list[Line]") -> str:
    """``12 actions``; with objective rows, ``3 objectives and 12 actions``."""
    objectives = sum(line.kind == "objective" for line in found)
    actions = len(found) - objectives
    said = f"{actions} action{'s' * (actions != 1)}"
    return f"{objectives} objective{'s' * (objectives != 1)} and {said}" if objectives else said


def _leads_named(plan: "Plan", filters: "Filters") -> Optional[str]:
    """The leads ``--lead`` chose, as the plan's list names them (``--lead cct`` is
    Community Cohesion Team): the workbook is titled for them."""
    if not filters.leads:
        return None
    chosen = filters.plan_filter(plan).leads
    return ", ".join(name for name in dict.fromkeys(plan.lead_index().spellings().values()) if name in chosen)
