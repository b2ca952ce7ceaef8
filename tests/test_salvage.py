"""A plan with errors in its shape still has the rest of it checked, in the same run."""

from __future__ import annotations

from datetime import date

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
        "36:23: schema: '2024-13-01' is not a real date (month must be in 1..12)",
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


def test_errors_outside_any_list_item_stop_the_rules(write):
    text = MINIMAL.replace("quarters: financial", "quarters: fiscal").replace("leads: [Police]", "leads: [Polce]")
    assert [line.split(": ")[1] for line in lines(write(text))] == ["schema"]
