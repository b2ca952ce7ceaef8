"""Fields real plans have: outcome, measure, funding, partners; rated objectives;
plans without a scale; leads in any case; and report wording for any council."""

from __future__ import annotations

import importlib
import json
import re
from datetime import date

import pytest

from conftest import MINIMAL
from hcplan.checking.loader import load_plan
from hcplan.outputs.report import NAMES, choose, ending, render

#: A plan with every new field, in the shape of a partnership's plan that rates
#: its objectives against targets; its group is the organisation itself, and
#: its texts end with full stops.
FULL = """\
hcplan: 1
title: Eastshire Hate Crime Plan 2025-26.
organisation: Eastshire Community Safety Partnership.
group: The Eastshire Community Safety Partnership
period:
  start: 2025-04-01
  end: 2026-03-31
quarters: financial
scale:
  - label: On Target
    rag: green
  - label: Near to Target
    rag: amber
  - label: Not on Target
    rag: red
  - label: Completed
    rag: blue
    done: true
leads: [Community Safety, Police]
themes:
  - number: 1
    name: Reporting
    aim: More people report hate crime.
    notes: [Theme note for officers.]
    objectives:
      - id: "1"
        text: Increase the reporting of hate crime.
        measure: A 10% increase in reports by March 2026.
        outcome: [Victims are confident to report., Partners record hate incidents.]
        funding: From existing resources.
        partners: [Victim Support]
        status: Near to Target
        notes: [Objective note for officers.]
        updates:
          - date: 2025-07-10
            text: Reports up 6% on the year so far.
            status: Near to Target
        actions:
          - id: "1.1"
            text: Train the staff of reporting centres.
            leads: [Community Safety]
            partners: [Victim Support, Eastshire Mosques]
            due: Q2 Year 1
            status: Not on Target
            outcome: Staff take reports well.
            measure: Six sessions a year.
            funding: £5,000 (PCC fund).
            updates:
              - date: 2025-06-01
                text: Two sessions held.
                status: Not on Target
          - id: "1.2"
            text: Publish a leaflet.
            leads: [Police]
            status: Completed
            updates:
              - date: 2025-05-01
                text: Leaflet printed.
                status: Completed
"""

#: The least a plan can say: no group, no scale, no leads, a theme with no
#: name or aim, an objective with no actions, an action with nothing but its text.
EMPTY = """\
title: Draft plan
organisation: Westshire Council
period: {start: 2025-04-01, end: 2026-03-31}
quarters: calendar
themes:
  - number: 1
    objectives:
      - id: "1"
        text: An objective with no actions
      - id: "2"
        text: An objective
        actions:
          - id: "2.1"
            text: An action with nothing else
"""

DAY = date(2025, 8, 1)


def _problems(path) -> list[str]:
    return [f"{p.severity}: {p.rule}: {p.message}" for p in load_plan(path, today=DAY).problems]


def _report(path, name: str, fmt: str = "md", **kwargs) -> str:
    loaded = load_plan(path, today=DAY)
    assert loaded.plan is not None, loaded.problems
    return render(str(path), loaded.plan, choose(name, fmt), as_of=DAY, since=date(2025, 4, 1), **kwargs)


# --- the format ----------------------------------------------------------------------


def test_the_new_fields_are_valid_and_in_the_schema(write):
    jsonschema = importlib.import_module("jsonschema")
    from ruamel.yaml import YAML

    from hcplan.format.schema import plan_schema

    path = write(FULL)
    assert _problems(path) == []
    data = json.loads(json.dumps(YAML(typ="safe").load(path), default=str))
    jsonschema.Draft202012Validator(plan_schema()).validate(data)
    plan = load_plan(path, today=DAY).plan
    objective = plan.themes[0].objectives[0]
    action = objective.actions[0]
    # One text or a list: both are a list in the model.
    assert objective.outcome == ["Victims are confident to report.", "Partners record hate incidents."]
    assert action.outcome == ["Staff take reports well."]
    assert action.partners == ["Victim Support", "Eastshire Mosques"]
    assert (objective.funding, objective.status) == ("From existing resources.", "Near to Target")


def test_the_schema_refuses_an_empty_outcome_and_an_unknown_key(write):
    path = write(FULL.replace("outcome: Staff take reports well.", 'outcome: ""'))
    assert any("must not be empty" in p for p in _problems(path))
    path = write(FULL.replace("measure: Six sessions a year.", "mesure: Six sessions a year."))
    assert any("mesure" in p for p in _problems(path))


def test_an_objective_rating_is_checked_like_an_actions(write):
    wrong = write(FULL.replace("status: Near to Target\n        notes", "status: Nearly\n        notes"))
    assert _problems(wrong) == [
        "error: status: status 'Nearly' is not in the plan's scale (ratings: On Target, Near to Target, "
        "Not on Target, Completed)"
    ]
    # The objective's rating must be the one its latest rated update set.
    stale = write(FULL.replace("status: Near to Target\n        notes", "status: On Target\n        notes"))
    assert [p.split(":")[1].strip() for p in _problems(stale)] == ["status-history"]
    future = write(FULL.replace("date: 2025-07-10", "date: 2025-09-10"))
    assert _problems(future) == ["error: update-date: update dated 10 September 2025 is in the future"]


def test_a_plan_without_a_rating_scale_is_valid_and_lists_and_reports(write, hcplan):
    path = write(EMPTY)
    assert _problems(path) == []
    for command in ("overdue", "amber", "list"):
        result = hcplan(command, path, "--as-of", "2025-08-01")
        assert result.exit_code == 0, (command, result.stderr)
    for name in NAMES:
        for fmt in ("md", "html"):
            text = _report(path, name, fmt)
            assert "Rating scale" not in text
    # A status needs a scale; the message says so rather than listing no labels.
    rated = write(EMPTY.replace("text: An action with nothing else", "text: An action\n            status: Green"))
    assert _problems(rated) == [
        "error: status: status 'Green' cannot be: the plan has no rating scale (add its labels under 'scale:')"
    ]
    result = hcplan("update", path, "2.1", "--status", "green", "--note", "Done", "--date", "2025-07-01")
    assert result.exit_code != 0
    assert "no rating scale" in result.stderr


def test_a_scale_with_no_done_label_is_warned_about(write, hcplan):
    rag = MINIMAL.replace("    rag: green\n    done: true\n", "    rag: green\n")
    path = write(rag)
    assert _problems(path) == [
        "warning: scale-done: no label of the scale (On Hold, In Progress, Completed, Behind) means "
        "finished, so no action can ever be completed: add 'done: true' to the one that does, or add a "
        "label such as Completed"
    ]
    assert hcplan("check", path).exit_code == 0
    assert hcplan("check", "--strict", path).exit_code == 1


def test_leads_match_without_regard_to_case(write, hcplan):
    path = write(MINIMAL.replace("leads: [Police]", "leads: [POLICE]"))
    assert _problems(path) == [
        "warning: lead-case: lead 'POLICE' is written 'Police' in the plan's leads; it counts as "
        "Police, but write it the same way"
    ]
    result = hcplan("list", path, "--lead", "Police", "--as-of", "2024-07-01", "-f", "json")
    assert [row["id"] for row in json.loads(result.stdout)["actions"]] == ["1.2"]
    # A lead that differs by more than case is still an error.
    wrong = write(MINIMAL.replace("leads: [Police]", "leads: [Polise]"))
    assert [p.split(":")[0] for p in _problems(wrong)] == ["error"]


# --- where a reader sees them -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_plan_report_shows_the_new_fields_and_the_notes(write, fmt):
    text = _report(write(FULL), "plan", fmt)
    for words in [
        "Measure of success: A 10% increase in reports by March 2026.",
        "Outcome: Victims are confident to report.",
        "Outcome: Partners record hate incidents.",
        "Funding: From existing resources.",
        "Partners: Victim Support",
        "Six sessions a year.",
        "Staff take reports well.",
        "£5,000 (PCC fund).",
        "Victim Support, Eastshire Mosques",
        "Reports up 6% on the year so far.",
        "Theme note for officers.",
        "Objective note for officers.",
    ]:
        assert words in text, words
    assert "Near to Target" in text.split("Objective 1")[1].split("1.1")[0]  # the objective's own rating


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_public_annual_review_leaves_notes_out(write, fmt):
    text = _report(write(FULL), "annual", fmt)
    assert "note for officers" not in text
    assert "Publish a leaflet: Leaflet printed." in text  # one colon, not ".:"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_review_shows_the_targets_at_risk(write, fmt):
    text = _report(write(FULL), "review", fmt)
    assert "Objectives rated amber or red (1)" in text
    objectives = text.split("Objectives rated amber or red (1)")[1]
    assert "A 10% increase in reports by March 2026." in objectives
    assert "Six sessions a year." in text.split("Objectives rated amber or red")[0]  # under the amber and red actions
    # A plan that rates no objective has no such section.
    assert "Objectives rated" not in _report(write(MINIMAL), "review", fmt)


# --- wording ------------------------------------------------------------------------------


def _first_paragraph(text: str, fmt: str) -> str:
    if fmt == "html":
        return re.search(r"<header>.*?<p>(.*?)</p>", text, re.S).group(1)
    return text.split("\n\n")[1]


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("name", NAMES)
def test_an_organisation_that_is_its_own_group_is_named_once(write, name, fmt):
    said = _first_paragraph(_report(write(FULL), name, fmt), fmt)
    assert said.count("Eastshire Community Safety Partnership") == 1, said
    other = write(MINIMAL.replace("quarters:", "group: Hate Crime Strategy Group\nquarters:"))
    said = _first_paragraph(_report(other, name, fmt), fmt)
    assert "Anytown Borough Council" in said and "Hate Crime Strategy Group" in said, said


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("name", NAMES)
def test_no_template_doubles_the_punctuation_plan_text_ends_with(write, name, fmt):
    text = _report(write(FULL), name, fmt).replace("...", "…")
    doubled = re.findall(r".{0,30}\.[.:,;].{0,10}", text)
    assert doubled == []


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("plan", [EMPTY, FULL, MINIMAL], ids=["empty", "full", "minimal"])
def test_no_template_prints_none_for_an_empty_field(write, name, fmt, plan):
    # strict: printing a value that is not set fails the render.
    text = _report(write(plan), name, fmt, strict=True)
    assert "None" not in re.sub(r"\bNone(\.| yet)", "", text)


def test_strict_rendering_catches_a_template_that_prints_none(write, tmp_path):
    from hcplan.outputs.report import ReportError

    mine = tmp_path / "mine.md.j2"
    mine.write_text("{{ plan.group }}\n")
    loaded = load_plan(write(EMPTY), today=DAY)
    assert render("p", loaded.plan, choose(str(mine), None), as_of=DAY) == "None\n"
    with pytest.raises(ReportError, match="not set"):
        render("p", loaded.plan, choose(str(mine), None), as_of=DAY, strict=True)


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("Partnership", ".", "Partnership."),
        ("Partnership.", ".", "Partnership."),
        ("Is it done?", ".", "Is it done?"),
        ('He said "yes."', ".", 'He said "yes."'),
        ("Trained staff.", ":", "Trained staff:"),
        ("Trained staff", ":", "Trained staff:"),
        ("To be continued...", ":", "To be continued...:"),
        ("Partnership.", "", "Partnership"),
        ("", ".", ""),
    ],
)
def test_ending_adds_punctuation_only_where_there_is_none(text, mark, expected):
    assert ending(text, mark) == expected
