"""Tables of rows for people, that fit the terminal.

On a colour terminal a table is drawn with rich; piped, or with NO_COLOR, it
is plain text in the same layout, without rich (and without its start-up
cost). Text wraps between words and never inside one: a column is never
narrower than its longest word (up to :data:`LONG_WORD` characters; only
longer "words", such as web addresses, may be broken). Every cell is plan
text made :func:`~hcplan.outputs.terminal.visible`.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from hcplan.format.dates import long_date, short_date
from hcplan.format.due_meaning import british
from hcplan.outputs.terminal import use_colour, visible

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console

    from hcplan.views.rows import Row

RAG_STYLE = {"red": "bold red", "amber": "bold yellow", "green": "green", "blue": "blue", "grey": "dim"}

#: Words longer than this may be broken to fit; shorter ones never are.
LONG_WORD = 20


def _late(row: Row) -> str:
    days = row.days_late
    return f"{days:,} day{'s' * (days != 1)}" if days else ""


def _left(row: Row) -> str:
    days = row.days_to_go
    if days is None:
        return ""
    return "due today" if days == 0 else f"in {days:,} day{'s' * (days != 1)}"


def _due(row: Row) -> str:
    if row.due_text:
        return british(row.due_text)
    return "(plan period)" if row.kind == "action" else "—"  # an objective has no due time


def _status(row: Row) -> str:
    if row.status is None:
        return "—"
    return f"{row.status} ({row.rag})" if row.rag else row.status


class Column(NamedTuple):
    """A column a table can show: its header, its cell, and how it gives way when space is short.

    ``weight`` and ``least``: a flexible column shares the width the others
    leave, by weight, down to ``least``; a column without weight is as wide
    as its text. ``squeeze`` orders the columns that give way further when a
    table is still too wide (lowest first; None: never, as an ID).
    """

    header: str
    cell: Callable[[Row], str]
    right: bool = False
    weight: int = 0
    least: int = 0
    squeeze: int | None = None


COLUMNS: dict[str, Column] = {
    "id": Column("ID", lambda row: row.shown_id),
    "action": Column("Action", lambda row: row.text, weight=6, least=14, squeeze=0),
    "lead": Column("Lead", lambda row: ", ".join(row.leads) or "—", weight=2, least=10, squeeze=1),
    "due": Column("Due", _due, weight=2, least=10, squeeze=2),
    "status": Column("Status", _status, weight=2, least=10, squeeze=3),
    "updated": Column(
        "Updated", lambda row: short_date(row.last_update.date) if row.last_update else "never", squeeze=4
    ),
    "since": Column("Since", lambda row: short_date(row.status_since) or "—", squeeze=5),
    "late": Column("Late", _late, right=True, squeeze=6),
    "left": Column("Due in", _left, right=True, squeeze=7),
}


def cell(row: Row, column: str) -> str:
    """The text of one cell, safe to show."""
    return visible(COLUMNS[column].cell(row))


def _longest_word(texts: Sequence[str]) -> int:
    return min(max((len(w) for text in texts for w in text.split()), default=0), LONG_WORD)


def widths(cells: dict[str, list[str]], total: int) -> dict[str, int]:
    """Column widths that fit ``total`` where they can: short columns whole, the rest shared.

    ``cells`` holds each column's texts, its header first; no column is made
    narrower than its header or its longest word.
    """
    gaps = 2 * (len(cells) - 1)
    natural = {c: max(map(len, texts)) for c, texts in cells.items()}
    floor = {c: max(len(texts[0]), _longest_word(texts[1:])) for c, texts in cells.items()}
    flex = [c for c in cells if COLUMNS[c].weight]
    result = {c: natural[c] for c in cells if c not in flex}
    room = total - sum(result.values()) - gaps
    if sum(natural[c] for c in flex) <= room:
        return result | {c: natural[c] for c in flex}
    # Each flexible column gets its share of the room by weight, but never more than it
    # needs: what a short one leaves over goes to the others.
    left = {c: natural[c] for c in flex}
    while left:
        weight = sum(COLUMNS[c].weight for c in left)
        share = {c: max(min(COLUMNS[c].least, natural[c]), floor[c], room * COLUMNS[c].weight // weight) for c in left}
        fits = [c for c in left if natural[c] <= share[c]]
        if not fits:
            result |= share
            break
        for c in fits:
            result[c] = natural[c]
            room -= natural[c]
            del left[c]
    # Still too wide: columns give way in their order, down to their longest word.
    for c in sorted((c for c in cells if COLUMNS[c].squeeze is not None), key=lambda c: COLUMNS[c].squeeze or 0):
        over = sum(result.values()) + gaps - total
        if over <= 0:
            break
        result[c] = max(floor[c], result[c] - over)
    return result


def width() -> int:
    """The terminal's width (COLUMNS when set); 80 when there is no terminal."""
    return shutil.get_terminal_size((80, 24)).columns


def shown_columns(rows: Sequence[Row], columns: Sequence[str]) -> list[str]:
    """``columns`` without those that would be empty (no action names a lead, or a due;
    none is late by a number of days, as in a plan that has ended)."""
    return [
        c
        for c in columns
        if (c != "lead" or any(r.leads for r in rows))
        and (c != "due" or any(r.due_text for r in rows))
        and (c != "late" or any(r.days_late for r in rows))
    ]


def header(column: str, objectives: bool = False) -> str:
    """The header of ``column``; over rows of objectives too, the text's is "Action or objective"."""
    if objectives and column == "action":
        return "Action or objective"
    return COLUMNS[column].header


def print_table(title: str, rows: Sequence[Row], columns: Sequence[str], out: IO[str] | None = None) -> None:
    """One titled table that fits the terminal: IDs never wrap, text wraps between words.

    A column with nothing in it (no action names a lead, or a due, or is late) is left out.
    """
    out = out or sys.stdout
    columns = shown_columns(rows, columns)
    objectives = any(row.kind == "objective" for row in rows)
    cells = {c: [header(c, objectives), *(cell(row, c) for row in rows)] for c in columns}
    total = width()
    size = widths(cells, total)
    if sum(size.values()) + 2 * (len(columns) - 1) > total:
        _stacked(visible(title), cells, total, out)  # no table fits: each row a block of lines
    elif use_colour(out):
        _rich_table(visible(title), rows, cells, out)
    else:
        _plain_table(visible(title), cells, size, total, out)


def _stacked(title: str, cells: dict[str, list[str]], total: int, out: IO[str]) -> None:
    """The rows one under another, for a terminal too narrow for their table (a phone's, a
    split pane): the ID and what the action says, then each other column as "Header: value",
    every line within ``total``."""
    import textwrap

    columns = list(cells)
    first, text = columns[0], "action" if "action" in cells else None
    rest = [c for c in columns if c not in (first, text)]
    lines = wrap(title, total)
    for i in range(1, len(cells[first])):
        ident = cells[first][i]
        indent = " " * min(len(ident) + 2, max(0, total // 3))
        said = f"{ident}  {cells[text][i]}" if text else ident
        lines.append("")
        lines += textwrap.wrap(said, total, subsequent_indent=indent, break_long_words=True) or [ident]
        for c in rest:
            if cells[c][i]:
                lines += textwrap.wrap(
                    f"{cells[c][0]}: {cells[c][i]}", total, initial_indent=indent, subsequent_indent=indent + "  "
                )
    out.write("\n".join(lines) + "\n")


def wrap(text: str, size: int) -> list[str]:
    """``text`` in lines of at most ``size`` characters, broken between words.

    A word longer than ``size`` (only words over :data:`LONG_WORD`, since no
    column is narrower than its others) is cut into pieces of ``size``.
    (textwrap does the same, at several times the cost, for a table with
    hundreds of cells.)
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > size:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:size])
            word = word[size:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= size:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


def _wrap(text: str, column: str, size: int) -> list[str]:
    return [text] if column == "id" else wrap(text, size)


def _plain_table(title: str, cells: dict[str, list[str]], size: dict[str, int], total: int, out: IO[str]) -> None:
    columns = list(cells)

    def line(parts: list[str]) -> str:
        padded = (
            p.rjust(size[c]) if COLUMNS[c].right else p.ljust(size[c]) for c, p in zip(columns, parts, strict=True)
        )
        return "  ".join(padded).rstrip()

    lines = wrap(title, total)
    lines.append(line([cells[c][0] for c in columns]))
    lines.append("\u2500" * min(total, sum(size.values()) + 2 * (len(columns) - 1)))
    for i in range(1, len(cells[columns[0]])):
        wrapped = [_wrap(cells[c][i], c, size[c]) for c in columns]
        for j in range(max(map(len, wrapped))):
            lines.append(line([w[j] if j < len(w) else "" for w in wrapped]))
    out.write("\n".join(lines) + "\n")


def console(out: IO[str] | None = None) -> Console:
    """A rich console that fits the terminal, with colour only where it belongs."""
    from rich.console import Console

    colour = use_colour(out or sys.stdout)
    return Console(
        file=out,
        no_color=not colour,
        color_system="auto" if colour else None,
        markup=False,  # plan text is text: "[private]" or "[bold]" are shown as written
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )


def _rich_table(title: str, rows: Sequence[Row], cells: dict[str, list[str]], out: IO[str]) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    screen = console(out)
    size = widths(cells, screen.width)
    columns = list(cells)
    # Wider than the terminal only when words would otherwise be split: let rich draw it so.
    screen.width = max(screen.width, sum(size.values()) + 2 * (len(columns) - 1))
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
        show_edge=False,
    )
    for column in columns:
        table.add_column(
            cells[column][0],
            width=size[column],
            no_wrap=column == "id",
            overflow="fold",
            justify="right" if COLUMNS[column].right else "left",
            style="bold" if column == "id" else "",
        )
    for i, row in enumerate(rows, start=1):
        texts: list[Any] = [cells[c][i] for c in columns]
        if "status" in columns and row.status is not None:
            texts[columns.index("status")] = Text(cells["status"][i], style=RAG_STYLE.get(row.rag or "", ""))
        table.add_row(*texts)
    emit(screen, table, out)


def emit(screen: Console, renderable: Any, out: IO[str] | None = None) -> None:
    """Print ``renderable``, without the spaces rich pads each line with."""
    with screen.capture() as captured:
        screen.print(renderable)
    lines = captured.get().split("\n")
    (out or sys.stdout).write("\n".join(line.rstrip() for line in lines))


def as_of_line(as_of: date) -> str:
    return f"as of {long_date(as_of)}"
