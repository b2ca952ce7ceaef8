"""A draft plan from an existing plan's table (Word, Excel or CSV).

The table is read as its own officers wrote it: a header row names the
columns (Action, Lead, Timescale, RAG, Progress, ...); rows that span the
table, or stand before a repeated header, are theme and objective headings;
a cell merged down over several rows belongs to each of them, and an
objective's outcome, measure or rating merged over all its rows belongs to
the objective. Words are kept as written: dues as they are (hcplan reads
what it can), leads as the plan spells them, progress as dated updates
where it starts or ends with a date, and as undated ``progress`` (public, as
the table showed it) where it does not; notes (internal) are kept for what is
not progress: a notes column, a second due, an earlier rating.

Where the reading is a guess (a lead cell split at commas, a bullet list
split into actions, a rating colour guessed from its label, a rating read
from a cell's colour), the draft carries a ``CHECK:`` comment naming the
cell, so an officer can confirm it against the original.

What the table's words say about days is read in
:mod:`hcplan.changes.draft_dates`, what a rating cell says in
:mod:`hcplan.changes.draft_ratings`; :mod:`hcplan.changes.draft_plan` makes
the draft a plan file that passes ``hcplan check``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from hcplan.changes.draft_dates import UPDATE_START, due_day, entries, find_date, header_time
from hcplan.changes.draft_ratings import RAG_LETTERS, fill_colour, names_colour, rating_and_comment
from hcplan.errors import HcplanError
from hcplan.files.tables_in import Cell, Document, Para, Table, located
from hcplan.format.dates import long_date, read_day
from hcplan.format.folding import fold

#: What a column can be, for ``--column "Who=leads"``.
ROLES = (
    "theme",
    "objective",
    "id",
    "action",
    "leads",
    "partners",
    "due",
    "start",
    "status",
    "progress",
    "updated",
    "outcome",
    "measure",
    "funding",
    "notes",
    "ignore",
)

#: Column headers as councils write them (after :func:`_normal`), by role.
HEADERS: dict[str, tuple[str, ...]] = {
    "action": (
        "action",
        "actions",
        "activity",
        "activities",
        "task",
        "tasks",
        "what we will do",
        "what we will deliver",
        "we will deliver",
        "we will",
        "key actions",
        "key action",
        "action required",
        "actions required",
        "deliverable",
        "deliverables",
        "specific actions",
        "how we will do it",
        "what",
    ),
    "objective": (
        "objective",
        "objectives",
        "key objective",
        "key objectives",
        "strategic objective",
        "strategic objectives",
        "aim",
        "aims",
        "goal",
        "goals",
        "strategic goal",
        "objective aim",
    ),
    "theme": (
        "theme",
        "themes",
        "priority",
        "priorities",
        "strategic priority",
        "strategic priorities",
        "strand",
        "priority area",
        "workstream",
        "area",
        "section",
    ),
    "id": ("ref", "ref no", "reference", "no", "number", "id", "action no", "action number", "action ref", "item"),
    "leads": (
        "lead",
        "leads",
        "lead partner",
        "lead partners",
        "lead agency",
        "lead agencies",
        "lead officer",
        "lead officers",
        "lead officer agency",
        "lead agency officer",
        "responsible",
        "responsibility",
        "responsible officer",
        "responsible person",
        "responsible agency",
        "owner",
        "who",
        "lead organisation",
        "lead responsibility",
        "accountable",
        "lead officer organisation",
        "by whom",
        "lead service",
    ),
    "partners": (
        "partners",
        "partner",
        "supporting partners",
        "supporting partner",
        "key partners",
        "partner agencies",
        "other partners",
        "supported by",
        "support",
        "support from",
        "contributors",
        "partners involved",
        "delivery partners",
        "other agencies",
    ),
    "due": (
        "timescale",
        "timescales",
        "timeframe",
        "time frame",
        "timeline",
        "completion date",
        "target date",
        "due",
        "due date",
        "deadline",
        "by when",
        "when",
        "date",
        "target completion date",
        "target completion",
        "milestone",
        "milestones",
        "target date for completion",
        "completion",
        "date due",
        "start end",
    ),
    "status": (
        "rag",
        "rag status",
        "rag rating",
        "status",
        "rating",
        "rag rated",
        "progress rating",
        "current status",
        "overall status",
        "rag progress",
        "position",
    ),
    "progress": (
        "progress",
        "progress update",
        "progress updates",
        "update",
        "updates",
        "comments",
        "comment",
        "commentary",
        "progress to date",
        "progress comments",
        "latest update",
        "position statement",
        "progress made",
        "comments on actions",
        "update progress",
    ),
    "outcome": (
        "outcome",
        "outcomes",
        "expected outcome",
        "expected outcomes",
        "intended outcome",
        "intended outcomes",
        "desired outcome",
        "desired outcomes",
        "impact",
        "expected impact",
    ),
    "measure": (
        "measure of success",
        "measures of success",
        "success measure",
        "success measures",
        "success criteria",
        "target",
        "targets",
        "kpi",
        "kpis",
        "performance indicator",
        "performance indicators",
        "performance measure",
        "performance measures",
        "output",
        "outputs",
        "output target",
        "output targets",
        "indicator",
        "indicators",
        "how will we measure success",
        "how we will measure success",
        "evidence",
        "measure",
        "measures",
    ),
    "funding": (
        "funding",
        "budget",
        "resources",
        "resource",
        "cost",
        "costs",
        "funding source",
        "resource implications",
        "resources required",
        "finance",
        "funding resources",
        "budget resources",
    ),
    "notes": ("notes", "note", "remarks", "internal notes"),
    # When the action starts, beside when it is due ("Start date", "End date").
    "start": ("start", "start date", "date started", "starts", "commencement date", "start by"),
    # The day of the row's progress ("Last updated": 14/11/2024).
    "updated": (
        "last updated",
        "date updated",
        "date last updated",
        "date of update",
        "date of last update",
        "updated",
        "updated on",
        "update date",
        "last update date",
        "last reviewed",
        "date reviewed",
    ),
}

#: What a header that is not one of the above most likely means, by a word in it.
KEYWORDS: tuple[tuple[str, str], ...] = (
    ("rag", "status"),
    ("measure", "measure"),
    ("kpi", "measure"),
    ("indicator", "measure"),
    ("success", "measure"),
    ("target date", "due"),
    ("date", "due"),
    ("timescale", "due"),
    ("deadline", "due"),
    ("due", "due"),
    ("when", "due"),
    ("lead", "leads"),
    ("responsib", "leads"),
    ("owner", "leads"),
    ("partner", "partners"),
    ("status", "status"),
    ("rating", "status"),
    ("progress", "progress"),
    ("update", "progress"),
    ("comment", "progress"),
    ("outcome", "outcome"),
    ("target", "measure"),
    ("output", "measure"),
    ("fund", "funding"),
    ("budget", "funding"),
    ("resource", "funding"),
    ("cost", "funding"),
    ("objective", "objective"),
    ("goal", "objective"),
    ("theme", "theme"),
    ("priority", "theme"),
    ("action", "action"),
    ("activit", "action"),
    ("task", "action"),
    ("note", "notes"),
)

#: How many rows at the top of a table may come before its header.
HEADER_ROWS = 12

_THEME = re.compile(
    r"^(?:theme|strategic priority|priority areas?|priority|strand|workstream)\b\s*"
    r"(\d+|(?-i:[IVX]{1,6}|[ivx]{1,6}|[A-Z])(?![A-Za-z0-9]))?\s*[:.)\-–—]?\s*(.*)$",
    re.I | re.S,
)
#: A number a table gives an action afresh under each heading: 1, iv, b.
_LOCAL_NUMBER = re.compile(r"\d{1,3}|[ivx]{1,6}|[IVX]{1,6}|[a-z]|[A-Z]")
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})", re.I)


#: A Ref cell that names an objective, not an action: "Objective 2", "Obj. 2.1".
_OBJECTIVE_REF = re.compile(r"\s*(?:objective|obj\.?)\s*(\d{1,3}(?:\.\d{1,3})*[a-z]?)\s*[.:]?\s*", re.I)


def _bare_id(written: str) -> str:
    """An action's number without the marks around it: 1.2 for '1.2.', 'a' for '(a)' or
    'a)', 3 for '3*' (a footnote)."""
    bare = written.strip().lstrip("(").rstrip(".*)")
    # "Action 1.2": the word is no part of it ("action 1.2" names action 1.2 on the command line).
    return re.sub(r"^(?:action|act\.?)\s*(?=\d)|^action\s+(?=\S)", "", bare, flags=re.I)


def roman_value(text: str) -> int | None:
    """The number a Roman numeral up to 39 writes (iv, XII), or None."""
    if not text or not _ROMAN.fullmatch(text):
        return None
    values = [{"i": 1, "v": 5, "x": 10}[c] for c in text.lower()]
    return sum(-v if i + 1 < len(values) and values[i + 1] > v else v for i, v in enumerate(values))


_OBJECTIVE = re.compile(
    r"^(?:objective|strategic objective|key objective|aim|goal|strategic goal)\b\s*"
    r"(\d+(?:\.\d+)*[a-z]?|(?-i:[A-Z])(?=\s*[:.)\-–—]))?\s*[:.)\-–—]?\s*(.*)$",  # a letter: "Objective A: ..."
    re.I | re.S,
)
_NUMBERED = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*[a-z]?|[A-Z](?=[.)])|[IVX]{1,4}(?=[.)]))(?:[.):]\s*|\s+)(\S.*)$", re.S)
_ACTION_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*[a-z]?)[.)]?(\*?)\s+(\S.*)$", re.S)
#: A line that is a measure of success ("Measure of Success - An increase in ...").
_MEASURE_START = re.compile(r"(?:measures? of success|success measures?)\s*[:\-–—]+\s*(?=\S)", re.I)
#: A sentence before a table that names its objective ("The partnership's Strategic Goal - ...").
_OBJECTIVE_SAID = re.compile(r"\b(?:strategic objective|objective|strategic goal|goal)\s*[:\-–—]+\s*(\S.*)$", re.I)
_MEASURE_SPLIT = re.compile(r"\s*\b(?:measures? of success|success measures?|targets?|kpis?)\s*[:\-–—]+\s*", re.I)
#: A progress paragraph's label, with its colon or dash ("Update – ", "Progress: ").
_UPDATE_LABEL = re.compile(r"(?:update|progress|latest update)s?\s*[:\-–—]+\s*", re.I)
#: A period in a title or file name: 2024-25, 2024/25, 2024_25, 2024 to 2027, FY2024-25
#: (digits, not word boundaries, end it: a file name joins words with underscores).
YEAR_RANGE = re.compile(
    r"(?<!\d)(20\d\d|19\d\d)\s*(?:[-–—/_]|to)\s*"
    # The next year in full, or its last digits: not a day before a month (2024 - 31 March 2025,
    # 01/04/2024 - 31/03/2025).
    r"(20\d\d|19\d\d|(?:\d\d|\d)(?!\d)(?![/.]\d)(?!(?:st|nd|rd|th)?\s+(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)))(?!\d)"
)


class DraftError(HcplanError):
    """The table cannot be made into a draft; the message says where and why."""


def _normal(header: str) -> str:
    # "#" and "№" are "no": a number column headed "#", "Action #", "Ref №".
    text = header.casefold().replace("&", " and ").replace("(s)", "s").replace("#", " no ").replace("№", " no ")
    text = re.sub(r"[/()\[\]\-–—:.*?,'’\"]", " ", text)
    return " ".join(text.split())


def parse_columns(pairs: Iterable[str]) -> dict[str, str]:
    """``--column "Who=leads"`` options as {normal header: role}.

    Raises:
        DraftError: a pair without ``=``, or a role hcplan does not know.
    """
    found: dict[str, str] = {}
    for pair in pairs:
        header, sep, role = pair.rpartition("=")
        role = role.strip().casefold()
        if not sep or not header.strip():
            raise DraftError(f"--column '{pair}': write it HEADER=FIELD, e.g. --column \"Who=leads\"", usage=True)
        if role not in ROLES:
            raise DraftError(f"--column '{pair}': '{role}' is not one of {', '.join(ROLES)}", usage=True)
        found[_normal(header)] = role
    return found


def role_of(header: str, mapped: dict[str, str]) -> str | None:
    """What the column headed ``header`` holds, or None if hcplan cannot tell."""
    normal = _normal(header)
    if not normal:
        return None
    if normal in mapped:
        return mapped[normal]
    for role, names in HEADERS.items():
        if normal in names:
            return role
    for word, role in KEYWORDS:
        if re.search(r"\b" + re.escape(word), normal):  # a word's start: "update" has no "date"
            return role
    return None


# --- the draft as it is built ----------------------------------------------------------


class Node(dict[str, Any]):
    """A mapping of the draft, with the CHECK comments on its keys (None: on the item)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.said: dict[str | None, list[str]] = {}
        self.written: str | None = None  # an update's paragraph as written, its date and all
        #: The day a "Last updated" column gives the row's progress, with its cell and header.
        self.updated_on: tuple[date, str, str] | None = None
        self.where: str | None = None  # a theme's or objective's heading: where it is
        self.heading: str | None = None  # and as written
        self.label: str | None = None  # the words it was labelled with, before its own (see _Builder.lift_label)
        self.status_hidden = False  # its status is from a column the sheet hides

    def check(self, key: str | None, text: str) -> None:
        said = self.said.setdefault(key, [])
        if text not in said:
            said.append(text)


@dataclass
class Draft:
    """What the table says: themes with objectives and actions, the leads and
    rating labels it uses, and what it suggests for the plan's header."""

    path: str
    themes: list[Node] = field(default_factory=list)
    leads: dict[str, str] = field(default_factory=dict)  # folded -> as first written
    lead_emails: dict[str, str] = field(default_factory=dict)  # lead -> the email address its cell gave
    labels: dict[str, str] = field(default_factory=dict)  # folded -> as first written
    label_fills: dict[str, str] = field(default_factory=dict)  # label -> cell colour seen with it
    title: str | None = None
    title_from: str | None = None
    due_days: list[tuple[date, str]] = field(default_factory=list)  # a day each due names, and its cell
    skipped: list[str] = field(default_factory=list)  # tables with no header, as messages
    notes: list[tuple[str, str]] = field(default_factory=list)  # footnotes to the table, and where each is
    meanings: dict[str, str] = field(default_factory=dict)  # folded label -> what the table's key says it means
    meanings_from: str | None = None  # where the key is

    @property
    def actions(self) -> int:
        return sum(len(o["actions"]) for t in self.themes for o in t["objectives"])


@dataclass
class _Columns:
    header_row: int
    roles: dict[int, str]  # column -> role
    headers: dict[int, str]  # column -> header as written
    width: int  # columns in the table
    mapped: dict[str, str] = field(default_factory=dict)  # --column: normal header -> role

    def of(self, role: str) -> list[int]:
        return [c for c, r in self.roles.items() if r == role]

    @property
    def lone(self) -> bool:
        """Only an action column, found in a table one column wide: a plan's table of
        actions alone, or a page of text (a workbook's cover sheet) whose first line
        says "Action"."""
        return len(self.roles) == 1


def find_header(table: Table, mapped: dict[str, str]) -> _Columns | None:
    """The header row of ``table``: the first of its top rows that names an action column."""
    for r, row in enumerate(table.rows[:HEADER_ROWS]):
        roles: dict[int, str] = {}
        headers: dict[int, str] = {}
        unknown: list[int] = []
        for c, cell in enumerate(row):
            if cell.covered or cell.empty:
                continue
            role = role_of(cell.text, mapped)
            headers[c] = " ".join(cell.text.split())
            if role is not None and role != "ignore":
                roles[c] = role
            elif role is None:
                unknown.append(c)
        if "action" in roles.values() and (len(roles) >= 2 or (len(headers) == 1 and len(row) == 1)):
            # A column hcplan has no name for is not dropped: its cells go to the notes.
            roles.update((c, OTHER) for c in unknown)
            _sub_headers(table, r, roles, headers, mapped)
            _headless(table, r, roles, headers)
            return _Columns(r, roles, headers, len(row), mapped)
    return None


def _sub_headers(
    table: Table, header_row: int, roles: dict[int, str], headers: dict[int, str], mapped: dict[str, str]
) -> None:
    """A header of two rows: a cell across several columns ("Progress update", merged
    over four) with a header of its own for each below it (Q1, Q2, Q3, Q4). Each column
    is then headed by both ("Progress update Q2") and read as such (not the first column
    only), and the row below is header, not an action's row."""
    row = table.rows[header_row]
    below = table.rows[header_row + 1] if header_row + 1 < len(table.rows) else None
    if below is None:
        return
    groups: dict[int, int] = {}  # first column -> last column of a cell across columns
    c = 0
    while c < len(row):
        end = c
        while end + 1 < len(row) and (row[end + 1].covered or (row[end + 1].empty and c in headers)):
            end += 1
        if end > c and c in headers:
            groups[c] = end
        c = end + 1
    inside = {col for first, last in groups.items() for col in range(first, last + 1)}
    written = [col for col, cell in enumerate(below) if not cell.empty and not cell.covered and not cell.merged_above]
    action = next((col for col, role in roles.items() if role == "action"), None)
    if (
        not groups
        or not written
        or any(col not in inside for col in written)
        or (action is not None and action in written)
        or not any(sum(1 for col in written if first <= col <= last) >= 2 for first, last in groups.items())
    ):
        return
    for first, last in groups.items():
        group = headers[first]
        for col in range(first, last + 1):
            sub = " ".join(below[col].text.split()) if col in written else ""
            header = f"{group} {sub}" if sub else group
            role = role_of(header, mapped) if sub else None
            headers[col] = header
            roles[col] = role if role is not None and role != "ignore" else roles.get(first, OTHER)
    table.rows[header_row + 1] = [Cell([Para("")], cell.where) for cell in below]  # header, not an action's row


#: What only an action's row fills in beside its action: a row with these is no heading.
_ACTION_ROLES = frozenset({"leads", "partners", "due", "status", "progress", "outcome", "measure", "funding"})

#: An action's number as tables write them: 1, 1.2, 1a, 1.2b, A1, 3*.
_AN_ID = re.compile(r"(?:[A-Z]{1,3}\d{1,3}|\d{1,3}(?:\.\d{1,3})*)[a-z]?\*?\.?", re.I)


def _headless(table: Table, header_row: int, roles: dict[int, str], headers: dict[int, str]) -> None:
    """Give a role to each column whose header cell is empty but whose cells are not:
    the actions' numbers when they read as such and the table has no ID column (a
    first column left unheaded, as Word tables often have it), else the notes."""
    below = table.rows[header_row + 1 :]
    for c, cell in enumerate(table.rows[header_row]):
        if c in roles or cell.covered or not cell.empty:
            continue
        texts = [_joined(row[c]) for row in below if c < len(row) and not row[c].empty and not row[c].merged_above]
        if not texts:
            continue
        if "id" not in roles.values() and len(set(texts)) == len(texts) and all(_AN_ID.fullmatch(t) for t in texts):
            roles[c] = "id"
        else:
            roles[c] = OTHER
            headers[c] = f"column {c + 1}"


#: The role of a column whose header hcplan does not know: its cells are kept in the
#: notes (internal), each with its header, and the first is marked for a CHECK.
OTHER = "other"


def read_draft(document: Document, mapped: dict[str, str]) -> Draft:
    """The draft plan the tables of ``document`` describe.

    Raises:
        DraftError: no table, or no table has a header row hcplan recognises.
    """
    path = document.path
    if not document.tables:
        raise DraftError(f"{path}: no table found: hcplan new --from reads the table of a plan's actions")
    builder = _Builder(Draft(path))
    builder.draft.skipped.extend(document.notes)
    previous: _Columns | None = None
    first_header = ""
    found_any = False
    headers = [find_header(table, mapped) for table in document.tables]
    # Beside a table with columns, a single column of text is what the plan says about itself;
    # so is one headed like a title ("Hate Crime Action Plan 2025-26") beside one headed "Actions".
    columned = any(columns is not None and not columns.lone for columns in headers)
    titled = [
        columns is not None and columns.lone and _title_header(t, columns)
        for t, columns in zip(document.tables, headers)
    ]
    headed = any(columns is not None and not is_title for columns, is_title in zip(headers, titled))
    for table, columns, is_title in zip(document.tables, headers, titled):
        if columns is not None and columns.lone and (columned or (is_title and headed)):
            builder.draft.skipped.append(_text_page(path, table, builder.draft))
            continue
        if columns is None and previous is not None and table.rows and len(table.rows[0]) == previous.width:
            # A table with the previous one's columns and no header: Word split it.
            columns = _Columns(-1, previous.roles, previous.headers, previous.width, previous.mapped)
        if columns is None:
            text_page = (columned or headed) and all(
                cell.empty or cell.covered for row in table.rows for cell in row[1:]
            )  # one column of text (notes, a vision) beside the plan's table
            builder.draft.skipped.append(
                _text_page(path, table, builder.draft)
                if text_page
                else _no_header(path, table, beside_plan=columned or headed)
            )
            continue
        if not found_any and columns.header_row >= 0:
            first_header = table.row_where(columns.header_row)
        found_any = True
        previous = columns
        # What stands between the last heading and the table is about the table; what comes
        # before that heading (an introduction) may give the title, nothing more.
        last = max((i for i, para in enumerate(table.before) if para.heading), default=-1)
        for i, para in enumerate(table.before):
            near = i >= last
            builder.heading_text(
                para.text, table.name, paragraph=True, heading=para.heading if i == last else 0, near=near
            )
        builder.table(table, columns)
    if not found_any:
        raise DraftError(
            builder.draft.skipped[0]
            if len(builder.draft.skipped) == 1
            else (f"{path}: no table has a header row with an Action column (" + "; ".join(builder.draft.skipped) + ")")
        )
    draft = builder.finish()
    for para in document.after:
        if not builder.rating_key(para.text, "the text after the last table"):
            text = _note_text(para)
            if text is not None:
                draft.notes.append((text, "the text after the last table"))
    if document.title and not draft.title:
        draft.title, draft.title_from = document.title, document.title_from
    if not draft.actions:
        raise DraftError(located(path, first_header, "a header row, but no action under it"))
    return draft


#: A footnote to a table, or a note under it, as one is written: a mark ("* Subject to
#: funding"), or "Note:", "NB", "Please note" with what it says; not "Key Priority 1" or
#: "Note the new duties", which are a heading and an action.
_FOOTNOTE = re.compile(r"\s*(?:[*†‡]+\s*\S|(?:notes?|nb|n\.b\.|key)\s*:\s*\S|n\.?b\.?\s+\S|please note\b)", re.I)


def _footnote(row: list[Cell], columns: _Columns) -> str | None:
    """The text of a row that is a footnote to the table (one cell, in the first column or
    the action column, written as a footnote is: "* Subject to OPCC funding being agreed"),
    else None. A row some cell of the table is merged down into is the table's."""
    if any(cell.merged_above for cell in row):
        return None
    filled = [c for c, cell in enumerate(row) if not cell.empty and not cell.covered]
    if len(filled) != 1 or (filled[0] != 0 and columns.roles.get(filled[0]) != "action"):
        return None
    paras = [p for p in row[filled[0]].paras if p.text]
    return _note_text(paras[0]) if len(paras) == 1 else None


def _note_text(para: Para) -> str | None:
    """The text of a paragraph written as a note to a table is (``* Subject to funding``,
    ``Note: ...``), with its mark; else None."""
    text = f"{para.mark} {para.text}" if para.mark == "*" else para.text
    return text if _FOOTNOTE.match(text) and len(text.split()) >= 3 else None


def _title_header(table: Table, columns: _Columns) -> bool:
    """Whether the cell a one-column table is headed by reads as a title, not a column's header."""
    header = " ".join(table.rows[columns.header_row][columns.of("action")[0]].text.split())
    return bool(re.search(r"\bplan\b", header, re.I)) or len(header.split()) > 6


def _text_page(path: str, table: Table, draft: Draft) -> str:
    """Why ``table``, a single column of text beside the plan's table, is not read as
    actions; its first line is the draft's title when it names a plan."""
    lines = [(r, " ".join(row[0].text.split())) for r, row in enumerate(table.rows) if row and not row[0].empty]
    if lines and not draft.title and re.search(r"\bplan\b", lines[0][1], re.I) and len(lines[0][1]) <= 120:
        draft.title, draft.title_from = lines[0][1], table.row_where(lines[0][0])
    return located(
        path,
        table.name,
        "one column of text beside the plan's table (a cover or notes page), not actions: read it yourself "
        "for what the plan should say about itself",
    )


def _no_header(path: str, table: Table, *, beside_plan: bool = False) -> str:
    """Why ``table`` has no header, located at its first row with words; ``beside_plan``: another
    table of the file was read as the plan's (this one is most likely a glossary, contents or key)."""
    for r, row in enumerate(table.rows[:HEADER_ROWS]):
        texts = [" ".join(c.text.split()) for c in row if not c.covered and not c.empty]
        if texts:
            shown = ", ".join(repr(t[:40]) for t in texts[:8])
            if beside_plan:
                return located(
                    path,
                    table.row_where(r),
                    f"a table with no Action column (its first row says {shown}) beside the plan's: not read "
                    "(a glossary, contents or key?); if it holds actions, name its columns with --column",
                )
            return located(
                path,
                table.row_where(r),
                f"no header row with an Action column (the first row with words says {shown}); "
                f'name the columns with --column, e.g. --column "{texts[0][:30]}=action"',
            )
    return located(path, table.name, "the table is empty")


# --- reading rows ------------------------------------------------------------------------


#: A role written after a name in a lead's or partner's cell: "Police (lead)", "Council (support)".
_ROLE_MARK = re.compile(
    r"([^()\[\]]+?)\s*[(\[]\s*(lead|lead agency|lead partner|lead officer|co-?lead|joint lead|support|supporting|"
    r"supporting partner|in support|partner|contributor|contributing)\s*[)\]]",
    re.I,
)
_LEAD_ROLES = frozenset({"lead", "lead agency", "lead partner", "lead officer", "colead", "co-lead", "joint lead"})


def _split_names(cell: Cell) -> tuple[list[str], str | None]:
    """Names in a lead or partner cell: one per paragraph or bullet, and split at
    commas, semicolons and slashes (a guess: the marks it was split at, as said in a
    CHECK, are the second value)."""
    names: list[str] = []
    splits: set[str] = set()
    for para in cell.paras:
        if not para.text:
            continue
        pieces = [para.text]
        for mark in (";", ",", "/"):
            if any(mark in _outside_brackets(p) for p in pieces):
                splits.add(mark)
                pieces = [q for p in pieces for q in _split_outside_brackets(p, mark)]
        # "Police (lead) and Council (support)": names that each say their role, joined in words.
        joined = [re.split(r"(?<=[)\]])\s+(?:and|&)\s+", p, flags=re.I) for p in pieces]
        if any(len(parts) > 1 and all(_ROLE_MARK.fullmatch(q.strip()) for q in parts[:-1]) for parts in joined):
            splits.add("and")
            pieces = [q for parts in joined for q in parts]
        names.extend(" ".join(p.split()).strip(" .-–") for p in pieces)
    names = [n for n in names if n]
    unique = list(dict.fromkeys(names))
    return unique, " and ".join(f"'{m}'" for m in sorted(splits)) or None  # 'and': see above


#: An email address or a telephone number written in a lead's cell, beside the name, with the
#: label written before it ("e: ", "Tel. "): a UK number starts 0 or +, and may end in an extension.
_EMAIL_IN = re.compile(r"(?:\b(?:e-?mail|e)\s*:\s*)?[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.I)
_PHONE_IN = re.compile(
    r"(?:\b(?:tel(?:ephone)?|phone|mob(?:ile)?)\b\.?\s*:?\s*|\b[tm]\s*:\s*)?"
    r"(?<![\w/.])(?:\+\d{1,3}[\s.-]?(?:\(0\)\s?)?|\(?0)\d[\d\s().-]{6,}\d(?![\w/])"
    r"(?:\s*(?:ext\.?|extension|x)\s*\d{1,5}\b)?",
    re.I,
)


class Named(NamedTuple):
    """A name as :func:`without_contacts` leaves it, the first address and how many telephone
    numbers were taken out of it, and whether it is named after its address (it was one alone)."""

    name: str
    email: str | None = None
    phones: int = 0
    after_address: bool = False


def without_contacts(name: str) -> Named:
    """A lead's or partner's name with any email address and telephone number written in it
    taken out (``HR (Jane Smith, 01632 960123, jane.smith@council.example)``: ``HR (Jane
    Smith)``): a lead's name is published in every report, its email never. A name of an
    address alone is named after it ("jo.bloggs@..." is Jo Bloggs)."""
    emails = [found.group() for found in _EMAIL_IN.finditer(name)]
    text = _EMAIL_IN.sub(" ", name)
    phones = [m for m in _PHONE_IN.finditer(text) if sum(c.isdigit() for c in m.group()) >= 9]
    for found in reversed(phones):
        text = text[: found.start()] + " " + text[found.end() :]
    if not emails and not phones:
        return Named(name)
    address = re.sub(r"^(?:e-?mail|e)\s*:\s*", "", emails[0], flags=re.I) if emails else None
    text = re.sub(r"<\s*>|\[\s*\]", " ", text)  # what held an address: "Jo <jo@...>"
    text = re.sub(r"\s*([,;])(?:\s*[,;])+", r"\1", text)  # separators left side by side
    text = re.sub(r"\(\s*[,;/]\s*", "(", re.sub(r"\s*[,;/]\s*\)", ")", text))
    text = _balanced(re.sub(r"\(\s*\)", " ", re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))))
    text = " ".join(text.split()).strip(" ,;:-–—|/")
    if not text and address:  # jo.bloggs@council.example is Jo Bloggs
        return Named(
            " ".join(re.split(r"[._-]+", address.split("@", maxsplit=1)[0])).title(), address, len(phones), True
        )
    return Named(text, address, len(phones))


def _balanced(text: str) -> str:
    """``text`` without the brackets a cut left unmatched ("Victim Support )")."""
    kept: list[str] = []
    opened: list[int] = []
    for char in text:
        if char == "(":
            opened.append(len(kept))
        elif char == ")":
            if not opened:
                continue
            opened.pop()
        kept.append(char)
    for at in reversed(opened):
        kept[at] = ""
    return re.sub(r"\(\s*\)", " ", "".join(kept))


def _contacts_said(email: str | None, phones: int, role: str, *, named_after: bool = False) -> str:
    """The CHECK for contact details taken out of a lead's or partner's name (``named_after``:
    the cell held only the address, and the lead is named after it)."""
    taken = [*(["an email address"] if email else []), *(["a telephone number"] if phones == 1 else [])]
    if phones > 1:
        taken.append(f"{phones} telephone numbers")
    said = [f"{' and '.join(taken)} taken out of the {role[:-1]}'s name, which every report publishes"]
    if email and named_after:
        said.append("the cell held only the address, so the lead is named after it: give its name")
    if email and role == "leads":
        said.append(f"{email} is the lead's email (the digest is sent to it; it is never published)")
    elif email:
        said.append("a partner has no email in a plan")
    if phones:
        said.append("a plan keeps no telephone number")
    return "; ".join(said)


def _outside_brackets(text: str) -> str:
    """``text`` with what is in brackets blanked: "Chair (Jo Bloggs, Manager)" has no comma outside."""
    out, depth = [], 0
    for char in text:
        depth += char == "("
        out.append(char if depth == 0 else " ")
        depth -= char == ")" and depth > 0
    return "".join(out)


def _split_outside_brackets(text: str, mark: str) -> list[str]:
    """``text`` split at each ``mark`` that is not in brackets."""
    blank = _outside_brackets(text)
    pieces, start = [], 0
    for at, char in enumerate(blank):
        if char == mark:
            pieces.append(text[start:at])
            start = at + 1
    return [*pieces, text[start:]]


def _joined(cell: Cell) -> str:
    return " ".join(p.text for p in cell.paras if p.text)


def _lines(texts: Iterable[str]) -> str:
    """Paragraphs as one line that still shows where each ended: a '; ' after one that
    ends with no stop ("Map tensions; Mapping complete. Group set up")."""
    out = ""
    for text in texts:
        if out:
            # A list's "school staff; and" goes on as written ("...; and taxi drivers").
            out += " " if out[-1] in ".;:!?," or re.search(r"\b(?:and|or)$", out) else "; "
        out += text
    return out


def _texts(cell: Cell) -> str | list[str]:
    """One text, or a list when the cell has several paragraphs or bullets."""
    texts = [p.text for p in cell.paras if p.text]
    return texts[0] if len(texts) == 1 else texts


class _Builder:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.theme: Node | None = None
        self.objective: Node | None = None
        self.last: list[Node] = []  # the actions of the last row
        self.theme_numbers: set[int] = set()
        self.roman_themes = False  # themes numbered I, II, III (so a lone I is one, not the ninth letter)
        self.heading_level: int | None = None  # the heading level (1: Heading 1) of themes' headings
        self.pending_notes: list[str] = []  # headings with no actions, for the next objective's notes
        #: The words a theme's heading was labelled with ("The Cross-Government Hate Crime Action Plan
        #: Objective:"), when one was read from a heading followed by an objective's: a later heading
        #: so labelled, with no action of its own, is the next theme.
        self.lift_label: str | None = None
        self.lifted: Node | None = None  # the theme last read so (a theme heading of its own is not)
        self.objective_ids: set[str] = set()
        self.action_ids: set[str] = set()
        self.reserved: set[str] = set()  # action numbers the table gives, kept for their rows
        # Actions kept as the table numbers them without a dot (1, ii, b), each with its objective:
        # renumbered after their objectives (1.ii) once the table numbers afresh under a heading.
        self.bare: list[tuple[Node, Node, Node, str]] = []  # theme, objective, action, number
        self.afresh: str | None = None  # once numbered afresh: under each "theme" or each "objective"
        self.theme_source: str | None = None  # the theme cell's text, for a theme column
        self.objective_source: str | None = None  # the objective cell's text, for an objective column
        self.objective_cols: set[int] = set()  # columns read as the objective's own
        self.others_said: set[str] = set()  # headers of columns hcplan does not know, said once each
        self.list_ends: set[str] = set()  # leads written last in a list split at commas ("X, Y and Z")
        self.alone: set[str] = set()  # leads written alone in a cell

    # headings ---------------------------------------------------------------------

    def heading_text(
        self,
        text: str,
        where: str,
        *,
        paragraph: bool = False,
        title: bool = False,
        objectives_below: bool = False,
        heading: int = 0,
        near: bool = True,
    ) -> None:
        """A heading row (or a paragraph between tables): a theme, an objective, or a title.

        ``objectives_below``: the table has an objective column and no theme
        column, so a heading row across it is the level above its objectives,
        a theme, even when it calls itself an objective ("Objective 1: ...").
        """
        text = " ".join(text.split())
        if not text or self.rating_key(text, where):
            return
        measure = _MEASURE_START.match(text)
        if measure and self.objective is not None and not self.objective["actions"] and "measure" not in self.objective:
            # "Measure of Success - ..." under an objective's heading: that objective's measure.
            self.objective["measure"] = text[measure.end() :]
            self.objective.check("measure", f"{where}: the line under the objective's heading, read as its measure")
            return
        theme = _THEME.match(text)
        if theme and (theme[1] or theme[2]):
            self.new_theme(theme[1], theme[2], where)
            return
        if theme:  # the level's word alone ("Priority Areas"): a heading over the table, nothing to draft
            return
        if objectives_below and not paragraph:
            found = _OBJECTIVE.match(text) or _NUMBERED.match(text)
            number, words = (found[1], found[2]) if found and found[2] else (None, text)
            node = self.new_theme(number if number and number.isdigit() else None, words, where)
            node.check(
                "name",
                f"{where}: a row across the table, read as a theme: the table's objective column names the "
                "objectives under it",
            )
            return
        if paragraph:
            objective = _OBJECTIVE.match(text) if near else None
            named = _OBJECTIVE_SAID.search(text) if near and not objective else None
            if objective and objective[2]:
                self.new_objective(objective[1], objective[2], where)
            elif named and len(named[1].split()) >= 3:
                node = self.new_objective(None, named[1], where)
                node.check("text", f"{where}: the text before the table, read as an objective")
            elif heading and text != self.draft.title and not _looks_titled(text) and not _GENERIC.fullmatch(text):
                # A heading of the document's own (Heading 1, 2...) over a table: a theme, or,
                # deeper than the themes' headings, an objective.
                if self.heading_level is None or heading <= self.heading_level:
                    self.heading_level = heading
                    node = self.new_theme(None, text, where)
                    node.check("name", f"{where}: the heading before it, read as a theme")
                else:
                    self.new_objective(None, text, where)
            elif self.theme is None and _better_title(text, self.draft.title):
                self.draft.title, self.draft.title_from = text, f"the text before {where}"
            return
        objective = _OBJECTIVE.match(text) or _NUMBERED.match(text)
        # "The Cross-Government Hate Crime Action Plan Objective: Increase ..." names an
        # objective, though its words would make a title.
        said = _OBJECTIVE_SAID.search(text)
        if objective and objective[2]:
            self.new_objective(objective[1], objective[2], where)
        elif (
            title
            and self.objective is None
            and self.theme is None
            and not said
            and _better_title(text, self.draft.title)
        ):
            self.draft.title, self.draft.title_from = text, f"{where}, above the table's header"
        elif title and self.objective is None and self.theme is None and not said and _looks_titled(text):
            return  # a title again (a cover sheet gave one): no heading of the plan's
        elif (
            self.objective is not None
            and not self.objective["actions"]
            and self.objective_source is None
            and len(self.objective["text"].split()) <= 6  # a heading's few words
            and (text.endswith((".", "!")) or re.match(r"(?:we|our|to|this)\b", text, re.I))
            and len(text.split()) >= 6
        ):
            # A sentence under an objective's heading, before its actions: what the heading means.
            self.objective.setdefault("notes", []).append(text)
            self.objective.check("notes", f"{where}: the sentence under the objective's heading, kept in its notes")
        elif title and not said:
            # Above the header, a line that names no objective is about the plan ("Westford
            # Community Safety Partnership", "Last updated: 12 March 2024"): kept as a note.
            self.draft.notes.append((text, where))
        else:
            words = said[1] if said else text  # "Westford Strategic Goal - Support victims": its words
            node = self.new_objective(None, words, where)
            node.label = " ".join(text[: said.start(1)].split()).casefold() if said else None
            node.check("text", f"{where}: a row across the table, read as an objective; it may be a theme")

    def new_theme(self, number: str | None, rest: str, where: str) -> Node:
        wanted = self._theme_number(number) if number else None
        n = (
            wanted
            if wanted is not None and wanted not in self.theme_numbers
            else max(self.theme_numbers, default=0) + 1
        )
        node = Node(number=n)
        node.where, node.heading = where, " ".join(rest.split()).strip(" :.-–—") or None
        if wanted is not None and wanted != n:
            node.check("number", f"{where}: numbered {wanted} in the table, which an earlier theme has")
        name, aim = _name_and_aim(rest.strip(" :.-–—"))
        if name:
            node["name"] = name
        if aim:
            node["aim"] = aim
        node["objectives"] = []
        self.theme_numbers.add(n)
        self.draft.themes.append(node)
        self.theme, self.objective, self.last = node, None, []
        return node

    def _lift(self, empty: Node, where: str) -> None:
        """An objective's heading followed by another heading, before any action: the
        theme's name when the theme has none and no other objective, else kept in the
        next objective's notes (it would be dropped as an empty objective)."""
        theme = self.theme
        assert theme is not None
        words = empty["text"]
        lifted = f"{where}: a heading followed by another before any action, read as the theme"
        if "name" not in theme and "aim" not in theme and theme["objectives"] == [empty]:
            theme["objectives"].remove(empty)
            self.objective_ids.discard(empty["id"])
            name, aim = _name_and_aim(words.strip(" :.-–—"))
            theme.update({k: v for k, v in (("name", name), ("aim", aim)) if v})
            theme.heading = theme.heading or words
            theme["objectives"] = theme.pop("objectives")  # after its name and aim
            theme.check("name", lifted)
            self.lift_label, self.lifted = empty.label, theme
        elif self.lifted is theme and empty.label == self.lift_label and empty is not theme["objectives"][0]:
            # The table heads each part so (theme, objective, its actions; labelled alike, or not
            # at all): the next theme.
            theme["objectives"].remove(empty)
            self.objective_ids.discard(empty["id"])
            self.lifted = self.new_theme(None, words, where)
            self.lifted.check("name", lifted)
        else:
            theme["objectives"].remove(empty)
            self.objective_ids.discard(empty["id"])
            self.pending_notes.append(words)

    def _theme_number(self, written: str) -> int:
        """A theme's number as the table writes it: 3, III or C are all 3 (a lone I is
        one when it comes first or the themes are Roman, else the ninth letter)."""
        if written.isdigit():
            return int(written)
        value = roman_value(written)
        lone_i = written == "I" and not self.theme_numbers
        if value is not None and (len(written) > 1 or written.islower() or self.roman_themes or lone_i):
            self.roman_themes = True
            return value
        return ord(written.upper()) - ord("A") + 1

    def new_objective(self, number: str | None, text: str, where: str) -> Node:
        if self.theme is None:
            self.new_theme(None, "", where)
        assert self.theme is not None
        before = self.objective
        if before is not None and not before["actions"] and self.objective_source is None:
            # Two headings in a row: the first, with no actions of its own, is the level above.
            self._lift(before, where)
        text, measure = _objective_and_measure(text)
        wanted = number.rstrip(".") if number else None
        oid = wanted if wanted and wanted not in self.objective_ids else self._next_objective_id()
        node = Node(id=oid, text=text.rstrip(" :") or text)
        node.where, node.heading = where, " ".join(text.split())
        if wanted and wanted != oid:
            node.check("id", f"{where}: numbered {wanted} in the table, which an earlier objective has")
        if measure:
            node["measure"] = measure
            node.check(
                "measure",
                f"{where}: the heading's words after its measure of success (or target) read as the objective's measure",
            )
        if self.pending_notes:
            node["notes"], self.pending_notes = self.pending_notes, []
            node.check("notes", f"{where}: headings above this one with no actions of their own, kept in its notes")
        node["actions"] = []
        self.objective_ids.add(oid)
        self.theme["objectives"].append(node)
        self.objective, self.last = node, []
        self.objective_source, self.objective_cols = None, set()
        return node

    def _next_objective_id(self) -> str:
        n = len(self.objective_ids) + 1
        while str(n) in self.objective_ids:
            n += 1
        return str(n)

    def ensure_objective(self, where: str) -> Node:
        if self.objective is None:
            node = self.new_objective(None, "Actions", where)
            node.check("text", f"{where}: the table names no objective here; name this one, or move its actions")
        assert self.objective is not None
        return self.objective

    # tables -------------------------------------------------------------------------

    def table(self, table: Table, columns: _Columns) -> None:
        rows = table.rows
        header_texts = [_normal(c.text) for c in rows[columns.header_row]] if columns.header_row >= 0 else None
        for r in range(max(columns.header_row, 0)):
            self._pre_header(table, r)
        for c in columns.of("id"):
            for row in rows[columns.header_row + 1 :]:
                if not row[c].empty and not row[c].merged_above:
                    self.reserved.add(_bare_id(_joined(row[c])))
        objective_col = next(iter(columns.of("objective")), None)
        theme_col = next(iter(columns.of("theme")), None)
        spans = _spans(rows)
        r = columns.header_row + 1
        # Notes under the table come after its last action's row (a starred line among the
        # actions is one of them, a line in the progress column the action's own).
        action_col = columns.of("action")[0]
        last_action = max(
            (n for n in range(r, len(rows)) if not rows[n][action_col].empty and _footnote(rows[n], columns) is None),
            default=r - 1,
        )
        while r < len(rows):
            row = rows[r]
            where = table.row_where(r)
            if all(c.empty or c.covered or c.merged_above for c in row) and not any(c.merged_above for c in row):
                r += 1
                continue
            if header_texts is not None and [_normal(c.text) for c in row] == header_texts:
                r += 1
                continue
            footnote = _footnote(row, columns) if r > last_action else None
            if footnote is not None and not self.rating_key(footnote, where):
                self.draft.notes.append((footnote, where))
            if footnote is not None:
                r += 1
                continue
            key = _key_rows(rows, r)
            if key is not None and self.rating_key(key[0], where):  # a key to the ratings, under a row "RAG key"
                r = key[1]
                continue
            heading = self._heading(table, r, columns, header_texts)
            if heading is not None:
                self.heading_text(heading, where, objectives_below=objective_col is not None and theme_col is None)
                r += 1
                continue
            if theme_col is not None and not row[theme_col].merged_above and not row[theme_col].empty:
                text = _joined(row[theme_col])
                if self.theme is None or self.theme_source != text:
                    found = _THEME.match(text) or _NUMBERED.match(text)
                    if found and found[2]:
                        self.new_theme(found[1], found[2], where)
                    else:
                        self.new_theme(None, text, where)
                    self.theme_source = text
            if objective_col is not None and not row[objective_col].merged_above and not row[objective_col].empty:
                text = _joined(row[objective_col])
                if self.objective is None or self.objective_source != text:
                    found = _OBJECTIVE.match(text) or _NUMBERED.match(text)
                    number, words = (found[1], found[2]) if found and found[2] else (None, text)
                    node = self.new_objective(number, words, where)
                    self.objective_source = text
                    self._objective_cells(node, rows, r, columns, spans, objective_col)
            self._action_row(table, r, columns)
            r += 1

    def _pre_header(self, table: Table, r: int) -> None:
        texts = _distinct(table.rows[r])
        if texts:
            self.heading_text(" ".join(texts), table.row_where(r), title=True)

    def _heading(self, table: Table, r: int, columns: _Columns, header_texts: list[str] | None) -> str | None:
        """The text of row ``r`` if it is a heading rather than an action."""
        row = table.rows[r]
        fresh = [
            (c, cell) for c, cell in enumerate(row) if not cell.covered and not cell.merged_above and not cell.empty
        ]
        if not fresh:
            return None
        texts = _distinct(row)
        width = len(row)
        # One cell across (most of) the table.
        if len(fresh) == 1:
            c, cell = fresh[0]
            span = 1
            while c + span < width and row[c + span].covered:
                span += 1
            if span >= 2 and span * 2 >= width:
                return texts[0]
        # A row right before the header repeats (the objective of the rows under it), unless
        # it is an action's: its action cell and another named column filled (a table split
        # across pages repeats its header after any row).
        action_cols = set(columns.of("action"))
        filled = {c for c, _ in fresh}
        beside = [c for c in filled if columns.roles.get(c) in _ACTION_ROLES]
        if header_texts is not None and not (action_cols & filled and beside):
            for following in table.rows[r + 1 :]:
                if all(cell.empty for cell in following):
                    continue
                if [_normal(c.text) for c in following] == header_texts:
                    return " ".join(texts)
                break
        # Text only where no column is named, or a theme or objective heading in the first column alone.
        if all(c not in columns.roles for c, _ in fresh):
            return " ".join(texts)
        if len(fresh) == 1 and columns.roles.get(fresh[0][0]) not in ("objective", "theme"):
            text = texts[0]
            if ((theme := _THEME.match(text)) and theme[1]) or re.match(r"^(objective|theme)\b", text, re.I):
                return text
            # A lone short line among actions that are all numbered (a CSV has no merged cells).
            if self_numbered(table, columns) and _action_number(text)[0] is None and len(text.split()) <= 8:
                return text
            # A few words alone in the action column, over a row that is an action's: a heading.
            if (
                columns.roles.get(fresh[0][0]) == "action"
                and len(text.split()) <= 5
                and not text.rstrip().endswith((".", ";", ","))
                and _action_follows(table, r, columns)
            ):
                return text
            # Words, not a number, alone in the ID column: a heading typed where the numbers go.
            if (
                columns.roles.get(fresh[0][0]) == "id"
                and not _AN_ID.fullmatch(text)
                and re.search(r"[^\W\d_]{2}", text)
            ):
                return text
        return None

    def _objective_cells(
        self, node: Node, rows: list[list[Cell]], r: int, columns: _Columns, spans: dict[tuple[int, int], int], oc: int
    ) -> None:
        """Cells merged down over exactly the objective's rows belong to the objective."""
        length = spans.get((r, oc), 1)
        if length < 2:
            return
        for c, role in columns.roles.items():
            if role in ("outcome", "measure", "funding", "partners", "status") and spans.get((r, c), 1) == length:
                cell = rows[r][c]
                if cell.empty and not (role == "status" and cell.fill):
                    continue
                self._put(node, role, cell, cell.where)
                node.check(role, f"{cell.where}: merged over the objective's rows, so read as the objective's")
                self.objective_cols.add(c)

    def _objective_row(self, node: Node, row: list[Cell], columns: _Columns) -> None:
        """The other cells of an objective's own row: what an objective holds (its rating, its
        progress, measure, outcome, partners, funding) is its; the rest (a lead, a due,
        which an objective has not) is kept in its notes, with a CHECK."""
        for c, role in columns.roles.items():
            cell = row[c]
            if role in ("action", "objective", "theme", "id") or cell.merged_above or (cell.empty and not cell.fill):
                continue
            header = columns.headers.get(c, "")
            if role in ("status", "progress", "outcome", "measure", "funding", "partners"):
                self._put(node, role, cell, cell.where, header)
            elif not cell.empty:
                node.setdefault("notes", []).append(f"{header or role}: {_joined(cell)}")
                node.check("notes", f"{cell.where}: an objective has no {role}: its cell is kept in the notes")

    def _action_row(self, table: Table, r: int, columns: _Columns) -> None:
        row = table.rows[r]
        where = table.row_where(r)
        taken = self.objective_cols
        action_col = columns.of("action")[0]
        action_cell = row[action_col]
        if action_cell.merged_above or action_cell.empty:
            # More about the actions above (a merged action cell, or a row that continues one).
            filled = [c for c in columns.roles if c not in taken and not row[c].empty and not row[c].merged_above]
            others = [c for c in filled if columns.roles[c] not in ("action", "objective", "theme", "id")]
            if not others:
                if any(columns.roles[c] == "id" for c in filled):
                    self.draft.skipped.append(
                        located(self.draft.path, where, "a number with no action beside it: left out")
                    )
                return
            if not self.last:
                self.draft.skipped.append(
                    located(self.draft.path, where, "a row with no action, and no action above it: left out")
                )
                return
            for node in self.last:
                for c in others:
                    self._put(node, columns.roles[c], row[c], row[c].where, columns.headers.get(c, ""))
                node.check(None, f"{where}: a row with no action of its own; its cells were added to the action above")
            return
        ids = [_joined(row[c]) for c in columns.of("id") if not row[c].empty and not row[c].merged_above]
        named = _OBJECTIVE_REF.fullmatch(ids[0]) if ids else None
        if named is not None:  # the Ref column says "Objective 2": the row is an objective's heading
            node = self.new_objective(named[1], _joined(action_cell), where)
            node.check("text", f"{where}: numbered '{ids[0]}' in the table, read as an objective")
            self._objective_row(node, row, columns)
            return
        objective = self.ensure_objective(where)
        texts, progress, split = _action_texts(action_cell)
        made: list[Node] = []
        for n, text in enumerate(texts):
            number, text = _action_number(text)
            wanted = number
            said_apart = None  # what the ID column says, when the text numbers the action otherwise
            if ids:
                given = ids[0] if len(texts) == 1 else f"{ids[0].rstrip('.*')}{chr(ord('a') + n) if n < 26 else n + 1}"
                if number and _bare_id(number) != _bare_id(given):
                    said_apart = given
                # A Ref column of the objective's number ("1") beside a text that numbers the action
                # within it ("1.1 Promote True Vision"): the text's is the action's.
                if not (number and len(texts) == 1 and _bare_id(number).startswith(_bare_id(ids[0]).rstrip(".") + ".")):
                    wanted = given
            bare = _bare_id(wanted) if wanted and _LOCAL_NUMBER.fullmatch(_bare_id(wanted)) else None
            theme = self.theme
            assert theme is not None
            if bare is not None:
                # Numbered afresh: the first number under this heading is the table's very first again.
                first_here = all(o is not objective for _, o, _, _ in self.bare)
                if not self.afresh and first_here and self.bare and self.bare[0][3] == bare:
                    new_theme = all(t is not theme for t, _, _, _ in self.bare)
                    said = next(
                        (row[c].where for c in columns.of("id") if not row[c].empty and not row[c].merged_above),
                        action_cell.where,
                    )
                    self._number_afresh(said, "theme" if new_theme else "objective")
                if self.afresh:
                    wanted = f"{self._under(theme, objective)}.{bare}"
            aid = self._action_id(objective, wanted)
            node = Node(id=aid, text=text)
            if bare is not None and not self.afresh and aid == bare:
                self.bare.append((theme, objective, node, bare))
            if said_apart is not None:
                taken_from = (
                    f"its text's {number}, where the ID column says {said_apart}"
                    if wanted == number
                    else (f"the ID column's {said_apart}; its text began '{number}', left out of it")
                )
                node.check("id", f"{action_cell.where}: numbered {taken_from}")
            if wanted and _bare_id(wanted) != aid:
                node.check("id", f"{action_cell.where}: numbered {wanted} in the table, which another action has")
            elif wanted and wanted.endswith("*"):
                node.check(
                    "id",
                    f"{action_cell.where}: numbered {wanted} in the table: the mark after it (a footnote?) is not part of the ID",
                )
            if split:
                node.check(
                    None, f"{action_cell.where}: bullet {n + 1} of {len(texts)} in one cell, made an action of its own"
                )
            made.append(node)
        for node in made:
            for c, role in columns.roles.items():
                if role == "action" and c != action_col and c not in taken:
                    self._more_action(node, _above(table.rows, r, c), columns.headers.get(c, ""), columns.mapped)
                if role in ("action", "objective", "theme", "id") or c in taken:
                    continue
                cell = _above(table.rows, r, c)
                if cell is None:
                    continue
                self._put(node, role, cell, cell.where, columns.headers.get(c, ""))
            for para in progress:
                for entry in entries(para):
                    self._progress(node, entry, action_cell.where)
            _date_progress(node)
            objective["actions"].append(node)
        self.last = made

    def _more_action(self, node: Node, cell: Cell | None, header: str, mapped: dict[str, str]) -> None:
        """A second column of what the action is ("How we will do it" beside "What we will
        do"): its words are the action's too, after the first column's. One only guessed
        from a word of its header ("Action taken", "Action plan ref") is kept in the notes,
        as a column hcplan cannot name is."""
        if cell is None or cell.empty:
            return
        if _normal(header) not in HEADERS["action"] and mapped.get(_normal(header)) != "action":
            self._put(node, OTHER, cell, cell.where, header)
            return
        node["text"] = _lines([node["text"], *(p.text for p in cell.paras if p.text)])
        node.check("text", f"{cell.where}: the column '{header}' says more of the action: its words were added to it")

    def _number_afresh(self, where: str, under: str) -> None:
        """The table numbers its actions afresh ``under`` each theme or each objective (1,
        2, 3 in one, 1 again in the next): each action kept as numbered is numbered after
        its theme or objective (2.1, 1.ii), as every later one will be."""
        self.afresh = under
        for n, (theme, objective, node, bare) in enumerate(self.bare):
            qualified = f"{self._under(theme, objective)}.{bare}"
            if qualified in self.action_ids or qualified in self.reserved:
                continue
            self.action_ids.discard(node["id"])
            self.action_ids.add(qualified)
            node["id"] = qualified
            if n == 0:
                owner = f"theme {theme['number']}" if under == "theme" else f"objective {objective['id']}"
                node.check(
                    "id",
                    f"{where}: the table numbers its actions afresh under each {under}, so each is numbered "
                    f"after its {under} ({qualified} is {owner}'s {bare})",
                )
        self.bare = []

    def _under(self, theme: Node, objective: Node) -> str:
        """What an action numbered afresh is numbered after: its theme's number or its objective's ID."""
        return str(theme["number"]) if self.afresh == "theme" else str(objective["id"])

    def _action_id(self, objective: Node, wanted: str | None) -> str:
        if wanted:
            wanted = _bare_id(wanted)
            if wanted and wanted not in self.action_ids:
                self.action_ids.add(wanted)
                return wanted
        n = len(objective["actions"]) + 1
        while f"{objective['id']}.{n}" in self.action_ids or f"{objective['id']}.{n}" in self.reserved:
            n += 1
        aid = f"{objective['id']}.{n}"
        self.action_ids.add(aid)
        return aid

    # what a cell says ---------------------------------------------------------------

    def _put(self, node: Node, role: str, cell: Cell, where: str, header: str = "") -> None:
        if role == "status":
            self._status(node, cell, where)
            return
        if cell.empty:
            return
        if role in ("leads", "partners"):
            names, split = _split_names(cell)
            key = role
            written = node.setdefault(key, [])
            cleaned = [without_contacts(named) for named in names]
            # An address on its own among the cell's names is the first name's ("Jo Bloggs,
            # jo.bloggs@..."); named after itself only when the cell names no one else.
            others = [n for n, found in enumerate(cleaned) if found.name and not found.after_address]
            for n, found in enumerate(cleaned):
                if found.after_address and others:
                    first = cleaned[others[0]]
                    cleaned[others[0]] = first._replace(email=first.email or found.email)
                    cleaned[n] = Named("", None, found.phones)
            # "X, Y and Z": the last of a list split at its commas may join two names in words.
            last_of_list = cleaned[-1].name if split and "','" in split and len(cleaned) > 1 else None
            # A cell whose every name is written as supporting leads all the same: an action has a lead.
            supporters = [
                m for found in cleaned if (m := _ROLE_MARK.fullmatch(found.name)) and m[2].casefold() not in _LEAD_ROLES
            ]
            all_support = len(supporters) == len([found for found in cleaned if found.name])
            for name, email, phones, after_address in cleaned:
                ends_list = name == last_of_list
                if email or phones:
                    said = _contacts_said(email, phones, role, named_after=after_address)
                    node.check(key, f"{where}: {said}")
                if not name:
                    continue
                marked = _ROLE_MARK.fullmatch(name)
                if marked is not None:  # "Police (lead)", "Council (support)": a role, not part of the name
                    name, supports = marked[1], marked[2].casefold() not in _LEAD_ROLES
                    if role == "leads" and supports and not all_support:
                        node.check("partners", f"{where}: written '{marked[0]}' among the leads: a partner")
                        if name not in node.setdefault("partners", []):
                            node["partners"].append(name)
                        continue
                    node.check(key, f"{where}: written '{marked[0]}': the role in brackets is left out of the name")
                if role == "leads":
                    name = self._lead(name, node, where)
                    if ends_list:
                        self.list_ends.add(name)
                    elif len(cleaned) == 1:
                        self.alone.add(name)  # a cell of its own: one name, whatever its words
                    if email:
                        self.draft.lead_emails.setdefault(name, email)
                if name not in written:
                    written.append(name)
            if split:  # said with the names kept (contact details are no names)
                kept = sum(1 for found in cleaned if found.name)
                # Quoted without its contact details: a plan keeps no telephone number.
                quoted = " ".join(without_contacts(cell.text).name.split())
                node.check(key, f'{where}: "{quoted}" was split at {split} into {kept} name{"s" * (kept != 1)}')
        elif role == "due":
            text = _lines(p.text for p in cell.paras if p.text)
            if "due" in node and node["due"] != text:
                node.setdefault("notes", []).append(f"Also due: {text}")
                node.check("notes", f"{where}: a second due for one action, kept in its notes")
            else:
                node["due"] = text
            day = due_day(text)
            if day is not None:
                self.draft.due_days.append((day, where))
        elif role == "start":
            text = _lines(p.text for p in cell.paras if p.text)
            node.setdefault("notes", []).append(f"Starts: {text}")
            node.check("notes", f"{where}: when it starts ({header or 'start'}), kept in its notes")
        elif role == "updated":
            text = _joined(cell).strip()
            try:  # a day, perhaps with its time ("14/11/2024 10:32", Excel's "2024-11-14 10:32:00")
                day = read_day(re.sub(r"[ T]\d{1,2}:\d{2}(?::\d{2})?$", "", text))
            except ValueError:
                day = None
            if day is not None:
                node.updated_on = (day, where, header or "Updated")
            elif find_date(text)[0] is not None and re.search(r"[A-Za-z]{3,}", find_date(text)[2]):
                self._put(node, "progress", cell, where, header)  # "14 Nov 2024 - workshop held": progress
            else:
                node.setdefault("notes", []).append(f"{header or 'Updated'}: {text}")
                node.check("notes", f"{where}: '{text}' under '{header}' is no day; kept in its notes")
        elif role == "progress":
            column_day, quarter = header_time(header)
            for para in cell.paras:
                for entry in entries(para) if para.text else ():
                    self._progress(node, entry, where, column_day, header if quarter else None)
        elif role in ("outcome", "measure"):
            value = _texts(cell)
            if role in node:
                before = node[role] if isinstance(node[role], list) else [node[role]]
                node[role] = before + (value if isinstance(value, list) else [value])
            else:
                node[role] = value
        elif role == "funding":
            node["funding"] = (node["funding"] + " " if "funding" in node else "") + _joined(cell)
        elif role == "notes":
            node.setdefault("notes", []).extend(p.text for p in cell.paras if p.text)
        elif role == OTHER:
            node.setdefault("notes", []).append(f"{header}: " + "\n".join(p.text for p in cell.paras if p.text))
            if header not in self.others_said:
                self.others_said.add(header)
                node.check(
                    "notes",
                    f"{where}: hcplan does not know the column '{header}', so its cells are kept in the notes "
                    f"(internal); if it is one it reads, say so with --column '{header}=FIELD' (hcplan new --help)",
                )

    def rating_key(self, text: str, where: str) -> bool:
        """Whether ``text`` is the table's key to its ratings ("RAG: Green – on track; Amber –
        some slippage"), noted in the draft: what each of its labels means. A key of which
        two labels at least are ratings the table uses is one; when it names others too
        ("Blue – complete" beside a Green, Amber, Red table), it is kept as a note as well,
        so that nothing it says is lost. ("Key: VS = Victim Support" is no key to ratings.)"""
        found = rating_key(text)
        if found is None:
            return False
        used = {fold(label) for label in self.draft.labels.values()}
        used |= {colour for label in self.draft.labels.values() if (colour := names_colour(label))}
        if not self.draft.labels:  # a key above the table, before any rating is read: its colours'
            used = {colour for label in found if (colour := names_colour(label)) and colour == label}
        rated = [label for label in found if label in used]
        if len(rated) < 2:
            return False
        self.draft.meanings.update({k: v for k, v in found.items() if k not in self.draft.meanings})
        self.draft.meanings_from = self.draft.meanings_from or where
        if len(rated) < len(found):
            self.draft.notes.append((text, where))
        return True

    def _split_joined_leads(self) -> None:
        """A lead written "SLHD Hate Crime Lead and Doncaster CVS" (the end of a list "X, Y and
        Z", split at its commas) is two leads when the table names each of them elsewhere on
        its own, or (the end of such a list) names one of them of two words or more and each
        has two words or more, and the table never writes it alone in a cell. Otherwise it
        stays one: "Police and Crime Commissioner", or "Mental Health and Wellbeing Service"
        beside a lead "Mental Health", is one name."""
        leads = self.draft.leads
        nodes = [n for t in self.draft.themes for o in t["objectives"] for n in (o, *o["actions"])]
        joined: dict[str, list[str]] = {}
        named: dict[str, list[str]] = {}  # the parts named on their own elsewhere
        for name in list(leads.values()):
            parts = [p.strip() for p in _JOINED.split(name)]
            known = [fold(p) in leads for p in parts]
            listed = name in self.list_ends and name not in self.alone and all(len(p.split()) >= 2 for p in parts)
            if len(parts) < 2 or not (all(known) or (listed and any(known))):
                continue
            named[name] = [leads[fold(p)] for p in parts if fold(p) in leads]
            joined[name] = [leads.setdefault(fold(p), p) for p in parts]
        if not joined:
            return
        for node in nodes:
            written = node.get("leads")
            if not written or not any(name in joined for name in written):
                continue
            node["leads"] = list(dict.fromkeys(part for name in written for part in joined.get(name, [name])))
            for name in written:
                if name in joined:
                    said = " and ".join(repr(p) for p in joined[name])
                    node.check(
                        "leads",
                        f"'{name}' read as {len(joined[name])} leads, {said} (the table names "
                        f"{' and '.join(repr(p) for p in named[name])} on its own elsewhere); if it is one "
                        "name, join them again",
                    )
        for name in joined:
            del leads[fold(name)]
            email = self.draft.lead_emails.pop(name, None)
            if email is not None:
                self.draft.lead_emails.setdefault(joined[name][0], email)

    def _lead(self, name: str, node: Node, where: str) -> str:
        folded = fold(name)
        if folded in self.draft.leads:
            known = self.draft.leads[folded]
            if known != name:
                node.check("leads", f"{where}: written '{name}', as '{known}' elsewhere")
            return known
        self.draft.leads[folded] = name
        return name

    def _status(self, node: Node, cell: Cell, where: str) -> None:
        text = _joined(cell)
        if not text and cell.fill:
            colour = fill_colour(cell.fill)
            if colour is None:
                return
            text = colour.capitalize()
            node.check("status", f"{where}: the cell has no words; its colour (#{cell.fill}) read as {text}")
        if not text:
            return
        split = rating_and_comment([p.text for p in cell.paras])
        if split is not None:  # "Amber - awaiting funding decision": a rating, and progress
            text, comment = split
            node.check(
                "status", f"{where}: '{_lines(p.text for p in cell.paras)}' read as the rating '{text}' and progress"
            )
            self._progress(node, Para(comment), where)
        letter = RAG_LETTERS.get(text.strip(" .").casefold())
        if letter is not None:  # "G": the colour word, one label with the cells coloured green
            node.check("status", f"{where}: written '{text}', read as {letter}")
            text = letter
        folded = " ".join(text.split()).casefold()
        written = self.draft.labels.get(folded, " ".join(text.split()))
        if "status" in node and node["status"] != written and cell.hidden and not node.status_hidden:
            # A column no one reading the sheet sees: its rating is not the one the plan shows.
            node.setdefault("notes", []).append(f"Rating in a hidden column ({where}): {written}")
            node.check(
                "status", f"{where}: a hidden column rates it {written}; the visible rating, {node['status']}, is kept"
            )
            return
        label = self.draft.labels.setdefault(folded, written)
        if cell.fill and label not in self.draft.label_fills:
            self.draft.label_fills[label] = cell.fill
        if "status" in node and node["status"] != label:
            earlier = node["status"]
            node.setdefault("notes", []).append(f"Earlier rating: {earlier}")
            node.check(
                "status",
                f"{where}: a second rating, {label}, where an earlier column said {earlier}: the later is taken",
            )
        elif cell.hidden:
            node.check("status", f"{where}: read from a column the sheet hides: check it is the rating to publish")
        node["status"] = label
        node.status_hidden = cell.hidden

    def _progress(
        self, node: Node, para: Para, where: str, column_day: date | None = None, column: str | None = None
    ) -> None:
        """A paragraph of progress: an update if it is dated, more of the update
        above if it follows one, or else undated progress. ``column_day``: the day
        the column's header names ("Q1 update (June 2024)"), for a paragraph that
        names none; ``column``: a header that names a quarter only, kept with it."""
        label = _UPDATE_LABEL.match(para.text)
        if label and para.text[label.end() :].strip():  # "Update – The strategy was launched": the words
            para = Para(para.text[label.end() :], para.bullet)
        day, month_only, rest = find_date(para.text)
        if (
            day is None
            and column_day is not None
            and (not node.get("updates") or node["updates"][-1]["date"] != column_day)
        ):  # the first paragraph of this column's cell: an update of its own
            update = Node(date=column_day, text=para.text)
            update.written = para.text
            update.check("date", f"{where}: dated by its column's header, the last day of the month it names")
            node.setdefault("updates", []).append(update)
            return
        if day is None and column is not None:
            undated(node).append(f"{column}: {para.text}")
            return
        if day is not None:
            update = Node(date=day, text=rest)
            update.written = para.text
            if month_only:
                update.check("date", f"{where}: dated by its month only; the 1st of the month is used")
            quarter = _quarter_return(para.text, day)
            if quarter is not None:  # "Q1 2023/24: 12 sites": that quarter's return
                update = Node(date=day, quarter=quarter, text=rest)
                update.written = para.text
                update.check("date", f"{where}: the {quarter} return, dated the quarter's last day")
            node.setdefault("updates", []).append(update)
        elif node.get("updates") and "quarter" not in node["updates"][-1]:
            last = node["updates"][-1]
            last["text"] += " " + para.text
            last.written = f"{last.written} {para.text}"
        else:  # a quarter's return is its labelled words: what follows is not more of it
            undated(node).append(para.text)

    def finish(self) -> Draft:
        self._split_joined_leads()
        # A theme or objective left empty by the table's layout (a heading with no action
        # after it) is no part of the plan; its words are kept as a note to the table.
        for theme in self.draft.themes:
            kept = [o for o in theme["objectives"] if o["actions"] or len(o) > 3]
            if not kept and theme.where and theme.heading:
                self.draft.notes.append((theme.heading, theme.where))
            self.draft.notes += [
                (o.heading or o["text"], o.where) for o in theme["objectives"] if o not in kept and o.where
            ]
            theme["objectives"] = kept
        self.draft.themes = [t for t in self.draft.themes if t["objectives"]]
        return self.draft


def _action_follows(table: Table, r: int, columns: _Columns) -> bool:
    """Whether the next row with words after row ``r`` is an action's: its action cell and
    one that only an action fills (a lead, a due, a rating...)."""
    for row in table.rows[r + 1 :]:
        filled = {c for c, cell in enumerate(row) if not cell.empty and not cell.covered and not cell.merged_above}
        if not filled:
            continue
        return bool(filled & set(columns.of("action"))) and any(columns.roles.get(c) in _ACTION_ROLES for c in filled)
    return False


#: A key to a table's ratings: "RAG: Green – on track; Amber – some slippage", "Key: G = done, A = ...".
_KEY_START = re.compile(
    r"\s*(?:rag(?:\s+(?:status|rating))?(?:\s+key)?|(?:status\s+|rating\s+)?key)\s*[:\-–—]\s*", re.I
)
_KEY_PAIR = re.compile(r"\s*([^\W\d_][\w /]{0,30}?)\s*(?:=|:|\s[-–—]|[–—])\s*(\S[^;|\n]*)")


#: A row that heads a key to the ratings laid out as rows below it: "RAG key", "Key".
_KEY_HEADING = re.compile(r"(?:(?:rag|rating|status)(?:\s+(?:status|rating))?\s+)?key(?:\s+to\s+\w+)?\s*:?", re.I)


def _key_rows(rows: list[list[Cell]], r: int) -> tuple[str, int] | None:
    """A key to the ratings laid out as rows from row ``r`` ("RAG key" alone on its row,
    then a label and what it means on each: "R | Off track"), as one key's text, and the
    row after it; None when row ``r`` heads no such key."""

    def said(row: list[Cell]) -> list[str]:
        return [_joined(c) for c in row if not c.empty and not c.covered and not c.merged_above]

    if [bool(_KEY_HEADING.fullmatch(t.strip())) for t in said(rows[r])] != [True]:
        return None
    pairs, n = [], r + 1
    while n < len(rows) and len(found := said(rows[n])) == 2 and len(found[0]) <= 20:
        pairs.append(f"{found[0]} = {found[1]}")
        n += 1
    return ("Key: " + "; ".join(pairs), n) if len(pairs) >= 2 else None


def rating_key(text: str) -> dict[str, str] | None:
    """What a key to the ratings says each means, by the label folded (a letter as the colour
    it stands for: "g" is "green"); None when ``text`` is no such key (two labels at least)."""
    start = _KEY_START.match(text)
    if start is None:
        return None
    said = text[start.end() :].strip(" .")
    # Commas part the pairs too ("G = done, A = slipping; R = stuck"), unless that leaves a
    # part that is no pair: then a meaning holds a comma ("A – in progress, some slippage").
    for parts in (r"\s*[;,|\n]\s*", r"\s*[;|\n]\s*"):
        pairs = [_KEY_PAIR.fullmatch(part) for part in re.split(parts, said)]
        if len(pairs) >= 2 and all(pair is not None for pair in pairs):
            break
    else:
        return None
    meanings = {}
    for pair in pairs:
        assert pair is not None
        label = pair[1].strip()
        meanings[fold(RAG_LETTERS.get(label.casefold(), label))] = pair[2].strip(" .")
    return meanings


#: Where a lead's cell joins two names in words ("Police and Victim Support", "Police & Council").
_JOINED = re.compile(r"\s+(?:and|&)\s+", re.I)

#: Headings that name a part of a document, not a theme ("Actions", "Introduction").
_GENERIC = re.compile(
    r"(?:the\s+)?(?:actions?|introduction|background|contents|summary|overview|appendix\b.*|annex\b.*|"
    r"key|glossary|foreword|purpose|scope|context|next steps)\s*:?",
    re.I,
)


def _date_progress(node: Node) -> None:
    """The row's progress written without a date, dated by the row's "Last updated" column:
    one update of that day (its date had been made an update of its own words)."""
    found = node.updated_on
    if found is None:
        return
    day, where, header = found
    if not node.get("progress"):  # a day with no words to date: kept, not made an update
        node.setdefault("notes", []).append(f"{header}: {long_date(day)}")
        return
    update = Node(date=day, text=_lines(node.pop("progress")))
    update.written = update["text"]
    update.check("date", f"{where}: dated by the column '{header}'")
    node.setdefault("updates", []).append(update)


def undated(node: Node) -> list[str]:
    """Where undated progress goes: an action's ``progress``; an objective has
    none, so its notes."""
    return node.setdefault("notes" if "actions" in node else "progress", [])


_TITLE_WORDS = re.compile(r"\b(?:plan|strategy|programme|tracker|work ?plan)\b", re.I)


def _better_title(text: str, title: str | None) -> bool:
    """Whether ``text`` (a row above the header, a paragraph before the table)
    is the title, rather than ``title`` found above it: a marking such as
    OFFICIAL or Appendix A gives way to a line that reads as a plan's title."""
    if title is None:
        return True
    return not _looks_titled(title) and _looks_titled(text)


def _looks_titled(text: str) -> bool:
    return bool(_TITLE_WORDS.search(text) or YEAR_RANGE.search(text))


def _name_and_aim(text: str) -> tuple[str | None, str | None]:
    """``Co-ordination: Ensure that ...`` is a name and an aim; a text alone is a name, however
    long ("Improving support for victims of hate crime"): a theme is found and filtered by it."""
    if not text:
        return None, None
    # The first mark that ends a short name: "Reporting – Increase reporting: by victims" is
    # Reporting, with the rest its aim.
    found = [(text.find(mark), mark) for mark in (":", " - ", " – ", " — ") if mark in text]
    for at, mark in sorted(found):
        name, aim = text[:at], text[at + len(mark) :]
        if name.strip() and aim.strip() and len(name.split()) <= 6:
            return name.strip(), aim.strip()
    return text, None


def _objective_and_measure(text: str) -> tuple[str, str | None]:
    found = _MEASURE_SPLIT.search(text)
    if found and found.start() > 0 and text[found.end() :].strip():
        return text[: found.start()].strip(" :-–—"), text[found.end() :].strip()
    return text, None


def _action_texts(cell: Cell) -> tuple[list[str], list[Para], bool]:
    """The actions a cell holds, the progress written in it ("Update – ..."), and
    whether a bullet list was split into several actions."""
    paras = [part for p in cell.paras if p.text for part in _at_update_lines(p)]
    progress = [p for p in paras if UPDATE_START.match(p.text) and p is not paras[0]]
    rest = [p for p in paras if p not in progress]
    if len(rest) >= 2 and all(p.bullet for p in rest):
        return [p.text for p in rest], progress, True
    return [_lines(p.text for p in rest)], progress, False


def _at_update_lines(para: Para) -> list[Para]:
    """``para``, cut where a line after a line break (Shift+Enter in Word) starts progress
    ("Update – The strategy was launched..."), as a paragraph of its own would be."""
    starts = [k for k, line in enumerate(para.lines) if k and _progress_label(line)]
    if not starts:
        return [para]
    cut = [0, *starts, len(para.lines)]
    parts = [" ".join(para.lines[a:b]) for a, b in zip(cut, cut[1:])]
    tail = " ".join(parts[1:])
    head = para.text[: -len(tail)].strip() if para.text.endswith(tail) else parts[0]
    return [Para(head, para.bullet, mark=para.mark), *(Para(part) for part in parts[1:])]


def _quarter_return(text: str, day: date) -> str | None:
    """The quarter a progress entry is labelled the return of ("Q1 2023/24: ..."), named as
    a plan names a financial year's quarter (Q1 2023-24), when ``day`` is its last day."""
    from hcplan.changes.draft_dates import QUARTER_LABEL
    from hcplan.format.dates import parse_quarter

    found = QUARTER_LABEL.match(UPDATE_START.sub("", text.strip(), count=1))
    if found is None:
        return None
    try:
        quarter = parse_quarter(f"Q{found[1]} {found[2]}")
    except ValueError:
        return None
    return quarter.name if quarter is not None and quarter.end == day else None


def _progress_label(line: str) -> bool:
    """Whether ``line`` starts with progress's label ("Update –", "Q2 update:", "Comment:",
    "Update 14/11/2024 ..."): the word with its colon or dash, or a day after it; "Update
    the website" is what is to be done."""
    found = UPDATE_START.match(line)
    return found is not None and (any(c in found.group() for c in ":-–—") or line[found.end() :][:1].isdigit())


def _action_number(text: str) -> tuple[str | None, str]:
    found = _ACTION_NUMBER.match(text)
    return (found[1] + found[2], found[3]) if found else (None, text)  # "1d*": its footnote mark said


def self_numbered(table: Table, columns: _Columns) -> bool:
    """True when every action of ``table`` that has a lead or due starts with a number."""
    action = columns.of("action")[0]
    others = [c for c, role in columns.roles.items() if role not in ("action", "objective", "theme", "id")]
    full = [
        row[action]
        for row in table.rows[columns.header_row + 1 :]
        if any(not row[c].empty for c in others) and not row[action].empty
    ]
    return bool(full) and all(_action_number(cell.paras[0].text)[0] is not None for cell in full)


def _distinct(row: list[Cell]) -> list[str]:
    texts: list[str] = []
    for cell in row:
        if cell.covered or cell.merged_above or cell.empty:
            continue
        text = " ".join(cell.text.split())
        if text not in texts:
            texts.append(text)
    return texts


def _spans(rows: list[list[Cell]]) -> dict[tuple[int, int], int]:
    """For each cell a vertical merge starts in, how many rows it covers."""
    spans: dict[tuple[int, int], int] = {}
    for c in range(len(rows[0]) if rows else 0):
        start = None
        for r, row in enumerate(rows):
            if row[c].merged_above and start is not None:
                spans[(start, c)] += 1
            else:
                start = r
                spans[(r, c)] = 1
    return spans


def _above(rows: list[list[Cell]], r: int, c: int) -> Cell | None:
    """The cell at ``r``, ``c``, or the one its vertical merge starts in."""
    while r > 0 and rows[r][c].merged_above:
        r -= 1
    cell = rows[r][c]
    return None if cell.empty and not cell.fill else cell


__all__ = [
    "ROLES",
    "Draft",
    "DraftError",
    "parse_columns",
    "read_draft",
]
