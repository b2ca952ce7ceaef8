"""Plan tables shaped like published UK council plans, built with python-docx and openpyxl.

Each builder writes a file the way an officer's Word or Excel plan is laid
out; the shapes (not the words) follow real plans:

- ``borough_docx``: a London borough's hate crime work plan: theme rows across
  the table, each objective a numbered row followed by a repeated header
  (Actions | Lead | Progress Updates), several actions as bullets in one
  cell, leads separated by commas, undated progress ("Completed 23-24").
- ``delivery_docx``: a metropolitan borough's delivery plan with its quarter
  2 update: OBJECTIVE | ACTION | TIMESCALE | Lead Officer / Agency, the
  objective cell merged down over its actions, the update written in the
  action cell ("Update – ..."), leads as a bulleted list, timescales such as
  "July 2017 launch".
- ``city_docx``: a city's strategy action plan: each strategic goal a row across
  the table with its "Measure of Success", then Action | Lead Partner |
  Outcome | Completion Date, actions numbered 1a, 1b, leads joined by "/",
  outcomes as hand-typed "- " bullets, completion "Within six months of
  commencement of Action Plan".
- ``rag_xlsx``: a spreadsheet tracker: a title row merged across, Theme and
  Objective merged down, a Ref, Lead and Supporting Partners, Target Date
  as Excel dates and as words, a RAG column with words and one cell shaded
  red with no words, dated progress, a Measure of Success merged over an
  objective's rows and a rating merged over another's (the objective is
  rated, not its actions); an empty row and a hidden second sheet of notes.
- ``partnership_csv``: a crime and disorder partnership's implementation
  plan saved as CSV: Actions | Lead Agency / Officer | Funding | Output target
  and date(s), with a section heading row ("Hate Crime").
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path


def _merge_across(row):
    """Merge every cell of a python-docx row into one."""
    return row.cells[0].merge(row.cells[-1])


def _set(cell, *paragraphs, style=None):
    """Write paragraphs into a python-docx cell (the first replaces its empty one)."""
    cell.text = paragraphs[0] if paragraphs else ""
    if style and paragraphs:
        cell.paragraphs[0].style = style
    for text in paragraphs[1:]:
        paragraph = cell.add_paragraph(text)
        if style:
            paragraph.style = style


def borough_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Eastbury Hate Crime Work Plan 2024-2025", level=1)
    document.add_paragraph("This work plan sets out the work to be delivered on hate crime in 2024-25.")
    table = document.add_table(rows=0, cols=4)
    table.style = "Table Grid"

    def theme(text):
        row = table.add_row()
        _merge_across(row).text = text

    def objective(number, text):
        row = table.add_row()
        row.cells[0].text = number
        row.cells[1].merge(row.cells[3]).text = text
        header = table.add_row()
        for cell, words in zip(header.cells, ["", "Actions", "Lead", "Progress Updates"]):
            cell.text = words

    def actions(bullets, lead, progress=""):
        row = table.add_row()
        _set(row.cells[1], *bullets, style="List Bullet")
        row.cells[2].text = lead
        row.cells[3].text = progress

    theme("Theme 1: Co-ordination: Ensure that the response to hate crime is shared by all stakeholders")
    objective("1.", "Monitor and understand the picture of hate crime in Eastbury")
    actions(
        ["Produce an annual hate crime profile using available data.", "Consult with the community on the strategy."],
        "Safer Eastbury, Hate Crime Strategy Group",
        "Completed 23-24",
    )
    objective("2.", "Share hate crime information between the council and the Community Safety Partnership")
    actions(["Audit safeguarding cases to ensure hate crimes are flagged."], "Safeguarding Adults; Police; safer eastbury")
    table.add_row()  # an empty row, as real plans have
    theme("Theme 2: Prevention - Preventing hate crime through a change of attitudes")
    objective("3.", "Consider hate crime in the education of children and young adults")
    actions(["Promote programmes in schools to challenge prejudice."], "Eastbury School Improvement, Safer Eastbury")
    document.save(path)
    return path


def _document(title: str, header: list[str]):
    """A Word document with a title line and a table whose first row is ``header``."""
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, words in zip(table.rows[0].cells, header):
        cell.text = words
    return document, table


def delivery_docx(path: Path) -> Path:
    document, table = _document(
        "Hate Crime Strategy 2017-2021 Delivery Plan – Quarter 2 Update (July – September 2017)",
        ["OBJECTIVE", "ACTION", "TIMESCALE", "Lead Officer / Agency"],
    )
    rows = [
        (
            "We want to improve public understanding and awareness of hate crimes and incidents across Northdale.",
            ["We will continue to ensure that our publicity reflects clear messages on what hate crime is.",
             "Update – The strategy was launched on 6th July 2017 with clear messages on what hate crime is."],
            "July 2017 launch",
            ["NMBC Hate Crime Lead", "NMBC Communications"],
        ),
        (
            None,
            ["We will work with communications colleagues on media messages that challenge misconceptions.",
             "Update – We took part in the Pride event in August."],
            "July 2017",
            ["NMBC Hate Crime Lead", "NMBC Communications", "NYP Hate Crime Officer"],
        ),
        (
            "We want victims to have confidence to report.",
            ["We will open more third party reporting centres."],
            "Ongoing",
            ["NMBC Hate Crime Lead"],
        ),
    ]
    for objective, action, timescale, leads in rows:
        row = table.add_row()
        if objective is not None:
            row.cells[0].text = objective
        _set(row.cells[1], *action)
        row.cells[2].text = timescale
        _set(row.cells[3], *leads, style="List Bullet")
    # The first objective's cell spans its two actions, as Word merges it.
    table.cell(1, 0).merge(table.cell(2, 0))
    document.save(path)
    return path


def city_docx(path: Path) -> Path:
    document, table = _document(
        "Westford Hate Crime Strategy 2010-13: Action Plan", ["Action", "Lead Partner", "Outcome", "Completion Date"]
    )

    def goal(text):
        _merge_across(table.add_row()).text = text

    def action(text, lead, outcome, due):
        row = table.add_row()
        row.cells[0].text = text
        row.cells[1].text = lead
        _set(row.cells[2], *outcome)
        row.cells[3].text = due

    goal(
        "Westford Strategic Goal - Increase awareness, reporting and recording of hate crime incidents: "
        "Measure of Success – A 10% increase in the number of hate crimes reported to partners."
    )
    action(
        "1a Provision of training to improve knowledge of hate crime.",
        "Westford City Council/ West Police",
        ["- Hate incident training made available to front line staff.", "- 6 training sessions delivered per annum."],
        "Within one year of commencement of Action Plan.",
    )
    action(
        "1b Collate and promote information on existing reporting mechanisms.",
        "Westford City Council",
        ["Baseline data collected."],
        "Ongoing",
    )
    goal("Westford Strategic Goal - Support victims: Measure of Success – Fewer repeat victims.")
    action("2a Provide information to victims on the support available.", "Victim Support", ["Increased awareness."], "2011")
    document.save(path)
    return path


def rag_xlsx(path: Path) -> Path:
    import openpyxl
    from openpyxl.styles import PatternFill

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Action Plan"
    sheet["A1"] = "Southvale Hate Crime Action Plan 2025-26"
    sheet.merge_cells("A1:J1")
    header = ["Theme", "Objective", "Ref", "Action", "Lead", "Supporting Partners", "Target Date", "RAG",
              "Progress Update", "Measure of Success"]
    sheet.append([])
    sheet.append(header)  # row 3
    rows = [
        ["1. Prevention", "Raise awareness in schools", "1.1", "Deliver assemblies in Hate Crime Awareness Week",
         "Community Safety", "Police, Schools", datetime(2025, 10, 31), "Completed",
         "12/06/2025: Schools contacted.\nSeptember 2025 - dates agreed", "Ten schools reached by March 2026"],
        [None, None, "1.2", "• Train teachers\n• Share lesson plans", "Education", None, "Q3 2025-26", "Amber",
         "Training booked.", None],
        [None, "Tackle online hate", "1.3", "Run a social media campaign", "Communications", None, "Ongoing", None,
         None, None],
        [],
        ["2. Support", "Support victims", "2.1", "Refresh the victim support pathway", "community safety",
         "Victim Support", "2025-12", "Amber", "2025-07-01 Pathway agreed.", None],
        [None, None, "2.2", "Review third party reporting centres", "Community Safety", None, "31/03/2026", None,
         "Review under way.", None],
    ]
    for row in rows:
        sheet.append(row)
    # Theme 1 over rows 4-6, its first objective over rows 4-5 with its measure.
    sheet.merge_cells("A4:A6")
    sheet.merge_cells("B4:B5")
    sheet.merge_cells("J4:J5")
    sheet.merge_cells("A8:A9")
    sheet.merge_cells("B8:B9")
    sheet.merge_cells("H8:H9")  # the objective is rated, not its actions
    # 1.3 is rated by colour only.
    sheet["H6"].fill = PatternFill("solid", fgColor="FFFF0000")
    sheet["H4"].fill = PatternFill("solid", fgColor="FF00B050")
    notes = book.create_sheet("Notes")
    notes["A1"] = "Not a table of actions"
    notes.sheet_state = "hidden"
    book.save(path)
    return path


def partnership_csv(path: Path) -> Path:
    path.write_text(
        "Actions,Lead Agency / Officer,Funding,Output target and date(s)\n"
        "Hate Crime,,,\n"
        '"1. Increase reporting of racist incidents through third party reporting",Community Safety Unit,'
        "From existing resources,By June 2002\n"
        '"2. Develop a hate crime communications strategy","Press and Public Relations / Community Safety Unit",'
        "Funding required,Strategy in place by June 2002\n"
        ",,,\n"
        '"3. Provide video interviewing for vulnerable witnesses",GMP,From existing resources,"July 2002"\n',
        encoding="utf-8",
    )
    return path
