"""``hcplan site``: build the static site of every plan in a folder."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from hcplan.cli.options import DAY_FORMS, day_option, jobs_option, output_folder
from hcplan.errors import UsageError


def site_cli(
    plans: Annotated[Path, typer.Argument(help="The folder of plans.", metavar="PLANS_DIR", show_default=False)],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            parser=output_folder,
            help="The folder to build the site in.",
            metavar="DIR",
            show_default=False,
        ),
    ],
    as_of: Annotated[
        Optional[date], day_option("--as-of", help=f"Figures as on this day: {DAY_FORMS}. Default: today.")
    ] = None,
    formats: Annotated[
        str,
        typer.Option(
            "--formats",
            help="Which versions of each report: html, and any of docx, pdf, comma-separated. PDF needs the pdf extra.",
            metavar="LIST",
        ),
    ] = "html,docx,pdf",
    templates: Annotated[
        Optional[Path],
        typer.Option(
            "--templates",
            help="A folder of your own templates (e.g. annual.html.j2, site/index.html.j2, reference.docx), "
            "used before the shipped ones.",
            metavar="DIR",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Say nothing when all is well.")] = False,
    jobs: Annotated[Optional[int], jobs_option("reports to make")] = None,
) -> None:
    """Build a static site of every plan: an index, each plan's reports, and its themes across the years.

    The site has an index of every plan (its period, current or ended,
    progress by rating, overdue actions), a page for each plan with its plan
    report, its latest review pack (the changes of the three months up to the
    day) and its annual review, each as a web page, a Word document and a
    PDF, and a page following each theme from plan to plan. Every link is
    relative and nothing is fetched: the site works opened from the folder
    and served from any address. Private updates and notes are never in it.

    The build is incremental: a report is remade only when its plan (or its
    logo), the templates or hcplan changed, or the day did; keep DIR between
    builds (in CI, cache it) and a rebuild takes seconds. DIR must be a
    folder of its own: not among the plans, and new, empty or made by
    hcplan site, with no link in it. Files of your own in it are kept, and
    never written over: a build that would is refused.

    Examples:

        hcplan site plans -o _site

        hcplan site plans -o public --formats html,docx
    """
    from hcplan.outputs.site import FORMATS, build

    day = as_of or date.today()
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or "html" not in chosen:
        raise UsageError(f"--formats {formats}: name html and any of docx, pdf (e.g. --formats html,docx,pdf)")
    if templates is not None:
        from hcplan.files.named import not_a_folder

        wrong = not_a_folder(templates, "templates")
        if wrong is not None:
            raise UsageError(f"--templates {wrong}")
    built = build(
        plans, output, day=day, formats=tuple(f for f in FORMATS if f in chosen), templates=templates, jobs=jobs
    )
    if not quiet:
        plans_word = "plan" if len(built.entries) == 1 else "plans"
        removed = f", {len(built.removed)} removed" if built.removed else ""
        sys.stderr.write(
            f"Built {output}/index.html: {len(built.entries)} {plans_word}; "
            f"{len(built.written)} files written, {built.unchanged} unchanged{removed}\n"
        )
