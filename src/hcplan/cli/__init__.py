"""The ``hcplan`` command line: parse arguments, call the core, format what it returns.

Each command lives in a module of its own, listed in :data:`COMMANDS`, and is
loaded only when it runs: ``hcplan check`` builds the options of ``check``
alone, and ``hcplan --help`` lists the commands from their first lines here,
without loading any. Commands import the core only when they run, so that
``hcplan --help`` and a cached ``hcplan check`` start fast.
An error the core raises (:class:`hcplan.errors.HcplanError`) becomes output
and an exit status here, in :class:`Commands`, and nowhere else.

The command modules do not use ``from __future__ import annotations``: typer
would evaluate each option's annotation from its text at every start.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from hcplan import __version__
from hcplan.cli import stdout
from hcplan.errors import INTERNAL, INTERRUPTED, PROBLEMS, USAGE, HcplanError, UsageError

#: Each command: its module, its function, and the first line of its help
#: (what ``hcplan --help`` shows; tests/test_cli_basics.py checks that it is
#: the function's own). In the order ``hcplan --help`` lists them.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "new": (
        "hcplan.cli.new",
        "new_cli",
        "Write a new plan file: a commented skeleton, or a draft from a Word or Excel plan.",
    ),
    "check": ("hcplan.cli.check", "check_cli", "Check plan files: YAML, the format, and the rules a plan must keep."),
    "update": (
        "hcplan.cli.update",
        "update_cli",
        "Add a dated progress update to an action or objective, change its rating, or reschedule an action.",
    ),
    "import": (
        "hcplan.cli.returns",
        "import_cli",
        "Record a meeting's returns: every filled-in row of the workbooks, in one write.",
    ),
    "overdue": (
        "hcplan.cli.listing",
        "overdue_cli",
        "List actions whose due time has passed and that are not completed.",
    ),
    "amber": (
        "hcplan.cli.listing",
        "amber_cli",
        "List actions whose rating is amber on their plan's scale, and since when.",
    ),
    "list": ("hcplan.cli.listing", "list_cli", "List every action that matches the filters, in plan order."),
    "show": (
        "hcplan.cli.show",
        "show_cli",
        "Print one action (or objective) whole: its objective, lead, due, rating and full history.",
    ),
    "report": ("hcplan.cli.report", "report_cli", "Render a report of a plan from a Jinja template."),
    "site": (
        "hcplan.cli.site",
        "site_cli",
        "Build a static site of every plan: an index, each plan's reports, and its themes across the years.",
    ),
    "export": ("hcplan.cli.export", "export_cli", "Write the returns workbook partners fill in before a meeting."),
    "digest": (
        "hcplan.cli.digest",
        "digest_cli",
        "Write, for each lead, an email with their list and their returns workbook.",
    ),
    "rollover": (
        "hcplan.cli.rollover",
        "rollover_cli",
        "Write next year's plan from this year's: what is not done carries over.",
    ),
    "calendar": (
        "hcplan.cli.calendar",
        "calendar_cli",
        "Write an iCalendar file of what the plans have due, to subscribe to or import.",
    ),
    "templates": (
        "hcplan.cli.templates",
        "templates_cli",
        "List every template hcplan uses, and the folder they are in.",
    ),
    "schema": (
        "hcplan.cli.schema",
        "schema_cli",
        "Print the JSON Schema of plan files, for editors and other checkers.",
    ),
}

HELP = """\
Keep a council's hate crime work plan as one YAML file, and work with it.

Exit status: 0 when all is well; 1 when problems were found (a plan has
errors, a file could not be written, or with --fail something is overdue);
2 for a usage error (an unknown option, a bad value, a missing file, an ID or
name the plan does not have); 3 when hcplan itself failed.
"""


def load(name: str) -> TyperCommand:
    """The command ``name`` of :data:`COMMANDS`, built from its function."""
    from typer.main import get_command_from_info
    from typer.models import CommandInfo

    module, function, _ = COMMANDS[name]
    # __import__, as an import statement does (so `python -X importtime` sees it).
    callback = getattr(__import__(module, fromlist=[function]), function)
    info = CommandInfo(name=name, callback=callback)
    command = get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode=None)
    for param in command.params:
        if param.type.name in _FILE_TYPES:
            param.type.convert = _named(param.type.convert)  # type: ignore[method-assign]
    return command  # type: ignore[return-value]


#: The types of arguments and options that name a file or folder (typer's for a Path,
#: ``-o``'s own, and the plans' paths, where - is standard input).
_FILE_TYPES = frozenset({"path", "plan_path", "output_file", "output_folder"})


def _named(convert: Any) -> Any:
    """``convert``, refusing an empty name: typer reads ``''`` as the current folder, so
    ``hcplan check "$PLAN"`` with the variable unset would check every plan there."""

    def named(value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str) and value == "":
            raise typer.BadParameter("an empty name names no file (a variable left unset?)", ctx=ctx, param=param)
        return convert(value, param, ctx)

    return named


class Commands(TyperGroup):
    """hcplan's commands, each loaded when it is asked for (:data:`COMMANDS`).

    An :class:`~hcplan.errors.HcplanError` from any of them is shown (its
    problems, then ``hcplan: error: ...``) and becomes its exit status.
    """

    #: The command line as given (for :func:`hcplan.cli.stdout.onto_input`).
    arguments: tuple[str, ...] = ()

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = load(cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The list of commands, from their first lines: none is loaded to list it."""
        found = [
            (name, self.commands.get(name) or TyperCommand(name=name, help=COMMANDS[name][2]))
            for name in self.list_commands(ctx)
        ]
        shown = [(name, command) for name, command in found if not command.hidden]
        limit = formatter.width - 6 - max(len(name) for name, _ in shown)
        with formatter.section("Commands"):
            formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in shown])

    def invoke(self, ctx: Any) -> Any:
        try:
            onto = stdout.onto_input(self.arguments)
            if onto is not None:
                raise UsageError(onto)
            return super().invoke(ctx)
        except HcplanError as error:
            from hcplan.outputs.problems import show_error

            show_error(error)
            raise typer.Exit(error.exit_status) from None
        except (KeyboardInterrupt, typer.Abort) as stop:
            raise typer.Exit(stopped(stop)) from None
        except typer.TyperException as error:
            raise typer.Exit(usage_error(error)) from None
        except BrokenPipeError:
            raise typer.Exit(reader_gone()) from None

    def make_context(self, *args: Any, **extra: Any) -> Any:
        try:
            return super().make_context(*args, **extra)
        except BrokenPipeError:  # `hcplan --help | head -1`: help and --version are written here
            raise typer.Exit(reader_gone()) from None

    def main(  # type: ignore[override]
        self, args: Any = None, prog_name: str | None = None, *, standalone_mode: bool = True, **extra: Any
    ) -> Any:
        """Run a command; every way it can end is hcplan's own (never click's
        ``Error:`` or ``Aborted!``): a usage error ends ``hcplan: error: ...``
        and exits 2, an interrupt exits 130, a closed standard output keeps the command's own status,
        and standard output that could not be written (a full disk) exits 1."""
        self.arguments = tuple(str(arg) for arg in (sys.argv[1:] if args is None else args))
        try:
            status = super().main(args, prog_name, standalone_mode=False, **extra)
            try:
                sys.stdout.flush()  # the reader may have gone, or the disk filled: find out here, not at exit
            except BrokenPipeError:
                status = reader_gone()
        except typer.TyperException as error:  # the command line, before any command runs
            status = usage_error(error)
        except (KeyboardInterrupt, typer.Abort) as stop:
            status = stopped(stop)
        except OSError:  # from anywhere: the help, a command, the last flush
            if stdout.failure() is None:
                raise
            status = 0
        status = status if isinstance(status, int) else 0
        failed = stdout.failure()
        if failed is not None:  # even where something caught the error on its way
            status = output_failed(failed, status)
        if not standalone_mode:
            return status
        sys.exit(status)


#: Commands that take an action's or objective's ID (an ID like ``-1`` reads as an option).
ID_COMMANDS = ("update", "show")


def usage_error(error: typer.TyperException) -> int:
    """Say what was wrong with the command line, as every hcplan error ends: the
    command's usage, then ``hcplan: error: ...``; its exit status (2, a usage error)."""
    from hcplan.quoting import escape

    context = getattr(error, "ctx", None)
    if type(error).__name__ == "NoArgsIsHelpError":  # `hcplan` alone: its help is the answer
        sys.stderr.write(error.format_message() + "\n")
        return USAGE
    if context is not None:
        sys.stderr.write(context.get_usage() + "\n")
    message = error.format_message().strip().rstrip(".")
    message = message[:1].lower() + message[1:]
    option = getattr(error, "option_name", "")
    if context is not None and context.info_name in ID_COMMANDS and option[1:2].isdigit():
        message += f"; an ID that starts with '-' is written with its kind, 'objective {option}' or 'action {option}'"
    if message.startswith("no such command") and context is not None:
        # 'hcplan chek': click names no command it is close to; hcplan does, as for options.
        from hcplan.suggest import did_you_mean

        typed = message.split("'")[1] if message.count("'") >= 2 else ""
        lister = getattr(context.command, "list_commands", None)
        commands = list(lister(context)) if lister is not None else []
        message += did_you_mean(typed, commands, quoted=False) if typed else ""
    hint = f" (see '{context.command_path} -h')" if context is not None else ""
    sys.stderr.write(f"hcplan: error: {escape(message)}{hint}\n")
    return USAGE if error.exit_code in (0, 1, USAGE) else error.exit_code


def stopped(stop: BaseException) -> int:
    """Ctrl-C (130), or standard input closed where a prompt waited for an answer (a usage
    error): one line either way. click turns both into Abort; what it caught says which."""
    cause = stop.__cause__ or stop.__context__ if isinstance(stop, typer.Abort) else stop
    if isinstance(cause, EOFError):
        sys.stderr.write(
            "\nhcplan: error: standard input ended where hcplan asked for an answer; "
            "give it without being asked (the command's --help says how)\n"
        )
        return USAGE
    # At a prompt (Abort) the line is the prompt's, left unfinished: end it first.
    sys.stderr.write(("\n" if cause is not stop else "") + "hcplan: interrupted\n")
    return INTERRUPTED


def reader_gone() -> int:
    """Standard output was closed by its reader (``hcplan list | head -1``): not an error.
    Whatever is still buffered goes nowhere (:func:`hcplan.cli.stdout.discard`), so
    Python says nothing at exit. Exit 0."""
    stdout.discard()
    return 0


def output_failed(failed: OSError, status: int) -> int:
    """Standard output could not be written (``hcplan list > /dev/full``): say so in one
    line, and drop what is still buffered so that Python says nothing more at exit.
    The exit status: the command's own if it failed already, else 1 (as for any file
    that could not be written)."""
    sys.stderr.write(f"hcplan: error: cannot write to standard output: {failed.strerror or failed}\n")
    stdout.discard()
    return status or PROBLEMS


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


def main() -> None:
    """Run the command line; no Python traceback reaches the user."""
    from hcplan.cli.process import tune

    stdout.occupied()  # a stream the shell closed (>&-), before anything opens a file
    tune()
    stdout.guard()  # a failed write to standard output is the user's machine's, not a bug: see Commands.main
    try:
        app()
    except KeyboardInterrupt:  # between commands' own handling (Commands.main)
        _leave_now(stopped(KeyboardInterrupt()))
    except SystemExit as exc:
        if exc.code == INTERRUPTED:
            _leave_now(INTERRUPTED)
        raise
    except BrokenPipeError:
        sys.exit(reader_gone())
    except Exception as exc:  # pragma: no cover - the last line of defence
        failed = stdout.failure()
        if failed is not None:
            sys.exit(output_failed(failed, 0))
        if os.environ.get("HCPLAN_DEBUG"):
            raise
        sys.stderr.write(
            f"hcplan: internal error: {exc!r}\nThis is a bug in hcplan; run again with HCPLAN_DEBUG=1 for details.\n"
        )
        sys.exit(INTERNAL)


def _leave_now(code: int) -> None:
    """Exit at once after Ctrl-C: what was under way has been undone on the way here
    (every write cleans up after itself), and waiting at exit for the worker processes
    of a check or listing interrupted half-way could wait for ever. Those workers go
    with it (they leave Ctrl-C to this process: see hcplan.checking.batch), and so do
    the children of hcplan.aside."""
    if "multiprocessing" in sys.modules:
        import multiprocessing

        children = multiprocessing.active_children()
        for child in children:
            child.kill()
        for child in children:  # reaped here, so that none is left even as a zombie
            child.join(1)
    if "hcplan.aside" in sys.modules:
        from hcplan.aside import finish

        finish()  # an aside's child is stopped; one writing a cache entry ends it (some 0.1 s)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)
