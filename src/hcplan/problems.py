"""Problems found in plan files, as values.

Every stage that reads or checks a plan returns :class:`Problem` values instead
of printing or raising: a run reports every problem of every file at once, and
only the command line decides how they look.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from hcplan.quoting import one_line

#: A position inside a YAML document: the keys and list indices from the root,
#: e.g. ``("themes", 0, "objectives", 2, "actions", 1, "due")``.
DocPath = tuple[str | int, ...]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


class Problem(NamedTuple):
    """One thing wrong with one file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    severity: Severity
    rule: str
    message: str

    def __str__(self) -> str:
        return one_line(f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message} ({self.rule})")

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Problem:
        return cls(
            path=str(data["path"]),
            line=int(data["line"]),  # type: ignore[call-overload]
            col=int(data["col"]),  # type: ignore[call-overload]
            severity=Severity(data["severity"]),
            rule=str(data["rule"]),
            message=str(data["message"]),
        )


class Finding(NamedTuple):
    """A problem found in a plan, by document path rather than by line.

    ``offset`` points inside a text value (a word in a sentence); ``related``
    names another place the message refers to, shown as "(first on line 12)"
    with the words of ``related_as``; ``on_key`` points at the key rather than
    its value.
    """

    where: DocPath
    rule: str
    message: str
    severity: Severity = Severity.ERROR
    offset: int = 0
    related: DocPath | None = None
    related_as: str = "first on line"
    on_key: bool = False


def sort_key(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line, problem.col, problem.rule)


class CellProblem(NamedTuple):
    """One thing wrong with a spreadsheet (a partner's returns), at a sheet and cell.

    ``where`` is ``Returns!F12`` in a workbook, ``F12`` in a CSV file, a
    sheet's name alone, or empty for the whole file.
    """

    path: str
    where: str
    severity: Severity
    message: str

    def __str__(self) -> str:
        place = f"{self.path}:{self.where}" if self.where else self.path
        return f"{place}: {self.severity}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "where": self.where, "severity": self.severity.value, "message": self.message}


def cell_name(row: int, column: int, sheet: str | None = None) -> str:
    """A cell as a spreadsheet names it: ``F12``, or ``Returns!F12`` on a sheet.

    Rows and columns count from 1. A sheet name that is not a plain word is
    quoted the spreadsheet way: ``'My returns'!F12``.
    """
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    cell = f"{letters}{row}"
    if sheet is None:
        return cell
    if not sheet.replace("_", "").isalnum():
        sheet = "'" + sheet.replace("'", "''") + "'"
    return f"{sheet}!{cell}"
