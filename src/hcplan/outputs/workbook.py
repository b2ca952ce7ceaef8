"""The returns workbook a partner fills in before a meeting, as .xlsx or CSV.

One sheet, ``Returns``: a header row and one row per action, in plan order,
with what the partner needs to know (the action, its due time and what it
means, its rating and last update) in grey, locked cells, and three columns to
fill in, unlocked and yellow: ``New rating`` (a drop-down of the plan's own
labels), ``Update`` and ``Update date`` (a real date). With ``ID`` those
four header names are a contract that ``hcplan import``, and people's own
scripts, rely on; the rest of the layout may change. A second sheet says what
to do, how to send it back and by when. A third, hidden, records what the
workbook was made from, so that the import can tell when an action's text or
the plan changed since (see :mod:`hcplan.format.returns`).

A plan that rates its objectives gets a row for each objective too, before
its actions, its ID written ``objective 3.1`` and its Due cells empty (see
:mod:`hcplan.views.returns`); the help sheet says so.

The workbook is written with XlsxWriter, imported here only, so that no other
command pays for it: it writes a 1,000-action workbook several times faster
than openpyxl, with a shared string table as Excel writes it (which also makes
the file faster to read back).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from hcplan import __version__
from hcplan.format.dates import long_date
from hcplan.format.returns import (
    A_RATING_ONLY,
    ACTION,
    CELL_CHARS,
    CONTRACT,
    CURRENT_RATING,
    CUT,
    HEADERS,
    HELP_SHEET,
    ID,
    LAST_UPDATE,
    LAST_UPDATE_ON,
    META_SHEET,
    META_TABLE,
    META_TITLE,
    META_VERSION,
    NEW_RATING,
    NOTES,
    RETURNS_SHEET,
    UPDATE,
    UPDATE_DATE,
    state_text,
)
from hcplan.outputs.words import NOT_RATED
from hcplan.views.returns import Line

if TYPE_CHECKING:
    from hcplan.format.model import Plan
    from hcplan.views.listing import Filters

#: The defined name of the rating labels the drop-down offers.
RATINGS_NAME = "Ratings"

#: Dates shown the British way in the sheet (13 Jun 2017); they stay real dates.
DATE_FORMAT = "d mmm yyyy"

#: The given columns that hold dates.
DATES = ("Rating since", LAST_UPDATE_ON)


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float
    given: bool = True  # filled in by hcplan, locked
    is_date: bool = False


def columns(include_private: bool, *, objectives: bool = False) -> list[Column]:
    """The columns of the Returns sheet, in order; ``objectives``: it has objective rows
    (their IDs, ``objective 3.1``, need a wider ID column)."""
    widths = dict(zip(HEADERS, (8, 50, 20, 20, 18, 16, 13, 13, 45, 18, 50, 13, 18, 40, 24), strict=True))
    if objectives:
        widths[ID] = 13
    dates = (*DATES, UPDATE_DATE)
    given = set(HEADERS) - {NEW_RATING, UPDATE, UPDATE_DATE}
    found = [Column(h, widths[h], given=h in given, is_date=h in dates) for h in HEADERS]
    if include_private:
        found.insert(HEADERS.index(NEW_RATING), Column(NOTES, 30))
    return found


@dataclass(frozen=True, slots=True)
class Made:
    """What a returns workbook is made from, and for whom."""

    plan_path: str
    plan_title: str
    organisation: str
    period_start: date
    scale: Sequence[tuple[str, str, str | None]]  # label, colour, meaning
    made_on: date
    as_of: date
    include_private: bool = False
    lead: str | None = None
    return_by: date | None = None
    return_to: str | None = None
    #: Each exported action's (and objective's) ID as the sheet writes it, text hash, rating and number of updates.
    actions: Sequence[tuple[str, str, str | None, int]] = field(default_factory=tuple)
    #: The workbook has rows for objectives (a plan that rates them).
    objectives: bool = False


def made_from(
    path: str,
    plan: Plan,
    found: Sequence[Line],
    *,
    as_of: date,
    today: date,
    include_private: bool = False,
    lead: str | None = None,
    return_by: date | None = None,
    return_to: str | None = None,
) -> Made:
    """What a workbook of ``found`` from the plan at ``path`` records of its making."""
    return Made(
        plan_path=path,
        plan_title=plan.title,
        organisation=plan.organisation,
        period_start=plan.period.start,
        scale=[(r.label, r.rag, r.meaning) for r in plan.scale],
        made_on=today,
        as_of=as_of,
        include_private=include_private,
        lead=lead,
        return_by=return_by,
        return_to=return_to,
        actions=[(line.key, line.text_hash, *line.state) for line in found],
        objectives=any(line.kind == "objective" for line in found),
    )


def returns_file(
    path: str,
    plan: Plan,
    fmt: str,
    *,
    as_of: date,
    filters: Filters | None = None,
    include_private: bool = False,
    lead: str | None = None,
    return_by: date | None = None,
    return_to: str | None = None,
    bom: bool = True,
) -> tuple[bytes, list[Line]]:
    """The bytes of a returns workbook (or CSV) of ``plan``, and the lines (actions, and
    objectives of a plan that rates them) it holds.

    Raises:
        FilterError: a filter names nothing in the plan (a usage error).
    """
    from hcplan.views.returns import lines

    found = lines(path, plan, as_of, filters, include_private=include_private)
    made = made_from(
        path,
        plan,
        found,
        as_of=as_of,
        today=date.today(),
        include_private=include_private,
        lead=lead,
        return_by=return_by,
        return_to=return_to,
    )
    data = returns_xlsx(found, made) if fmt == "xlsx" else returns_csv(found, made, bom=bom)
    return data, found


def cell_values(line: Line, made: Made) -> dict[str, object]:
    """What each given column holds for ``line`` (the fill-in columns start empty)."""
    values: dict[str, object] = {
        ID: line.cell_id,
        ACTION: line.text,
        "Leads": "; ".join(line.leads),
        "Due": line.due,
        "Due means": line.due_meaning,
        CURRENT_RATING: line.rating or NOT_RATED,
        "Rating since": line.since,
        LAST_UPDATE_ON: line.last_update,
        LAST_UPDATE: line.last_update_text or ("" if line.last_update is None else A_RATING_ONLY),
        "Theme": line.theme,
        "Objective": line.objective,
        "Plan": made.plan_title,
    }
    if made.include_private:
        values[NOTES] = "\n".join(line.notes)
    return values


def within_a_cell(text: str) -> str:
    """``text``, or as much of it as a cell holds, saying it was cut (xlsxwriter would cut a
    longer text silently)."""
    return text if len(text) <= CELL_CHARS else text[: CELL_CHARS - len(CUT)] + CUT


def returns_xlsx(found: Sequence[Line], made: Made) -> bytes:
    """The returns workbook for ``found``, as the bytes of an .xlsx file."""
    import xlsxwriter

    out = io.BytesIO()
    # Text is always written as text: never turned into a formula, number or link.
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet(RETURNS_SHEET)
    cols = columns(made.include_private, objectives=made.objectives)
    grey, yellow = "#EEEEEE", "#FFF4C2"
    header = {
        True: book.add_format({"bold": True, "bg_color": grey, "text_wrap": True, "valign": "vcenter"}),
        False: book.add_format({"bold": True, "bg_color": yellow, "text_wrap": True, "valign": "vcenter"}),
    }
    # (given, is a date) -> the format of the column's cells. The partner's cells that are
    # not dates are text: what is typed there stays as typed (50% is not made 0.5).
    formats = {
        (given, is_date): book.add_format(
            {"text_wrap": True, "valign": "top"}
            | ({"num_format": DATE_FORMAT} if is_date else {} if given else {"num_format": "@"})
            | ({} if given else {"bg_color": yellow, "locked": False})
        )
        for given in (True, False)
        for is_date in (True, False)
    }
    for c, col in enumerate(cols):
        sheet.write_string(0, c, col.header, header[col.given])
        sheet.set_column(c, c, col.width)
    sheet.set_row(0, 2 * LINE_HEIGHT)
    for r, line in enumerate(found, start=1):
        values = cell_values(line, made)
        for c, col in enumerate(cols):
            value = values.get(col.header)
            style = formats[(col.given, col.is_date)]
            if isinstance(value, str) and value:
                sheet.write_string(r, c, within_a_cell(value), style)
            elif isinstance(value, date):
                sheet.write_datetime(r, c, value, style)
            else:
                sheet.write_blank(r, c, None, style)
        sheet.set_row(r, row_height(values, cols))
    last = max(1, len(found))
    # Columns past the table are the partner's own (a comment column, say).
    sheet.set_column(len(cols), len(cols) + 4, 13, book.add_format({"locked": False}))
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, last, len(cols) - 1)
    sheet.repeat_rows(0)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    # Locked against slips, not against people: no password, and columns may
    # be resized, added, filtered and sorted.
    sheet.protect(
        "", {"format_columns": True, "format_rows": True, "insert_columns": True, "autofilter": True, "sort": True}
    )

    first_rating, last_rating = _help_sheet(book, made)
    book.define_name(RATINGS_NAME, f"={quote_sheet(HELP_SHEET)}!$A${first_rating}:$A${last_rating}")
    at = {col.header: c for c, col in enumerate(cols)}
    sheet.data_validation(
        1,
        at[NEW_RATING],
        last,
        at[NEW_RATING],
        {
            "validate": "list",
            "source": f"={RATINGS_NAME}",
            "ignore_blank": True,
            "error_type": "warning",
            "error_title": "Not a rating of this plan",
            "error_message": "Choose one of the plan's ratings from the list (see the sheet 'How to fill in').",
            "input_title": NEW_RATING,
            "input_message": "Leave blank if the rating has not changed.",
        },
    )
    start = made.period_start
    sheet.data_validation(
        1,
        at[UPDATE_DATE],
        last,
        at[UPDATE_DATE],
        {
            "validate": "date",
            "criteria": "between",
            "minimum": f"=DATE({start.year},{start.month},{start.day})",
            "maximum": "=TODAY()",
            "ignore_blank": True,
            "error_type": "stop",
            "error_title": "Not a date hcplan can record",
            "error_message": f"Type the day the update describes, e.g. 15/10/2024: not before the plan starts "
            f"({long_date(start)}) and not in the future.",
            "input_title": UPDATE_DATE,
            "input_message": "The day the update describes. Leave blank to use the meeting's date.",
        },
    )
    _meta_sheet(book, made)
    sheet.activate()
    book.close()
    from hcplan.files.sheets import sign_workbook

    return sign_workbook(out.getvalue())


def quote_sheet(name: str) -> str:
    """A sheet's name as a formula writes it: ``'How to fill in'``."""
    return "'" + name.replace("'", "''") + "'"


#: A line of text in the default font (Calibri 11), in points.
LINE_HEIGHT = 15


def row_height(values: dict[str, object], cols: Sequence[Column]) -> float:
    """The height that shows every line of a row's wrapped text.

    Spreadsheet programs do not all fit rows to wrapped text when they open a
    file, so the row says how tall it is: the lines of its longest cell, as
    many characters to a line as the column is wide.
    """
    import math

    lines = 1
    for col in cols:
        value = values.get(col.header)
        if isinstance(value, str) and value:
            per_line = max(1, int(col.width * 1.2))
            lines = max(lines, sum(math.ceil(max(1, len(part)) / per_line) for part in value.split("\n")))
    return min(409, lines * LINE_HEIGHT)


def instructions(made: Made) -> list[str]:
    """What the help sheet (and the digest) tells a partner to do."""
    by = f"by {long_date(made.return_by)}" if made.return_by else "before the meeting"
    to = f"to {made.return_to}" if made.return_to else "to whoever sent it to you"
    return [
        f"For each action on the sheet '{RETURNS_SHEET}' with something new to report:",
        f"1. In '{NEW_RATING}', choose the action's rating now from the drop-down, if it has changed "
        "(the plan's ratings are listed below).",
        f"2. In '{UPDATE}', say what has happened since the last update, in a sentence or two.",
        f"3. In '{UPDATE_DATE}', give the day the update describes; leave it blank to use the meeting's date.",
        *(
            [
                "The rows whose ID starts with 'objective' (objective 3.1) are the plan's objectives, which it "
                "rates too: fill one in as an action's row when there is something new about the objective "
                "itself (an objective has no due time)."
            ]
            if made.objectives
            else []
        ),
        "Leave a row blank when there is nothing new. The grey columns are the plan as it stands: "
        f"please do not change them, nor the headers {', '.join(repr(h) for h in CONTRACT)}, "
        "which is how the returns are read back. You may sort, filter, and add columns of your own: "
        "they are ignored.",
        f"Save the workbook as it is (.xlsx) and send it back {to} {by}.",
    ]


def _help_sheet(book: Any, made: Made) -> tuple[int, int]:
    """The sheet that says what to do; the first and last rows (1-based) of its rating labels."""
    sheet = book.add_worksheet(HELP_SHEET)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 12)
    sheet.set_column(2, 2, 70)
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    bold = book.add_format({"bold": True})
    title = f"{made.plan_title}: returns" + (f" for {made.lead}" if made.lead else "")
    sheet.write_string(0, 0, title, book.add_format({"bold": True, "font_size": 14}))
    sheet.write_string(1, 0, f"{made.organisation}. The plan as of {long_date(made.as_of)}.")
    row = 3
    for text in instructions(made):
        sheet.merge_range(row, 0, row, 2, "", wrap)
        sheet.write_string(row, 0, text, wrap)
        sheet.set_row(row, row_height({"": text}, [Column("", 110)]))
        row += 1
    row += 1
    for c, heading in enumerate(("Rating", "Colour", "What it means")):
        sheet.write_string(row, c, heading, bold)
    first = row + 2
    for label, colour, meaning in made.scale:
        row += 1
        for c, value in enumerate((label, colour, meaning)):
            if value:
                sheet.write_string(row, c, value, wrap)
    sheet.fit_to_pages(1, 0)
    sheet.protect()
    return first, row + 1


def _meta_sheet(book: Any, made: Made) -> None:
    sheet = book.add_worksheet(META_SHEET)
    sheet.hide()
    rows: list[tuple[object, ...]] = [
        (META_TITLE, "What this workbook was made from, for hcplan import. Please leave it as it is."),
        ("version", META_VERSION),
        ("hcplan", __version__),
        ("plan", made.plan_path),
        ("title", made.plan_title),
        ("made", made.made_on.isoformat()),
        ("as of", made.as_of.isoformat()),
        ("private", "yes" if made.include_private else "no"),
        ("lead", made.lead or ""),
        (),
        META_TABLE,
        *((i, state_text(h, r, n)) for i, h, r, n in made.actions),
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if isinstance(value, str):
                if value:
                    sheet.write_string(r, c, value)
            else:
                sheet.write_number(r, c, value)
    sheet.protect()


def returns_csv(found: Sequence[Line], made: Made, *, bom: bool = True) -> bytes:
    """The same rows as CSV; with a byte order mark (the default) Excel reads it as UTF-8.

    Dates are ISO (2024-10-15). Text that starts like a formula is prefixed
    with ' so that a spreadsheet shows it rather than running it.
    """
    import csv

    cols = columns(made.include_private)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in cols])
    for line in found:
        values = cell_values(line, made)
        writer.writerow([_csv_value(values.get(c.header)) for c in cols])
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def _csv_value(value: object) -> str:
    from hcplan.outputs.rows import cell_safe

    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return cell_safe(str(value))
