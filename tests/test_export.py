"""hcplan export: the returns workbook a partner fills in, as .xlsx and CSV."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import datetime

import openpyxl
import pytest

from conftest import MINIMAL, PLANS, REPO
from hcplan.checking.loader import load_plan
from hcplan.format.returns import CONTRACT, META_SHEET, META_TITLE, NEW_RATING, UPDATE, UPDATE_DATE, read_state
from hcplan.views.returns import text_hash
from workbooks import PRIVATE_PLAN, all_text, headers

SHIPPED_2024 = PLANS / "2024-25" / "plan.yaml"


def test_the_workbook_has_a_row_per_action_of_the_lead_in_plan_order(hcplan, tmp_path):
    out = tmp_path / "police.xlsx"
    result = hcplan("export", SHIPPED_2024, "--lead", "Police", "--as-of", "2025-01-06", "-o", out)
    assert result.exit_code == 0, result.stderr
    plan = load_plan(SHIPPED_2024).plan
    names = plan.lead_names()
    expected = [r.action.id for r in plan.actions() if "Police" in {names.get(lead, lead) for lead in r.action.leads}]
    assert result.stderr == f"Wrote {out}: {len(expected)} actions of {SHIPPED_2024}, as of 6 January 2025\n"
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Returns", "How to fill in", META_SHEET]
    assert book[META_SHEET].sheet_state == "hidden"
    sheet = book["Returns"]
    columns = headers(sheet)
    assert set(CONTRACT) <= set(columns)
    ids = [sheet.cell(row=r, column=columns["ID"]).value for r in range(2, sheet.max_row + 1)]
    assert ids == expected
    texts = {r.action.id: r.action.text for r in plan.actions()}
    assert all(sheet.cell(row=r, column=columns["Action"]).value == texts[i] for r, i in enumerate(ids, start=2))
    # Theme names travel with the rows.
    assert sheet.cell(row=2, column=columns["Theme"]).value.startswith(f"{plan.themes[0].number}. ")


def test_the_sheet_is_ready_to_fill_in(hcplan, write, tmp_path):
    path = write(PRIVATE_PLAN)
    out = tmp_path / "returns.xlsx"
    assert hcplan("export", path, "--as-of", "2024-07-01", "-o", out, "--return-by", "2024-07-10", "--return-to", "hate.crime@anytown.example").exit_code == 0
    book = openpyxl.load_workbook(out)
    sheet = book["Returns"]
    columns = headers(sheet)
    assert sheet.freeze_panes == "B2"
    assert sheet.protection.sheet
    row = 2
    # The partner's columns are open; the plan's are locked.
    for name in (NEW_RATING, UPDATE, UPDATE_DATE):
        assert not sheet.cell(row=row, column=columns[name]).protection.locked
    assert sheet.cell(row=row, column=columns["ID"]).protection.locked
    assert sheet.cell(row=row, column=columns["Action"]).protection.locked
    # Dates are real dates, shown the British way.
    since = sheet.cell(row=row, column=columns["Rating since"])
    # 1.1's rating was set by a private update: the day it was set is not said to a partner.
    assert since.value is None and since.number_format == "d mmm yyyy"
    last = sheet.cell(row=row, column=columns["Last update on"])
    assert last.value == datetime(2024, 5, 1) and last.number_format == "d mmm yyyy"
    assert sheet.cell(row=row, column=columns[UPDATE_DATE]).number_format == "d mmm yyyy"
    # What a partner types is kept as typed: 50% stays 50%, 007 stays 007.
    for name in (NEW_RATING, UPDATE):
        assert sheet.cell(row=row, column=columns[name]).number_format == "@"
    # The drop-down offers the plan's own labels, through a named range.
    rating = next(v for v in sheet.data_validations.dataValidation if v.type == "list")
    assert f"{openpyxl.utils.get_column_letter(columns[NEW_RATING])}2" in rating.sqref
    (title, cells), = book.defined_names[rating.formula1].destinations
    assert [c.value for (c,) in book[title][cells]] == ["On Hold", "In Progress", "Completed", "Behind"]
    dates = next(v for v in sheet.data_validations.dataValidation if v.type == "date")
    assert dates.formula1 == "DATE(2024,4,1)" and dates.formula2 == "TODAY()"
    # The second sheet says what to do, how to send it back and by when.
    help_text = " ".join(str(c.value) for row in book["How to fill in"].iter_rows() for c in row if c.value)
    assert "hate.crime@anytown.example by 10 July 2024" in help_text
    assert "New rating" in help_text and "Update date" in help_text


def test_the_hidden_sheet_records_what_the_workbook_was_made_from(hcplan, write, tmp_path):
    path = write(PRIVATE_PLAN)
    out = tmp_path / "returns.xlsx"
    assert hcplan("export", path, "--as-of", "2024-07-01", "-o", out).exit_code == 0
    sheet = openpyxl.load_workbook(out)[META_SHEET]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == META_TITLE
    values = {row[0]: row[1] for row in rows[1:] if row[0]}
    assert values["plan"] == str(path) and values["as of"] == "2024-07-01"
    table = {row[0]: row[1] for row in rows[rows.index(["ID", "State"]) + 1 :]}
    assert table["1.1"] == f"{text_hash('Produce a profile')} 1 Behind"  # its one public update
    assert read_state(table["1.1"]) == (text_hash("Produce a profile"), "Behind", 1)
    assert read_state(table["2.1"]) == (text_hash("Run school workshops"), None, 0)


def test_private_updates_and_notes_stay_home_unless_asked_for(hcplan, write, tmp_path):
    path = write(PRIVATE_PLAN)
    public, private = tmp_path / "public.xlsx", tmp_path / "private.xlsx"
    assert hcplan("export", path, "--as-of", "2024-07-01", "-o", public).exit_code == 0
    text = all_text(public)
    assert "SECRET" not in text
    assert "Data requested." in text  # the last public update stands in
    assert hcplan("export", path, "--as-of", "2024-07-01", "-o", private, "--include-private").exit_code == 0
    text = all_text(private)
    assert "SECRET private update" in text and "SECRET NOTE about a named victim" in text
    for fmt in ("csv",):
        result = hcplan("export", path, "--as-of", "2024-07-01", "--format", fmt)
        assert result.exit_code == 0 and "SECRET" not in result.stdout and "Data requested." in result.stdout


def test_progress_without_a_date_stands_in_for_an_update(hcplan, write):
    path = write(PRIVATE_PLAN.replace("            leads: [Police, Safer Anytown]\n", "            leads: [Police, Safer Anytown]\n            progress: [Completed 23-24]\n"))
    rows = list(csv.DictReader(io.StringIO(hcplan("export", path, "--format", "csv").stdout.lstrip("\ufeff"))))
    assert (rows[2]["ID"], rows[2]["Last update on"], rows[2]["Last update"]) == ("2.1", "", "Completed 23-24")


def test_plan_text_that_looks_like_a_formula_stays_text(hcplan, write, tmp_path):
    path = write(PRIVATE_PLAN)
    out = tmp_path / "returns.xlsx"
    assert hcplan("export", path, "-o", out).exit_code == 0
    sheet = openpyxl.load_workbook(out)["Returns"]
    cell = sheet.cell(row=3, column=headers(sheet)["Action"])
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"
    result = hcplan("export", path, "--format", "csv")
    assert "'=HYPERLINK" in result.stdout


def test_text_longer_than_a_cell_holds_is_cut_saying_so_and_still_imports(hcplan, write, tmp_path):
    """A cell holds 32,767 characters: longer text was cut silently; it is cut saying so,
    and the workbook comes back in."""
    long = "Very long minutes. " * 2200  # 41,800 characters
    path = write(MINIMAL.replace("                text: Data requested.\n", f"                text: {long.strip()}\n"))
    out = tmp_path / "returns.xlsx"
    assert hcplan("export", path, "--as-of", "2024-07-01", "-o", out).exit_code == 0
    sheet = openpyxl.load_workbook(out)["Returns"]
    cell = sheet.cell(row=2, column=headers(sheet)["Last update"])
    assert len(cell.value) == 32_767
    assert cell.value.startswith("Very long minutes.") and cell.value.endswith("the whole text is in the plan]")
    result = hcplan("import", path, out, "--date", "2024-07-15")
    assert result.exit_code == 0, result.stderr
    assert "no row of 1 file has a New rating or an Update" in result.stdout


def test_csv_has_a_byte_order_mark_theme_names_and_the_same_columns(hcplan, write, tmp_path):
    path = write(PRIVATE_PLAN)
    out = tmp_path / "returns.csv"
    result = hcplan("export", path, "--as-of", "2024-07-01", "-o", out)
    assert result.exit_code == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["ID"] for r in rows] == ["1.1", "1.2", "2.1"]
    assert [r["Theme"] for r in rows] == ["1. Co-ordination", "1. Co-ordination", "2. Prevention"]
    assert rows[0]["Rating since"] == ""  # set by a private update: not said
    assert set(CONTRACT) <= set(rows[0])
    assert hcplan("export", path, "-o", out, "--no-bom").exit_code == 0
    assert out.read_bytes().startswith(b"ID,")


def test_filters_work_as_in_the_listings(hcplan, write):
    path = write(PRIVATE_PLAN)
    result = hcplan("export", path, "--format", "csv", "--theme", "prevention")
    assert [r["ID"] for r in csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")))] == ["2.1"]
    result = hcplan("export", path, "--format", "csv", "--lead", "polce")
    assert result.exit_code == 2
    assert result.stderr == "hcplan: error: no lead 'polce' in this plan; did you mean 'Police'?\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "out.txt"], "cannot tell the format from 'out.txt': name the file .xlsx or .csv"),
        (["--format", "csv", "-o", "out.xlsx"], "--format csv into 'out.xlsx'? name the file .csv"),
    ],
)
def test_usage_errors(hcplan, write, args, message):
    path = write(PRIVATE_PLAN)
    result = hcplan("export", path, *args)
    assert result.exit_code == 2
    assert result.stderr == f"hcplan: error: {message}\n"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_format_asked_for_goes_into_a_file_whose_name_says_none(hcplan, write, tmp_path, fmt):
    """--format says what -o's name does not (as report's does), and import reads it back."""
    path = write(PRIVATE_PLAN)
    out = tmp_path / "returns"
    result = hcplan("export", path, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"PK" if fmt == "xlsx" else b"\xef\xbb\xbfID,")
    again = hcplan("import", path, out, "--dry-run")
    assert again.exit_code == 0, again.stderr
    assert "no row of 1 file has a New rating or an Update" in again.stdout + again.stderr


@pytest.mark.parametrize("args", [[], ["-o", "-"], ["-f", "xlsx", "-o", "-"]])
def test_a_workbook_goes_to_standard_output_but_not_to_a_terminal(write, tmp_path, args):
    import os
    import pty

    path = write(PRIVATE_PLAN)
    command = [sys.executable, "-m", "hcplan", "export", str(path), *args]
    piped = subprocess.run(command, capture_output=True, timeout=120, cwd=tmp_path)
    assert piped.returncode == 0, piped.stderr
    book = openpyxl.load_workbook(io.BytesIO(piped.stdout))
    assert book.sheetnames[0] == "Returns"
    assert not (tmp_path / "-").exists()
    leader, follower = pty.openpty()
    try:
        at_terminal = subprocess.run(command, stdout=follower, stderr=subprocess.PIPE, timeout=120, cwd=tmp_path)
    finally:
        os.close(follower)
        os.close(leader)
    assert at_terminal.returncode == 2
    assert at_terminal.stderr == b"hcplan: error: a workbook is not for the terminal: write it with -o FILE.xlsx\n"


def test_it_never_writes_over_the_plan(hcplan, write):
    path = write(PRIVATE_PLAN, name="plan.csv")
    before = path.read_bytes()
    result = hcplan("export", path, "-o", path)
    assert result.exit_code == 2
    assert "this command reads" in result.stderr
    assert path.read_bytes() == before


def test_a_plan_with_errors_is_refused(hcplan, write, tmp_path):
    path = write(PRIVATE_PLAN.replace("leads: [Police]", "leads: [Polce]"))
    result = hcplan("export", path, "-o", tmp_path / "x.xlsx")
    assert result.exit_code == 1
    assert "has errors; fix them first" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("command", [["check"], ["overdue"], ["list", "--format", "csv"], ["update", "--dry-run"]])
def test_other_commands_never_import_openpyxl(command, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(SHIPPED_2024.read_text(encoding="utf-8"), encoding="utf-8")
    args = [*command[:1], str(plan), *(["5.2", "--note", "x", "--date", "2025-01-01"] if command[0] == "update" else []), *command[1:]]
    probe = (
        "import sys\nfrom hcplan.cli import main\nsys.argv = ['hcplan'] + sys.argv[1:]\n"
        "try:\n    main()\nfinally:\n    print(*(name in sys.modules for name in ('openpyxl', 'xlsxwriter', 'defusedxml')), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=REPO)
    assert done.stderr.strip().splitlines()[-1] == "False False False", done.stderr


def test_check_start_up_does_not_import_it(tmp_path):
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "hcplan", "check", str(SHIPPED_2024)],
        capture_output=True, text=True, cwd=REPO, env={"HCPLAN_NO_CACHE": "1", "PATH": ""},
    )
    assert done.returncode == 0, done.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert "hcplan.changes.update" not in imported  # the probe sees hcplan's own imports
    assert "hcplan.cli.check" in imported
    assert not [name for name in imported if name.split(".")[0] in ("openpyxl", "xlsxwriter", "defusedxml", "et_xmlfile")]


def test_a_csv_on_standard_output_has_no_byte_order_mark_unless_asked(hcplan, write, tmp_path):
    from conftest import MINIMAL

    plan = write(MINIMAL)
    piped = hcplan("export", plan, "-f", "csv")
    assert piped.exit_code == 0, piped.stderr
    assert piped.stdout.startswith("ID,Action,")
    assert hcplan("export", plan, "-f", "csv", "--bom").stdout.startswith("\ufeffID,")
    assert hcplan("export", plan, "-o", tmp_path / "r.csv").exit_code == 0
    assert (tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbfID,")


@pytest.mark.parametrize(
    ("command", "args", "said"),
    [
        ("report", ("--template", "annual", "--as-of", "2020-01-01"), "--as-of 1 January 2020 is before the plan starts (1 April 2024)"),
        ("export", ("--as-of", "2023-06-30", "-o", "out.xlsx"), "--as-of 30 June 2023 is before the plan starts"),
        ("export", ("--as-of", "2025-01-06", "--return-by", "2024-12-01", "-o", "out.xlsx"),
         "--return-by 1 December 2024 is before the day the returns are asked on (6 January 2025)"),
        ("digest", ("--as-of", "2025-01-06", "--return-by", "2024-12-01", "-o", "mail"), "--return-by 1 December 2024 is before"),
    ],
)  # fmt: skip
def test_a_day_before_the_plan_or_a_return_by_already_past_is_refused(hcplan, write, tmp_path, monkeypatch, command, args, said):
    """A report as of 2020 of a 2024-25 plan said '2 of 55 actions are completed' as of then;
    a digest asked partners to send their returns back by a day already past."""
    from conftest import MINIMAL

    monkeypatch.chdir(tmp_path)
    result = hcplan(command, write(MINIMAL), *args)
    assert result.exit_code == 2, result.stderr
    assert said in result.stderr
    assert not (tmp_path / "out.xlsx").exists() and not (tmp_path / "mail").exists()


def test_an_export_never_replaces_returns_a_partner_filled_in(hcplan, write, tmp_path):
    """`export -o police.xlsx` (or a digest run again into the folder its workbooks went to)
    replaced the partner's filled-in workbook saved back under that name, without a word.
    Once its returns are in the plan, it is replaced as before."""
    path = write(PRIVATE_PLAN)
    folder = tmp_path / "returns"
    folder.mkdir()
    out = folder / "police.xlsx"
    assert hcplan("export", path, "-o", out).exit_code == 0
    assert hcplan("export", path, "-o", out).exit_code == 0  # its own workbook, untouched: replaced
    # Opened and saved with nothing filled in: replaced too.
    book = openpyxl.load_workbook(out)
    book.save(out)
    assert hcplan("export", path, "-o", out).exit_code == 0
    book = openpyxl.load_workbook(out)
    sheet = book["Returns"]
    column = {cell.value: cell.column for cell in sheet[1]}
    sheet.cell(row=2, column=column[UPDATE]).value = "Two sessions held."
    book.save(out)
    filled = out.read_bytes()
    result = hcplan("export", path, "-o", out)
    assert result.exit_code == 1
    assert f"{out} holds 1 return not in the plan yet, and this would replace it" in result.stderr
    assert f"hcplan import {path} {out}" in result.stderr
    assert out.read_bytes() == filled
    # A digest into that folder writes none of its files.
    result = hcplan("digest", path, "-o", folder)
    assert result.exit_code == 1 and "holds 1 return not in the plan yet" in result.stderr
    assert out.read_bytes() == filled and not list(folder.glob("*.eml"))
    # Once imported, the file may be replaced.
    assert hcplan("import", path, out, "--date", "2024-07-01").exit_code == 0
    assert hcplan("export", path, "-o", out).exit_code == 0
    # So for a CSV of returns.
    csv_out = folder / "returns.csv"
    assert hcplan("export", path, "-o", csv_out).exit_code == 0
    rows = list(csv.reader(io.StringIO(csv_out.read_text(encoding="utf-8-sig"))))
    rows[1][rows[0].index(UPDATE)] = "Leaflets printed."
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    csv_out.write_text(text.getvalue(), encoding="utf-8")
    result = hcplan("export", path, "-o", csv_out)
    assert result.exit_code == 1 and "holds 1 return not in the plan yet" in result.stderr
