"""hcplan new: a new plan's skeleton, and drafts from Word, Excel and CSV plan tables."""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from council_tables import borough_docx, city_docx, delivery_docx, partnership_csv, rag_xlsx
from hcplan.checking.loader import load_plan

SOFFICE = shutil.which("soffice") or ("/usr/bin/soffice" if os.path.exists("/usr/bin/soffice") else None)


def _checks_clean(hcplan, path: Path, *, strict: bool = True) -> None:
    result = hcplan("check", "--strict" if strict else "--quiet", path)
    assert result.exit_code == 0, result.stdout + result.stderr


def _plan(path: Path):
    loaded = load_plan(path)
    assert loaded.plan is not None, loaded.problems
    return loaded.plan


def _drafted(hcplan, source: Path, start: str) -> tuple[Path, Any]:
    """``hcplan new`` of a draft beside ``source``, made from it, for a plan from ``start``:
    the draft's path, and the command's result (it succeeded)."""
    path = source.parent / "plan.yaml"
    result = hcplan("new", path, "--from", source, "--org", "Anytown", "--start", start)
    assert result.exit_code == 0, result.stderr
    return path, result


def _said(path: Path) -> str:
    """The text of the draft at ``path``, its comments' marks taken out and its lines joined:
    what a CHECK comment says, however it was folded."""
    return " ".join(path.read_text().replace("# ", "").split())


def _checks_at(text: str, words: str) -> str:
    """The CHECK comments just above the first line holding ``words``, as one line."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if words in line)
    found = []
    for line in reversed(lines[:at]):
        if not line.strip().startswith("#"):
            break
        found.append(line.strip()[1:].strip())
    return " ".join(reversed(found))


# --- the skeleton --------------------------------------------------------------------


HEADER = ("--title", "Anytown Hate Crime Plan 2025-26", "--org", "Anytown Borough Council", "--start", "2025-04-01")


@pytest.mark.parametrize(
    ("scale", "labels"),
    [
        ("rag", ["Red", "Amber", "Green"]),
        ("rag-complete", ["Red", "Amber", "Green", "Complete"]),
        ("progress", ["On Hold", "In Progress", "Completed", "Behind"]),
        ("none", []),
        ("Not started=grey, On track=green, Done=blue done", ["Not started", "On track", "Done"]),
    ],
)
def test_new_writes_a_skeleton_that_checks_clean(hcplan, tmp_path, scale, labels):
    path = tmp_path / "plans" / "2025-26" / "plan.yaml"  # the folder is made
    result = hcplan("new", path, *HEADER, "--group", "Hate Crime Strategy Group", "--scale", scale)
    assert result.exit_code == 0, result.stderr
    assert f"Wrote {path}" in result.stderr
    _checks_clean(hcplan, path)
    plan = _plan(path)
    assert [r.label for r in plan.scale] == labels
    assert labels == [] or sum(r.done for r in plan.scale) == 1
    assert (plan.title, plan.organisation, plan.group) == (
        "Anytown Hate Crime Plan 2025-26", "Anytown Borough Council", "Hate Crime Strategy Group"
    )
    assert (plan.period.start.isoformat(), plan.period.end.isoformat(), plan.quarters) == (
        "2025-04-01", "2026-03-31", "financial"
    )
    assert plan.themes == [] and plan.leads == []


def test_the_skeletons_example_checks_when_it_is_uncommented(hcplan, tmp_path):
    path = tmp_path / "plan.yaml"
    assert hcplan("new", path, *HEADER, "--scale", "rag").exit_code == 0
    text = path.read_text()
    example = text[text.index("# For example") :].splitlines()[1:]
    assert example, text
    filled = text[: text.index("# For example")].replace("\nleads:\n", "\nleads: [Community Safety, Police]\n")
    filled += "\n".join(line[2:] for line in example) + "\n"
    path.write_text(filled)
    _checks_clean(hcplan, path)
    plan = _plan(path)
    assert plan.themes[0].objectives[0].actions[0].partners == ["Police"]
    assert plan.themes[0].objectives[0].measure  # the example shows where a measure goes


@pytest.mark.parametrize("label", ["#1", "Hold: funds", "Yes", "- pending"])
def test_the_skeletons_example_quotes_a_rating_that_needs_it(hcplan, tmp_path, label):
    """The example's status was the label as typed: uncommented, '#1' read as no status and
    'Hold: funds' was no YAML."""
    path = tmp_path / "plan.yaml"
    assert hcplan("new", path, *HEADER, "--scale", f"{label}=red, Done=green done").exit_code == 0
    text = path.read_text()
    example = text[text.index("# For example") :].splitlines()[1:]
    filled = text[: text.index("# For example")].replace("\nleads:\n", "\nleads: [Community Safety, Police]\n")
    path.write_text(filled + "\n".join(line[2:] for line in example) + "\n")
    _checks_clean(hcplan, path)
    assert _plan(path).themes[0].objectives[0].actions[0].status == label


@pytest.mark.parametrize(("start", "first"), [("Q2 2025-26", "2025-07-01"), ("Q1 2025", "2025-01-01"), ("2025-07-01", "2025-07-01")])
def test_a_plan_started_with_a_quarter_starts_on_its_first_day(hcplan, tmp_path, start, first):
    """--start "Q2 2025-26" started the plan on 30 September, the quarter's last day."""
    path = tmp_path / "plan.yaml"
    assert hcplan("new", path, "--title", "T", "--org", "O", "--start", start).exit_code == 0
    assert _plan(path).period.start.isoformat() == first


def test_the_skeleton_points_an_editor_at_the_plan_repositorys_schema(hcplan, tmp_path):
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "plan.schema.json").write_text("{}")
    path = tmp_path / "plans" / "2025-26" / "plan.yaml"
    assert hcplan("new", path, *HEADER).exit_code == 0
    assert path.read_text().splitlines()[0] == "# yaml-language-server: $schema=../../schema/plan.schema.json"
    elsewhere = tmp_path / "elsewhere" / "plan.yaml"
    hcplan("new", elsewhere, *HEADER)
    assert "yaml-language-server" not in elsewhere.read_text().splitlines()[0] or (
        "../schema" in elsewhere.read_text().splitlines()[0]
    )


def test_new_never_writes_over_a_file(hcplan, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("my plan\n")
    result = hcplan("new", path, *HEADER)
    assert result.exit_code == 2
    assert "exists: a new file is never written over one" in result.stderr
    assert path.read_text() == "my plan\n"


@pytest.mark.parametrize("where", ["plan.yaml", "a file/plan.yaml", "source.csv"])
def test_at_a_terminal_a_file_that_cannot_be_written_is_refused_before_any_question(
    hcplan, tmp_path, monkeypatch, where
):
    import hcplan.cli.new as new

    monkeypatch.setattr(new, "interactive", lambda: True)
    (tmp_path / "plan.yaml").write_text("my plan\n")
    (tmp_path / "a file").write_text("not a folder\n")
    source = tmp_path / "source.csv"
    source.write_text("Action,Lead\nRun a workshop,Police\n")
    result = hcplan("new", tmp_path / where, "--from", source, input="A plan\nA council\n\n\n\n\n")
    assert result.exit_code != 0
    assert "Title of the plan" not in result.stdout  # nothing was asked
    assert "exists" in result.stderr or "not a folder" in result.stderr
    assert (tmp_path / "plan.yaml").read_text() == "my plan\n"
    assert source.read_text() == "Action,Lead\nRun a workshop,Police\n"


def test_at_a_terminal_labels_that_do_not_read_are_asked_for_again(hcplan, tmp_path, monkeypatch):
    import hcplan.cli.new as new

    monkeypatch.setattr(new, "interactive", lambda: True)
    path = tmp_path / "plan.yaml"
    answers = ["A plan", "A council", "", "2026-04-01", "", "", "own", "Open=gold", "Open=amber, Shut=green done"]
    result = hcplan("new", path, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr + result.stdout
    assert "'gold' (for Open) is not a colour" in result.stderr
    assert result.stdout.count("Scale (number or name)") == 1
    assert [(r.label, r.rag, r.done) for r in _plan(path).scale] == [("Open", "amber", False), ("Shut", "green", True)]


def test_new_prints_the_plan_with_a_dash(hcplan):
    result = hcplan("new", "-", *HEADER)
    assert result.exit_code == 0
    assert result.stdout.startswith("# ") and "organisation: Anytown Borough Council" in result.stdout
    assert "hcplan check -" not in result.stdout  # there is no file "-" to check


def test_new_asks_at_a_terminal_for_what_no_option_gave(hcplan, tmp_path, monkeypatch):
    import hcplan.cli.new as new

    monkeypatch.setattr(new, "interactive", lambda: True)
    path = tmp_path / "plan.yaml"
    answers = "\n".join(
        [
            "Westshire Hate Crime Plan",  # title
            "Westshire Council",  # organisation
            "",  # no group
            "2026-01-01",  # start
            "",  # end: a year on
            "sometimes",  # not a basis: asked again
            "calendar",
            "9",  # not a choice: asked again
            "own",
            "Open=amber, Shut=green done",
        ]
    )
    result = hcplan("new", path, input=answers + "\n")
    assert result.exit_code == 0, result.stderr + result.stdout
    _checks_clean(hcplan, path)
    plan = _plan(path)
    assert (plan.title, plan.organisation, plan.group, plan.quarters) == (
        "Westshire Hate Crime Plan", "Westshire Council", None, "calendar"
    )
    assert (plan.period.start.isoformat(), plan.period.end.isoformat()) == ("2026-01-01", "2026-12-31")
    assert [(r.label, r.rag, r.done) for r in plan.scale] == [("Open", "amber", False), ("Shut", "green", True)]


def test_without_a_terminal_new_names_the_options_it_needs(hcplan, tmp_path):
    result = hcplan("new", tmp_path / "plan.yaml", "--title", "A plan")
    assert result.exit_code == 2
    assert "no terminal to ask at: pass --organisation, --start" in result.stderr
    assert not (tmp_path / "plan.yaml").exists()


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (("--scale", "traffic lights"), "no scale 'traffic lights': name one of rag, rag-complete, progress, none"),
        (("--scale", "Done=gold"), "'gold' (for Done) is not a colour"),
        (("--quarters", "lunar"), "'lunar' is neither calendar nor financial"),
        (("--end", "2024-01-01"), "the plan would end on 1 January 2024, before it starts (1 April 2025)"),
        (("--column", "Who=leads"), "--column goes with --from"),
    ],
)
def test_bad_options_are_usage_errors(hcplan, tmp_path, option, message):
    result = hcplan("new", tmp_path / "plan.yaml", *HEADER, *option)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "plan.yaml").exists()


# --- drafts from tables shaped like real plans --------------------------------------------


def _draft(hcplan, source: Path, *options: str) -> tuple[Path, str]:
    path = source.with_suffix(".yaml")
    result = hcplan("new", path, "--from", source, "--org", "Anytown Council", *options)
    assert result.exit_code == 0, result.stderr
    assert "Wrote" in result.stderr and "CHECK comment" in result.stderr
    _checks_clean(hcplan, path, strict=False)
    return path, path.read_text()


def _sheet(tmp_path: Path, rows: list[list[str]], *, across: bool = True) -> Path:
    """A workbook of one sheet, 'Plan', of ``rows`` (the first the header): with ``across``,
    a row of one cell is merged across the header's width, as heading rows are."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    width = len(rows[0])
    for n, row in enumerate(rows, start=1):
        sheet.append(row)
        if across and len(row) == 1 and n > 1:
            sheet.merge_cells(start_row=n, start_column=1, end_row=n, end_column=width)
    book.save(tmp_path / "plan.xlsx")
    return tmp_path / "plan.xlsx"


def _word(tmp_path: Path, title: str, *blocks: object) -> Path:
    """A Word document titled ``title``, then ``blocks`` in order: a text is a paragraph, a
    (style, text) pair a styled one ("Heading 1"), a list of rows a table."""
    import docx

    document = docx.Document()
    document.add_paragraph(title, style="Title")
    for block in blocks:
        if isinstance(block, list):
            table = document.add_table(rows=0, cols=len(block[0]))
            for row in block:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = text
        elif isinstance(block, tuple):
            document.add_paragraph(block[1], style=block[0])
        else:
            document.add_paragraph(str(block))
    document.save(tmp_path / "plan.docx")
    return tmp_path / "plan.docx"


def test_a_borough_work_plan_in_word(hcplan, tmp_path):
    path, text = _draft(hcplan, borough_docx(tmp_path / "work plan.docx"))
    plan = _plan(path)
    assert plan.title == "Eastbury Hate Crime Work Plan 2024-2025"  # its heading
    assert (plan.period.start.isoformat(), plan.period.end.isoformat()) == ("2024-04-01", "2025-03-31")
    assert [(t.number, t.name, t.aim) for t in plan.themes] == [
        (1, "Co-ordination", "Ensure that the response to hate crime is shared by all stakeholders"),
        (2, "Prevention", "Preventing hate crime through a change of attitudes"),
    ]
    assert [(o.id, o.text) for t in plan.themes for o in t.objectives] == [
        ("1", "Monitor and understand the picture of hate crime in Eastbury"),
        ("2", "Share hate crime information between the council and the Community Safety Partnership"),
        ("3", "Consider hate crime in the education of children and young adults"),
    ]
    actions = [ref.action for ref in plan.actions()]
    # Two bullets in one cell are two actions, each with the row's lead and progress:
    # undated, so the format's undated progress (public, like the table), not internal notes.
    assert [(a.id, a.text, a.leads, a.progress, a.notes) for a in actions[:2]] == [
        ("1.1", "Produce an annual hate crime profile using available data.",
         ["Safer Eastbury", "Hate Crime Strategy Group"], ["Completed 23-24"], []),
        ("1.2", "Consult with the community on the strategy.",
         ["Safer Eastbury", "Hate Crime Strategy Group"], ["Completed 23-24"], []),
    ]  # fmt: skip
    # Leads collected once each, as first written; "safer eastbury" is that lead.
    assert [lead.name for lead in plan.leads] == [
        "Safer Eastbury", "Hate Crime Strategy Group", "Safeguarding Adults", "Police", "Eastbury School Improvement"
    ]
    assert actions[2].leads == ["Safeguarding Adults", "Police", "Safer Eastbury"]
    assert plan.scale == []  # the plan has no rating column
    assert "table 1, row 4, column 2: bullet 1 of 2 in one cell" in _checks_at(text, "- id: \"1.1\"")
    assert "was split at ',' into 2 names" in _checks_at(text, "leads: [Safer Eastbury, Hate Crime Strategy Group]")
    assert "written 'safer eastbury', as 'Safer Eastbury' elsewhere" in _checks_at(text, "leads: [Safeguarding Adults")


def test_a_delivery_plan_with_merged_objective_cells_and_updates_in_the_action_cell(hcplan, tmp_path):
    path, text = _draft(hcplan, delivery_docx(tmp_path / "delivery.docx"))
    plan = _plan(path)
    objectives = [o for t in plan.themes for o in t.objectives]
    # The objective cell merged down over two rows is one objective with two actions.
    assert [(o.text, [a.id for a in o.actions]) for o in objectives] == [
        ("We want to improve public understanding and awareness of hate crimes and incidents across Northdale.",
         ["1.1", "1.2"]),
        ("We want victims to have confidence to report.", ["2.1"]),
    ]  # fmt: skip
    first, second = objectives[0].actions
    assert first.text == "We will continue to ensure that our publicity reflects clear messages on what hate crime is."
    # its label ("Update – ") is not part of what it says
    assert "The strategy was launched on 6th July 2017 with clear messages on what hate crime is." in first.progress
    assert second.leads == ["NMBC Hate Crime Lead", "NMBC Communications", "NYP Hate Crime Officer"]  # a bulleted list
    assert second.due == "July 2017"
    assert objectives[1].actions[0].due == "Ongoing"
    assert first.due == "July 2017 launch"  # kept as written
    assert plan.period.start.isoformat() == "2017-04-01"  # from "2017-2021" in its title


def test_a_city_action_plan_with_goals_and_measures_of_success_across_the_table(hcplan, tmp_path):
    path, text = _draft(hcplan, city_docx(tmp_path / "city.docx"))
    plan = _plan(path)
    objectives = [o for t in plan.themes for o in t.objectives]
    assert [(o.text, o.measure) for o in objectives] == [
        ("Increase awareness, reporting and recording of hate crime incidents",
         ["A 10% increase in the number of hate crimes reported to partners."]),
        ("Support victims", ["Fewer repeat victims."]),
    ]  # fmt: skip
    actions = [ref.action for ref in plan.actions()]
    assert [a.id for a in actions] == ["1a", "1b", "2a"]  # the plan's own numbers
    assert actions[0].text == "Provision of training to improve knowledge of hate crime."
    assert actions[0].leads == ["Westford City Council", "West Police"]
    assert actions[0].outcome == ["Hate incident training made available to front line staff.",
                                  "6 training sessions delivered per annum."]  # fmt: skip
    assert actions[2].outcome == ["Increased awareness."]
    assert actions[2].due == "2011"
    assert "split at '/'" in _checks_at(text, "leads: [Westford City Council, West Police]")


def test_a_rag_tracker_in_excel(hcplan, tmp_path):
    path, text = _draft(hcplan, rag_xlsx(tmp_path / "tracker.xlsx"))
    plan = _plan(path)
    assert plan.title == "Southvale Hate Crime Action Plan 2025-26"
    assert [(r.label, r.rag, r.done) for r in plan.scale] == [
        ("Completed", "green", True), ("Amber", "amber", False), ("Red", "red", False)
    ]
    assert [(t.number, t.name) for t in plan.themes] == [(1, "Prevention"), (2, "Support")]
    objectives = [o for t in plan.themes for o in t.objectives]
    assert [o.text for o in objectives] == ["Raise awareness in schools", "Tackle online hate", "Support victims"]
    # A measure merged over an objective's rows is the objective's; so is a rating.
    assert objectives[0].measure == ["Ten schools reached by March 2026"]
    assert (objectives[2].status, [a.status for a in objectives[2].actions]) == ("Amber", [None, None])
    by_id = {ref.action.id: ref.action for ref in plan.actions()}
    one = by_id["1.1"]
    assert (one.due, one.status, one.partners) == ("2025-10-31", "Completed", ["Police", "Schools"])
    assert [(u.date.isoformat(), u.text) for u in one.updates] == [
        ("2025-06-12", "Schools contacted."),
        ("2025-09-01", "September 2025 - dates agreed"),
    ]
    # Bullets in a cell with a Ref are that Ref's actions a, b.
    assert [(by_id[i].text, by_id[i].due) for i in ("1.2a", "1.2b")] == [
        ("Train teachers", "Q3 2025-26"), ("Share lesson plans", "Q3 2025-26")
    ]
    assert by_id["1.3"].status == "Red"  # a cell shaded red with no words
    assert "Action Plan!H6: the cell has no words; its colour (#FF0000) read as Red" in _checks_at(text, "status: Red")
    assert "Action Plan!I4: dated by its month only" in _checks_at(text, "date: 2025-09-01")
    assert by_id["2.1"].updates[0].date.isoformat() == "2025-07-01"
    assert [lead.name for lead in plan.leads] == ["Community Safety", "Education", "Communications"]
    assert by_id["2.2"].due == "31/03/2026"  # kept as written (and read day first)


def test_a_partnership_plan_saved_as_csv(hcplan, tmp_path):
    path, text = _draft(hcplan, partnership_csv(tmp_path / "implementation plan.csv"), "--start", "2002-04-01")
    plan = _plan(path)
    assert [o.text for t in plan.themes for o in t.objectives] == ["Hate Crime"]  # its section heading
    actions = [ref.action for ref in plan.actions()]
    assert [(a.id, a.text, a.funding) for a in actions] == [
        ("1", "Increase reporting of racist incidents through third party reporting", "From existing resources"),
        ("2", "Develop a hate crime communications strategy", "Funding required"),
        ("3", "Provide video interviewing for vulnerable witnesses", "From existing resources"),
    ]
    assert actions[1].leads == ["Press and Public Relations", "Community Safety Unit"]
    assert actions[0].due == "By June 2002"
    assert plan.title == "implementation plan"  # from the file's name, with a CHECK comment
    assert "CHECK: the title is taken from the file's name" in text


def test_columns_hcplan_does_not_know_are_named_by_option(hcplan, tmp_path):
    source = tmp_path / "plan.csv"
    source.write_text("Deliverable owner,Thing to do,Quarter\nPolice,Patrol hot spots,Q2 Year 1\n")
    result = hcplan("new", tmp_path / "plan.yaml", "--from", source, *HEADER)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"hcplan: error: {source}: row 1: no header row with an Action column")
    assert '--column "Deliverable owner=action"' in result.stderr
    path = tmp_path / "plan.yaml"
    result = hcplan(
        "new", path, "--from", source, *HEADER, "--column", "Thing to do=action", "--column", "Quarter=due",
        "--column", "deliverable owner=leads",
    )
    assert result.exit_code == 0, result.stderr
    action = next(_plan(path).actions()).action
    assert (action.text, action.leads, action.due) == ("Patrol hot spots", ["Police"], "Q2 Year 1")
    result = hcplan("new", tmp_path / "other.yaml", "--from", source, *HEADER, "--column", "Quarter=when")
    assert result.exit_code == 2 and "'when' is not one of" in result.stderr


def test_a_scale_given_with_from_maps_the_tables_ratings(hcplan, tmp_path):
    path, _ = _draft(hcplan, rag_xlsx(tmp_path / "tracker.xlsx"), "--scale", "Red=red, Amber=amber, Completed=green done")
    plan = _plan(path)
    assert [r.label for r in plan.scale] == ["Red", "Amber", "Completed"]
    path, text = _draft(hcplan, rag_xlsx(tmp_path / "again.xlsx"), "--scale", "none")
    plan = _plan(path)
    assert plan.scale == [] and all(ref.action.status is None for ref in plan.actions())
    by_id = {ref.action.id: ref.action for ref in plan.actions()}
    assert "Rated as written: Completed" in by_id["1.1"].notes  # kept, never lost


def test_heading_rows_calling_themselves_objectives_over_an_objective_column_are_themes(hcplan, tmp_path):
    """'Objective 1: ...' merged across a table whose Objective column names the objectives
    under it is the level above them: a theme, not a heading lost from the draft."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(["Ref", "Objective", "Action", "Lead"])
    sheet.append(["Objective 1: Prevent hate crime and increase community cohesion"])
    sheet.merge_cells("A2:D2")
    sheet.append(["1.1", "Raise awareness of hate crime", "Deliver sessions in schools", "Community Safety"])
    sheet.append(["1.2", "Raise awareness of hate crime", "Run a campaign", "Communications"])
    sheet.append(["Objective 2: Support victims"])
    sheet.merge_cells("A5:D5")
    sheet.append(["2.1", "Improve reporting", "Train reporting centres", "Police"])
    book.save(tmp_path / "plan.xlsx")
    path, text = _draft(hcplan, tmp_path / "plan.xlsx", "--start", "2024-04-01")
    plan = _plan(path)
    assert [t.number for t in plan.themes] == [1, 2]
    assert "Prevent hate crime and increase community cohesion" in text and "Support victims" in text
    assert [[(o.id, o.text) for o in t.objectives] for t in plan.themes] == [
        [("1", "Raise awareness of hate crime")],
        [("2", "Improve reporting")],
    ]
    assert [ref.action.id for ref in plan.actions()] == ["1.1", "1.2", "2.1"]
    assert text.count("read as a theme: the table's objective") == 2


@pytest.mark.parametrize(
    ("status", "head", "summary"),
    [
        ("", "Read it against the original (hcplan was unsure of nothing)", "no CHECK comment: hcplan was sure of"),
        (",Completed", "1 comment marked CHECK says what hcplan", "1 CHECK comment says what to confirm"),
        (",Zorg", "2 comments marked CHECK say what hcplan", "2 CHECK comments say what to confirm"),
    ],
)
def test_the_draft_counts_its_check_comments_in_words_that_agree(hcplan, tmp_path, status, head, summary):
    source = tmp_path / "plan.csv"
    source.write_text(f"Objective,Action,Lead{',Status' if status else ''}\nO,A,Police{status}\n", encoding="utf-8")
    result = hcplan("new", tmp_path / "plan.yaml", "--from", source, "--org", "X", "--title", "T", "--start", "2024-04-01")
    assert result.exit_code == 0, result.stderr
    assert head in (tmp_path / "plan.yaml").read_text().splitlines()[1]
    assert summary in result.stderr


def test_columns_with_no_header_keep_the_tables_numbers_and_their_words(hcplan, tmp_path):
    """A Word table often leaves its first column (the actions' numbers) unheaded: the
    numbers are the IDs, not replaced by hcplan's own; another unheaded column with words
    in it goes to the notes, as a column hcplan does not know does."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=4, cols=4)
    for r, cells in enumerate(
        [("", "Action", "Lead", ""), ("1a", "Train call handlers", "Police", "Funded by the PCC"),
         ("1b", "Run events", "Council", ""), ("1d*", "Fund a helpline", "Home Office", "")]
    ):  # fmt: skip
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    document.save(tmp_path / "plan.docx")
    path, text = _draft(hcplan, tmp_path / "plan.docx", "--start", "2024-04-01")
    actions = [ref.action for ref in _plan(path).actions()]
    assert [a.id for a in actions] == ["1a", "1b", "1d"]
    assert actions[0].notes == ["column 4: Funded by the PCC"]
    assert "numbered 1d* in the table: the mark after it" in " ".join(text.replace("#", "").split())
    assert "which another action has" not in text


def test_an_action_with_milestone_bullets_and_a_due_of_several_lines_keep_their_breaks(hcplan, tmp_path):
    """An action written with its milestones as bullets below it, and a deadline per line:
    joined without a mark, they ran together ('...opportunities Thorough mapping...')."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=4)
    for c, header in enumerate(("Ref", "Action", "Lead", "Deadline")):
        table.cell(0, c).text = header
    table.cell(1, 0).text = "CC1"
    action = table.cell(1, 1)
    action.text = "Identify community tensions and opportunities"
    for bullet in ("Thorough mapping of tensions complete.", "Offensive incidents group set up"):
        action.add_paragraph(bullet, style="List Bullet")
    table.cell(1, 2).text = "Community Cohesion Team"
    deadline = table.cell(1, 3)
    deadline.text = "March 2008"
    for line in ("June 2008", "April 2009"):
        deadline.add_paragraph(line)
    document.save(tmp_path / "plan.docx")
    path, _ = _draft(hcplan, tmp_path / "plan.docx", "--start", "2007-04-01")
    [ref] = list(_plan(path).actions())
    assert ref.action.text == (
        "Identify community tensions and opportunities; Thorough mapping of tensions complete. "
        "Offensive incidents group set up"
    )
    assert ref.action.due == "March 2008; June 2008; April 2009"


def test_a_date_that_is_part_of_what_progress_says_stays_in_its_words(hcplan, tmp_path):
    """A date that ends a paragraph is its update's day ("Completed on 18/01/2017"), unless
    the words lead to it ("extended to 10.12.21") or it ends a list of dates: then the
    paragraph is kept whole, undated, rather than cut mid-sentence and misdated."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Ref,Action,Lead,Progress\n"
        "1,a,Police,Consultation extended to 10.12.21\n"
        '2,b,Police,"Met 04/06/24, 10/09/24 and 03/12/24"\n'
        "3,c,Police,Delayed (see minutes of 12th Nov 2024)\n"
        "4,d,Police,Post vacant until Sept 2024\n"
        "5,e,Police,Completed on 18/01/2025\n"
        "6,f,Police,Closed (31.03.25)\n",
        encoding="utf-8",
    )
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    said = {ref.action.id: ref.action for ref in _plan(path).actions()}
    for whole in ("1", "2", "3", "4"):
        assert said[whole].updates == [], whole
    assert said["1"].progress == ["Consultation extended to 10.12.21"]
    assert said["2"].progress == ["Met 04/06/24, 10/09/24 and 03/12/24"]
    assert said["3"].progress == ["Delayed (see minutes of 12th Nov 2024)"]
    assert [(u.date, u.text) for u in said["5"].updates] == [(date(2025, 1, 18), "Completed")]
    assert [(u.date, u.text) for u in said["6"].updates] == [(date(2025, 3, 31), "Closed")]


def test_a_column_hcplan_does_not_know_is_kept_in_the_notes_not_dropped(hcplan, tmp_path):
    """A column of the council's own ("Affected hate crime strand(s)") is part of its plan:
    its cells go to each action's notes (internal) under its header, with a CHECK saying
    how to give it a field; --column ...=ignore leaves it out on purpose."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Ref,Action,Lead,Affected hate crime strand(s)\n"
        '1,Train call handlers,Police,"Race, Religion"\n'
        "2,Run events,Council,\n"
        "3,Publish figures,Council,All strands\n",
        encoding="utf-8",
    )
    path, text = _draft(hcplan, source, "--start", "2025-04-01")
    notes = {ref.action.id: ref.action.notes for ref in _plan(path).actions()}
    assert notes == {
        "1": ["Affected hate crime strand(s): Race, Religion"],
        "2": [],
        "3": ["Affected hate crime strand(s): All strands"],
    }
    assert text.count("hcplan does not know the column 'Affected hate") == 1
    assert "--column 'Affected hate crime strand(s)=FIELD'" in " ".join(text.replace("#", "").split())
    ignored = tmp_path / "ignored.yaml"
    result = hcplan("new", ignored, "--from", source, "--org", "Anytown Council", "--start", "2025-04-01",
                    "--column", "Affected hate crime strand(s)=ignore")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Race" not in ignored.read_text() and "does not know the column" not in ignored.read_text()


def test_an_action_row_before_a_header_repeated_on_the_next_page_stays_an_action(hcplan, tmp_path):
    """A table converted from PDF repeats its header after whatever row ended a page: a row
    with an action and its lead, due and rating before it is an action, not an objective."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=4)
    for cells in (["Action", "Lead", "Timescale", "RAG"], ["Train taxi drivers", "Licensing", "Q1 2024/25", "Green"],
                  ["Run HCAW events", "CSP", "October 2024", "Amber"], ["Action", "Lead", "Timescale", "RAG"],
                  ["Publish hate crime data", "CSP Analyst", "31/03/25", "Red"]):  # fmt: skip
        row = table.add_row().cells
        for cell, text in zip(row, cells, strict=True):
            cell.text = text
    document.save(tmp_path / "plan.docx")
    path, _ = _draft(hcplan, tmp_path / "plan.docx", "--start", "2024-04-01")
    actions = [ref.action for ref in _plan(path).actions()]
    assert [(a.text, a.due, a.status) for a in actions] == [
        ("Train taxi drivers", "Q1 2024/25", "Green"),
        ("Run HCAW events", "October 2024", "Amber"),
        ("Publish hate crime data", "31/03/25", "Red"),
    ]


@pytest.mark.parametrize(
    ("label", "rag", "done"),
    [("G", "green", False), ("A", "amber", False), ("R", "red", False), ("B", "blue", True), ("g.", "green", False),
     ("🟢", "green", False), ("🔴", "red", False), ("✅", "green", True), ("Delivered", "green", True),
     ("Some slippage", "amber", False), ("Minor delays", "amber", False), ("Significant delays", "red", False),
     # a colour named outright is the label's ("Blue - Complete" was green, by its word 'complete')
     ("Blue - Complete", "blue", True), ("Green - Complete", "green", True), ("Red - complete by March", "red", False)],
)  # fmt: skip
def test_ratings_written_as_a_letter_a_sign_or_a_councils_words_have_their_colour(hcplan, tmp_path, label, rag, done):
    source = tmp_path / "plan.csv"
    source.write_text(f"Action,Lead,RAG\nTrain staff,CSP,{label}\n", encoding="utf-8")
    path, text = _draft(hcplan, source, "--start", "2024-04-01")
    [scale] = _plan(path).scale
    # A letter is written as its colour, one label with cells coloured so ("G" and green: Green).
    written = {"g": "Green", "a": "Amber", "r": "Red", "b": "Blue"}.get(label.strip(".").casefold(), label)
    # A rating with more words than a rating's is the rating, and the rest progress.
    written = {"Red - complete by March": "Red"}.get(label, written)
    assert (scale.label, scale.rag, scale.done) == (written, rag, done)
    assert "grey is a guess" not in text


def test_a_councils_own_words_for_its_columns_title_and_leads_are_read(hcplan, tmp_path):
    """'What we will deliver' is an action column; a title '2024/5' a financial year; a
    comma inside a lead's brackets is no split; a 'revised date' is no update's day."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Hate Crime Delivery Plan 2024/5\n"
        "What we will deliver,Lead,Progress\n"
        '"Train staff","Hate Crime Lead (Jo Bloggs, Safer Anytown Manager)",'
        '"Delayed: awaiting sign-off. Revised date December 2024"\n',
        encoding="utf-8",
    )
    path, _ = _draft(hcplan, source)
    plan = _plan(path)
    assert (plan.period.start, plan.period.end) == (date(2024, 4, 1), date(2025, 3, 31))
    [ref] = list(plan.actions())
    assert ref.action.leads == ["Hate Crime Lead (Jo Bloggs, Safer Anytown Manager)"]
    assert ref.action.updates == []
    assert ref.action.progress == ["Delayed: awaiting sign-off. Revised date December 2024"]


def test_ratings_whose_words_are_turned_round_are_not_read_as_done(hcplan, tmp_path):
    """'Not complete' is not complete: a status read by its words alone would call it done
    and green, and the reports would count it finished. Each such guess gets a CHECK."""
    statuses = ["Not complete", "Not on track", "No progress", "Partially complete", "Incomplete", "75%", "100%",
                "Completed", "On track"]  # fmt: skip
    source = tmp_path / "tracker.csv"
    rows = "".join(f"{n},Action {n},Police,{status}\n" for n, status in enumerate(statuses, start=1))
    source.write_text("Ref,Action,Lead,Status\n" + rows, encoding="utf-8")
    path, text = _draft(hcplan, source, "--start", "2025-04-01")
    scale = {label.label: (label.rag, label.done) for label in _plan(path).scale}
    assert scale == {
        "Not complete": ("red", False),
        "Not on track": ("red", False),
        "No progress": ("red", False),
        "Partially complete": ("amber", False),
        "Incomplete": ("red", False),
        "75%": ("amber", False),
        "100%": ("green", True),
        "Completed": ("green", True),
        "On track": ("green", False),
    }
    assert "# CHECK: 'Not complete' turns 'complete' round: read as red, not done; a guess" in text
    assert "# CHECK: 'Partially complete' read as under way (amber), not done: a guess" in text
    assert "'Completed' turns" not in text and "'On track' turns" not in text


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize(("build", "there", "back"), [(delivery_docx, "odt", "docx"), (borough_docx, "odt", "docx"), (rag_xlsx, "ods", "xlsx")])
def test_a_file_saved_by_libreoffice_reads_as_the_one_it_was_made_from(hcplan, tmp_path, build, there, back):
    """The file is opened and saved by a real office program (through its own
    format and back), which writes merges and bullets its own way."""
    source = build(tmp_path / f"plan.{back}")
    profile = tmp_path / "lo-profile"
    for target, folder in ((there, tmp_path / "lo"), (back, tmp_path / "lo" / "back")):
        given = source if target == there else tmp_path / "lo" / f"plan.{there}"
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
             "--outdir", str(folder), str(given)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    saved = tmp_path / "lo" / "back" / f"plan.{back}"
    with zipfile.ZipFile(saved) as package:
        assert any("LibreOffice" in package.read(n).decode("utf-8", "replace") for n in package.namelist() if n.startswith("docProps/app"))
    original = hcplan("new", "-", "--from", source, "--org", "Anytown Council")
    through = hcplan("new", "-", "--from", saved, "--org", "Anytown Council")
    assert through.exit_code == 0, through.stderr
    drop_first = lambda text: text.split("\n", 1)[1]  # noqa: E731 - the line naming the file
    assert drop_first(through.stdout) == drop_first(original.stdout)


# --- bad input: a clear, located error, never a traceback ----------------------------------


def _refused(hcplan, tmp_path, source: Path, code: int = 1) -> str:
    result = hcplan("new", tmp_path / "plan.yaml", "--from", source, *HEADER)
    assert result.exit_code == code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "plan.yaml").exists()
    assert result.stderr.startswith("hcplan: error: ")
    return result.stderr.removeprefix("hcplan: error: ").strip()


def test_a_document_without_a_table(hcplan, tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Our plan is to do good things.")
    document.save(tmp_path / "words.docx")
    assert _refused(hcplan, tmp_path, tmp_path / "words.docx") == (
        f"{tmp_path / 'words.docx'}: no table found: hcplan new --from reads the table of a plan's actions"
    )


def test_a_table_with_no_header_is_located(hcplan, tmp_path):
    import docx

    document = docx.Document()
    document.add_table(rows=1, cols=2)  # table 1: empty
    other = document.add_table(rows=2, cols=2)  # table 2: words but no header
    other.cell(0, 0).text = "Who knows"
    other.cell(0, 1).text = "Something"
    document.save(tmp_path / "odd.docx")
    said = _refused(hcplan, tmp_path, tmp_path / "odd.docx")
    assert f"{tmp_path / 'odd.docx'}: table 1: the table is empty" in said
    assert f"{tmp_path / 'odd.docx'}: table 2, row 1: no header row with an Action column" in said


def test_a_sheet_with_no_header_is_located_at_its_cell(hcplan, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.active["B7"] = "Unrelated"
    book.save(tmp_path / "odd.xlsx")
    said = _refused(hcplan, tmp_path, tmp_path / "odd.xlsx")
    assert said.startswith(f"{tmp_path / 'odd.xlsx'}:Sheet1!A7: no header row with an Action column")


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_damaged_file(hcplan, tmp_path, suffix):
    source = rag_xlsx(tmp_path / "good.xlsx") if suffix == ".xlsx" else delivery_docx(tmp_path / "good.docx")
    damaged = tmp_path / f"damaged{suffix}"
    damaged.write_bytes(source.read_bytes()[: len(source.read_bytes()) // 2])
    said = _refused(hcplan, tmp_path, damaged)
    assert said.startswith(f"{damaged}: ") and "is damaged" in said
    renamed = tmp_path / f"text{suffix}"
    renamed.write_text("not a document")
    said = "not an Excel workbook" if suffix == ".xlsx" else "not a Word document"
    assert f"{renamed}: {said}: the file is damaged" in _refused(hcplan, tmp_path, renamed)


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_password_protected_file(hcplan, tmp_path, suffix):
    ooxml = importlib.import_module("msoffcrypto.format.ooxml")
    source = rag_xlsx(tmp_path / "plain.xlsx") if suffix == ".xlsx" else delivery_docx(tmp_path / "plain.docx")
    locked = tmp_path / f"locked{suffix}"
    with source.open("rb") as plain, locked.open("wb") as out:
        ooxml.OOXMLFile(plain).encrypt("secret", out)
    assert _refused(hcplan, tmp_path, locked).startswith(f"{locked}: this ") and "is password-protected" in _refused(
        hcplan, tmp_path, locked
    )


def test_a_workbook_is_checked_as_the_returns_reader_checks_one(hcplan, tmp_path):
    """One way to read a spreadsheet: what import refuses, new --from refuses the same way."""
    source = rag_xlsx(tmp_path / "good.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new:
        for item in old.infolist():
            new.writestr(item, old.read(item))
        new.writestr("xl/media/padding.bin", b"\0" * (210 * 1024 * 1024))
    assert _refused(hcplan, tmp_path, bomb) == f"{bomb}: the workbook would unpack to 220 MB; that is refused"
    ods = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert "this is an OpenDocument spreadsheet (.ods)" in _refused(hcplan, tmp_path, ods)
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert _refused(hcplan, tmp_path, huge).startswith(f"{huge}: the file is 52 MB; files over 20 MB are refused")


def test_a_workbook_whose_merges_would_fill_memory_is_refused_before_it_is_opened(hcplan, tmp_path):
    """A merged range is a few bytes of XML, but opening the workbook whole makes an object
    for each of its cells: merges past a million cells are refused unopened (the plan's own
    merges, a theme merged down its rows, are read as ever: the tests above)."""
    source = rag_xlsx(tmp_path / "good.xlsx")
    hostile = tmp_path / "merged.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if b"<mergeCells" in data:
                data = data.replace(b"<mergeCell ", b'<mergeCell ref="AA1:AZ50000"/><mergeCell ', 1)
            new.writestr(item, data)
    said = _refused(hcplan, tmp_path, hostile)
    assert re.fullmatch(
        rf"{re.escape(str(hostile))}: the workbook merges 1,3\d\d,\d\d\d cells in \d+ ranges \(the largest is "
        r"AA1:AZ50000\), more than hcplan opens \(1,000,000\): unmerge them and save it again",
        said,
    ), said


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_file_of_far_more_than_a_plan_is_refused_unopened(hcplan, tmp_path, suffix):
    """Word and openpyxl hold a file's whole XML in memory: a 7 MB workbook of two million
    cells took a minute and 900 MB. Past 20 MB of XML a file is refused before it is opened."""
    source = rag_xlsx(tmp_path / "good.xlsx") if suffix == ".xlsx" else delivery_docx(tmp_path / "good.docx")
    bulky = tmp_path / f"bulky{suffix}"
    part = "xl/worksheets/sheet9.xml" if suffix == ".xlsx" else "word/glossary.xml"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(bulky, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, old.read(item))
        new.writestr(part, b"<x>" + b" " * (24 * 1024 * 1024) + b"</x>")
    kind = "Excel workbook" if suffix == ".xlsx" else "Word document"
    said = _refused(hcplan, tmp_path, bulky)
    assert re.match(rf"{re.escape(str(bulky))}: this {kind} holds 2[56] MB of text and tables, far more than a plan", said)


def test_a_csv_file_in_windows_1252_is_read_as_such_and_said(hcplan, tmp_path):
    """Excel's 'CSV (Comma delimited)' writes Windows-1252: it was refused, a step more for a
    council whose plan is checked against its source line by line anyway."""
    source = tmp_path / "plan.csv"
    source.write_bytes('Action,Lead\r\n"Open the Café, spend £500 on “events”",Police\r\n'.encode("cp1252"))
    path, result = _drafted(hcplan, source, "2024-04-01")
    assert [ref.action.text for ref in _plan(path).actions()] == ["Open the Café, spend £500 on “events”"]
    assert f"hcplan: note: {source}: not UTF-8 text: read as Windows-1252" in result.stderr


def test_a_csv_file_in_no_encoding_hcplan_reads_is_refused_at_its_first_strange_byte(hcplan, tmp_path):
    source = tmp_path / "plan.csv"
    source.write_bytes(b"Action,Lead\r\nOpen the Caf\xe9 \x81,Police\r\n")  # 0x81: no Windows-1252 character
    assert _refused(hcplan, tmp_path, source).startswith(
        f"{source}:2:13: the file is not UTF-8 text: byte 0xe9 (it looks like Windows-1252"
    )


@pytest.mark.parametrize(
    ("rows", "at", "said"),
    [
        # a quote left open took the rows after it into one action's text
        ('First,Police,Q1 2024/25\n"Quoted 12"" screens,Police,Q2 2024/25\nThird,Housing,Q3 2024/25\n',
         "3:1", "this quote opens a cell that is never closed"),
        # a quote closed before its cell ends lost its quotes
        ('"Stop Hate" campaign in schools,Police,Q2 2024/25\n', "2:12", "a quoted cell goes on after its closing quote"),
        ('ok,Police;Housing,Q1\r"a\rb" c,Police,Q2\r', "4:3", "a quoted cell goes on after its closing quote"),
    ],
)  # fmt: skip
def test_a_csv_quoted_wrong_is_refused_where_the_quote_is(hcplan, tmp_path, rows, at, said):
    source = tmp_path / "plan.csv"
    source.write_text("Action,Lead,Timescale\n" + rows, newline="")
    assert _refused(hcplan, tmp_path, source).startswith(f"{source}:{at}: {said}")


def test_other_kinds_of_file(hcplan, tmp_path):
    old = tmp_path / "plan.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert "an old .doc file: open it in Word or Excel and save it as .docx" in _refused(hcplan, tmp_path, old)
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    # a file --from does not take is a usage error, as a missing one is (a plan named by mistake)
    assert "from a .docx, .xlsx or .csv file" in _refused(hcplan, tmp_path, pdf, code=2)
    plan = tmp_path / "old.yaml"
    plan.write_text("hcplan: 1\ntitle: An old plan\n")
    assert "from a .docx, .xlsx or .csv file" in _refused(hcplan, tmp_path, plan, code=2)
    assert "no such file" in _refused(hcplan, tmp_path, tmp_path / "missing.docx", code=2)


# --- pieces ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day", "month_only", "rest"),
    [
        ("12/06/2025: Schools contacted.", "2025-06-12", False, "Schools contacted."),
        ("Completed 18/01/2017", "2017-01-18", False, "Completed"),
        ("Report agreed on 3 March 2025.", "2025-03-03", False, "Report agreed"),
        ("20/05/2026", "2026-05-20", False, "20/05/2026"),  # nothing but the date: kept
        ("2024-10-14", "2024-10-14", False, "14 October 2024"),  # ... the British way when it is a date cell's
        ("Update – 3rd March 2025 workshop held", "2025-03-03", False, "Workshop held"),
        ("31.03.26 closed", "2026-03-31", False, "Closed"),
        ("September 2025 - dates agreed", "2025-09-01", True, "September 2025 - dates agreed"),
        ("2025-07-01 Pathway agreed.", "2025-07-01", False, "Pathway agreed."),
        ("Launched on 6th July 2017 with partners", None, False, "Launched on 6th July 2017 with partners"),  # a date inside is not the update's
        ("Completed 23-24", None, False, "Completed 23-24"),
        ("31/02/2025 no such day", None, False, "31/02/2025 no such day"),
        # the end of a range is no day of writing: its words were cut ("... local authorities, 8")
        ("Events held in all 22 areas, 8-15 October 2016.", "2016-10-01", True, "Events held in all 22 areas, 8-15 October 2016."),
        ("Campaign ran 11 - 18/10/2025", None, False, "Campaign ran 11 - 18/10/2025"),
        ("Held 3rd to 5th May 2024.", None, False, "Held 3rd to 5th May 2024."),
        ("Ran September – October 2024", None, False, "Ran September – October 2024"),
        # ... but a word that starts like a month is no month ("decided to" is not "December to")
        ("We decided to hold it; held 15 October 2016", "2016-10-15", False, "We decided to hold it; held"),
        # where it goes next, and when: the date is the sentence's, not the update's
        ("Profile drafted; to Board 18 July 2024.", None, False, "Profile drafted; to Board 18 July 2024."),
        # ... but "to" in a sentence of what was done dates it
        ("Response to consultation submitted 30/01/2025", "2025-01-30", False, "Response to consultation submitted"),
        ("Paper to CSP Board 14/11/2024", "2024-11-14", False, "Paper to CSP Board"),
        ("Complete - Report to Cabinet 17/03/2025", "2025-03-17", False, "Complete - Report to Cabinet"),
        ("We decided to launch 15 October 2016", "2016-10-15", False, "We decided to launch"),
        # ... but where it went, done, is dated ("to" after a verb of what was done)
        ("Presented to Partnership Board 12/09/2024", "2024-09-12", False, "Presented to Partnership Board"),
        ("Report sent to partners 01/06/2024", "2024-06-01", False, "Report sent to partners"),
        ("Training delivered to 40 staff 05/03/2024", "2024-03-05", False, "Training delivered to 40 staff"),
        ("Went to Board on 18 July 2024", "2024-07-18", False, "Went to Board"),
        ("Report went to the Board; agreed 18 July 2024", "2024-07-18", False, "Report went to the Board; agreed"),
    ],
)
def test_progress_is_dated_by_a_date_it_starts_or_ends_with(text, day, month_only, rest):
    """The day the update's date says is not repeated in its text; a month is
    (the 1st is not what it said), and a date that could not be read."""
    from hcplan.changes.draft_dates import find_date

    found, only_month, words = find_date(text)
    assert (found.isoformat() if found else None, only_month, words) == (day, month_only, rest)


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Action", "action"), ("Actions", "action"), ("Lead", "leads"), ("Lead Partner", "leads"),
        ("Lead Officer / Agency", "leads"), ("Responsible", "leads"), ("Timescale", "due"),
        ("Completion Date", "due"), ("Target Date", "due"), ("Due", "due"), ("RAG", "status"),
        ("RAG Status", "status"), ("Status", "status"), ("Progress", "progress"), ("Update", "progress"),
        ("Comments", "progress"), ("Progress Updates", "progress"), ("Outcome", "outcome"),
        ("Measure of Success", "measure"), ("KPI", "measure"), ("Objective", "objective"), ("Theme", "theme"),
        ("Priority", "theme"), ("Supporting Partners", "partners"), ("Funding", "funding"), ("Budget", "funding"),
        ("Output target and date(s)", "due"), ("Lead Agency / Officer", "leads"), ("Q2 update", "progress"),
        ("Favourite colour", None),
    ],
)  # fmt: skip
def test_common_column_headers_are_recognised(header, role):
    from hcplan.changes.draft import role_of

    assert role_of(header, {}) == role


def test_the_readers_stay_out_of_other_commands_start_up(tmp_path, write):
    plan = write()
    source = delivery_docx(tmp_path / "plan.docx")
    probe = (
        "import sys, json\nfrom hcplan.cli import main\nsys.argv = ['hcplan'] + sys.argv[1:]\ntry:\n    main()\n"
        "except SystemExit:\n    pass\nfinally:\n"
        "    print(json.dumps([m in sys.modules for m in ('docx', 'openpyxl', 'lxml')]), file=sys.stderr)\n"
    )

    def loaded(*args: object) -> list[bool]:
        result = subprocess.run(
            [sys.executable, "-c", probe, *map(str, args)], capture_output=True, text=True, timeout=120,
            env={**os.environ, "HCPLAN_NO_CACHE": "1"},
        )  # fmt: skip
        return json.loads(result.stderr.strip().splitlines()[-1])

    assert loaded("--help") == [False, False, False]
    assert loaded("check", plan) == [False, False, False]
    assert loaded("report", plan, "--as-of", "2024-07-01") == [False, False, False]
    assert loaded("new", "-", *HEADER) == [False, False, False]
    assert loaded("new", "-", "--from", source, "--org", "A") == [True, False, True]


def test_new_is_in_the_command_reference():
    text = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text()
    assert re.search(r"^## hcplan new$", text, re.M)


def test_what_the_checker_would_refuse_is_kept_in_the_notes_or_progress(hcplan, tmp_path):
    source = tmp_path / "plan.csv"
    source.write_text(
        "Action,Lead,Timescale,RAG,Progress\n"
        "Run a workshop,Police,soon-ish,Green,12/06/2099: a date to come.\n"
        "Train staff,Police,Q3 Year 1,Done,01/05/2025: booked.\n"
    )
    path = tmp_path / "plan.yaml"
    result = hcplan("new", path, "--from", source, *HEADER, "--scale", "Red=red, Done=green done")
    assert result.exit_code == 0, result.stderr
    _checks_clean(hcplan, path, strict=False)
    text = path.read_text()
    first, second = (ref.action for ref in _plan(path).actions())
    # A due hcplan cannot read stays as written, with a CHECK comment; it is only a warning.
    assert first.due == "soon-ish"
    assert "give what they mean beside them as due_means" in _checks_at(text, "due: soon-ish")
    assert "Rated as written: Green" in first.notes and first.status is None
    # An update dated in the future is the table's progress still: kept undated, with a CHECK comment.
    assert "12/06/2099: a date to come." in first.progress and first.updates == []
    assert "is in the future; kept as undated progress" in _checks_at(text, "progress:")
    assert (second.status, second.due, [u.text for u in second.updates]) == ("Done", "Q3 Year 1", ["Booked."])
    # The head counts the CHECK comments below it.
    said = re.search(r"(\d+) comments? marked CHECK", text)
    assert said and int(said[1]) == text.count("# CHECK:") >= 3


def test_themes_written_between_tables_and_a_table_split_across_pages(hcplan, tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Northam Hate Crime Plan 2025-26", level=1)
    for theme, rows, with_header in [
        ("Theme 1: Prevention", [("Objective 1: Educate", "Run assemblies", "Schools")], True),
        ("Theme 2: Support", [("Objective 2: Support victims", "Open a helpline", "Victim Support")], True),
        (None, [(None, "Train call handlers", "Victim Support")], False),  # the same table, over the page
    ]:
        if theme:
            document.add_heading(theme, level=2)
        table = document.add_table(rows=0, cols=3)
        if with_header:
            for cell, words in zip(table.add_row().cells, ["Objective", "Action", "Lead"]):
                cell.text = words
        for objective, action, lead in rows:
            row = table.add_row()
            row.cells[0].text = objective or ""
            row.cells[1].text = action
            row.cells[2].text = lead
    document.save(tmp_path / "plan.docx")
    path, _ = _draft(hcplan, tmp_path / "plan.docx")
    plan = _plan(path)
    assert [(t.number, t.name) for t in plan.themes] == [(1, "Prevention"), (2, "Support")]
    assert [(o.id, o.text, [a.text for a in o.actions]) for t in plan.themes for o in t.objectives] == [
        ("1", "Educate", ["Run assemblies"]),
        ("2", "Support victims", ["Open a helpline", "Train call handlers"]),
    ]


def test_at_a_terminal_the_guesses_from_the_file_are_the_defaults(hcplan, tmp_path, monkeypatch):
    import hcplan.cli.new as new

    monkeypatch.setattr(new, "interactive", lambda: True)
    source = rag_xlsx(tmp_path / "tracker.xlsx")
    path = tmp_path / "plan.yaml"
    # Enter takes the title and period the file suggests; the organisation must be given.
    result = hcplan("new", path, "--from", source, input="\nSouthvale Council\n\n\n\n\n")
    assert result.exit_code == 0, result.stderr + result.stdout
    assert "[Southvale Hate Crime Action Plan 2025-26]" in result.stdout  # the default shown
    plan = _plan(path)
    assert (plan.title, plan.organisation, plan.period.start.isoformat(), plan.period.end.isoformat()) == (
        "Southvale Hate Crime Action Plan 2025-26", "Southvale Council", "2025-04-01", "2026-03-31"
    )
    assert "CHECK: the title" not in path.read_text()  # confirmed at the terminal


def test_a_due_the_checker_refuses_is_kept_in_the_notes():
    from hcplan.changes.draft import Node
    from hcplan.changes.draft_plan import _demote_one
    from hcplan.problems import Finding

    action = Node(id="1.1", text="Run a workshop", due="whenever")
    themes = [Node(number=1, objectives=[Node(id="1", text="An objective", actions=[action])])]
    _demote_one(themes, Finding(("themes", 0, "objectives", 0, "actions", 0, "due"), "due", "cannot read it"))
    assert "due" not in action and action["notes"] == ["Due as written: whenever"]
    assert "give the action a due hcplan reads" in action.said["notes"][0]


def test_undated_progress_is_progress_and_a_notes_column_is_notes(hcplan, tmp_path):
    source = tmp_path / "plan.csv"
    source.write_text(
        "Action,Lead,Timescale,Progress,Notes\n"
        'Run a workshop,Police,Q3 Year 1,"Venue found.\n12/06/2024: first session held.",Ask finance about costs\n'
    )
    path = tmp_path / "plan.yaml"
    result = hcplan("new", path, "--from", source, *HEADER)
    assert result.exit_code == 0, result.stderr
    [action] = (ref.action for ref in _plan(path).actions())
    assert action.progress == ["Venue found."]
    assert [(u.date.isoformat(), u.text) for u in action.updates] == [("2024-06-12", "First session held.")]
    assert action.notes == ["Ask finance about costs"]


@pytest.mark.parametrize(
    ("cell", "updates"),
    [
        (
            "Update 12/05/2024: draft written; Update 01/06/2024: final published",
            [("2024-05-12", "Draft written"), ("2024-06-01", "Final published")],
        ),
        (
            "12 May 2024 - drafted. 1st June 2024 - published.",
            [("2024-05-12", "Drafted."), ("2024-06-01", "Published.")],
        ),
        ("2024-05-12: a; 2024-06-01: b", [("2024-05-12", "A"), ("2024-06-01", "B")]),
        # A date that does not start a further entry stays in the words of the one it is in.
        ("12/05/2024: meeting held; next one on 01/06/2024", [("2024-05-12", "Meeting held; next one on 01/06/2024")]),
    ],
)
def test_several_dated_entries_in_one_line_of_a_cell_are_several_updates(hcplan, tmp_path, cell, updates):
    source = tmp_path / "plan.csv"
    source.write_text(f'Action,Lead,Timescale,Progress\nRun a workshop,Police,Q3 Year 1,"{cell}"\n')
    path = tmp_path / "plan.yaml"
    result = hcplan("new", path, "--from", source, *HEADER)
    assert result.exit_code == 0, result.stderr
    [action] = (ref.action for ref in _plan(path).actions())
    assert [(u.date.isoformat(), u.text) for u in action.updates] == updates


@pytest.mark.parametrize(
    ("title", "dues", "said"),
    [("Z Hate Crime Plan 2024-25", ("Ongoing", "TBC"), "the period is a guess from '2024-25' in 'Z Hate Crime Plan 2024-25'"),
     ("Z Hate Crime Plan", ("Q2 2024/25", "Q3 2024/25"), "the period is a guess from the dues in the table, from 30 September 2024")],
)  # fmt: skip
def test_without_a_terminal_the_period_is_read_from_the_title_given_or_quarter_dues(hcplan, tmp_path, title, dues, said):
    """A table of dues 'Q2 2024/25', or of no dated dues with '--title ... 2024-25', run by a
    script: 'no terminal to ask at: pass --start', though the dues or the title say the year."""
    source = tmp_path / "plan.csv"
    source.write_text(f"Action,Lead,Timescale\nA one,Police,{dues[0]}\nA two,Police,{dues[1]}\n")
    path = tmp_path / "plan.yaml"
    result = hcplan("new", path, "--from", source, "--org", "Anytown Council", "--title", title)
    assert result.exit_code == 0, result.stderr
    plan = _plan(path)
    assert (plan.period.start.isoformat(), plan.period.end.isoformat()) == ("2024-04-01", "2025-03-31")
    assert said in " ".join(path.read_text().replace("#", "").split())


def _table_docx(path: Path, rows: list[list[str]], heading: str | None = None) -> Path:
    import docx

    document = docx.Document()
    if heading:
        document.add_heading(heading, level=1)
    table = document.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        for cell, words in zip(table.add_row().cells, row):
            cell.text = words
    document.save(path)
    return path


_ACTIONS = [["Action", "Lead", "Timescale"], ["Run an awareness week", "Police", "October 2024"]]


@pytest.mark.parametrize(
    ("name", "heading", "start", "end", "said"),
    [
        ("Hate_Crime_Action_Plan_2024_25.docx", None, "2024-04-01", "2025-03-31", "'2024_25' in"),
        ("HCAP_2024-2027.docx", None, "2024-04-01", "2027-03-31", "'2024-2027' in"),
        ("plan.docx", "Anytown Hate Crime Plan 2024/25", "2024-04-01", "2025-03-31", "'2024/25' in"),
        ("plan.docx", "Anytown Hate Crime Plan", "2024-04-01", "2025-03-31", "the dues in the table, from"),
        # Days written out: "31 March" was read as the year 2031, "April 2025 to March 2026" as 2025.
        ("plan.docx", "Hate Crime Action Plan 1 April 2024 - 31 March 2025", "2024-04-01", "2025-03-31",
         "'1 April 2024 - 31 March 2025' in"),
        ("plan.docx", "Hate Crime Action Plan – April 2024 to March 2025", "2024-04-01", "2025-03-31",
         "'April 2024 to March 2025' in"),
        ("plan.docx", "Action Plan 01/04/2024 – 31/03/2025", "2024-04-01", "2025-03-31", "'01/04/2024 – 31/03/2025' in"),
        ("plan.docx", "Cohesion Plan 1st January 2024 to 31st December 2025", "2024-01-01", "2025-12-31",
         "'1st January 2024 to 31st December 2025' in"),
        # A window the title reports on, inside the years it names, is not the plan's period.
        ("plan.docx", "Action Plan 2024/25 (Q2: July 2024 – September 2024)", "2024-04-01", "2025-03-31", "'2024/25' in"),
        # ...but a year of a strategy's years is the plan's.
        ("plan.docx", "Hate Crime Plan 2024-2027 (Year 1: April 2024 - March 2025)", "2024-04-01", "2025-03-31",
         "'April 2024 - March 2025' in"),
    ],
)  # fmt: skip
def test_without_a_terminal_the_period_is_read_from_the_source(hcplan, tmp_path, name, heading, start, end, said):
    rows = [*_ACTIONS, ["Train staff", "Council", "31/03/2025"]]
    source = _table_docx(tmp_path / name, rows, heading)
    path = tmp_path / "plan.yaml"
    result = hcplan("new", path, "--from", source, "--org", "Anytown Borough Council")
    assert result.exit_code == 0, result.stderr
    plan = _plan(path)
    assert (plan.period.start.isoformat(), plan.period.end.isoformat()) == (start, end)
    assert f"# CHECK: the period is a guess from {said}" in path.read_text()


def test_without_a_terminal_a_period_the_source_does_not_say_is_asked_for(hcplan, tmp_path):
    source = _table_docx(tmp_path / "plan.docx", [["Action", "Lead"], ["Run an awareness week", "Police"]])
    result = hcplan("new", tmp_path / "plan.yaml", "--from", source, "--org", "Anytown Borough Council")
    assert result.exit_code == 2
    assert "pass --start" in result.stderr


@pytest.mark.parametrize(
    ("name", "rows", "title", "said"),
    [
        ("anytown.csv", ["OFFICIAL,,", "Anytown Hate Crime Action Plan 2026-27,,"], "Anytown Hate Crime Action Plan 2026-27", "row 2, above the table's header"),
        ("anytown.csv", [], "anytown", "the file's name"),
        ("anytown.xlsx", [], "Anytown Hate Crime Plan 2026-27", "the sheet's name"),
    ],
)  # fmt: skip
def test_the_title_is_the_one_the_source_gives(hcplan, tmp_path, name, rows, title, said):
    table = [*rows, "Action,Lead,Due", "Run a workshop,Police,31/10/2026"]
    source = tmp_path / name
    if name.endswith(".csv"):
        source.write_text("\n".join(table) + "\n")
    else:
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = title
        for line in table:
            sheet.append(line.split(","))
        workbook.save(source)
    path = tmp_path / "plan.yaml"
    result = hcplan("new", path, "--from", source, "--org", "Anytown Borough Council")
    assert result.exit_code == 0, result.stderr
    assert _plan(path).title == title
    assert f"# CHECK: the title is taken from {said}" in path.read_text()


def test_a_cover_sheet_of_text_beside_the_plan_table_is_not_read_as_actions(hcplan, tmp_path):
    """A workbook's first sheet of notes ('Hate Crime Action Plan 2025-26', a key, a version)
    is one column whose first line says "Action": its lines were drafted as actions 1.1 to
    1.4 and the table's own 1.1 and 1.2 renumbered. It is left out, and its title kept."""
    import openpyxl

    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Cover"
    for cell, text in {
        "A1": "Hate Crime Action Plan 2025-26",
        "A3": "About this plan",
        "A4": "This action plan sets out what the partnership will do; each action has a lead.",
        "A6": "Key: Green = on track, Amber = some slippage, Red = off track",
    }.items():
        cover[cell] = text
    sheet = book.create_sheet("Action Plan")
    sheet.append(["Ref", "Action", "Lead", "Timescale"])
    sheet.append(["1.1", "Run awareness events in schools", "Police", "March 2026"])
    sheet.append(["1.2", "Train third-party reporting centres", "Council", "Dec 2025"])
    book.save(tmp_path / "plan.xlsx")
    path, text = _draft(hcplan, tmp_path / "plan.xlsx", "--start", "2025-04-01")
    plan = _plan(path)
    assert [(ref.action.id, ref.action.text) for ref in plan.actions()] == [
        ("1.1", "Run awareness events in schools"),
        ("1.2", "Train third-party reporting centres"),
    ]
    assert plan.title == "Hate Crime Action Plan 2025-26"
    assert "# CHECK: the title is taken from Cover!A1" in text


def test_a_table_of_actions_alone_one_column_wide_is_still_read(hcplan, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Action"])
    sheet.append(["Run awareness events in schools"])
    sheet.append(["Train third-party reporting centres"])
    book.save(tmp_path / "plan.xlsx")
    path, _ = _draft(hcplan, tmp_path / "plan.xlsx", "--start", "2025-04-01")
    assert [ref.action.text for ref in _plan(path).actions()] == [
        "Run awareness events in schools",
        "Train third-party reporting centres",
    ]


@pytest.mark.parametrize(
    ("headings", "numbers"),
    [
        (["Strategic Priority A: Prevent hate crime", "Strategic Priority B: Support victims"], [1, 2]),
        (["Theme I: Prevent hate crime", "Theme II: Support victims"], [1, 2]),
        (["Priority 3: Prevent hate crime", "Priority 4: Support victims"], [3, 4]),
        (["Priority Area 3: Prevent hate crime", "Priority Area 5: Support victims"], [3, 5]),
        (["Theme ii: Prevent hate crime", "Theme iii: Support victims"], [2, 3]),
    ],
    ids=["letters", "roman", "digits", "priority-area", "lower-roman"],
)
def test_themes_numbered_by_letters_or_roman_numerals_keep_their_names(hcplan, tmp_path, headings, numbers):
    """'Strategic Priority A: Prevent hate crime' was a theme named 'A' whose aim was its name."""
    rows = [["No.", "Action", "Lead", "Timescale"], [headings[0]], ["1", "Run awareness events in schools", "Police", "March 2026"],
            [headings[1]], ["2", "Fund advocacy", "Council", "Dec 2025"]]  # fmt: skip
    path, _ = _draft(hcplan, _sheet(tmp_path, rows), "--start", "2025-04-01")
    plan = _plan(path)
    assert [(t.number, t.name, t.aim) for t in plan.themes] == [
        (numbers[0], "Prevent hate crime", None),
        (numbers[1], "Support victims", None),
    ]


@pytest.mark.parametrize("numbers", [["i.", "ii.", "i.", "ii."], ["1", "2", "1", "2"], ["a)", "b)", "a)", "b)"]])
def test_actions_numbered_afresh_under_each_heading_are_numbered_after_their_objective(hcplan, tmp_path, numbers):
    """i, ii under one heading and i, ii again under the next: the first were kept as i and
    ii, the second renumbered 2.1 and 2.2, each with a CHECK that another action had its number."""
    rows = [["No.", "Action", "Lead"], ["Objective 1: Prevent hate crime"],
            [numbers[0], "Run awareness events in schools", "Police"], [numbers[1], "Train reporting centres", "Council"],
            ["Objective 2: Support victims"], [numbers[2], "Fund advocacy", "Council"],
            [numbers[3], "Review the referral pathway", "Police"]]  # fmt: skip
    path, text = _draft(hcplan, _sheet(tmp_path, rows), "--start", "2025-04-01")
    one, two = (n.rstrip(".)") for n in numbers[:2])
    assert [ref.action.id for ref in _plan(path).actions()] == [f"1.{one}", f"1.{two}", f"2.{one}", f"2.{two}"]
    assert "which another action has" not in text
    assert text.count("the table numbers its actions afresh under each objective") == 1


def test_actions_numbered_once_through_the_plan_keep_their_numbers(hcplan, tmp_path):
    rows = [["No.", "Action", "Lead"], ["Objective 1: Prevent hate crime"], ["1", "Run awareness events in schools", "Police"],
            ["Objective 2: Support victims"], ["2", "Fund advocacy", "Council"]]  # fmt: skip
    path, _ = _draft(hcplan, _sheet(tmp_path, rows, across=False), "--start", "2025-04-01")
    assert [ref.action.id for ref in _plan(path).actions()] == ["1", "2"]


def test_a_heading_of_the_levels_word_alone_drafts_nothing(hcplan, tmp_path):
    """'Priority Areas' over the table was a theme named 'Areas' (or, once 'priority area' was
    known, an objective 'Priority Areas' that took objective 1's number)."""
    rows = [["No.", "Action", "Lead"], ["Priority Areas"], ["Objective 1: Reduce hate crime"], ["1.1", "Run a campaign", "Police"]]
    path, text = _draft(hcplan, _sheet(tmp_path, rows), "--start", "2025-04-01")
    plan = _plan(path)
    assert [(t.number, t.name) for t in plan.themes] == [(1, None)]
    assert [(o.id, o.text) for o in plan.themes[0].objectives] == [("1", "Reduce hate crime")]
    assert "Areas" not in text


def test_headings_with_only_an_action_cell_filled_are_themes_too(hcplan, tmp_path):
    """'Priority Area 1: Prevention' in the Action cell of a row of its own (not merged) was
    drafted as an action."""
    rows = [["Action", "Lead", "Due"], ["Priority Area 1: Prevention"], ["Run a campaign", "Police", "March 2026"],
            ["Priority Area 2: Support for victims"], ["Fund advocacy", "Council", "March 2026"]]  # fmt: skip
    path, _ = _draft(hcplan, _sheet(tmp_path, rows, across=False), "--start", "2025-04-01")
    plan = _plan(path)
    assert [(t.number, t.name) for t in plan.themes] == [(1, "Prevention"), (2, "Support for victims")]
    assert [ref.action.text for ref in plan.actions()] == ["Run a campaign", "Fund advocacy"]


def test_one_number_written_twice_in_a_plan_numbered_through_is_not_a_fresh_start(hcplan, tmp_path):
    """1, 2 | 3 | 3, 4: the second 3 is a slip, not numbering afresh under each heading (which
    renumbered every action after its objective and said so)."""
    rows = [["Objective", "Ref", "Action", "Lead"]] + [
        [objective, ref, f"Action {action}", "Police"]
        for objective, ref, action in [("One", "1", "A"), ("One", "2", "B"), ("Two", "3", "C"), ("Three", "3", "D"),
                                       ("Three", "4", "E")]
    ]  # fmt: skip
    path, text = _draft(hcplan, _sheet(tmp_path, rows), "--start", "2025-04-01")
    ids = [ref.action.id for ref in _plan(path).actions()]
    assert ids[:3] == ["1", "2", "3"] and ids[4] == "4" and ids[3] not in ("3", "3.3")
    assert "numbered 3 in the table, which another action has" in text
    assert "afresh" not in text


def test_a_cover_beside_a_one_column_table_of_actions_is_left_out(hcplan, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Cover"
    for line in ["Hate Crime Action Plan 2025-26", "Prepared by Community Safety", "Approved by the board"]:
        cover.append([line])
    sheet = book.create_sheet("Plan")
    for line in ["Actions", "Run a campaign", "Train staff"]:
        sheet.append([line])
    book.save(tmp_path / "plan.xlsx")
    path, _ = _draft(hcplan, tmp_path / "plan.xlsx", "--start", "2025-04-01")
    plan = _plan(path)
    assert [ref.action.text for ref in plan.actions()] == ["Run a campaign", "Train staff"]
    assert plan.title == "Hate Crime Action Plan 2025-26"


def test_actions_numbered_afresh_under_each_theme_are_numbered_after_their_theme(hcplan, tmp_path):
    """1, 2 | 3 under theme one's objectives and 1, 2 again under theme two: numbered after
    the objective they gave 2.3 (objective 2 has no 2.1), not 1.3."""
    rows = [["No.", "Objective", "Action", "Lead"], ["Theme 1: Prevention"],
            ["1", "Improve reporting", "Promote online reporting", "Police"],
            ["2", "Improve reporting", "Train reporting centres", "Council"],
            ["3", "Increase confidence", "Publish a you said, we did report", "Council"], ["Theme 2: Support"],
            ["1", "Support victims", "Refer victims within 48 hours", "Police"],
            ["2", "Support victims", "Commission advocacy", "Council"]]  # fmt: skip
    path, text = _draft(hcplan, _sheet(tmp_path, rows), "--start", "2025-04-01")
    assert [ref.action.id for ref in _plan(path).actions()] == ["1.1", "1.2", "1.3", "2.1", "2.2"]
    assert "afresh under each theme, so each is numbered after its theme (1.1 is theme 1's 1)" in " ".join(
        line.lstrip("# ") for line in text.splitlines()
    )


def test_a_heading_typed_in_the_id_column_is_a_heading_and_a_lone_number_is_said(hcplan, tmp_path):
    """Headings typed in the Ref column (not merged) were lost, the CHECK saying their cells
    were added to the action above; nothing was."""
    rows = [["Ref", "Action", "Lead"], ["Prevention and education"], ["1.1", "Deliver workshops in schools", "Education"],
            ["1.9"], ["Reporting"], ["2.1", "Recruit reporting centres", "Community Safety"]]  # fmt: skip
    source = _sheet(tmp_path, rows, across=False)
    result = hcplan("new", source.with_suffix(".yaml"), "--from", source, "--org", "Anytown", "--start", "2025-04-01")
    assert result.exit_code == 0, result.stderr
    plan = _plan(source.with_suffix(".yaml"))
    assert [o.text for t in plan.themes for o in t.objectives] == ["Prevention and education", "Reporting"]
    assert "plan.xlsx:Plan!A4: a number with no action beside it: left out" in result.stderr
    assert "its cells were added to the action above" not in source.with_suffix(".yaml").read_text()


def test_word_headings_before_each_table_are_its_themes(hcplan, tmp_path):
    """A Heading 1 paragraph ('Prevention') before each table was lost: one unnamed theme."""
    source = _word(
        tmp_path,
        "Anytown Hate Crime Action Plan 2025-26",
        ("Heading 1", "Prevention"),
        [["Action", "Lead"], ["Deliver workshops", "Police"]],
        ("Heading 1", "Reporting"),
        [["Action", "Lead"], ["Recruit centres", "Police"], ["Review the form", "Police"]],
    )
    path, _ = _draft(hcplan, source, "--start", "2025-04-01")
    plan = _plan(path)
    assert plan.title == "Anytown Hate Crime Action Plan 2025-26"
    assert [(t.name, [a.text for o in t.objectives for a in o.actions]) for t in plan.themes] == [
        ("Prevention", ["Deliver workshops"]),
        ("Reporting", ["Recruit centres", "Review the form"]),
    ]


_GOALS = [
    "The Cross-Government Hate Crime Action Plan Objective: Increase victim and community confidence in justice",
    "Anytown Strategic Goal - Increase awareness, reporting and recording of hate crime incidents",
    "Measure of Success – A 10% increase in hate crimes reported to partners",
]


def test_heading_rows_one_after_another_are_theme_objective_and_measure(hcplan, tmp_path):
    """Three heading rows before the first action: only the last was kept (as an objective
    whose text was the measure), the first two dropped with no CHECK."""
    rows = [["Action", "Lead", "Timescale"], *([goal] for goal in _GOALS), ["Provide hate crime training", "Council", "2011"]]
    path, _ = _draft(hcplan, _sheet(tmp_path, rows), "--start", "2010-04-01")
    plan = _plan(path)
    theme = plan.themes[0]
    assert (theme.name or theme.aim) == "Increase victim and community confidence in justice"
    assert [(o.text, o.measure) for o in theme.objectives] == [
        ("Increase awareness, reporting and recording of hate crime incidents",
         ["A 10% increase in hate crimes reported to partners"]),
    ]  # fmt: skip
    assert [a.text for a in theme.objectives[0].actions] == ["Provide hate crime training"]


def test_paragraphs_naming_the_objective_before_a_word_table_are_read(hcplan, tmp_path):
    """The same three lines as paragraphs above the table were all ignored: the objective
    was 'Actions'."""
    table = [["Action", "Lead", "Timescale"], ["Provide hate crime training", "Council", "2011"]]
    source = _word(tmp_path, "Anytown Hate Crime Strategy 2010-13: Action Plan", *_GOALS, table)
    path, _ = _draft(hcplan, source, "--start", "2010-04-01")
    theme = _plan(path).themes[0]
    assert (theme.name or theme.aim) == "Increase victim and community confidence in justice"
    assert [(o.text, o.measure) for o in theme.objectives] == [
        ("Increase awareness, reporting and recording of hate crime incidents",
         ["A 10% increase in hate crimes reported to partners"]),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "progress",
    [
        "Training will be delivered in March 2025.",
        "Draft profile to be presented to the board on 14/01/2025",
        "Review delayed; now expected by September 2025.",
    ],
)
def test_a_day_still_to_come_in_a_progress_sentence_is_not_the_updates_day(hcplan, tmp_path, progress):
    """'will be delivered in March 2025' was recorded as an update dated 1 March 2025 (one
    after the plan's end, one with its date cut out of the words)."""
    action = _drafted_progress(hcplan, tmp_path, progress)
    assert action.updates == [] and action.progress == [progress]


def _drafted_progress(hcplan, tmp_path: Path, progress: str):
    """The one action of a table whose Progress cell says ``progress``, drafted."""
    source = tmp_path / "plan.csv"
    source.write_text(f'Action,Lead,Progress\nTrain staff,CSP,"{progress}"\n', encoding="utf-8")
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    [action] = [ref.action for ref in _plan(path).actions()]
    return action


def test_a_rating_letter_and_a_cell_coloured_the_same_are_one_label(hcplan, tmp_path):
    """A RAG column of green, amber and red fills with one cell reading 'G': the scale was
    Green, Amber, Red and G."""
    import openpyxl
    from openpyxl.styles import PatternFill

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Action", "Lead", "RAG"])
    for n, (action, fill) in enumerate([("One", "00B050"), ("Two", "FFC000"), ("Three", None)], start=2):
        sheet.append([action, "CSP", None if fill else "G"])
        if fill:
            sheet.cell(row=n, column=3).fill = PatternFill("solid", start_color=fill, end_color=fill)
    book.save(tmp_path / "plan.xlsx")
    path, _ = _draft(hcplan, tmp_path / "plan.xlsx", "--start", "2024-04-01")
    plan = _plan(path)
    assert [r.label for r in plan.scale] == ["Green", "Amber"]
    assert [ref.action.status for ref in plan.actions()] == ["Green", "Amber", "Green"]


def test_progress_columns_headed_by_their_quarter_date_each_update(hcplan, tmp_path):
    """'Q1 update (June 2024)' and 'Q2 update (September 2024)' columns: the quarter was
    lost, both cells undated progress (one with nothing to say which quarter)."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Action,Lead,Q1 update (June 2024),Q2 update (September 2024),Q3 update\n"
        'Train staff,CSP,Two sessions held.,"Module drafted; launch delayed.",Launched.\n'
        "Run events,Police,,Three events held.,\n",
        encoding="utf-8",
    )
    path, text = _draft(hcplan, source, "--start", "2024-04-01")
    first, second = [ref.action for ref in _plan(path).actions()]
    assert [(u.date.isoformat(), u.text) for u in first.updates] == [
        ("2024-06-30", "Two sessions held."),
        ("2024-09-30", "Module drafted; launch delayed."),
    ]
    assert first.progress == ["Q3 update: Launched."]
    assert [(u.date.isoformat(), u.text) for u in second.updates] == [("2024-09-30", "Three events held.")]
    assert "dated by its column's header" in text


def test_a_start_given_with_a_title_of_several_years_ends_with_them(hcplan, tmp_path):
    """'Hate Crime Strategy 2010-13' with --start 2010-04-01 ended on 31 March 2011."""
    source = tmp_path / "Hate Crime Strategy 2010-13 Action Plan.csv"
    source.write_text("Action,Lead\nTrain staff,CSP\n", encoding="utf-8")
    path, text = _draft(hcplan, source, "--start", "2010-04-01")
    period = _plan(path).period
    assert (period.start.isoformat(), period.end.isoformat()) == ("2010-04-01", "2013-03-31")
    assert "CHECK: the plan's last day is a guess from '2010-13'" in text
    short, _ = _draft(hcplan, source.rename(tmp_path / "other.csv"), "--start", "2010-04-01")
    assert _plan(short).period.end.isoformat() == "2011-03-31"  # no years said: one year


@pytest.mark.parametrize("written", ["Update – Venues booked.", "Update –Venues booked.", "Progress: Venues booked."])
def test_a_progress_label_is_not_kept_in_its_words(hcplan, tmp_path, written):
    source = tmp_path / "plan.csv"
    source.write_text(f'Action,Lead,Progress\nTrain staff,CSP,"{written}"\n', encoding="utf-8")
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    [action] = [ref.action for ref in _plan(path).actions()]
    assert action.progress == ["Venues booked."]


@pytest.mark.parametrize(
    ("title", "end"),
    [
        ("Hate Crime Strategy 2024-27 Year 1 Delivery Plan", "2025-03-31"),  # a year of the strategy
        ("Hate Crime Strategy 2022-27 Action Plan 2024-25", "2025-03-31"),  # the action plan's own year
    ],
)
def test_a_title_that_says_the_plans_own_year_is_not_stretched_to_the_strategys(hcplan, tmp_path, title, end):
    source = tmp_path / f"{title}.csv"
    source.write_text("Action,Lead\nTrain staff,CSP\n", encoding="utf-8")
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    assert _plan(path).period.end.isoformat() == end


def test_a_due_past_the_year_does_not_stretch_a_plan_given_its_start(hcplan, tmp_path):
    source = tmp_path / "plan.csv"
    source.write_text("Action,Lead,Due\nTrain staff,CSP,June 2025\nRun events,CSP,October 2024\n", encoding="utf-8")
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    assert _plan(path).period.end.isoformat() == "2025-03-31"


def test_an_introduction_before_a_word_table_gives_no_theme_or_objective(hcplan, tmp_path):
    """'Introduction' (a heading of an earlier section), 'Our overall objective: ...' in it,
    and 'Actions' just above the table became a theme and an objective."""
    source = _word(
        tmp_path,
        "Anytown Hate Crime Action Plan 2024-25",
        ("Heading 1", "Introduction"),
        "Our overall objective: to make Anytown a place where everyone feels safe.",
        ("Heading 1", "Actions"),
        [["Action", "Lead"], ["Train staff", "CSP"]],
    )
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    [theme] = _plan(path).themes
    assert theme.name is None and [o.text for o in theme.objectives] == ["Actions"]


def test_short_lines_alone_in_the_action_column_over_actions_are_headings(hcplan, tmp_path):
    source = tmp_path / "plan.csv"
    source.write_text(
        "Action,Lead,Due,RAG\nPrevention,,,\nDeliver assemblies,Schools,Q2,Green\n"
        "Reporting,,,\nPromote the reporting app,Police,Q3,Amber\n",
        encoding="utf-8",
    )
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    plan = _plan(path)
    assert [(o.text, [a.text for a in o.actions]) for t in plan.themes for o in t.objectives] == [
        ("Prevention", ["Deliver assemblies"]),
        ("Reporting", ["Promote the reporting app"]),
    ]


@pytest.mark.parametrize(
    ("written", "kept"),
    [("Q2 update: 6 workshops held.", "Q2 update: 6 workshops held."),
     ("Training to date: 200 drivers. Next session 15/01/2025", "Training to date: 200 drivers. Next session 15/01/2025")],
)  # fmt: skip
def test_progress_that_names_its_quarter_or_a_day_to_come_keeps_its_words(hcplan, tmp_path, written, kept):
    action = _drafted_progress(hcplan, tmp_path, written)
    assert action.updates == [] and action.progress == [kept]


def test_headings_lettered_a_and_b_drop_their_letters(hcplan, tmp_path):
    source = tmp_path / "plan.csv"
    source.write_text(
        "Action,Lead,Due\nA. Prevention,,\nDeliver training,CSP,Q2\nB. Support,,\nFund a caseworker,CSP,Q3\n",
        encoding="utf-8",
    )
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    assert [o.text for t in _plan(path).themes for o in t.objectives] == ["Prevention", "Support"]


def test_a_notes_sheet_beside_the_plan_is_said_to_be_text_and_does_not_take_the_title(hcplan, tmp_path):
    """A one-word 'Notes' sheet before the sheet 'Hate Crime Plan 2024-25': the title came
    from the file's name, and the note told the user to read 'Notes' as an action column."""
    import openpyxl

    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["Ratings are agreed at each quarterly meeting."])
    notes.append(["Leads send their updates a week before."])
    sheet = book.create_sheet("Hate Crime Plan 2024-25")
    sheet.append(["Action", "Lead"])
    sheet.append(["Train staff", "CSP"])
    book.save(tmp_path / "plan.xlsx")
    source = tmp_path / "plan.xlsx"
    result = hcplan("new", tmp_path / "plan.yaml", "--from", source, "--org", "Anytown", "--start", "2024-04-01")
    assert result.exit_code == 0, result.stderr
    assert "Notes: one column of text beside the plan's table" in result.stderr
    assert "--column" not in result.stderr
    assert _plan(tmp_path / "plan.yaml").title == "Hate Crime Plan 2024-25"


def test_a_sentence_under_each_numbered_heading_is_kept_with_it(hcplan, tmp_path):
    """'1. Prevention', then 'We will work with schools...' across the table: the sentence
    became the objective, 'Prevention' was lifted to the theme, and '2. Reporting' went into
    a note as the next sentence took its place."""
    rows = [["Action", "Lead", "Due"], ["1. Prevention"], ["We will work with schools to stop hate before it starts"],
            ["Schools workshops", "Education", "Dec 2024"], ["2. Reporting"],
            ["We will make it easier to report hate crime"], ["Reporting centres review", "Police", "Jan 2025"]]  # fmt: skip
    path, _ = _draft(hcplan, _sheet(tmp_path, rows), "--start", "2024-04-01")
    objectives = [o for t in _plan(path).themes for o in t.objectives]
    assert [(o.id, o.text, o.notes, [a.text for a in o.actions]) for o in objectives] == [
        ("1", "Prevention", ["We will work with schools to stop hate before it starts"], ["Schools workshops"]),
        ("2", "Reporting", ["We will make it easier to report hate crime"], ["Reporting centres review"]),
    ]


def _coloured(tmp_path: Path, rows: list[tuple[str, str | None, str | None]]) -> Path:
    """A workbook of actions with a RAG column: each row its action, its rating's words
    (or None) and its cell's fill (or None)."""
    import openpyxl
    from openpyxl.styles import PatternFill

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Action", "Lead", "RAG"])
    for n, (action, words, fill) in enumerate(rows, start=2):
        sheet.append([action, "CSP", words])
        if fill:
            sheet.cell(row=n, column=3).fill = PatternFill("solid", start_color=fill, end_color=fill)
    book.save(tmp_path / "plan.xlsx")
    return tmp_path / "plan.xlsx"


@pytest.mark.parametrize(
    "fill, rag",
    [
        ("92D050", "green"),  # Excel's standard Light Green
        ("C6EFCE", "green"),  # the Good style
        ("FFC7CE", "red"),  # the Bad style
        ("FFEB9C", "amber"),  # the Neutral style
        ("FFFF00", "amber"),
        ("C00000", "red"),
        ("00B0F0", "blue"),
        ("BFBFBF", "grey"),
    ],
)
def test_a_cell_coloured_in_a_spreadsheets_own_shades_is_read_as_its_colour(hcplan, tmp_path, fill, rag):
    """Pale and standard fills were read by their distance from five exact colours:
    Light Green, Good, Bad and Neutral all came out Grey (or unrated)."""
    path, _ = _draft(hcplan, _coloured(tmp_path, [("One", None, fill)]), "--start", "2024-04-01")
    plan = _plan(path)
    [action] = [ref.action for ref in plan.actions()]
    assert action.status == rag.capitalize() and plan.rating(action.status).rag == rag


def test_a_purple_or_white_cell_says_no_rating(hcplan, tmp_path):
    path, _ = _draft(hcplan, _coloured(tmp_path, [("One", None, "7030A0"), ("Two", None, "F2F2F2")]), "--start", "2024-04-01")
    assert [ref.action.status for ref in _plan(path).actions()] == [None, None]


def test_a_labels_colour_is_its_cells_when_its_words_name_none(hcplan, tmp_path):
    """'Complete' in blue cells (a council's Blue/Red/Amber/Green) was green, by its words,
    the same colour as On track; a label naming its colour keeps it whatever its cells."""
    rows = [("One", "Complete", "0070C0"), ("Two", "On track", "00B050"), ("Three", "Green", "FF0000")]
    path, _ = _draft(hcplan, _coloured(tmp_path, rows), "--start", "2024-04-01")
    scale = {r.label: (r.rag, r.done) for r in _plan(path).scale}
    assert scale == {"Complete": ("blue", True), "On track": ("green", False), "Green": ("green", False)}


def test_with_a_scale_given_a_colour_only_or_colour_word_rating_is_that_colours_label(hcplan, tmp_path):
    """--scale with On track=green: a cell coloured green with nothing written (read
    'Green') matched no label and became a note, 'Rated as written: Green'."""
    rows = [("One", None, "92D050"), ("Two", "red", None), ("Three", "Done", "0070C0"), ("Four", "Amber", None)]
    scale = "Not started=grey, On track=green, Significant delay=red, Completed=blue done, Slipping=amber, Late=amber"
    path, text = _draft(hcplan, _coloured(tmp_path, rows), "--start", "2024-04-01", "--scale", scale)
    actions = [ref.action for ref in _plan(path).actions()]
    assert [a.status for a in actions] == ["On track", "Significant delay", "Completed", None]
    # Two amber labels: which one 'Amber' means is not guessed.
    assert actions[3].notes == ["Rated as written: Amber"]
    said = " ".join(line.strip().lstrip("# ") for line in text.splitlines())
    assert "'Done' in cells coloured #0070C0 in the table is read as this label, the scale's one blue label" in said


def test_a_title_repeated_above_the_table_after_a_cover_sheet_is_no_heading(hcplan, tmp_path):
    """A cover sheet gave the title; the table's sheet repeats it above its header. It was
    drafted as a heading (an objective in a theme 1), so 'Priority 1' became theme 2, with a
    CHECK saying an earlier theme was numbered 1."""
    import openpyxl

    title = "Safer Northam Hate Crime Delivery Plan 2025-26"
    book = openpyxl.Workbook()
    book.active.title = "Read me"
    book.active["A1"] = title
    book.active["A3"] = "Updated quarterly for the partnership board."
    sheet = book.create_sheet("Delivery Plan")
    sheet.append([title])
    sheet.append([])
    sheet.append(["Ref", "What we will do", "Lead agency", "By when"])
    for row in (["Priority 1: Prevention"], ["P1.1", "Run awareness sessions", "Council", "Q3 2025/26"],
                ["Priority 2: Reporting"], ["P2.1", "Recruit reporting centres", "Stop Hate UK", "Ongoing"]):
        sheet.append(row)
    for row in (1, 4, 6):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    book.save(tmp_path / "plan.xlsx")
    path, text = _draft(hcplan, tmp_path / "plan.xlsx")
    plan = _plan(path)
    assert [(t.number, t.name) for t in plan.themes] == [(1, "Prevention"), (2, "Reporting")]
    assert [ref.action.id for ref in plan.actions()] == ["P1.1", "P2.1"]
    assert "an earlier theme has" not in text and plan.title == title


@pytest.mark.parametrize("header", ["Progress update (Q2 2025/26)", "2025-26 Q2 update", "Update: Quarter 2 FY2025/26"])
def test_a_progress_column_headed_by_a_financial_years_quarter_dates_its_cells(hcplan, tmp_path, header):
    """Only a month and year in the header was read: 'Progress update (Q2 2025/26)' left every
    cell undated progress, and every action 'never' updated."""
    source = tmp_path / "plan.csv"
    source.write_text(f'Action,Lead,"{header}"\nTrain staff,CSP,Two sessions held.\nRun events,Police,\n', encoding="utf-8")
    path, _ = _draft(hcplan, source, "--start", "2025-04-01")
    first, second = [ref.action for ref in _plan(path).actions()]
    assert [(u.date.isoformat(), u.text) for u in first.updates] == [("2025-09-30", "Two sessions held.")]
    assert first.progress == [] and second.updates == []


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--title", "", "--title: must not be empty"),
        ("--title", "   ", "--title: must not be empty"),
        ("--org", "", "--organisation: must not be empty"),
        ("--title", "Тitle", "--title: 'Тitle' mixes Cyrillic letters"),
        ("--org", "X\u0085Y", "--organisation: text holds a next line (U+0085)"),
    ],
)
def test_what_check_would_refuse_in_an_option_is_refused_and_nothing_written(hcplan, tmp_path, option, value, said):
    """new --title '' wrote a plan that check then refused, with exit 0 ('the new file passes
    hcplan check', says its help)."""
    args = {"--title": "Plan", "--org": "Anytown", option: value}
    result = hcplan("new", tmp_path / "plan.yaml", "--start", "2025-04-01", *[x for pair in args.items() for x in pair])
    assert result.exit_code == 2, result.stderr
    assert said in result.stderr and "nothing was written" in result.stderr
    assert not (tmp_path / "plan.yaml").exists()


def test_what_new_says_of_the_plan_shows_a_control_character_and_does_not_obey_it(hcplan, tmp_path):
    """--org $'Bad\\rGood' printed 'a new plan for Bad\\rGood' raw: the terminal wrote 'Good'
    over 'Bad'."""
    result = hcplan("new", tmp_path / "plan.yaml", "--title", "T", "--org", "Bad\rGood", "--start", "2025-04-01")
    assert result.exit_code == 0, result.stderr
    assert "a new plan for Bad\\rGood" in result.stderr and "\r" not in result.stderr


def test_a_finished_rating_in_a_coloured_cell_is_not_the_scales_label_of_that_colour(hcplan, tmp_path):
    """'Completed' in a green cell, with --scale 'On track=green, ...': it became 'On track',
    the scale's one green label (it is finished, and On track is not)."""
    rows = [("One", "Completed", "00B050"), ("Two", None, "00B050")]
    scale = "Not started=grey, On track=green, Behind=red, Done=blue done"
    path, _ = _draft(hcplan, _coloured(tmp_path, rows), "--start", "2024-04-01", "--scale", scale)
    one, two = [ref.action for ref in _plan(path).actions()]
    assert one.status is None and one.notes == ["Rated as written: Completed"]
    assert two.status == "On track"  # a green cell with nothing written is on track


def test_a_drafts_own_title_that_check_refuses_is_written_with_its_error(hcplan, tmp_path):
    """Only the options given are refused before writing: a title the draft took from its
    file's name was blamed on --title, which was not given, and nothing was written."""
    source = tmp_path / "Тown hate crime plan.csv"
    source.write_text("Action,Lead\nTrain staff,CSP\n", encoding="utf-8")
    result = hcplan("new", tmp_path / "plan.yaml", "--from", source, "--org", "Anytown", "--start", "2025-04-01")
    assert "--title" not in result.stderr
    assert (tmp_path / "plan.yaml").exists()


def test_word_text_in_tracked_changes_content_controls_fields_and_tables_in_cells_is_read(hcplan, tmp_path):
    """python-docx's text of a paragraph is its own runs' only: a tracked insertion, a
    content control (a form's field, or rows of a repeating section), a hyperlink field and a
    table inside a cell were lost; a tracked deletion, the place a moved text left, and a
    text box's fallback copy are not what a reader sees."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    table = document.add_table(rows=2, cols=4)
    for c, header in enumerate(("Action", "Lead", "Timescale", "Progress")):
        table.cell(0, c).text = header
    w = nsdecls("w")

    def fill(cell, xml: str) -> None:
        cell._tc.remove(cell._tc.p_lst[0])
        cell._tc.append(parse_xml(xml))

    fill(table.cell(1, 0), f'<w:p {w}><w:r><w:t xml:space="preserve">Deliver training to </w:t></w:r>'
                           f'<w:ins w:id="1" w:author="A" w:date="2024-05-01T00:00:00Z"><w:r><w:t>all frontline staff</w:t></w:r></w:ins>'
                           f'<w:del w:id="2" w:author="A" w:date="2024-05-01T00:00:00Z"><w:r><w:delText> (old words)</w:delText></w:r></w:del>'
                           f'<w:moveFrom w:id="3" w:author="A" w:date="2024-05-01T00:00:00Z"><w:r><w:t> moved away</w:t></w:r></w:moveFrom></w:p>')
    fill(table.cell(1, 1), f'<w:sdt {w}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Community Safety</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    fill(table.cell(1, 2), f'<w:p {w}><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>March 2025</w:t></w:r></w:sdtContent></w:sdt></w:p>')
    progress = table.cell(1, 3)
    fill(progress, f'<w:p {w}><w:r><w:t xml:space="preserve">Form live at </w:t></w:r>'
                   f'<w:fldSimple w:instr="HYPERLINK &quot;https://www.x.example/r&quot;"><w:r><w:t>www.x.example/r</w:t></w:r></w:fldSimple></w:p>')
    progress._tc.append(parse_xml(f'<w:p {w}><w:r><w:t>Figures:</w:t></w:r></w:p>'))
    inner = progress.add_table(rows=2, cols=2)
    for r, (a, b) in enumerate((("Q1", "12 trained"), ("Q2", "30 trained"))):
        inner.cell(r, 0).text, inner.cell(r, 1).text = a, b
    progress._tc.append(parse_xml(f"<w:p {w}/>"))  # a cell ends with a paragraph
    document.save(tmp_path / "plan.docx")
    path, text = _draft(hcplan, tmp_path / "plan.docx", "--start", "2024-04-01")
    [action] = [ref.action for ref in _plan(path).actions()]
    assert action.text == "Deliver training to all frontline staff"
    assert action.leads == ["Community Safety"]
    assert action.due == "March 2025"
    said = " ".join([*(u.text for u in action.updates), *action.progress])
    assert "Form live at www.x.example/r" in said and "Q1; 12 trained" in said and "Q2; 30 trained" in said, text
    assert "old words" not in text and "moved away" not in text


@pytest.mark.parametrize(
    ("cell", "lead", "email"),
    [
        ("HR (Jane Smith, 01632 960123, jane.smith@northshire.gov.uk)", "HR (Jane Smith)", "jane.smith@northshire.gov.uk"),
        ("Sam Jones (sam.jones@westshire.gov.uk)", "Sam Jones", "sam.jones@westshire.gov.uk"),
        ("Head of Community Safety - J Bloggs 07700 900123", "Head of Community Safety - J Bloggs", None),
        ("Community Safety (tel: +44 (0)1632 960 123; e: cs@council.example)", "Community Safety", "cs@council.example"),
        ("Victim Support (0808 168 9111)", "Victim Support", None),
        ("Jane Smith <jane.smith@anytown.gov.uk>", "Jane Smith", "jane.smith@anytown.gov.uk"),
        ("HCLO (Tel. 01632 960123 ext. 4)", "HCLO", None),
        ("jo.bloggs@anytown.gov.uk", "Jo Bloggs", "jo.bloggs@anytown.gov.uk"),  # an address alone: named after it
        ("Jo Bloggs; jo.bloggs@anytown.gov.uk; 020 8545 1234", "Jo Bloggs", "jo.bloggs@anytown.gov.uk"),  # the name's
        ("Met Police BCU 2024-25 1234", "Met Police BCU 2024-25 1234", None),  # no telephone number
        ("Safer Anytown", "Safer Anytown", None),
    ],
)  # fmt: skip
def test_contact_details_in_a_lead_cell_are_not_made_the_leads_published_name(hcplan, tmp_path, cell, lead, email):
    """A lead cell naming an officer with a telephone number and an email address: all of it
    became the lead's name, which every report, the site and the calendar publish."""
    source = tmp_path / "plan.csv"
    source.write_text(f'Action,Lead,Timescale\nTrain staff,"{cell}",March 2025\n', encoding="utf-8")
    path, text = _draft(hcplan, source, "--start", "2024-04-01")
    plan = _plan(path)
    assert [ref.action.leads for ref in plan.actions()] == [[lead]]
    assert [(entry.name, entry.email) for entry in plan.leads] == [(lead, email)]
    public = hcplan("report", path, "--public", "-f", "md", "--as-of", "2024-06-01").stdout
    assert lead in public and "@" not in public and "1632" not in public and "07700" not in public
    if cell != lead:
        assert "taken out of the lead's name, which every report publishes" in " ".join(text.replace("#", "").split())


def test_a_header_of_two_rows_reads_each_column_under_a_wide_header_cell(hcplan, tmp_path):
    """'Progress update' across Q1 and Q2, each headed below it: only Q1's column was read,
    and Q2's cells were lost without a word."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=4, cols=5)
    for c in range(3):
        table.cell(0, c).merge(table.cell(1, c))
    table.cell(0, 3).merge(table.cell(0, 4))
    for c, header in enumerate(("Action", "Lead", "Timescale", "Progress update")):
        table.cell(0, c).text = header
    table.cell(1, 3).text, table.cell(1, 4).text = "Q1", "Q2"
    for r, row in enumerate([("Run sessions", "Police", "March 2025", "3 held", "5 held - complete"),
                             ("Train staff", "Council", "Q2 2024/25", "Planned", "Done")], start=2):  # fmt: skip
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.save(tmp_path / "plan.docx")
    path, text = _draft(hcplan, tmp_path / "plan.docx", "--start", "2024-04-01")
    actions = [ref.action for ref in _plan(path).actions()]
    assert [a.text for a in actions] == ["Run sessions", "Train staff"]
    assert [a.progress for a in actions] == [
        ["Progress update Q1: 3 held", "Progress update Q2: 5 held - complete"],
        ["Progress update Q1: Planned", "Progress update Q2: Done"],
    ]
    assert "a row with no action" not in text


def test_a_header_of_two_rows_in_a_csv_file_and_a_workbook(hcplan, tmp_path):
    source = tmp_path / "plan.csv"
    source.write_text("Action,Lead,Quarterly progress,,\n,,Q1,Q2,Q3\nRun sessions,Police,3 held,5 held,Done\n")
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    [action] = [ref.action for ref in _plan(path).actions()]
    assert action.progress == ["Quarterly progress Q1: 3 held", "Quarterly progress Q2: 5 held", "Quarterly progress Q3: Done"]
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Action", "Lead", "Quarterly progress", None, None], [None, None, "Q1", "Q2", "Q3"],
                ["Run sessions", "Police", "3 held", "5 held", "Done"]):  # fmt: skip
        sheet.append(row)
    sheet.merge_cells("C1:E1")
    sheet.merge_cells("A1:A2")
    book.save(tmp_path / "sheet.xlsx")
    path, _ = _draft(hcplan, tmp_path / "sheet.xlsx", "--start", "2024-04-01")
    [action] = [ref.action for ref in _plan(path).actions()]
    assert action.progress == ["Quarterly progress Q1: 3 held", "Quarterly progress Q2: 5 held", "Quarterly progress Q3: Done"]


def test_a_date_a_sheet_shows_as_a_month_is_that_month_not_its_first_day(hcplan, tmp_path):
    """A Target Date of 1 March 2025 shown 'Mar-25' became due 2025-03-01, and the action
    was late on 2 March though the table says March."""
    import datetime

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Action", "Lead", "Target date"])
    for text, day, shown in (("Refresh the ISA", datetime.datetime(2025, 3, 1), "mmm-yy"),
                             ("Survey", datetime.datetime(2024, 9, 1), "mmmm yyyy"),
                             ("Audit", datetime.datetime(2024, 9, 1), "dd/mm/yyyy"),
                             ("Review", datetime.datetime(2024, 10, 1), '[$-809]mmmm" "yyyy;@')):  # fmt: skip
        sheet.append([text, "Police", day])
        sheet.cell(sheet.max_row, 3).number_format = shown
    book.save(tmp_path / "plan.xlsx")
    path, _ = _draft(hcplan, tmp_path / "plan.xlsx", "--start", "2024-04-01")
    assert [ref.action.due for ref in _plan(path).actions()] == ["March 2025", "September 2024", "2024-09-01", "October 2024"]


def test_headings_and_actions_that_start_like_a_note_are_not_notes(hcplan, tmp_path):
    """'Key Priority 1: ...' headings and an action 'Key partners to be identified' were taken
    for notes under the table: the objectives were lost, and the action."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Ref,Action,Lead,Due,Progress\nKey Priority 1: Raising awareness,,,,\n1.1,Produce a profile,Police,31/03/2025,Started\n"
        "Key Priority 2: Supporting victims,,,,\n2.1,Run events,Council,30/06/2024,Done\n,Key partners to be identified and engaged,,,\n"
        ",Note the new duties of the Act,Council,,\n"
    )
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    plan = _plan(path)
    assert plan.notes == []
    assert [(o.text, [a.text for a in o.actions]) for t in plan.themes for o in t.objectives] == [
        ("Key Priority 1: Raising awareness", ["Produce a profile"]),
        ("Key Priority 2: Supporting victims", ["Run events", "Key partners to be identified and engaged", "Note the new duties of the Act"]),
    ]


def test_a_footnote_under_the_table_is_kept_as_the_plans_note(hcplan, tmp_path):
    """'* Subject to OPCC funding being agreed' under the table (a row of a CSV file or a
    sheet, a paragraph after a Word table) was lost without a word."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Ref,Action,Lead\n1a,Train staff,Police\n1c*,Fund a helpline,Council\n,,\n"
        "* Subject to OPCC funding being agreed,,\nNote: the group reviews this plan quarterly,,\n"
    )
    path, text = _draft(hcplan, source, "--start", "2024-04-01")
    plan = _plan(path)
    assert plan.notes == ["* Subject to OPCC funding being agreed", "Note: the group reviews this plan quarterly"]
    assert [ref.action.id for ref in plan.actions()] == ["1a", "1c"]
    assert "a note to the table (row 5; row 6), kept as the plan's" in " ".join(text.replace("#", "").split())
    word = _table_docx(tmp_path / "word.docx", [["Action", "Lead"], ["Train staff", "Police"]])
    import docx

    document = docx.Document(word)
    document.add_paragraph("* Subject to OPCC funding being agreed")
    document.add_paragraph("Approved by the board.")  # not written as a note: not one
    document.save(word)
    path, _ = _draft(hcplan, word, "--start", "2024-04-01")
    assert _plan(path).notes == ["* Subject to OPCC funding being agreed"]


def test_ratings_coloured_otherwise_than_by_a_plain_fill_are_read(hcplan, tmp_path):
    """A RAG cell marked with the highlighter, shaded as a paragraph, filled with a theme colour
    (Excel's and Word's colour pickers offer those first) or a solid pattern had no rating."""
    import docx
    import openpyxl
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from openpyxl.styles import PatternFill
    from openpyxl.styles.colors import Color

    document = docx.Document()
    table = document.add_table(rows=5, cols=3)
    for c, header in enumerate(("Action", "Lead", "RAG")):
        table.cell(0, c).text = header
    w = nsdecls("w")
    marks = [
        f'<w:p {w}><w:r><w:rPr><w:highlight w:val="green"/></w:rPr><w:t xml:space="preserve"> </w:t></w:r></w:p>',
        f'<w:p {w}><w:pPr><w:shd w:val="clear" w:color="auto" w:fill="FF0000"/></w:pPr></w:p>',
        f'<w:p {w}/>',
        f'<w:p {w}/>',
    ]
    shading = [None, None, '<w:shd {w} w:val="clear" w:color="auto" w:fill="auto" w:themeFill="accent3"/>',
               '<w:shd {w} w:val="solid" w:color="FFC000" w:fill="auto"/>']  # fmt: skip
    for r, (mark, shade) in enumerate(zip(marks, shading), start=1):
        table.cell(r, 0).text, table.cell(r, 1).text = f"Action {r}", "Police"
        cell = table.cell(r, 2)._tc
        cell.remove(cell.p_lst[0])
        cell.append(parse_xml(mark))
        if shade:
            cell.get_or_add_tcPr().append(parse_xml(shade.format(w=w)))
    document.save(tmp_path / "plan.docx")
    path, _ = _draft(hcplan, tmp_path / "plan.docx", "--start", "2024-04-01")
    plan = _plan(path)
    assert [plan.rating(ref.action.status).rag for ref in plan.actions()] == ["green", "red", "green", "amber"]

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Action", "Lead", "RAG"])
    # openpyxl writes Office 2007's theme: accent3 9BBB59 (green), accent2 C0504D (red), accent6 F79646 (orange)
    for n, (theme, tint) in enumerate(((6, 0.0), (6, 0.5999938962981048), (5, 0.0), (9, -0.25)), start=2):
        sheet.append([f"Action {n}", "Police", None])
        sheet.cell(n, 3).fill = PatternFill("solid", fgColor=Color(theme=theme, tint=tint))
    book.save(tmp_path / "sheet.xlsx")
    path, _ = _draft(hcplan, tmp_path / "sheet.xlsx", "--start", "2024-04-01")
    plan = _plan(path)
    assert [plan.rating(ref.action.status).rag for ref in plan.actions()] == ["green", "green", "red", "amber"]


def test_starred_actions_and_notes_among_the_actions_are_the_tables_not_notes_under_it(hcplan, tmp_path):
    """Actions typed with a '*' before them, their lead merged down over their rows, and a
    'NB:' line in the progress column under an action were taken for notes under the table:
    two actions lost, and the action's progress."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Objective", "Action", "Lead", "Timescale", "Progress"])
    sheet.append(["Improve reporting", "* Train taxi drivers on reporting hate crime", "Licensing team", "Q3 2024/25", None])
    sheet.append([None, "* Train takeaway staff on reporting hate crime", None, None, None])
    sheet.append([None, "* Promote the reporting app in libraries", None, None, None])
    sheet.append([None, "Run a survey", "Police", "Q4 2024/25", "Met heads"])
    sheet.append([None, None, None, None, "NB: two schools declined"])
    sheet.append(["* Subject to funding being agreed"])
    for cells in ("A2:A5", "C2:C4", "D2:D4"):
        sheet.merge_cells(cells)
    book.save(tmp_path / "plan.xlsx")
    path, _ = _draft(hcplan, tmp_path / "plan.xlsx", "--start", "2024-04-01")
    plan = _plan(path)
    actions = [ref.action for ref in plan.actions()]
    assert [(a.text, a.leads) for a in actions] == [
        ("Train taxi drivers on reporting hate crime", ["Licensing team"]),
        ("Train takeaway staff on reporting hate crime", ["Licensing team"]),
        ("Promote the reporting app in libraries", ["Licensing team"]),
        ("Run a survey", ["Police"]),
    ]
    assert actions[-1].progress == ["Met heads", "NB: two schools declined"]
    assert plan.notes == ["* Subject to funding being agreed"]


def test_words_marked_by_the_highlighter_do_not_colour_their_rating(hcplan, tmp_path):
    """A Word plan highlighting what changed in yellow: the first highlighted 'Complete'
    made the label amber for the whole scale."""
    import docx
    from docx.enum.text import WD_COLOR_INDEX

    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for c, header in enumerate(("Action", "Lead", "RAG")):
        table.cell(0, c).text = header
    for r, (text, rating) in enumerate((("Train staff", "Complete"), ("Run events", "On track")), start=1):
        table.cell(r, 0).text, table.cell(r, 1).text = text, "Police"
        table.cell(r, 2).paragraphs[0].add_run(rating).font.highlight_color = WD_COLOR_INDEX.YELLOW
    document.save(tmp_path / "plan.docx")
    path, _ = _draft(hcplan, tmp_path / "plan.docx", "--start", "2024-04-01")
    assert [(label.label, label.rag) for label in _plan(path).scale] == [("Complete", "green"), ("On track", "green")]


def test_a_strategys_years_in_the_title_given_do_not_outweigh_the_dues(hcplan, tmp_path):
    source = tmp_path / "plan.csv"
    source.write_text("Action,Lead,Timescale\nA one,Police,October 2024\nA two,Police,March 2025\n")
    path = tmp_path / "plan.yaml"
    title = "Anytown Hate Crime Strategy 2022-2026: Action Plan"
    assert hcplan("new", path, "--from", source, "--org", "Anytown Council", "--title", title).exit_code == 0
    plan = _plan(path)
    assert (plan.period.start.isoformat(), plan.period.end.isoformat()) == ("2024-04-01", "2025-03-31")


def test_a_name_written_with_its_address_beside_another_lead_keeps_both(hcplan, tmp_path):
    """'Jo Bloggs (jo.bloggs@...), Police': the name written is no name made of the address,
    so the address is not given to Police, nor is Jo Bloggs dropped."""
    source = tmp_path / "plan.csv"
    source.write_text('Action,Lead,Timescale\nA one,"Jo Bloggs (jo.bloggs@anytown.gov.uk), Police",March 2025\n')
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    plan = _plan(path)
    assert [ref.action.leads for ref in plan.actions()] == [["Jo Bloggs", "Police"]]
    assert [(lead.name, lead.email) for lead in plan.leads] == [("Jo Bloggs", "jo.bloggs@anytown.gov.uk"), ("Police", None)]


def test_a_second_column_of_what_the_action_is_is_kept_in_it(hcplan, tmp_path):
    """"How we will do it" beside "What we will do": both are action headers, and the
    second column's words were lost without a word."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Ref,What we will do,How we will do it,Lead Agency,By when\n"
        "1.1,Raise awareness in schools,Deliver assemblies in all 12 secondary schools,Education,March 2025\n"
        "1.2,Train staff,,Education,March 2025\n",
        encoding="utf-8",
    )
    path, text = _draft(hcplan, source, "--start", "2024-04-01")
    actions = [ref.action for ref in _plan(path).actions()]
    assert [a.text for a in actions] == [
        "Raise awareness in schools; Deliver assemblies in all 12 secondary schools",
        "Train staff",
    ]
    assert "'How we will do it' says more of the action" in " ".join(text.replace("#", "").split())


@pytest.mark.parametrize(
    ("cell", "label", "said"),
    [
        ('"Green\n3 of 10 sessions delivered"', "Green", "3 of 10 sessions delivered"),
        ("Amber - awaiting funding decision", "Amber", "awaiting funding decision"),
        ("Awaiting funding decision - Amber", "Amber", "Awaiting funding decision"),
        ("Completed. Report published in May.", "Completed", "Report published in May."),
        ("Blue - Complete", "Blue - Complete", None),  # a label of two rating words is one label
        ('"Green\nComplete"', "Green Complete", None),  # so over two lines: done, as the words say
        ("Completed - March 2025", "Completed - March 2025", None),  # no words of progress beside it
        ("Complete (see update)", "Complete (see update)", None),
        ("In progress - 80% complete", "In progress", "80% complete"),  # a share done is progress
        ('"On track\nPhase 1 complete"', "On track", "Phase 1 complete"),
        ('"Green\nWorkshops delivered"', "Green", "Workshops delivered"),
        ("Amber - decision pending", "Amber", "decision pending"),  # "decision" is no month
        ("On track", "On track", None),
    ],
)
def test_a_rating_cell_that_says_more_than_its_rating_is_a_rating_and_progress(hcplan, tmp_path, cell, label, said):
    """"Green" over "3 of 10 sessions delivered" was one label, and done (for "delivered"):
    the public annual review then counted the action completed."""
    source = tmp_path / "plan.csv"
    source.write_text(f"Action,Lead,Due,RAG Status\nRun training,Police,March 2025,{cell}\n", encoding="utf-8")
    path, text = _draft(hcplan, source, "--start", "2024-04-01")
    plan = _plan(path)
    [action] = [ref.action for ref in plan.actions()]
    assert action.status == label
    assert [r.label for r in plan.scale] == [label]
    assert plan.scale[0].done == label.startswith(("Blue", "Complete", "Green Complete")), plan.scale
    if said and not label.startswith("Complete"):
        assert not [ref for ref in plan.actions() if plan.rating(ref.action.status).done]  # still to do
    assert action.progress == ([said] if said else [])


def test_no_telephone_number_is_kept_in_the_drafts_check_comments(hcplan, tmp_path):
    """A lead cell split at its commas was quoted whole in its CHECK comment, telephone
    number and all: the plan file is usually public."""
    source = tmp_path / "plan.csv"
    source.write_text(
        'Action,Lead,Due\nRun training,"Jane Smith, Community Safety (jane.smith@westshire.gov.uk, 01632 960123)",March 2025\n'
        'Visit,"Police (PC Jones 07700 900123), Housing",March 2025\n',
        encoding="utf-8",
    )
    path, text = _draft(hcplan, source, "--start", "2024-04-01")
    assert "960123" not in text and "900123" not in text and "01632" not in text
    assert [ref.action.leads for ref in _plan(path).actions()] == [
        ["Jane Smith", "Community Safety"],
        ["Police (PC Jones)", "Housing"],
    ]


def _run(*args: str | Path, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    """hcplan as a shell runs it, with arguments that may hold bytes not UTF-8, and a
    limit on the size of a file it may write (``ulimit -f``, in bytes)."""
    import resource

    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "hcplan", *map(str, args)],
        capture_output=True,
        text=True,
        errors="surrogateescape",
        timeout=60,
        preexec_fn=limited,
    )


def test_text_or_a_file_name_not_in_utf8_is_a_usage_error_not_a_crash(tmp_path):
    """A byte that is not UTF-8 in --org (a Latin-1 terminal) or in the file's name (which
    the new plan's comment names) was an internal error; control characters in --scale were
    written into a plan that check refuses."""
    latin = b"Caf\xe9".decode("utf-8", "surrogateescape")
    header = ("--title", "T", "--start", "2025-04-01", "--scale", "rag")
    for args, said in [
        ((tmp_path / "plan.yaml", "--org", latin, *header), "--organisation is not UTF-8 text: byte 0xe9 at character 4"),
        ((tmp_path / f"{latin}.yaml", "--org", "O", *header), "the file name is not UTF-8 text (byte 0xe9 at character"),
        ((tmp_path / "plan.yaml", "--org", "O", "--title", "T", "--start", "2025-04-01", "--scale", "A\x1b=red, B=green done"),
         "--scale: text holds an escape (U+001B)"),
        ((tmp_path / "plan.yaml", "--org", "Bell\x07", *header), "--organisation: text holds a bell (U+0007)"),
    ]:  # fmt: skip
        result = _run("new", *args)
        assert result.returncode == 2, result.stderr
        assert said in result.stderr and "internal error" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_new_plan_that_cannot_be_written_leaves_no_folder_it_made(tmp_path):
    """A full disk (here a limit on a file's size) left the folders made for the plan."""
    result = _run("new", tmp_path / "plans" / "2025-26" / "plan.yaml", "--title", "T", "--org", "O",
                  "--start", "2025-04-01", "--scale", "rag", limit=64)  # fmt: skip
    assert result.returncode == 1
    assert "nothing was written" in result.stderr and "unchanged" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_progress_after_a_line_break_in_a_word_action_cell_is_an_update(hcplan, tmp_path):
    """'Update – ...' after Shift+Enter stayed in the action's text (as a paragraph of its
    own it is an update); a line broken for its layout is still one action's words."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=6, cols=3)
    for cell, header in zip(table.rows[0].cells, ["ACTION", "TIMESCALE", "Lead Officer / Agency"]):
        cell.text = header
    rows = [("We will publicise hate crime reporting.\nUpdate – The strategy was launched on 6th July 2024.",
             "July 2024 launch", "Hate Crime Lead"),
            ("Deliver training to all\nfrontline staff", "March 2025", "Council"),
            ("Refresh the strategy\nUpdate the council website", "March 2025", "Council"),
            ("Deliver training to staff\nQ2 update: 3 sessions held", "March 2025", "Council"),
            ("Map venues\nUpdate 14/11/2024 venues listed", "March 2025", "Council")]  # fmt: skip
    for r, row in enumerate(rows, start=1):
        for cell, text in zip(table.rows[r].cells, row):
            cell.text = text  # python-docx writes each \n as a line break
    document.save(tmp_path / "plan.docx")
    path, _ = _draft(hcplan, tmp_path / "plan.docx", "--start", "2024-04-01")
    first, second, third, fourth, fifth = [ref.action for ref in _plan(path).actions()]
    assert first.text == "We will publicise hate crime reporting."
    assert [(u.date, u.text) for u in first.updates] == [(date(2024, 7, 6), "The strategy was launched")]
    assert second.text == "Deliver training to all frontline staff"
    assert third.text == "Refresh the strategy Update the council website" and not third.progress  # a verb
    assert fourth.text == "Deliver training to staff" and fourth.progress == ["Q2 update: 3 sessions held"]
    assert fifth.text == "Map venues" and [(u.date, u.text) for u in fifth.updates] == [(date(2024, 11, 14), "Venues listed")]


def test_start_and_end_date_columns_make_the_end_the_due(hcplan, tmp_path):
    """'Start date' and 'End date' were both dues, the first kept: the action was overdue
    from its start."""
    source = tmp_path / "plan.csv"
    source.write_text("Action,Lead,Start date,End date\nRun training,Council,April 2024,March 2025\n", encoding="utf-8")
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    [action] = [ref.action for ref in _plan(path).actions()]
    assert action.due == "March 2025" and action.notes == ["Starts: April 2024"]
    assert "Nothing is overdue" in hcplan("overdue", path, "--as-of", "2024-06-01").stdout


def test_a_last_updated_column_dates_the_rows_progress(hcplan, tmp_path):
    """'Last updated' 14/11/2024 beside 'Two sessions held' was an update whose words were
    the date, and the progress stayed undated."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Action,Lead,Target date,Progress,Last updated\n"
        "Run training,Council,March 2025,Two sessions held,14/11/2024\n"
        "Map venues,Council,March 2025,,15/11/2024\n"
        "Hold a workshop,Council,March 2025,,14 Nov 2024 - workshop held\n",
        encoding="utf-8",
    )
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    first, second, third = [ref.action for ref in _plan(path).actions()]
    # A cell of more than a day is progress, as it was before the column was known.
    assert [(u.date, u.text) for u in third.updates] == [(date(2024, 11, 14), "Workshop held")]
    assert [(u.date, u.text) for u in first.updates] == [(date(2024, 11, 14), "Two sessions held")]
    assert first.progress == [] and second.updates == []
    assert second.notes == ["Last updated: 15 November 2024"]


def test_a_percentage_cell_is_kept_as_the_sheet_shows_it(hcplan, tmp_path):
    """A '% complete' cell formatted as a percentage holds 0.5: it was kept as '0.5'."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Action", "Lead", "Due", "% complete"])
    sheet.append(["Run training", "Police", "March 2025", 0.5])
    sheet["D2"].number_format = "0%"
    book.save(tmp_path / "plan.xlsx")
    path, _ = _draft(hcplan, tmp_path / "plan.xlsx", "--start", "2024-04-01")
    [action] = [ref.action for ref in _plan(path).actions()]
    assert action.notes == ["% complete: 50%"]


def test_a_list_written_over_paragraphs_reads_on_as_written(hcplan, tmp_path):
    """'Train:' then 'school staff; and' then 'taxi drivers' became 'school staff; and; taxi drivers'."""
    source = tmp_path / "plan.csv"
    source.write_text('Action,Lead\n"Train:\nschool staff; and\ntaxi drivers",Police\n', encoding="utf-8")
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    assert [ref.action.text for ref in _plan(path).actions()] == ["Train: school staff; and taxi drivers"]


@pytest.mark.parametrize(("header", "where"), [("How we will do it", "text"), ("Action taken", "notes"), ("Action plan ref", "notes")])
def test_a_second_column_named_like_an_action_only_by_a_word_is_kept_in_the_notes(hcplan, tmp_path, header, where):
    """A header guessed an action's by a word in it ("Action taken": progress; "Action plan
    ref": a number) was added to the published action text."""
    source = tmp_path / "plan.csv"
    source.write_text(f"Action,Lead,Due,{header}\nRun training,Police,March 2025,Sessions held in May\n", encoding="utf-8")
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    [action] = [ref.action for ref in _plan(path).actions()]
    if where == "text":
        assert action.text == "Run training; Sessions held in May"
    else:
        assert action.text == "Run training" and action.notes == [f"{header}: Sessions held in May"]


def test_a_last_updated_cell_with_a_time_dates_and_one_that_is_no_day_is_kept_saying_so(hcplan, tmp_path):
    """'14/11/2024 10:32' became an update '10:32'; 'TBC' and 'Yes' were taken for progress."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Action,Lead,Due,Progress,Last updated\n"
        "A,Council,March 2025,Met,14/11/2024 10:32\n"
        "B,Council,March 2025,Met,TBC\n",
        encoding="utf-8",
    )
    path, text = _draft(hcplan, source, "--start", "2024-04-01")
    first, second = [ref.action for ref in _plan(path).actions()]
    assert [(u.date, u.text) for u in first.updates] == [(date(2024, 11, 14), "Met")]
    assert second.notes == ["Last updated: TBC"] and second.progress == ["Met"]
    assert "'TBC' under 'Last updated' is no day" in " ".join(text.replace("#", "").split())


def test_heading_rows_above_the_header_and_again_for_each_part_are_themes_and_objectives(hcplan, tmp_path):
    """Sheffield's layout: a title, then for each part three rows across the table (the national
    objective, the council's goal, its measure) and the header again. The first part's national
    objective was taken for a title and dropped; the second's became the notes of an objective
    numbered 3 (there was no objective 2)."""
    import openpyxl

    parts = [
        ("The Cross-Government Hate Crime Action Plan Objective: Increase victim and community confidence in justice",
         "Anytown Strategic Goal - Increase awareness, reporting and recording of hate crime incidents",
         "Measure of Success – A 10% increase in hate crimes reported to partners",
         [["1a Provide hate crime training", "Council", "2011"], ["1b Update the web pages", "Council", "2011"]]),
        ("The Cross-Government Hate Crime Action Plan Objective: Improve the operational response to hate crimes",
         "Anytown Strategic Goal - Improve the support given to victims and witnesses",
         "Measure of Success – Increase in victim satisfaction",
         [["2a Set up a case panel", "Police", "2012"]]),
    ]  # fmt: skip
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Anytown Hate Crime Strategy 2010-13 DRAFT v4"])
    sheet.merge_cells("A1:C1")
    for national, goal, measure, actions in parts:
        for words in (national, goal, measure):
            sheet.append([words])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=3)
        sheet.append(["Action", "Lead Partner", "Completion Date"])
        for row in actions:
            sheet.append(row)
    source = tmp_path / "strategy.xlsx"
    book.save(source)
    path, _ = _draft(hcplan, source, "--start", "2010-04-01", "--end", "2013-03-31")
    plan = _plan(path)
    assert plan.title == "Anytown Hate Crime Strategy 2010-13 DRAFT v4"
    assert [(t.number, t.name) for t in plan.themes] == [
        (1, "Increase victim and community confidence in justice"),
        (2, "Improve the operational response to hate crimes"),
    ]
    assert [(o.id, o.text, o.measure, o.notes, [a.id for a in o.actions]) for t in plan.themes for o in t.objectives] == [
        ("1", "Increase awareness, reporting and recording of hate crime incidents",
         ["A 10% increase in hate crimes reported to partners"], [], ["1a", "1b"]),
        ("2", "Improve the support given to victims and witnesses", ["Increase in victim satisfaction"], [], ["2a"]),
    ]  # fmt: skip


def test_a_theme_column_names_its_theme_however_long(hcplan, tmp_path):
    """A Theme cell of seven words or more became the theme's aim, and the theme had no name:
    reports said 'Theme 2' and --theme could not find it by its words."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Theme,Action,Lead\n"
        "Preventing hate crime,Run assemblies,Council\n"
        "Improving support for victims of hate crime in every ward,Fund advocacy,Council\n",
        encoding="utf-8",
    )
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    assert [(t.name, t.aim) for t in _plan(path).themes] == [
        ("Preventing hate crime", None),
        ("Improving support for victims of hate crime in every ward", None),
    ]
    listed = hcplan("list", path, "--theme", "Improving", "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    assert "Fund advocacy" in listed.stdout and "Run assemblies" not in listed.stdout


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # The end of a list "X, Y and Z" names a lead the table names on its own elsewhere.
        ("DMBC Hate Crime Lead, SLHD Hate Crime Lead and Doncaster CVS",
         ["DMBC Hate Crime Lead", "SLHD Hate Crime Lead", "Doncaster CVS"]),
        ("Police & SLHD Hate Crime Lead", ["Police", "SLHD Hate Crime Lead"]),
        # One name with "and" in it stays one: its parts are not each a lead of the table.
        ("Council, Police and Crime Commissioner", ["Council", "Police and Crime Commissioner"]),
        ("Safer and Sustainable Communities Partnership", ["Safer and Sustainable Communities Partnership"]),
    ],
)  # fmt: skip
def test_a_lead_cell_joining_names_with_and_is_split_when_the_table_names_them(hcplan, tmp_path, cell, leads):
    """'X, Y and Z' was split at its comma only: 'Y and Z' became a lead of its own, with its
    own returns workbook and digest."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Action,Lead\n"
        "Train staff,SLHD Hate Crime Lead\n"
        "Patrol,Police\n"
        "Report,Council\n"
        f'Hold events,"{cell}"\n',
        encoding="utf-8",
    )
    path, text = _draft(hcplan, source, "--start", "2024-04-01")
    plan = _plan(path)
    assert [a.leads for a in (ref.action for ref in plan.actions())][-1] == leads
    assert all(lead.name in {n for ref in plan.actions() for n in ref.action.leads} for lead in plan.leads)
    if len(leads) == 3 or cell.startswith("Police &"):
        assert "if it is one name, join them again" in text
    else:
        assert "join them again" not in text


def test_a_lead_written_with_a_curly_apostrophe_is_the_lead_written_straight(hcplan, tmp_path):
    """'National Police Chiefs’ Council' and 'National Police Chiefs' Council' were two leads."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Action,Lead\nTrain staff,National Police Chiefs’ Council\nPatrol,National Police Chiefs' Council\n",
        encoding="utf-8",
    )
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    assert [lead.name for lead in _plan(path).leads] == ["National Police Chiefs’ Council"]


def test_a_key_to_the_ratings_under_a_word_table_gives_the_scale_its_meanings(hcplan, tmp_path):
    """'RAG: Green – on track; Amber – some slippage; Red – significant concern.' after the
    table was dropped without a word, and the scale had no meanings (the returns workbook's
    'What it means' column was empty)."""
    table = [["Action", "Lead", "RAG"], ["Train staff", "Council", "Green"], ["Hold events", "Police", "Amber"],
             ["Fund advocacy", "Council", "Red"]]  # fmt: skip
    source = _word(tmp_path, "Anytown Hate Crime Action Plan 2024-25", table)
    import docx

    document = docx.Document(source)
    document.add_paragraph("RAG: Green – on track; Amber – some slippage; Red – significant concern.")
    document.save(source)
    path, text = _draft(hcplan, source, "--start", "2024-04-01")
    assert [(lab.label, lab.meaning) for lab in _plan(path).scale] == [
        ("Green", "on track"),
        ("Amber", "some slippage"),
        ("Red", "significant concern"),
    ]
    assert "what each label means is the table's key (the text after the last table)" in text


def test_a_key_row_under_a_sheet_names_the_meanings_of_its_letters(hcplan, tmp_path):
    """A row 'Key: G = Completed, A = In progress, R = Not started' after the actions was read
    as an objective with no actions (or a note): its letters are the table's ratings."""
    rows = [["Action", "Lead", "RAG"], ["Train staff", "Council", "Green"], ["Hold events", "Police", "Amber"],
            ["Fund advocacy", "Council", "Red"], ["Key: G = Completed, A = In progress, R = Not started"],
            ["* Subject to funding from the OPCC"]]  # fmt: skip
    path, text = _draft(hcplan, _sheet(tmp_path, rows), "--start", "2024-04-01")
    plan = _plan(path)
    assert [(lab.label, lab.meaning) for lab in plan.scale] == [
        ("Green", "Completed"),
        ("Amber", "In progress"),
        ("Red", "Not started"),
    ]
    assert plan.notes == ["* Subject to funding from the OPCC"]
    assert [o.text for t in plan.themes for o in t.objectives] == ["Actions"]


@pytest.mark.parametrize(
    "line",
    ["Key: items marked * are funded by the OPCC", "RAG: see the guidance on the council's intranet"],
)
def test_a_key_that_names_no_ratings_stays_a_note(hcplan, tmp_path, line):
    """A line across the table after its last action was dropped without a word when it read
    as a heading (with no action under it)."""
    rows = [["Action", "Lead", "RAG"], ["Train staff", "Council", "Green"], [line]]
    path, _ = _draft(hcplan, _sheet(tmp_path, rows), "--start", "2024-04-01")
    plan = _plan(path)
    assert all(lab.meaning is None for lab in plan.scale)
    assert plan.notes == [line]


def test_a_heading_with_no_action_under_it_is_kept_as_a_note(hcplan, tmp_path):
    rows = [["Action", "Lead"], ["Theme 1: Prevention"], ["Train staff", "Council"],
            ["Theme 2: Support for victims"], ["Objective 2.1: Fund advocacy services"]]  # fmt: skip
    path, text = _draft(hcplan, _sheet(tmp_path, rows), "--start", "2024-04-01")
    plan = _plan(path)
    assert [t.name for t in plan.themes] == ["Prevention"]
    assert plan.notes == ["Support for victims", "Fund advocacy services"]


def test_progress_entries_labelled_by_a_month_and_a_two_digit_year_are_dated(hcplan, tmp_path):
    """'Sept 23: 6 schools booked. Oct 23: 3 sessions delivered.' was one undated line."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Action,Lead,Progress\n"
        'Train staff,CSP,"Sept 23: 6 schools booked.\nOct-23 - 3 sessions delivered."\n'
        "Hold events,CSP,May 12 sessions were planned\n",
        encoding="utf-8",
    )
    path, _ = _draft(hcplan, source, "--start", "2023-04-01")
    first, second = (ref.action for ref in _plan(path).actions())
    assert [(u.date.isoformat(), u.text) for u in first.updates] == [
        ("2023-09-01", "Sept 23: 6 schools booked."),
        ("2023-10-01", "Oct-23 - 3 sessions delivered."),
    ]
    assert (second.updates, second.progress) == ([], ["May 12 sessions were planned"])


def test_an_id_written_with_its_kind_or_a_footnote_mark_is_the_bare_number(hcplan, tmp_path):
    """A Ref 'Action 1' became the ID 'Action 1', which no command could name ('action 1' is
    action 1); '1d* Promote...' became 1d without the CHECK that says where its mark went."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Ref,Action,Lead\nAction 1,Train staff,Council\nAction 2,Hold events,Police\n,1d* Promote the campaign,Council\n",
        encoding="utf-8",
    )
    path, text = _draft(hcplan, source, "--start", "2024-04-01")
    assert [ref.action.id for ref in _plan(path).actions()] == ["1", "2", "1d"]
    assert "numbered 1d* in the table: the mark after it (a footnote?) is not part of the ID" in " ".join(
        line.strip("# ") for line in text.splitlines()
    )


# --- from a second trial of the drafts: what the first fixes must not break ---------------


def _lifted_then(*rows: list[str]) -> list[list[str]]:
    """A sheet whose first part is headed by two rows (a theme's, an objective's), then ``rows``."""
    return [["Action", "Lead", "Timescale"], ["Reporting and awareness"], ["Increase reporting of hate crime"],
            ["Run a reporting campaign", "Police", "Q2"], *rows]  # fmt: skip


def test_after_a_theme_read_from_two_headings_an_objective_without_actions_stays_an_objective(hcplan, tmp_path):
    """Once one part was read as theme and objective, any heading with no action under it
    became a theme of its own: an explicit 'Theme 2:' was made a note, and 'Objective 2.1'
    (no actions yet) a theme."""
    rows = _lifted_then(["Theme 2: Supporting victims"], ["Objective 2.1: Review the referral pathway"],
                        ["Objective 2.2: Ensure victims get timely support"], ["Refer every victim", "Council", "Q3"],
                        ["Improve recording by housing officers"], ["Improve confidence of victims to report"],
                        ["Train housing officers", "Housing", "Q4"])  # fmt: skip
    path, _ = _draft(hcplan, _sheet(tmp_path, rows), "--start", "2024-04-01")
    plan = _plan(path)
    assert [(t.number, t.name, [o.text for o in t.objectives]) for t in plan.themes] == [
        (1, "Reporting and awareness", ["Increase reporting of hate crime"]),
        (2, "Supporting victims", ["Ensure victims get timely support", "Improve confidence of victims to report"]),
    ]
    notes = [o.notes for t in plan.themes for o in t.objectives]
    assert ["Review the referral pathway"] in notes and ["Improve recording by housing officers"] in notes


def test_lines_above_the_header_that_name_no_objective_are_notes_and_leave_theme_numbers_alone(hcplan, tmp_path):
    """'Westford Community Safety Partnership' and 'Last updated: 12 March 2024' above the
    header became a theme and its objective, and 'Theme 1:' below was numbered 2."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Westford Hate Crime Action Plan 2024-25"], ["Westford Community Safety Partnership"],
                ["Last updated: 12 March 2024"], ["Action", "Lead", "Timescale"], ["Theme 1: Reporting"],
                ["Promote reporting centres", "Police", "Q2"], ["Theme 2: Support"], ["Refer victims", "Council", "Q3"]):  # fmt: skip
        sheet.append(row)
    source = tmp_path / "plan.xlsx"
    book.save(source)
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    plan = _plan(path)
    assert [(t.number, t.name) for t in plan.themes] == [(1, "Reporting"), (2, "Support")]
    assert plan.notes == ["Westford Community Safety Partnership", "Last updated: 12 March 2024"]


@pytest.mark.parametrize(
    ("line", "meanings", "notes"),
    [
        ("Key: HCRC = Hate Crime Reporting Centre; VS = Victim Support", [None, None, None],
         ["Key: HCRC = Hate Crime Reporting Centre; VS = Victim Support"]),
        ("RAG: Green – on track; Amber – some slippage; Red – late; Blue – complete", ["on track", "some slippage", "late"],
         ["RAG: Green – on track; Amber – some slippage; Red – late; Blue – complete"]),
        ("Key: Lead – the officer responsible; Timescale – when it is due", [None, None, None],
         ["Key: Lead – the officer responsible; Timescale – when it is due"]),
    ],
)  # fmt: skip
def test_a_key_of_other_things_is_kept_as_a_note(hcplan, tmp_path, line, meanings, notes):
    """A key to abbreviations or to the columns was taken for a key to the ratings and
    dropped without a word; one naming a rating the table does not use lost that part."""
    rows = [["Action", "Lead", "RAG"], ["Train staff", "Council", "Green"], ["Hold events", "Police", "Amber"],
            ["Fund advocacy", "Council", "Red"], [line]]  # fmt: skip
    path, _ = _draft(hcplan, _sheet(tmp_path, rows), "--start", "2024-04-01")
    plan = _plan(path)
    assert [lab.meaning for lab in plan.scale] == meanings
    assert plan.notes == notes


def test_a_heading_with_no_action_is_kept_whole_as_a_note(hcplan, tmp_path):
    rows = [["Action", "Lead"], ["Theme 1: Prevention"], ["Train staff", "Council"],
            ["Theme 2: Governance – monitoring delivery of the plan through the partnership"]]  # fmt: skip
    path, _ = _draft(hcplan, _sheet(tmp_path, rows), "--start", "2024-04-01")
    assert _plan(path).notes == ["Governance – monitoring delivery of the plan through the partnership"]


def test_a_ref_naming_an_objective_heads_its_actions(hcplan, tmp_path):
    """Refs 'Objective 1', 'Action 1', 'Action 2', 'Objective 2', 'Action 3': the objectives'
    rows were read as actions, and their numbers clashed with the actions'."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Ref,Action,Lead\nObjective 1,Increase reporting of hate crime,\nAction 1,Run a campaign,Police\n"
        "Action 2,Train staff,Council\nObjective 2,Support victims,\nAction 3,Refer victims,Police\n",
        encoding="utf-8",
    )
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    plan = _plan(path)
    assert [(o.id, o.text, [a.id for a in o.actions]) for t in plan.themes for o in t.objectives] == [
        ("1", "Increase reporting of hate crime", ["1", "2"]),
        ("2", "Support victims", ["3"]),
    ]


@pytest.mark.parametrize("alone", [False, True])
def test_a_name_with_and_alone_in_its_cell_stays_one_lead(hcplan, tmp_path, alone):
    """'Mental Health and Wellbeing Service', with 'Mental Health' a lead of another row, was
    split in two: only the end of a list ('X, Y and Z') is read so, and not when the table
    writes the name alone in a cell too."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Action,Lead\nTrain staff,Mental Health\nHold events,\"Council, Mental Health and Wellbeing Service\"\n"
        + ("Refer,Mental Health and Wellbeing Service\n" if alone else ""),
        encoding="utf-8",
    )
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    leads = [ref.action.leads for ref in _plan(path).actions()]
    if alone:
        assert leads[1:] == [["Council", "Mental Health and Wellbeing Service"], ["Mental Health and Wellbeing Service"]]
    else:
        assert leads[1] == ["Council", "Mental Health", "Wellbeing Service"]


def test_dated_progress_on_the_lines_of_a_word_cell(hcplan, tmp_path):
    """'Sept 24 - 40 referrals' and 'Dec 24 - 55 referrals' on two lines of one Word
    paragraph were one update; '12 Jan 25: survey sent' was undated, and 'Jul 24 - 30:
    event week' (days) was dated 1 July 2024."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=3)
    for row in (["Action", "Lead", "Progress"], ["Refer victims", "Police", None], ["Survey", "Council", None],
                ["Events", "Council", None]):  # fmt: skip
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            if text is not None:
                cell.text = text
    run = table.rows[1].cells[2].paragraphs[0].add_run("Sept 24 - 40 referrals")
    run.add_break()
    table.rows[1].cells[2].paragraphs[0].add_run("Dec 24 - 55 referrals")
    table.rows[2].cells[2].text = "12 Jan 25: survey sent"
    table.rows[3].cells[2].text = "Jul 24 - 30: event week"
    source = tmp_path / "plan.docx"
    document.save(source)
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    first, second, third = (ref.action for ref in _plan(path).actions())
    assert [(u.date.isoformat(), u.text) for u in first.updates] == [
        ("2024-09-01", "Sept 24 - 40 referrals"),
        ("2024-12-01", "Dec 24 - 55 referrals"),
    ]
    assert [(u.date.isoformat(), u.text) for u in second.updates] == [("2025-01-12", "Survey sent")]
    assert third.updates == [] and third.progress == ["Jul 24 - 30: event week"]


def test_a_theme_heading_is_named_at_its_first_mark(hcplan, tmp_path):
    rows = [["Action", "Lead"], ["Strategic Priority 4: Reporting – Increase reporting: by victims and witnesses"],
            ["Train staff", "Council"]]  # fmt: skip
    path, _ = _draft(hcplan, _sheet(tmp_path, rows), "--start", "2024-04-01")
    [theme] = _plan(path).themes
    assert (theme.name, theme.aim) == ("Reporting", "Increase reporting: by victims and witnesses")


def test_rows_across_the_table_heading_each_part_twice_are_themes_and_objectives(hcplan, tmp_path):
    """A sheet heads each part with two plain rows (theme, objective): only the first part's
    were read so; the others' theme rows became notes of objectives of theme 1."""
    rows = [["Action", "Lead", "RAG"], ["Reporting"], ["Increase reporting of hate crime"], ["Run a campaign", "Police", "Green"],
            ["Supporting victims"], ["Improve support for victims"], ["Refer victims", "Council", "Red"],
            ["Prevention"], ["Challenge hate in schools"], ["Hold assemblies", "Schools", "Green"]]  # fmt: skip
    path, _ = _draft(hcplan, _sheet(tmp_path, rows), "--start", "2024-04-01")
    plan = _plan(path)
    assert [(t.name, [o.text for o in t.objectives]) for t in plan.themes] == [
        ("Reporting", ["Increase reporting of hate crime"]),
        ("Supporting victims", ["Improve support for victims"]),
        ("Prevention", ["Challenge hate in schools"]),
    ]


@pytest.mark.parametrize("where", ["paragraph", "row"])
def test_a_key_to_the_ratings_above_the_table_gives_the_scale_its_meanings(hcplan, tmp_path, where):
    """Above the table no rating is read yet: the key was judged against none and lost."""
    key = "RAG key: Green - on track; Amber - some slippage; Red - off track"
    rows = [["Action", "Lead", "RAG"], ["Train staff", "Council", "Green"], ["Hold events", "Police", "Amber"],
            ["Fund advocacy", "Council", "Red"]]  # fmt: skip
    if where == "paragraph":
        source = _word(tmp_path, "Anytown Hate Crime Action Plan 2024-25", key, rows)
    else:
        import openpyxl

        book = openpyxl.Workbook()
        for row in ([key], *rows):
            book.active.append(row)
        source = tmp_path / "plan.xlsx"
        book.save(source)
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    plan = _plan(path)
    assert [lab.meaning for lab in plan.scale] == ["on track", "some slippage", "off track"]
    assert key not in plan.notes


def test_an_objectives_own_row_keeps_its_cells(hcplan, tmp_path):
    """A Ref 'Objective 1' row's rating, dated progress and lead were dropped without a word."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Ref,Action,Lead,RAG,Progress\n"
        "Objective 1,Increase reporting of hate crime,Community Safety,Amber,12/05/2024: Reports up 4%\n"
        "Action 1,Run a campaign,Police,Green,\n",
        encoding="utf-8",
    )
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    [objective] = [o for t in _plan(path).themes for o in t.objectives]
    assert (objective.status, [(u.date.isoformat(), u.text) for u in objective.updates]) == (
        "Amber",
        [("2024-05-12", "Reports up 4%")],
    )
    assert objective.notes == ["Lead: Community Safety"]


def test_a_dated_line_that_goes_on_with_the_sentence_before_is_no_new_update(hcplan, tmp_path):
    """'...results due in' then 'June 2024 at the board.' on the next line of a Word cell became
    an update of its own dated 1 June 2024; 'Jul 24 - 30th:' (days) was dated 1 July."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=3)
    for row in (["Action", "Lead", "Progress"], ["Survey", "Council", ""], ["Events", "Council", ""]):
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    paragraph = table.rows[1].cells[2].paragraphs[0]
    paragraph.add_run("12/05/2024: Survey sent to 40 groups; results due in").add_break()
    paragraph.add_run("June 2024 at the board.")
    table.rows[2].cells[2].text = "Jul 24 – 30th: event week held"
    source = tmp_path / "plan.docx"
    document.save(source)
    path, _ = _draft(hcplan, source, "--start", "2024-04-01")
    first, second = (ref.action for ref in _plan(path).actions())
    assert [(u.date.isoformat(), u.text) for u in first.updates] == [
        ("2024-05-12", "Survey sent to 40 groups; results due in June 2024 at the board.")
    ]
    assert second.updates == [] and second.progress == ["Jul 24 – 30th: event week held"]


def test_a_long_word_table_looks_up_each_style_once(tmp_path, monkeypatch):
    """python-docx looks through every style of the document for a paragraph's style each
    time it is asked: a 2,000-row table took most of a minute. Each style is asked once."""
    from docx.text.paragraph import Paragraph

    from hcplan.files.tables_in import read_tables

    rows = [["Action", "Lead", "Timescale"]] + [[f"Action number {n}", "Police", "Q3 2024/25"] for n in range(300)]
    source = _table_docx(tmp_path / "long.docx", rows, "Anytown Hate Crime Plan 2024/25")
    asked = []
    real = Paragraph.style

    def counted(paragraph):
        asked.append(1)
        return real.fget(paragraph)

    monkeypatch.setattr(Paragraph, "style", property(counted))
    read = read_tables(str(source))
    assert len(read.tables[0].rows) == 301 and read.title == "Anytown Hate Crime Plan 2024/25"
    assert len(asked) <= 5


def test_a_rating_in_a_hidden_column_does_not_replace_the_visible_one(hcplan, tmp_path):
    """A hidden 'Internal RAG' column right of 'Status' made a Completed action Green, and so
    not done (listed overdue), with the rating everyone saw kept only as an 'Earlier rating'."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Action Plan"
    sheet.append(["Ref", "Action", "Lead", "Due", "Status", "Progress", "Internal RAG"])
    sheet.append(["1.1", "Refresh the terms of reference", "Police", "Q1 2024/25", "Completed", "Agreed.", "G"])
    sheet.append(["1.2", "Run a campaign", "Police", "Q3 2024/25", "", "", "A"])
    sheet.column_dimensions["G"].hidden = True
    source = tmp_path / "plan.xlsx"
    book.save(source)
    path, result = _drafted(hcplan, source, "2024-04-01")
    plan = _plan(path)
    first, second = (ref.action for ref in plan.actions())
    assert first.status == "Completed" and "Rating in a hidden column (Action Plan!G2): Green" in first.notes
    assert "a hidden column rates it Green; the visible rating, Completed, is kept" in _said(path)
    assert second.status == "Amber"  # a hidden column's rating, where no visible one rates it, and said
    assert "Action Plan!G3: read from a column the sheet hides: check it is the rating to publish" in _said(path)


def test_two_visible_rating_columns_that_differ_take_the_later_and_say_so(hcplan, tmp_path):
    source = tmp_path / "plan.csv"
    source.write_text("Ref,Action,Lead,Due,Status,Progress,RAG\n1.1,Refresh ToR,Police,Q1 2024/25,Completed,Agreed.,G\n")
    path, result = _drafted(hcplan, source, "2024-04-01")
    (action,) = (ref.action for ref in _plan(path).actions())
    assert action.status == "Green" and "Earlier rating: Completed" in action.notes
    assert "a second rating, Green, where an earlier column said Completed: the later is taken" in _said(path)


def test_a_ref_column_of_the_objectives_number_does_not_take_the_actions_own(hcplan, tmp_path):
    """'Ref' held the objective's number on its first row, and the action's text its own
    ('1.1 Promote True Vision'): the action became '1', its objective's number, and '1.1'
    was cut from its text without a word."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Ref,Objective,Action,Lead,Target Date,RAG\n"
        "1,Increase reporting,1.1 Promote True Vision,Police,Q2 2024/25,Green\n"
        ",,1.2 Refresh centres,Police,Q3 2024/25,Amber\n"
        "2,Support victims,3.1 Train staff,Police,Q3 2024/25,Amber\n"
    )
    path, result = _drafted(hcplan, source, "2024-04-01")
    assert [(ref.action.id, ref.action.text) for ref in _plan(path).actions()] == [
        ("1.1", "Promote True Vision"), ("1.2", "Refresh centres"), ("2", "Train staff")
    ]
    said = _said(path)
    assert "numbered its text's 1.1, where the ID column says 1" in said
    assert "numbered the ID column's 2; its text began '3.1', left out of it" in said


def test_a_role_written_after_a_leads_name_is_no_part_of_it(hcplan, tmp_path):
    """'Police (lead), Council (support)' made the leads 'Police (lead)' and 'Council
    (support)': names to be published with their roles in them, and a supporter a lead."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Action,Lead,Due\n"
        'Run events,"Police (lead), Council (support)",Q3 2024/25\n'
        "Train staff,Victim Support (Lead),Q3 2024/25\n"
        "Audit,Council (support),Q3 2024/25\n"
        "Patrol,Safer Merton (lead) and Police (support),Q3 2024/25\n"
    )
    path, result = _drafted(hcplan, source, "2024-04-01")
    first, second, third, fourth = (ref.action for ref in _plan(path).actions())
    assert (first.leads, first.partners, second.leads) == (["Police"], ["Council"], ["Victim Support"])
    assert (third.leads, third.partners) == (["Council"], [])  # the only name: a lead all the same
    assert (fourth.leads, fourth.partners) == (["Safer Merton"], ["Police"])  # joined in words, each with its role
    said = _said(path)
    assert "written 'Council (support)' among the leads: a partner" in said
    assert "written 'Victim Support (Lead)': the role in brackets is left out of the name" in said


def test_a_key_to_the_ratings_laid_out_as_rows_under_the_table_is_no_objective(hcplan, tmp_path):
    """'RAG Key' on a row of its own under the table, then a letter and its meaning on each
    row, made an objective 'RAG Key' with the actions 'R: Off track', 'A: Some delays'..."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Ref,Action,Lead,Timescale,RAG\n1,Run awareness week,Comms,Q3 2025/26,G\n2,Train staff,Comms,Q3 2025/26,A\n"
        ",,,,\nRAG Key,,,,\nR,Off track,,,\nA,\"In progress, some delays\",,,\nG,On track,,,\n"
    )
    path, result = _drafted(hcplan, source, "2025-04-01")
    plan = _plan(path)
    assert [ref.action.text for ref in plan.actions()] == ["Run awareness week", "Train staff"]
    assert [(label.label, label.meaning) for label in plan.scale] == [
        ("Green", "On track"), ("Amber", "In progress, some delays")
    ]


@pytest.mark.parametrize("header", ["#", "Action #", "Ref №"])
def test_a_number_column_headed_with_a_number_sign_gives_the_ids(hcplan, tmp_path, header):
    """A column headed '#' was not read as the actions' numbers: they were numbered afresh."""
    source = tmp_path / "plan.csv"
    source.write_text(f"{header},Action,Lead,Timescale\n2.4,Run events,Police,Q3 2024/25\n2.7,Train,Police,Q3 2024/25\n")
    path, result = _drafted(hcplan, source, "2024-04-01")
    assert [ref.action.id for ref in _plan(path).actions()] == ["2.4", "2.7"]


def test_an_objective_lettered_in_its_heading_takes_the_letter(hcplan, tmp_path):
    """'Objective A: People know how to report' became objective 1, 'A: People know...'."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Objective,Action,Lead,Timescale\n"
        "Objective A: People know how to report,Run events,Police,Q3 2024/25\n"
        "Objective B: Victims are supported,Train,Police,Q3 2024/25\n"
        "Objective A safer borough,Patrol,Police,Q3 2024/25\n"
    )
    path, result = _drafted(hcplan, source, "2024-04-01")
    objectives = [o for t in _plan(path).themes for o in t.objectives]
    assert [(o.id, o.text) for o in objectives][:2] == [("A", "People know how to report"), ("B", "Victims are supported")]
    assert objectives[2].text == "A safer borough"  # a word, not a letter that numbers it


@pytest.mark.parametrize(
    ("text", "meanings"),
    [
        ("Key: R = Off track; A = delayed, G = on track", {"red": "Off track", "amber": "delayed", "green": "on track"}),
        ("RAG key: R – not started; A – in progress, some slippage; G – on track",
         {"red": "not started", "amber": "in progress, some slippage", "green": "on track"}),
        ("Key: G = done, A = slipping, R = stuck", {"green": "done", "amber": "slipping", "red": "stuck"}),
    ],
)  # fmt: skip
def test_a_key_is_parted_by_commas_unless_a_meaning_holds_one(text, meanings):
    from hcplan.changes.draft import rating_key

    assert rating_key(text) == meanings


def test_progress_labelled_by_a_financial_years_quarter_is_that_quarters_return(hcplan, tmp_path):
    """'Q1 2023/24: 12 sites' and 'Q2 2023/24: 15 sites' in one cell were one undated
    progress item: each is the return of its quarter, dated the quarter's last day."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Action,Lead,Due,Progress\n"
        'Run sessions,Police,Q4 2023/24,"Q1 2023/24: 12 sites\nQ2 2023/24: 15 sites"\n'
        "Train,Police,Q4 2023/24,Quarter 3 2023-24 update - all trained\n"
        "Audit,Police,Q4 2023/24,Q3 results were good\n"
    )
    path, result = _drafted(hcplan, source, "2023-04-01")
    first, second, third = (ref.action for ref in _plan(path).actions())
    assert [(u.date, u.quarter, u.text) for u in first.updates] == [
        (date(2023, 6, 30), "Q1 2023-24", "12 sites"), (date(2023, 9, 30), "Q2 2023-24", "15 sites")
    ]
    assert [(u.date, u.quarter, u.text) for u in second.updates] == [(date(2023, 12, 31), "Q3 2023-24", "All trained")]
    assert third.updates == [] and third.progress == ["Q3 results were good"]  # no year: no day to give it
    assert hcplan("check", path).exit_code == 0


def test_what_follows_a_quarters_return_with_a_label_of_its_own_is_not_more_of_it(hcplan, tmp_path):
    """'Q1 2024/25: 12 sites' then 'Q3: results were good' (or 'Next steps: ...') in one cell
    made one return, '12 sites Q3: results were good'."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Action,Lead,Due,Progress\n"
        'Run sessions,Police,Q4 2024/25,"Q1 2024/25: 12 sites\nQ3: results were good"\n'
        'Train,Police,Q4 2024/25,"Q2 2024/25: 15 sites\nNext steps: roll out"\n'
    )
    path, result = _drafted(hcplan, source, "2024-04-01")
    first, second = (ref.action for ref in _plan(path).actions())
    assert [(u.quarter, u.text) for u in first.updates] == [("Q1 2024-25", "12 sites")]
    assert first.progress == ["Q3: results were good"]
    assert [(u.quarter, u.text) for u in second.updates] == [("Q2 2024-25", "15 sites")]
    assert second.progress == ["Next steps: roll out"]


def test_a_glossary_beside_the_plans_table_is_said_to_be_one_not_given_a_column_to_name(hcplan, tmp_path):
    """A glossary table before the plan's table was told to name its columns, e.g.
    --column "Term=action": advice that would make its terms actions."""
    from docx import Document

    document = Document()
    glossary = document.add_table(rows=0, cols=2)
    for row in (["Term", "Meaning"], ["CSP", "Community Safety Partnership"], ["HCSG", "Hate Crime Strategy Group"]):
        for cell, words in zip(glossary.add_row().cells, row):
            cell.text = words
    plan_table = document.add_table(rows=0, cols=3)
    for row in (["Action", "Lead", "Timescale"], ["Run an awareness week", "Police", "October 2024"]):
        for cell, words in zip(plan_table.add_row().cells, row):
            cell.text = words
    source = tmp_path / "plan.docx"
    document.save(source)
    result = hcplan("new", tmp_path / "plan.yaml", "--from", source, "--org", "Anytown", "--start", "2024-04-01")
    assert result.exit_code == 0, result.stderr
    assert "beside the plan's: not read (a glossary, contents or key?)" in result.stderr
    assert "--column \"Term=action\"" not in result.stderr


def test_a_label_that_says_nothing_takes_its_colour_from_what_the_key_says_it_means(hcplan, tmp_path):
    """A key 'C = Complete' gave the label C grey and not done: no action could ever be finished."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Ref,Action,Lead,Timescale,Status\n1,Run week,Comms,Q3 2025/26,C\n2,Train,Comms,Q3 2025/26,AR\n"
        ",,,,\nRAG Key,,,,\nC,Complete,,,\nAR,At risk,,,\n"
    )
    path, result = _drafted(hcplan, source, "2025-04-01")
    assert [(s.label, s.rag, s.done) for s in _plan(path).scale] == [("C", "green", True), ("AR", "amber", False)]
    assert "(scale-done)" not in hcplan("check", path).stdout
