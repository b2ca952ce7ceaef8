"""The returns workbook through a real spreadsheet program: LibreOffice, headless.

A partner opens the workbook, fills it in and saves it; here LibreOffice
saves it as .xlsx, and as .ods converted back to .xlsx, and hcplan must read
every cell back as it wrote it, and import the returns. Skipped when
LibreOffice is not installed, unless HCPLAN_REQUIRE_OFFICE=1 (CI sets it:
.ci/run installs LibreOffice).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from conftest import PLANS
from test_update import action
from workbooks import fill

pytestmark = pytest.mark.slow

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if SOFFICE is None:
    if os.environ.get("HCPLAN_REQUIRE_OFFICE"):
        raise RuntimeError("HCPLAN_REQUIRE_OFFICE is set but LibreOffice (soffice) is not installed")
    pytest.skip("LibreOffice (soffice) is not installed", allow_module_level=True)

XLSX = "xlsx:Calc MS Excel 2007 XML"


def soffice(profile: Path, files: list[Path], to: str, out: Path) -> dict[str, Path]:
    """Convert ``files`` with LibreOffice in one run: each file's stem -> the file made."""
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", to, "--outdir", str(out), *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )
    made = {f.stem: out / (f.stem + "." + to.split(":", maxsplit=1)[0]) for f in files}
    missing = [p for p in made.values() if not p.exists()]
    assert not missing, f"LibreOffice made no {missing}: {done.stdout}{done.stderr}"
    return made


def run(*args: object):
    from typer.testing import CliRunner

    from hcplan.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])


#: What Safer Merton's partner writes in the workbook.
RETURNS = {
    "5.2": ("in PROGRESS/on going", "Two new reporting centres trained.", date(2025, 1, 8)),
    "18.2": ("behind", "Civic Centre room not available until January.", None),
    "3.2": (None, "Website pages refreshed.\nLeaflets reprinted.", date(2025, 1, 9)),
}


def edit_as_a_person(book: Path, out: Path) -> dict[str, int]:
    """A comment column, blank rows, a rating typed in capitals; the rows of the actions."""
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Returns"]
    sheet.protection.sheet = False
    sheet.insert_cols(2)
    sheet.cell(row=1, column=2).value = "Comment"
    sheet.insert_rows(4, 3)
    header = {c.value: c.column for c in sheet[1] if c.value}
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    sheet.cell(row=rows["5.3"], column=header["New rating"]).value = "COMPLETED"
    sheet.cell(row=rows["5.3"], column=2).value = "done at last"
    sheet.cell(row=rows["5.1"], column=2).value = "comment only"
    workbook.save(out)
    return rows


def merge_a_rating(book: Path, out: Path) -> Path:
    """New rating merged down from 5.2's row over the two below it: one rating meant for three actions."""
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Returns"]
    sheet.protection.sheet = False
    header = {c.value: c.column for c in sheet[1] if c.value}
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "5.2")
    column = header["New rating"]
    sheet.merge_cells(start_row=row, start_column=column, end_row=row + 2, end_column=column)
    workbook.save(out)
    return out


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """The shipped 2024-25 plan (a copy); Safer Merton's returns workbook, as exported,
    filled in, and edited as a person would; and each as LibreOffice saved it as .xlsx,
    and as .ods converted back to .xlsx."""
    folder = tmp_path_factory.mktemp("returns")
    profile = tmp_path_factory.mktemp("lo-profile")
    plan = folder / "plan.yaml"
    shutil.copy(PLANS / "2024-25" / "plan.yaml", plan)
    book = folder / "exported.xlsx"
    result = run("export", plan, "--lead", "Safer Merton", "--as-of", "2025-01-06", "-o", book, "--return-by", "2025-01-13")
    assert result.exit_code == 0, result.output
    filled = fill(book, RETURNS, out=folder / "filled.xlsx")
    rows = edit_as_a_person(book, folder / "edited.xlsx")
    merged = merge_a_rating(filled, folder / "merged.xlsx")
    inputs = [book, filled, folder / "edited.xlsx", merged]
    as_xlsx = soffice(profile, inputs, XLSX, folder / "xlsx")
    as_ods = soffice(profile, inputs[:2], "ods", folder / "ods")
    back = soffice(profile, list(as_ods.values()), XLSX, folder / "back")
    return {"plan": plan, "book": book, "xlsx": as_xlsx, "back": back, "rows": rows}


def cells(path: Path) -> dict[str, list[list[object]]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book.worksheets}


def trimmed(rows: list[list[object]]) -> list[list[object]]:
    out = [list(row) for row in rows]
    for row in out:
        while row and row[-1] is None:
            row.pop()
    while out and not out[-1]:
        out.pop()
    return out


@pytest.mark.parametrize("route", ["xlsx", "back"], ids=["saved as xlsx", "saved as ods, converted back"])
def test_libreoffice_reads_and_saves_every_cell_as_written(saved, route):
    original = cells(saved["book"])
    again = cells(saved[route]["exported"])
    assert list(again) == list(original)
    for title in original:
        assert trimmed(again[title]) == trimmed(original[title]), title
    reopened = openpyxl.load_workbook(saved[route]["exported"])
    assert reopened["hcplan"].sheet_state == "hidden"
    sheet = reopened["Returns"]
    assert {"list", "date"} <= {v.type for v in sheet.data_validations.dataValidation}
    update = next(c.column for c in sheet[1] if c.value == "Update")
    assert sheet.cell(row=2, column=update).number_format == "@"  # typed text stays text
    assert "Ratings" in reopened.defined_names
    assert sheet.protection.sheet


@pytest.mark.parametrize("route", ["xlsx", "back"], ids=["saved as xlsx", "saved as ods, converted back"])
def test_returns_saved_by_libreoffice_import(saved, route, tmp_path):
    copy = tmp_path / "plan.yaml"
    shutil.copy(saved["plan"], copy)
    workbook = saved[route]["filled"]
    result = run("import", copy, workbook, "--date", "2025-01-10")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Recorded 3 returns from 1 file in {copy}:\n")
    assert action(copy, "5.2").status == "In Progress/On Going"
    assert [(u.date, u.text) for u in action(copy, "18.2").updates][-1] == (
        date(2025, 1, 10),
        "Civic Centre room not available until January.",
    )
    assert action(copy, "3.2").updates[-1].text == "Website pages refreshed.\nLeaflets reprinted."
    again = run("import", copy, workbook)
    assert again.stdout == f"Nothing to record in {copy}: the 3 returns in 1 file are recorded already\n"


def test_a_sheet_a_person_edited_imports_after_libreoffice_saved_it(saved, tmp_path):
    copy = tmp_path / "plan.yaml"
    shutil.copy(saved["plan"], copy)
    workbook = saved["xlsx"]["edited"]
    result = run("import", copy, workbook, "--date", "2025-01-10")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Recorded 1 return from 1 file in {copy}:\n"
        f"  5.3: added an update dated 10 January 2025; rating none -> Completed ({workbook}:Returns!A{saved['rows']['5.3']})\n"
    )
    assert action(copy, "5.1").updates == []


def test_a_rating_merged_over_rows_in_a_sheet_libreoffice_saved_is_an_error_at_the_range(saved, tmp_path):
    copy = tmp_path / "plan.yaml"
    shutil.copy(saved["plan"], copy)
    before = copy.read_bytes()
    workbook = saved["xlsx"]["merged"]
    reopened = openpyxl.load_workbook(workbook)
    [merged] = [str(r) for r in reopened["Returns"].merged_cells.ranges]  # LibreOffice kept the merge
    result = run("import", copy, workbook, "--date", "2025-01-10")
    assert result.exit_code == 1
    assert f"{workbook}:Returns!{merged}: error: these cells of 'New rating' are merged" in result.output
    assert copy.read_bytes() == before


def test_a_workbook_with_objective_rows_survives_libreoffice_and_imports(tmp_path, tmp_path_factory):
    """A plan that rates its objectives: the objective rows (ID ``objective 7``, no due)
    and the hidden sheet's state for them come back from LibreOffice as written, and the
    returns on them go in."""
    from test_objective_returns import PLAN
    from test_objectives import objective

    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    book = tmp_path / "exported.xlsx"
    result = run("export", plan, "--as-of", "2025-10-01", "-o", book)
    assert result.exit_code == 0, result.output
    filled = fill(
        book,
        {"objective 7": ("not on", "Reports fell in the summer.", date(2025, 9, 20)), "8.1": (None, "Map begun.", None)},
        out=tmp_path / "filled.xlsx",
    )
    saved = soffice(tmp_path_factory.mktemp("lo-profile"), [book, filled], XLSX, tmp_path / "xlsx")
    original, again = cells(book), cells(saved["exported"])
    assert list(again) == list(original)
    for title in original:
        assert trimmed(again[title]) == trimmed(original[title]), title
    assert [row[0] for row in original["Returns"][1:]] == [
        "objective 7", "7.1", "7.2", "objective 8", "8.1", "objective 9",
    ]  # fmt: skip
    assert any(row[:1] == ["objective 7"] for row in again["hcplan"])
    result = run("import", plan, saved["filled"], "--date", "2025-10-02")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Recorded 2 returns from 1 file in {plan}:\n"
        f"  objective 7: added an update dated 20 September 2025; rating Near to Target -> Not on Target "
        f"({saved['filled']}:Returns!A2)\n"
        f"  8.1: added an update dated 2 October 2025 ({saved['filled']}:Returns!A6)\n"
    )
    assert objective(plan, "7").status == "Not on Target"
    assert action(plan, "8.1").updates[-1].text == "Map begun."
