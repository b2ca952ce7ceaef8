"""The options commands share, defined once: one name, one short flag, one help and
one way of parsing each, in every command that takes it.

Short flags mean one thing everywhere: ``-f`` format, ``-o`` output file,
``-l`` lead, ``-t`` theme, ``-s`` status (a rating label), ``-q`` quiet,
``-d`` date, ``-n`` note, ``-w`` within, ``-j`` jobs, ``-h`` help. The human
format is called ``text`` in every command.
"""

from __future__ import annotations

import os
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

#: How a day may be given, for every option that takes one.
DAY_FORMS = "2017-06-13, 13/06/2017 (day first), 13 June 2017, today, or a quarter's return (Q2 2017-18)"


def day(text: str) -> date:
    """A day from the command line (:func:`hcplan.format.dates.parse_day`), or the
    usage error that says how to write one. A quarter is its last day (today while it runs)."""
    from hcplan.format.dates import parse_day

    try:
        # A quarter without a financial year ("Q2 2017") is read as a calendar one.
        return parse_day(text, date.today(), "calendar")
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def days(text: str | int) -> int:
    """A number of days from the command line: ``30``, ``30d`` or ``2w``; or the usage error."""
    if isinstance(text, int):  # a default, given as a number
        return text
    value = text.strip().lower()
    multiplier = 1
    if value.endswith("w"):
        multiplier, value = 7, value[:-1]
    elif value.endswith("d"):
        value = value[:-1]
    if not value.isdigit():
        raise typer.BadParameter(f"'{text}' is not a number of days, e.g. 30d or 2w")
    from hcplan.format.dates import FIRST_YEAR, LAST_YEAR

    most = (LAST_YEAR - FIRST_YEAR + 1) * 366  # as many as the years a plan's dates may take
    if len(value) > 7 or int(value) * multiplier > most:
        raise typer.BadParameter(
            f"'{text}' is more days than hcplan looks ahead (at most {most:,}: the years a plan's dates may take)"
        )
    return int(value) * multiplier


class GivenDay:
    """A day from the command line, and the quarter it was given as (``Q2 2017-18``), if it was."""

    __slots__ = ("day", "quarter")

    def __init__(self, day: date, quarter: str | None = None) -> None:
        self.day, self.quarter = day, quarter


def given_day(text: str) -> GivenDay:
    """:func:`day`, keeping the quarter a day was given as (``update --date``)."""
    from hcplan.format.dates import parse_quarter

    found = day(text)
    quarter = parse_quarter(text, "calendar", date.today().year)
    return GivenDay(found, quarter.name if quarter else None)


def first_day(text: str) -> date:
    """:func:`day`, for an option that gives when something starts (``--start``): a quarter
    is its first day, not its last (``Q2 2025-26``: 1 July 2025)."""
    from hcplan.format.dates import parse_quarter

    found = day(text)
    try:
        quarter = parse_quarter(text, "calendar", date.today().year)
    except ValueError:  # pragma: no cover - day() refused it first
        quarter = None
    return quarter.start if quarter is not None else found


def day_option(*names: str, help: str, parser: Any = day) -> Any:  # noqa: A002 - typer's own word
    """An option that takes a day: every command parses days the same way (:func:`day`)."""
    return typer.Option(*names, parser=parser, metavar="DATE", help=help)


def jobs_option(what: str) -> Any:
    """``--jobs``/``-j``: how many ``what`` (e.g. "files to check") worker processes do at once."""
    return typer.Option("--jobs", "-j", min=1, help=f"How many {what} at once. Default: one per core.", metavar="N")


def looks_like_id(text: str) -> bool:
    """True for what reads as an action's or objective's ID (``1.1.2``, ``5.2a``, ``objective 7``,
    ``A``) and is no file or folder."""
    import os
    import re

    from hcplan.format.rated import split_kind

    if not os.path.exists(text):
        text = split_kind(text)[1]
    return bool(re.fullmatch(r"[\w.\-/() ]{1,30}", text)) and not (  # 5.2a, HC1(a), A/1, 1.1 (b), A
        os.path.exists(text) or text.lower().endswith((".yaml", ".yml"))
    )


def plan_then_id(plan: Path, action_id: str) -> tuple[Path, str]:
    """A plan file and an action's or objective's ID, given in either order when that is plain: the
    first argument no file and an ID, the second a file, or named as a plan that is not
    there (``hcplan show`` takes the ID first, ``hcplan update`` the plan). Otherwise as given."""
    named = os.path.lexists(action_id) or action_id.lower().endswith((".yaml", ".yml"))
    if looks_like_id(str(plan)) and named:  # a broken link or a missing plan too: it is named as one
        return Path(action_id), str(plan)
    return plan, action_id


class Format(str, Enum):
    """How rows are written (:mod:`hcplan.outputs.rows`): text for people, json or csv for scripts."""

    text = "text"
    json = "json"
    csv = "csv"


class ResultFormat(str, Enum):
    """How what a command did is reported (update, import, digest): text for people, json for scripts."""

    text = "text"
    json = "json"


ResultFormatOption = Annotated[ResultFormat, typer.Option("--format", "-f", help="text for people; json for scripts.")]


class CheckFormat(str, Enum):
    """How problems are written: text for people, json for scripts, github for GitHub Actions."""

    text = "text"
    json = "json"
    github = "github"


def plan_path(text: str) -> Path:
    """A plan file or folder from the command line; ``-`` is standard input (a plan piped in:
    ``git show HEAD:plans/plan.yaml | hcplan check -``), read as /dev/stdin is."""
    if text == "-":
        from hcplan.cli.stdout import closed

        if closed(0):
            raise typer.BadParameter("- reads a plan from standard input, which is closed (<&-): pipe one in")
    return Path("/dev/stdin") if text == "-" and os.path.exists("/dev/stdin") else Path(text)


Paths = Annotated[
    Optional[list[Path]],
    typer.Argument(
        help="Plan files or folders; - for a plan on standard input. Default: ./plans",
        show_default=False,
        metavar="[PATHS]...",
        parser=plan_path,
    ),
]
AsOf = Annotated[Optional[date], day_option("--as-of", help=f"As on this day: {DAY_FORMS}. Default: today.")]
#: ``--as-of`` of the commands that answer for a plan's year: an ended plan is answered at its end.
PlanAsOf = Annotated[
    Optional[date],
    day_option("--as-of", help=f"As on this day: {DAY_FORMS}. Default: today, or a plan's last day once it has ended."),
]
Ended = Annotated[
    bool,
    typer.Option(
        "--ended",
        help="Also answer for plans that had ended by the day (a folder's ended plans are left out, "
        "and said so; a plan named by its file, or the only plan in a folder named, always counts).",
    ),
]
Lead = Annotated[
    Optional[list[str]],
    typer.Option(
        "--lead", "-l", help="Only actions this lead leads (a name, an alias, or part of a name).", metavar="LEAD"
    ),
]
Theme = Annotated[
    Optional[list[str]], typer.Option("--theme", "-t", help="Only this theme (its number or name).", metavar="THEME")
]
Status = Annotated[
    Optional[list[str]],
    typer.Option(
        "--status",
        "-s",
        help="Only this rating (any unambiguous start of it; 'unrated' or 'none' for actions without one).",
        metavar="LABEL",
    ),
]
RowFormat = Annotated[Format, typer.Option("--format", "-f", help="text for people; json or csv for scripts.")]


def output_file(text: str) -> Path | None:
    """The value of an ``-o FILE`` option: the file, or None (standard output) for ``-``,
    as every Unix tool reads it (``./-`` is a file called ``-``)."""
    return None if text == "-" else Path(text)


def output_suffix(output: Path) -> str:
    """What an output's name says of its format (``.md``): the name's own suffix, or, for
    a link with none (``-o /dev/stdout > report.md``), the suffix of the file it leads to."""
    import os

    suffix = output.suffix.lower()
    if suffix or not output.is_symlink():
        return suffix
    return Path(os.path.realpath(output)).suffix.lower()


def output_folder(text: str) -> Path:
    """The value of an ``-o DIR`` option: a folder of files cannot be standard output."""
    if text == "-":
        raise typer.BadParameter("'-' (standard output) cannot hold a folder of files; name a folder")
    return Path(text)


Output = Annotated[
    Optional[Path],
    typer.Option(
        "--output",
        "-o",
        parser=output_file,
        help="Write to this file (a pipe or a device is written into); - for standard output, the default.",
        metavar="FILE",
    ),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print problems only, no summary.")]
PlanFile = Annotated[Path, typer.Argument(help="The plan file.", metavar="PLAN", show_default=False)]
Search = Annotated[
    Optional[str],
    typer.Option(
        "--search",
        help="Only actions that mention this (any case): in their text, objective, leads, partners, outcome, measure, funding, conditions, progress, updates or notes.",
        metavar="TEXT",
    ),
]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Print the change as a diff; write nothing.")]
IncludePrivate = Annotated[
    bool,
    typer.Option("--include-private", help="Include private updates and internal notes (left out by default)."),
]
ReturnBy = Annotated[
    Optional[date], day_option("--return-by", help=f"The day returns are due back ({DAY_FORMS}), said in the workbook.")
]
ReturnTo = Annotated[
    Optional[str],
    typer.Option(
        "--return-to", help="Who returns go back to, e.g. an email address, said in the workbook.", metavar="TEXT"
    ),
]


def refuse_bad_bytes(*, controls: bool = False, **given: str | None) -> None:
    """A usage error naming the first byte of an argument that is not UTF-8 (a terminal or a
    file name in another encoding): it could not be written into a plan as text; with
    ``controls``, also a control character (a one-line value such as a title, which the
    plan's check would refuse). Each is named by its option (``organisation`` is
    ``--organisation``; ``action_id`` the ID)."""
    from hcplan.checking.text import first_control
    from hcplan.errors import UsageError
    from hcplan.quoting import first_bad_byte

    for name, value in given.items():
        option = "the ID" if name == "action_id" else f"--{name}"
        found = first_bad_byte(value) if value else None
        if found is not None:
            raise UsageError(f"{option} is not UTF-8 text: {_bad_byte(found)}; write it as UTF-8")
        control = first_control(value) if value and controls else None
        if control is not None:
            raise UsageError(f"{option}: {control[1]}; nothing was written")


def refuse_bad_file_name(path: str | os.PathLike[str]) -> None:
    """A usage error for a file name that is not UTF-8 (possible on Linux): the name of a
    plan is written into plan text (a comment, another plan's ``follows:``), which is UTF-8."""
    from hcplan.errors import UsageError
    from hcplan.quoting import first_bad_byte

    name = os.fspath(path)
    found = first_bad_byte(name)
    if found is not None:
        shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        raise UsageError(
            f"{shown}: the file name is not UTF-8 text ({_bad_byte(found)}); rename it in UTF-8: a plan's name "
            "is written into plans"
        )


def _bad_byte(found: tuple[int, int]) -> str:
    """``byte 0xe9 at character 4``: where a text stops being UTF-8 (``found``: the character's
    place, from 0, and the byte)."""
    at, byte = found
    return f"byte 0x{byte:02x} at character {at + 1}"
