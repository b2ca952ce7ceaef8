"""A plan that rates its objectives gets them through the partners' loop: hcplan export
writes a row for each objective (its ID written ``objective 7``), hcplan import records
a return for one as hcplan update would, and hcplan digest carries them to the leads."""

from __future__ import annotations

import csv
import io
from datetime import date
from email import policy
from email.parser import BytesParser
from pathlib import Path

import openpyxl
import pytest

from conftest import PLANS
from hcplan.checking.loader import load_plan
from hcplan.format.dates import long_date
from hcplan.format.returns import META_SHEET, read_state
from hcplan.views.returns import text_hash
from test_objectives import BOTH, RATED, objective
from test_update import action, changes
from workbooks import all_text, fill, headers

SHIPPED_2024 = PLANS / "2024-25" / "plan.yaml"

#: RATED with a private update and a note on objective 8, and an objective with no action (last).
PLAN = RATED.replace(
    "            text: Pathway in use.\n",
    "            text: Pathway in use.\n"
    "          - date: 2025-09-15\n"
    "            text: SECRET private update\n"
    "            private: true\n",
).replace(
    "        text: Support victims\n",
    "        text: Support victims\n        notes: [SECRET NOTE on the pathway]\n",
) + """\
      - id: "9"
        text: Understand hate crime
        status: On Target
"""

AS_OF = "2025-10-01"


@pytest.fixture
def plan(write) -> Path:
    return write(PLAN)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def export_csv(hcplan, path: Path, *args: object) -> list[dict[str, str]]:
    result = hcplan("export", path, "--format", "csv", "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.stderr
    return csv_rows(result.stdout)


def export(hcplan, path: Path, out: Path, *args: object) -> Path:
    result = hcplan("export", path, "-o", out, "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.stderr
    return out


def imported(hcplan, path: Path, *files: Path, day: str) -> str:
    """What hcplan import says, having recorded the returns in ``files`` (rows without a date: ``day``)."""
    result = hcplan("import", path, *files, "--date", day)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def sheet_rows(path: Path) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(path)["Returns"]
    columns = headers(sheet)
    return [{h: sheet.cell(row=r, column=c).value for h, c in columns.items()} for r in range(2, sheet.max_row + 1)]


# --- hcplan export ---------------------------------------------------------------------------


def test_each_objective_gets_a_row_before_its_actions(hcplan, plan, tmp_path):
    out = tmp_path / "returns.xlsx"
    result = hcplan("export", plan, "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote {out}: 3 objectives and 3 actions of {plan}, as of 1 October 2025\n"
    for rows in (sheet_rows(out), export_csv(hcplan, plan)):
        assert [r["ID"] for r in rows] == ["objective 7", "7.1", "7.2", "objective 8", "8.1", "objective 9"]
        seven, eight = rows[0], rows[3]
        assert seven["Action"] == "Increase the reporting of hate crime"
        assert seven["Current rating"] == "Near to Target"
        assert seven["Objective"] == "7. Increase the reporting of hate crime"
        assert seven["Leads"] == "Community Safety; Police"  # its actions' leads: it has none of its own
        assert not seven["Due"] and not seven["Due means"]  # an objective has no due time
        assert eight["Current rating"] == "Not rated"
        # The last public update: the private one stays home, as the note does.
        assert eight["Last update"] == "Pathway in use."
        assert str(eight["Last update on"]).startswith("2025-09-01")
    assert "SECRET" not in all_text(out)
    private = export_csv(hcplan, plan, "--include-private")
    assert private[3]["Last update"] == "SECRET private update"
    assert private[3]["Notes (internal)"] == "SECRET NOTE on the pathway"


def test_the_rating_since_is_the_objectives_own(hcplan, plan):
    rows = export_csv(hcplan, plan)
    assert rows[0]["Rating since"] == ""  # a rating given without a date
    later = plan.read_text().replace(
        "        status: Near to Target    # rated at the spring board\n",
        "        status: On Target\n        updates:\n          - date: 2025-06-02\n            status: On Target\n",
    )
    plan.write_text(later)
    rows = export_csv(hcplan, plan)
    assert (rows[0]["Current rating"], rows[0]["Rating since"]) == ("On Target", "2025-06-02")


def test_with_lead_an_objective_goes_to_the_leads_of_its_actions(hcplan, plan):
    assert [r["ID"] for r in export_csv(hcplan, plan, "--lead", "Community Safety")] == ["objective 7", "7.1"]
    assert [r["ID"] for r in export_csv(hcplan, plan, "--lead", "police")] == [
        "objective 7",
        "7.2",
        "objective 8",
        "8.1",
    ]
    # The other filters judge an objective on its own: its rating, its words.
    assert [r["ID"] for r in export_csv(hcplan, plan, "--status", "on target")] == ["objective 9"]
    assert [r["ID"] for r in export_csv(hcplan, plan, "--search", "pathway")] == ["objective 8"]
    assert [r["ID"] for r in export_csv(hcplan, plan, "--theme", "1", "--status", "completed")] == ["7.2"]


def test_the_hidden_sheet_records_each_objectives_state_and_the_help_sheet_says_what_they_are(
    hcplan, plan, tmp_path
):
    book = openpyxl.load_workbook(export(hcplan, plan, tmp_path / "returns.xlsx"))
    rows = [[c.value for c in row] for row in book[META_SHEET].iter_rows()]
    table = {row[0]: row[1] for row in rows[rows.index(["ID", "State"]) + 1 :]}
    assert list(table) == ["objective 7", "7.1", "7.2", "objective 8", "8.1", "objective 9"]
    assert read_state(table["objective 7"]) == (text_hash("Increase the reporting of hate crime"), "Near to Target", 0)
    # Its public updates: a count of private ones would tell a partner there are some.
    assert read_state(table["objective 8"]) == (text_hash("Support victims"), None, 2)
    help_text = " ".join(str(c.value) for row in book["How to fill in"].iter_rows() for c in row if c.value)
    assert "ID starts with 'objective' (objective 3.1)" in help_text


def test_a_plan_that_rates_no_objective_exports_only_its_actions(hcplan, write, tmp_path):
    plan = load_plan(SHIPPED_2024).plan
    assert plan is not None
    actions = [ref.action.id for ref in plan.actions()]
    before = hcplan("export", SHIPPED_2024, "--format", "csv", "--as-of", "2025-01-06")
    assert [r["ID"] for r in csv_rows(before.stdout)] == actions
    out = tmp_path / "plain.xlsx"
    assert hcplan("export", SHIPPED_2024, "--as-of", "2025-01-06", "-o", out).exit_code == 0
    assert "objective" not in " ".join(
        str(c.value) for row in openpyxl.load_workbook(out)["How to fill in"].iter_rows() for c in row if c.value
    )
    # One objective rated, and the plan rates its objectives: every one gets its row.
    text = SHIPPED_2024.read_text(encoding="utf-8")
    first = next(plan.objectives()).objective
    marker = f"text: {first.text}\n"
    assert marker in text
    line = next(ln for ln in text.splitlines(keepends=True) if ln.endswith(marker))
    indent = line[: len(line) - len(line.lstrip())]
    rated = write(text.replace(line, line + f"{indent}status: {plan.scale[0].label}\n", 1))
    after = csv_rows(hcplan("export", rated, "--format", "csv", "--as-of", "2025-01-06").stdout)
    ids = [r["ID"] for r in after]
    assert [i for i in ids if not i.startswith("objective ")] == actions
    assert [i for i in ids if i.startswith("objective ")] == [f"objective {o.objective.id}" for o in plan.objectives()]
    # The rows that are the actions' are as they were.
    assert [r for r in after if not r["ID"].startswith("objective ")] == csv_rows(before.stdout)


# --- hcplan import ---------------------------------------------------------------------------


def test_an_objectives_return_goes_in_as_hcplan_update_records_it(hcplan, plan, tmp_path):
    book = fill(
        export(hcplan, plan, tmp_path / "returns.xlsx"),
        {
            "objective 7": ("on target", "Reports up 6% on the year.", date(2025, 9, 20)),
            "7.1": (None, "Centres trained.", None),
        },
    )
    before = plan.read_text()
    by_hand = tmp_path / "by-hand.yaml"
    by_hand.write_text(before)
    assert imported(hcplan, plan, book, day="2025-10-02") == (
        f"Recorded 2 returns from 1 file in {plan}:\n"
        f"  objective 7: added an update dated 20 September 2025; rating Near to Target -> On Target ({book}:Returns!A2)\n"
        f"  7.1: added an update dated 2 October 2025 ({book}:Returns!A3)\n"
    )
    # Byte for byte what hcplan update writes for the same returns.
    for args in (
        ("objective 7", "--status", "On Target", "--note", "Reports up 6% on the year.", "--date", "2025-09-20"),
        ("7.1", "--note", "Centres trained.", "--date", "2025-10-02"),
    ):
        assert hcplan("update", by_hand, *args).exit_code == 0
    assert plan.read_bytes() == by_hand.read_bytes()
    removed, added = changes(before, plan.read_text())
    assert removed == ["        status: Near to Target    # rated at the spring board\n"]
    assert added == [
        "        status: On Target    # rated at the spring board\n",
        "        updates:\n",
        "          - date: 2025-09-20\n",
        "            text: Reports up 6% on the year.\n",
        "            status: On Target\n",
        "            was: Near to Target\n",
        "            updates:\n",
        "              - date: 2025-10-02\n",
        "                text: Centres trained.\n",
    ]
    # Imported again (another day, no --date): recorded already, nothing written.
    after = plan.read_bytes()
    again = hcplan("import", plan, book)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == f"Nothing to record in {plan}: the 2 returns in 1 file are recorded already\n"
    assert plan.read_bytes() == after


def test_a_bare_id_that_names_only_an_objective_is_the_objectives(hcplan, plan, tmp_path):
    book = tmp_path / "own.csv"
    book.write_text("ID,New rating,Update,Update date\n8,Near,Pathway reviewed.,2025-09-25\n", encoding="utf-8")
    result = hcplan("import", plan, book, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"kind": "objective"' in result.stdout
    updates = objective(plan, "8").updates
    assert (updates[-1].date, updates[-1].text, updates[-1].status) == (
        date(2025, 9, 25),
        "Pathway reviewed.",
        "Near to Target",
    )
    assert objective(plan, "8").status == "Near to Target"


def test_csv_returns_for_an_objective_import_too(hcplan, plan, tmp_path):
    result = hcplan("export", plan, "--format", "csv", "--as-of", AS_OF)
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    header = rows[0]
    (eight,) = [r for r in rows if r[0] == "objective 8"]
    eight[header.index("New rating")] = "Not on Target"
    eight[header.index("Update")] = "Pathway paused."
    eight[header.index("Due")] = "Q4 Year 1"  # a Due typed on an objective's row is not read
    book = tmp_path / "returns.csv"
    with book.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows(rows)
    assert imported(hcplan, plan, book, day="2025-09-30") == (
        f"Recorded 1 return from 1 file in {plan}:\n"
        f"  objective 8: added an update dated 30 September 2025; rating none -> Not on Target ({book}:A5)\n"
    )
    assert objective(plan, "8").status == "Not on Target"
    assert [a.updates for a in (action(plan, "8.1"),)] == [[]]


def test_an_objective_whose_text_changed_since_the_export_is_an_error_at_its_cell(hcplan, plan, tmp_path):
    book = fill(export(hcplan, plan, tmp_path / "returns.xlsx"), {"objective 8": (None, "Pathway reviewed.", None)})
    plan.write_text(plan.read_text().replace("text: Support victims\n", "text: Support every victim\n"))
    before = plan.read_bytes()
    result = hcplan("import", plan, book, "--date", "2025-09-30")
    assert result.exit_code == 1
    made = openpyxl.load_workbook(book)[META_SHEET]
    made_on = next(row[1].value for row in made.iter_rows() if row[0].value == "made")
    assert result.stderr.splitlines()[0] == (
        f"{book}:Returns!A5: error: the text of objective 8 has changed since this workbook was made on "
        f"{long_date(date.fromisoformat(made_on))}: check that the return still fits it, then record it with "
        "hcplan update, or send a new workbook"
    )
    assert plan.read_bytes() == before


def test_a_bare_id_of_both_an_objective_and_an_action_is_an_error_at_its_cell(hcplan, write, tmp_path):
    plan = write(BOTH)
    exported = export(hcplan, plan, tmp_path / "returns.xlsx")
    # The export says which each is: the action's ID is written with its kind too.
    assert [r["ID"] for r in sheet_rows(exported)] == ["objective 7", "7.1", "7.2", "objective 8", "action 7", "8.1"]
    book = fill(exported, {"objective 7": ("on target", None, None), "action 7": (None, "Begun.", None)})
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Returns"]
    sheet["A2"].value = 7  # a person typed the bare number
    workbook.save(book)
    before = plan.read_bytes()
    result = hcplan("import", plan, book, "--date", "2025-09-30")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{book}:Returns!A2: error: '7' names both objective 7 'Increase the reporting of hate crime' and "
        "action 7 'An action numbered like the objective' in this plan; say which: 'objective 7' or 'action 7'"
    )
    assert plan.read_bytes() == before
    sheet["A2"].value = "objective 7"
    workbook.save(book)
    assert imported(hcplan, plan, book, day="2025-09-30") == (
        f"Recorded 2 returns from 1 file in {plan}:\n"
        f"  objective 7: added an update dated 30 September 2025; rating Near to Target -> On Target ({book}:Returns!A2)\n"
        f"  7: added an update dated 30 September 2025 ({book}:Returns!A6)\n"
    )
    assert [u.text for u in action(plan, "7").updates] == ["Begun."]


def test_in_a_plan_that_rates_no_objective_a_bare_id_stays_the_actions(hcplan, write, tmp_path):
    plan = write(
        BOTH.replace("        status: Near to Target    # rated at the spring board\n", "").replace(
            "        updates:\n          - date: 2025-05-01\n            text: Referral pathway drafted.\n"
            "          - date: 2025-09-01\n            text: Pathway in use.\n",
            "",
        )
    )
    rows = export_csv(hcplan, plan)
    assert "7" in [r["ID"] for r in rows] and not any(r["ID"].startswith("objective") for r in rows)
    book = tmp_path / "own.csv"
    book.write_text("ID,Update\n7,Begun.\n", encoding="utf-8")
    result = hcplan("import", plan, book, "--date", "2025-09-30")
    assert result.exit_code == 0, result.stderr
    assert [u.text for u in action(plan, "7").updates] == ["Begun."]
    assert objective(plan, "7").updates == []
    # Said with its kind, the objective's.
    book.write_text("ID,Update\nObjective 7,Target agreed.\n", encoding="utf-8")
    result = hcplan("import", plan, book, "--date", "2025-09-30")
    assert result.exit_code == 0, result.stderr
    assert [u.text for u in objective(plan, "7").updates] == ["Target agreed."]


def test_two_leads_who_rate_an_objective_differently_must_agree(hcplan, plan, tmp_path):
    safety = fill(
        export(hcplan, plan, tmp_path / "safety.xlsx", "--lead", "Community Safety"),
        {"objective 7": ("on target", "Up 6%.", None)},
    )
    police = fill(
        export(hcplan, plan, tmp_path / "police.xlsx", "--lead", "Police"),
        {"objective 7": ("not on target", "Down in the north.", None)},
    )
    result = hcplan("import", plan, safety, police, "--date", "2025-09-30")
    assert result.exit_code == 1
    assert (
        f"{police}:Returns!A2: error: the returns for objective 7 rate it differently: Not on Target here, "
        f"On Target at {safety}:Returns!A2" in result.stderr
    )
    fill(police, {"objective 7": ("on target", "Down in the north.", None)})
    result = hcplan("import", plan, safety, police, "--date", "2025-09-30")
    assert result.exit_code == 0, result.stderr
    assert [u.text for u in objective(plan, "7").updates] == ["Up 6%.", "Down in the north."]


# --- hcplan digest ---------------------------------------------------------------------------


def test_the_digest_carries_the_objectives_and_says_which_need_an_update(hcplan, plan, tmp_path):
    out = tmp_path / "digests"
    # 20 December: objective 8's last update (15 September, private) is over a quarter old.
    result = hcplan("digest", plan, "-o", out, "--as-of", "2025-12-20")
    assert result.exit_code == 0, result.stderr
    assert "  police.eml: 0 overdue, 0 due soon, 2 need an update; no email address\n" in result.stdout
    assert [r["ID"] for r in sheet_rows(out / "police.xlsx")] == ["objective 7", "7.2", "objective 8", "8.1"]
    message = BytesParser(policy=policy.default).parsebytes((out / "police.eml").read_bytes())
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "20 December 2025: 2 actions, and the objectives they belong to, which\nthe plan rates." in text
    assert (
        "Needs an update (2)\n\n"
        "- objective 7 Increase the reporting of hate crime\n"
        "  Objective; rating: Near to Target (amber); no update yet.\n"
        "- objective 8 Support victims\n"
        "  Objective; rating: Not rated; last update: 1 September 2025.\n"
    ) in text
