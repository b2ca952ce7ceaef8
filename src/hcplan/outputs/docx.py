"""Word documents of the reports, made from their HTML with python-docx.

The Word version of a report is not a second template: it is the HTML
report (shipped or a user's own template) turned into a real Word document,
element by element, so that a changed template changes Word too.

- ``h1``-``h6`` become Word's Heading 1-6 styles, kept with the next
  paragraph, so the navigation pane and screen readers find them;
- ``p``, ``ul``/``ol``/``li`` (nested), ``strong``/``b``, ``em``/``i``,
  ``br`` and ``a`` become paragraphs, list paragraphs, bold, italic, line
  breaks and hyperlinks;
- ``table`` becomes a Word table: its ``caption`` a caption kept with it and
  its title for assistive technology, ``thead`` rows header rows that repeat
  on every page, no row split across pages, ``th`` bold, ``td.number``
  right-aligned;
- ``span.rating rag-COLOUR`` becomes the rating's words on the plan's own
  RAG colour, taken from the report's stylesheet (``--red-bg``, ``--red-ink``...);
- an SVG chart becomes a picture (:mod:`hcplan.outputs.charts`) whose
  alternative text is the chart's ``title`` and ``desc``; an ``img`` with a
  ``data:`` URI (the logo) a picture with its ``alt`` (nothing is fetched);
- ``<title>``, ``<meta name="author">``, ``<meta name="dcterms.created">``
  and ``<html lang>`` become the document's properties; every page is A4 with
  the title and "Page N of M" in its footer.

Anything else is read for its text. ``nav`` (the site's links), ``style``
and what is only for paper (class ``print-only``) are left out: Word has
what the screen has, every update included.
"""

from __future__ import annotations

import base64
import io
import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from hcplan.errors import HcplanError

#: The colours of the shipped stylesheet, used when a template has none.
DEFAULT_COLOURS = {
    "ink": "1d2433",
    "muted": "4a5568",
    "rule": "cbd2dc",
    "band": "f3f5f8",
    "red-bg": "fee4e2",
    "red-ink": "7a271a",
    "amber-bg": "fef0c7",
    "amber-ink": "7a2e0e",
    "green-bg": "dcfae6",
    "green-ink": "074d31",
    "blue-bg": "d1e9ff",
    "blue-ink": "194185",
    "grey-bg": "eaecf0",
    "grey-ink": "344054",
    "none-bg": "ffffff",
    "none-ink": "344054",
}
BLOCKS = frozenset(
    "p h1 h2 h3 h4 h5 h6 ul ol li table figure figcaption div section article aside header main footer "
    "blockquote address dl dt dd pre hr svg img".split()
)
SKIPPED = frozenset("nav style script head template title".split())
FONT = "Arial"
#: Width of the text on an A4 page with 2 cm margins, in twentieths of a point.
TEXT_WIDTH_TWIPS = 9638
#: About the width of a character of 9.5-point Arial, and a cell's left and right padding.
CHAR_TWIPS = 120
CELL_PADDING_TWIPS = 230
CHART_WIDTH_CM = 16.0


class DocxError(HcplanError):
    """The Word document could not be made."""


def html_to_docx(html: str, *, reference: Path | None = None) -> bytes:
    """The ``.docx`` bytes of the HTML report ``html``.

    ``reference`` is a Word document whose styles (fonts, colours, headings,
    page set-up) are used instead of hcplan's; its content is not.
    """
    import lxml.html
    from docx import Document

    tree = lxml.html.document_fromstring(html.encode("utf-8"))
    try:
        styles_from = reference.read_bytes() if reference is not None else None
    except OSError as exc:
        raise DocxError(f"{reference}: cannot read it ({exc.strerror or exc})") from None
    base, style_ids = _styled_base(styles_from, str(reference))
    document = Document(io.BytesIO(base))
    writer = _Writer(document, _colours(tree), style_ids)
    title = " ".join((tree.findtext(".//title") or "").split())
    _properties(document, tree, title)
    _page(document, title, writer.colours)
    body = tree.find("body")
    if body is not None:
        writer.blocks(body, _Box(before=document.element.body.get_or_add_sectPr()), 0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


#: The styled empty documents made in this process (a site makes hundreds): by reference document.
_BASES: dict[bytes | None, tuple[bytes, dict[str, str]]] = {}


def _styled_base(reference: bytes | None, shown: str) -> tuple[bytes, dict[str, str]]:
    """An empty document with the report's styles (hcplan's, or those of the
    ``reference`` document's bytes), and its style IDs by name.

    Made once in a process and kept as bytes: python-docx's style API takes
    longer than writing a small report, and every report starts from the
    same styles.
    """
    if reference in _BASES:
        return _BASES[reference]
    from docx import Document

    if reference is not None:
        try:
            document = Document(io.BytesIO(reference))
        except Exception:  # noqa: BLE001 - python-docx raises several kinds for a file that is not Word
            # (its words name the bytes' object in memory, not the file: they are left out)
            raise DocxError(f"{shown}: not a Word document (.docx) to take styles from") from None
        _styles_only(document)
    else:
        document = Document()
        _house_style(document)
    _table_styles(document)
    out = io.BytesIO()
    document.save(out)
    made = _BASES[reference] = (out.getvalue(), {s.name: s.style_id for s in document.styles})
    return made


#: What a reference document holds besides its styles, by the last word of its relationship
#: type: text (headers, footers, comments, notes, building blocks), people (comments' authors),
#: data (custom XML, custom and application properties) and a picture of its first page.
_NOT_STYLES = frozenset(
    {
        "header", "footer", "comments", "commentsExtended", "commentsExtensible", "commentsIds", "people",
        "glossaryDocument", "customXml", "custom-properties", "extended-properties", "thumbnail",
    }
)  # fmt: skip


#: The parts of a document that style it, by the last word of their relationship type.
_STYLE_PARTS = frozenset(
    {
        "styles",
        "stylesWithEffects",
        "settings",
        "webSettings",
        "fontTable",
        "theme",
        "numbering",
        "footnotes",
        "endnotes",
    }
)


def _styles_only(document: Any) -> None:
    """Keep only the styles, page set-up and theme of a reference document: its text
    (body, headers, footers, comments, notes), its properties and what points at other
    files (its template's path, a mail merge's data) would otherwise be published."""
    from docx.oxml.ns import qn

    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    for section in body.iter(qn("w:sectPr")):
        for reference in [*section.iter(qn("w:headerReference")), *section.iter(qn("w:footerReference"))]:
            section.remove(reference)
    package = document.part.package
    for owner in (package, *package.iter_parts()):
        for rid, rel in list(owner.rels.items()):
            kind = rel.reltype.rsplit("/", 1)[-1]
            # The document's own: only what styles it (its pictures, links and objects went with its body).
            if kind in _NOT_STYLES or (owner is document.part and kind not in _STYLE_PARTS):
                del owner.rels[rid]
    for kind in ("footnotes", "endnotes"):  # their separators stay; notes with text go
        for part in package.iter_parts():
            if part.partname.endswith(f"/{kind}.xml") and hasattr(part, "element"):
                for note in list(part.element):
                    if note.get(qn("w:type")) in (None, "normal"):
                        part.element.remove(note)
    from docx.opc.constants import RELATIONSHIP_TYPE

    settings = document.settings.element
    for name in ("w:attachedTemplate", "w:mailMerge", "w:docVars", "w:rsids"):
        for found in list(settings.iter(qn(name))):
            found.getparent().remove(found)
    settings_part = document.part.part_related_by(RELATIONSHIP_TYPE.SETTINGS)
    for rid, rel in list(settings_part.rels.items()):
        if rel.is_external:
            del settings_part.rels[rid]
    props = document.core_properties
    for name in ("category", "content_status", "identifier", "keywords", "subject", "version", "comments"):
        setattr(props, name, "")


def _colours(tree: Any) -> dict[str, str]:
    """The report's colours, from the custom properties of its stylesheet."""
    colours = dict(DEFAULT_COLOURS)
    for style in tree.iter("style"):
        for name, value in re.findall(r"--([a-z-]+)\s*:\s*#([0-9a-fA-F]{6})\b", style.text or ""):
            colours[name] = value.lower()
    return colours


def _properties(document: Any, tree: Any, title: str) -> None:
    """Title, author, language and dates of the document, from the HTML's head."""
    from docx.oxml.ns import qn

    meta = {m.get("name", "").lower(): m.get("content", "") for m in tree.iter("meta") if m.get("name")}
    language = tree.get("lang") or "en-GB"
    props = document.core_properties
    props.title = title
    props.author = meta.get("author", "")
    props.last_modified_by = meta.get("author", "")
    props.language = language
    props.comments = meta.get("generator", "")
    props.subject = meta.get("description", "")
    props.keywords = ""
    props.revision = 1
    made = _when(meta.get("dcterms.created", ""))
    props.created = made
    props.modified = made
    # The language of the text itself, for spelling and for screen readers.
    for lang in document.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), language)
    settings = document.settings.element
    for lang in settings.iter(qn("w:themeFontLang")):
        lang.set(qn("w:val"), language)


def _when(text: str) -> datetime:
    try:
        day = datetime.fromisoformat(text.strip())
    except ValueError:
        day = datetime(2000, 1, 1)
    return day.replace(tzinfo=day.tzinfo or UTC)


def _house_style(document: Any) -> None:
    """Plain, readable styles: Arial, dark ink, headings that are not theme blue."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    ink = RGBColor.from_string(DEFAULT_COLOURS["ink"])
    sizes = {"Normal": 11, "Heading 1": 20, "Heading 2": 15, "Heading 3": 12.5, "Heading 4": 11.5,
             "Heading 5": 11, "Heading 6": 11, "Caption": 10, "Footer": 8.5}  # fmt: skip
    for name, size in sizes.items():
        style = document.styles[name]
        font = style.font
        font.name = FONT
        font.size = Pt(size)
        font.color.rgb = ink
        font.italic = False if name == "Caption" else font.italic
        fonts = style.element.rPr.find(qn("w:rFonts"))
        if fonts is not None:  # theme fonts would win over the font named here
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attribute), None)
            fonts.set(qn("w:eastAsia"), FONT)
            fonts.set(qn("w:cs"), FONT)
        if name.startswith("Heading"):
            font.bold = True
            style.paragraph_format.keep_with_next = True
            style.paragraph_format.space_before = Pt(14 if name == "Heading 1" else 12)
            style.paragraph_format.space_after = Pt(4)
    document.styles["Caption"].font.bold = True
    document.styles["Footer"].paragraph_format.tab_stops.clear_all()
    document.styles["Normal"].paragraph_format.space_after = Pt(6)


def _table_styles(document: Any) -> None:
    """Smaller text, and bullets, for inside tables ("Table Text", "Table Bullet"), unless the styles have them."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    names = {s.name for s in document.styles}
    for name, base in (("Table Text", "Normal"), ("Table Bullet", "List Bullet")):
        if name in names:
            continue
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles[base] if base in names else None
        style.font.size = Pt(9.5)
        style.paragraph_format.space_after = Pt(2)
        style.quick_style = False


def _page(document: Any, title: str, colours: dict[str, str]) -> None:
    """A4, 2 cm margins, and a footer of the title and "Page N of M"."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt, RGBColor

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin, section.bottom_margin = Mm(18), Mm(20)
        paragraph = section.footer.paragraphs[0]
        paragraph.text = ""
        paragraph.style = document.styles["Footer"]
        width = section.page_width - section.left_margin - section.right_margin
        paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        muted = RGBColor.from_string(colours["muted"])
        for piece in (title, "\tPage ", "PAGE", " of ", "NUMPAGES"):
            if piece in ("PAGE", "NUMPAGES"):
                _field(paragraph, piece, muted)
            else:
                run = paragraph.add_run(piece)
                run.font.size = Pt(8.5)
                run.font.color.rgb = muted


def _field(paragraph: Any, code: str, colour: Any) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for kind, text in (("begin", None), (None, f" {code} "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(8.5)
        run.font.color.rgb = colour
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text is not None and text.startswith(" "):
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@cache
def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _add(parent: Any, tag: str, **attributes: str) -> Any:
    """A new ``w:TAG`` element at the end of ``parent``, with ``w:`` attributes."""
    if not attributes:
        return etree.SubElement(parent, _w(tag))
    return etree.SubElement(parent, _w(tag), {_w(name): value for name, value in attributes.items()})


class _Box:
    """Where paragraphs and tables go: the document's body, or a table cell.

    Elements are added to the document as they are made (python-docx numbers
    pictures by what the document already holds).
    """

    __slots__ = ("before", "cell")

    def __init__(self, *, before: Any = None, cell: Any = None) -> None:
        self.before = before  # the body's sectPr: blocks go before it
        self.cell = cell

    def add(self, tag: str) -> Any:
        return self.attach(etree.Element(_w(tag)))

    def attach(self, element: Any) -> Any:
        if self.cell is not None:
            self.cell.append(element)
            return element
        self.before.addprevious(element)
        return self.before.getprevious()

    def close(self) -> None:
        """A cell must end with a paragraph."""
        if self.cell is not None and (len(self.cell) == 0 or self.cell[-1].tag != _w("p")):
            _add(self.cell, "p")


class _Writer:
    """Writes the HTML's blocks as WordprocessingML, straight into the document's XML.

    python-docx makes the package (parts, relationships, styles, pictures,
    properties); paragraphs, runs and tables are made here with lxml, as
    python-docx makes them, because its object API is far too slow for a
    plan of a thousand actions.
    """

    def __init__(self, document: Any, colours: dict[str, str], style_ids: dict[str, str]) -> None:
        self.document = document
        self.part = document.part
        self.colours = colours
        self.style_ids = style_ids
        self.pending: list[tuple] = []  # inline pieces waiting for their paragraph

    # --- blocks -----------------------------------------------------------------

    def blocks(
        self,
        element: Any,
        box: _Box,
        depth: int,
        style: str | None = None,
        align: str | None = None,
        fmt: dict | None = None,
    ) -> None:
        """Lay out the children of ``element`` into ``box``: blocks as they come, inline text gathered.

        ``fmt`` formats the inline text (a header cell's is bold).
        """
        fmt = fmt or {}
        if element.text:
            self.pending.append(("text", element.text, fmt))
        for child in element:
            tag = _name(child)
            if tag in SKIPPED or _print_only(child):
                pass
            elif tag in BLOCKS:
                self.flush(box, style, align)
                self.block(child, box, depth)
            elif tag:
                self.collect(child, fmt)
            if child.tail:
                self.pending.append(("text", child.tail, fmt))
        self.flush(box, style, align)

    def block(self, element: Any, box: _Box, depth: int) -> None:
        tag = _name(element)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.collect_children(element, {})
            self.flush(box, f"Heading {tag[1]}", keep=True)
        elif tag in ("p", "dt", "dd", "address", "pre"):
            self.collect_children(element, {"bold": True} if tag == "dt" else {})
            self.flush(box, None, _alignment(element))
        elif tag in ("ul", "ol"):
            self.list(element, box, depth, numbered=tag == "ol")
        elif tag == "li":
            self.list_item(element, box, depth + 1, numbered=False)
        elif tag == "table":
            self.table(element, box)
        elif tag == "figcaption":
            self.collect_children(element, {})
            self.flush(box, "Caption")
        elif tag == "svg":
            self.chart(element, box)
        elif tag == "img":
            self.pending.append(("img", element))
            self.flush(box, None)
        elif tag == "hr":
            pass
        elif tag == "blockquote":
            self.blocks(element, box, depth, "Quote")
        else:  # div, section, header, main, footer, figure, ...
            self.blocks(element, box, depth, None, _alignment(element))

    def list(self, element: Any, box: _Box, depth: int, numbered: bool) -> None:
        if "figures" in (element.get("class") or "").split():
            self.tiles(element, box)
            return
        for child in element:
            if _name(child) == "li":
                self.list_item(child, box, depth + 1, numbered)

    def list_item(self, element: Any, box: _Box, depth: int, numbered: bool) -> None:
        kind = "List Number" if numbered else "List Bullet"
        name = kind if depth <= 1 else f"{kind} {min(depth, 3)}"
        self.blocks(element, box, depth, name if name in self.style_ids else kind)

    def tiles(self, element: Any, box: _Box) -> None:
        """The summary figures: each a shaded paragraph, its number large and bold."""
        for item in element:
            if _name(item) == "li":
                self.collect_children(item, {"tile": True})
                self.flush(box, None, shade=self.colours["band"], keep_lines=True)

    # --- inline -----------------------------------------------------------------

    def collect_children(self, element: Any, fmt: dict) -> None:
        if element.text:
            self.pending.append(("text", element.text, fmt))
        for child in element:
            if isinstance(child.tag, str):
                self.collect(child, fmt)
            if child.tail:
                self.pending.append(("text", child.tail, fmt))

    def collect(self, element: Any, fmt: dict) -> None:
        tag = _name(element)
        if tag in SKIPPED or _print_only(element):
            return
        if tag == "br":
            self.pending.append(("br",))
            return
        if tag == "img":
            self.pending.append(("img", element))
            return
        inner = dict(fmt)
        classes = (element.get("class") or "").split()
        if tag in ("strong", "b", "th"):
            inner["bold"] = True
        elif tag in ("em", "i", "cite"):
            inner["italic"] = True
        elif tag == "a" and element.get("href"):
            inner["href"] = element.get("href")
        if "rating" in classes:
            rag = next((c[4:] for c in classes if c.startswith("rag-")), "none")
            inner["rag"] = rag
            inner["bold"] = rag != "none"
        elif "muted" in classes:
            inner["muted"] = True
        self.collect_children(element, inner)

    def flush(
        self,
        box: _Box,
        style: str | None,
        align: str | None = None,
        *,
        keep: bool = False,
        keep_lines: bool = False,
        shade: str | None = None,
    ) -> Any:
        """Write the gathered inline pieces as one paragraph (none if they are only space)."""
        pieces, self.pending = self.pending, []
        if not any(p[0] != "text" or p[1].strip() for p in pieces):
            return None
        if box.cell is not None and (style is None or style.startswith("List Bullet")):
            style = "Table Bullet" if style else "Table Text"
        paragraph = box.add("p")
        style_id = self.style_ids.get(style) if style else None
        if style_id or keep or keep_lines or shade or align:
            properties = _add(paragraph, "pPr")
            if style_id:
                _add(properties, "pStyle", val=style_id)
            if keep:
                _add(properties, "keepNext")
            if keep_lines:
                _add(properties, "keepLines")
            if shade:
                _add(properties, "shd", val="clear", color="auto", fill=shade.upper())
            if align:
                _add(properties, "jc", val=align)
        for piece, text in zip(pieces, _collapse(pieces)):
            if piece[0] == "br":
                _add(_add(paragraph, "r"), "br")
            elif piece[0] == "img":
                self.picture(piece[1], paragraph)
            elif text:
                self.run(paragraph, text, piece[2])
        return paragraph

    def run(self, paragraph: Any, text: str, fmt: dict) -> None:
        href = fmt.get("href")
        if href and not href.startswith("#"):
            from docx.opc.constants import RELATIONSHIP_TYPE

            link = _add(paragraph, "hyperlink")
            link.set(_R_ID, self.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
            paragraph = link
            fmt = {**fmt, "colour": self.colours["blue-ink"], "underline": True}
        run = _add(paragraph, "r")
        rag = fmt.get("rag")
        colour = fmt.get("colour")
        if rag:
            colour = self.colours.get(f"{rag}-ink", self.colours["ink"])
        elif fmt.get("muted"):
            colour = self.colours["muted"]
        bold = fmt.get("bold")
        if bold or fmt.get("italic") or colour or fmt.get("underline") or fmt.get("tile"):
            properties = _add(run, "rPr")
            if bold:
                _add(properties, "b")
            if fmt.get("italic"):
                _add(properties, "i")
            if colour:
                _add(properties, "color", val=colour.upper())
            if bold and fmt.get("tile"):
                _add(properties, "sz", val="32")
            if fmt.get("underline"):
                _add(properties, "u", val="single")
            if rag:
                _add(properties, "shd", val="clear", color="auto", fill=self.colours.get(f"{rag}-bg", "ffffff").upper())
        words = _add(run, "t")
        words.text = text
        if text[:1].isspace() or text[-1:].isspace():
            words.set(XML_SPACE, "preserve")

    # --- tables -----------------------------------------------------------------

    def table(self, element: Any, box: _Box) -> None:
        caption = element.find("caption")
        caption_text = ""
        if caption is not None:
            caption_text = " ".join("".join(caption.itertext()).split())
            self.collect_children(caption, {})
            self.flush(box, "Caption", keep=True)
        rows = [(tr, _in_head(tr)) for tr in element.iter("tr")]
        columns = min(
            MAX_COLUMNS,
            max((sum(_span(c) for c in tr if _name(c) in ("td", "th")) for tr, _ in rows), default=0),
        )
        if columns == 0:
            return
        widths = _column_widths(rows, columns)
        # Made apart as plain XML, then put in the document: much faster
        # than making python-docx's proxies for every element.
        table = etree.Element(_w("tbl"))
        properties = _add(table, "tblPr")
        if "Table Grid" in self.style_ids:
            _add(properties, "tblStyle", val=self.style_ids["Table Grid"])
        _add(properties, "tblW", w=str(TEXT_WIDTH_TWIPS), type="dxa")
        _add(properties, "tblLayout", type="fixed")
        _add(
            properties,
            "tblLook",
            val="04A0",
            firstRow="1",
            lastRow="0",
            firstColumn="1",
            lastColumn="0",
            noHBand="0",
            noVBand="1",
        )
        if caption_text:
            _add(properties, "tblCaption", val=caption_text[:255])
        grid = _add(table, "tblGrid")
        for width in widths:
            _add(grid, "gridCol", w=str(width))
        band = self.colours["band"].upper()
        for tr, head in rows:
            row = _add(table, "tr")
            row_properties = _add(row, "trPr")
            _add(row_properties, "cantSplit")  # a row never breaks across pages
            if head:
                _add(row_properties, "tblHeader")  # header rows repeat on every page
            at = 0
            for cell_element in tr:
                tag = _name(cell_element)
                if tag not in ("td", "th") or at >= columns:
                    continue
                span = min(_span(cell_element), columns - at)
                cell = _add(row, "tc")
                cell_properties = _add(cell, "tcPr")
                _add(cell_properties, "tcW", w=str(sum(widths[at : at + span])), type="dxa")
                if span > 1:
                    _add(cell_properties, "gridSpan", val=str(span))
                if head:
                    _add(cell_properties, "shd", val="clear", color="auto", fill=band)
                self.cell(cell_element, _Box(cell=cell), {"bold": True} if tag == "th" else {})
                at += span
            while at < columns:  # a short row is filled out with empty cells
                cell = _add(row, "tc")
                _add(_add(cell, "tcPr"), "tcW", w=str(widths[at]), type="dxa")
                _add(cell, "p")
                at += 1
        box.attach(table)

    def cell(self, element: Any, box: _Box, fmt: dict) -> None:
        self.blocks(element, box, 0, None, _alignment(element), fmt)
        box.close()

    # --- pictures ---------------------------------------------------------------

    def chart(self, svg: Any, box: _Box) -> None:
        from docx.shared import Cm

        from hcplan.outputs.charts import alt_text, size_of, svg_to_png

        width, _ = size_of(svg)
        paragraph = box.add("p")
        _add(_add(paragraph, "pPr"), "keepLines")
        inline = self.part.new_pic_inline(
            io.BytesIO(svg_to_png(svg)), width=Cm(min(CHART_WIDTH_CM, width / 720 * CHART_WIDTH_CM))
        )
        _add(_add(paragraph, "r"), "drawing").append(inline)
        _describe(inline, alt_text(svg) or "Chart")

    def picture(self, element: Any, paragraph: Any) -> None:
        """An ``img`` with a ``data:`` URI; any other is never fetched, its ``alt`` shown instead."""
        from docx.shared import Cm, Pt

        data = _data_uri(element.get("src") or "")
        if data is None:
            alt = element.get("alt")
            if alt:
                self.run(paragraph, alt, {})
            return
        height = element.get("height") or ""
        size = {"height": Pt(float(height) * 0.75)} if height.isdigit() else {"width": Cm(4)}
        try:
            inline = self.part.new_pic_inline(io.BytesIO(data), **size)
        except Exception as exc:  # noqa: BLE001 - python-docx raises its own errors for pictures it cannot read
            raise DocxError(f"a picture of the report cannot go into Word: {exc}") from None
        _add(_add(paragraph, "r"), "drawing").append(inline)
        _describe(inline, element.get("alt") or "")


# --- small pieces of WordprocessingML ---------------------------------------------


def _collapse(pieces: list[tuple]) -> list[str]:
    """The text of each piece with HTML's white space rules: runs of space are one, none at the ends."""
    texts = []
    space_before = True  # at the start of the paragraph, or after a space
    for piece in pieces:
        if piece[0] != "text":
            texts.append("")
            space_before = piece[0] == "br"
            continue
        text = re.sub(r"[ \t\r\n\f]+", " ", piece[1])
        if space_before:
            text = text.lstrip(" ")
        if text:
            space_before = text.endswith(" ")
        texts.append(text)
    # no space at the end of the paragraph or before a line break
    for i in range(len(texts) - 1, -1, -1):
        if pieces[i][0] == "br":
            continue
        if pieces[i][0] == "text" and texts[i]:
            texts[i] = texts[i].rstrip(" ")
            if texts[i]:
                break
    for i, piece in enumerate(pieces):
        if piece[0] == "br":
            j = i - 1
            while j >= 0 and pieces[j][0] == "text" and not texts[j]:
                j -= 1
            if j >= 0 and pieces[j][0] == "text":
                texts[j] = texts[j].rstrip(" ")
    return texts


def _in_head(tr: Any) -> bool:
    parent = tr.getparent()
    return parent is not None and parent.tag == "thead"


#: The most columns a Word table has (Word's own limit): a cell's span, and a table's width,
#: stop there (colspan="99999" made a table of 99,999 columns, and Word never finished).
MAX_COLUMNS = 63


def _span(cell: Any) -> int:
    try:
        return min(MAX_COLUMNS, max(1, int(cell.get("colspan", "1"))))
    except ValueError:
        return 1


def _column_widths(rows: list[tuple[Any, bool]], columns: int) -> list[int]:
    """Column widths (twips): each wide enough for its longest word, the rest shared by how much each holds."""
    longest = [1] * columns
    total = [0] * columns
    for tr, head in rows:
        at = 0
        for cell in tr:
            if cell.tag not in ("td", "th") or at >= columns:
                continue
            span = _span(cell)
            if span == 1:
                words = "".join(cell.itertext()).split()
                if words:
                    longest[at] = max(longest[at], *map(len, words))
                    if not head:
                        total[at] += len(words) + sum(map(len, words))
            at += span
    count = max(1, sum(1 for _, head in rows if not head))
    least = [min(longest[i], 24) * CHAR_TWIPS + CELL_PADDING_TWIPS for i in range(columns)]
    spare = TEXT_WIDTH_TWIPS - sum(least)
    if spare <= 0:
        widths = [w * TEXT_WIDTH_TWIPS // sum(least) for w in least]
    else:
        # what each column would need on one line, beyond its least width
        wanted = [max(0.0, total[i] / count * CHAR_TWIPS + CELL_PADDING_TWIPS - least[i]) for i in range(columns)]
        share = sum(wanted) or 1.0
        widths = [
            int(least[i] + spare * wanted[i] / share) if sum(wanted) else least[i] + spare // columns
            for i in range(columns)
        ]
    widths[-1] += TEXT_WIDTH_TWIPS - sum(widths)
    return widths


_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _name(element: Any) -> str:
    """An element's tag without its namespace (``svg`` inside HTML has one); empty for comments."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _print_only(element: Any) -> bool:
    """Whether the element is only for paper (class print-only): Word is the screen's version, whole."""
    return "print-only" in (element.get("class") or "").split()


def _alignment(element: Any) -> str | None:
    return "right" if "number" in (element.get("class") or "").split() else None


def _describe(inline: Any, text: str) -> None:
    """Alternative text of a picture (Word's Alt Text; what a screen reader says)."""
    properties = inline.docPr
    properties.set("descr", text)
    properties.set("title", text[:120])


def _data_uri(src: str) -> bytes | None:
    found = re.match(r"data:image/(png|jpeg|gif);base64,(.*)", src.strip(), re.S)
    if not found:
        return None
    try:
        return base64.b64decode(found.group(2), validate=False)
    except ValueError:
        return None
