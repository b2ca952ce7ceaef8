"""Word versions of the reports: structure read back with python-docx, and the
documents opened by a real client, LibreOffice headless, whose text must be
the HTML report's."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest

from conftest import MINIMAL, PLANS
from hcplan.outputs.report import NAMES, template_dir
from publishing import (
    PLAN_2024,
    html_tree,
    libreoffice_to_pdf,
    make,
    minus_repeated_headers,
    pdf_pages_text,
    published_plan,
    title_of,
    visible_words,
    without_page_footers,
    word_difference,
    words,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, tuple[str, bytes]]:
    """Each shipped template of the 2024-25 plan: its HTML and its Word document; and
    "published", the annual review of a copy with all of its publication matter."""
    made = {name: make(PLAN_2024, name, "docx") for name in NAMES}
    made["published"] = make(published_plan(tmp_path_factory.mktemp("published")), "annual", "docx", since=None)
    return made


def document(data: bytes):
    from docx import Document

    return Document(io.BytesIO(data))


def body_xml(data: bytes):
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


@pytest.mark.parametrize("name", NAMES)
def test_headings_are_words_heading_styles_in_the_htmls_order(reports, name):
    html, data = reports[name]
    want = [(int(h.tag[1]), " ".join(h.text_content().split())) for h in html_tree(html).iter("h1", "h2", "h3", "h4")]
    found = [
        (int(p.style.name.split()[-1]), " ".join(p.text.split()))
        for p in document(data).paragraphs
        if p.style.name.startswith("Heading ")
    ]
    assert found == want
    assert len(found) >= 4
    # Headings are kept with what follows them (the style, or the paragraph itself).
    for p in document(data).paragraphs:
        if p.style.name.startswith("Heading "):
            assert p.paragraph_format.keep_with_next or p.style.paragraph_format.keep_with_next


@pytest.mark.parametrize("name", NAMES)
def test_tables_repeat_their_header_rows_and_never_split_a_row(reports, name):
    html, data = reports[name]
    html_tables = list(html_tree(html).iter("table"))
    tables = body_xml(data).findall(f".//{W}tbl")
    assert len(tables) == len(html_tables) > 0
    for source, table in zip(html_tables, tables):
        rows = table.findall(f"{W}tr")
        head = len(source.findall("thead/tr"))
        assert len(rows) == len(source.findall(".//tr"))
        for i, row in enumerate(rows):
            assert row.find(f"{W}trPr/{W}cantSplit") is not None
            assert (row.find(f"{W}trPr/{W}tblHeader") is not None) == (i < head)
        caption = source.find("caption")
        if caption is not None:  # the caption is the table's title for assistive technology
            assert table.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val") == " ".join(caption.text_content().split())


@pytest.mark.parametrize("name", NAMES)
def test_every_chart_is_a_picture_with_the_charts_words_as_alternative_text(reports, name):
    from hcplan.outputs.charts import alt_text

    html, data = reports[name]
    charts = [alt_text(svg) for svg in html_tree(html).iter("{http://www.w3.org/2000/svg}svg", "svg")]
    pictures = [d.get("descr") for d in body_xml(data).iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert pictures == charts
    for text in pictures:
        assert text.startswith(("Actions by rating. Of 55 actions: On Hold, 0;", "Actions completed in each theme. Theme 1: Co-ordination, 2 of 18"))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        images = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(images) == len(set(charts)) and all(package.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in images)


def test_a_chart_picture_shows_its_bars_in_the_plans_colours(reports):
    from PIL import Image

    _, data = reports["annual"]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        first = sorted(n for n in package.namelist() if n.startswith("word/media/"))[0]
        picture = Image.open(io.BytesIO(package.read(first))).convert("RGB")
    colours = {colour for _, colour in picture.getcolors(maxcolors=1_000_000)}
    assert (0x06, 0x76, 0x47) in colours  # the themes chart: completed, in the plan's green
    assert picture.width == 1440


def _runs_with(data: bytes, text: str) -> list:
    return [r for r in body_xml(data).iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")) == text]


def test_ratings_are_words_on_the_plans_own_colours(reports, write):
    _, data = reports["annual"]
    [completed] = [r for r in _runs_with(data, "Completed") if r.find(f"{W}rPr/{W}shd") is not None]
    assert completed.find(f"{W}rPr/{W}shd").get(f"{W}fill") == "DCFAE6"
    assert completed.find(f"{W}rPr/{W}color").get(f"{W}val") == "074D31"
    # A plan whose "done" label is blue shows it blue.
    blue = write(MINIMAL.replace("  - label: Completed\n    rag: green", "  - label: Completed\n    rag: blue"))
    _, data = make(blue, "annual", "docx", since=None)
    [done] = [r for r in _runs_with(data, "Completed") if r.find(f"{W}rPr/{W}shd") is not None]
    assert done.find(f"{W}rPr/{W}shd").get(f"{W}fill") == "D1E9FF"


@pytest.mark.parametrize("name", NAMES)
def test_document_properties_title_author_and_british_english(reports, name):
    html, data = reports[name]
    props = document(data).core_properties
    assert props.title == title_of(html)
    assert props.author == "London Borough of Merton"
    assert props.language == "en-GB"
    assert props.created.date().isoformat() == "2025-04-15"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        styles = package.read("word/styles.xml").decode()
    assert 'w:lang w:val="en-GB"' in styles and 'w:val="en-US"' not in styles


def test_word_follows_a_changed_html_template(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    text = (template_dir() / "annual.html.j2").read_text(encoding="utf-8").replace("<h2>At a glance</h2>", "<h2>Our year in short</h2>")
    (mine / "annual.html.j2").write_text(text, encoding="utf-8")
    _, data = make(PLAN_2024, str(mine / "annual.html.j2"), "docx")
    headings = [p.text for p in document(data).paragraphs if p.style.name == "Heading 2"]
    assert headings[0] == "Our year in short"


def test_word_takes_its_styles_from_a_reference_document_beside_the_template(tmp_path):
    from docx import Document

    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copy(template_dir() / "annual.html.j2", mine / "annual.html.j2")
    reference = Document()
    reference.styles["Normal"].font.name = "Georgia"
    reference.add_paragraph("This text is the reference's own and must not be copied.")
    reference.save(mine / "reference.docx")
    from hcplan.checking.loader import load_plan
    from hcplan.outputs.report import choose, produce

    data = produce(str(PLAN_2024), load_plan(PLAN_2024).plan, choose(str(mine / "annual.html.j2"), "docx"), as_of=__import__("datetime").date(2025, 4, 15))
    made = document(data)
    assert made.styles["Normal"].font.name == "Georgia"
    assert all("reference's own" not in p.text for p in made.paragraphs)
    assert made.paragraphs[0].style.name == "Heading 1"


def test_a_changed_reference_document_is_used_and_one_that_is_not_word_is_refused(tmp_path):
    # The styled empty document is made once per reference document in a
    # process (keyed by its bytes): a changed one is read again.
    from docx import Document

    from hcplan.outputs.docx import DocxError, html_to_docx

    html, _ = make(PLAN_2024, "annual", "html")
    reference = tmp_path / "reference.docx"
    for font in ("Georgia", "Verdana", "Georgia"):
        styled = Document()
        styled.styles["Normal"].font.name = font
        styled.save(reference)
        assert document(html_to_docx(html, reference=reference)).styles["Normal"].font.name == font
    assert document(html_to_docx(html)).styles["Normal"].font.name == "Arial"
    reference.write_text("not a Word document")
    with pytest.raises(DocxError, match=r"not a Word document \(\.docx\) to take styles from"):
        html_to_docx(html, reference=reference)
    reference.unlink()
    reference.mkdir()
    with pytest.raises(DocxError, match="cannot read it"):
        html_to_docx(html, reference=reference)


def test_the_cli_writes_a_word_document(hcplan, tmp_path):
    out = tmp_path / "annual.docx"
    result = hcplan("report", PLANS / "2017" / "plan.yaml", "--template", "annual", "--as-of", "2017-07-01", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote {out}\n"
    assert zipfile.ZipFile(out).testzip() is None
    assert document(out.read_bytes()).paragraphs[0].text == "Merton Hate Crime Strategy Work Plan 2017: what we achieved"
    piped = hcplan("report", PLANS / "2017" / "plan.yaml", "-f", "docx", "--as-of", "2017-07-01")
    assert piped.exit_code == 0 and piped.stdout_bytes[:2] == b"PK"


def test_a_markdown_template_cannot_make_word(hcplan, write, tmp_path):
    mine = tmp_path / "mine.md.j2"
    mine.write_text("# {{ plan.title }}\n")
    result = hcplan("report", write(), "--template", mine, "-o", tmp_path / "x.docx")
    assert result.exit_code == 2
    assert "is a md template; docx is made from an HTML template" in result.stderr


@pytest.fixture(scope="module")
def opened_by_libreoffice(reports, tmp_path_factory) -> dict[str, list[str]]:
    """Each Word document opened and converted to PDF by LibreOffice: the text of its pages."""
    folder = tmp_path_factory.mktemp("word")
    files = []
    for name, (_, data) in reports.items():
        path = folder / f"{name}.docx"
        path.write_bytes(data)
        files.append(path)
    made = libreoffice_to_pdf(files, folder / "pdf")
    return {path.stem: pdf_pages_text(pdf) for path, pdf in made.items()}


@pytest.mark.parametrize("name", [*NAMES, "published"])
def test_libreoffice_opens_each_document_and_shows_the_htmls_text(reports, opened_by_libreoffice, name):
    html, _ = reports[name]
    pages = opened_by_libreoffice[name]
    assert len(pages) >= 2
    # Every page has the footer: the report's title and "Page N of M".
    body = without_page_footers(pages, title_of(html))
    difference = word_difference(visible_words(html), words(" ".join(body)))
    assert difference["missing"] == {}
    # What Word adds is the header rows of tables that run on to the next page.
    extra, repeated = minus_repeated_headers(difference["extra"], html)
    assert extra == {}
    if name in ("plan", "review"):  # they have tables longer than a page
        assert repeated > 0


def test_a_reference_documents_text_people_and_properties_are_not_published(tmp_path):
    """Only the styles of a reference document are taken: its header text ('OFFICIAL-SENSITIVE
    Jane Smith', on every page), its comments and their author, its footnotes, its category,
    its template's path and a picture of its first page went into every report made with it."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from hcplan.outputs.docx import html_to_docx

    reference = Document()
    reference.styles["Normal"].font.name = "Georgia"
    reference.sections[0].header.paragraphs[0].text = "SECRETHEADER Jane Smith OFFICIAL-SENSITIVE"
    reference.sections[0].footer.add_paragraph("SECRETFOOTER draft 3")
    paragraph = reference.add_paragraph("SECRETBODY")
    reference.add_comment(paragraph.runs, text="SECRETCOMMENT", author="SECRETAUTHOR", initials="SA")
    # A picture and a link to an internal page in its body: their parts stayed when the body went.
    from PIL import Image

    Image.new("RGB", (20, 20), "red").save(tmp_path / "secret.png")
    reference.add_paragraph().add_run().add_picture(str(tmp_path / "secret.png"))
    link = reference.part.relate_to(
        "https://SECRET.example/internal", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    anchor = OxmlElement("w:hyperlink")
    anchor.set(qn("r:id"), link)
    reference.add_paragraph()._p.append(anchor)
    reference.core_properties.category = "SECRETCATEGORY"
    reference.core_properties.keywords = "SECRETKEYWORDS"
    template = OxmlElement("w:attachedTemplate")
    template.set(qn("r:id"), reference.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
    ).relate_to("file:///C:/Users/SECRETUSER/Templates/Council.dotm",
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate", is_external=True))
    reference.settings.element.insert(0, template)
    path = tmp_path / "reference.docx"
    reference.save(path)
    with zipfile.ZipFile(path) as original:
        assert any(b"SECRETHEADER" in original.read(name) for name in original.namelist())
    html, _ = make(PLAN_2024, "annual", "html")
    data = html_to_docx(html, reference=path)
    with zipfile.ZipFile(io.BytesIO(data)) as made:
        names = made.namelist()
        leaked = [name for name in names if b"SECRET" in made.read(name)]
    assert leaked == [], leaked
    assert not any(name.endswith(("thumbnail.jpeg", "comments.xml")) for name in names), names
    secret_picture = (tmp_path / "secret.png").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as made:
        assert not [name for name in names if made.read(name) == secret_picture]  # the report's own pictures stay
    made = document(data)
    assert made.styles["Normal"].font.name == "Georgia"
    assert "Page" in "".join(p.text for p in made.sections[0].footer.paragraphs)  # hcplan's own footer
    # A real client opens it, and shows none of the reference's words on any page.
    (tmp_path / "made.docx").write_bytes(data)
    pages = pdf_pages_text(libreoffice_to_pdf([tmp_path / "made.docx"], tmp_path / "pdf")[tmp_path / "made.docx"])
    assert len(pages) >= 2 and not any("SECRET" in page for page in pages)


def test_a_reference_that_is_a_workbook_is_refused_in_plain_words(tmp_path):
    import openpyxl

    from hcplan.outputs.docx import DocxError, html_to_docx

    path = tmp_path / "reference.docx"
    openpyxl.Workbook().save(path)
    html, _ = make(PLAN_2024, "annual", "html")
    with pytest.raises(DocxError) as info:
        html_to_docx(html, reference=path)
    assert str(info.value) == f"{path}: not a Word document (.docx) to take styles from"


def test_a_cell_spanning_thousands_of_columns_is_a_table_word_can_have():
    """colspan="99999" in a template of one's own: the Word writer made a table of 99,999
    columns and had not finished after two minutes."""
    from hcplan.outputs.docx import MAX_COLUMNS, html_to_docx

    html = (
        "<!DOCTYPE html><html lang='en-GB'><head><title>T</title></head><body><table>"
        "<tr><td colspan='99999'>wide</td></tr><tr><td>a</td><td colspan='70'>b</td><td>c</td></tr>"
        "</table></body></html>"
    )
    made = document(html_to_docx(html))
    [table] = made.tables
    assert len(table.columns) == MAX_COLUMNS == 63
    assert table.rows[0].cells[0].text == "wide" and table.rows[1].cells[0].text == "a"
