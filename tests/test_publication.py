"""The annual review's front and back matter: logo, foreword, contact, publication
date, accessibility statement and other formats, in every format; and the
logo's path, which must stay a local image inside the plan's repository."""

from __future__ import annotations

import io
import os
import re

import pytest

from conftest import MINIMAL, PLANS
from publishing import PUBLICATION, html_tree, logo_png, make, pdf_pages_text, published_plan, squeeze

WORDS = [
    "Published 30 June 2025",
    "Hate crime has no place in our borough.",
    "as a reporting centre.",
    "Councillor Jane Example, Cabinet Member for Community Safety",
    "Safer Merton, Merton Civic Centre, London Road, Morden SM4 5DX",
    "safer.merton@example.gov.uk",
    "020 8274 4901",
    "https://www.example.gov.uk/hate-crime",
    "charts whose figures are also given as text.",
    "such as large print, Easy Read, audio or another language",
]


@pytest.fixture
def plan(tmp_path):
    return published_plan(tmp_path / "repo")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_annual_review_carries_all_of_it(plan, fmt):
    text, _ = make(plan, "annual", fmt, since=None)
    flat = squeeze(re.sub(r"<[^>]+>", " ", text) if fmt == "html" else text.replace("\\", ""))
    for words in WORDS:
        assert words in flat, words
    for heading in ("Foreword", "Contact us", "Accessibility and other formats"):
        assert re.search(rf"^## {heading}$" if fmt == "md" else rf"<h2[^>]*>{heading}</h2>", text, re.M), heading


def test_the_logo_is_embedded_with_its_alternative_text(plan):
    html, _ = make(plan, "annual", "html", since=None)
    [img] = html_tree(html).iter("img")
    assert img.get("alt") == "London Borough of Merton"
    assert img.get("src").startswith("data:image/png;base64,")
    assert (img.get("width"), img.get("height")) == ("216", "72")  # 360x120 shown 72 high
    assert "council-logo.png" not in html


def test_word_has_it_all_with_the_logo_as_a_described_picture(plan):
    from docx import Document

    _, data = make(plan, "annual", "docx", since=None)
    document = Document(io.BytesIO(data))
    text = squeeze(" ".join(p.text for p in document.paragraphs))
    for words in WORDS:
        assert words in text, words
    described = [d.get("descr") for d in document.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert described[0] == "London Borough of Merton"
    assert document.core_properties.created.date().isoformat() == "2025-06-30"  # the publication date
    assert document.paragraphs[1].style.name == "Heading 1"  # the logo first, then the title


def test_the_pdf_has_it_all_and_the_logo(plan):
    pytest.importorskip("weasyprint")
    import pdfplumber

    _, data = make(plan, "annual", "pdf", since=None)
    text = squeeze(" ".join(re.sub(r"(?<=\w)-\n(?=\w)", "-", p) for p in pdf_pages_text(data)))
    for words in WORDS:
        assert words in text, words
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        [picture] = pdf.pages[0].images
        assert round(picture["height"]) == 54  # 72 CSS pixels are 54 points
        assert picture["top"] < 80


def test_without_it_the_review_reads_as_before():
    html, _ = make(PLANS / "2024-25" / "plan.yaml", "annual", "html", since=None)
    for absent in ("<img", "Foreword", "Contact us", "Accessibility", "Published "):
        assert absent not in html


def _with_logo(tmp_path, path: str):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    plan = repo / "plans" / "plan.yaml"
    plan.parent.mkdir()
    plan.write_text(MINIMAL.replace("leads:\n", f"publication:\n  logo:\n    path: {path}\n    alt: Anytown Council\nleads:\n", 1), encoding="utf-8")
    return repo, plan


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("https://www.example.gov.uk/logo.png", "not a web address"),
        ("data:image/png;base64,AAAA", "not a web address"),
        ("/etc/passwd", "relative to the plan file"),
        ("~/logo.png", "relative to the plan file"),
    ],
)
def test_a_logo_on_the_web_or_at_an_absolute_path_is_refused_by_check(hcplan, tmp_path, path, message):
    _, plan = _with_logo(tmp_path, path)
    result = hcplan("check", plan)
    assert result.exit_code == 1
    assert re.search(rf"^{re.escape(str(plan))}:\d+:\d+: error: .*{re.escape(message)}", result.stdout + result.stderr, re.M)


def test_a_logo_inside_the_repository_is_found_above_the_plans_folder(hcplan, tmp_path):
    repo, plan = _with_logo(tmp_path, "../assets/logo.png")
    (repo / "assets").mkdir()
    (repo / "assets" / "logo.png").write_bytes(logo_png())
    result = hcplan("report", plan, "--template", "annual", "-f", "html", "--as-of", "2024-07-01")
    assert result.exit_code == 0, result.stderr
    assert 'alt="Anytown Council"' in result.stdout


@pytest.mark.parametrize(
    ("path", "setup", "message"),
    [
        ("../../outside.png", "outside", "is outside the plan's repository"),
        ("linked.png", "symlink", "is outside the plan's repository"),
        ("missing.png", None, "no logo 'missing.png'"),
        ("notes.png", "text", "is not a PNG, JPEG or GIF image"),
        ("../assets", "folder", "is a folder, not an image"),
        # a pipe: the report waited for ever for something to write into it
        ("pipe.png", "fifo", "is not a file (a pipe or a device), not an image"),
        # a small file that says 14,000 by 14,000 (past twice Pillow's limit): an internal error from Pillow
        ("huge.png", "bomb", "is 14,000 by 14,000 pixels; a logo must be at most 16,000,000 pixels"),
        ("wide.png", "wide", "is 5,000 by 4,000 pixels; a logo must be at most"),
    ],
)
def test_a_logo_that_cannot_be_used_is_an_error_at_its_line(hcplan, tmp_path, path, setup, message):
    repo, plan = _with_logo(tmp_path, path)
    outside = tmp_path / "outside.png"
    outside.write_bytes(logo_png())
    if setup == "symlink":
        os.symlink(outside, plan.parent / "linked.png")
    elif setup == "text":
        (plan.parent / "notes.png").write_text("not a picture")
    elif setup == "folder":
        (repo / "assets").mkdir()
    elif setup == "fifo":
        os.mkfifo(plan.parent / "pipe.png")
    elif setup in ("bomb", "wide"):
        from PIL import Image

        size = (14_000, 14_000) if setup == "bomb" else (5_000, 4_000)
        Image.new("1", size).save(plan.parent / path)
    for fmt in ("html", "docx"):
        out = tmp_path / f"annual.{fmt}"
        result = hcplan("report", plan, "--template", "annual", "-o", out, "--as-of", "2024-07-01")
        assert result.exit_code == 1
        line = next(i for i, text in enumerate(plan.read_text().splitlines(), 1) if text.strip().startswith("path:"))
        assert result.stderr.startswith(f"hcplan: error: {plan}:{line}:11: the logo") or result.stderr.startswith(
            f"hcplan: error: {plan}:{line}:11: no logo"
        ), result.stderr
        assert message in result.stderr
        assert not out.exists()


def test_without_a_repository_the_plans_own_folder_is_the_limit(hcplan, tmp_path):
    (tmp_path / "logo.png").write_bytes(logo_png())
    plan = tmp_path / "plans" / "plan.yaml"
    plan.parent.mkdir()
    plan.write_text(MINIMAL.replace("leads:\n", "publication:\n  logo:\n    path: ../logo.png\n    alt: Anytown\nleads:\n", 1))
    result = hcplan("report", plan, "--template", "annual", "-f", "html")
    assert result.exit_code == 1 and "outside the plan's repository" in result.stderr


def test_a_contact_must_say_something_and_addresses_must_be_whole(hcplan, write):
    empty = write(MINIMAL.replace("leads:\n", "publication:\n  contact: {}\nleads:\n", 1))
    assert "a contact needs at least one of text, email, phone or web" in hcplan("check", empty).stdout
    bad = write(MINIMAL.replace("leads:\n", "publication:\n  contact:\n    email: safer.merton\n    web: www.example.gov.uk\nleads:\n", 1))
    out = hcplan("check", bad).stdout
    assert "'safer.merton' is not an email address" in out
    assert "write it in full, e.g. https://" in out


def test_the_publication_block_is_documented_as_written():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "format.md").read_text(encoding="utf-8")
    for key in ("published", "logo", "foreword", "contact", "accessibility", "other_formats"):
        assert f"`{key}`" in doc, key
    assert PUBLICATION.splitlines()[0] in doc
