"""``hcplan check``: the checker CI runs on every pull request."""

import sys
from datetime import date
from typing import Annotated, Optional

import typer

from hcplan.cli.options import AsOf, CheckFormat, Paths, Quiet, jobs_option


def check_cli(
    paths: Paths = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too, not only on errors.")] = False,
    output: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: one line per problem; json: the problems as data; github: GitHub Actions annotations.",
        ),
    ] = CheckFormat.text,
    as_of: AsOf = None,
    quiet: Quiet = False,
    jobs: Annotated[Optional[int], jobs_option("files to check")] = None,
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
    from hcplan.errors import PROBLEMS
    from hcplan.outputs.problems import Tally, problem_writer
    from hcplan.outputs.terminal import json_text

    missing: list[str] = []  # said after the files that are there are checked
    files = plan_files(paths, missing)
    tally = Tally(files=len(files), strict=strict)
    write = problem_writer(output.value, sys.stdout)
    # Problems are written as each file is done; only JSON waits for them all.
    for _, found in check_files(files, as_of or date.today(), jobs=jobs):
        tally.add(found, keep=output is CheckFormat.json)
        write(found)
    if output is CheckFormat.json:
        sys.stdout.write(json_text(tally.to_dict()) + "\n")
    elif not quiet:
        sys.stderr.write(tally.summary() + "\n")
    if missing:
        from hcplan.errors import UsageError

        raise UsageError("; ".join(missing))
    if tally.failed:
        raise typer.Exit(PROBLEMS)
