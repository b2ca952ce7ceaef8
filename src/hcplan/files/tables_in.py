"""Read the tables of a Word document, an Excel workbook or a CSV file, as they are.

A council's plan usually lives in a table: a row per action, columns for the
lead, the timescale, the rating and the progress. This module reads those
tables into plain values, keeping what a reader of the table sees and what the
file's format knows: the paragraphs and bullets of each cell, the colour it is
shaded (a RAG column is often colour only), and which cells are merged, since
Word and Excel plans merge an objective's cell over all its actions' rows.
What the columns mean is decided elsewhere (:mod:`hcplan.changes.draft`).

python-docx reads Word and openpyxl reads Excel; both are imported only
when such a file is read. The file's bytes, the checks of a workbook before
it is opened and the reading of CSV are :mod:`hcplan.files.sheets`' (the one
way hcplan reads a spreadsheet it is given); what is added here is what a
plan's table needs besides: paragraphs, fill colours and merged cells.

Every problem is a :class:`TableError` whose message names the file and the
place: ``plan.docx: table 2, row 5: ...`` or ``plan.xlsx:Sheet1!B7: ...``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from hcplan.errors import HcplanError
from hcplan.files.sheets import OLE, ZIP, SheetError, merged_ranges

#: Characters that start a bullet typed by hand, or pasted as text.
_BULLET = re.compile(r"^\s*(?:[•●◦▪■►➢✓·*\-–—]|o(?=\s))\s+")

#: At most this many rows and columns of a sheet are read.
MAX_ROWS, MAX_COLUMNS = 5000, 60

#: A Word or Excel file whose XML unpacks to more than this is refused unopened: a plan's
#: table of 5,000 rows is a few MB, and Word and openpyxl hold the whole of it in memory
#: (a 7 MB workbook of two million cells took a minute and 900 MB).
MAX_XML = 20 * 1024 * 1024

SUFFIXES = (".docx", ".xlsx", ".xlsm", ".csv")


class TableError(HcplanError):
    """A file whose tables cannot be read; the message says where and why."""


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph of a cell: its text, and whether it is a bullet or numbered item; or
    of the text between tables, with its heading level (1 for Heading 1; 0: none)."""

    text: str
    bullet: bool = False
    heading: int = 0
    #: The bullet typed by hand before the text, taken off it ("*": a footnote, perhaps).
    mark: str = ""
    #: A Word paragraph broken into lines (Shift+Enter): its lines, as its text joins them.
    lines: tuple[str, ...] = ()


@dataclass(slots=True)
class Cell:
    """One position of a table's grid.

    ``merged_above``: the cell above continues into this one (a vertical merge);
    ``covered``: the cell to the left spans over this one (a horizontal merge).
    Either way the text is that of the cell the merge starts in, not repeated.
    """

    paras: list[Para]
    where: str
    fill: str | None = None
    merged_above: bool = False
    covered: bool = False
    hidden: bool = False  # in a column the sheet hides: what no one reading it sees

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras)

    @property
    def empty(self) -> bool:
        return not any(p.text for p in self.paras)


@dataclass(slots=True)
class Table:
    """A table as a grid of cells, with what stood before it in the document."""

    name: str  # "table 2", "Sheet1", or "" for a CSV file
    rows: list[list[Cell]]
    #: Paragraphs of the document between the previous table and this one.
    before: list[Para] = field(default_factory=list)

    def row_where(self, r: int) -> str:
        """``table 2, row 5`` / ``Sheet1!A5`` / ``row 5``: where row ``r`` (0-based) is."""
        cells = self.rows[r]
        if cells and "!" in cells[0].where:
            return cells[0].where
        return f"{self.name + ', ' if self.name else ''}row {r + 1}"


@dataclass(slots=True)
class Document:
    """The tables of a file, in order, and its title if the file says one."""

    path: str
    tables: list[Table]
    title: str | None = None
    title_from: str = "the document's title"  # where the title was found, for a CHECK comment
    #: Paragraphs of a Word document after its last table (a footnote to the table, a key).
    after: list[Para] = field(default_factory=list)
    #: What was read of the file with a guess, to be said (a CSV file in Windows-1252).
    notes: list[str] = field(default_factory=list)


def located(path: str, where: str, message: str) -> str:
    """``plan.xlsx:Sheet1!B7: message`` or ``plan.docx: table 2, row 5: message``."""
    if "!" in where:
        return f"{path}:{where}: {message}"
    return f"{path}: {where}: {message}" if where else f"{path}: {message}"


def read_tables(path: str) -> Document:
    """Every table of the Word, Excel or CSV file at ``path``.

    Raises:
        TableError: the file cannot be read as one: missing, encrypted, an
            old binary format, corrupt, or of another kind.
    """
    from hcplan.files.sheets import csv_records, encrypted, read_limited, vet_workbook

    suffix = os.path.splitext(path)[1].casefold()
    try:
        raw = read_limited(path)
    except SheetError as exc:
        raise _table_error(exc) from None
    if suffix not in SUFFIXES:
        if suffix in (".doc", ".xls"):
            raise TableError(f"{path}: an old {suffix} file: open it in Word or Excel and save it as {suffix}x")
        # The file named is not of a kind --from takes (a plan, a PDF): what was asked is wrong.
        raise TableError(f"{path}: hcplan reads a plan's table from a .docx, .xlsx or .csv file", usage=True)
    if suffix != ".csv":
        kind = "Word document" if suffix == ".docx" else "Excel workbook"
        if raw.startswith(OLE):
            if encrypted(raw):
                raise TableError(
                    f"{path}: this {kind} is password-protected: open it, remove the password "
                    f"(or save a copy without one), and try again"
                )
            raise TableError(
                f"{path}: this is an old binary {'.doc' if suffix == '.docx' else '.xls'} file named "
                f"{suffix}: open it and save it as {suffix}"
            )
        if not raw.startswith(ZIP):
            article = "an" if kind.startswith("Excel") else "a"
            raise TableError(
                f"{path}: not {article} {kind}: the file is damaged, or another kind of file named {suffix}"
            )
    try:
        if suffix == ".csv":
            raw, guessed = _windows_text(path, raw)
            document = _read_csv(path, csv_records(path, raw))
            document.notes.extend(guessed)
            return document
        if suffix != ".docx":
            vet_workbook(path, raw)
        _refuse_bulk(path, raw, "Word document" if suffix == ".docx" else "Excel workbook")
        if suffix == ".docx":
            return _read_docx(path, raw)
        return _read_xlsx(path, raw)
    except SheetError as exc:
        raise _table_error(exc) from None
    except TableError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file raises anything from zipfile to lxml
        kind = {".docx": "Word document", ".csv": "CSV file"}.get(suffix, "Excel workbook")
        raise TableError(f"{path}: this {kind} is damaged and cannot be read ({_reason(exc)})") from None


def _refuse_bulk(path: str, raw: bytes, kind: str) -> None:
    """Refuse a Word or Excel file whose XML would unpack to more than :data:`MAX_XML`."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        xml = sum(info.file_size for info in archive.infolist() if info.filename.lower().endswith((".xml", ".rels")))
    if xml > MAX_XML:
        raise TableError(
            f"{path}: this {kind} holds {xml / 1e6:,.0f} MB of text and tables, far more than a plan's table "
            f"(hcplan reads up to {MAX_ROWS:,} rows of one, well under {MAX_XML // (1024 * 1024)} MB): copy the "
            "plan's table into a file of its own"
        )


def _table_error(exc: SheetError) -> TableError:
    """A refusal of :mod:`hcplan.files.sheets` as this module's error, placed the same way."""
    problem = exc.problems[0]
    if problem.where[:1].isdigit():  # a line and column of a CSV file
        return TableError(f"{problem.path}:{problem.where}: {problem.message}")
    return TableError(located(problem.path, problem.where, problem.message))


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _paragraph(text: str, bullet: bool = False) -> Para:
    """A paragraph with a hand-typed bullet taken off (and noted)."""
    text = text.replace("\xa0", " ").strip()
    found = _BULLET.match(text)
    if found:
        return Para(text[found.end() :].strip(), True, mark=found.group().strip())
    return Para(" ".join(text.split()), bullet)


def _paragraphs(text: str) -> list[Para]:
    paras = [_paragraph(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return [p for p in paras if p.text] or [Para("")]


# --- Word ----------------------------------------------------------------------------


def _read_docx(path: str, raw: bytes) -> Document:
    import io

    import docx
    from docx.oxml.ns import qn
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(raw))
    theme = theme_colours(
        next((r.target_part.blob for r in document.part.rels.values() if r.reltype.endswith("/theme")), None)
    )
    tables: list[Table] = []
    before: list[Para] = []
    title: str | None = None
    styles: dict[str | None, str] = {}  # each style's name, by its ID (see _style_name)
    for element in _blocks(document.element.body):
        if element.tag == qn("w:p"):
            paragraph = Paragraph(element, document)
            para = _docx_paragraph(paragraph, styles)
            if para.text:
                style = _style_name(paragraph, styles)
                level = re.fullmatch(r"Heading ([1-9])", style)
                if level:
                    para = Para(para.text, para.bullet, int(level[1]))
                before.append(para)
                if title is None and not tables and (style == "Title" or style.startswith("Heading 1")):
                    title = para.text
        elif element.tag == qn("w:tbl"):
            number = len(tables) + 1
            grid = _docx_grid(DocxTable(element, document), number, theme, styles)
            tables.append(Table(f"table {number}", grid, before))
            before = []
    if title is None:
        title = (document.core_properties.title or "").strip() or None
    return Document(path, tables, title, after=before if tables else [])


def _blocks(container: Any) -> Any:
    """The children of a document's body, a table, a row or a cell, in order, with those
    inside content controls and custom XML (which Word wraps around a form's field, a
    table's repeating rows, or a whole table) among them."""
    from docx.oxml.ns import qn

    for child in container.iterchildren():
        if child.tag == qn("w:sdt"):
            inner = child.find(qn("w:sdtContent"))
            if inner is not None:
                yield from _blocks(inner)
        elif child.tag == qn("w:customXml"):
            yield from _blocks(child)
        else:
            yield child


def _docx_paragraph(paragraph: Any, styles: dict[str | None, str]) -> Para:
    ppr = paragraph._p.pPr
    numbered = ppr is not None and ppr.numPr is not None
    style = _style_name(paragraph, styles)
    text = _docx_text(paragraph._p)
    para = _paragraph(text, numbered or style.startswith("List"))
    lines = tuple(" ".join(line.split()) for line in text.replace("\xa0", " ").split("\n") if line.strip())
    return replace(para, lines=lines) if len(lines) > 1 else para


def _docx_text(element: Any) -> str:
    """The text a reader sees in a paragraph: every run's, including those inside tracked
    insertions, content controls, fields, hyperlinks and smart tags (python-docx's
    ``paragraph.text`` reads only the runs directly in it); not the text of a tracked
    deletion or of the place a tracked move left, nor a drawing's fallback copy."""
    from docx.oxml.ns import nsmap, qn

    text, tab, breaks, hyphen = qn("w:t"), qn("w:tab"), (qn("w:br"), qn("w:cr")), qn("w:noBreakHyphen")
    skipped = {qn("w:moveFrom"), qn("w:del"), f"{{{nsmap.get('mc', _MC)}}}Fallback"}
    out = []
    for node in element.iter(text, tab, *breaks, hyphen):
        if any(above.tag in skipped for above in node.iterancestors()):
            continue
        if node.tag == text:
            out.append(node.text or "")
        elif node.tag == tab:
            out.append("\t")
        elif node.tag == hyphen:
            out.append("-")
        else:
            out.append("\n")
    return "".join(out)


#: The namespace of Office's alternate content (a drawing's text box is written twice in it).
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _style_name(paragraph: Any, styles: dict[str | None, str]) -> str:
    """The name of ``paragraph``'s style, looked up once for each style of the document in
    ``styles`` (python-docx looks through every style of the document each time it is
    asked: the paragraphs of a 2,000-row table took most of a minute)."""
    ppr = paragraph._p.pPr
    key = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
    if key not in styles:
        style = paragraph.style
        styles[key] = (style.name if style is not None else "") or ""
    return styles[key]


def _docx_grid(table: Any, number: int, theme: list[str] | None, styles: dict[str | None, str]) -> list[list[Cell]]:
    """The table as a grid: one :class:`Cell` per grid column of every row."""
    from docx.oxml.ns import qn

    rows: list[list[Cell]] = []
    for r, tr in enumerate(e for e in _blocks(table._tbl) if e.tag == qn("w:tr")):
        row: list[Cell] = []

        def where() -> str:
            return f"table {number}, row {r + 1}, column {len(row) + 1}"  # noqa: B023 - used at once

        for _ in range(tr.grid_before):
            row.append(Cell([Para("")], where(), covered=True))
        for tc in (e for e in _blocks(tr) if e.tag == qn("w:tc")):
            paras = [p for p in _cell_paras(tc, table, styles) if p.text] or [Para("")]
            continued = tc.vMerge == "continue"
            tcpr = tc.tcPr
            fill = _shading(tcpr.find(qn("w:shd")) if tcpr is not None else None, theme)
            if fill is None and not any(p.text for p in paras):
                # Words marked by the highlighter are marked as new, most often; a cell with no
                # words, highlighted or shaded as a paragraph, is rated by that colour.
                fill = _marked(tc, theme)
            first = Cell([Para("")] if continued else paras, where(), fill, merged_above=continued)
            row.append(first)
            for _ in range(tc.grid_span - 1):
                row.append(Cell([Para("")], where(), fill, merged_above=continued, covered=True))
        rows.append(row)
    width = max((len(row) for row in rows), default=0)
    for r, row in enumerate(rows):
        while len(row) < width:
            row.append(Cell([Para("")], f"table {number}, row {r + 1}, column {len(row) + 1}", covered=True))
    return rows


def _cell_paras(tc: Any, table: Any, styles: dict[str | None, str]) -> list[Para]:
    """The paragraphs of a Word table's cell, with those in content controls, and each row
    of a table inside it as one paragraph, its cells' text joined by semicolons."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    paras = []
    for element in _blocks(tc):
        if element.tag == qn("w:p"):
            paras.append(_docx_paragraph(Paragraph(element, table), styles))
        elif element.tag == qn("w:tbl"):
            for tr in (e for e in _blocks(element) if e.tag == qn("w:tr")):
                cells = [
                    " ".join(p.text for p in _cell_paras(inner, table, styles) if p.text)
                    for inner in _blocks(tr)
                    if inner.tag == qn("w:tc")
                ]
                paras.append(Para("; ".join(c for c in cells if c)))
    return paras


#: Word's names of its theme's colours, by their place in the theme (:func:`theme_colours`).
_WORD_THEME = {"dark1": 0, "text1": 0, "light1": 1, "background1": 1, "dark2": 2, "text2": 2, "light2": 3,
               "background2": 3, **{f"accent{n}": 3 + n for n in range(1, 7)}}  # fmt: skip

#: The colours of Word's highlighter, by name.
_HIGHLIGHT = {"yellow": "FFFF00", "green": "00FF00", "cyan": "00FFFF", "magenta": "FF00FF", "blue": "0000FF",
              "red": "FF0000", "darkBlue": "000080", "darkCyan": "008080", "darkGreen": "008000",
              "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000", "darkGray": "808080",
              "lightGray": "C0C0C0"}  # fmt: skip


def _shading(shading: Any, theme: list[str] | None) -> str | None:
    """The colour a Word shading (``w:shd``) paints: its fill, a solid pattern's colour,
    or the theme colour it names (when its fill is "auto")."""
    from docx.oxml.ns import qn

    if shading is None:
        return None
    if shading.get(qn("w:val")) == "solid":
        found = _colour(shading.get(qn("w:color")))
        if found:
            return found
    found = _colour(shading.get(qn("w:fill")))
    named = _WORD_THEME.get(shading.get(qn("w:themeFill")) or "")
    if found is None and named is not None and theme and named < len(theme):
        found = _colour(theme[named])
    return found


def _marked(tc: Any, theme: list[str] | None) -> str | None:
    """The colour a cell without words is marked with when the cell itself is not shaded:
    the shading of its first shaded paragraph or run, or the highlighter's colour."""
    from docx.oxml.ns import qn

    for element in tc.iter(qn("w:pPr"), qn("w:rPr")):
        found = _shading(element.find(qn("w:shd")), theme)
        highlight = element.find(qn("w:highlight"))
        if found is None and highlight is not None:
            found = _HIGHLIGHT.get(highlight.get(qn("w:val")) or "")
        if found:
            return found
    return None


def _colour(value: str | None) -> str | None:
    """A fill colour as six hex digits, or None for none, automatic or white."""
    if not value:
        return None
    value = value.strip().upper()
    if len(value) == 8:  # Excel's ARGB
        value = value[2:]
    if not re.fullmatch(r"[0-9A-F]{6}", value) or value in ("FFFFFF", "000000"):
        return None
    return value


# --- Excel ---------------------------------------------------------------------------


def _read_xlsx(path: str, raw: bytes) -> Document:
    import io
    import warnings

    import openpyxl

    merged_ranges(path, raw)  # refuses merges that would exhaust memory as the workbook opens
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # what openpyxl would drop on saving: nothing of the table's
        workbook = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    theme = theme_colours(workbook.loaded_theme)
    tables = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        grid = _xlsx_grid(sheet, theme)
        if grid:
            tables.append(Table(sheet.title, grid))
    title = (workbook.properties.title or "").strip() or None
    named = [t.name for t in tables if not _DEFAULT_SHEET.match(t.name) and len(t.name.split()) > 1]
    if title is None and len(named) == 1:
        # a sheet named by its plan ("Hate Crime Plan 2026-27"), not "Sheet1"
        return Document(path, tables, named[0], "the sheet's name")
    return Document(path, tables, title)


#: Names spreadsheet programs give new sheets.
_DEFAULT_SHEET = re.compile(r"^(?:sheet|tabelle|feuil|hoja|foglio|blad|ark|table|tab)\s*\d*$", re.I)


def _xlsx_grid(sheet: Any, theme: list[str] | None = None) -> list[list[Cell]]:
    from openpyxl.utils import get_column_letter

    starts: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in sheet.merged_cells.ranges:
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                starts[(r, c)] = (merged.min_row, merged.min_col)
    last_row = min(sheet.max_row or 0, MAX_ROWS)
    last_col = min(sheet.max_column or 0, MAX_COLUMNS)
    values: dict[tuple[int, int], Any] = {}
    for row in sheet.iter_rows(min_row=1, max_row=last_row, max_col=last_col):
        for cell in row:
            if cell.value is not None and str(cell.value).strip():
                values[(cell.row, cell.column)] = cell
    if not values:
        return []
    used_rows = max(r for r, _ in values)
    used_cols = max(c for _, c in values)
    hidden = {
        c for dimension in sheet.column_dimensions.values() if dimension.hidden
        for c in range(dimension.min or 1, (dimension.max or dimension.min or 1) + 1)
    }  # fmt: skip
    rows: list[list[Cell]] = []
    for r in range(1, used_rows + 1):
        row = []
        for c in range(1, used_cols + 1):
            where = f"{sheet.title}!{get_column_letter(c)}{r}"
            start = starts.get((r, c))
            source = sheet.cell(row=r, column=c)
            fill = _xlsx_fill(source, theme)
            if start is not None and start != (r, c):
                top = sheet.cell(row=start[0], column=start[1])
                row.append(
                    Cell([Para("")], where, _xlsx_fill(top, theme), merged_above=start[0] < r, covered=start[1] < c)
                )
                continue
            cell = values.get((r, c))
            text = _xlsx_text(cell.value, cell.number_format) if cell is not None else ""
            row.append(Cell(_paragraphs(text) if cell is not None else [Para("")], where, fill, hidden=c in hidden))
        rows.append(row)
    return rows


def _xlsx_text(value: Any, number_format: str | None = None) -> str:
    """A cell's value as text; a date as the sheet shows it when it shows no day (a
    "Mar-25" or "September 2024" cell holds the 1st of the month: it means the month)."""
    if isinstance(value, (datetime, date)) and number_format and _month_only(number_format):
        return f"{value:%B %Y}"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and number_format and "%" in number_format:
        return f"{value * 100:.10g}%"  # as the sheet shows it: 0.5 is 50%
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _month_only(number_format: str) -> bool:
    """Whether a date's number format shows its month and year but no day (``mmm-yy``,
    ``mmmm yyyy``): its words in quotes and its [colour] or [locale] parts aside."""
    codes = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format).casefold()
    return "m" in codes and "y" in codes and "d" not in codes and "h" not in codes


def _xlsx_fill(cell: Any, theme: list[str] | None = None) -> str | None:
    """A cell's solid fill as six hex digits: an RGB colour, one of the old palette, or one
    of the workbook's theme colours (the top of Excel's colour picker) lightened or darkened
    by its tint."""
    fill = cell.fill
    if fill is None or fill.patternType != "solid":
        return None
    colour = fill.fgColor
    if colour is not None and colour.type == "rgb" and isinstance(colour.rgb, str):
        return _colour(colour.rgb)
    if colour is not None and colour.type == "indexed":
        from openpyxl.styles.colors import COLOR_INDEX

        if isinstance(colour.indexed, int) and colour.indexed < len(COLOR_INDEX):
            return _colour(COLOR_INDEX[colour.indexed])
    if colour is not None and colour.type == "theme" and theme and isinstance(colour.theme, int):
        # Excel numbers the theme's colours light first: lt1, dk1, lt2, dk2, then the accents.
        order = [1, 0, 3, 2, *range(4, len(theme))]
        if colour.theme < len(order) and order[colour.theme] < len(theme):
            return _colour(_tinted(theme[order[colour.theme]], float(colour.tint or 0)))
    return None


def theme_colours(xml: bytes | str | None) -> list[str]:
    """The colours of an Office theme part (``a:clrScheme``), as hex, in their XML order:
    dk1, lt1, dk2, lt2, accent1 to accent6, hlink, folHlink."""
    if not xml:
        return []
    from xml.etree.ElementTree import ParseError

    from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]

    try:
        root = fromstring(xml)
    except (ParseError, ValueError):
        return []
    scheme = next((e for e in root.iter() if e.tag.rpartition("}")[2] == "clrScheme"), None)
    found = []
    for entry in list(scheme) if scheme is not None else []:
        value = next((c.get("val") if c.tag.endswith("srgbClr") else c.get("lastClr") for c in entry), None)
        found.append((value or "").upper())
    return found


def _tinted(rgb: str, tint: float) -> str:
    """``rgb`` lightened (a tint above 0) or darkened (below) as Office does it."""
    import colorsys

    if not re.fullmatch(r"[0-9A-Fa-f]{6}", rgb or "") or not tint:
        return rgb
    hue, light, saturation = colorsys.rgb_to_hls(*(int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4)))
    light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
    return "".join(f"{round(v * 255):02X}" for v in colorsys.hls_to_rgb(hue, light, saturation))


# --- CSV -----------------------------------------------------------------------------


def _windows_text(path: str, raw: bytes) -> tuple[bytes, list[str]]:
    """A CSV file's bytes as UTF-8, and what was guessed to make them so: a file that is not
    UTF-8 (nor UTF-16 or UTF-32) but reads as Windows-1252, which Excel's "CSV (Comma
    delimited)" writes, is read as that, and said (a plan's draft is checked against its
    source, line by line; a partner's returns are not, so hcplan import refuses it)."""
    if b"\x00" in raw or raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return raw, []
    try:
        raw.decode("utf-8")
        return raw, []
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw, []  # no Windows-1252 either: the CSV reader says what is wrong
    return text.encode("utf-8"), [
        f"{path}: not UTF-8 text: read as Windows-1252 (Excel's 'CSV (Comma delimited)'); check its £, € "
        "and accented letters in the draft"
    ]


def _read_csv(path: str, records: list[list[str]]) -> Document:
    rows: list[list[Cell]] = []
    for r, record in enumerate(records):
        rows.append([Cell(_paragraphs(value), f"row {r + 1}, column {c + 1}") for c, value in enumerate(record)])
    width = max((len(row) for row in rows), default=0)
    for r, row in enumerate(rows):
        while len(row) < width:
            row.append(Cell([Para("")], f"row {r + 1}, column {len(row) + 1}"))
    return Document(path, [Table("", rows)] if rows else [], None)
