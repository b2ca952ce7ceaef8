"""A plan with errors in its shape still has the rest of it checked, in the same run."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import MINIMAL
from hcplan.checking.loader import load_plan

TODAY = date(2025, 1, 1)


def lines(path):
    return [f"{p.line}:{p.col}: {p.rule}: {p.message}" for p in load_plan(path, today=TODAY).problems]


def test_a_bad_date_does_not_hide_a_misspelt_lead(write):
    path = write(
        MINIMAL.replace("date: 2024-05-01", "date: 01/05/2024")
        .replace("leads: [Police]", "leads: [Polce]")
    )
    assert lines(path) == [
        "34:23: schema: '01/05/2024' is not an ISO date; write it as 2024-05-01",
        "38:21: lead: lead 'Polce' is not one of the plan's leads; did you mean 'Police'?",
    ]


def test_findings_after_a_set_aside_item_keep_their_lines(write):
    text = MINIMAL.replace(
        "                text: Data requested.\n",
        "                text: Data requested.\n"
        "              - date: 2024-13-01\n"
        "                text: A month that does not exist.\n"
        "              - date: 2031-01-01\n"
        "                text: In the future.\n",
    )
    assert lines(write(text)) == [
        "36:23: schema: '2024-13-01' is not a date: there is no month 13",
        "38:23: update-date: update dated 1 January 2031 is in the future",
    ]


def test_rules_that_compare_items_are_not_misled_by_a_missing_one(write):
    # The set-aside update carried the rating; without it the action's status
    # would look inconsistent with its history. That is not reported.
    text = MINIMAL.replace(
        "                text: Data requested.\n",
        "                text: Data requested.\n"
        "              - date: 2024-06-31\n"
        "                status: Behind\n",
    ).replace("due: Q1 Year 1\n", "due: Q1 Year 1\n            status: Behind\n")
    assert [line.split(": ")[1] for line in lines(write(text))] == ["schema"]


def test_a_broken_lead_list_does_not_make_every_lead_unknown(write):
    text = MINIMAL.replace("  - Police\n", "  - name: Police\n    aliases: Met Police\n")
    assert [line.split(": ")[1] for line in lines(write(text))] == ["schema"]


def rules_of(path):
    return [line.split(": ")[1] for line in lines(path)]


@pytest.mark.parametrize(
    ("old", "new", "schema_at"),
    [
        ("quarters: financial", "quarters: fiscal", "8:11"),  # a top-level value
        ("number: 1", "number: one", "23:13"),  # a required key of a theme, around every action
        ("  start: 2024-04-01", "  start: 01/04/2024", "6:10"),  # inside a mapping, not a list item
        ("title: Anytown Hate Crime Work Plan 2024-25\n", "", "2:1"),  # a required key missing
        ("text: Produce a profile", "text: [Produce, a profile]", "30:19"),  # a required key of an action
        ("due: Q1 Year 1", "due: Q1 Year 1\n            owner: Police", "33:13"),  # an unknown key
        ("text: Data requested.", "text: Data requested.\n                private: yes", "36:26"),
    ],
    ids=["quarters", "theme-number", "period-start", "missing-title", "action-text", "unknown-key", "private-yes"],
)
def test_schema_errors_anywhere_come_with_the_rules_of_the_rest(write, old, new, schema_at):
    text = MINIMAL.replace(old, new, 1).replace("leads: [Police]", "leads: [Polce]")
    found = lines(write(text))
    assert [line.split(": ")[1] for line in found] in (["schema", "lead"], ["unknown-key", "lead"]), found
    assert found[0].startswith(schema_at + ":"), found
    assert found[1].endswith("lead 'Polce' is not one of the plan's leads; did you mean 'Police'?"), found


def test_rules_that_read_a_repaired_part_are_not_run_on_it(write):
    # quarters decides what 'Q1 Year 1' means: with it wrong, no due is judged
    text = MINIMAL.replace("quarters: financial", "quarters: fiscal").replace("due: Q1 Year 1", "due: soon")
    assert rules_of(write(text)) == ["schema"]
    # the update's text was wrong: it is not "an update with neither text nor status"
    text = MINIMAL.replace("text: Data requested.", "text: [Data, requested]")
    assert rules_of(write(text)) == ["schema"]


def test_every_error_of_a_theme_numbered_in_words_is_reported(write):
    text = (
        MINIMAL.replace("number: 1", "number: one")
        .replace('id: "1.2"', 'id: "1.1"')
        .replace("date: 2024-05-01", "date: 2031-05-01")
    )
    assert rules_of(write(text)) == ["schema", "update-date", "unique-id"]


def test_a_rating_with_a_wrong_colour_does_not_hide_a_status_off_the_scale(write):
    """'rag: yellow' set the scale aside for every rule that reads it, so 'status: Amber'
    (no label of the scale) was reported only once the colour was mended."""
    text = MINIMAL.replace("    rag: amber\n", "    rag: yellow\n", 1).replace("due: Q1 Year 1\n", "due: Q1 Year 1\n            status: Amber\n")
    found = lines(write(text))
    assert [line.split(": ")[1] for line in found] == ["schema", "status"], found
    assert "status 'Amber' is not in the plan's scale" in found[1]


def test_a_rating_whose_label_is_wrong_still_keeps_the_status_rule_quiet(write):
    # the label itself was repaired: which statuses are on the scale is not known
    text = MINIMAL.replace("  - label: In Progress\n", "  - label: [In, Progress]\n").replace(
        "due: Q1 Year 1\n", "due: Q1 Year 1\n            status: Amber\n"
    )
    assert rules_of(write(text)) == ["schema"]


def test_a_lead_with_a_wrong_email_does_not_hide_a_misspelt_lead(write):
    text = MINIMAL.replace("  - Police\n", "  - name: Police\n    email: not an address\n").replace(
        "leads: [Police]", "leads: [Polce]"
    )
    found = lines(write(text))
    assert [line.split(": ")[1] for line in found] == ["schema", "lead"], found


@pytest.mark.parametrize(
    ("old", "new", "first"),
    [
        # a comment without its space (the data reads to its end)
        ("title: Anytown Hate Crime Work Plan 2024-25", 'title: "Anytown Hate Crime Work Plan 2024-25"# draft', "yaml"),
        # a key written twice: the first is read
        ("            text: Produce a profile\n", "            text: Produce a profile\n            text: Profile\n", "duplicate-key"),
    ],
)
def test_a_problem_of_how_the_text_is_written_does_not_hide_the_rest(write, old, new, first):
    """A comment without its space, or a key written twice, was the only problem reported:
    the misspelt lead and the unknown key came out one fix later."""
    text = MINIMAL.replace(old, new, 1).replace("leads: [Police]", "leads: [Polce]").replace(
        "            due: Q2 Year 1 (continuous)\n", "            deu: Q2 Year 1 (continuous)\n"
    )
    found = lines(write(text))
    assert [line.split(": ")[1] for line in found] == [first, "lead", "unknown-key"], found
    assert load_plan(write(text)).plan is None  # still no plan to work on: the file must be mended


def test_a_problem_of_what_the_text_says_still_stops_the_rest(write):
    # a '-' alone in a flow list is no lead: what the list holds is not what was meant
    text = MINIMAL.replace("leads: [Police]", "leads: [-]")
    assert rules_of(write(text)) == ["yaml"]
