"""Helpers for the returns tests: open a workbook, fill it in as a partner would."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from conftest import MINIMAL
from hcplan.format.returns import NEW_RATING, UPDATE, UPDATE_DATE

#: A plan with a private update and internal notes, to prove they stay home.
PRIVATE_PLAN = MINIMAL.split("themes:\n")[0] + """\
themes:
  - number: 1
    name: Co-ordination
    objectives:
      - id: "1"
        text: Monitor hate crime
        actions:
          - id: "1.1"
            text: Produce a profile
            leads: [Safer Anytown]
            due: Q1 Year 1
            status: Behind
            notes: [SECRET NOTE about a named victim]
            updates:
              - date: 2024-05-01
                text: Data requested.
                status: In Progress
              - date: 2024-06-01
                text: SECRET private update
                status: Behind
                private: true
          - id: "1.2"
            text: "=HYPERLINK(\\"http://example.invalid\\",\\"click\\")"
            leads: [Police]
            due: Q2 Year 1 (continuous)
  - number: 2
    name: Prevention
    objectives:
      - id: "2"
        text: Educate
        actions:
          - id: "2.1"
            text: Run school workshops
            leads: [Police, Safer Anytown]
"""


def headers(sheet: Any) -> dict[str, int]:
    """Each header of row 1 with its column (1-based)."""
    return {cell.value: cell.column for cell in sheet[1] if cell.value is not None}


def all_text(path: Path) -> str:
    """Every cell of every sheet (hidden ones too), as one text."""
    book = openpyxl.load_workbook(path)
    return "\n".join(
        str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None
    )


def fill(path: Path, returns: dict[str, tuple[Any, Any, Any]], out: Path | None = None) -> Path:
    """Fill in the Returns sheet: for each action ID, (new rating, update, update date).

    Dates are written as real dates, as a spreadsheet program stores them.
    """
    book = openpyxl.load_workbook(path)
    sheet = book["Returns"]
    columns = headers(sheet)
    rows = {sheet.cell(row=r, column=columns["ID"]).value: r for r in range(2, sheet.max_row + 1)}
    for action_id, (rating, update, day) in returns.items():
        r = rows[action_id]
        if rating is not None:
            sheet.cell(row=r, column=columns[NEW_RATING]).value = rating
        if update is not None:
            sheet.cell(row=r, column=columns[UPDATE]).value = update
        if day is not None:
            if isinstance(day, date) and not isinstance(day, datetime):
                day = datetime(day.year, day.month, day.day)
            cell = sheet.cell(row=r, column=columns[UPDATE_DATE])
            cell.value = day
    book.save(out or path)
    return out or path
