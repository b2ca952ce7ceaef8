"""The ``hcplan`` command line: parse arguments, call the core, format what it returns.

Each command lives in a module of its own and imports the core only when it
runs, so that ``hcplan --help`` and a clean ``hcplan check`` start fast.
An error the core raises (:class:`hcplan.errors.HcplanError`) becomes output
and an exit status here, in :class:`Commands`, and nowhere else.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from hcplan import __version__
from hcplan.cli import check, listing, report, schema, show, templates, update
from hcplan.errors import INTERNAL, INTERRUPTED, HcplanError

HELP = """\
Keep a council's hate crime work plan as one YAML file, and work with it.

Exit status: 0 when all is well; 1 when problems were found (a plan has
errors, a file could not be written, or with --fail something is overdue);
2 for a usage error (an unknown option, a bad value, a missing file, an ID or
name the plan does not have); 3 when hcplan itself failed.
"""


class Commands(TyperGroup):
    """hcplan's commands: an :class:`~hcplan.errors.HcplanError` from any of them
    is shown (its problems, then ``hcplan: error: ...``) and becomes its exit status."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except HcplanError as error:
            from hcplan.outputs.problems import show_error

            show_error(error)
            raise typer.Exit(error.exit_status) from None


app = typer.Typer(
    name="hcplan",
    cls=Commands,
    help=HELP,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hcplan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    pass


app.command("check")(check.check_cli)
app.command("update")(update.update_cli)
app.command("overdue")(listing.overdue_cli)
app.command("amber")(listing.amber_cli)
app.command("list")(listing.list_cli)
app.command("show")(show.show_cli)
app.command("report")(report.report_cli)
app.command("templates")(templates.templates_cli)
app.command("schema")(schema.schema_cli)


def main() -> None:
    """Run the command line; no Python traceback reaches the user."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("hcplan: interrupted\n")
        sys.exit(INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (``hcplan list | head``): not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except Exception as exc:  # pragma: no cover - the last line of defence
        if os.environ.get("HCPLAN_DEBUG"):
            raise
        sys.stderr.write(
            f"hcplan: internal error: {exc!r}\n"
            "This is a bug in hcplan; run again with HCPLAN_DEBUG=1 for details.\n"
        )
        sys.exit(INTERNAL)
