"""``hcplan report``: the plan, the quarterly review or the annual review, as Markdown or HTML."""

import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from hcplan.cli.options import AsOf, Output, day_option
from hcplan.errors import UsageError


class ReportFormat(str, Enum):
    md = "md"
    html = "html"


#: The formats file names announce.
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def _format(asked: str | None, output: Path | None) -> str | None:
    """The format asked for, or the one the output file's name says (None: the template's).

    Raises:
        UsageError: the name says no format hcplan writes, or another than asked.
    """
    named = SUFFIXES.get(output.suffix.lower()) if output is not None else None
    if output is not None and asked is None and named is None:
        raise UsageError(
            f"cannot tell the format from '{output.name}': hcplan writes md or html (pass --format); "
            "for Word, write md and convert it with pandoc"
        )
    if output is not None and asked is not None and named is not None and asked != named:
        raise UsageError(f"--format {asked} into '{output.name}'? name the file .{asked}")
    return asked or named


def report_cli(
    plan: Annotated[Path, typer.Argument(help="The plan file.", metavar="PLAN", show_default=False)],
    output_format: Annotated[
        Optional[ReportFormat],
        typer.Option("--format", "-f", help="md (Markdown) or html. Default: from -o's name or the template's, else md."),
    ] = None,
    template: Annotated[
        str,
        typer.Option(
            "--template",
            help="plan (the whole plan), review (the quarterly review pack), annual (the public "
            "annual review), or the path of your own template.",
            metavar="NAME|PATH",
        ),
    ] = "plan",
    as_of: AsOf = None,
    since: Annotated[
        Optional[date],
        day_option(
            "--since", help="The review lists what changed from this day on (YYYY-MM-DD); other reports do not use it."
        ),
    ] = None,
    output: Output = None,
) -> None:
    """Render a report of a plan from a Jinja template.

    HTML reports are one self-contained file (no scripts, no external
    styles, fonts or images) with a print stylesheet for A4; Markdown renders
    on GitHub and converts to Word with pandoc.

    To change a report, copy a template from templates/ (or from the
    installed package), edit it, and pass its path with --template.

    Examples:

        hcplan report plans/2024-25/plan.yaml --template review --since 2024-10-01 -o review.md

        hcplan report plans/2024-25/plan.yaml --template annual -o annual.html
    """
    from hcplan.checking.loader import load_plan
    from hcplan.errors import HcplanError
    from hcplan.outputs.report import choose, render
    from hcplan.problems import Severity

    day = as_of or date.today()
    if since is not None and since > day:
        raise UsageError(f"--since {since} is after the report's day ({day}); changes are counted up to it")
    fmt = _format(output_format.value if output_format else None, output)
    if not plan.is_file():
        raise UsageError(f"{plan}: no such file")
    loaded = load_plan(plan)
    errors = [p for p in loaded.problems if p.severity is Severity.ERROR]
    if loaded.plan is None or errors:
        raise HcplanError(f"{plan} has errors; fix them first (hcplan check {plan})", problems=loaded.problems)
    text = render(str(plan), loaded.plan, choose(template, fmt), as_of=day, since=since)
    if output is None:
        from hcplan.outputs.terminal import on_screen

        sys.stdout.write(on_screen(text, sys.stdout))
        return
    from hcplan.files.store import write_atomic

    write_atomic(str(output), text.encode("utf-8"))
    sys.stderr.write(f"Wrote {output}\n")
