"""Read a spreadsheet someone sent: an .xlsx workbook or a CSV file, as grids of cells.

This is the one way hcplan reads spreadsheets it is given: partners' returns
here (:func:`read_sheets`), and a council's plan table through
:mod:`hcplan.files.tables_in`, which takes the file's bytes, the checks of a
workbook and the CSV reader from here (:func:`read_limited`,
:func:`vet_workbook`, :func:`csv_records`). Such files come from other
people's spreadsheet programs, so everything about a file is checked before
it is trusted, and every refusal says what to do:

* a file over :data:`MAX_BYTES`, or a workbook that would unpack to more than
  :data:`MAX_UNPACKED` (a zip bomb), is refused before it is opened;
* a password-protected workbook, an old ``.xls`` one, an OpenDocument
  spreadsheet and a corrupt file are each named as such;
* a CSV file is read as UTF-8 (with or without a byte order mark) or UTF-16
  with one; any other encoding is refused at the first byte that is not, with
  how to save it as UTF-8. Its separator may be a comma, a semicolon or a tab.

Cells keep their types (text, numbers, real dates) and whether they hold a
formula, so the reader of the returns can refuse what it cannot trust.
Workbooks are read with openpyxl, imported here only when one is read (with
defusedxml present, openpyxl parses the XML defensively).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from hcplan.errors import HcplanError
from hcplan.problems import CellProblem, Severity, cell_name

#: A file larger than this is refused unread. A workbook for a thousand
#: actions is well under 1 MB.
MAX_BYTES = 20 * 1024 * 1024

#: A workbook is a zip file; one that would unpack to more than this is refused.
MAX_UNPACKED = 200 * 1024 * 1024

#: Cells read from one file at most (a sheet formatted down to its millionth row has none of them filled).
MAX_CELLS = 2_000_000

#: The last row of a sheet with anything in it that is read: a returns sheet of a
#: thousand actions has about a thousand. (Empty rows between count for nothing.)
MAX_ROWS = 100_000

#: Cells a workbook's merged ranges may cover in all. Opening a workbook fully,
#: openpyxl makes an object for every merged cell: a 9 KB file that merges a
#: whole sheet would take every byte of memory the machine has.
MAX_MERGED = 1_000_000

#: The first bytes of an OLE2 compound file (an old .xls or .doc, or an
#: encrypted .xlsx or .docx) and of a zip file (an .xlsx or a .docx).
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
_SAVE_AS_XLSX = "open it and save it as an Excel workbook (.xlsx)"


class SheetError(HcplanError):
    """The file cannot be read as a spreadsheet; ``problems`` says why."""

    def __init__(self, problems: list[CellProblem]) -> None:
        where = problems[0].path if problems else "the file"
        super().__init__(f"{where} cannot be read as a spreadsheet", problems=problems)


def _refuse(path: str, message: str, where: str = "") -> SheetError:
    return SheetError([CellProblem(path, where, Severity.ERROR, message)])


@dataclass(slots=True)
class Grid:
    """The cells of one sheet (or of a CSV file, whose ``sheet`` is None).

    ``rows[r][c]`` is the value of the cell at row ``r + 1``, column ``c + 1``:
    text, a number, a ``datetime``, a bool, or None when empty. ``formulas``
    holds the (row, column) of cells written as formulas; their value is the
    formula's text.
    """

    path: str
    sheet: str | None
    rows: list[list[Any]]
    formulas: set[tuple[int, int]] = field(default_factory=set)
    hidden: bool = False
    #: The sheet's merged ranges of more than one cell, as (first row, first column, last row, last column).
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    def where(self, row: int, column: int) -> str:
        """The name of a cell for messages: ``Returns!F12`` (``F12`` in a CSV file)."""
        return cell_name(row, column, self.sheet)

    def value(self, row: int, column: int) -> Any:
        """The value at a 1-based row and column; None beyond the filled cells."""
        if row - 1 < len(self.rows):
            cells = self.rows[row - 1]
            if column - 1 < len(cells):
                return cells[column - 1]
        return None


def read_sheets(path: str) -> list[Grid]:
    """The sheets of the workbook or CSV file at ``path``, in order.

    Raises:
        SheetError: the file cannot be read, or is not a spreadsheet hcplan reads.
    """
    raw = read_limited(path)
    if raw.startswith(OLE):
        if encrypted(raw):
            raise _refuse(
                path,
                "the workbook is protected with a password, so hcplan cannot read it: open it, "
                "remove the password (File > Info > Protect Workbook > Encrypt with Password) and save it",
            )
        raise _refuse(path, f"this is an old Excel 97-2003 workbook (.xls): {_SAVE_AS_XLSX}")
    if raw.startswith(ZIP):
        return _workbook(path, raw)
    if path.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        if _csv_text(raw):
            raise _refuse(
                path, "not a workbook but CSV text (a .csv file renamed?): name it .csv, and it is read as one"
            )
        raise _refuse(path, f"not a workbook: the file is damaged or of another kind; {_SAVE_AS_XLSX}")
    return [_csv(path, raw)]


def _csv_text(raw: bytes) -> bool:
    """Whether ``raw`` reads as CSV text: UTF-8 (or Windows-1252) text whose first line has a
    comma, semicolon or tab between words."""
    head = raw[:4096].removeprefix(b"\xef\xbb\xbf")
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("cp1252", errors="replace")
    first = text.splitlines()[0] if text.strip() else ""
    return any(mark in first for mark in (",", ";", "\t")) and first.replace("\t", " ").isprintable()


def read_limited(path: str) -> bytes:
    """The bytes of the file at ``path`` (``-``: standard input), refused when over :data:`MAX_BYTES`.

    Raises:
        SheetError: it is missing, a folder, unreadable or too large.
    """
    if path == "-":
        import sys

        try:
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        except (OSError, AttributeError, ValueError) as exc:  # closed, or no bytes behind it
            raise _refuse(path, f"cannot read standard input: {exc}") from None
        if len(raw) > MAX_BYTES:
            raise _refuse(path, f"standard input is over {MAX_BYTES // (1024 * 1024)} MB; that is refused")
        return raw
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise _refuse(
                path,
                f"the file is {size / 1e6:.0f} MB; files over {MAX_BYTES // (1024 * 1024)} MB are refused "
                "(a plan's or a returns workbook is well under 1 MB: remove pictures or other sheets)",
            )
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        from hcplan.files.named import absent

        raise _refuse(path, absent(path)) from None
    except IsADirectoryError:
        raise _refuse(path, "is a folder, not a spreadsheet") from None
    except OSError as exc:
        raise _refuse(path, f"cannot read the file: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:  # it grew while we looked
        raise _refuse(path, f"the file is over {MAX_BYTES // (1024 * 1024)} MB; files that large are refused")
    return raw


def encrypted(raw: bytes) -> bool:
    """True when ``raw`` (an OLE2 compound file) is an encrypted Office document:
    a password-protected .xlsx or .docx (its directory names an EncryptionInfo stream)."""
    return raw.startswith(OLE) and "EncryptionInfo".encode("utf-16-le") in raw


def vet_workbook(path: str, raw: bytes) -> None:
    """Refuse a zip file that is not an .xlsx workbook hcplan may open: damaged,
    an OpenDocument or binary workbook, something else, or a zip bomb.

    Raises:
        SheetError: saying which, and what to do.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in members else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise _refuse(path, f"the workbook is damaged (not a complete zip file); {_SAVE_AS_XLSX} again") from None
    if b"opendocument" in mimetype:
        raise _refuse(path, f"this is an OpenDocument spreadsheet (.ods): {_SAVE_AS_XLSX}")
    if "xl/workbook.xml" not in members and "xl/workbook.bin" not in members:
        raise _refuse(path, f"not a workbook: the file is a zip archive of something else; {_SAVE_AS_XLSX}")
    if "xl/workbook.bin" in members:
        raise _refuse(path, f"this is a binary workbook (.xlsb): {_SAVE_AS_XLSX}")
    if unpacked > MAX_UNPACKED:
        raise _refuse(path, f"the workbook would unpack to {unpacked / 1e6:,.0f} MB; that is refused")


#: The errors a spreadsheet shows in a cell in place of its value (openpyxl gives
#: ``#VALUE!`` for a date cell whose number is no day).
CELL_ERRORS = frozenset({"#VALUE!", "#REF!", "#N/A", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA"})


def _workbook(path: str, raw: bytes) -> list[Grid]:
    import warnings

    # openpyxl warns of what it would drop if it saved the workbook (Excel's extensions
    # to validation and formatting) and of a date cell it cannot read: neither is the
    # partner's business, nor its own file's path; what matters is said at the cell.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_workbook(path, raw)


def _read_workbook(path: str, raw: bytes) -> list[Grid]:
    vet_workbook(path, raw)
    try:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise _refuse(
            path, f"the workbook is damaged and cannot be read ({_reason(exc)}); {_SAVE_AS_XLSX} again"
        ) from None
    grids, cells = [], 0
    try:
        sheets = book.worksheets
        # openpyxl reads a sheet's merges only when it opens a workbook whole (and slowly).
        parts = {sheet.title: getattr(sheet, "_worksheet_path", "") for sheet in sheets}
        merges = merged_ranges(path, raw, parts.values())
        for sheet in sheets:
            grid = Grid(
                path, sheet.title, [], hidden=sheet.sheet_state != "visible", merged=merges.get(parts[sheet.title], [])
            )
            # The size the sheet says it is would have every row made as wide as its widest,
            # and every row up to its last: a cell at XFD1048576 made 17 billion.
            sheet.reset_dimensions()
            empty = 0  # empty rows since the last with anything in it, kept only if one follows
            for r, row in enumerate(sheet.iter_rows(), start=1):
                values = []
                for c, cell in enumerate(row, start=1):
                    value = cell.value
                    if getattr(cell, "data_type", None) == "f":
                        grid.formulas.add((r, c))
                        value = value if isinstance(value, str) else str(value)
                    values.append(value)
                while values and values[-1] is None:
                    values.pop()
                if not values:
                    empty += 1
                    continue
                if r > MAX_ROWS:
                    raise _refuse(
                        path,
                        f"this cell has something in it, beyond the {MAX_ROWS:,} rows a returns sheet may "
                        "have; clear it (and whatever else is far below the table)",
                        cell_name(r, next(c for c, v in enumerate(values, start=1) if v is not None), sheet.title),
                    )
                cells += len(values) + empty
                if cells > MAX_CELLS:
                    raise _refuse(path, f"the workbook has more than {MAX_CELLS:,} filled cells; that is refused")
                grid.rows.extend([] for _ in range(empty))
                grid.rows.append(values)
                empty = 0
            grids.append(grid)
    except SheetError:
        raise
    except Exception as exc:  # noqa: BLE001 - a sheet damaged past its header
        raise _refuse(
            path, f"the workbook is damaged and cannot be read ({_reason(exc)}); {_SAVE_AS_XLSX} again"
        ) from None
    finally:
        book.close()
    return grids


def sign_workbook(data: bytes) -> bytes:
    """The workbook ``data`` (an .xlsx file's bytes, as hcplan wrote it) with a signature
    of its parts in its zip comment: :func:`signed` tells it from one someone has saved
    since (a spreadsheet program writes the package afresh, without it)."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.comment = _signature(archive)
    return buffer.getvalue()


def signed(path: str) -> bool:
    """Whether the file at ``path`` is a workbook as hcplan wrote it (:func:`sign_workbook`),
    unchanged since: its parts are as its signature says."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.comment == _signature(archive)
    except (OSError, zipfile.BadZipFile, EOFError, ValueError):
        return False


def _signature(archive: zipfile.ZipFile) -> bytes:
    import hashlib

    parts = "\n".join(f"{info.filename} {info.CRC:08x} {info.file_size}" for info in archive.infolist())
    return b"hcplan:" + hashlib.sha256(parts.encode()).hexdigest().encode()


def merged_ranges(
    path: str, raw: bytes, parts: Collection[str] | None = None
) -> dict[str, list[tuple[int, int, int, int]]]:
    """The merged ranges of more than one cell in the workbook ``raw``, by the name of the
    sheet's part in the zip (``xl/worksheets/sheet1.xml``): of the ``parts`` named, else of
    every XML part. Each is (first row, first column, last row, last column).

    Read from the sheets' XML with the parser openpyxl uses (defusedxml's,
    when it is present), without making a cell: openpyxl's read-only mode
    does not keep a sheet's merges, and its full mode makes every merged cell.

    Raises:
        SheetError: the merges cover more than :data:`MAX_MERGED` cells.
    """
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.xml.functions import iterparse

    found: dict[str, list[tuple[int, int, int, int]]] = {}
    total, count, largest = 0, 0, ("", 0)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        present = set(archive.namelist())
        wanted = [p for p in parts if p in present] if parts is not None else [n for n in present if n.endswith(".xml")]
        for part in sorted(set(wanted)):
            data = archive.read(part)
            if b"mergeCell" not in data:  # most sheets: no need to parse them
                continue
            for _, element in iterparse(io.BytesIO(data)):
                tag = element.tag
                if isinstance(tag, str) and tag.rpartition("}")[2] == "mergeCell":
                    try:
                        first_col, first_row, last_col, last_row = range_boundaries(element.get("ref") or "")
                    except (ValueError, TypeError):
                        continue  # not a range: openpyxl ignores it too
                    if None in (first_col, first_row, last_col, last_row):
                        continue
                    area = (last_row - first_row + 1) * (last_col - first_col + 1)
                    if area > 1:
                        found.setdefault(part, []).append((first_row, first_col, last_row, last_col))
                        total, count = total + area, count + 1
                        if area > largest[1]:
                            largest = (element.get("ref") or "", area)
                elif isinstance(tag, str) and tag.rpartition("}")[2] == "row":
                    element.clear()  # a sheet's cells are not wanted here
    if total > MAX_MERGED:
        said = (
            f"merges the cells {largest[0]} ({total:,} cells)"
            if count == 1
            else f"merges {total:,} cells in {count:,} ranges (the largest is {largest[0]})"
        )
        raise _refuse(
            path, f"the workbook {said}, more than hcplan opens ({MAX_MERGED:,}): unmerge them and save it again"
        )
    return found


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:120]}" if text else type(exc).__name__


def _csv(path: str, raw: bytes) -> Grid:
    rows: list[list[Any]] = []
    for record in csv_records(path, raw):
        values: list[Any] = [v if v.strip() else None for v in record]
        while values and values[-1] is None:
            values.pop()
        rows.append(values)
    while rows and not rows[-1]:
        rows.pop()
    return Grid(path, None, rows)


def csv_records(path: str, raw: bytes) -> list[list[str]]:
    """The records of the CSV file ``raw`` (read from ``path``), as written: UTF-8
    (with or without a byte order mark) or UTF-16 with one; a comma, a
    semicolon or a tab between cells, whichever the first line has most of.

    Raises:
        SheetError: it is not text in those encodings, not CSV, or too large.
    """
    import csv

    if b"\x00" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")) and _wide(raw) is None:
        # A program or an image, not text in any encoding (UTF-16 and UTF-32 are told apart).
        raise _refuse(path, "not a spreadsheet: the file holds binary data")
    text = _decode(path, raw)
    if "\x00" in text:
        raise _refuse(path, "not a spreadsheet: the file holds binary data")
    first = re.split(r"\r\n|\r|\n", text[:20_000], maxsplit=1)[0]  # lines may end in CR alone (Excel for Mac)
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    separator = max(counts, key=lambda s: counts[s]) if any(counts.values()) else ","
    records: list[list[str]] = []
    cells = 0
    try:
        # Strict: a quote left open would take every row after it into one cell, and one
        # closed before its cell ends would lose its quotes, without a word.
        # A cell may hold as much as the file (an update of many pages), not csv's 128 KB.
        csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True):
            cells += len(record)
            if cells > MAX_CELLS:
                raise _refuse(path, f"the file has more than {MAX_CELLS:,} cells; that is refused")
            records.append(record)
    except csv.Error as exc:
        fault = _quote_fault(text, separator)
        if fault is None:
            raise _refuse(path, f"not a CSV file hcplan can read: {exc}") from None
        from hcplan.files.reader import line_col

        at, opened = fault
        line, column = line_col(text, at)
        if opened:
            message = (
                "this quote opens a cell that is never closed, so every row after it would be read "
                'into that cell: put a " at the end of the cell, or take this one out'
            )
        else:
            message = (
                "a quoted cell goes on after its closing quote: put the whole cell in quotes and write each "
                'quote inside it twice ("""Stop Hate"" week"), or take the quotes out'
            )
        raise _refuse(path, message, f"{line}:{column}") from None
    return records


def _quote_fault(text: str, separator: str) -> tuple[int, bool] | None:
    """Where the quoting of the CSV ``text`` goes wrong, as Python's strict reader reads
    it: (where an unclosed quote opens, True), or (the character after a cell's closing
    quote that is not a separator or the end of its line, False); None if it does not."""
    quoted = False
    start = True  # at the start of a cell
    opened = 0
    at = 0
    while at < len(text):
        char = text[at]
        if quoted:
            if char == '"':
                if text[at + 1 : at + 2] == '"':
                    at += 2
                    continue
                quoted = False
                after = text[at + 1 : at + 2]
                if after and after not in (separator, "\r", "\n"):
                    return at + 1, False
        elif char == '"' and start:
            quoted, opened = True, at
        start = not quoted and char in (separator, "\r", "\n")
        at += 1
    return (opened, True) if quoted else None


#: How to save a CSV file as hcplan reads it.
_SAVE_UTF8 = (
    "save it as 'CSV UTF-8 (Comma delimited)' (Excel) or with the character set Unicode (UTF-8) "
    "(LibreOffice), or send the .xlsx workbook"
)


def _wide(raw: bytes) -> str | None:
    """The encoding ``raw`` looks written in when it is text of two or four bytes a character
    that a CSV file is not read in (UTF-32, or UTF-16 without a byte order mark: see
    :func:`hcplan.files.reader.wide_encoding`); else None."""
    from hcplan.files.reader import wide_encoding

    found = wide_encoding(raw)
    if found is None or found == ("UTF-16", True):  # UTF-16 with its mark is read
        return None
    name, marked = found
    return f"{name} text" if marked or name == "UTF-32" else f"{name} text without a byte order mark"


def _decode(path: str, raw: bytes) -> str:
    """CSV text: UTF-8, with or without a byte order mark, or UTF-16 with one."""
    wide = _wide(raw)
    if wide is not None:
        raise _refuse(path, f"the file is {wide}, and hcplan reads CSV files as UTF-8: {_SAVE_UTF8}")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise _refuse(path, f"the file says it is UTF-16 but is not: {_SAVE_UTF8}") from None
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(raw) - len(body))
        line = raw.count(b"\n", 0, offset) + 1
        column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
        byte = raw[offset]
        guess = " (it looks like Windows-1252, Excel's 'CSV (Comma delimited)')" if 0x80 <= byte <= 0xFF else ""
        raise _refuse(
            path,
            f"the file is not UTF-8 text: byte 0x{byte:02x}{guess}; {_SAVE_UTF8}",
            f"{line}:{column}",
        ) from None
