"""The returns workbook's format: the names that writer and reader share.

``hcplan export`` writes a returns workbook and ``hcplan import`` reads it
back; people's own scripts and templates read and write it too. What they
rely on is here: the sheet names, and the four header names that are a
contract (found in any case, in any order, among any other columns), and the
layout of the hidden sheet that records what a workbook was made from.
"""

from __future__ import annotations

#: The header names the columns are found by.
ID, NEW_RATING, UPDATE, UPDATE_DATE = "ID", "New rating", "Update", "Update date"
CONTRACT = (ID, NEW_RATING, UPDATE, UPDATE_DATE)

#: The headers of the Returns sheet hcplan writes, in order. An exported file
#: (a workbook with the hidden sheet, or a CSV with these headers) must still
#: have each of them when it comes back: a renamed or deleted one is an error,
#: as the import cannot tell what else went with it.
#: The day of the last update a row showed when it was exported: the import's bound on when
#: a return already recorded can have been recorded (a CSV file says no other day it was made on).
LAST_UPDATE_ON = "Last update on"

#: The text of the action (or objective) a row is for, as it was exported.
ACTION = "Action"

#: The most text a spreadsheet cell holds (Excel's limit): a longer text is cut short in an
#: export, and an update longer than this is refused (it came from no cell, and would not go
#: back into one).
CELL_CHARS = 32_767

#: What ends a text an export cut short, where a cell holds no more (:data:`CELL_CHARS`).
CUT = " [... cut short here: a cell holds no more; the whole text is in the plan]"

#: Its rating when exported (a partner who types a new one here means New rating).
CURRENT_RATING = "Current rating"

#: Its last update's words when exported (a partner who types here means Update), and
#: what the cell says of a last update that only set a rating.
LAST_UPDATE, A_RATING_ONLY = "Last update", "(a rating only)"

HEADERS = (
    ID,
    ACTION,
    "Leads",
    "Due",
    "Due means",
    CURRENT_RATING,
    "Rating since",
    LAST_UPDATE_ON,
    LAST_UPDATE,
    NEW_RATING,
    UPDATE,
    UPDATE_DATE,
    "Theme",
    "Objective",
    "Plan",
)

#: The column of internal notes an export adds (before ``New rating``) with private things.
NOTES = "Notes (internal)"

#: The sheets of a returns workbook.
RETURNS_SHEET, HELP_SHEET, META_SHEET = "Returns", "How to fill in", "hcplan"

#: The hidden sheet's first cell, and the version of its layout. Below them,
#: key/value rows (``plan``, ``title``, ``made``, ``as of``, ...), a blank row,
#: then a table of each action's ID and its state when the workbook was made
#: (:func:`state_text`): two cells an action, since a returns workbook for a
#: thousand actions is read back in full.
META_TITLE = "hcplan returns workbook"
META_VERSION = "1"
META_TABLE = ("ID", "State")


def state_text(text_hash: str, rating: str | None, updates: int) -> str:
    """An action's state in one cell: ``c9b5bd305ba0022e 2 In Progress`` (the rating last, as it may hold spaces)."""
    return f"{text_hash} {updates} {rating or ''}".rstrip()


def read_state(text: str) -> tuple[str, str | None, int]:
    """The text hash, rating and number of updates of :func:`state_text`.

    Raises:
        ValueError: the text is not one :func:`state_text` wrote.
    """
    parts = text.split(" ", 2)
    if len(parts) < 2:
        raise ValueError(f"not an action's state: {text!r}")
    return parts[0], (parts[2] if len(parts) == 3 and parts[2] else None), int(parts[1])


def header_key(text: str) -> str:
    """A header as it is matched: any case, any spacing (``new  Rating`` is ``New rating``)."""
    return " ".join(text.split()).casefold()
