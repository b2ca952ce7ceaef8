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

A row's ID names an action, or an objective of a plan that rates them, as
``hcplan update`` reads an ID (:mod:`hcplan.format.rated`): ``objective 3.1``
as the export writes it, or a bare ID that names only an objective. In a plan
that rates its objectives a bare ID of both an objective and an action is an
error at its cell (the export writes such an action's ``action 7``); in one
that does not, it is the action's, as it always was. A return for an
objective is recorded on it by the same rules as an action's.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time
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
from hcplan.checking.checks import after_the_end
from hcplan.errors import HcplanError
from hcplan.files.cache import Cache
from hcplan.files.reader import Source
from hcplan.files.returns_in import Meta, Reading, ReturnsFile, blank
from hcplan.files.sheets import CELL_ERRORS
from hcplan.format.dates import MONTH_NUMBERS, full_year, long_date
from hcplan.format.model import Action, Objective, Plan, Update, match_rating
from hcplan.format.rated import (
    RatedIndex,
    RatedRef,
    ambiguous,
    case_clash,
    named,
    not_found,
    rates_objectives,
    split_kind,
)
from hcplan.format.returns import (
    A_RATING_ONLY,
    ACTION,
    CELL_CHARS,
    CURRENT_RATING,
    CUT,
    ID,
    LAST_UPDATE,
    LAST_UPDATE_ON,
    NEW_RATING,
    UPDATE,
    UPDATE_DATE,
)
from hcplan.problems import CellProblem, Severity
from hcplan.suggest import did_you_mean

ERROR, WARNING = Severity.ERROR, Severity.WARNING

#: Past this many problems the rest are not looked for (a sheet of something else altogether).
MAX_PROBLEMS = 200


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
class Return:
    """One row that asks for something to be recorded."""

    path: str
    where: str  # the row's ID cell, e.g. Returns!A7
    request: UpdateRequest
    label: str | None
    #: The day of the last update the row showed when it was exported (``Last update on``;
    #: ``date.min`` when it showed none), or None when the file does not say.
    shown: date | None = None
    #: Whether the row gave its own Update date (else it took --date, or today).
    dated: bool = False

    @property
    def place(self) -> str:
        return f"{self.path}:{self.where}"

    @property
    def said(self) -> str:
        """What the return is for, in words: ``5.2`` (an action), ``objective 3.1``; the hidden
        sheet of an exported workbook keys each row's state by it."""
        request = self.request
        return request.action_id if request.kind != "objective" else f"objective {request.action_id}"

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


# --- checking the rows against the plan -----------------------------------------------------


@dataclass(slots=True)
class Planned:
    """The returns checked against the plan: what to record, what is there already, and every problem."""

    returns: list[Return] = field(default_factory=list)
    already: list[Return] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)


def plan_returns(
    plan: Plan,
    files: Sequence[ReturnsFile],
    *,
    today: date,
    day: date,
    private: bool = False,
    quarter: str | None = None,
) -> Planned:
    """The returns of ``files`` checked against ``plan``: what to record, what is there
    already, and every problem. ``day`` dates the rows that give no date, as the return
    of ``quarter`` when it was given as one (``--date "Q3 2024-25"``)."""
    out = Planned()
    index = RatedIndex(plan)
    rated = rates_objectives(plan)
    first: dict[str, list[tuple[Return, str | None]]] = {}  # each item's returns, and their workbook's lead
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
        order = date_order(file)
        if order.month_first:
            out.problems.append(
                CellProblem(
                    file.path,
                    order.month_at,
                    WARNING,
                    f"this file writes dates month first ('{order.month_text}' here), as a spreadsheet set to US "
                    "English saves them: its dates are read month first (01/09/2024 is 9 January 2024)",
                )
            )
        for row in range(file.header_row + 1, len(file.grid.rows) + 1):
            if len(out.problems) >= MAX_PROBLEMS:
                out.problems.append(
                    CellProblem(file.path, "", ERROR, f"more than {MAX_PROBLEMS} problems: the rest are not shown")
                )
                return out
            _typed_over(file, row, plan, index, order, out.problems)
            found = _row(file, row, plan, index, rated, today, day, private, out.problems, order, quarter)
            if found is None:
                continue
            action = index.find(found.request.action_id, found.request.kind).item
            lead = meta.lead.casefold() if meta is not None and meta.lead else None
            earlier = first.setdefault(found.said, [])
            if any(other.news() == found.news() for other, _ in earlier):
                continue  # the same return twice
            clash = _clash(found.said, found, lead, earlier, file.path)
            if clash is not None:
                out.problems.append(CellProblem(file.path, found.where, ERROR, clash))
                continue
            earlier.append((found, lead))
            if _recorded(action, found, meta) or (found.request.note is None and found.label == action.status):
                # In the plan already, or only the rating it has chosen again from the list.
                out.already.append(found)
                kept = _kept_otherwise(action, found)
                if kept is not None:
                    out.problems.append(CellProblem(file.path, found.where, WARNING, kept))
                continue
            if meta is not None:
                _compare(file, found, action, meta, out.problems, moved)
            if found.request.on > plan.period.end:  # recorded, as update records it, and said
                out.problems.append(
                    CellProblem(file.path, found.where, WARNING, after_the_end(found.request.on, plan.period.end))
                )
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
            why = ""
            if other.path != path and (lead is None or other_lead is None):
                why = (
                    " (a file that names no lead, such as a CSV, cannot show these are two leads' returns "
                    "for an action they lead together: import the workbooks made with --lead, or give one return)"
                )
            return f"another return for {action_id} says something else ({_place(other, path)}); keep one{why}"
        if found.label is not None and other.label is not None and found.label != other.label:
            return (
                f"the returns for {action_id} rate it differently: {found.label} here, {other.label} "
                f"at {_place(other, path)}; agree one rating and give it in one of them"
            )
    return None


def _place(found: Return, path: str) -> str:
    return found.where if found.path == path else found.place


def _compare(
    file: ReturnsFile,
    found: Return,
    action: Action | Objective,
    meta: Meta,
    problems: list[CellProblem],
    moved: list[str],
) -> None:
    from hcplan.views.returns import state, text_hash

    made = meta.actions.get(found.said)
    if made is None:
        problems.append(
            CellProblem(
                file.path,
                found.where,
                WARNING,
                f"{found.said} was not in this workbook when it was made (a row copied from another lead's?); "
                "its return is recorded as it says",
            )
        )
        return
    if made[0] != text_hash(action.text):
        when = f" on {long_date(meta.made)}" if meta.made else ""
        what = found.said if found.request.kind == "objective" else f"action {action.id}"
        problems.append(
            CellProblem(
                file.path,
                found.where,
                ERROR,
                f"the text of {what} has changed since this workbook was made{when}: check that the "
                f"return still fits it, then record it with hcplan update, or send a new workbook",
            )
        )
    elif made[1:] != state(action):
        moved.append(found.said)


def _typed_over(
    file: ReturnsFile, row: int, plan: Plan, index: RatedIndex, order: DateOrder, problems: list[CellProblem]
) -> None:
    """Say so where a partner seems to have typed news into a column hcplan wrote (a
    workbook's unlocked, a CSV file's never are): a rating of the plan over Current rating
    with no New rating, words over Last update. The import reads news from New rating and
    Update alone, so it would go unrecorded without a word.

    Over Current rating in a workbook whose hidden sheet recorded the rating, it is an
    error. Else what the cell should say can only be guessed (the plan's rating now;
    one of the item's updates, or its undated progress, in Last update), and the plan
    may have moved on since, by an update private or not, by a rating or an update's
    words changed in the file: a warning, which stops nothing. A row whose Action is not
    the text of the item its ID names (an ID a spreadsheet changed: 1.10 read as 1.1) is
    left to the checks of its news."""
    grid = file.grid
    if grid is None or ID not in file.columns:
        return
    said = _text_id(grid.value(row, file.columns[ID]))
    found = index.named(said) if said is not None else []
    if said is None or len(found) != 1:
        return  # no row of one item: the row's own reading says so, if it has news
    item = found[0].item
    shown_text = grid.value(row, file.own[ACTION]) if ACTION in file.own else None
    if isinstance(shown_text, str) and not _as_exported(" ".join(_unescaped(shown_text).split()), item.text):
        return  # the row is of another item, or the item was reworded: said of its news, if any
    meta = file.meta
    column, new = file.own.get(CURRENT_RATING), file.columns.get(NEW_RATING)
    written = grid.value(row, column) if column is not None else None
    if isinstance(written, str) and not blank(written) and (new is None or blank(grid.value(row, new))):
        try:
            label: str | None = match_rating(plan, written).label
        except ValueError:
            label = None
        made = meta.actions.get(said) if meta is not None else None
        if made is not None and label is not None and meta is not None and meta.as_of is not None:
            from hcplan.views.rows import status_as_of

            # The cell shows the rating as of the day the workbook was made as of, which the
            # hidden sheet's record of its state (the rating then) need not be.
            public = [u for u in item.updates if not u.private]
            if label in (status_as_of(item.status, h, meta.as_of)[0] for h in (item.updates, public)):
                label = made[1]
        if made is not None:
            expected, known, was, severity = made[1], True, "was {} when the workbook was made", ERROR
        else:
            shown = _shown(file, row, order)
            known = shown is not None and not any(u.date > shown for u in item.updates)
            expected, was, severity = item.status, "is {} in the plan", WARNING
        if label is not None and known and label != expected:
            problems.append(
                CellProblem(
                    file.path,
                    grid.where(row, column),  # type: ignore[arg-type]
                    severity,
                    f"'{CURRENT_RATING}' {was.format(expected or 'not rated')} and now says {written.strip()}: "
                    f"hcplan reads a new rating from '{NEW_RATING}'; write it there"
                    + ("" if severity is ERROR else " (if that was meant: nothing is recorded from this cell)"),
                )
            )
    column = file.own.get(LAST_UPDATE)
    written = grid.value(row, column) if column is not None else None
    if isinstance(written, str) and not blank(written):
        words = " ".join(_unescaped(written).split())
        undated = "; ".join(item.progress) if isinstance(item, Action) else ""
        known_words = [u.text for u in item.updates if u.text] + [undated, A_RATING_ONLY]
        if not any(_as_exported(words, text) or _cut_by_a_program(words, text) for text in known_words if text):
            problems.append(
                CellProblem(
                    file.path,
                    grid.where(row, column),  # type: ignore[arg-type]
                    WARNING,
                    f"'{LAST_UPDATE}' says what no update of {found[0].kind} {item.id} in the plan says "
                    f"({_short(words)}): hcplan reads news from '{UPDATE}' alone, so nothing is recorded from "
                    "this cell; if it is news, move it there and import again",
                )
            )


def _unescaped(text: str) -> str:
    """A cell's text with the escapes of a workbook's XML for control characters
    (``_x000D_``: a carriage return xlsxwriter writes so, which openpyxl reads back as
    written) read as them; other text that looks so (``report_x0032_.docx``) is left."""
    return re.sub(r"_x(00[01][0-9A-Fa-f])_", lambda m: chr(int(m[1], 16)), text) if "_x00" in text else text


def _cut_by_a_program(written: str, text: str) -> bool:
    """Whether ``written`` is ``text`` cut short where a spreadsheet cell holds no more."""
    return len(written) >= CELL_CHARS - 10 and " ".join(text.split()).startswith(written)


def _recorded(action: Action | Objective, found: Return, meta: Meta | None) -> bool:
    """True when the plan has this return already: an update with the same words and rating,
    on the same day. A row that gives no day of its own (dated --date, or today) is recorded
    already on another day too, since a return is news after its file was made: after the
    day of the last update its row showed, or on or after the day the workbook says it was
    made as of; for a file that shows neither (a CSV of IDs and updates), when it is the
    action's latest update. So the same file imported again
    on another day records nothing twice, words a partner writes again next quarter are news
    again, and a joint lead's return of the same words on its own day is its own."""
    request = found.request
    same = _same_words(action, found)
    if any(u.date == request.on for u in same):
        return True
    if found.dated or not same:  # a day of its own is its own return
        return False
    if found.shown is not None and any(u.date > found.shown for u in same):
        # Newer than the last update the row showed: put in since the file was made, whatever
        # day it was given (a --date before the workbook's as-of day, or a quarter's last day).
        return True
    as_of = meta.as_of if meta is not None else None
    if as_of is not None:
        return any(u.date >= as_of for u in same)
    if found.shown is not None:
        return False
    return same[-1] is action.updates[-1]


def _same_words(action: Action | Objective, found: Return) -> list[Update]:
    """The updates of ``action`` with ``found``'s words and rating, on any day. Kept private
    or not (--private given one time and not the other), each is the same return: import
    adds updates, and never changes one (see :func:`_kept_otherwise`)."""
    return [u for u in action.updates if u.text == found.request.note and u.status == found.label]


def _kept_otherwise(action: Action | Objective, found: Return) -> str | None:
    """What to say of a return recorded already, when the plan keeps it public and this
    import would keep it private, or the other way round: the import leaves it as it is."""
    request = found.request
    if request.note is None:
        return None
    same = _same_words(action, found)
    if not same or any(u.private == request.private for u in same):
        return None
    now, asked = ("public", "private (--private)") if request.private else ("private", "public")
    return (
        f"{found.said}: this return is recorded already, kept {now}; importing it again does not make it "
        f"{asked}: to change that, set private: {str(request.private).lower()} on its update in the plan"
    )


def _row(
    file: ReturnsFile,
    row: int,
    plan: Plan,
    index: RatedIndex,
    rated: bool,
    today: date,
    day: date,
    private: bool,
    problems: list[CellProblem],
    order: DateOrder,
    quarter: str | None = None,
) -> Return | None:
    """The return on ``row``, or None when the row has nothing to record (or has problems).
    ``rated``: the plan rates its objectives (a missing ID is then said to be of neither);
    ``order``: how the file writes dates like 03/07/2024; ``quarter``: the quarter ``day``
    was given as, which a row dated by it is the return of."""
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
    for name in (ID, NEW_RATING, UPDATE_DATE):
        value, where = values[name]
        if isinstance(value, str) and value.startswith("'"):
            # Typed to keep a spreadsheet from reading it ('1.10), in a cell that keeps the
            # apostrophe (one formatted as text, or a CSV file): the apostrophe is not the value.
            values[name] = (value[1:], where)
    if all(blank(value) for value, _ in values.values()):
        return None
    formulas = [name for name in values if name in columns and (row, columns[name]) in grid.formulas]
    for name in formulas:
        value, where = values[name]
        problem(where, f"a formula ({_short(str(value))}) in '{name}': type the {_what(name)} itself")
    if formulas:
        return None
    news = not (blank(values[NEW_RATING][0]) and blank(values[UPDATE][0]))
    shown_errors = [
        name
        for name in ((ID, NEW_RATING, UPDATE) if news else ())
        if isinstance(values[name][0], str) and values[name][0].strip() in CELL_ERRORS
    ]
    for name in shown_errors:  # a formula pasted as values, or an error typed: the cell says nothing (dates: _day)
        value, where = values[name]
        problem(
            where,
            f"the cell shows the spreadsheet's error {value.strip()}, not {'an' if name == UPDATE else 'a'} "
            f"{_what(name)}: type the {_what(name)} itself",
        )
    if shown_errors:
        return None
    (raw_id, id_at), (raw_rating, rating_at), (raw_note, note_at), (raw_day, day_at) = values.values()
    if isinstance(raw_note, str) and _PLACEHOLDER.fullmatch(raw_note.strip().casefold()):
        raw_note = None  # "-", "n/a": nothing to say, not an update to publish
    elif isinstance(raw_note, str) and _NO_NEWS.fullmatch(" ".join(raw_note.casefold().split()).rstrip(".!")):
        # Words that say there is none: published, they would read as the action's update and
        # stop it being listed as needing one. Said, so that the lead can chase it.
        problem(
            note_at,
            f"'{_short(raw_note.strip())}' says there is no news: nothing is recorded from it"
            + (" (the rating beside it is)" if not blank(raw_rating) else ""),
            WARNING,
        )
        raw_note = None
    if blank(raw_rating) and blank(raw_note):
        if not blank(raw_day):
            problem(day_at, f"an '{UPDATE_DATE}' but no '{NEW_RATING}' or '{UPDATE}': nothing to record", WARNING)
        return None
    bad = len(problems)
    where = id_at or grid.where(row, 1)
    action_id = _text_id(raw_id)
    ref: RatedRef | None = None
    if isinstance(raw_id, (datetime, date)):
        shown = long_date(raw_id.date() if isinstance(raw_id, datetime) else raw_id)
        problem(
            where,
            f"the ID is the date {shown}: a spreadsheet makes a date of an ID such as 1.2 or 2-1 typed "
            "into a cell not formatted as text; format the cell as text and type the ID again",
        )
    elif action_id is None:
        problem(where, "a return without an ID: hcplan cannot tell which action it is for")
    else:
        found = index.named(action_id)
        if len(found) > 1 and not rated:  # as before objectives were rated: a bare ID is an action's
            found = [ref for ref in found if ref.kind == "action"]
        if len(found) > 1:
            problem(where, ambiguous(action_id, found, "this plan"))
        elif found:
            ref = found[0]
        elif rated or split_kind(action_id)[0] is not None:
            problem(where, not_found(action_id, None, index.actions, index.objectives, "this plan"))
        else:
            actions = list(index.actions)
            clash = case_clash(action_id, [f"action {i}" for i in actions], actions)
            hint = did_you_mean(action_id, actions, n=3, cutoff=0.5, slips=False, quoted=False)
            problem(where, clash or f"no action '{action_id}' in this plan{hint}")
    if ref is not None:
        misdirected = _not_its_row(file, row, raw_id, ref, index)
        if misdirected is not None:
            problem(where, misdirected)
    label = None
    if not blank(raw_rating):
        if not isinstance(raw_rating, str):
            problem(rating_at, f"'{_show(raw_rating)}' is not a rating; choose one from the list")
        else:
            try:
                label = match_rating(plan, raw_rating).label
            except ValueError as exc:
                problem(rating_at, str(exc))
    note = None
    if not blank(raw_note):
        note = _note(raw_note, note_at, problem)
    on = day
    if not blank(raw_day):
        on = _day(raw_day, day_at, plan, today, problem, order) or day
    elif day < plan.period.start:
        problem(
            where,
            f"no '{UPDATE_DATE}', and the day such a return takes (--date, else today: {long_date(day)}) is "
            f"before the plan starts ({long_date(plan.period.start)})",
        )
    if len(problems) > bad or ref is None:
        return None
    request = UpdateRequest(
        ref.item.id, on, note, label, private=private, quarter=quarter if blank(raw_day) else None, kind=ref.kind
    )
    try:
        check_request(plan, request, today=today, index=index)
    except UpdateError as exc:  # the same rules as hcplan update; all met above, unless they grow
        problem(where, str(exc))
        return None
    return Return(grid.path, where, request, label, _shown(file, row, order), dated=not blank(raw_day))


def _not_its_row(file: ReturnsFile, row: int, raw_id: Any, ref: RatedRef, index: RatedIndex) -> str | None:
    """Why the row's ID cannot be trusted to name ``ref``, or None.

    A spreadsheet makes a number of an ID typed or pasted into a cell not
    formatted as text, and ``1.10`` becomes 1.1: such a number is ambiguous
    when the plan has IDs that read as the same number. And a row whose
    ``Action`` (as exported) is the text of another action or objective is
    that one's row, whatever its ID says (a row sorted apart from its ID, an
    ID typed over): the return would go to the wrong action.
    """
    said = named(ref)
    if isinstance(raw_id, float) and not raw_id.is_integer():
        every: list[RatedRef] = [*index.actions.values(), *index.objectives.values()]
        alike = sorted({named(r) for r in every if _number(r.item.id) == raw_id})
        if len(alike) > 1:
            return (
                f"the ID is the number {raw_id:g}, which stands for {' and '.join(alike)} alike (a spreadsheet "
                "makes the number 1.1 of an ID typed 1.10): type the ID as text, with an apostrophe before it"
            )
    column = file.own.get(ACTION)
    written = file.grid.value(row, column) if column is not None and file.grid is not None else None
    if not isinstance(written, str) or not written.strip():
        return None
    text = " ".join(written.split())
    if _as_exported(text, ref.item.text):
        return None
    other = index.by_text().get(text)
    if other is None and file.meta is not None:  # the hidden sheet says whether its text has changed since
        return None
    if other is None:  # a CSV file, or a sheet without what it was made from: only its words say it
        return (
            f"this row's '{ACTION}' is not the text of {said} in the plan: it has changed since the file was "
            "made, or was changed in the file; check that the return still fits it, then record it with "
            f"hcplan update (or put the plan's words back in the row, or take the '{ACTION}' column out)"
        )
    hint = " (a spreadsheet makes the number 1.1 of an ID typed 1.10)" if isinstance(raw_id, (int, float)) else ""
    return (
        f"this row's '{ACTION}' is the text of {named(other)}, but its ID names {said}{hint}: put the ID right, "
        "so that the return goes to the action it is for"
    )


def _as_exported(written: str, text: str) -> bool:
    """Whether ``written`` (a row's Action, spaces collapsed) is the action's ``text`` as an
    export writes it: with the apostrophe that keeps text starting like a formula from
    being run (``'=...``), or cut short where a cell holds no more (then said so)."""
    from hcplan.outputs.rows import FORMULA_STARTS

    if written.startswith("'") and text[:1] in FORMULA_STARTS:
        written = written[1:].lstrip()
    text = " ".join(text.split())
    if written == text:
        return True
    cut = " ".join(CUT.split())
    return written.endswith(cut) and text.startswith(written[: -len(cut)].rstrip())


def _number(item_id: str) -> float | None:
    try:
        return float(item_id)
    except ValueError:
        return None


def _shown(file: ReturnsFile, row: int, order: DateOrder) -> date | None:
    """The day of the last update ``row`` showed when it was exported (its ``Last update on``):
    ``date.min`` when the cell is empty, None when the file has no such column or the cell
    holds no date (a person typed over it)."""
    column = file.own.get(LAST_UPDATE_ON)
    if column is None or file.grid is None:
        return None
    value = file.grid.value(row, column)
    if blank(value):
        return date.min
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_day_text(value, month_first=order.month_first) if isinstance(value, str) else None


#: An Update that says there is nothing to say: read as an empty cell.
_PLACEHOLDER = re.compile(r"[-–—.\s]+|n/?a|n\.a\.?|none")

#: An Update that says in words that there is no news (lower case, spaces collapsed, a full
#: stop dropped): read as an empty cell, and said (a warning at the cell).
_NO_NEWS = re.compile(
    r"(?:no|nil)(?: new| further)? (?:update|updates|change|changes|progress|news|return)"
    r"(?: (?:this|at this|for this|since last) (?:quarter|time|period|month|meeting))?"
    r"|nothing (?:new |further )?(?:to (?:report|add|update)|new|this quarter)"
    r"|tbc|tbd|to follow|(?:update )?to be (?:confirmed|provided)|update to follow|awaiting (?:an )?update|nil"
)


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
    if blank(value):
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


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, time):
        return "a time"
    return "a number"


def _note(value: Any, where: str, problem: Any) -> str | None:
    """The text of an update: line breaks kept as typed; other control characters refused."""
    if isinstance(value, datetime):
        problem(where, f"a date ({long_date(value.date())}) in '{UPDATE}': write what happened as text")
        return None
    if not isinstance(value, str):
        problem(
            where,
            f"'{UPDATE}' holds {_kind_of(value)} ({_show(value)}), not words: a spreadsheet makes a number of "
            "what looks like one (50% becomes 0.5, 007 becomes 7); format the cell as text and type the update again",
        )
        return None
    if len(value) > CELL_CHARS and len(value.strip()) > CELL_CHARS:
        problem(
            where,
            f"the update is {len(value.strip()):,} characters long; an update is at most {CELL_CHARS:,} (what a "
            "spreadsheet cell holds): shorten it, or record the rest in the plan's notes",
        )
        return None
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    unsafe = unsafe_text(text)
    if unsafe is not None:
        problem(where, f"in '{UPDATE}': {unsafe}")
        return None
    return text


def _day(value: Any, where: str, plan: Plan, today: date, problem: Any, order: DateOrder) -> date | None:
    """The date of a row's update: a real date, or text written as a date (day first,
    unless ``order`` says the file writes them month first) or an ISO date."""
    if isinstance(value, datetime):
        found: date | None = value.date()
    elif isinstance(value, date):
        found = value
    elif isinstance(value, str) and value.strip() in CELL_ERRORS:
        problem(
            where,
            f"the cell shows the spreadsheet's error {value.strip()}, not a date (a number formatted as a date "
            "that is no day, or a formula that failed): type the date, e.g. 15/10/2024",
        )
        return None
    elif isinstance(value, str):
        either = _either_way(value)
        if either is not None and order.mixed:
            first, second = (long_date(d) if d else "no date" for d in either)
            ways = f"month first ('{order.month_text}' at {order.month_at})"
            ways = f"day first ('{order.day_text}' at {order.day_at}) and {ways}" if order.day_at else ways
            problem(
                where,
                f"'{value.strip()}' could be {first} or {second}: this file writes dates {ways}; "
                "write this one as YYYY-MM-DD",
            )
            return None
        found = parse_day_text(value, month_first=order.month_first)
        if found is None:
            problem(where, f"'{_short(value.strip())}' is not a date; write it as 15/10/2024 or 2024-10-15")
            return None
    else:
        problem(where, f"'{_show(value)}' is {_kind_of(value)}, not a date: format the cell as a date (15/10/2024)")
        return None
    assert found is not None
    if found > today:
        problem(where, f"the update date {long_date(found)} is in the future")
        return None
    if found < plan.period.start:
        problem(where, f"the update date {long_date(found)} is before the plan starts ({long_date(plan.period.start)})")
        return None
    return found


#: A date written with its day and month as numbers (15/10/2024): which comes first the
#: cell alone cannot always say.
_NUMBERED = re.compile(r"\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\s*")

#: What may come before the day of a week's update: "w/c 5 March 2018", "Week beginning 05/03/2018".
_WEEK_OF = re.compile(r"(?:w\s*/\s*[cb]|wc|wb|week\s+(?:commencing|beginning|starting|of))\.?:?\s+", re.I)


def _day_words(text: str) -> str:
    """A date cell's text without what is no part of the day: a time after it, "w/c" before it."""
    text = _TIME_AFTER.sub("", text.strip())
    found = _WEEK_OF.match(text)
    return text[found.end() :] if found else text


def _numbered_year(written: str) -> int:
    """A numbered date's year: one of two digits is the one nearest today's."""
    return full_year(written, date.today().year) if len(written) == 2 else int(written)


@dataclass(frozen=True)
class DateOrder:
    """How one returns file writes dates like 03/07/2024, by what its date cells show:
    a date whose first number is past 12 is written day first (25/07/2024), one whose
    second is, month first (07/25/2024). Day first (the British way) unless only month
    first is seen; with both seen (``mixed``) a date that could be either is refused.
    ``*_at`` and ``*_text``: the first cell seen of each way, and what it says."""

    day_at: str = ""
    day_text: str = ""
    month_at: str = ""
    month_text: str = ""
    #: The dates are typed by people (a workbook's cells: a program writing dates as text
    #: writes a CSV file), so one typed month first says nothing of how the rest were:
    #: it makes a date that could be either no more month first, but refused.
    typed: bool = False

    @property
    def month_first(self) -> bool:
        return bool(self.month_at) and not self.day_at and not self.typed

    @property
    def mixed(self) -> bool:
        return bool(self.month_at) and (bool(self.day_at) or self.typed)


def date_order(file: ReturnsFile) -> DateOrder:
    """How ``file`` writes its dates (see :class:`DateOrder`), from its Update date and
    Last update on cells typed as text."""
    grid = file.grid
    seen: dict[str, str] = {}
    if grid is None:
        return DateOrder()
    columns = [c for c in (file.columns.get(UPDATE_DATE), file.own.get(LAST_UPDATE_ON)) if c is not None]
    for row in range(file.header_row + 1, len(grid.rows) + 1):
        for column in columns:
            value = grid.value(row, column)
            found = _NUMBERED.fullmatch(_day_words(value)) if isinstance(value, str) else None
            if found is None:
                continue
            first, second = int(found.group(1)), int(found.group(2))
            way = "day" if first > 12 >= second else "month" if second > 12 >= first else None
            if way is not None and way not in seen:
                seen[way] = grid.where(row, column)
                seen[way + "_text"] = value.strip()
        if "day" in seen and "month" in seen:
            break
    return DateOrder(
        seen.get("day", ""),
        seen.get("day_text", ""),
        seen.get("month", ""),
        seen.get("month_text", ""),
        typed=grid.sheet is not None,
    )


def _either_way(text: str) -> tuple[date | None, date | None] | None:
    """The two days a date like 03/07/2024 could be (day first, month first), when they differ
    (a time after it, 03/07/2024 10:30, is no matter)."""
    found = _NUMBERED.fullmatch(_day_words(text))
    if found is None:
        return None
    a, b, year = int(found.group(1)), int(found.group(2)), _numbered_year(found.group(3))
    if a == b or a > 12 or b > 12:
        return None

    def day(d: int, m: int) -> date | None:
        try:
            return date(year, m, d)
        except ValueError:
            return None

    return day(a, b), day(b, a)


#: A time of day after a date: " 00:00:00", " 10:30", "T10:30:00", " 2:15 pm".
_TIME_AFTER = re.compile(r"(?:[T ]|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?$", re.I)


def parse_day_text(text: str, *, month_first: bool = False) -> date | None:
    """A date written as text: ``2024-10-15``, ``15/10/2024`` (day first, or with
    ``month_first`` 10/15/2024; one that can be read one way only is read that way),
    ``15 Oct 2024``, ``15-Oct-24``, ``October 15, 2024``, ``1/6/11`` (a year of two digits
    is the one nearest today's); a time after it (``2024-10-15 00:00:00``, ``15/10/2024
    10:30``, what spreadsheets and scripts write) and "w/c" before it (``w/c 5 March
    2018``: the week's first day) are left out."""
    text = _day_words(text)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        numbered = _NUMBERED.fullmatch(text)
        if numbered:
            d, m, y = int(numbered.group(1)), int(numbered.group(2)), _numbered_year(numbered.group(3))
            if month_first or m > 12 >= d:  # or it can only be read month first (07/25/2024)
                d, m = m, d
            return date(y, m, d)
        words = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?[\s\-/]+([A-Za-z]+)\.?,?[\s\-/]+(\d{4}|\d{2})", text)
        if words and words.group(2)[:3].casefold() in MONTH_NUMBERS:
            year = full_year(words.group(3), date.today().year)
            return date(year, MONTH_NUMBERS[words.group(2)[:3].casefold()], int(words.group(1)))
        named_first = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", text)
        if named_first and named_first.group(1)[:3].casefold() in MONTH_NUMBERS:
            month = MONTH_NUMBERS[named_first.group(1)[:3].casefold()]
            return date(int(named_first.group(3)), month, int(named_first.group(2)))
    except ValueError:
        return None
    return None


def refuse_over_returns(paths: Sequence[str | os.PathLike[str]], plan: Plan, plan_path: str, *, today: date) -> None:
    """Refuse to write a returns workbook (or CSV) over a file of that name that holds
    returns ``plan`` does not hold yet: a partner's work, filled in and saved back under
    the name it was sent with, which a new export of that name (``export -o
    police.xlsx``, a digest run again into its folder) would replace. A workbook as
    hcplan wrote it, saved by no one since, is not read.

    Raises:
        HcplanError: naming the file, how many returns it holds, and what to do.
    """
    from hcplan.files.returns_in import read_returns
    from hcplan.files.sheets import signed

    for path in map(str, paths):
        if not os.path.isfile(path) or os.path.splitext(path)[1].lower() not in (".xlsx", ".csv") or signed(path):
            continue
        found = read_returns(path)
        if found.grid is None:
            continue  # no returns file hcplan can read: nothing of a partner's to lose
        planned = plan_returns(plan, [found], today=today, day=today)
        if any(p.severity is ERROR for p in planned.problems):
            said = "returns hcplan cannot check against the plan (hcplan import says why)"
        elif planned.returns:
            count = len(planned.returns)
            said = f"{count} return{'s' * (count != 1)} not in the plan yet"
        else:
            continue  # every return in it is recorded already
        raise HcplanError(
            f"{path} holds {said}, and this would replace it: import it (hcplan import {plan_path} {path}), "
            "or move it away, or write to another name; nothing was written"
        )


# --- the import ----------------------------------------------------------------------------


def import_returns(
    plan_path: str,
    paths: Sequence[str],
    *,
    today: date,
    day: date | None = None,
    private: bool = False,
    dry_run: bool = False,
    reading: Reading | None = None,
    quarter: str | None = None,
) -> Imported:
    """Record the returns in the files at ``paths`` into the plan at ``plan_path``, in one write.

    ``reading`` is the reading of those files, when the caller began it
    (:class:`hcplan.files.returns_in.Reading`); else it begins here.

    Raises:
        ReturnsError: a return is wrong; every problem is in it and nothing was written.
        hcplan.changes.update.UpdateError: the plan has errors, or the change
            could not be proven; nothing was written.
        hcplan.files.store.StoreError: the plan could not be locked or written; it is unchanged.
    """
    result = Imported(plan_path, list(paths))
    with Reading(paths) if reading is None else nullcontext(reading) as files_read:

        def make(source: Source) -> Changes:
            opened: Opened = open_source(source, today=today, cache=Cache.default())
            files = files_read.result()
            planned = plan_returns(opened.plan, files, today=today, day=day or today, private=private, quarter=quarter)
            if any(p.severity is ERROR for p in planned.problems):
                raise ReturnsError(planned.problems)
            result.warnings = planned.problems
            result.already = planned.already
            changes = plan_in_rounds(opened, [r.request for r in planned.returns], today=today)
            result.recorded = list(zip(planned.returns, changes.results))
            return changes

        result.changes = change_file(plan_path, make, dry_run=dry_run)
    return result
