"""``hcplan report``: the plan, the quarterly review or the annual review, as Markdown, HTML, Word or PDF."""

from __future__ import annotations

import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from hcplan.cli.check import parse_day


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    docx = "docx"
    pdf = "pdf"


#: The formats file names announce.
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}


def report_cli(
    plan: Annotated[Path, typer.Argument(help="The plan file.", metavar="PLAN", show_default=False)],
    output_format: Annotated[
        Optional[ReportFormat],
        typer.Option(
            "--format",
            "-f",
            help="md (Markdown), html, docx (Word) or pdf (A4). Default: from -o's name or the template's, else md.",
        ),
    ] = None,
    template: Annotated[
        str,
        typer.Option(
            "--template",
            "-t",
            help="plan (the whole plan), review (the quarterly review pack), annual (the public "
            "annual review), or the path of your own template.",
            metavar="NAME|PATH",
        ),
    ] = "plan",
    as_of: Annotated[
        Optional[str],
        typer.Option(
            "--as-of",
            help="Report as on this day (YYYY-MM-DD). Default: today, or the plan's last day once it has ended.",
            metavar="DATE",
        ),
    ] = None,
    since: Annotated[
        Optional[str],
        typer.Option(
            "--since",
            help="The review lists what changed from this day on (YYYY-MM-DD); other reports do not use it.",
            metavar="DATE",
        ),
    ] = None,
    output: Annotated[
        Optional[Path], typer.Option(
            "--output",
            "-o",
            help="Write to this file; never a plan, nor a file this command reads. Default: standard output.",
            metavar="FILE",
        )
    ] = None,
    public: Annotated[
        bool,
        typer.Option(
            "--public",
            help="Leave out internal notes and private updates (otherwise shown, marked as internal). "
            "The annual review is always public.",
        ),
    ] = False,
) -> None:
    """Render a report of a plan from a Jinja template.

    HTML reports are one self-contained file (no scripts, no external
    styles, fonts or images) with a print stylesheet for A4. Word (docx) and
    PDF are made from the HTML template: real headings, table headers that
    repeat on every page, charts with alternative text. PDF needs the pdf
    extra: pip install 'hcplan[pdf]'.

    Internal notes and private updates are shown, marked as internal;
    --public leaves them out, for a report to publish.

    To change a report, copy a template from templates/ (or from the
    installed package), edit it, and pass its path with --template; a
    changed HTML template changes the Word and PDF versions too.

    Examples:

        hcplan report plans/2024-25/plan.yaml --template review --since 2024-10-01 -o review.md

        hcplan report plans/2024-25/plan.yaml --template annual -o annual.html

        hcplan report plans/2024-25/plan.yaml --template annual -o annual.docx
    """
    from hcplan.cli.output import (
        EXIT_PROBLEMS,
        EXIT_USAGE,
        fail,
        problem_line,
        use_colour,
    )
    from hcplan.checking.loader import load_plan
    from hcplan.problems import Severity
    from hcplan.outputs.report import ReportError, choose, produce

    given_day = parse_day(as_of) if as_of else None
    since_day = parse_day(since) if since else None
    fmt = output_format.value if output_format else None
    if output is not None:
        named = SUFFIXES.get(output.suffix.lower())
        if fmt is None and named is None:
            raise fail(f"cannot tell the format from '{output.name}': hcplan writes md, html, docx or pdf (pass --format)")
        if fmt is not None and named is not None and fmt != named:
            raise fail(f"--format {fmt} into '{output.name}'? name the file .{fmt}")
        fmt = fmt or named
    if not plan.is_file():
        raise fail(f"{plan}: no such file")
    from hcplan.files.store import StoreError, guard_output, write_output

    # Everything this command reads; the output may be none of them, nor a plan.
    inputs = [plan, *([template] if Path(template).is_file() else [])]
    if output is not None:
        try:
            guard_output(output, inputs)
        except StoreError as exc:
            raise fail(str(exc), EXIT_USAGE) from None
    loaded = load_plan(plan)
    errors = [p for p in loaded.problems if p.severity is Severity.ERROR]
    if loaded.plan is None or errors:
        colour = use_colour(sys.stderr)
        for problem in loaded.problems:
            sys.stderr.write(problem_line(problem, colour) + "\n")
        raise fail(f"{plan} has errors; fix them first (hcplan check {plan})", EXIT_PROBLEMS)
    from hcplan.outputs.front import logo_file
    from hcplan.outputs.report import REFERENCE_DOCX

    # The logo and a template's Word styles are read too.
    inputs += [f for f in (logo_file(str(plan), loaded.plan), Path(template).parent / REFERENCE_DOCX) if f and f.is_file()]
    # An ended plan is reported as at its end: its final position.
    day = given_day or min(date.today(), loaded.plan.period.end)
    if since_day is not None and since_day > day:
        raise fail(f"--since {since_day} is after the report's day ({day}); changes are counted up to it")
    if output is None and fmt in ("docx", "pdf") and sys.stdout.isatty():
        raise fail(f"a {fmt} file is not for the terminal: write it with -o FILE.{fmt}")
    try:
        data = produce(str(plan), loaded.plan, choose(template, fmt), as_of=day, since=since_day, public=public)
    except ReportError as exc:
        raise fail(str(exc), EXIT_USAGE if exc.usage else EXIT_PROBLEMS) from None
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        write_output(output, data, inputs)
    except StoreError as exc:
        raise fail(str(exc), EXIT_USAGE if exc.usage else EXIT_PROBLEMS) from None
    sys.stderr.write(f"Wrote {output}\n")
