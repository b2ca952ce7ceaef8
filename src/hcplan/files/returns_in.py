"""Read returns files: the sheet, header row and columns partners filled in, and what
an exported workbook records of its making.

``hcplan import`` reads every file before it touches the plan
(:mod:`hcplan.changes.returns` checks the rows against the plan and records
them). What can be found without the plan is found here, and every problem
is kept in the result, at its sheet and cell, never raised. This module
needs nothing of the plan's model, so that the files can be read in a child
process while the plan is read (:class:`Reading`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hcplan.files.sheets import Grid, SheetError, read_sheets
from hcplan.format.returns import (
    CONTRACT,
    HEADERS,
    ID,
    META_SHEET,
    META_TABLE,
    META_TITLE,
    NEW_RATING,
    NOTES,
    RETURNS_SHEET,
    UPDATE,
    UPDATE_DATE,
    header_key,
    read_state,
)
from hcplan.problems import CellProblem, Severity, cell_name
from hcplan.quoting import invisible
from hcplan.suggest import suggest

ERROR, WARNING = Severity.ERROR, Severity.WARNING

#: How far down a sheet the header row is looked for (a title may sit above it).
HEADER_ROWS = 20

#: A header row with this many of hcplan's own columns (beyond the contract) is of a file hcplan exported.
EXPORTED_BY = 3

_COLUMNS = {header_key(name): name for name in (ID, NEW_RATING, UPDATE, UPDATE_DATE)}

#: Headers people give the columns in sheets of their own, which the import does not take
#: for them (the names are a contract) but names as a near miss, so that no rating or date
#: is passed over without a word.
_SAID_FOR = {
    NEW_RATING: ("status", "new status", "rating", "rag", "new rag", "rag status", "rag rating", "new rag rating",
                 "new rag status", "current rating", "current status", "rating now", "status now"),
    UPDATE_DATE: ("date", "date of update", "updated", "updated on", "date updated", "update on", "as at",
                  "as of", "date of return"),
    UPDATE: ("progress", "progress update", "comment", "comments", "commentary", "latest update", "update text"),
}  # fmt: skip
_NEAR = {key: name for name, keys in _SAID_FOR.items() for key in keys}

#: A hint in brackets after a header: "Update date (dd/mm/yyyy)".
_HINT = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


@dataclass(frozen=True, slots=True)
class Meta:
    """What an exported workbook records of its making (its hidden sheet)."""

    plan: str
    title: str
    made: date | None
    as_of: date | None
    actions: dict[str, tuple[str, str | None, int]]  # ID -> text hash, rating, number of updates
    lead: str | None = None  # the lead it was made for (export --lead), if one


@dataclass(slots=True)
class ReturnsFile:
    """One file of returns, found and checked as far as it can be without the plan."""

    path: str
    grid: Grid | None = None
    header_row: int = 0
    columns: dict[str, int] = field(default_factory=dict)  # contract header -> column
    #: hcplan's own columns the header row has (``Action``, ``Last update on``...): header -> column.
    own: dict[str, int] = field(default_factory=dict)
    meta: Meta | None = None
    problems: list[CellProblem] = field(default_factory=list)


def read_returns(path: str) -> ReturnsFile:
    """Find the returns in the file at ``path``: their sheet, header row and columns, and what
    the workbook was made from. Problems are kept in the result, never raised."""
    found = ReturnsFile(path)
    try:
        # Every sheet: a copy of the returns sheet filled in instead must not go unseen.
        grids = read_sheets(path)
    except SheetError as exc:
        found.problems.extend(exc.problems)
        return found
    found.meta = _meta(path, grids, found.problems)
    candidates = [g for g in grids if g.sheet is None or g.sheet.casefold() == RETURNS_SHEET.casefold()]
    candidates += [g for g in grids if g not in candidates and not g.hidden and g.sheet != META_SHEET]
    for grid in candidates:
        header = _header(grid)
        if header is not None:
            found.grid, found.header_row = grid, header
            break
    if found.grid is None and not any(row for grid in grids for row in grid.rows):
        found.problems.append(CellProblem(path, "", ERROR, "the file is empty: there are no returns in it"))
        return found
    if found.grid is None:
        first = candidates[0] if candidates else None
        where = (first.sheet or "") if first is not None else ""
        if where:
            of = f" of the sheet '{where}'"
        elif first is not None and first.sheet is None:  # a CSV file: no sheets
            of = " of the file"
        else:
            of = f" of any sheet (the workbook has no sheet '{RETURNS_SHEET}')"
        found.problems.append(
            CellProblem(
                path,
                where,
                ERROR,
                f"no header row with '{ID}' and '{NEW_RATING}' or '{UPDATE}' in the first {HEADER_ROWS} rows{of}"
                f": hcplan finds the columns by the headers {ID}, {NEW_RATING}, {UPDATE} and {UPDATE_DATE}",
            )
        )
        return found
    found.columns = _columns(found.grid, found.header_row, found.problems, exported=found.meta is not None)
    ours = {header_key(name): name for name in HEADERS if name not in CONTRACT}
    for c, value in enumerate(found.grid.rows[found.header_row - 1], start=1):
        name = ours.get(header_key(value)) if isinstance(value, str) else None
        if name is not None:
            found.own.setdefault(name, c)
    found.problems.extend(_merged(found.grid, found.header_row, found.columns))
    found.problems.extend(_above_the_header(found.grid, found.header_row, found.columns))
    found.problems.extend(_other_sheets(found.grid, candidates))
    return found


def blank(value: Any) -> bool:
    """True for a cell with nothing in it: empty, or only spaces and characters that show
    nothing (a zero-width space pasted in: :func:`hcplan.quoting.invisible`)."""
    return value is None or (isinstance(value, str) and invisible(value))


def _filled(grid: Grid, row: int, columns: dict[str, int]) -> bool:
    """True when ``row`` has a New rating or an Update."""
    return any(name in columns and not blank(grid.value(row, columns[name])) for name in (NEW_RATING, UPDATE))


def _above_the_header(grid: Grid, header_row: int, columns: dict[str, int]) -> list[CellProblem]:
    """An error for each row above the header that has a New rating or an Update: a sheet
    sorted with its header row in it puts returns there, where they are not read."""
    return [
        CellProblem(
            grid.path,
            grid.where(r, columns.get(ID, 1)),
            ERROR,
            f"a return above the header row (row {header_row}), where it is not read: was the sheet sorted with "
            "its header row in it? Sort it again without the header row, or move the row below it",
        )
        for r in range(1, header_row)
        if _filled(grid, r, columns) and _like_an_id(grid.value(r, columns.get(ID, 1)))
    ]


def _like_an_id(value: Any) -> bool:
    """Whether a cell above the header could be a return's ID (a row sorted up there): a
    number, a date a spreadsheet made of one, or a short text with a digit; not a form's
    label beside its value (``Quarter:`` above ``Q3 2024-25``) or a title."""
    if isinstance(value, (int, float, date)):
        return True
    text = str(value).strip() if value is not None else ""
    return 0 < len(text) <= 20 and any(c.isdigit() for c in text) and not text.endswith(":")


def _other_sheets(read: Grid, sheets: list[Grid]) -> list[CellProblem]:
    """An error for each other visible sheet with returns in it (a copy of the returns sheet
    filled in): hcplan reads one sheet, and the returns there would go unrecorded."""
    problems = []
    for grid in sheets:
        header = None if grid is read or grid.hidden else _header(grid)
        if header is None:
            continue
        columns = _columns(grid, header, [])
        if any(_filled(grid, r, columns) for r in range(header + 1, len(grid.rows) + 1)):
            problems.append(
                CellProblem(
                    grid.path,
                    grid.where(header, columns.get(ID, 1)),
                    ERROR,
                    f"the sheet '{grid.sheet}' has returns too, but hcplan reads one sheet, '{read.sheet}': "
                    f"copy them into '{read.sheet}' and delete this one",
                )
            )
    return problems


def _merged(grid: Grid, header_row: int, columns: dict[str, int]) -> list[CellProblem]:
    """An error for each merged range below the header that takes in a column the import
    reads: a spreadsheet keeps a merged range's value in its first cell, so the other rows
    would be read as blank (a rating merged over three rows would go to the first only)."""
    read = set(columns.values())
    problems = []
    for first_row, first_col, last_row, last_col in grid.merged:
        if last_row <= header_row or not any(first_col <= c <= last_col for c in read):
            continue
        names = [name for name, c in columns.items() if first_col <= c <= last_col]
        span = f"{grid.where(first_row, first_col)}:{cell_name(last_row, last_col)}"
        problems.append(
            CellProblem(
                grid.path,
                span,
                ERROR,
                f"these cells of {' and '.join(repr(n) for n in names)} are merged: a spreadsheet keeps what a "
                f"merged range says in its first cell ({cell_name(first_row, first_col)}) only, so the rest "
                "would be read as blank; unmerge them and fill in each row",
            )
        )
    return problems


def _header(grid: Grid) -> int | None:
    """The row holding an ``ID`` header (the first, in the first rows), if any."""
    for r in range(1, min(HEADER_ROWS, len(grid.rows)) + 1):
        keys = {header_key(v) for v in grid.rows[r - 1] if isinstance(v, str)}
        if header_key(ID) in keys:
            return r
    return None


def _columns(grid: Grid, row: int, problems: list[CellProblem], *, exported: bool = False) -> dict[str, int]:
    """The contract columns of the header ``row``; a renamed or doubled header is a problem.

    A file hcplan exported (``exported``: its workbook says so; or its header
    row has hcplan's own columns, as a CSV has) must have every header hcplan
    wrote (:data:`HEADERS`): one renamed or deleted is an error at the cell
    where hcplan wrote it, for the import cannot tell what else went with it.
    """
    columns: dict[str, int] = {}
    near: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}  # every header of the row, as matched -> its first column
    hinted: dict[str, int] = {}  # and without a hint in brackets after it
    for c, value in enumerate(grid.rows[row - 1], start=1):
        if not isinstance(value, str) or not value.strip():
            continue
        key = header_key(value)
        seen.setdefault(key, c)
        hinted.setdefault(header_key(_HINT.sub("", value)), c)  # "Update date (dd/mm/yyyy)" is Update date
        name = _COLUMNS.get(key) or _COLUMNS.get(header_key(_HINT.sub("", value)))
        if name is None:
            bare = header_key(_HINT.sub("", value))
            close = (
                [_NEAR[bare]]
                if bare in _NEAR
                else [_COLUMNS[k] for k in suggest(key, list(_COLUMNS), cutoff=0.8, slips=False)]
            )
            if close:
                near.append((c, value, close[0]))
            continue
        if name in columns:
            problems.append(
                CellProblem(
                    grid.path,
                    grid.where(row, c),
                    ERROR,
                    f"a second '{name}' column (the first is {grid.where(row, columns[name])}); keep one",
                )
            )
            continue
        columns[name] = c
    # Exported, as the file's own headers say (hinted ones are a council's own file's as often);
    # once it is, a hint is no matter ('Update date (dd/mm/yyyy)' is there).
    given = [name for name in HEADERS if name not in CONTRACT and header_key(name) in seen]
    if exported or len(given) >= EXPORTED_BY:
        _missing(grid, row, {**hinted, **seen}, problems)
        return columns
    for c, value, name in near:
        if name not in columns:
            problems.append(
                CellProblem(
                    grid.path,
                    grid.where(row, c),
                    ERROR,
                    f"the header '{value.strip()}' is not one hcplan reads: name it '{name}' "
                    "(hcplan finds the columns by their headers)",
                )
            )
    if NEW_RATING not in columns and UPDATE not in columns and not near:
        problems.append(
            CellProblem(
                grid.path,
                grid.where(row, columns.get(ID, 1)),
                ERROR,
                f"the header row has no '{NEW_RATING}' or '{UPDATE}' column: hcplan finds the columns by "
                f"the headers {ID}, {NEW_RATING}, {UPDATE} and {UPDATE_DATE}",
            )
        )
    return columns


def _missing(grid: Grid, row: int, seen: dict[str, int], problems: list[CellProblem]) -> None:
    """An error for each header hcplan wrote that the header ``row`` of an exported file lacks,
    at the cell where hcplan wrote it (next to its neighbours that are still there)."""
    order = list(HEADERS)
    if header_key(NOTES) in seen:
        order.insert(order.index(NEW_RATING), NOTES)
    at = {name: seen[header_key(name)] for name in order if header_key(name) in seen}
    ours = {header_key(name) for name in order}
    found: list[tuple[int, CellProblem]] = []
    moved = _moved(order, at)
    for name in moved:
        before = [n for n in order[: order.index(name)] if n in at and n != name]
        after = [n for n in order[order.index(name) + 1 :] if n in at and n != name]
        sides = [f"after '{before[-1]}'"] if before else []
        sides += [f"before '{after[0]}'"] if after else []
        found.append(
            (
                at[name],
                CellProblem(
                    grid.path,
                    grid.where(row, at[name]),
                    ERROR,
                    f"the header '{name}' has moved: hcplan wrote it {' and '.join(sides)}, and finds the "
                    "columns by their headers, so a moved header reads another column's cells; move it back",
                ),
            )
        )
    strangers = {key: c for key, c in seen.items() if key not in ours}
    cells = grid.rows[row - 1]
    for i, name in enumerate(order):
        if name in at:
            continue
        left = next((at[n] + i - j for j, n in reversed(list(enumerate(order[:i]))) if n in at), None)
        right = next((at[n] + i - j for j, n in enumerate(order) if j > i and n in at), None)
        column = max(left if left is not None else right if right is not None else i + 1, 1)
        there = cells[column - 1] if column - 1 < len(cells) else None
        if isinstance(there, str) and header_key(there) in ours - {header_key(m) for m in moved}:
            what = f"found '{there.strip()}': was the column deleted?"
        elif isinstance(there, str) and there.strip():
            what = f"found '{there.strip()}'"
        else:
            what = "the cell is empty"
        elsewhere = _elsewhere(grid, row, name)
        if elsewhere:
            what += f"; '{name}' is at {elsewhere}, out of the header row"
        renamed = [
            str(cells[c - 1]).strip()
            for key, c in strangers.items()
            if c != column and suggest(header_key(name), [key], cutoff=0.5, slips=False)
        ]
        if renamed:
            what += f"; is '{renamed[0]}' at {grid.where(row, strangers[header_key(renamed[0])])} it, renamed?"
        found.append(
            (
                column,
                CellProblem(
                    grid.path,
                    grid.where(row, column),
                    ERROR,
                    f"the header '{name}' is missing ({what}): hcplan exported this file and finds its columns "
                    f"by their headers, so each must keep its name; name the column '{name}' again",
                ),
            )
        )
    problems.extend(p for _, p in sorted(found, key=lambda f: f[0]))


def _moved(order: list[str], at: dict[str, int]) -> list[str]:
    """The headers out of hcplan's order: those not in the longest run of headers that are
    still in order (on a tie, the run that keeps to the leftmost columns)."""
    names = [name for name in order if name in at]
    best: list[list[str]] = []
    for i, name in enumerate(names):
        runs = [best[j] for j in range(i) if at[names[j]] < at[name]]
        longest = max((len(r) for r in runs), default=0)
        tied = [r for r in runs if len(r) == longest]
        base = min(tied, key=lambda r: [at[n] for n in reversed(r)]) if tied else []
        best.append([*base, name])
    keep = set(best[max(range(len(best)), key=lambda k: len(best[k]))]) if best else set()
    return [name for name in names if name not in keep]


def _elsewhere(grid: Grid, header_row: int, name: str) -> str | None:
    """Where ``name`` sits in the first rows of ``grid`` other than the header row, if it does."""
    key = header_key(name)
    for r in range(1, min(HEADER_ROWS, len(grid.rows)) + 1):
        if r == header_row:
            continue
        for c, value in enumerate(grid.rows[r - 1], start=1):
            if isinstance(value, str) and header_key(value) == key:
                return grid.where(r, c)
    return None


def _meta(path: str, grids: list[Grid], problems: list[CellProblem]) -> Meta | None:
    """What the workbook's hidden sheet says it was made from; None when it has none."""
    grid = next((g for g in grids if g.sheet == META_SHEET), None)
    if grid is None or grid.value(1, 1) != META_TITLE:
        return None
    values: dict[str, str] = {}
    r = 2
    while r <= len(grid.rows) and grid.rows[r - 1]:
        key, value = grid.value(r, 1), grid.value(r, 2)
        values[str(key)] = "" if value is None else str(value)
        r += 1
    actions: dict[str, tuple[str, str | None, int]] = {}
    r += 1
    table = tuple(grid.value(r, c) for c in range(1, len(META_TABLE) + 1))
    try:
        if table != META_TABLE:
            raise ValueError
        for row in grid.rows[r:]:
            if not row:
                continue
            action_id, state = (list(row) + [None] * 2)[:2]
            actions[str(action_id)] = read_state(str(state))
        made = date.fromisoformat(values["made"]) if values.get("made") else None
        as_of = date.fromisoformat(values["as of"]) if values.get("as of") else None
    except (ValueError, TypeError, KeyError):
        problems.append(
            CellProblem(
                path,
                META_SHEET,
                WARNING,
                f"the hidden sheet '{META_SHEET}' is not as hcplan wrote it, so hcplan cannot tell whether the "
                "plan changed since the workbook was made; the returns are read without it",
            )
        )
        return None
    return Meta(values.get("plan", ""), values.get("title", ""), made, as_of, actions, values.get("lead") or None)


#: Returns files this large (in all, zipped as workbooks are: some 300 actions) are read
#: by a child process while the plan is read.
PARALLEL_BYTES = 32 * 1024


def read_each(paths: Sequence[str]) -> list[ReturnsFile]:
    return [read_returns(path) for path in paths]


class Reading:
    """The returns files, read while the plan is: by a child process when there
    is a core to spare and enough to read (:class:`hcplan.aside.Aside`), else
    here when asked for.

    Begun before the plan's own modules are loaded (``hcplan import`` does),
    the child starts as soon as it can and carries no more than reading needs.
    """

    def __init__(self, paths: Sequence[str]) -> None:
        import os
        import stat

        self.paths = list(paths)
        self.aside: Any = None
        size = 0
        for path in self.paths:
            try:
                info = os.stat(path) if path != "-" else None
            except OSError:
                continue  # said as the file is read
            if info is None or not stat.S_ISREG(info.st_mode) or _through_descriptors(path):
                return  # standard input, a pipe (<(...)), /dev/fd/3: this process's own, read here
            size += info.st_size
        if size >= PARALLEL_BYTES:
            from hcplan.aside import Aside

            self.aside = Aside(read_each, self.paths, plain=False)

    def result(self) -> list[ReturnsFile]:
        if self.aside is not None:
            found, self.aside = self.aside.result(), None
            if found is not None:
                return found
        return read_each(self.paths)  # read here: no child, or it died (out of memory, say)

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.aside is not None:
            self.aside.abandon()


def _through_descriptors(path: str) -> bool:
    """Whether ``path`` is reached through /dev or /proc (``/dev/stdin``, ``/dev/fd/3``, a
    link to one): names of this process's open files, which a child does not have."""
    import os

    here = os.path.abspath(path)
    for _ in range(40):  # the links of its last part, one by one
        folder = os.path.realpath(os.path.dirname(here))
        if folder == "/dev" or folder.startswith(("/dev/", "/proc")):
            return True
        try:
            here = os.path.join(folder, os.readlink(here))
        except OSError:  # not a link: the file itself
            return False
    return True  # pragma: no cover - a loop of links, which the reading says
