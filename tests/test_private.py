"""Private updates and internal notes never reach a published output: every
public report (--public, and the annual review, which is always public) in
every format, and every file of the site, is searched for them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hcplan.outputs.report import NAMES
from publishing import PRIVATE_PLAN_EXTRA, pdf_pages_text, plan_with_private_things

PRIVATE = list(PRIVATE_PLAN_EXTRA.values())


def text_of(path: Path) -> str:
    """Everything a file says: HTML and Markdown as written, every XML part of a
    Word document, a PDF's text on every page and its properties."""
    data = path.read_bytes()
    if path.suffix == ".docx":
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "\n".join(package.read(n).decode("utf-8", "replace") for n in package.namelist() if n.endswith((".xml", ".rels")))
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        pages = " ".join(" ".join(pdf_pages_text(data)).split())  # lines joined: a text may wrap
        return pages + "\n" + str(dict(reader.metadata or {}))
    return data.decode("utf-8")


def formats() -> list[str]:
    from hcplan.outputs.pdf import PdfError, weasyprint_module

    try:
        weasyprint_module()
    except PdfError:
        return ["md", "html", "docx"]
    return ["md", "html", "docx", "pdf"]


def test_no_public_report_in_any_format_holds_a_private_update_or_a_note(hcplan, write, tmp_path):
    plan = plan_with_private_things(write)
    made = 0
    for name in NAMES:
        for fmt in formats():
            out = tmp_path / f"{name}.{fmt}"
            public = [] if name == "annual" else ["--public"]  # the annual review is public as it is
            result = hcplan("report", plan, "--template", name, "-o", out, "--as-of", "2024-07-01", "--since", "2024-05-01", *public)
            assert result.exit_code == 0, result.stderr
            text = text_of(out)
            assert "Data requested." in text or name == "annual"  # the public update is there
            for private in PRIVATE:
                assert private not in text, f"{out.name} holds {private!r}"
            made += 1
    assert made >= 9


def test_the_search_finds_private_text_when_it_is_there(hcplan, write, tmp_path):
    # The same search, on internal papers (no --public): it must find them.
    plan = plan_with_private_things(write)
    for fmt in ("html", "docx"):
        out = tmp_path / f"internal.{fmt}"
        assert hcplan("report", plan, "--template", "plan", "-o", out, "--as-of", "2024-07-01").exit_code == 0
        text = text_of(out)
        assert PRIVATE_PLAN_EXTRA["private"] in text and PRIVATE_PLAN_EXTRA["note"] in text


def test_no_file_of_the_site_holds_a_private_update_or_a_note(hcplan, write, tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    plan = plan_with_private_things(write)
    (plans / "anytown.yaml").write_bytes(plan.read_bytes())
    out = tmp_path / "site"
    result = hcplan("site", plans, "-o", out, "--as-of", "2024-07-01", "--formats", ",".join(f for f in formats() if f != "md"))
    assert result.exit_code == 0, result.stderr
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) >= 10
    for path in files:
        text = text_of(path)
        for private in PRIVATE:
            assert private not in text, f"{path.relative_to(out)} holds {private!r}"
    assert "Data requested." in (out / "anytown" / "plan.html").read_text()


def test_public_templates_never_see_private_things(write):
    # Even a template that prints every note and update is given none.
    from hcplan.checking.loader import load_plan
    from hcplan.views.review import public as public_plan

    plan = load_plan(plan_with_private_things(write)).plan
    public = public_plan(plan)
    assert all(not ref.action.notes and not any(u.private for u in ref.action.updates) for ref in public.actions())
    assert all(not o.notes for t in public.themes for o in t.objectives)
    assert any(ref.action.notes for ref in plan.actions())  # the plan itself is untouched
