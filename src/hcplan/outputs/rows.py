"""Rows out: the one place a listing becomes text for people, JSON or CSV.

Every command that lists actions hands its :class:`~hcplan.views.listing.Listing`
and a :class:`Layout` (how it looks for people) to :func:`write`, with the
format asked for. Each format is one function in :data:`FORMATS` that takes
the rows as they come and writes them at once, so memory stays flat however
many plans are read:

* ``text``: per plan, a titled table per section (:mod:`hcplan.outputs.tables`);
* ``json``: ``{"as_of": ..., "<section>": [row, ...], ...}``, each row
  :meth:`Row.to_dict <hcplan.views.rows.Row.to_dict>`, sections in their order across plans
  (``as_of`` the day asked; each row's own ``as_of`` the day it is answered for, an ended
  plan's last day);
* ``csv``: one line per row, the section named, :data:`CSV_FIELDS`.

In a plan that rates its objectives, an objective's row (``kind`` ``"objective"``)
is told apart in every format: its ID is written ``objective 3.1`` in text and
in CSV's ``id`` column (as ``hcplan update`` and ``show`` read it), and its JSON
starts with ``"kind": "objective"`` (an action's with ``"kind": "action"``). It has
no due time.

A row of a plan that has ended says so (``plan_ended``, its last day, and
``standing``: "not done by the end of the plan (31 March 2025)") instead of a
number of days late, in every format.

Nothing is written before the first row or the end of the listing, so an
error found on the way (a filter that names nothing) leaves no half output.
A new format is a function here and a name in ``hcplan.cli.options.Format``.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from hcplan.outputs.terminal import json_text

if TYPE_CHECKING:
    from datetime import date

    from hcplan.views.listing import Listing
    from hcplan.views.rows import Row


class Layout(NamedTuple):
    """How a listing looks for people: each section's title and columns, and what to say when it is empty.

    A title is followed by ``: <plan title> (<path>), as of <day>``; columns are
    names of :data:`hcplan.outputs.tables.COLUMNS`. A section of a plan that
    has ended is titled from ``ended`` (else ``<title> at the end of the
    plan``), with the plan's last day: ``Not done by the end of the plan (31 March 2025)``.
    """

    titles: Mapping[str, str]
    columns: Mapping[str, Sequence[str]]
    empty: str  # "No {} is amber": {} is "action", or "action or objective" when a plan rates its objectives
    ended: Mapping[str, str] = {}

    def title(self, section: str, ended: date | None) -> str:
        """The title of ``section`` of a plan (``ended``: its last day, when it has ended)."""
        if ended is None:
            return self.titles[section]
        from hcplan.format.dates import long_date

        return f"{self.ended.get(section) or self.titles[section] + ' at the end of the plan'} ({long_date(ended)})"


class _Later:
    """Output held back until something is worth writing (or the end)."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.held: list[str] = []

    def hold(self, text: str) -> None:
        self.held.append(text)

    def write(self, text: str) -> None:
        if self.held:
            self.out.write("".join(self.held))
            self.held = []
        self.out.write(text)


def write_text(listing: Listing, layout: Layout, out: IO[str]) -> None:
    """Tables for people: per plan, in the order given, a table per section that has rows."""
    from hcplan.outputs.tables import as_of_line, print_table

    shown = rates = False
    days: set[tuple[date, date | None]] = set()  # the days the plans were answered as of, and their ends
    for plan in listing.by_plan():
        rates = rates or plan.rates_objectives
        if plan.valid and not plan.left_out:
            days.add((plan.as_of or listing.question.as_of, plan.ended))
        when = as_of_line(plan.as_of or listing.question.as_of)
        for name, section in plan.sections.items():
            if section:
                if shown:
                    out.write("\n")
                title = f"{layout.title(name, plan.ended)}: {plan.title} ({plan.path}), {when}"
                print_table(title, section, layout.columns[name], out)
                shown = True
    if not shown and len(listing.left_out) < len(listing.files):  # else no plan was there to answer
        empty = layout.empty.format("action or objective" if rates else "action")
        day, ended = days.pop() if len(days) == 1 else (listing.question.as_of, None)
        if ended is not None:  # the plans answered had all ended: as of their last day, as their tables say
            from hcplan.format.dates import long_date

            out.write(f"{empty} at the end of the plan ({long_date(ended)})\n")
        else:
            out.write(f"{empty} ({as_of_line(day)})\n")


def write_json(listing: Listing, layout: Layout, out: IO[str]) -> None:
    """``{"as_of": ..., "<section>": [...]}``, written row by row (the same text ``json.dumps(indent=2)`` gives)."""
    json_sections(listing.question.as_of, listing.by_section(), out)


def json_sections(as_of: date, sections: Iterable[tuple[str, Iterable[Row]]], out: IO[str]) -> None:
    """Sections of rows as one JSON object, ``as_of`` first, written as the rows come."""
    later = _Later(out)
    later.hold("{\n" + f'  "as_of": "{as_of.isoformat()}"')
    for name, rows in sections:
        later.hold(f',\n  "{name}": [')
        first = True
        for row in rows:
            item = json_text(row.to_dict()).replace("\n", "\n    ")
            later.write(("\n    " if first else ",\n    ") + item)
            first = False
        later.hold("]" if first else "\n  ]")
    later.write("\n}\n")


#: The columns of ``--format csv``, in order.
CSV_FIELDS = (
    "section",
    "plan",
    "id",
    "objective",
    "theme",
    "text",
    "leads",
    "canonical_leads",
    "due",
    "due_start",
    "due_end",
    "status",
    "rag",
    "status_since",
    "last_update",
    "last_update_text",
    "days_late",
    "days_to_go",
    "plan_ended",
    "standing",
    "partners",
    "outcome",
    "measure",
    "funding",
    "progress",
    "from_plan",
    "from_action",
    "last_update_private",
)


#: How text a spreadsheet would run as a formula starts (``=HYPERLINK(...)``).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula (``=HYPERLINK(...)``)."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def csv_text(text: str) -> str:
    """A text cell of the listings' CSV: :func:`cell_safe`, its line breaks LF, the line end
    the file is written with, so that the writer quotes it (a CR alone, unquoted, split
    the row in two for a reader)."""
    return cell_safe(text).replace("\r\n", "\n").replace("\r", "\n")


def csv_line(section: str, row: Row) -> list[object]:
    """One row as the cells of :data:`CSV_FIELDS`; free text that starts like a formula is prefixed with '."""
    update, due = row.last_update, row.due
    return [
        section,
        csv_text(row.path),
        csv_text(row.shown_id),
        csv_text(row.objective_id),
        row.theme_number,
        csv_text(row.text),
        csv_text("; ".join(row.leads)),
        csv_text("; ".join(row.canonical_leads)),
        csv_text(row.due_text or ""),
        (due.start if due else None) or "",
        (due.end if due else None) or "",
        csv_text(row.status or ""),
        row.rag or "",
        row.status_since or "",
        update.date if update else "",
        csv_text(update.text or "") if update else "",
        "" if row.days_late is None else row.days_late,
        "" if row.days_to_go is None else row.days_to_go,
        row.plan_ended or "",
        row.standing,
        csv_text("; ".join(row.partners)),
        csv_text("\n".join(row.outcome)),
        csv_text("\n".join(row.measure)),
        csv_text(row.funding or ""),
        csv_text("\n".join(row.progress)),
        csv_text(row.came_from.plan or "") if row.came_from else "",
        csv_text(row.came_from.action) if row.came_from else "",
        # The last update may be private (the listings are the lead's own): said, as JSON says it.
        ("true" if update.private else "false") if update else "",
    ]


def write_csv(listing: Listing, layout: Layout, out: IO[str]) -> None:
    """Every row of every section, one CSV line each, the section named."""
    csv_sections(listing.by_section(), out)


def csv_sections(
    sections: Iterable[tuple[str, Iterable[Any]]],
    out: IO[str],
    *,
    line: Callable[[str, Any], list[object]] | None = None,
) -> None:
    """Sections of rows as CSV (:data:`CSV_FIELDS`), written as the rows come; ``line``
    writes a row's cells (:func:`csv_line` unless given).

    CSV is data and is written as the plan has it, except to a terminal, where
    what a terminal would obey is shown instead (:func:`~hcplan.outputs.terminal.on_screen`).
    """
    import csv

    from hcplan.outputs.terminal import on_screen

    later = _Later(out)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for name, rows in sections:
        for row in rows:
            writer.writerow((line or csv_line)(name, row))
            later.write(on_screen(_drain(buffer), out))
    later.hold(_drain(buffer))
    later.write("")


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


Writer = Callable[["Listing", Layout, IO[str]], None]

#: The formats rows can be written in, by name.
FORMATS: dict[str, Writer] = {"text": write_text, "json": write_json, "csv": write_csv}


def write(listing: Listing, fmt: str, layout: Layout, out: IO[str] | None = None) -> None:
    """Write ``listing`` in the format ``fmt`` (a name in :data:`FORMATS`)."""
    FORMATS[fmt](listing, layout, out or sys.stdout)
