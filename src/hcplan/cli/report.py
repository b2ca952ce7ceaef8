"""``hcplan report``: the plan, the quarterly review or the annual review, as Markdown, HTML, Word or PDF."""

import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from hcplan.cli.options import DAY_FORMS, Output, PlanAsOf, day_option, output_suffix
from hcplan.errors import UsageError


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    docx = "docx"
    pdf = "pdf"


#: The formats file names announce.
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}


def _format(asked: str | None, output: Path | None) -> str | None:
    """The format asked for, or the one the output file's name says (None: the template's).

    Raises:
        UsageError: the name says no format hcplan writes, or another than asked.
    """
    from hcplan.files.store import written_into

    named = SUFFIXES.get(output_suffix(output)) if output is not None else None
    # A pipe or a device (-o /dev/stdout) is like standard output: its name need not say a format.
    if output is not None and asked is None and named is None and not written_into(output):
        raise UsageError(
            f"cannot tell the format from '{output.name}': hcplan writes md, html, docx or pdf (pass --format)"
        )
    if output is not None and asked is not None and named is not None and asked != named:
        raise UsageError(f"--format {asked} into '{output.name}'? name the file .{asked}")
    return asked or named


def report_cli(
    plan: Annotated[Path, typer.Argument(help="The plan file.", metavar="PLAN", show_default=False)],
    output_format: Annotated[
        Optional[ReportFormat],
        typer.Option(
            "--format",
            "-f",
            help="md (Markdown), html, docx (Word) or pdf (A4). Default: from -o's name (.md, .html, .docx, .pdf), or without -o the template's, else md.",
        ),
    ] = None,
    template: Annotated[
        str,
        typer.Option(
            "--template",
            help="plan (the whole plan), review (the quarterly review pack), annual (the public "
            "annual review), or the path of your own template (a .j2 file).",
            metavar="NAME|PATH",
        ),
    ] = "plan",
    as_of: PlanAsOf = None,
    since: Annotated[
        Optional[date],
        day_option(
            "--since",
            help=f"The review lists what changed from this day on ({DAY_FORMS}); other reports do not use it.",
        ),
    ] = None,
    output: Output = None,
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

    Without --as-of, a report is as of today, or of the plan's last day once
    the plan has ended. Internal notes and private updates are shown, marked
    as internal; --public leaves them out, for a report to publish. The file
    written with --output is never a plan, nor a file this command reads.

    To change a report, copy a template from templates/ (or from the
    installed package), edit it, and pass its path with --template; a
    changed HTML template changes the Word and PDF versions too.

    Examples:

        hcplan report plans/2024-25/plan.yaml --template review --since 2024-10-01 -o review.md

        hcplan report plans/2024-25/plan.yaml --template annual -o annual.html

        hcplan report plans/2024-25/plan.yaml --template annual -o annual.docx
    """
    from hcplan.checking.loader import load_valid
    from hcplan.files.cache import Cache
    from hcplan.files.named import not_a_file
    from hcplan.files.store import guard_output, write_output
    from hcplan.outputs.front import logo_file
    from hcplan.outputs.report import REFERENCE_DOCX, choose, produce, templates_read

    fmt = _format(output_format.value if output_format else None, output)
    wrong = not_a_file(plan)
    if wrong is not None:
        raise UsageError(wrong)
    # Everything this command reads; the output may be none of them, nor a plan.
    inputs = [plan, *([Path(template)] if Path(template).is_file() else [])]
    if output is not None:
        guard_output(output, inputs)
        _not_a_template(output)
    # The checks' cache, as check and the listings use it: a plan reported
    # again (or checked before) is not read and checked again.
    loaded = load_valid(plan, cache=Cache.default())
    # The logo and a template's Word styles are read too.
    inputs += [f for f in (logo_file(str(plan), loaded), Path(template).parent / REFERENCE_DOCX) if f and f.is_file()]
    from hcplan.format.dates import long_date
    from hcplan.views.years import report_day

    # An ended plan is reported as at its end: its final position.
    day = report_day(loaded, as_of, date.today())
    if since is not None and since > day:
        raise UsageError(f"--since {since} is after the report's day ({long_date(day)}); changes are counted up to it")
    if output is None and fmt in ("docx", "pdf") and sys.stdout.isatty():
        raise UsageError(f"a {fmt} file is not for the terminal: write it with -o FILE.{fmt}")
    choice = choose(template, fmt)
    data = produce(str(plan), loaded, choice, as_of=day, since=since, public=public)
    if output is None:
        _to_standard_output(data)
        return
    # And the templates it extends and includes, which only rendering it tells.
    write_output(output, data, [*inputs, *templates_read(choice)])
    sys.stderr.write(f"Wrote {output}\n")


def _not_a_template(output: Path) -> None:
    """Refuse to write a report over a template: any ``.j2`` file, and anything in hcplan's
    own templates folder, read by this command or not (a report written over
    ``templates/review.md.j2`` made every later review the plan report)."""
    from hcplan.outputs.report import template_dir

    if output.name.endswith(".j2") or output.resolve().is_relative_to(template_dir().resolve()):
        raise UsageError(f"-o {output} is a template's place; write the report elsewhere, e.g. -o review.md")


def _to_standard_output(data: bytes) -> None:
    """The report on standard output: as it is, or, to a terminal, with nothing it would obey."""
    from hcplan.outputs.terminal import on_screen

    if sys.stdout.isatty():
        sys.stdout.write(on_screen(data.decode("utf-8", errors="replace"), sys.stdout))
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
