"""Helpers shared by the tests of the published outputs: Word, PDF and the site."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

from conftest import MINIMAL, REPO, soffice

PLAN_2024 = REPO / "plans" / "2024-25" / "plan.yaml"
AS_OF = date(2025, 4, 15)
SINCE = date(2025, 1, 1)
#: What the browser shows but a document does not: scripts, styles, the site's links, chart drawings.
UNSEEN = ("style", "script", "title", "nav", "{http://www.w3.org/2000/svg}svg", "svg")
#: Elements whose text never runs into the next one's.
SEPARATE = ("p", "li", "td", "th", "tr", "br", "h1", "h2", "h3", "h4", "caption", "figcaption", "div", "ul", "ol", "table")


def make(plan: Path, template: str, target: str, *, as_of: date = AS_OF, since: date | None = SINCE, public: bool = False) -> tuple[str, bytes]:
    """The report's HTML and its ``target`` bytes, as ``hcplan report`` makes them."""
    from hcplan.checking.loader import load_plan
    from hcplan.outputs.report import choose, convert, render

    loaded = load_plan(plan)
    assert loaded.plan is not None, loaded.problems
    choice = choose(template, target)
    html = render(str(plan), loaded.plan, choice, as_of=as_of, since=since, public=public)
    return html, convert(html, target)


def html_tree(html: str):
    import lxml.html

    return lxml.html.document_fromstring(html.encode("utf-8"))


def visible_words(html: str, *, charts: bool = False, paper: bool = False) -> list[str]:
    """The words a reader sees in an HTML report, in order.

    Without ``charts`` the words drawn in SVG charts are left out (Word has
    them in a picture); with it they are in (a PDF has them as text). With
    ``paper``, the words of the printed page: what the print stylesheet
    leaves out (class screen-only) is out and what it adds (print-only) in;
    otherwise the other way round, as on screen and in Word.
    """
    tree = html_tree(html)
    for element in list(tree.iter(*(UNSEEN[:-2] if charts else UNSEEN))):
        element.drop_tree()
    for element in list(tree.find_class("screen-only" if paper else "print-only")):
        element.drop_tree()
    if charts:
        for svg in tree.iter("{http://www.w3.org/2000/svg}svg", "svg"):
            for element in list(svg.iter("{http://www.w3.org/2000/svg}title", "{http://www.w3.org/2000/svg}desc", "title", "desc")):
                element.drop_tree()
            for element in svg.iter("{http://www.w3.org/2000/svg}text", "text"):
                element.tail = " " + (element.tail or "")
    for element in tree.iter(*SEPARATE):  # as a browser lays them out: apart
        element.tail = " " + (element.tail or "")
        if element.tag == "br" or len(element) == 0:
            element.text = (element.text or "") + " "
    return words(tree.find("body").text_content())


#: The marks a list's bullets leave in a PDF's text (Word's bullet is Symbol's U+F0B7).
BULLETS = frozenset({"\uf0b7", "•", "◦", "▪", "●"})


def words(text: str) -> list[str]:
    """The words of ``text``, without list bullets (which a PDF's text may run into a word)."""
    marks = "".join(BULLETS)
    return [w.strip(marks) for w in text.split() if w.strip(marks)]


def word_difference(expected: list[str], found: list[str]) -> dict[str, Counter]:
    """Words missing from ``found``, and words it has that ``expected`` has not (with counts)."""
    want, got = Counter(expected), Counter(found)
    return {"missing": want - got, "extra": got - want}


def minus_repeated_headers(extra: Counter, html: str) -> tuple[Counter, int]:
    """``extra`` words less whole table header rows (repeated at the top of each page), and how many there were."""
    heads = []
    for row in html_tree(html).iter("thead"):
        heads.append(Counter(words(" ".join(cell.text_content() for cell in row.iter("th", "td")))))
    rest, repeats = Counter(extra), 0
    for head in heads:
        while head and not head - rest:
            rest -= head
            repeats += 1
    return rest, repeats


def without_page_footers(pages: list[str], title: str) -> list[str]:
    """Each page's words without its footer ("TITLE ... Page N of M"), which HTML has not."""
    out = []
    for number, text in enumerate(pages, 1):
        # a hyphenated word broken at the end of a line is one word
        flat = " ".join(re.sub(r"(?<=\w)-[ \t]*\n\s*(?=\w)", "-", text).split())
        footer = f"Page {number} of {len(pages)}"
        assert footer in flat, f"page {number} has no footer {footer!r}: {flat[-200:]!r}"
        flat = flat.replace(footer, " ", 1)
        assert title in flat, f"page {number} has no title {title!r} in its footer"
        flat = _remove_last(flat, title)
        out.append(flat)
    return out


def _remove_last(text: str, part: str) -> str:
    at = text.rfind(part)
    return text[:at] + " " + text[at + len(part) :]


def pdf_pages_text(data_or_path: bytes | Path) -> list[str]:
    """The text of each page of a PDF (pypdf)."""
    import io

    from pypdf import PdfReader

    source = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else str(data_or_path)
    return [page.extract_text() or "" for page in PdfReader(source).pages]


def libreoffice_to_pdf(files: list[Path], out_dir: Path) -> dict[Path, Path]:
    """Each document opened and converted to PDF by LibreOffice headless, in one run."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / "lo-profile"
    command = [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, files)]  # fmt: skip
    ran = subprocess.run(command, capture_output=True, text=True, timeout=600)
    made = {f: out_dir / (f.stem + ".pdf") for f in files}
    missing = [str(f) for f, pdf in made.items() if not pdf.is_file()]
    assert not missing, f"LibreOffice did not convert {missing} (exit {ran.returncode}):\n{ran.stdout}\n{ran.stderr}"
    return made


def title_of(html: str) -> str:
    return " ".join((html_tree(html).findtext(".//title") or "").split())


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


#: The front and back matter of a published annual review, for a copy of the 2024-25 plan.
PUBLICATION = """\
publication:
  published: 2025-06-30
  logo:
    path: ../assets/council-logo.png
    alt: London Borough of Merton
  foreword:
    by: Councillor Jane Example, Cabinet Member for Community Safety
    text: |
      Hate crime has no place in our borough. This review sets out what the
      council and its partners did in 2024-25, and what is still to do.

      Thank you to everyone who reported an incident, ran an event or trained
      as a reporting centre.
  contact:
    text: Safer Merton, Merton Civic Centre, London Road, Morden SM4 5DX
    email: safer.merton@example.gov.uk
    phone: 020 8274 4901
    web: https://www.example.gov.uk/hate-crime
  accessibility: |
    We want as many people as possible to be able to read this review. It
    uses plain language, headings and tables that screen readers can follow,
    and charts whose figures are also given as text.
  other_formats: |
    If you need this review in another format, such as large print, Easy
    Read, audio or another language, email safer.merton@example.gov.uk or
    call 020 8274 4901 and we will reply within five working days.

"""


def logo_png() -> bytes:
    """A small logo drawn with shapes only (no font), so it looks the same everywhere."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (360, 120), "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 119, 119], fill="#194185")
    draw.ellipse([20, 20, 99, 99], fill="#ffffff")
    draw.rectangle([140, 30, 340, 50], fill="#194185")
    draw.rectangle([140, 70, 290, 90], fill="#667085")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def published_plan(folder: Path) -> Path:
    """A copy of the 2024-25 plan with all of the publication matter, in a repository at ``folder``.

    ``folder/.git`` marks the repository; the logo is ``folder/assets/council-logo.png``
    and the plan ``folder/plans/2024-25/plan.yaml``.
    """
    (folder / ".git").mkdir(parents=True, exist_ok=True)
    (folder / "assets").mkdir(exist_ok=True)
    (folder / "assets" / "council-logo.png").write_bytes(logo_png())
    plan = folder / "plans" / "2024-25" / "plan.yaml"
    plan.parent.mkdir(parents=True, exist_ok=True)
    text = PLAN_2024.read_text(encoding="utf-8")
    plan.write_text(text.replace("\nnotes:\n", "\n" + PUBLICATION + "notes:\n", 1).replace("../assets/", "../../assets/"), encoding="utf-8")
    return plan


PRIVATE_PLAN_EXTRA = {
    "note": "Internal: the lead is on sick leave.",
    "private": "Named family discussed at the panel.",
    "objective": "Internal: objective wording under review.",
}


def plan_with_private_things(write) -> Path:
    """MINIMAL with an action note, an objective note and a private update."""
    text = MINIMAL.replace(
        "            updates:\n              - date: 2024-05-01\n                text: Data requested.\n",
        "            notes: [\"%s\"]\n"
        "            updates:\n              - date: 2024-05-01\n                text: Data requested.\n"
        "              - date: 2024-05-20\n                text: %s\n                private: true\n"
        % (PRIVATE_PLAN_EXTRA["note"], PRIVATE_PLAN_EXTRA["private"]),
    ).replace("        text: Monitor hate crime\n", "        text: Monitor hate crime\n        notes: [\"%s\"]\n" % PRIVATE_PLAN_EXTRA["objective"])
    assert text.count("Internal:") == 2 and "private: true" in text
    return write(text)
