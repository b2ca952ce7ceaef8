"""Private updates and internal notes never reach a published output: every
public report (--public, and the annual review, which is always public) in
every format, and every file of the site, is searched for them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from conftest import MINIMAL
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
    from hcplan.views.public import public as public_plan

    plan = load_plan(plan_with_private_things(write)).plan
    public = public_plan(plan)
    assert all(not ref.action.notes and not any(u.private for u in ref.action.updates) for ref in public.actions())
    assert all(not o.notes for t in public.themes for o in t.objectives)
    assert any(ref.action.notes for ref in plan.actions())  # the plan itself is untouched


def test_public_templates_and_the_site_never_see_a_leads_contact_or_email(hcplan, write, tmp_path):
    """A template printing plan.leads printed 'contact='Insp. Jane Smith' email=...' in a
    public report and on the site: the plan's personal data."""
    text = MINIMAL.replace("  - Police\n", "  - name: Police\n    contact: Insp. Jane Smith\n    email: jane.smith@police.example\n")
    plan = write(text)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "leads.md.j2").write_text("Our partners: {{ plan.leads }} {% for l in plan.leads %}{{ l.contact }} {{ l.email }}{% endfor %}\n")
    public = hcplan("report", plan, "--template", mine / "leads.md.j2", "--public")
    assert public.exit_code == 0, public.stderr
    assert "Police" in public.stdout and "Jane" not in public.stdout and "police.example" not in public.stdout
    internal = hcplan("report", plan, "--template", mine / "leads.md.j2")
    assert "Insp. Jane Smith" in internal.stdout  # the strategy lead's own report keeps them
    # ...and a digest still writes to the lead by name, at its address.
    result = hcplan("digest", plan, "-o", tmp_path / "mail", "--as-of", "2024-07-01", "--lead", "Police")
    assert result.exit_code == 0, result.stderr
    mail = next((tmp_path / "mail").glob("*.eml")).read_text()
    assert 'To: "Insp. Jane Smith" <jane.smith@police.example>' in mail


#: An action rated only by a private update, then by a public one months later; and one
#: whose rating a private update changed last: its date is the private update's.
RATED_PRIVATELY = """\
          - id: "1.3"
            text: Train volunteers
            leads: [Police]
            status: Completed
            updates:
              - date: 2024-04-15
                text: Whispered news.
                status: On Hold
                private: true
              - date: 2025-03-01
                text: Done at last.
                status: Completed
          - id: "1.4"
            text: Publicise reporting
            leads: [Police]
            status: Behind
            updates:
              - date: 2024-05-01
                text: Leaflets printed.
                status: In Progress
              - date: 2024-06-03
                text: Whispered setback.
                status: Behind
                private: true
"""


def test_what_goes_to_partners_holds_no_trace_of_a_private_update(hcplan, write, tmp_path):
    """The returns workbook and CSV, the digest mailed to a lead and the calendar read the
    plan as the public does: no private words, no private date (the day a rating was set
    privately is no 'Rating since'), no rating a private update alone set, no count of
    private updates in the hidden sheet."""
    from email import policy
    from email.parser import BytesParser

    import openpyxl

    from hcplan.format.returns import META_SHEET, read_state
    from workbooks import all_text

    plan = write(MINIMAL + RATED_PRIVATELY)
    day = ("--as-of", "2024-07-01")
    secrets = ("Whispered", "2024-04-15", "2024-06-03", "15 April 2024", "3 June 2024")
    book = tmp_path / "returns.xlsx"
    assert hcplan("export", plan, *day, "-o", book).exit_code == 0
    csv_out = hcplan("export", plan, *day, "-f", "csv").stdout
    texts = {"workbook": all_text(book), "csv": csv_out}
    out = tmp_path / "digests"
    assert hcplan("digest", plan, *day, "-o", out, "--lead", "Police").exit_code == 0
    message = BytesParser(policy=policy.default).parsebytes((out / "police.eml").read_bytes())
    texts["digest"] = message.get_body(("plain",)).get_content() + message.get_body(("html",)).get_content()
    ics = tmp_path / "plan.ics"
    assert hcplan("calendar", plan, *day, "-o", ics).exit_code == 0
    texts["calendar"] = ics.read_text(encoding="utf-8").replace("\r\n ", "")
    for name, text in texts.items():
        for secret in secrets:
            assert secret not in text, f"the {name} holds {secret!r}"
    # 1.3 was rated on 1 July only by a private update: to a partner it is not rated yet.
    sheet = openpyxl.load_workbook(book)["Returns"]
    rating = [c.column for c in sheet[1] if c.value == "Current rating"][0]
    assert [r[rating - 1].value for r in sheet.iter_rows(min_row=2) if r[0].value == "1.3"] == ["Not rated"]
    assert next(line for line in csv_out.splitlines() if line.startswith("1.3,")).count("On Hold") == 0
    for name in ("digest", "calendar"):
        assert "On Hold" not in texts[name], name
    hidden = openpyxl.load_workbook(book)[META_SHEET]
    states = {row[0].value: read_state(row[1].value) for row in hidden.iter_rows() if row[0].value in ("1.3", "1.4")}
    assert states["1.3"][2] == 1 and states["1.4"][2] == 1  # the public updates alone
    # The same plan, as the lead exports it for the group: the private things are there.
    assert "Whispered" in hcplan("export", plan, *day, "-f", "csv", "--include-private").stdout


def test_an_import_is_not_taken_for_a_move_by_private_updates(hcplan, write, tmp_path):
    """The hidden sheet counts public updates: a plan with private ones imports its own
    workbook without the warning that the plan changed since."""
    plan = write(MINIMAL + RATED_PRIVATELY)
    book = tmp_path / "returns.xlsx"
    assert hcplan("export", plan, "--as-of", "2024-07-01", "-o", book).exit_code == 0
    from workbooks import fill

    fill(book, {"1.4": (None, "Back on track.", None)})
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_the_annual_review_counts_no_rating_a_private_update_set(hcplan, write, tmp_path):
    """The annual review is public without --public: its counts and ratings are the
    public's, as the public review pack of the same day says (1.3 was rated on 1 July
    only privately, On Hold: to the public it is not rated yet)."""
    plan = write(MINIMAL + RATED_PRIVATELY)
    day = ("--as-of", "2024-07-01")
    annual = hcplan("report", plan, "--template", "annual", "-f", "md", *day)
    assert annual.exit_code == 0, annual.stderr
    public = hcplan("report", plan, "--template", "annual", "-f", "md", "--public", *day)
    assert annual.stdout == public.stdout
    assert "On Hold" not in annual.stdout
    # The group's own pack, not public, does show them.
    internal = hcplan("report", plan, "--template", "review", "-f", "md", *day)
    assert "On Hold" in internal.stdout


def test_a_site_page_template_of_a_councils_own_gets_the_public_plan(hcplan, write, tmp_path):
    """A council's own copy of the site's plan page that lists the leads, notes and updates
    published the leads' contacts, the notes and the private updates: its ``plan`` was the
    whole plan (a public report's is the public one)."""
    from conftest import REPO

    text = plan_with_private_things(write).read_text().replace(
        "  - Police\n", "  - name: Police\n    contact: Insp. Jane Smith\n    email: jane.smith@police.example\n"
    )
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "anytown.yaml").write_text(text)
    mine = tmp_path / "mine" / "site"
    mine.mkdir(parents=True)
    spill = (
        "<p>{% for l in plan.leads %}{{ l.name }} {{ l.contact }} {{ l.email }} {% endfor %}"
        "{% for t in plan.themes %}{% for o in t.objectives %}{{ o.notes }}{% for a in o.actions %}"
        "{{ a.notes }}{% for u in a.updates %}{{ u.text }} {% endfor %}{% endfor %}{% endfor %}{% endfor %}</p>"
    )
    page = (REPO / "templates" / "site" / "plan.html.j2").read_text()
    assert "<h2>Reports</h2>" in page
    (mine / "plan.html.j2").write_text(page.replace("<h2>Reports</h2>", spill + "<h2>Reports</h2>"))
    out = tmp_path / "site"
    result = hcplan("site", plans, "-o", out, "--templates", mine.parent, "--formats", "html", "--as-of", "2024-07-01")
    assert result.exit_code == 0, result.stderr
    shown = (out / "anytown" / "index.html").read_text()
    assert "Data requested." in shown and "Police" in shown  # the template prints what it is given
    for secret in [*PRIVATE, "Insp. Jane Smith", "jane.smith@police.example"]:
        assert secret not in shown, secret


def test_a_public_report_names_the_plan_file_without_the_machines_folders(hcplan, tmp_path):
    """'Made by hcplan from /home/jsmith/work/plans/p/plan.yaml': a public report named
    the folders of the machine it was made on (a user's name among them)."""
    plan = tmp_path / "home" / "jsmith" / "plans" / "p" / "plan.yaml"
    plan.parent.mkdir(parents=True)
    plan.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "review.md"
    for public in (["--public"], []):
        result = hcplan("report", plan, "--template", "review", *public, "-o", out)
        assert result.exit_code == 0, result.stderr
        text = out.read_text(encoding="utf-8")
        assert ("jsmith" in text) is not bool(public), text[-200:]
    (tmp_path / "home" / "jsmith" / ".git").mkdir()  # in a repository: its path there
    assert hcplan("report", plan, "--template", "review", "--public", "-o", out).exit_code == 0
    assert "from plans/p/plan.yaml." in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "said"), [("plan.yaml", "is a plan file"), ("notes.md", "is not a template"), ("copy.YML", "is a plan file")])
def test_a_file_that_is_no_template_is_refused_not_printed_as_the_report(hcplan, write, tmp_path, name, said):
    """`report --public --template plan.yaml` (a slip for --template plan) rendered the plan
    file as a template: its text, private updates and all, printed as the public report."""
    plan = write(MINIMAL.replace("text: Data requested.", "text: SECRET named victim\n                private: true"))
    given = plan if name == "plan.yaml" else tmp_path / name
    if name != "plan.yaml":
        given.write_text(plan.read_text())
    out = tmp_path / "public.md"
    result = hcplan("report", plan, "--public", "--template", given, "-o", out)
    assert result.exit_code == 2
    assert result.stderr == (
        f"hcplan: error: {given} {said}: a report is made from a template, plan, review, annual or a file whose "
        "name ends in .j2 (my-review.md.j2)\n"
    )
    assert not out.exists() and "SECRET" not in result.stdout
