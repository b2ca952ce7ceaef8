"""Listings for people (rich tables that fit the terminal) and for scripts (json, csv)."""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hcplan.cli.output import use_colour
from hcplan.dates import long_date, short_date

if TYPE_CHECKING:
    from rich.console import Console

    from hcplan.query import Row

RAG_STYLE = {"red": "bold red", "amber": "bold yellow", "green": "green", "blue": "blue", "grey": "dim"}

#: The columns of a listing, in order; a command picks the ones it shows.
COLUMNS = ("id", "action", "lead", "due", "status", "updated", "late", "since")


def console() -> Console:
    """A console that fits the terminal, with colour only where it belongs."""
    from rich.console import Console

    colour = use_colour(sys.stdout)
    return Console(
        no_color=not colour,
        color_system="auto" if colour else None,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )


def _late(row: Row) -> str:
    days = row.days_late
    if days is None:
        return ""
    if days > 0:
        return f"{days:,} day{'s' * (days != 1)}"
    if days == 0:
        return "due today"
    return f"in {-days:,} day{'s' * (days != -1)}"


def _due(row: Row) -> str:
    action = row.ref.action
    if action.due is None:
        return "(plan period)"
    return action.due


def _status(row: Row) -> Any:
    from rich.text import Text

    if row.status is None:
        return Text("—", style="dim")
    style = RAG_STYLE.get(row.rating.rag if row.rating else "", "")
    label = row.status
    if row.rating is not None:
        label += f" ({row.rating.rag})"
    return Text(label, style=style)


def _cell(row: Row, column: str) -> Any:
    action = row.ref.action
    if column == "id":
        return action.id
    if column == "action":
        return action.text
    if column == "lead":
        return ", ".join(action.leads) or "—"
    if column == "due":
        return _due(row)
    if column == "status":
        return _status(row)
    if column == "updated":
        return short_date(row.last_update.date) if row.last_update else "never"
    if column == "late":
        return _late(row)
    if column == "since":
        return short_date(row.status_since) if row.status_since else "—"
    raise ValueError(column)  # pragma: no cover


_HEADERS = {
    "id": "ID",
    "action": "Action",
    "lead": "Lead",
    "due": "Due",
    "status": "Status",
    "updated": "Updated",
    "late": "Late",
    "since": "Since",
}


#: Columns that share the width left by the others, with their weights and
#: the narrowest they may get.
_FLEX = {"action": (5, 14), "lead": (2, 10), "due": (2, 10), "status": (2, 10)}


def _widths(rows: Sequence[Row], columns: Sequence[str], total: int) -> dict[str, int]:
    """Column widths that fit ``total``: short columns whole, the rest shared."""

    def natural(column: str) -> int:
        cells = [_cell(row, column) for row in rows]
        longest = max((len(str(c)) for c in cells), default=0)
        return max(longest, len(_HEADERS[column]))

    def longest_word(column: str) -> int:
        words = (w for row in rows for w in str(_cell(row, column)).split())
        return min(max((len(w) for w in words), default=0), 14)

    widths = {c: natural(c) for c in columns if c not in _FLEX}
    flex = [c for c in columns if c in _FLEX]
    least = {c: max(_FLEX[c][1], longest_word(c)) for c in flex}
    room = total - sum(widths.values()) - 2 * (len(columns) - 1)
    wanted = {c: natural(c) for c in flex}
    if sum(wanted.values()) <= room:
        return widths | wanted
    # Give each flexible column its share, never more than it needs, and
    # hand what a short one leaves over to the others.
    left = dict(wanted)
    while left:
        weight = sum(_FLEX[c][0] for c in left)
        share = {c: max(least[c], room * _FLEX[c][0] // weight) for c in left}
        fits = [c for c in left if wanted[c] <= share[c]]
        if not fits:
            # Minimums may overshoot the room: the action text gives way first.
            over = sum(share.values()) - room
            if over > 0 and "action" in share:
                share["action"] = max(_FLEX["action"][1], share["action"] - over)
            widths |= share
            break
        for c in fits:
            widths[c] = wanted[c]
            room -= wanted[c]
            del left[c]
    return widths


def print_table(out: Console, title: str, rows: Sequence[Row], columns: Sequence[str]) -> None:
    """One titled table that fits the console: IDs never wrap, text wraps.

    A column with nothing in it (no action names a lead) is left out.
    """
    from rich import box
    from rich.table import Table

    columns = [c for c in columns if c != "lead" or any(r.ref.action.leads for r in rows)]
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
            justify="right" if column == "late" else "left",
            style="bold" if column == "id" else "",
        )
    for row in rows:
        table.add_row(*(_cell(row, c) for c in columns))
    emit(out, table)


def emit(out: Console, renderable: Any) -> None:
    """Print ``renderable``, without the spaces rich pads each line with."""
    with out.capture() as captured:
        out.print(renderable)
    lines = captured.get().split("\n")
    sys.stdout.write("\n".join(line.rstrip() for line in lines))


def print_json(sections: dict[str, Any]) -> None:
    from hcplan.cli.output import print_json as dump

    dump(sections)


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


def print_csv(sections: dict[str, list[Row]]) -> None:
    """Every row of every section, one CSV line each, the section named."""
    writer = csv.DictWriter(sys.stdout, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for section, section_rows in sections.items():
        for row in section_rows:
            data = row.to_dict()
            writer.writerow(
                {
                    "section": section,
                    "plan": data["plan"],
                    "id": data["id"],
                    "objective": data["objective"],
                    "theme": data["theme"],
                    "text": data["text"],
                    "leads": "; ".join(data["leads"]),
                    "due": data["due"]["text"] or "",
                    "due_start": data["due"]["start"] or "",
                    "due_end": data["due"]["end"] or "",
                    "status": data["status"] or "",
                    "rag": data["rag"] or "",
                    "status_since": data["status_since"] or "",
                    "last_update": data["last_update"]["date"] if data["last_update"] else "",
                    "last_update_text": (data["last_update"]["text"] or "") if data["last_update"] else "",
                    "days_late": "" if data["days_late"] is None else data["days_late"],
                }
            )


def plan_heading(row: Row) -> str:
    return f"{row.plan.title} ({row.path})"


def as_of_line(as_of: Any) -> str:
    return f"as of {long_date(as_of)}"
