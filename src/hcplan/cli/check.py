"""``hcplan check``: the checker CI runs on every pull request."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated, Optional

import typer

from hcplan.cli.options import AsOf, CheckFormat, Paths, Quiet


def check_cli(
    paths: Paths = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on warnings too, not only on errors.")
    ] = False,
    output: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: one line per problem; json: the problems as data; "
            "github: GitHub Actions annotations.",
        ),
    ] = CheckFormat.text,
    as_of: AsOf = None,
    quiet: Quiet = False,
    jobs: Annotated[
        Optional[int],
        typer.Option("--jobs", "-j", min=1, help="Check this many files at once. Default: one per core.", metavar="N"),
    ] = None,
) -> None:
    """Check plan files: YAML, the format, and the rules a plan must keep.

    Every problem of every file is reported, one per line:

        plans/2024-25/plan.yaml:57:16: error: lead 'Safer Mertn' is not one of the plan's leads (lead)

    Exit status: 0 when no errors were found (warnings allowed unless --strict),
    1 when problems were found, 2 for a usage error.

    Example: hcplan check plans/ --format github
    """
    from hcplan.checking.batch import check_files
    from hcplan.checking.loader import plan_files
    from hcplan.outputs.problems import github_line, problem_line
    from hcplan.outputs.terminal import json_text, use_colour
    from hcplan.errors import PROBLEMS
    from hcplan.problems import Severity, has_errors

    today = as_of or date.today()
    files = plan_files(paths)
    # Problems are printed as each file is done; only JSON waits for them all.
    problems = []
    colour = use_colour()
    for _, found in check_files(files, today, jobs=jobs):
        if output is CheckFormat.text:
            for problem in found:
                sys.stdout.write(problem_line(problem, colour) + "\n")
        elif output is CheckFormat.github:
            for problem in found:
                sys.stdout.write(github_line(problem) + "\n")
        problems.extend(found)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    failed = has_errors(problems, strict=strict)
    if output is CheckFormat.json:
        report = {
            "files": len(files),
            "errors": errors,
            "warnings": warnings,
            "ok": not failed,
            "problems": [p.to_dict() for p in problems],
        }
        sys.stdout.write(json_text(report) + "\n")
    elif not quiet:
        bad_files = len({p.path for p in problems})
        plural = "s" if len(files) != 1 else ""
        if problems:
            summary = (
                f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
                f"in {bad_files} of {len(files)} file{plural}"
            )
        else:
            summary = f"{len(files)} file{plural} checked: no problems"
        sys.stderr.write(summary + "\n")
    if failed:
        raise typer.Exit(PROBLEMS)
