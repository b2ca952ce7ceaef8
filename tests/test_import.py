"""hcplan import: a meeting's returns in one write, all or nothing, every problem at its cell."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from conftest import MINIMAL, PLANS
from hcplan.changes.update import UpdateError, UpdateRequest, open_source, plan_updates
from hcplan.files.reader import read_file
from test_update import action, changes
from workbooks import fill, headers

SHIPPED_2024 = PLANS / "2024-25" / "plan.yaml"

#: MINIMAL with a few more actions, so a meeting has several returns.
PLAN = (
    MINIMAL
    + """\
          - id: "1.3"
            text: Train staff
            leads: [Safer Anytown]
          - id: "1.4"
            text: Publicise reporting
            leads: [Police, Safer Anytown]
"""
)


@pytest.fixture
def plan(write) -> Path:
    return write(PLAN)


def export(hcplan, plan: Path, out: Path, *args: object) -> Path:
    result = hcplan("export", plan, "-o", out, "--as-of", "2024-07-01", *args)
    assert result.exit_code == 0, result.stderr
    return out


def returned(hcplan, plan: Path, tmp_path: Path, returns: dict, name: str = "returns.xlsx") -> Path:
    """A workbook exported from ``plan`` and filled in with ``returns``."""
    return fill(export(hcplan, plan, tmp_path / name), returns)


# --- the meeting -----------------------------------------------------------------------------


def test_a_meetings_returns_go_in_as_hcplan_update_would_record_them(hcplan, plan, tmp_path):
    book = returned(
        hcplan,
        plan,
        tmp_path,
        {
            "1.1": ("BEHIND", "Data late from the police.", date(2024, 7, 8)),
            "1.2": (None, "First event held.", None),
            "1.3": ("in prog", None, None),
        },
    )
    before = plan.read_text()
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"Recorded 3 returns from 1 file in {plan}:\n"
        f"  1.1: added an update dated 8 July 2024; rating none -> Behind ({book}:Returns!A2)\n"
        f"  1.2: added an update dated 15 July 2024 ({book}:Returns!A3)\n"
        f"  1.3: added an update dated 15 July 2024; rating none -> In Progress ({book}:Returns!A4)\n"
    )
    removed, added = changes(before, plan.read_text())
    assert removed == []
    assert added == [
        "            status: Behind\n",
        "              - date: 2024-07-08\n",
        "                text: Data late from the police.\n",
        "                status: Behind\n",
        "            updates:\n",
        "              - date: 2024-07-15\n",
        "                text: First event held.\n",
        "            status: In Progress\n",
        "            updates:\n",
        "              - date: 2024-07-15\n",
        "                status: In Progress\n",
    ]
    assert [(u.date, u.status) for u in action(plan, "1.1").updates] == [
        (date(2024, 5, 1), None),
        (date(2024, 7, 8), "Behind"),
    ]


def test_importing_the_same_returns_twice_records_nothing_the_second_time(hcplan, plan, tmp_path):
    book = returned(hcplan, plan, tmp_path, {"1.1": ("behind", "Late.", None), "1.3": (None, "Begun.", None)})
    assert hcplan("import", plan, book, "--date", "2024-07-15").exit_code == 0
    after = plan.read_bytes()
    # Another day, no --date: the rows carry no date, and are still known.
    result = hcplan("import", plan, book)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Nothing to record in {plan}: the 2 returns in 1 file are recorded already\n"
    assert result.stderr == ""  # the plan moved on only by these very returns: nothing to say
    assert plan.read_bytes() == after


def test_returns_recorded_on_the_day_the_workbook_was_made_are_known_the_next_day(hcplan, plan, tmp_path):
    """Undated rows imported on the workbook's own day (its as-of day) carry that date:
    imported again a day later, they are recorded already."""
    book = returned(hcplan, plan, tmp_path, {"1.1": ("behind", "Late.", None)})
    assert hcplan("import", plan, book, "--date", "2024-07-01").exit_code == 0
    after = plan.read_bytes()
    result = hcplan("import", plan, book, "--date", "2024-07-02")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Nothing to record in {plan}: the 1 return in 1 file is recorded already\n"
    assert plan.read_bytes() == after


def test_dry_run_prints_the_diff_and_writes_nothing(hcplan, plan, tmp_path):
    book = returned(hcplan, plan, tmp_path, {"1.2": (None, "Held.", date(2024, 7, 1))})
    before = plan.read_bytes()
    result = hcplan("import", plan, book, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"--- a/{str(plan).lstrip('/')}\n+++ b/")
    assert "+              - date: 2024-07-01\n+                text: Held.\n" in result.stdout
    assert result.stderr == (
        f"(dry run: {plan} is unchanged) Would record 1 return from 1 file in {plan}:\n"
        f"  1.2: added an update dated 1 July 2024 ({book}:Returns!A3)\n"
    )
    assert plan.read_bytes() == before


def test_json_for_scripts(hcplan, plan, tmp_path):
    import json

    book = returned(hcplan, plan, tmp_path, {"1.2": ("completed", "Done.", date(2024, 7, 1))})
    result = hcplan("import", plan, book, "--format", "json")
    data = json.loads(result.stdout)
    assert data["changed"] is True
    assert data["recorded"] == [
        {
            "id": "1.2",
            "kind": "action",
            "from": f"{book}:Returns!A3",
            "date": "2024-07-01",
            "status": "Completed",
            "text": "Done.",
            "summary": "1.2: added an update dated 1 July 2024; rating none -> Completed",
        }
    ]


def test_several_files_go_in_as_one_write(hcplan, plan, tmp_path):
    one = returned(hcplan, plan, tmp_path, {"1.1": (None, "From the council.", date(2024, 7, 2))}, "one.xlsx")
    two = returned(hcplan, plan, tmp_path, {"1.2": (None, "From the police.", date(2024, 7, 3))}, "two.xlsx")
    result = hcplan("import", plan, one, two)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Recorded 2 returns from 2 files in {plan}:\n")
    assert action(plan, "1.1").updates[-1].text == "From the council."
    assert action(plan, "1.2").updates[-1].text == "From the police."


def test_nothing_filled_in_is_nothing_to_record(hcplan, plan, tmp_path):
    book = export(hcplan, plan, tmp_path / "empty.xlsx")
    result = hcplan("import", plan, book)
    assert result.exit_code == 0
    assert result.stdout == f"Nothing to record in {plan}: no row of 1 file has a New rating or an Update\n"


# --- all or nothing --------------------------------------------------------------------------


def test_every_problem_of_every_file_is_located_and_nothing_is_written(hcplan, plan, tmp_path):
    one = export(hcplan, plan, tmp_path / "one.xlsx")
    book = openpyxl.load_workbook(one)
    sheet = book["Returns"]
    c = headers(sheet)
    sheet.cell(row=2, column=c["New rating"]).value = "amber"  # not on the scale
    sheet.cell(row=3, column=c["Update"]).value = "Fine."
    sheet.cell(row=3, column=c["Update date"]).value = datetime(2099, 1, 1)  # the future
    sheet.cell(row=4, column=c["Update"]).value = "Old news."
    sheet.cell(row=4, column=c["Update date"]).value = datetime(2024, 1, 1)  # before the plan
    sheet.cell(row=5, column=c["Update"]).value = "=A1&B1"  # a formula
    sheet.cell(row=6, column=c["ID"]).value = "9.9"  # an added row, for no action
    sheet.cell(row=6, column=c["Update"]).value = "Lost."
    sheet.cell(row=7, column=c["Update"]).value = "Who is this for?"  # no ID
    book.save(one)
    two = returned(hcplan, plan, tmp_path, {"1.4": (None, "Different news.", date(2024, 7, 1))}, "two.xlsx")
    three = returned(hcplan, plan, tmp_path, {"1.4": (None, "Other news.", date(2024, 7, 1))}, "three.xlsx")
    before = plan.read_bytes()
    result = hcplan("import", plan, one, two, three)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{one}:Returns!J2: error: 'amber' is not a rating of this plan; its ratings are: 'On Hold', "
        "'In Progress', 'Completed', 'Behind'",
        f"{one}:Returns!L3: error: the update date 1 January 2099 is in the future",
        f"{one}:Returns!L4: error: the update date 1 January 2024 is before the plan starts (1 April 2024)",
        f"{one}:Returns!K5: error: a formula (=A1&B1) in 'Update': type the update itself",
        f"{one}:Returns!A6: error: no action '9.9' in this plan",
        f"{one}:Returns!A7: error: a return without an ID: hcplan cannot tell which action it is for",
        f"{three}:Returns!A5: error: another return for 1.4 says something else ({two}:Returns!A5); keep one "
        "(a file that names no lead, such as a CSV, cannot show these are two leads' returns for an action they "
        "lead together: import the workbooks made with --lead, or give one return)",
        "hcplan: error: nothing was recorded: 7 problems in 2 files; fix them and import again",
    ]
    assert plan.read_bytes() == before


BIDI = (
    "a right-to-left override (U+202E): it makes text display in another order than it is read, so what a "
    "reviewer sees is not what the file says; remove it"
)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_an_update_with_unsafe_characters_is_refused_at_its_cell(hcplan, plan, tmp_path, kind):
    """The rules hcplan check applies to a plan's text apply to what comes in: a bidi override
    in an Update cell went into the plan without a word."""
    rows = {
        "1.2": (None, "Paid \u202etxet", None),
        "1.3": (None, "Colour \x9b31m on", None),
        "1.4": (None, "Fine.", None),
    }
    if kind == "xlsx":
        path = returned(hcplan, plan, tmp_path, rows)
        where = "Returns!"
    else:
        path = _csv_returns(hcplan, plan, tmp_path, {k: {"Update": v[1]} for k, v in rows.items()})
        where = ""
    before = plan.read_bytes()
    result = hcplan("import", plan, path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        f"{path}:{where}K3: error: in 'Update': {BIDI}",
        f"{path}:{where}K4: error: in 'Update': text holds a control sequence introducer (U+009B), which a terminal acts on and a Word file cannot hold; remove it",
    ]
    assert plan.read_bytes() == before


def test_hcplan_update_refuses_the_same_characters(hcplan, plan):
    before = plan.read_bytes()
    result = hcplan("update", plan, "1.2", "--note", "Paid \u202etxet", "--date", "2024-07-01")
    assert result.exit_code == 2
    assert result.stderr == f"hcplan: error: the note: {BIDI}\n"
    assert plan.read_bytes() == before


def test_the_same_return_twice_is_recorded_once(hcplan, plan, tmp_path):
    one = returned(hcplan, plan, tmp_path, {"1.4": (None, "Same news.", date(2024, 7, 1))}, "one.xlsx")
    result = hcplan("import", plan, one, one)
    assert result.exit_code == 0, result.stderr
    assert [u.text for u in action(plan, "1.4").updates] == ["Same news."]


def test_an_action_whose_text_changed_since_the_export_is_an_error(hcplan, plan, tmp_path):
    book = returned(hcplan, plan, tmp_path, {"1.3": (None, "Trained ten.", date(2024, 7, 1))})
    plan.write_text(plan.read_text().replace("text: Train staff", "text: Train all frontline staff"))
    before = plan.read_bytes()
    result = hcplan("import", plan, book)
    assert result.exit_code == 1
    made = date.today()
    from hcplan.format.dates import long_date

    assert result.stderr.splitlines()[0] == (
        f"{book}:Returns!A4: error: the text of action 1.3 has changed since this workbook was made on "
        f"{long_date(made)}: check that the return still fits it, then record it with hcplan update, "
        "or send a new workbook"
    )
    assert plan.read_bytes() == before


def test_a_csv_row_whose_action_changed_since_the_export_is_an_error(hcplan, plan, tmp_path):
    """A CSV file has no hidden sheet to say what it was made from: its 'Action' column,
    as exported, does. A return for an action reworded since went in without a word; a
    row without news is no matter."""
    returns = _csv_returns(hcplan, plan, tmp_path, {"1.3": {"New rating": "Completed", "Update": "All trained."}})
    plan.write_text(
        plan.read_text().replace("text: Train staff", "text: Stop training staff")
        .replace("text: Publicise reporting", "text: Publicise reporting widely")
    )
    before = plan.read_bytes()
    result = hcplan("import", plan, returns, "--date", "2024-07-15")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        f"{returns}:A4: error: this row's 'Action' is not the text of action 1.3 in the plan: it has changed"
    )
    assert "1 problem in 1 file" in result.stderr  # 1.4's row, without news, is no matter
    assert plan.read_bytes() == before


def test_a_plan_that_moved_on_since_the_export_is_said_and_the_returns_go_in(hcplan, plan, tmp_path):
    book = returned(hcplan, plan, tmp_path, {"1.3": ("behind", "Trainer ill.", date(2024, 7, 5))})
    assert hcplan("update", plan, "1.3", "--note", "Booked.", "--date", "2024-07-02").exit_code == 0
    result = hcplan("import", plan, book)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"{book}: warning: the plan has changed since this workbook was made on ")
    assert "(1.3 has changed); the returns are added to the plan as it is now" in result.stderr
    assert [u.text for u in action(plan, "1.3").updates] == ["Booked.", "Trainer ill."]


def test_a_workbook_of_another_plan_is_refused(hcplan, plan, write, tmp_path):
    other = write(
        PLAN.replace("title: Anytown Hate Crime Work Plan 2024-25", "title: Elsewhere Plan"), name="other.yaml"
    )
    book = returned(hcplan, other, tmp_path, {"1.3": (None, "x", date(2024, 7, 5))})
    result = hcplan("import", plan, book)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{book}: error: this workbook was made from 'Elsewhere Plan' ({other}), not from "
        "'Anytown Hate Crime Work Plan 2024-25'"
    )


# --- as a person edits a sheet ---------------------------------------------------------------


def test_a_sheet_edited_as_a_person_would_still_imports(hcplan, plan, tmp_path):
    book_path = export(hcplan, plan, tmp_path / "edited.xlsx")
    book = openpyxl.load_workbook(book_path)
    sheet = book["Returns"]
    sheet.protection.sheet = False
    # A comment column added in the middle, blank rows, and a title row above the header.
    sheet.insert_cols(3)
    sheet.cell(row=1, column=3).value = "Our comments"
    sheet.insert_rows(3, 2)
    sheet.insert_rows(1)
    sheet.cell(row=1, column=1).value = "Returns from Safer Anytown, July"
    c = {cell.value: cell.column for cell in sheet[2] if cell.value}
    # The headers retyped in other cases; the columns found by name.
    sheet.cell(row=2, column=c["New rating"]).value = "NEW RATING"
    sheet.cell(row=2, column=c["Update date"]).value = "update Date"
    rows = {sheet.cell(row=r, column=c["ID"]).value: r for r in range(3, sheet.max_row + 1)}
    sheet.cell(row=rows["1.1"], column=c["New rating"]).value = "  completed "
    sheet.cell(row=rows["1.1"], column=3).value = "checked by Sam"
    sheet.cell(row=rows["1.2"], column=c["Update"]).value = "Two events held.\r\nA third planned."
    sheet.cell(row=rows["1.2"], column=c["Update date"]).value = "15/07/2024"  # typed as text
    sheet.cell(row=rows["1.4"], column=3).value = "a comment only: nothing to record"
    book.save(book_path)
    result = hcplan("import", plan, book_path, "--date", "2024-07-20")
    assert result.exit_code == 0, result.stderr
    assert action(plan, "1.1").status == "Completed"
    assert action(plan, "1.2").updates[-1].text == "Two events held.\nA third planned."
    assert action(plan, "1.2").updates[-1].date == date(2024, 7, 15)
    assert action(plan, "1.4").updates == []


def test_columns_moved_and_a_sheet_of_ones_own(hcplan, plan, tmp_path):
    # Someone's own script: only the four columns, in another order, on a sheet of another name.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["Update date", "Update", "Notes", "id", "New Rating"])
    sheet.append([datetime(2024, 7, 3), "Scripted.", "ignored", "1.2", "Behind"])
    sheet.append([None, None, None, None, None])
    sheet.append([None, "Also scripted.", None, 1.3, None])  # an ID typed as a number
    path = tmp_path / "mine.xlsx"
    book.save(path)
    result = hcplan("import", plan, path, "--date", "2024-07-04")
    assert result.exit_code == 0, result.stderr
    assert (action(plan, "1.2").status, action(plan, "1.2").updates[-1].date) == ("Behind", date(2024, 7, 3))
    assert action(plan, "1.3").updates[-1].text == "Also scripted."


EXPORTED = "hcplan exported this file and finds its columns by their headers, so each must keep its name"


def test_a_renamed_header_is_located(hcplan, plan, tmp_path):
    book_path = export(hcplan, plan, tmp_path / "renamed.xlsx")
    book = openpyxl.load_workbook(book_path)
    sheet = book["Returns"]
    c = headers(sheet)
    sheet.cell(row=1, column=c["Update"]).value = "Updates"
    sheet.cell(row=1, column=c["New rating"]).value = "Rating"
    book.save(book_path)
    before = plan.read_bytes()
    result = hcplan("import", plan, book_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        f"{book_path}:Returns!J1: error: the header 'New rating' is missing (found 'Rating'): {EXPORTED}; "
        "name the column 'New rating' again",
        f"{book_path}:Returns!K1: error: the header 'Update' is missing (found 'Updates'): {EXPORTED}; "
        "name the column 'Update' again",
    ]
    assert plan.read_bytes() == before


def test_a_sheet_of_ones_own_with_a_near_header_is_located(hcplan, plan, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["ID", "Updates"])
    book.active.append(["1.2", "Held."])
    path = tmp_path / "mine.xlsx"
    book.save(path)
    result = hcplan("import", plan, path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}:Sheet!B1: error: the header 'Updates' is not one hcplan reads: name it 'Update' "
        "(hcplan finds the columns by their headers)"
    )


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_an_exported_file_must_keep_every_header_hcplan_wrote(hcplan, plan, tmp_path, kind):
    """A renamed rating header used to drop the ratings without a word while the updates went in."""
    out = export(hcplan, plan, tmp_path / f"returns.{kind}")
    if kind == "xlsx":
        book = openpyxl.load_workbook(out)
        sheet = book["Returns"]
        c = headers(sheet)
        sheet.cell(row=1, column=c["New rating"]).value = "Rating (new)"
        sheet.cell(row=1, column=c["Objective"]).value = "Update date"  # a header moved: two of them now
        sheet.cell(row=1, column=c["Update date"]).value = None
        sheet.cell(row=3, column=c["New rating"]).value = "Behind"
        sheet.cell(row=3, column=c["Update"]).value = "some text"
        book.save(out)
        where = "Returns!"
    else:
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        c = {h: i for i, h in enumerate(rows[0])}
        rows[0][c["New rating"]] = "Rating (new)"
        rows[0][c["Update date"]] = ""
        rows[0][c["Objective"]] = "Update date"
        rows[2][c["New rating"]], rows[2][c["Update"]] = "Behind", "some text"
        text = io.StringIO()
        csv.writer(text).writerows(rows)
        out.write_text(text.getvalue(), encoding="utf-8")
        where = ""
    before = plan.read_bytes()
    result = hcplan("import", plan, out, "--dry-run")
    assert result.exit_code == 1, result.stdout
    assert result.stderr.splitlines()[:3] == [
        f"{out}:{where}J1: error: the header 'New rating' is missing (found 'Rating (new)'): {EXPORTED}; "
        "name the column 'New rating' again",
        f"{out}:{where}N1: error: the header 'Update date' has moved: hcplan wrote it after 'Update' and before "
        "'Theme', and finds the columns by their headers, so a moved header reads another column's cells; "
        "move it back",
        f"{out}:{where}N1: error: the header 'Objective' is missing (found 'Update date'): {EXPORTED}; "
        "name the column 'Objective' again",
    ]
    assert result.stdout == ""
    assert plan.read_bytes() == before


# --- a row that is not its ID's ----------------------------------------------------------------


def test_an_id_a_spreadsheet_made_a_number_that_stands_for_two_actions_is_an_error(hcplan, write, tmp_path):
    """1.10 typed (or pasted) into a cell not formatted as text becomes the number 1.1: it
    must not go to action 1.1."""
    plan = write(PLAN + '          - id: "1.10"\n            text: Brief councillors\n            leads: [Police]\n')
    book = returned(hcplan, plan, tmp_path, {"1.10": (None, "Meant for 1.10.", None)})
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Returns"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "1.10")
    sheet.cell(row=row, column=1).value = 1.1  # as the spreadsheet stores it
    workbook.save(book)
    before = plan.read_bytes()
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{book}:Returns!A{row}: error: the ID is the number 1.1, which stands for action 1.1 and action 1.10 alike "
        "(a spreadsheet makes the number 1.1 of an ID typed 1.10): type the ID as text, with an apostrophe before it"
    )
    assert plan.read_bytes() == before


def test_a_row_whose_action_is_another_actions_text_is_an_error_at_its_id(hcplan, plan, tmp_path):
    """A row's ID typed over (or a column sorted on its own) would send the return to
    another action: the row's Action, as exported, says which it is for."""
    book = returned(hcplan, plan, tmp_path, {"1.2": ("behind", "Venue lost.", None)})
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Returns"]
    sheet.protection.sheet = False
    sheet.cell(row=3, column=1).value = "1.3"  # the row of 1.2, Run events
    workbook.save(book)
    before = plan.read_bytes()
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{book}:Returns!A3: error: this row's 'Action' is the text of action 1.2, but its ID names action 1.3: "
        "put the ID right, so that the return goes to the action it is for"
    )
    assert plan.read_bytes() == before


# --- returns that would go unseen -------------------------------------------------------------


def _edited(book: Path, edit) -> Path:
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Returns"]
    sheet.protection.sheet = False
    edit(workbook, sheet)
    workbook.save(book)
    return book


def test_a_copy_of_the_returns_sheet_filled_in_is_an_error_not_ignored(hcplan, plan, tmp_path):
    book = export(hcplan, plan, tmp_path / "returns.xlsx")

    def copy_and_fill(workbook, sheet):
        copy = workbook.copy_worksheet(sheet)
        copy.title = "Returns (2)"
        copy.cell(row=3, column=headers(copy)["Update"]).value = "Typed in the copy."

    _edited(book, copy_and_fill)
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{book}:'Returns (2)'!A1: error: the sheet 'Returns (2)' has returns too, but hcplan reads one sheet, "
        "'Returns': copy them into 'Returns' and delete this one"
    )


def test_returns_sorted_above_the_header_row_are_an_error_not_ignored(hcplan, plan, tmp_path):
    """Sorted with the header row in it, the filled rows land above the header."""
    book = returned(hcplan, plan, tmp_path, {"1.2": (None, "Held.", None)})

    def sort_header_in(workbook, sheet):
        sheet.move_range("A1:Z1", rows=4)  # the header, now below the rows
        sheet.move_range("A3:Z3", rows=-2)  # 1.2's row, now the first

    _edited(book, sort_header_in)
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 1
    assert f"{book}:Returns!A1: error: a return above the header row (row 5), where it is not read" in result.stderr


def test_a_form_above_the_header_is_a_title_not_returns_sorted_there(hcplan, plan, tmp_path):
    """A partner's own sheet with its organisation and quarter above the header: each line was
    'a return above the header row', and nothing could be imported."""
    import openpyxl

    book = tmp_path / "form.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Returns"
    for row in (["Organisation:", "Anytown Police"], ["Quarter:", "Q2 2024-25"], ["Police returns", "for the group"], []):
        sheet.append(row)
    sheet.append(["ID", "New rating", "Update", "Update date"])
    sheet.append(["1.2", "In progress", "Held.", "2024-07-10"])
    workbook.save(book)
    result = hcplan("import", plan, book)
    assert result.exit_code == 0, result.stderr
    assert "1.2: added an update dated 10 July 2024; rating none -> In Progress" in result.stdout


def test_a_rating_typed_over_current_rating_is_an_error_saying_where_it_goes(hcplan, plan, tmp_path):
    book = _edited(
        export(hcplan, plan, tmp_path / "returns.xlsx"),
        lambda workbook, sheet: setattr(sheet.cell(row=4, column=headers(sheet)["Current rating"]), "value", "Completed"),
    )
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{book}:Returns!F4: error: 'Current rating' was not rated when the workbook was made and now says "
        "Completed: hcplan reads a new rating from 'New rating'; write it there"
    )


@pytest.mark.parametrize(("typed", "said"), [(0.5, "a number (0.5)"), (7, "a number (7)"), (True, "true or false (True)")])
def test_an_update_a_spreadsheet_made_a_number_is_an_error(hcplan, plan, tmp_path, typed, said):
    book = returned(hcplan, plan, tmp_path, {"1.2": (None, typed, None)})
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{book}:Returns!K3: error: 'Update' holds {said}, not words: a spreadsheet makes a number of what looks "
        "like one (50% becomes 0.5, 007 becomes 7); format the cell as text and type the update again"
    )


def test_an_undated_return_dated_before_the_plan_by_date_is_an_error(hcplan, plan, tmp_path):
    book = returned(hcplan, plan, tmp_path, {"1.2": (None, "Held.", None), "1.3": (None, "Begun.", date(2024, 7, 1))})
    result = hcplan("import", plan, book, "--date", "2024-02-01")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{book}:Returns!A3: error: no 'Update date', and the day such a return takes (--date, else today: "
        "1 February 2024) is before the plan starts (1 April 2024)",
        "hcplan: error: nothing was recorded: 1 problem in 1 file; fix them and import again",
    ]


def test_a_row_copied_from_another_workbook_is_recorded_with_a_warning(hcplan, plan, tmp_path):
    police = export(hcplan, plan, tmp_path / "police.xlsx", "--lead", "Police")
    rows = {c.value for c in openpyxl.load_workbook(police)["Returns"]["A"]}
    assert "1.3" not in rows  # Safer Anytown's alone

    def paste(workbook, sheet):
        sheet.cell(row=sheet.max_row + 1, column=1).value = "1.3"
        sheet.cell(row=sheet.max_row, column=headers(sheet)["Update"]).value = "Pasted in."

    _edited(police, paste)
    result = hcplan("import", plan, police, "--date", "2024-07-15")
    assert result.exit_code == 0, result.stderr
    assert "1.3 was not in this workbook when it was made (a row copied from another lead's?)" in result.stderr
    assert action(plan, "1.3").updates[-1].text == "Pasted in."


def test_a_rating_chosen_again_and_placeholder_updates_record_nothing(hcplan, plan, tmp_path):
    """Choosing the rating an action has from the list, or writing '-' or 'N/A', is no news."""
    assert hcplan("update", plan, "1.3", "--status", "behind", "--date", "2024-06-01").exit_code == 0
    book = returned(hcplan, plan, tmp_path, {"1.3": ("Behind", None, None), "1.2": (None, "N/A", None), "1.4": (None, "-", None)})
    before = plan.read_bytes()
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Nothing to record in {plan}: the 1 return in 1 file is recorded already\n"
    assert plan.read_bytes() == before


def test_a_csv_with_semicolons_and_mac_line_ends_is_read_by_its_first_line(hcplan, plan, tmp_path):
    """Excel for Mac's CSV ends lines with CR alone: the separator is the first line's, not the file's."""
    path = tmp_path / "returns.csv"
    path.write_bytes(b"ID;Update\r1.2;Held, with a, b, c, d, e, f, g, h, i, j, k, l commas.\r")
    result = hcplan("import", plan, path, "--date", "2024-07-15")
    assert result.exit_code == 0, result.stderr
    assert action(plan, "1.2").updates[-1].text == "Held, with a, b, c, d, e, f, g, h, i, j, k, l commas."


# --- merged cells -----------------------------------------------------------------------------


def _merged(book: Path, *ranges: str) -> Path:
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Returns"]
    sheet.protection.sheet = False
    for cells in ranges:
        sheet.merge_cells(cells)
    workbook.save(book)
    return book


def test_a_rating_merged_over_several_rows_is_an_error_at_the_range(hcplan, plan, tmp_path):
    """A partner who merges New rating over three actions' rows means all three; the file
    keeps the rating in the first cell only, so the other rows would be read as blank."""
    book = returned(
        hcplan,
        plan,
        tmp_path,
        {"1.1": ("behind", "Late.", None), "1.2": (None, "Also late.", None), "1.3": (None, "Late too.", None)},
    )
    _merged(book, "J2:J4")  # New rating, the rows of 1.1, 1.2 and 1.3
    before = plan.read_bytes()
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{book}:Returns!J2:J4: error: these cells of 'New rating' are merged: a spreadsheet keeps what a merged "
        "range says in its first cell (J2) only, so the rest would be read as blank; unmerge them and fill in each row",
        "hcplan: error: nothing was recorded: 1 problem in 1 file; fix them and import again",
    ]
    assert plan.read_bytes() == before


def test_an_update_merged_with_its_date_is_an_error_naming_both_columns(hcplan, plan, tmp_path):
    book = returned(hcplan, plan, tmp_path, {"1.2": (None, "Held.", None)})
    _merged(book, "K3:L3")  # Update and Update date of 1.2's row
    result = hcplan("import", plan, book, "--date", "2024-07-15", "--format", "json")
    assert result.exit_code == 1
    import json

    data = json.loads(result.stdout)
    # A refusal has the keys of a result, as a script reads every run's.
    assert {k: v for k, v in data.items() if k != "problems"} == {
        "plan": str(plan), "changed": False, "dry_run": False, "recorded": [], "already": []
    }  # fmt: skip
    [problem] = data["problems"]
    assert problem["where"] == "Returns!K3:L3"
    assert problem["message"].startswith("these cells of 'Update' and 'Update date' are merged")


def test_merges_in_columns_the_import_does_not_read_are_left_alone(hcplan, plan, tmp_path):
    """A partner may merge the theme or the action text over rows to read them better:
    the returns are read as ever."""
    book = returned(hcplan, plan, tmp_path, {"1.1": ("behind", "Late.", None), "1.3": (None, "Begun.", None)})
    workbook = openpyxl.load_workbook(book)
    columns = headers(workbook["Returns"])
    kept = [name for name in columns if name not in ("ID", "New rating", "Update", "Update date")]
    assert kept, columns
    letter = openpyxl.utils.get_column_letter(columns[kept[0]])
    _merged(book, f"{letter}2:{letter}5")
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Recorded 2 returns from 1 file in {plan}:\n")


# --- CSV ---------------------------------------------------------------------------------------


def _csv_returns(hcplan, plan: Path, tmp_path: Path, rows: dict, **options) -> Path:
    out = tmp_path / "returns.csv"
    assert hcplan("export", plan, "-o", out).exit_code == 0
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    for row in table:
        for key, value in rows.get(row["ID"], {}).items():
            row[key] = value
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(table[0]), delimiter=options.get("delimiter", ","))
    writer.writeheader()
    writer.writerows(table)
    out.write_bytes(text.getvalue().encode(options.get("encoding", "utf-8")))
    return out


def test_an_apostrophe_typed_to_keep_an_id_as_text_is_not_part_of_it(hcplan, plan, tmp_path):
    """hcplan's own advice for an ID a spreadsheet turns into a number is to type it with an
    apostrophe; a CSV file (or a cell formatted as text) keeps the apostrophe, and the ID,
    rating or date was then unknown."""
    path = tmp_path / "returns.csv"
    path.write_text("ID,New rating,Update,Update date\n'1.2,'in prog,Held.,'10/07/2024\n'1.1,,'Tis done.,\n")
    result = hcplan("import", plan, path, "--date", "2024-07-15")
    assert result.exit_code == 0, result.stderr
    assert [u.text for u in action(plan, "1.2").updates] == ["Held."]
    assert action(plan, "1.2").updates[-1].date == date(2024, 7, 10) and action(plan, "1.2").status == "In Progress"
    assert action(plan, "1.1").updates[-1].text == "'Tis done."  # an update's words are the partner's own


@pytest.mark.parametrize(("delimiter", "encoding"), [(",", "utf-8"), (";", "utf-8-sig"), ("\t", "utf-16")])
def test_csv_returns_import_too(hcplan, plan, tmp_path, delimiter, encoding):
    path = _csv_returns(
        hcplan,
        plan,
        tmp_path,
        {"1.2": {"New rating": "on hold", "Update": "Paused: no venue, café closed.", "Update date": "03/07/2024"}},
        delimiter=delimiter,
        encoding=encoding,
    )
    result = hcplan("import", plan, path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(f"rating none -> On Hold ({path}:C3)\n".replace("C3", "A3"))
    update = action(plan, "1.2").updates[-1]
    assert (update.date, update.text, update.status) == (date(2024, 7, 3), "Paused: no venue, café closed.", "On Hold")


@pytest.mark.parametrize("first", ["2024-06-28", "Q1 2024-25"])
def test_a_workbook_imported_again_records_nothing_twice_when_first_dated_before_it_was_made(
    hcplan, plan, tmp_path, first
):
    """Exported on 1 July (after the meeting), imported with the meeting's day or the quarter
    (30 June): the rows went in dated before the workbook's day, and importing the same
    workbook again recorded each of them a second time."""
    book = returned(hcplan, plan, tmp_path, {"1.1": (None, "Met the adults team.", None), "1.3": ("completed", None, None)})
    assert hcplan("import", plan, book, "--date", first).exit_code == 0
    after = plan.read_bytes()
    for again in ("2024-07-15", first):
        result = hcplan("import", plan, book, "--date", again)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == f"Nothing to record in {plan}: the 2 returns in 1 file are recorded already\n"
        assert plan.read_bytes() == after
    # The next quarter's workbook shows 1.1's update: the same words then are news again.
    later = fill(export(hcplan, plan, tmp_path / "later.xlsx"), {"1.1": (None, "Met the adults team.", None)})
    result = hcplan("import", plan, later, "--date", "2024-10-15")
    assert result.stdout.startswith(f"Recorded 1 return from 1 file in {plan}:\n  1.1: added an update dated 15 October")


def test_a_csv_imported_again_on_another_day_records_nothing_twice(hcplan, plan, tmp_path):
    """A CSV file says no day it was made on; each row says the day of the last update it
    showed, and a return is news after that: imported again another day, undated rows
    (dated by --date) are known; next quarter, the same words are news again."""
    path = _csv_returns(hcplan, plan, tmp_path, {"1.1": {"Update": "Late again."}, "1.3": {"New rating": "in prog"}})
    assert hcplan("import", plan, path, "--date", "2024-07-15").exit_code == 0
    after = plan.read_bytes()
    result = hcplan("import", plan, path, "--date", "2024-07-22")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Nothing to record in {plan}: the 2 returns in 1 file are recorded already\n"
    assert plan.read_bytes() == after
    # The next file shows 1.1's update of 15 July: the same words a quarter on are recorded.
    again = _csv_returns(hcplan, plan, tmp_path, {"1.1": {"Update": "Late again."}})
    result = hcplan("import", plan, again, "--date", "2024-10-15")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Recorded 1 return from 1 file in {plan}:\n  1.1: added an update dated 15 October")
    assert [u.date for u in action(plan, "1.1").updates][-2:] == [date(2024, 7, 15), date(2024, 10, 15)]


def test_a_csv_in_another_encoding_is_refused_at_its_first_odd_byte(hcplan, plan, tmp_path):
    path = tmp_path / "returns.csv"
    path.write_bytes("ID,Update\r\n1.2,Café closed.\r\n".encode("cp1252"))
    before = plan.read_bytes()
    result = hcplan("import", plan, path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}:2:8: error: the file is not UTF-8 text: byte 0xe9 (it looks like Windows-1252, "
        "Excel's 'CSV (Comma delimited)'); save it as 'CSV UTF-8 (Comma delimited)' (Excel) or with the "
        "character set Unicode (UTF-8) (LibreOffice), or send the .xlsx workbook"
    )
    assert plan.read_bytes() == before


def test_a_csv_with_a_quote_left_open_is_refused_not_read_as_one_update(hcplan, plan, tmp_path):
    path = tmp_path / "returns.csv"
    path.write_text('ID,Update\n1.1,"Met on 5th\n1.2,Held.\n', newline="")
    before = plan.read_bytes()
    result = hcplan("import", plan, path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:2:5: error: this quote opens a cell that is never closed")
    assert plan.read_bytes() == before


@pytest.mark.parametrize(
    ("encoding", "said"),
    [
        ("utf-16-le", "UTF-16 text without a byte order mark"),
        ("utf-16-be", "UTF-16 text without a byte order mark"),
        ("utf-32", "UTF-32 text"),
        ("utf-32-be", "UTF-32 text"),
    ],
)
def test_a_csv_in_utf16_without_a_bom_or_utf32_is_refused_saying_how_to_save_it(hcplan, plan, tmp_path, encoding, said):
    path = _csv_returns(hcplan, plan, tmp_path, {"1.2": {"Update": "Café closed."}}, encoding=encoding)
    before = plan.read_bytes()
    result = hcplan("import", plan, path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}: error: the file is {said}, and hcplan reads CSV files as UTF-8: save it as 'CSV UTF-8 (Comma "
        "delimited)' (Excel) or with the character set Unicode (UTF-8) (LibreOffice), or send the .xlsx workbook"
    )
    assert plan.read_bytes() == before


# --- hostile and broken files --------------------------------------------------------------------


def _encrypted(source: Path, out: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    with source.open("rb") as handle, out.open("wb") as target:
        OOXMLFile(handle).encrypt("secret", target)
    return out


def _truncated(source: Path, out: Path) -> Path:
    out.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    return out


def _ods(source: Path, out: Path) -> Path:
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return out


def _huge(source: Path, out: Path) -> Path:
    with out.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    return out


def _sheet_xml_changed(source: Path, out: Path, change) -> Path:
    """``source`` with the XML of its first sheet (the Returns sheet) changed by ``change``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            new.writestr(item, data)
    return out


def _sheet_xml_broken(source: Path, out: Path) -> Path:
    return _sheet_xml_changed(source, out, lambda xml: xml[: len(xml) // 2])


def _merging_a_sheet(source: Path, out: Path) -> Path:
    """A merged range is a few bytes of XML; opened whole, openpyxl makes an object for each of
    its cells: a 10 KB file merging a sheet would take all the memory there is."""
    whole = b'</sheetData><mergeCells count="1"><mergeCell ref="P1:XFD1048576"/></mergeCells>'
    return _sheet_xml_changed(source, out, lambda xml: xml.replace(b"</sheetData>", whole))


def _bomb(source: Path, out: Path) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new:
        for item in old.infolist():
            new.writestr(item, old.read(item))
        new.writestr("xl/media/padding.bin", b"\0" * (210 * 1024 * 1024))
    return out


@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (_encrypted, "locked.xlsx", "the workbook is protected with a password, so hcplan cannot read it"),
        (_truncated, "cut.xlsx", "the workbook is damaged (not a complete zip file)"),
        (_sheet_xml_broken, "broken.xlsx", "the workbook is damaged and cannot be read"),
        (
            _ods,
            "returns.ods",
            "this is an OpenDocument spreadsheet (.ods): open it and save it as an Excel workbook (.xlsx)",
        ),
        (_huge, "huge.xlsx", "the file is 52 MB; files over 20 MB are refused"),
        (_bomb, "bomb.xlsx", "the workbook would unpack to 220 MB; that is refused"),
        (
            _merging_a_sheet,
            "merged.xlsx",
            # that sheet's 17,164,140,544 cells and the few the instructions sheet merges
            "the workbook merges 17,164,140,",
        ),
    ],
)
def test_bad_files_are_clear_errors_and_the_plan_is_untouched(hcplan, plan, tmp_path, make, name, message):
    good = returned(hcplan, plan, tmp_path, {"1.2": (None, "Held.", date(2024, 7, 1))})
    bad = make(good, tmp_path / name)
    before = plan.read_bytes()
    result = hcplan("import", plan, bad, good)
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{bad}: error: {message}"), first
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert plan.read_bytes() == before


#: A billion laughs: ten entities of ten of the one before, some 3 GB of text from 1 KB.
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY l0 "lol">'
    + b"".join(b'<!ENTITY l%d "%s">' % (n, (b"&l%d;" % (n - 1)) * 10) for n in range(1, 10))
    + b"]>"
)

#: One entity of 250 characters written 20,000 times: 5 MB of text from 80 KB, under the
#: amplification Python's expat allows (100 times, past 8 MB): only refusing every entity
#: (defusedxml) keeps it out of a plan.
SPREAD = b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY e "' + b"x" * 250 + b'">]>'


def _entities(source: Path, out: Path, doctype: bytes, cell: bytes) -> Path:
    """The Returns sheet's XML with ``doctype`` before it and ``cell`` in place of an update."""
    return _sheet_xml_changed(source, out, lambda xml: doctype + xml[xml.index(b"<worksheet") :].replace(b"Held.", cell, 1))


@pytest.mark.parametrize(("doctype", "cell"), [(LAUGHS, b"&l9;"), (SPREAD, b"&e;" * 20_000)], ids=["laughs", "spread"])
def test_entities_in_a_workbook_are_a_clear_error_at_once(hcplan, plan, tmp_path, doctype, cell):
    """An entity bomb, or one entity written many times, in a process of its own whose memory
    is capped at 2 GB: the workbook is refused, and the plan untouched (the spread one was
    once recorded, 5 MB of x in the plan)."""
    import os
    import resource
    import subprocess
    import sys

    from conftest import REPO

    good = returned(hcplan, plan, tmp_path, {"1.2": (None, "Held.", date(2024, 7, 1))})
    bad = _entities(good, tmp_path / "entities.xlsx", doctype, cell)
    before = plan.read_bytes()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}

    def capped() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    done = subprocess.run(
        [sys.executable, "-m", "hcplan", "import", str(plan), str(bad)],
        capture_output=True, text=True, env=env, preexec_fn=capped, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"{bad}: error: the workbook is damaged and cannot be read ("), done.stderr
    assert "Traceback" not in done.stderr
    assert plan.read_bytes() == before


@pytest.mark.parametrize(("cell", "said"), [("XFD1048576", "XFD1048576"), ("A1048576", "A1048576"), ("B100001", "B100001")])
def test_a_cell_far_below_the_table_is_an_error_at_it_not_a_hang(hcplan, plan, tmp_path, cell, said):
    """One value at XFD1048576 in a 17 KB workbook: the import ran for minutes (every row up to
    the millionth made 16,384 cells wide) and had to be killed."""
    import time

    book = _edited(returned(hcplan, plan, tmp_path, {"1.2": (None, "Held.", date(2024, 7, 1))}), lambda w, s: s.__setitem__(cell, "x"))
    before = plan.read_bytes()
    started = time.monotonic()
    result = hcplan("import", plan, book)
    assert time.monotonic() - started < 60  # a guard against the hang only: it takes about a second
    assert result.exit_code == 1
    assert f"{book}:Returns!{said}: error: this cell has something in it, beyond the 100,000 rows" in result.stderr
    assert plan.read_bytes() == before


def test_empty_rows_between_returns_still_count_their_rows(hcplan, plan, tmp_path):
    """Rows with nothing in them are kept only when a row with something follows: the returns'
    cells are still named by their rows."""
    book = returned(hcplan, plan, tmp_path, {"1.2": (None, "Held.", date(2024, 7, 1))})

    def push_down(workbook, sheet):
        sheet.move_range(f"A3:Z{sheet.max_row}", rows=50)
        sheet["C60000"] = "a stray note far below"

    _edited(book, push_down)
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 0, result.stderr
    found = re.search(r"1\.2: added an update dated 1 July 2024 \(.*:Returns!A(\d+)\)", result.stdout)
    assert found and int(found[1]) > 50, result.stdout


@pytest.mark.parametrize("seed", range(12))
def test_damaged_workbooks_never_crash(hcplan, plan, tmp_path, seed):
    import random

    good = returned(hcplan, plan, tmp_path, {"1.2": (None, "Held.", date(2024, 7, 1))})
    data = bytearray(good.read_bytes())
    chance = random.Random(seed)
    for _ in range(1 + seed * 3):
        data[chance.randrange(len(data))] = chance.randrange(256)
    bad = tmp_path / "damaged.xlsx"
    bad.write_bytes(bytes(data))
    before = plan.read_bytes()
    result = hcplan("import", plan, bad)
    assert result.exit_code in (0, 1), result.stderr
    assert "internal error" not in result.stderr
    if result.exit_code == 1:
        assert result.stderr.startswith(f"{bad}"), result.stderr
        assert plan.read_bytes() == before


def test_usage_errors(hcplan, plan, tmp_path):
    result = hcplan("import", plan, tmp_path / "missing.xlsx")
    assert (result.exit_code, result.stderr) == (2, f"hcplan: error: nothing was recorded: {tmp_path / 'missing.xlsx'}: no such file\n")
    result = hcplan("import", plan, plan)
    assert result.exit_code == 2 and "is the plan itself" in result.stderr
    result = hcplan("import", plan, plan, "--date", "2199-01-01")
    assert (result.exit_code, result.stderr) == (2, "hcplan: error: --date 1 January 2199 is in the future\n")


# --- one edit, one proof, one write ------------------------------------------------------------


def test_plan_updates_makes_many_updates_in_one_edit(plan):
    opened = open_source(read_file(str(plan)), today=date(2025, 1, 1))
    requests = [
        UpdateRequest("1.1", date(2024, 6, 1), "One.", "behind"),
        UpdateRequest("1.3", date(2024, 6, 2), "Two."),
        UpdateRequest("1.4", date(2024, 6, 3), None, "completed"),
    ]
    result = plan_updates(opened, requests, today=date(2025, 1, 1))
    assert result.changed and all(r.recorded for r in result.results)
    assert [r.summary() for r in result.results] == [
        "1.1: added an update dated 1 June 2024; rating none -> Behind",
        "1.3: added an update dated 2 June 2024",
        "1.4: added an update dated 3 June 2024; rating none -> Completed",
    ]
    assert result.diff().count("\n+  ") == 11 and "\n-" not in result.diff()
    assert all(r.after == result.after for r in result.results)
    with pytest.raises(UpdateError, match="1.1 is changed twice"):
        plan_updates(opened, [requests[0], UpdateRequest("1.1", date(2024, 6, 5), "Again.")], today=date(2025, 1, 1))


def test_a_sheet_of_something_else_stops_at_two_hundred_problems(hcplan, plan, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("ID,Update\n" + "".join(f"X{i},note {i}\n" for i in range(5000)), encoding="utf-8")
    result = hcplan("import", plan, path)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 202 and lines[-2] == f"{path}: error: more than 200 problems: the rest are not shown"


def test_a_hidden_sheet_someone_changed_is_said_and_the_returns_still_go_in(hcplan, plan, tmp_path):
    book_path = returned(hcplan, plan, tmp_path, {"1.2": (None, "Held.", date(2024, 7, 1))})
    book = openpyxl.load_workbook(book_path)
    book["hcplan"]["B13"] = "not a state"
    book.save(book_path)
    result = hcplan("import", plan, book_path)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"{book_path}:hcplan: warning: the hidden sheet 'hcplan' is not as hcplan wrote it, so hcplan cannot "
        "tell whether the plan changed since the workbook was made; the returns are read without it\n"
    )
    assert action(plan, "1.2").updates[-1].text == "Held."


def test_big_returns_are_read_in_a_worker_while_the_plan_is(hcplan, plan, tmp_path, monkeypatch):
    import hcplan.files.returns_in as returns_in

    monkeypatch.setattr(returns_in, "PARALLEL_BYTES", 0)
    monkeypatch.setattr("hcplan.aside.cores", lambda: 2)
    one = returned(hcplan, plan, tmp_path, {"1.1": ("behind", "Late.", date(2024, 7, 2))}, "one.xlsx")
    two = returned(hcplan, plan, tmp_path, {"1.3": (None, "Begun.", date(2024, 7, 3))}, "two.xlsx")
    with returns_in.Reading([str(one), str(two)]) as reading:
        assert reading.aside is not None and reading.aside.pid  # a child reads them
        assert [f.path for f in reading.result()] == [str(one), str(two)]
    result = hcplan("import", plan, one, two)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Recorded 2 returns from 2 files in {plan}:\n")
    assert (action(plan, "1.1").status, action(plan, "1.3").updates[-1].text) == ("Behind", "Begun.")


def test_an_exported_workbook_whose_sheet_was_renamed_still_imports(hcplan, plan, tmp_path):
    book_path = returned(hcplan, plan, tmp_path, {"1.2": ("Behind", "Renamed sheet.", date(2024, 7, 3))})
    book = openpyxl.load_workbook(book_path)
    book["Returns"].title = "Sheet1"
    book.save(book_path)
    result = hcplan("import", plan, book_path)
    assert result.exit_code == 0, result.stderr
    assert f"{book_path}:Sheet1!A" in result.stdout
    assert action(plan, "1.2").updates[-1].text == "Renamed sheet."


def test_a_workbook_with_no_sheet_of_returns_left_is_a_clear_error(hcplan, plan, tmp_path):
    book_path = returned(hcplan, plan, tmp_path, {"1.2": ("Behind", "Gone.", None)})
    book = openpyxl.load_workbook(book_path)
    book.remove(book["Returns"])  # the help sheet and hcplan's hidden one are left
    book.save(book_path)
    before = plan.read_bytes()
    result = hcplan("import", plan, book_path)
    assert result.exit_code == 1, result.stderr
    assert "internal" not in result.stderr and "Traceback" not in result.stderr
    assert "no header row" in result.stderr and "How to fill in" in result.stderr
    assert plan.read_bytes() == before


def _rename(book):
    book["Returns"].title = "Returns (2)"


def _hide(book):
    book["Returns"].sheet_state = "hidden"


def _sheet_first(book):
    book.create_sheet("Notes", 0)["A1"] = "Our notes"


def _meta_gone(book):
    book.remove(book["hcplan"])


def _only_meta_visible(book):
    book.remove(book["Returns"])
    book.remove(book["How to fill in"])
    book["hcplan"].sheet_state = "visible"


def _empty_returns(book):
    book.remove(book["Returns"])
    book.create_sheet("Returns", 0)


@pytest.mark.parametrize("edit", [_rename, _hide, _sheet_first, _meta_gone, _only_meta_visible, _empty_returns])
def test_a_workbook_whose_sheets_were_moved_about_imports_or_says_why(hcplan, plan, tmp_path, edit):
    """Whatever happened to the workbook's sheets: the returns go in, or a located
    problem says why (exit 1) and the plan is untouched; never an internal error."""
    book_path = returned(hcplan, plan, tmp_path, {"1.2": ("Behind", "Moved about.", date(2024, 7, 3))})
    book = openpyxl.load_workbook(book_path)
    edit(book)
    book.save(book_path)
    before = plan.read_bytes()
    result = hcplan("import", plan, book_path)
    assert result.exit_code in (0, 1), result.stderr
    assert "internal" not in result.stderr and "Traceback" not in result.stderr
    if result.exit_code == 0:
        assert action(plan, "1.2").updates[-1].text == "Moved about."
    else:
        assert plan.read_bytes() == before
        assert result.stderr.startswith(f"{book_path}:"), result.stderr


def _lead_returns(hcplan, plan: Path, tmp_path: Path, lead: str, rating, text: str) -> Path:
    """The workbook exported for ``lead``, with its return for 1.4 (led by Police and Safer Anytown)."""
    out = tmp_path / f"{lead.replace(' ', '-')}.xlsx"
    return fill(export(hcplan, plan, out, "--lead", lead), {"1.4": (rating, text, date(2024, 7, 3))})


def test_each_leads_return_for_an_action_they_lead_together_goes_in(hcplan, plan, tmp_path):
    """The digest sends each lead its own workbook; a joint action comes back from both."""
    police = _lead_returns(hcplan, plan, tmp_path, "Police", None, "Police ran an event in Morden.")
    council = _lead_returns(hcplan, plan, tmp_path, "Safer Anytown", "Behind", "The council's event moved.")
    result = hcplan("import", plan, police, council)
    assert result.exit_code == 0, result.stderr
    updated = action(plan, "1.4")
    assert [u.text for u in updated.updates[-2:]] == ["Police ran an event in Morden.", "The council's event moved."]
    assert updated.status == "Behind"
    assert load_plan_errors(plan) == []
    after = plan.read_bytes()
    again = hcplan("import", plan, police, council)
    assert again.exit_code == 0 and "recorded already" in again.stdout
    assert plan.read_bytes() == after


def test_a_joint_leads_return_of_the_same_words_on_its_own_day_goes_in_when_imported_later(hcplan, plan, tmp_path):
    """Imported one file at a time, the second lead's 'Ongoing' (dated by its own Update
    date, a week later) was said to be recorded already and was lost; imported together,
    both went in."""
    police = fill(export(hcplan, plan, tmp_path / "police.xlsx", "--lead", "Police"), {"1.4": (None, "Ongoing", date(2024, 7, 3))})
    council = fill(
        export(hcplan, plan, tmp_path / "council.xlsx", "--lead", "Safer Anytown"), {"1.4": (None, "Ongoing", date(2024, 7, 10))}
    )
    assert hcplan("import", plan, police).exit_code == 0
    result = hcplan("import", plan, council)
    assert result.exit_code == 0, result.stderr
    assert "1.4: added an update dated 10 July 2024" in result.stdout
    assert [(u.date, u.text) for u in action(plan, "1.4").updates] == [(date(2024, 7, 3), "Ongoing"), (date(2024, 7, 10), "Ongoing")]
    after = plan.read_bytes()
    assert "recorded already" in hcplan("import", plan, police, council).stdout
    assert plan.read_bytes() == after


def test_a_csv_of_ids_and_updates_alone_imported_again_another_day_records_nothing_twice(hcplan, plan, tmp_path):
    """A CSV that says no day of any kind: imported again with another --date, every row
    went in a second time."""
    path = tmp_path / "returns.csv"
    path.write_text("id,update\n1.1,Venue booked.\n1.3,Trainer found.\n", encoding="utf-8")
    assert hcplan("import", plan, path, "--date", "2024-07-15").exit_code == 0
    after = plan.read_bytes()
    result = hcplan("import", plan, path, "--date", "2024-07-22")
    assert result.exit_code == 0, result.stderr
    assert "the 2 returns in 1 file are recorded already" in result.stdout
    assert plan.read_bytes() == after


def test_two_leads_who_rate_a_joint_action_differently_must_agree(hcplan, plan, tmp_path):
    police = _lead_returns(hcplan, plan, tmp_path, "Police", "In Progress", "On track.")
    council = _lead_returns(hcplan, plan, tmp_path, "Safer Anytown", "Behind", "Slipping.")
    before = plan.read_bytes()
    result = hcplan("import", plan, police, council)
    assert result.exit_code == 1
    assert re.search(
        rf"^{re.escape(str(council))}:Returns!A\d+: error: the returns for 1\.4 rate it differently: Behind here, "
        rf"In Progress at {re.escape(str(police))}:Returns!A\d+; agree one rating",
        result.stderr,
        re.M,
    ), result.stderr
    assert plan.read_bytes() == before


def test_one_leads_two_workbooks_that_disagree_are_refused(hcplan, plan, tmp_path):
    first = _lead_returns(hcplan, plan, tmp_path, "Police", None, "First version.")
    second = fill(
        export(hcplan, plan, tmp_path / "again.xlsx", "--lead", "police"),
        {"1.4": (None, "Second version.", date(2024, 7, 3))},
    )
    before = plan.read_bytes()
    result = hcplan("import", plan, first, second)
    assert result.exit_code == 1
    assert "another return for 1.4 says something else" in result.stderr
    assert plan.read_bytes() == before


def load_plan_errors(path: Path) -> list:
    from hcplan.checking.loader import load_plan

    return [p for p in load_plan(path).problems if p.severity == "error"]


def test_a_return_whose_id_was_typed_in_another_case_is_recorded_on_its_action(hcplan, write, tmp_path):
    plan = write(PLAN.replace('- id: "1.2"', '- id: "HC1.2"'))
    path = _csv_returns(hcplan, plan, tmp_path, {"HC1.2": {"ID": "hc1.2 ", "Update": "Venue booked."}})
    result = hcplan("import", plan, path, "--date", "2024-07-03")
    assert result.exit_code == 0, result.stderr
    assert "HC1.2: added an update dated 3 July 2024" in result.stdout
    assert "Venue booked." in plan.read_text()


# --- dates typed day first or month first ------------------------------------------------


def _dated(hcplan, plan, tmp_path, days: dict[str, str]) -> Path:
    return _csv_returns(hcplan, plan, tmp_path, {k: {"Update": f"Return for {k}.", "Update date": v} for k, v in days.items()})


def test_a_file_that_writes_dates_month_first_is_read_month_first_and_says_so(hcplan, plan, tmp_path):
    # A CSV saved by a spreadsheet set to US English: 07/25/2024 can only be month first,
    # so 08/01/2024 is 1 August (day first it would be 8 January, before the plan).
    path = _dated(hcplan, plan, tmp_path, {"1.1": "07/25/2024", "1.2": "08/01/2024"})
    result = hcplan("import", plan, path)
    assert result.exit_code == 0, result.stderr
    assert "1.1: added an update dated 25 July 2024" in result.stdout
    assert "1.2: added an update dated 1 August 2024" in result.stdout
    assert "returns.csv:L2: warning: this file writes dates month first ('07/25/2024' here)" in result.stderr


def test_dates_typed_both_ways_in_one_file_refuse_the_ones_that_could_be_either(hcplan, plan, tmp_path):
    path = _dated(hcplan, plan, tmp_path, {"1.1": "25/07/2024", "1.2": "08/01/2024", "1.3": "07/26/2024"})
    before = plan.read_bytes()
    result = hcplan("import", plan, path)
    assert result.exit_code == 1
    assert (
        "'08/01/2024' could be 8 January 2024 or 1 August 2024: this file writes dates day first "
        "('25/07/2024' at L"
    ) in result.stderr
    assert "month first ('07/26/2024' at L" in result.stderr
    assert plan.read_bytes() == before


def test_dates_that_could_be_either_way_are_read_day_first_when_nothing_says_otherwise(hcplan, plan, tmp_path):
    path = _dated(hcplan, plan, tmp_path, {"1.2": "03/07/2024"})
    result = hcplan("import", plan, path)
    assert result.exit_code == 0, result.stderr
    assert "1.2: added an update dated 3 July 2024" in result.stdout and "month first" not in result.stderr


def test_a_return_for_an_id_written_exactly_goes_to_it_not_to_another_in_another_case(hcplan, write, tmp_path):
    """Objective HC1 beside action hc1, a hand-made CSV with no Action column: the row 'HC1'
    was recorded on action hc1, where hcplan update HC1 named the objective."""
    plan = write(PLAN.replace('      - id: "1"\n', '      - id: "HC1"\n').replace('- id: "1.1"', '- id: "hc1"'))
    path = tmp_path / "returns.csv"
    path.write_text("ID,Update,Update date\nHC1,Objective met.,2024-06-01\n")
    result = hcplan("import", plan, path, "--dry-run")
    assert result.exit_code == 0, result.stderr
    said = result.stdout + result.stderr
    assert "objective HC1: added an update dated 1 June 2024" in said and "hc1:" not in said


def test_two_leads_csv_returns_for_an_action_they_share_say_why_they_cannot_both_go_in(hcplan, plan, tmp_path):
    """CSV files carry no lead: the refusal said 'keep one' and nothing of why, where the
    same returns as workbooks made with --lead go in."""
    paths = []
    for lead, news in (("Police", "Police news."), ("Safer Anytown", "Council news.")):
        out = tmp_path / f"{lead}.csv"
        assert hcplan("export", plan, "--lead", lead, "-o", out, "--as-of", "2024-07-01").exit_code == 0
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        for row in rows:
            if row["ID"] == "1.4":
                row["Update"], row["Update date"] = news, "2024-07-01"
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        out.write_text(text.getvalue(), encoding="utf-8")
        paths.append(out)
    result = hcplan("import", plan, *paths)
    assert result.exit_code == 1
    assert "cannot show these are two leads' returns for an action they lead together" in result.stderr


def test_rows_dated_by_a_quarter_given_with_date_are_that_quarters_returns(hcplan, plan, tmp_path):
    """--date "Q1 2024-25" wrote only the quarter's last day; hcplan update writes the quarter too,
    and reports say 'Q1 2024-25 return'. A row's own Update date is its own."""
    book = returned(hcplan, plan, tmp_path, {"1.2": (None, "Held.", None), "1.3": (None, "Trained.", date(2024, 6, 3))})
    result = hcplan("import", plan, book, "--date", "Q1 2024-25")
    assert result.exit_code == 0, result.stderr
    held, trained = action(plan, "1.2").updates[-1], action(plan, "1.3").updates[-1]
    assert (held.date, held.quarter, held.text) == (date(2024, 6, 30), "Q1 2024-25", "Held.")
    assert (trained.date, trained.quarter) == (date(2024, 6, 3), None)
    assert load_plan_errors(plan) == []


@pytest.mark.parametrize(
    ("header", "named"),
    [
        ("New status", "New rating"), ("Status", "New rating"), ("RAG", "New rating"), ("Current rating", "New rating"),
        ("Date", "Update date"), ("Date of update", "Update date"), ("Comments", "Update"),
    ],
)  # fmt: skip
def test_a_usual_name_for_a_column_the_sheet_lacks_is_an_error_not_passed_over(hcplan, plan, tmp_path, header, named):
    """'ID,New status,Update,Date' recorded the update, dated --date, and dropped the rating
    and the date without a word."""
    columns = {"New rating": "In Progress", "Update": "Room booked.", "Update date": "15/07/2024"}
    columns[header] = columns.pop(named)
    path = tmp_path / "returns.csv"
    path.write_text("ID," + ",".join(columns) + "\n1.2," + ",".join(columns.values()) + "\n", encoding="utf-8")
    before = plan.read_bytes()
    result = hcplan("import", plan, path, "--date", "2024-07-20")
    assert result.exit_code == 1
    column = "ABCD"[list(columns).index(header) + 1]
    assert f"{path}:{column}1: error: the header '{header}' is not one hcplan reads: name it '{named}'" in result.stderr
    assert plan.read_bytes() == before


def test_a_hint_in_brackets_after_a_header_is_read(hcplan, plan, tmp_path):
    path = tmp_path / "returns.csv"
    path.write_text("ID,New rating,Update,Update date (dd/mm/yyyy)\n1.2,Behind,Room not booked.,15/07/2024\n", encoding="utf-8")
    result = hcplan("import", plan, path, "--date", "2024-07-20")
    assert result.exit_code == 0, result.stderr
    update = action(plan, "1.2").updates[-1]
    assert (update.date, update.status, update.text) == (date(2024, 7, 15), "Behind", "Room not booked.")


def test_a_date_cell_whose_number_is_no_day_is_said_at_its_cell_and_nothing_else_is_printed(hcplan, plan, tmp_path):
    """openpyxl warned with its own file's path on standard error, and the message quoted
    '#VALUE!', which nobody typed."""
    book = returned(hcplan, plan, tmp_path, {"1.2": (None, "Held.", date(2024, 7, 1))})

    def no_day(workbook, sheet):
        sheet.cell(row=3, column=headers(sheet)["Update date"]).value = 1_000_000_000

    _edited(book, no_day)
    result = hcplan("import", plan, book)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{book}:Returns!") and "the spreadsheet's error #VALUE!, not a date" in lines[0], lines
    assert "Warning" not in result.stderr and "site-packages" not in result.stderr and len(lines) == 2


@pytest.mark.parametrize(
    "written",
    ["2024-07-15 00:00:00", "15/07/2024 10:30", "2024-07-15T10:30:00", "15-Jul-24", "15 Jul 2024", "July 15, 2024", "Jul 15 2024"],
)
def test_update_dates_as_spreadsheets_and_scripts_write_them_are_read(hcplan, plan, tmp_path, written):
    """'2024-07-15 00:00:00' (a datetime a script wrote), '15/07/2024 10:30' (Excel's CSV of a
    date and time), '15-Jul-24' and 'July 15, 2024' were each 'not a date'."""
    path = tmp_path / "returns.csv"
    path.write_text(f'ID,Update,Update date\n1.2,Held.,"{written}"\n', encoding="utf-8")
    result = hcplan("import", plan, path)
    assert result.exit_code == 0, result.stderr
    assert action(plan, "1.2").updates[-1].date == date(2024, 7, 15)


def test_a_contact_web_address_may_write_its_scheme_in_capitals(write):
    from hcplan.checking.loader import load_plan

    text = MINIMAL.replace("leads:\n", "publication:\n  contact:\n    web: HTTPS://www.anytown.example/hate-crime\nleads:\n", 1)
    loaded = load_plan(write(text))
    assert loaded.plan is not None and loaded.problems == []


@pytest.mark.parametrize("content", ["", "\n\n", ",,\n"])
def test_an_empty_file_of_returns_is_said_to_be_empty(hcplan, plan, tmp_path, content):
    """An empty CSV was told its workbook had no sheet 'Returns'."""
    path = tmp_path / "returns.csv"
    path.write_text(content, encoding="utf-8")
    result = hcplan("import", plan, path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}: error: the file is empty: there are no returns in it\n")


def test_digest_refuses_a_port_that_cannot_be(hcplan, plan, tmp_path):
    result = hcplan("digest", plan, "-o", tmp_path / "mail", "--send", "--smtp-host", "localhost", "--smtp-port", "99999")
    assert result.exit_code == 2 and "99999 is not in the range 1<=x<=65535" in result.stderr
    assert not (tmp_path / "mail").exists()


def test_an_id_a_spreadsheet_made_a_date_says_so(hcplan, plan, tmp_path):
    """'1.2' typed into a general cell became 1 February (or 2 January): the error said
    "no action '2 January 2025' in this plan"."""
    book = returned(hcplan, plan, tmp_path, {"1.2": (None, "Held.", date(2024, 7, 1))})

    def dated(workbook, sheet):
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == "1.2":
                row[0].value = datetime(2025, 1, 2)

    _edited(book, dated)
    result = hcplan("import", plan, book)
    assert result.exit_code == 1
    assert re.search(r"Returns!A\d+: error: the ID is the date 2 January 2025: a spreadsheet makes a date of an ID", result.stderr), result.stderr


def test_a_return_dated_after_the_plan_ended_goes_in_with_a_warning_at_its_cell(hcplan, plan, tmp_path):
    """hcplan update warns of an update dated after the plan's end (no listing or report of the
    ended plan shows it); the import said nothing."""
    path = tmp_path / "returns.csv"
    path.write_text("ID,Update,Update date\n1.2,Late news.,15/05/2025\n", encoding="utf-8")
    result = hcplan("import", plan, path)
    assert result.exit_code == 0, result.stderr
    assert f"{path}:A2: warning: the plan ended on 31 March 2025: an update dated 15 May 2025 is not in its listings" in result.stderr
    assert action(plan, "1.2").updates[-1].date == date(2025, 5, 15)


def test_a_time_after_a_date_does_not_hide_which_way_round_a_file_writes_dates(hcplan, plan, tmp_path):
    """'07/25/2024 10:30' says the file writes month first; with the time after it, that went
    unseen, and '09/07/2024 10:30' was recorded as 9 July without a word."""
    path = tmp_path / "returns.csv"
    path.write_text("ID,Update,Update date\n1.1,Booked.,07/25/2024 10:30\n1.2,Held.,09/07/2024 10:30\n", encoding="utf-8")
    result = hcplan("import", plan, path)
    assert result.exit_code == 0, result.stderr
    assert "month first" in result.stderr
    assert action(plan, "1.2").updates[-1].date == date(2024, 9, 7)


def test_a_file_named_twice_is_read_once_and_a_csv_is_no_workbook(hcplan, plan, tmp_path):
    """`import plan a.xlsx ./a.xlsx` said it recorded from 3 files; a CSV without the
    headers was told of 'any sheet' of 'the workbook'."""
    returns = tmp_path / "returns.csv"
    returns.write_text("ID,Update,Update date\n1.2,Held.,2024-07-10\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(returns)
    result = hcplan("import", plan, returns, returns, link)
    assert result.exit_code == 0, result.stderr
    assert "from 1 file " in result.stdout
    assert f"{returns} is named twice: it is read once" in result.stderr
    assert f"{link} is {returns}, named before: it is read once" in result.stderr
    assert [u.text for u in action(plan, "1.2").updates] == ["Held."]
    bare = tmp_path / "bare.csv"
    bare.write_text("Action ID,Update\n1.2,x\n", encoding="utf-8")
    result = hcplan("import", plan, bare)
    assert result.exit_code == 1
    assert "in the first 20 rows of the file:" in result.stderr and "sheet" not in result.stderr


def test_a_csv_row_of_an_action_that_starts_like_a_formula_is_its_text_as_exported(hcplan, write, tmp_path):
    """The export puts an apostrophe before text that starts like a formula (=, +, -, @), so
    that a spreadsheet shows it: the same file imported back was refused, its Action 'not the
    text of action 1.1'."""
    plan = write(
        PLAN.replace("text: Produce a profile", 'text: "@AnytownCouncil: produce a profile"')
        .replace("text: Train staff", 'text: "\\tTrain staff"')
    )
    returns = _csv_returns(
        hcplan, plan, tmp_path,
        {"1.1": {"Update": "Profile drafted.", "Update date": "2024-07-10"}, "1.3": {"Update": "Trained.", "Update date": "2024-07-10"}},
    )  # fmt: skip
    assert "'@AnytownCouncil" in returns.read_text(encoding="utf-8-sig")
    result = hcplan("import", plan, returns)
    assert result.exit_code == 0, result.stderr
    assert action(plan, "1.1").updates[-1].text == "Profile drafted."
    assert action(plan, "1.3").updates[-1].text == "Trained."


@pytest.mark.parametrize(
    ("written", "day"),
    [("1/7/24", date(2024, 7, 1)), ("w/c 8 July 2024", date(2024, 7, 8)), ("Week commencing 08/07/2024", date(2024, 7, 8))],
)
def test_an_update_date_as_officers_write_it_is_read(hcplan, plan, tmp_path, written, day):
    """'1/6/11' and 'w/c 5 March 2018' in a text cell were 'not a date'."""
    path = tmp_path / "returns.csv"
    path.write_text(f'ID,Update,Update date\n1.2,Held.,"{written}"\n', encoding="utf-8")
    result = hcplan("import", plan, path, "--date", "2024-07-15")
    assert result.exit_code == 0, result.stderr
    assert action(plan, "1.2").updates[-1].date == day


def test_a_program_given_as_a_csv_is_said_to_be_binary(hcplan, plan, tmp_path):
    """The first bytes of a program (NULs among bytes over 127) were called 'not UTF-8 text
    (it looks like Windows-1252...)', with advice to save it as CSV UTF-8."""
    path = tmp_path / "returns.csv"
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00\xb0\x12\x40\x00\x00\x00\x00\x00\x03\x00>\x00ID,Update\n")
    result = hcplan("import", plan, path)
    assert result.exit_code == 1
    assert f"{path}: error: not a spreadsheet: the file holds binary data" in result.stdout + result.stderr


@pytest.mark.parametrize(("repeat", "recorded"), [(2_340, True), (15_000, False), (800_000, False)])
def test_an_update_longer_than_a_cell_holds_is_refused_at_its_cell(hcplan, plan, tmp_path, repeat, recorded):
    """An Update of 200,000 characters was 'not a CSV file hcplan can read: field larger than
    field limit (131072)', with no cell named; one of 11 MB was said to make the plan too
    large, at the plan's line 1. An update holds what a spreadsheet cell holds, 32,767
    characters (an export cuts a longer text there): a longer one is refused at its cell."""
    words = "Partners met. " * repeat
    path = tmp_path / "returns.csv"
    path.write_text(f'ID,Update,Update date\n1.2,"{words}",2024-07-10\n', encoding="utf-8")
    before = plan.read_bytes()
    result = hcplan("import", plan, path)
    if recorded:
        assert result.exit_code == 0, result.stderr
        assert action(plan, "1.2").updates[-1].text == words.strip()
        return
    assert result.exit_code == 1
    assert f"{path}:B2: error: the update is {len(words.strip()):,} characters long; an update is at most 32,767" in result.stderr
    assert plan.read_bytes() == before


# --- news where the import would not read it, or words that are no news ------------------------


@pytest.mark.parametrize(
    ("kind", "column", "typed", "said"),
    [
        ("csv", "Current rating", "Completed", "F3: warning: 'Current rating' is not rated in the plan and now says Completed"),
        ("csv", "Last update", "Met all partners in July.", "I3: warning: 'Last update' says what no update of action 1.2"),
        ("xlsx", "Last update", "Met all partners in July.", "Returns!I3: warning: 'Last update' says what no update of action 1.2"),
        ("bare", "Current rating", "Completed", "Returns!F3: warning: 'Current rating' is not rated in the plan and now says Completed"),
    ],
)  # fmt: skip
def test_news_typed_into_a_column_hcplan_wrote_is_said_at_its_cell(hcplan, plan, tmp_path, kind, column, typed, said):
    """A rating typed over Current rating went unrecorded without a word in a CSV file (or a
    workbook without its hidden sheet), and words typed over Last update in any file: the
    import reads news from New rating and Update alone. What the cell should say can only be
    guessed there (the plan may have moved on since), so it is a warning, at the cell."""
    if kind == "csv":
        book = _csv_returns(hcplan, plan, tmp_path, {"1.2": {column: typed}})
    else:

        def typed_over(workbook, sheet):
            sheet.cell(row=3, column=headers(sheet)[column]).value = typed
            if kind == "bare":
                del workbook["hcplan"]

        book = _edited(export(hcplan, plan, tmp_path / "returns.xlsx"), typed_over)
    before = plan.read_bytes()
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 0, result.stderr
    assert f"{book}:{said}" in result.stderr, result.stderr
    assert "nothing is recorded from" in result.stderr and "Nothing to record" in result.stdout
    assert plan.read_bytes() == before


@pytest.mark.parametrize("case", ["reworded", "renumbered", "carriage return", "private rating"])
def test_a_column_hcplan_wrote_that_only_looks_typed_over_stops_nothing(hcplan, write, tmp_path, case):
    """Rows a partner never touched refused the whole import: an update reworded in the plan
    since the export, an ID a spreadsheet turned from 1.10 into 1.1, a carriage return
    xlsxwriter writes as _x000D_, a rating set by a private update since."""
    text = PLAN.replace("            due: Q1 Year 1\n", "            due: Q1 Year 1\n            status: In Progress\n") + (
        '          - id: "1.10"\n            text: Tenth action\n            leads: [Police]\n'
        "            updates:\n              - date: 2024-06-01\n                text: Tenth begun.\n"
    )
    if case == "carriage return":
        text = text.replace("text: Data requested.", 'text: "Met the group.\\r\\nNext step agreed."')
    plan = write(text)
    if case in ("renumbered", "private rating"):  # a CSV file: no hidden sheet to say what it was made from
        book = _csv_returns(hcplan, plan, tmp_path, {"1.2": {"Update": "Held."}})
        if case == "renumbered":  # saved by a spreadsheet that read the ID as a number
            book.write_text(book.read_text(encoding="utf-8-sig").replace("\n1.10,", "\n1.1,"), encoding="utf-8")
        else:
            assert hcplan("update", plan, "1.1", "-s", "Behind", "-n", "Internal.", "-d", "2024-07-05", "--private").exit_code == 0
    else:
        book = returned(hcplan, plan, tmp_path, {"1.2": (None, "Held.", None)})
    if case == "reworded":
        plan.write_text(plan.read_text().replace("text: Data requested.", "text: Data requested from the police."))
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 0, result.stderr
    assert action(plan, "1.2").updates[-1].text == "Held."
    assert "error" not in result.stderr


def test_a_column_hcplan_wrote_as_it_was_exported_is_no_matter_when_the_plan_moved_on(hcplan, plan, tmp_path):
    """The CSV file's Current rating and Last update show the plan as it was exported; the plan
    has moved on since (another lead's return): they are no one's news."""
    returns = _csv_returns(hcplan, plan, tmp_path, {"1.1": {"Update": "Profile drafted."}})
    assert hcplan("update", plan, "1.1", "-s", "Behind", "-n", "Data late.", "-d", "2024-06-20").exit_code == 0
    result = hcplan("import", plan, returns, "--date", "2024-07-15")
    assert result.exit_code == 0, result.stderr
    assert [u.text for u in action(plan, "1.1").updates] == ["Data requested.", "Data late.", "Profile drafted."]


@pytest.mark.parametrize("again", [("--private",), ()])
def test_a_return_imported_again_kept_private_or_not_is_not_recorded_twice(hcplan, plan, tmp_path, again):
    """The same returns imported again with --private (or first with it, then without)
    recorded every update a second time, one public and one private."""
    book = returned(hcplan, plan, tmp_path, {"1.2": (None, "Met division leads.", None)})
    first = () if again else ("--private",)
    assert hcplan("import", plan, book, "--date", "2024-07-15", *first).exit_code == 0
    before = plan.read_bytes()
    result = hcplan("import", plan, book, "--date", "2024-07-16", *again)
    assert result.exit_code == 0, result.stderr
    assert plan.read_bytes() == before
    assert "Nothing to record" in result.stdout
    kept = "public" if again else "private"
    assert f"1.2: this return is recorded already, kept {kept}; importing it again does not make it" in result.stderr


@pytest.mark.parametrize("words", ["No update", "no updates this quarter.", "Nothing to report", "No change", "TBC", "Nil"])
def test_words_that_say_there_is_no_news_record_nothing_and_are_said(hcplan, plan, tmp_path, words):
    """'No update' was published as the action's update, and took it off the list of those
    that need one."""
    book = returned(hcplan, plan, tmp_path, {"1.2": (None, words, None), "1.3": ("Behind", words, None)})
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 0, result.stderr
    assert f"{book}:Returns!K3: warning: '{words.strip()}' says there is no news: nothing is recorded from it\n" in result.stderr
    assert "Returns!K4: warning: " in result.stderr and "(the rating beside it is)" in result.stderr
    assert action(plan, "1.2").updates == []
    assert [(u.text, u.status) for u in action(plan, "1.3").updates] == [(None, "Behind")]


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u2060 ", "\u00ad", " \u200b\n"])
def test_an_update_of_characters_that_show_nothing_is_blank(hcplan, plan, tmp_path, invisible):
    """A zero-width space (or a byte order mark, a word joiner, a soft hyphen) pasted alone
    into Update was published as the update."""
    book = returned(hcplan, plan, tmp_path, {"1.2": (None, invisible, None)})
    before = plan.read_bytes()
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 0, result.stderr
    assert "no row of 1 file has a New rating or an Update" in result.stdout
    assert plan.read_bytes() == before
    refused = hcplan("update", plan, "1.2", "--note", invisible, "--date", "2024-07-15")
    assert refused.exit_code == 2 and "--note is empty" in refused.stderr
    assert plan.read_bytes() == before


def test_a_plan_update_of_characters_that_show_nothing_is_an_error(hcplan, write):
    path = write(MINIMAL.replace("text: Data requested.", 'text: "\\u200b"'))
    result = hcplan("check", path)
    assert result.exit_code == 1
    assert "must not be empty: it holds only characters that show nothing (U+200B)" in result.stdout


@pytest.mark.parametrize(
    ("kind", "cell", "value", "said"),
    [("xlsx", "Update", "#REF!", "K3: error: the cell shows the spreadsheet's error #REF!, not an update"),
     ("xlsx", "New rating", "#N/A", "J3: error: the cell shows the spreadsheet's error #N/A, not a rating"),
     ("csv", "Update", "#N/A", "K3: error: the cell shows the spreadsheet's error #N/A, not an update")],
)  # fmt: skip
def test_a_spreadsheets_error_in_a_cell_is_an_error_at_it(hcplan, plan, tmp_path, kind, cell, value, said):
    """A formula's error pasted as a value (#REF!, #N/A) was published as the update's text."""
    if kind == "csv":
        book = _csv_returns(hcplan, plan, tmp_path, {"1.2": {cell: value}})
    else:
        book = _edited(
            export(hcplan, plan, tmp_path / "returns.xlsx"),
            lambda workbook, sheet: setattr(sheet.cell(row=3, column=headers(sheet)[cell]), "value", value),
        )
    before = plan.read_bytes()
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 1
    where = f"{book}:Returns!{said}" if kind == "xlsx" else f"{book}:{said}"
    assert result.stderr.splitlines()[0].startswith(where), result.stderr
    assert plan.read_bytes() == before


def test_a_hint_after_a_header_of_an_exported_workbook_is_its_header(hcplan, plan, tmp_path):
    """docs/returns.md allows 'Update date (dd/mm/yyyy)'; in an exported workbook it was said
    to be missing."""

    def hinted(workbook, sheet):
        sheet.cell(row=1, column=headers(sheet)["Update date"]).value = "Update date (dd/mm/yyyy)"
        sheet.cell(row=3, column=headers(sheet)["Update"]).value = "Held."
        sheet.cell(row=3, column=headers(sheet)["Update date (dd/mm/yyyy)"]).value = "10/07/2024"

    book = _edited(export(hcplan, plan, tmp_path / "returns.xlsx"), hinted)
    result = hcplan("import", plan, book)
    assert result.exit_code == 0, result.stderr
    assert [(u.date, u.text) for u in action(plan, "1.2").updates] == [(date(2024, 7, 10), "Held.")]


def test_one_date_typed_month_first_in_a_workbook_does_not_turn_the_others(hcplan, plan, tmp_path):
    """A workbook's text dates are typed by people: one typed month first (07/13/2024, which
    can be read no other way) made 03/07/2024 in another row 7 March, not 3 July."""

    def typed(workbook, sheet):
        columns = headers(sheet)
        for row, day in ((3, "07/13/2024"), (4, "03/07/2024")):
            sheet.cell(row=row, column=columns["Update"]).value = "Held."
            sheet.cell(row=row, column=columns["Update date"]).value = day

    book = _edited(export(hcplan, plan, tmp_path / "returns.xlsx"), typed)
    before = plan.read_bytes()
    result = hcplan("import", plan, book)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{book}:Returns!L4: error: '03/07/2024' could be 3 July 2024 or 7 March 2024: this file writes dates "
        "month first ('07/13/2024' at Returns!L3); write this one as YYYY-MM-DD"
    )
    assert plan.read_bytes() == before
    fixed = _edited(book, lambda workbook, sheet: setattr(sheet.cell(row=4, column=headers(sheet)["Update date"]), "value", "2024-07-03"))
    assert hcplan("import", plan, fixed).exit_code == 0
    assert [u.date for u in action(plan, "1.2").updates] == [date(2024, 7, 13)]
    assert [u.date for u in action(plan, "1.3").updates] == [date(2024, 7, 3)]


@pytest.mark.parametrize("text", ["ID,Update\n1.2,Held.\n", "ID\tUpdate\n1.2\tHeld.\n", "\ufeffID;Update\n1.2;Held.\n"])
def test_csv_text_named_as_a_workbook_is_said_to_be_csv(hcplan, plan, tmp_path, text):
    """It was 'not a workbook: the file is damaged or of another kind'."""
    path = tmp_path / "returns.xlsx"
    path.write_bytes(text.encode("utf-8"))
    result = hcplan("import", plan, path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}: error: not a workbook but CSV text (a .csv file renamed?): name it .csv")


def test_a_councils_own_file_with_hinted_headers_is_not_taken_for_an_export(hcplan, plan, tmp_path):
    """'Action (summary)', 'Due (date)', 'Current rating (RAG)' counted as hcplan's own
    headers, and the file, taken for an export, had 9 headers 'missing'."""
    path = tmp_path / "own.csv"
    path.write_text("ID,Action (summary),Due (date),Current rating (RAG),New rating,Update\n1.2,x,y,Not rated,Behind,Leaflets delivered\n")
    result = hcplan("import", plan, path, "--date", "2024-07-10")
    assert result.exit_code == 0, result.stderr
    assert action(plan, "1.2").updates[-1].text == "Leaflets delivered"


def test_current_rating_as_the_workbook_showed_it_as_of_its_day_is_no_typing(hcplan, plan, tmp_path):
    """The hidden sheet records the rating when the workbook was made; the cell shows it as of
    the day the workbook is as of. A workbook made as of an earlier day (or of an ended
    plan, as of its end) was refused, untouched, for 'Current rating' typed over."""
    for day, rating in (("2024-05-10", "In Progress"), ("2024-06-10", "Behind")):
        assert hcplan("update", plan, "1.3", "-s", rating, "-n", f"Rated {rating}.", "-d", day).exit_code == 0
    book = tmp_path / "returns.xlsx"
    assert hcplan("export", plan, "-o", book, "--as-of", "2024-05-20").exit_code == 0
    fill(book, {"1.2": (None, "Held.", None)})
    result = hcplan("import", plan, book, "--date", "2024-07-15")
    assert result.exit_code == 0, result.stderr
    assert action(plan, "1.2").updates[-1].text == "Held."


def test_text_that_only_looks_like_an_escape_is_no_escape():
    from hcplan.changes.returns import _unescaped

    assert _unescaped("Met._x000D_\nNext step.") == "Met.\r\nNext step."
    assert _unescaped("Saved as report_x0032_.docx") == "Saved as report_x0032_.docx"
