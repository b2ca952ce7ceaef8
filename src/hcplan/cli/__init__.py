"""The ``hcplan`` command line: parse arguments, call the core, format what it returns.

Each command lives in a module of its own and imports the core only when it
runs, so that ``hcplan --help`` and a clean ``hcplan check`` start fast.
"""

from __future__ import annotations

import os
import sys

import typer

from hcplan import __version__
from hcplan.cli import calendar, check, digest, export, listing, new, report, returns, rollover, schema, site, templates, update

HELP = """\
Keep a council's hate crime work plan as one YAML file, and work with it.

Exit status: 0 when all is well, 1 when problems were found (or, with
--fail, overdue actions), 2 for a usage error such as a missing file.
"""

app = typer.Typer(
    name="hcplan",
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


app.command("new")(new.new_cli)
app.command("check")(check.check_cli)
app.command("update")(update.update_cli)
app.command("import")(returns.import_cli)
app.command("overdue")(listing.overdue_cli)
app.command("amber")(listing.amber_cli)
app.command("list")(listing.list_cli)
app.command("show")(listing.show_cli)
app.command("report")(report.report_cli)
app.command("site")(site.site_cli)
app.command("export")(export.export_cli)
app.command("digest")(digest.digest_cli)
app.command("rollover")(rollover.rollover_cli)
app.command("calendar")(calendar.calendar_cli)
app.command("templates")(templates.templates_cli)
app.command("schema")(schema.schema_cli)


def main() -> None:
    """Run the command line; no Python traceback reaches the user."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("hcplan: interrupted\n")
        sys.exit(130)
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
        sys.exit(1)
