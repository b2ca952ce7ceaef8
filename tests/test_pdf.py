"""PDF versions of the reports, made by WeasyPrint, read back as a reader's PDF
software reads them: pages, fonts, text, where every character sits, the
document's tags and properties, and each page as a picture compared with a
reviewed reference.

The references are small greyscale pictures in tests/visual/, one per page.
After an intended change to the print layout, look at the new pages and
refresh them with `make regen` (with every other file the tests compare);
the pictures of each page made by the tests are left in test-artifacts/pdf/.
"""

from __future__ import annotations

import io
import re
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import MINIMAL, PLANS, REPO, require_client
from hcplan.outputs.report import NAMES
from publishing import (
    PLAN_2024,
    html_tree,
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

VISUAL = REPO / "tests" / "visual"
ARTIFACTS = REPO / "test-artifacts" / "pdf"
#: Dots per inch of the reference pictures: enough to see the layout, small to keep.
DPI = 24
#: How far a page may differ from its reference: the mean difference of its
#: pixels (0-255), on pictures halved again to forgive anti-aliasing.
TOLERANCE = 4.0
MM = 72 / 25.4
#: The print stylesheet's page margins (top, right, bottom, left), in points.
MARGINS = (16 * MM, 15 * MM, 20 * MM, 15 * MM)
#: Every report the visual check covers: (name, plan, template); a plan of
#: None is the 2024-25 plan with all of its publication matter.
VISUAL_CASES = [
    ("annual-2024-25", PLAN_2024, "annual"),
    ("review-2024-25", PLAN_2024, "review"),
    ("annual-2017", PLANS / "2017" / "plan.yaml", "annual"),
    ("annual-published", None, "annual"),
    ("plan-2024-25", PLAN_2024, "plan"),
]


def weasyprint_or_skip() -> None:
    from hcplan.outputs.pdf import PdfError, weasyprint_module

    try:
        weasyprint_module()
    except PdfError as exc:
        require_client(False, f"WeasyPrint ({exc})")


@pytest.fixture(scope="module")
def reports() -> dict[str, tuple[str, bytes]]:
    """Each shipped template of the 2024-25 plan: its HTML and its PDF."""
    weasyprint_or_skip()
    return {name: make(PLAN_2024, name, "pdf") for name in NAMES}


def plumber(data: bytes):
    import pdfplumber

    return pdfplumber.open(io.BytesIO(data))


#: A4 in points, upright; the plan is printed as a landscape table.
A4 = (595, 842)
PAGE_SIZES = {"plan": A4[::-1]}


@pytest.mark.parametrize("name", NAMES)
def test_a4_pages_each_with_the_title_and_its_number_and_the_htmls_text(reports, name):
    html, data = reports[name]
    with plumber(data) as pdf:
        for page in pdf.pages:
            assert (round(page.width), round(page.height)) == PAGE_SIZES.get(name, A4)
    pages = pdf_pages_text(data)
    assert len(pages) >= 2
    body = without_page_footers(pages, title_of(html))
    difference = word_difference(visible_words(html, charts=True, paper=True), words(" ".join(body)))
    assert difference["missing"] == {}
    extra, _ = minus_repeated_headers(difference["extra"], html)
    assert extra == {}


@pytest.mark.parametrize("name", NAMES)
def test_no_file_path_is_printed(reports, name):
    text = " ".join(pdf_pages_text(reports[name][1]))
    assert "plan.yaml" not in text and "file:" not in text and str(REPO) not in text


@pytest.mark.parametrize("name", NAMES)
def test_fonts_are_embedded_and_the_print_stylesheets(reports, name):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(reports[name][1]))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    # Arial or its metric twin Liberation Sans, as the stylesheet asks; no fallback font.
    families = {re.sub(r"^/?[A-Z]{6}\+", "", name).split("-")[0] for name in fonts}
    assert families <= {"Liberation", "Arial", "ArialMT", "Helvetica"}, families


@pytest.mark.parametrize("name", NAMES)
def test_nothing_runs_over_the_edge_of_the_page_or_its_margins(reports, name):
    top, right, bottom, left = MARGINS
    with plumber(reports[name][1]) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            assert page.chars
            for char in page.chars:
                where = f"page {number}: {char['text']!r} at x {char['x0']:.1f}-{char['x1']:.1f}, y {char['top']:.1f}"
                assert left - 1 <= char["x0"] and char["x1"] <= page.width - right + 1, where
                assert top - 1 <= char["top"] and char["bottom"] <= page.height - 5 * MM, where


@pytest.mark.parametrize("name", NAMES)
def test_no_heading_is_left_at_the_foot_of_a_page(reports, name):
    html, data = reports[name]
    headings = {" ".join(h.text_content().split()) for h in html_tree(html).iter("h2", "h3")}
    with plumber(data) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            lines = [line for line in page.extract_text_lines() if line["bottom"] < page.height - MARGINS[2]]
            assert lines, f"page {number} is empty"
            assert " ".join(lines[-1]["text"].split()) not in headings, f"page {number} ends with a heading"


def test_no_table_row_is_split_across_pages(reports):
    # Each action's text is whole on one page of the plan report.
    from hcplan.checking.loader import load_plan

    pages = [" ".join(re.sub(r"(?<=\w)-[ \t]*\n\s*(?=\w)", "-", p).split()) for p in pdf_pages_text(reports["plan"][1])]
    plan = load_plan(PLAN_2024).plan
    for ref in plan.actions():
        text = " ".join(ref.action.text.split())
        assert sum(text in page for page in pages) == 1, ref.action.id


@pytest.mark.parametrize("name", ["review", "annual"])
def test_the_summary_tiles_stand_on_one_row(reports, name):
    html, data = reports[name]
    figures = [" ".join(li.find("strong").text_content().split()) for li in html_tree(html).find_class("figures")[0]]
    with plumber(data) as pdf:
        found = [w for w in pdf.pages[0].extract_words(extra_attrs=["size"]) if w["text"] in {f.split()[0] for f in figures}]
        tops = {round(w["top"]) for w in found if w["size"] >= 14}
    assert len(tops) == 1, (figures, found)


@pytest.mark.parametrize("name", NAMES)
def test_the_pdf_is_tagged_titled_and_in_british_english(reports, name):
    from pypdf import PdfReader

    html, data = reports[name]
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a PDF boolean
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata.title == title_of(html)
    assert reader.metadata.author == "London Borough of Merton"


def test_on_paper_the_plan_shows_each_actions_latest_update_and_word_has_every_one(write):
    # The printed plan is the current position; the web page and Word keep the record.
    from hcplan.outputs.docx import html_to_docx

    weasyprint_or_skip()
    plan = write(
        MINIMAL.replace(
            "                text: Data requested.\n",
            "                text: Data requested.\n"
            "              - date: 2024-06-03\n                text: Profile drafted.\n"
            "              - date: 2024-07-01\n                text: Profile agreed by the group.\n",
        )
    )
    html, data = make(plan, "plan", "pdf", as_of=date(2024, 8, 1), since=None)
    printed = " ".join(" ".join(pdf_pages_text(data)).split())
    assert "Profile agreed by the group." in printed
    assert "Data requested." not in printed and "Profile drafted." not in printed
    assert "On paper each action shows its latest update" in printed
    word = " ".join(p.text for p in document_paragraphs(html_to_docx(html)))
    assert all(text in word for text in ("Data requested.", "Profile drafted.", "Profile agreed by the group."))
    assert "On paper" not in word
    on_screen = " ".join(visible_words(html))
    assert "Data requested." in on_screen and "On paper" not in on_screen


def test_what_is_only_for_the_screen_is_taken_out_before_weasyprint_lays_the_page_out():
    # Not drawn on paper in any case; taken out, WeasyPrint need not style it.
    from hcplan.outputs.pdf import for_paper

    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>T &amp; U</title><style>p > b { color: red }</style></head>'
        '<body><p>kept <span class="muted screen-only">only on screen</span>tail &amp; more</p>'
        '<ul><li class="screen-only">earlier</li><li>latest</li></ul>'
        '<svg viewBox="0 0 10 10"><rect width="3"/></svg></body></html>'
    )
    paper = for_paper(html)
    tree = html_tree(paper)
    assert "only on screen" not in paper and "earlier" not in paper
    assert tree.find(".//p").text_content() == "kept tail & more"
    assert [li.text for li in tree.iter("li")] == ["latest"]
    assert "p > b { color: red }" in paper and tree.get("lang") == "en-GB" and title_of(paper) == "T & U"
    assert paper.startswith("<!DOCTYPE html>")
    assert visible_words(paper, paper=True) == visible_words(html, paper=True)
    plain = html.replace(' class="muted screen-only"', "").replace(' class="screen-only"', "")
    assert for_paper(plain) is plain  # nothing to take out: the HTML as it was


def document_paragraphs(data: bytes):
    """Every paragraph of a Word document, in its tables too."""
    from docx import Document

    document = Document(io.BytesIO(data))
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def test_the_cli_writes_a_pdf_and_says_how_to_install_weasyprint_when_missing(hcplan, tmp_path, monkeypatch):
    weasyprint_or_skip()
    out = tmp_path / "annual.pdf"
    result = hcplan("report", PLANS / "2017" / "plan.yaml", "--template", "annual", "--as-of", "2017-07-01", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed
    missing = hcplan("report", PLANS / "2017" / "plan.yaml", "--template", "annual", "-o", tmp_path / "again.pdf")
    assert missing.exit_code == 1
    assert missing.stderr == "hcplan: error: PDF output needs WeasyPrint: pip install 'hcplan[pdf]' (with pipx: pipx inject hcplan weasyprint)\n"
    assert not (tmp_path / "again.pdf").exists()


def test_a_report_fetches_nothing_from_outside(write, tmp_path):
    # A user's template that points at a file and a web address: neither is read.
    weasyprint_or_skip()
    secret = tmp_path / "secret.css"
    secret.write_text("body { background: url(data:,) } h1::after { content: 'LEAKED' }")
    mine = tmp_path / "mine.html.j2"
    mine.write_text(
        f'<!DOCTYPE html><html lang="en-GB"><head><title>x</title><link rel="stylesheet" href="{secret.as_uri()}">'
        '<link rel="stylesheet" href="http://192.0.2.1/x.css"></head><body><h1>{{ plan.title }}</h1>'
        f'<img src="{secret.as_uri()}" alt="picture"></body></html>'
    )
    _, data = make(write(MINIMAL), str(mine), "pdf", since=None)
    assert "LEAKED" not in " ".join(pdf_pages_text(data))


# --- the pages as pictures ------------------------------------------------------


def page_pictures(data: bytes) -> list:
    """Each page as a small greyscale picture."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return [page.render(scale=DPI / 72).to_pil().convert("L") for page in document]
    finally:
        document.close()


def difference(picture, reference) -> float:
    """Mean difference of the pixels (0-255) of two pictures, each halved first."""
    from PIL import ImageChops

    size = (max(1, reference.width // 2), max(1, reference.height // 2))
    a, b = picture.resize(size), reference.resize(size)
    histogram = ImageChops.difference(a, b).histogram()
    return sum(i * n for i, n in enumerate(histogram)) / (size[0] * size[1])


def visual_pdf(plan: Path | None, template: str) -> bytes:
    import tempfile

    if plan is None:
        with tempfile.TemporaryDirectory() as folder:
            return visual_pdf(published_plan(Path(folder)), template)
    as_of, since = (date(2017, 7, 1), date(2017, 5, 1)) if "2017" in str(plan) else (date(2025, 4, 15), date(2025, 1, 1))
    return make(plan, template, "pdf", as_of=as_of, since=since)[1]


@pytest.mark.parametrize(("case", "plan", "template"), VISUAL_CASES, ids=[c[0] for c in VISUAL_CASES])
def test_each_page_looks_like_its_reviewed_reference(case, plan, template):
    from PIL import Image

    weasyprint_or_skip()
    pictures = page_pictures(visual_pdf(plan, template))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for number, picture in enumerate(pictures, 1):
        picture.save(ARTIFACTS / f"{case}-{number}.png")
    references = sorted(VISUAL.glob(f"{case}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    assert references, f"no reference pictures for {case}: run `make regen`"
    assert len(pictures) == len(references), f"{len(pictures)} pages, the reference has {len(references)}"
    for number, (picture, path) in enumerate(zip(pictures, references), 1):
        reference = Image.open(path).convert("L")
        assert picture.size == reference.size
        off = difference(picture, reference)
        assert off <= TOLERANCE, f"page {number} differs from {path.name} by {off:.1f} (see {ARTIFACTS})"


def test_the_visual_check_sees_a_changed_page():
    # The check must be able to fail: the annual review's first page against its second.
    from PIL import Image

    first, second = (Image.open(VISUAL / f"annual-2024-25-{n}.png").convert("L") for n in (1, 2))
    assert difference(first, first) == 0
    assert difference(first, second) > TOLERANCE


def regenerate() -> None:
    """Write the reference pictures anew from the PDFs made now."""
    VISUAL.mkdir(parents=True, exist_ok=True)
    for case, plan, template in VISUAL_CASES:
        for old in VISUAL.glob(f"{case}-*.png"):
            old.unlink()
        for number, picture in enumerate(page_pictures(visual_pdf(plan, template)), 1):
            picture.save(VISUAL / f"{case}-{number}.png", optimize=True)
            print(f"wrote {VISUAL / f'{case}-{number}.png'}")


if __name__ == "__main__":  # the old way in: the same as `make regen`
    sys.path.insert(0, str(Path(__file__).parent))
    import regen

    regen.main()
