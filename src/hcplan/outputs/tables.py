"""Listings for people (tables that fit the terminal) and for scripts (json, csv).

A listing arrives as data: the dictionaries of :meth:`hcplan.views.query.Row.to_dict`.
On a colour terminal it is drawn with rich; piped, or with NO_COLOR, it is
plain text in the same layout, without rich (and without its start-up cost).
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from hcplan.outputs.terminal import use_colour
from hcplan.format.dates import long_date, short_date

if TYPE_CHECKING:
    from rich.console import Console

Row = dict[str, Any]

RAG_STYLE = {"red": "bold red", "amber": "bold yellow", "green": "green", "blue": "blue", "grey": "dim"}

_HEADERS = {
    "id": "ID",
    "action": "Action",
    "lead": "Lead",
    "due": "Due",
    "status": "Status",
    "updated": "Updated",
    "late": "Late",
    "left": "Due in",
    "since": "Since",
}

#: Columns that share the width left by the others, with their weights and
#: the narrowest they may get.
_FLEX = {"action": (6, 14), "lead": (2, 10), "due": (2, 10), "status": (2, 10)}


def console() -> Console:
    """A rich console that fits the terminal, with colour only where it belongs."""
    from rich.console import Console

    colour = use_colour(sys.stdout)
    return Console(
        no_color=not colour,
        color_system="auto" if colour else None,
        markup=False,  # plan text is text: "[private]" or "[bold]" are shown as written
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _late(row: Row) -> str:
    days = row["days_late"]
    if days is None:
        return ""
    if days > 0:
        return f"{days:,} day{'s' * (days != 1)}"
    if days == 0:
        return "due today"
    return f"in {-days:,} day{'s' * (days != -1)}"


def cell(row: Row, column: str) -> str:
    """The text of one cell."""
    if column == "id":
        return row["id"]
    if column == "action":
        return row["text"]
    if column == "lead":
        return ", ".join(row["leads"]) or "—"
    if column == "due":
        return row["due"]["text"] or "(plan period)"
    if column == "status":
        if row["status"] is None:
            return "—"
        return f"{row['status']} ({row['rag']})" if row["rag"] else row["status"]
    if column == "updated":
        update = row["last_update"]
        return short_date(_day(update["date"])) if update else "never"
    if column in ("late", "left"):
        return _late(row)
    if column == "since":
        return short_date(_day(row["status_since"])) or "—"
    raise ValueError(column)  # pragma: no cover


def _widths(rows: Sequence[Row], columns: Sequence[str], total: int) -> dict[str, int]:
    """Column widths that fit ``total``: short columns whole, the rest shared."""

    def natural(column: str) -> int:
        longest = max((len(cell(row, column)) for row in rows), default=0)
        return max(longest, len(_HEADERS[column]))

    def longest_word(column: str) -> int:
        words = (w for row in rows for w in cell(row, column).split())
        return min(max((len(w) for w in words), default=0), 14)

    widths = {c: natural(c) for c in columns if c not in _FLEX}
    flex = [c for c in columns if c in _FLEX]
    least = {c: max(_FLEX[c][1], longest_word(c)) for c in flex}
    room = total - sum(widths.values()) - 2 * (len(columns) - 1)
    wanted = {c: natural(c) for c in flex}
    if sum(wanted.values()) <= room:
        return widths | wanted
    _share(widths, wanted, least, room)
    _squeeze(widths, total - 2 * (len(columns) - 1))
    return widths


#: When a table is still too wide, columns give way in this order, down to
#: these widths (text wraps, long words break); an ID never does.
_SQUEEZE = (
    ("action", 10), ("lead", 6), ("due", 6), ("status", 6), ("updated", 6), ("since", 6), ("late", 5), ("left", 5),
)  # fmt: skip


def _squeeze(widths: dict[str, int], room: int) -> None:
    for column, narrowest in _SQUEEZE:
        over = sum(widths.values()) - room
        if over <= 0:
            return
        if column in widths and widths[column] > narrowest:
            widths[column] = max(narrowest, widths[column] - over)


def _share(widths: dict[str, int], wanted: dict[str, int], least: dict[str, int], room: int) -> None:
    """Give each flexible column its share of ``room`` (into ``widths``)."""
    # Never more than a column needs; what a short one leaves over goes to
    # the others. Minimums may overshoot the room: _squeeze settles that.
    left = dict(wanted)
    while left:
        weight = sum(_FLEX[c][0] for c in left)
        share = {c: max(least[c], room * _FLEX[c][0] // weight) for c in left}
        fits = [c for c in left if wanted[c] <= share[c]]
        if not fits:
            widths |= share
            return
        for c in fits:
            widths[c] = wanted[c]
            room -= wanted[c]
            del left[c]


def width() -> int:
    """The terminal's width (COLUMNS when set); 80 when there is no terminal."""
    return shutil.get_terminal_size((80, 24)).columns


def print_table(title: str, rows: Sequence[Row], columns: Sequence[str]) -> None:
    """One titled table that fits the terminal: IDs never wrap, text wraps.

    A column with nothing in it (no action names a lead, or a due) is left out.
    """
    columns = [
        c
        for c in columns
        if (c != "lead" or any(r["leads"] for r in rows)) and (c != "due" or any(r["due"]["text"] for r in rows))
    ]
    if use_colour(sys.stdout):
        _rich_table(title, rows, columns)
    else:
        _plain_table(title, rows, columns)


def _plain_table(title: str, rows: Sequence[Row], columns: Sequence[str]) -> None:
    total = width()
    widths = _widths(rows, columns, total)
    out = textwrap.wrap(title, total) or [""]
    out.append(
        "  ".join(_HEADERS[c].rjust(widths[c]) if c in ("late", "left") else _HEADERS[c].ljust(widths[c]) for c in columns).rstrip()
    )
    out.append("\u2500" * min(total, sum(widths.values()) + 2 * (len(columns) - 1)))
    for row in rows:
        cells = []
        for c in columns:
            text = cell(row, c)
            lines = [text] if c == "id" else textwrap.wrap(text, widths[c], break_on_hyphens=False) or [""]
            cells.append(lines)
        for i in range(max(len(lines) for lines in cells)):
            parts = []
            for c, lines in zip(columns, cells):
                part = lines[i] if i < len(lines) else ""
                parts.append(part.rjust(widths[c]) if c in ("late", "left") else part.ljust(widths[c]))
            out.append("  ".join(parts).rstrip())
    sys.stdout.write("\n".join(out) + "\n")


def _rich_table(title: str, rows: Sequence[Row], columns: Sequence[str]) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    out = console()
    widths = _widths(rows, columns, out.width)
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
            _HEADERS[column],
            width=widths[column],
            no_wrap=column == "id",
            overflow="fold",
            justify="right" if column in ("late", "left") else "left",
            style="bold" if column == "id" else "",
        )
    for row in rows:
        cells: list[Any] = [cell(row, c) for c in columns]
        if "status" in columns and row["status"] is not None:
            cells[columns.index("status")] = Text(cell(row, "status"), style=RAG_STYLE.get(row["rag"] or "", ""))
        table.add_row(*cells)
    emit(out, table)


def emit(out: Console, renderable: Any) -> None:
    """Print ``renderable``, without the spaces rich pads each line with."""
    with out.capture() as captured:
        out.print(renderable)
    lines = captured.get().split("\n")
    sys.stdout.write("\n".join(line.rstrip() for line in lines))


def print_json(data: dict[str, Any]) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


CSV_FIELDS = (
    "section",
    "plan",
    "id",
    "objective",
    "theme",
    "text",
    "leads",
    "due",
    "due_start",
    "due_end",
    "status",
    "rag",
    "status_since",
    "last_update",
    "last_update_text",
    "days_late",
)


def _cell_safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula (``=HYPERLINK(...)``)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def print_csv(sections: dict[str, list[Row]]) -> None:
    """Every row of every section, one CSV line each, the section named.

    Free text that starts like a formula is prefixed with ' so that a
    spreadsheet shows it instead of running it.
    """
    import csv

    writer = csv.DictWriter(sys.stdout, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for section, rows in sections.items():
        for data in rows:
            update = data["last_update"]
            writer.writerow(
                {
                    "section": section,
                    "plan": data["plan"],
                    "id": data["id"],
                    "objective": data["objective"],
                    "theme": data["theme"],
                    "text": _cell_safe(data["text"]),
                    "leads": _cell_safe("; ".join(data["leads"])),
                    "due": data["due"]["text"] or "",
                    "due_start": data["due"]["start"] or "",
                    "due_end": data["due"]["end"] or "",
                    "status": data["status"] or "",
                    "rag": data["rag"] or "",
                    "status_since": data["status_since"] or "",
                    "last_update": update["date"] if update else "",
                    "last_update_text": _cell_safe(update["text"] or "") if update else "",
                    "days_late": "" if data["days_late"] is None else data["days_late"],
                }
            )


def as_of_line(as_of: date) -> str:
    return f"as of {long_date(as_of)}"
