"""Record a meeting's returns: the rows partners filled in, as updates to the plan, in one write.

A returns workbook (``hcplan export``) comes back with, on some rows, a
``New rating``, an ``Update`` and an ``Update date``. Each such row becomes
the update ``hcplan update`` would record (:mod:`hcplan.changes.update`), with
the same rules; all the rows of all the files go into the plan in one edit,
proven once and written once, atomically, under the plan's lock.

All or nothing: every problem of every row of every file is found first and
reported at its sheet and cell (``returns.xlsx:Returns!K12``); with any error,
nothing is written. A row already in the plan (the same returns imported
twice) is recorded once. The hidden sheet of an exported workbook says what it
was made from: an action whose text has changed since is an error (the return
may not fit it any more), and a plan that has moved on is said.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from hcplan.changes.update import (
    Changes,
    Opened,
    UpdateError,
    UpdateRequest,
    UpdateResult,
    change_file,
    check_request,
    open_source,
    plan_in_rounds,
    unsafe_text,
)
from hcplan.errors import HcplanError
from hcplan.files.reader import Source
from hcplan.files.sheets import Grid, SheetError, read_sheets
from hcplan.format.dates import long_date
from hcplan.format.model import Action, ActionRef, Plan, match_rating
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
from hcplan.problems import CellProblem, Severity
from hcplan.suggest import did_you_mean, suggest

ERROR, WARNING = Severity.ERROR, Severity.WARNING

#: How far down a sheet the header row is looked for (a title may sit above it).
HEADER_ROWS = 20

#: Past this many problems the rest are not looked for (a sheet of something else altogether).
MAX_PROBLEMS = 200

#: A header row with this many of hcplan's own columns (beyond the contract) is of a file hcplan exported.
EXPORTED_BY = 3

_COLUMNS = {header_key(name): name for name in (ID, NEW_RATING, UPDATE, UPDATE_DATE)}


class ReturnsError(HcplanError):
    """The returns cannot be recorded; nothing was written. ``problems`` says where and why."""

    def __init__(self, problems: list[CellProblem]) -> None:
        errors = sum(p.severity is ERROR for p in problems)
        files = len({p.path for p in problems if p.severity is ERROR})
        super().__init__(
            f"nothing was recorded: {errors} problem{'s' * (errors != 1)} in "
            f"{files} file{'s' * (files != 1)}; fix them and import again",
            problems=problems,
        )


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
    meta: Meta | None = None
    problems: list[CellProblem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Return:
    """One row that asks for something to be recorded."""

    path: str
    where: str  # the row's ID cell, e.g. Returns!A7
    request: UpdateRequest
    label: str | None

    @property
    def place(self) -> str:
        return f"{self.path}:{self.where}"

    def news(self) -> tuple[date, str | None, str | None]:
        return self.request.on, self.request.note, self.label


@dataclass(slots=True)
class Imported:
    """What an import recorded, and what it found already there."""

    plan: str
    files: list[str]
    changes: Changes | None = None
    recorded: list[tuple[Return, UpdateResult]] = field(default_factory=list)
    already: list[Return] = field(default_factory=list)
    warnings: list[CellProblem] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.changes is not None and self.changes.changed

    def diff(self) -> str:
        return self.changes.diff() if self.changes is not None else ""


# --- reading the files ---------------------------------------------------------------------


def read_returns(path: str) -> ReturnsFile:
    """Find the returns in the file at ``path``: their sheet, header row and columns, and what
    the workbook was made from. Problems are kept in the result, never raised."""
    found = ReturnsFile(path)
    try:
        grids = read_sheets(path, (RETURNS_SHEET, META_SHEET))
    except SheetError as exc:
        found.problems.extend(exc.problems)
        return found
    named = [g for g in grids if g.sheet is None or g.sheet.casefold() == RETURNS_SHEET.casefold()]
    if not named:  # the sheet was renamed (or the workbook is someone's own): look at every sheet
        try:
            grids = read_sheets(path)
        except SheetError as exc:  # pragma: no cover - the same file read a moment ago
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
    if found.grid is None:
        first = candidates[0] if candidates else None
        where = (first.sheet or "") if first is not None else ""
        found.problems.append(
            CellProblem(
                path,
                where,
                ERROR,
                f"no header row with '{ID}' and '{NEW_RATING}' or '{UPDATE}' in the first {HEADER_ROWS} rows"
                + (
                    f" of the sheet '{where}'"
                    if where
                    else f" of any sheet (the workbook has no sheet '{RETURNS_SHEET}')"
                )
                + f": hcplan finds the columns by the headers {ID}, {NEW_RATING}, {UPDATE} and {UPDATE_DATE}",
            )
        )
        return found
    found.columns = _columns(found.grid, found.header_row, found.problems, exported=found.meta is not None)
    return found


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
    for c, value in enumerate(grid.rows[row - 1], start=1):
        if not isinstance(value, str) or not value.strip():
            continue
        key = header_key(value)
        seen.setdefault(key, c)
        name = _COLUMNS.get(key)
        if name is None:
            close = suggest(key, list(_COLUMNS), cutoff=0.8, slips=False)
            if close:
                near.append((c, value, _COLUMNS[close[0]]))
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
    given = [name for name in HEADERS if name not in CONTRACT and header_key(name) in seen]
    if exported or len(given) >= EXPORTED_BY:
        _missing(grid, row, seen, problems)
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


# --- checking the rows against the plan -----------------------------------------------------


@dataclass(slots=True)
class Planned:
    """The returns checked against the plan: what to record, what is there already, and every problem."""

    returns: list[Return] = field(default_factory=list)
    already: list[Return] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)


def plan_returns(plan: Plan, files: Sequence[ReturnsFile], *, today: date, day: date, private: bool = False) -> Planned:
    """The returns of ``files`` checked against ``plan``: what to record, what is there
    already, and every problem. ``day`` dates the rows that give no date."""
    out = Planned()
    refs = {ref.action.id: ref for ref in plan.actions()}
    first: dict[str, list[tuple[Return, str | None]]] = {}  # each action's returns, and their workbook's lead
    for file in files:
        out.problems.extend(file.problems)
        if file.grid is None:
            continue
        meta = file.meta
        if meta is not None and meta.title and meta.title != plan.title:
            made_from = f"'{meta.title}'" + (f" ({meta.plan})" if meta.plan else "")
            out.problems.append(
                CellProblem(file.path, "", ERROR, f"this workbook was made from {made_from}, not from '{plan.title}'")
            )
            continue
        moved: list[str] = []
        for row in range(file.header_row + 1, len(file.grid.rows) + 1):
            if len(out.problems) >= MAX_PROBLEMS:
                out.problems.append(
                    CellProblem(file.path, "", ERROR, f"more than {MAX_PROBLEMS} problems: the rest are not shown")
                )
                return out
            found = _row(file, row, plan, refs, today, day, private, out.problems)
            if found is None:
                continue
            action = refs[found.request.action_id].action
            lead = meta.lead.casefold() if meta is not None and meta.lead else None
            earlier = first.setdefault(action.id, [])
            if any(other.news() == found.news() for other, _ in earlier):
                continue  # the same return twice
            clash = _clash(action.id, found, lead, earlier, file.path)
            if clash is not None:
                out.problems.append(CellProblem(file.path, found.where, ERROR, clash))
                continue
            earlier.append((found, lead))
            if _recorded(action, found, meta):
                out.already.append(found)
                continue
            if meta is not None:
                _compare(file, found, action, meta, out.problems, moved)
            out.returns.append(found)
        if moved and meta is not None:
            made = f" on {long_date(meta.made)}" if meta.made else ""
            out.problems.append(
                CellProblem(
                    file.path,
                    "",
                    WARNING,
                    f"the plan has changed since this workbook was made{made} ({', '.join(moved)} "
                    f"{'has' if len(moved) == 1 else 'have'} changed); the returns are added to the plan as it is now",
                )
            )
    return out


def _clash(
    action_id: str, found: Return, lead: str | None, earlier: list[tuple[Return, str | None]], path: str
) -> str | None:
    """Why ``found`` cannot go in beside the returns for the same action read ``earlier``
    (each with the lead its workbook was made for), or None.

    A workbook has one return for an action, so another that says something else
    is a mistake (which to keep?). Workbooks made for different leads (``hcplan
    export --lead``) each carry that lead's return for an action they lead
    together: both go in, unless they rate it differently.
    """
    for other, other_lead in earlier:
        if lead is None or other_lead is None or lead == other_lead:
            return f"another return for {action_id} says something else ({_place(other, path)}); keep one"
        if found.label is not None and other.label is not None and found.label != other.label:
            return (
                f"the returns for {action_id} rate it differently: {found.label} here, {other.label} "
                f"at {_place(other, path)}; agree one rating and give it in one of them"
            )
    return None


def _place(found: Return, path: str) -> str:
    return found.where if found.path == path else found.place


def _compare(
    file: ReturnsFile, found: Return, action: Action, meta: Meta, problems: list[CellProblem], moved: list[str]
) -> None:
    from hcplan.views.returns import state, text_hash

    made = meta.actions.get(action.id)
    if made is None:
        return
    if made[0] != text_hash(action.text):
        when = f" on {long_date(meta.made)}" if meta.made else ""
        problems.append(
            CellProblem(
                file.path,
                found.where,
                ERROR,
                f"the text of action {action.id} has changed since this workbook was made{when}: check that the "
                f"return still fits it, then record it with hcplan update, or send a new workbook",
            )
        )
    elif made[1:] != state(action):
        moved.append(action.id)


def _recorded(action: Action, found: Return, meta: Meta | None) -> bool:
    """True when the plan has this return already: an update with the same words and rating,
    on the same day or (for a workbook that says when it was made) since then."""
    request = found.request
    since = meta.as_of if meta is not None else None
    return any(
        u.text == request.note
        and u.status == found.label
        and u.private == request.private
        and (u.date == request.on or (since is not None and u.date > since))
        for u in action.updates
    )


def _row(
    file: ReturnsFile,
    row: int,
    plan: Plan,
    refs: dict[str, ActionRef],
    today: date,
    day: date,
    private: bool,
    problems: list[CellProblem],
) -> Return | None:
    """The return on ``row``, or None when the row has nothing to record (or has problems)."""
    grid, columns = file.grid, file.columns
    assert grid is not None

    def cell(name: str) -> tuple[Any, str]:
        column = columns.get(name)
        if column is None:
            return None, ""
        return grid.value(row, column), grid.where(row, column)

    def problem(where: str, message: str, severity: Severity = ERROR) -> None:
        problems.append(CellProblem(grid.path, where, severity, message))

    values = {name: cell(name) for name in (ID, NEW_RATING, UPDATE, UPDATE_DATE)}
    if all(_blank(value) for value, _ in values.values()):
        return None
    formulas = [name for name in values if name in columns and (row, columns[name]) in grid.formulas]
    for name in formulas:
        value, where = values[name]
        problem(where, f"a formula ({_short(str(value))}) in '{name}': type the {_what(name)} itself")
    if formulas:
        return None
    (raw_id, id_at), (raw_rating, rating_at), (raw_note, note_at), (raw_day, day_at) = values.values()
    if _blank(raw_rating) and _blank(raw_note):
        if not _blank(raw_day):
            problem(day_at, f"an '{UPDATE_DATE}' but no '{NEW_RATING}' or '{UPDATE}': nothing to record", WARNING)
        return None
    bad = len(problems)
    where = id_at or grid.where(row, 1)
    action_id = _text_id(raw_id)
    if action_id is None:
        problem(where, "a return without an ID: hcplan cannot tell which action it is for")
    elif action_id not in refs:
        hint = did_you_mean(action_id, list(refs), n=3, cutoff=0.5, slips=False, quoted=False)
        problem(where, f"no action '{action_id}' in this plan{hint}")
    label = None
    if not _blank(raw_rating):
        if not isinstance(raw_rating, str):
            problem(rating_at, f"'{_show(raw_rating)}' is not a rating; choose one from the list")
        else:
            try:
                label = match_rating(plan, raw_rating).label
            except ValueError as exc:
                problem(rating_at, str(exc))
    note = None
    if not _blank(raw_note):
        note = _note(raw_note, note_at, problem)
    on = day
    if not _blank(raw_day):
        on = _day(raw_day, day_at, plan, today, problem) or day
    if len(problems) > bad or action_id is None:
        return None
    request = UpdateRequest(action_id, on, note, label, private=private)
    try:
        check_request(plan, request, today=today, refs=refs)
    except UpdateError as exc:  # the same rules as hcplan update; all met above, unless they grow
        problem(where, str(exc))
        return None
    return Return(grid.path, where, request, label)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _show(value: Any) -> str:
    if isinstance(value, datetime):
        return long_date(value.date())
    return str(value)


def _what(name: str) -> str:
    return {ID: "ID", NEW_RATING: "rating", UPDATE: "update", UPDATE_DATE: "date"}[name]


def _text_id(value: Any) -> str | None:
    """An action ID as written in a cell (a number typed into a cell becomes its text)."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return long_date(value.date())
    return " ".join(str(value).split())


def _note(value: Any, where: str, problem: Any) -> str | None:
    """The text of an update: line breaks kept as typed; other control characters refused."""
    if isinstance(value, datetime):
        problem(where, f"a date ({long_date(value.date())}) in '{UPDATE}': write what happened as text")
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    unsafe = unsafe_text(text)
    if unsafe is not None:
        problem(where, f"in '{UPDATE}': {unsafe}")
        return None
    return text


_MONTHS = {
    name[:3].casefold(): i for i, name in enumerate(
        ("January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December"),
        start=1,
    )
}  # fmt: skip


def _day(value: Any, where: str, plan: Plan, today: date, problem: Any) -> date | None:
    """The date of a row's update: a real date, or text written as a British or ISO date."""
    if isinstance(value, datetime):
        found: date | None = value.date()
    elif isinstance(value, date):
        found = value
    elif isinstance(value, str):
        found = parse_day_text(value)
        if found is None:
            problem(where, f"'{_short(value.strip())}' is not a date; write it as 15/10/2024 or 2024-10-15")
            return None
    else:
        problem(where, f"'{_show(value)}' is a number, not a date: format the cell as a date (15/10/2024)")
        return None
    assert found is not None
    if found > today:
        problem(where, f"the update date {long_date(found)} is in the future")
        return None
    if found < plan.period.start:
        problem(where, f"the update date {long_date(found)} is before the plan starts ({long_date(plan.period.start)})")
        return None
    return found


def parse_day_text(text: str) -> date | None:
    """A date written as text: ``2024-10-15``, ``15/10/2024`` (day first), ``15 Oct 2024``."""
    import re

    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        british = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
        if british:
            d, m, y = map(int, british.groups())
            return date(y, m, d)
        words = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})", text)
        if words and words.group(2)[:3].casefold() in _MONTHS:
            return date(int(words.group(3)), _MONTHS[words.group(2)[:3].casefold()], int(words.group(1)))
    except ValueError:
        return None
    return None


# --- the import ----------------------------------------------------------------------------


def import_returns(
    plan_path: str,
    paths: Sequence[str],
    *,
    today: date,
    day: date | None = None,
    private: bool = False,
    dry_run: bool = False,
) -> Imported:
    """Record the returns in the files at ``paths`` into the plan at ``plan_path``, in one write.

    Raises:
        ReturnsError: a return is wrong; every problem is in it and nothing was written.
        hcplan.changes.update.UpdateError: the plan has errors, or the change
            could not be proven; nothing was written.
        hcplan.files.store.StoreError: the plan could not be locked or written; it is unchanged.
    """
    result = Imported(plan_path, list(paths))
    with _Reading(paths) as reading:

        def make(source: Source) -> Changes:
            opened: Opened = open_source(source, today=today)
            files = reading.result()
            planned = plan_returns(opened.plan, files, today=today, day=day or today, private=private)
            if any(p.severity is ERROR for p in planned.problems):
                raise ReturnsError(planned.problems)
            result.warnings = planned.problems
            result.already = planned.already
            changes = plan_in_rounds(opened, [r.request for r in planned.returns], today=today)
            result.recorded = list(zip(planned.returns, changes.results))
            return changes

        result.changes = change_file(plan_path, make, dry_run=dry_run)
    return result


#: Returns files this large (in all, zipped as workbooks are: some 300 actions) are read
#: by a worker process while the plan is read.
PARALLEL_BYTES = 32 * 1024


def read_each(paths: Sequence[str]) -> list[ReturnsFile]:
    return [read_returns(path) for path in paths]


class _Reading:
    """The returns files, read while the plan is: in a worker process when
    there is a core to spare and enough to read, else here when asked for."""

    def __init__(self, paths: Sequence[str]) -> None:
        import os

        from hcplan.checking.batch import cores

        self.paths = list(paths)
        self.pool: Any = None
        self.future: Any = None
        size = 0
        for path in self.paths:
            try:
                size += os.stat(path).st_size
            except OSError:
                pass
        if cores() > 1 and size >= PARALLEL_BYTES:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            if "fork" in multiprocessing.get_all_start_methods():
                self.pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
                self.future = self.pool.submit(read_each, self.paths)

    def result(self) -> list[ReturnsFile]:
        if self.future is not None:
            try:
                return self.future.result()
            except Exception:  # noqa: BLE001 - the worker died (out of memory, say): read them here
                pass
        return read_each(self.paths)

    def __enter__(self) -> _Reading:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
