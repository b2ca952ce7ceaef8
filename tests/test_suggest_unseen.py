"""A suggestion that looks the same as what was written says what differs: a no-break,
zero-width or other unseen space, a tab, a soft hyphen, a space too many. Without it
"lead 'Community Safety' ...; did you mean 'Community Safety'?" cannot be acted on."""

from __future__ import annotations

import json

import pytest

from conftest import MINIMAL
from hcplan.checking.loader import load_plan
from hcplan.suggest import did_you_mean, unseen_difference

LEADS = ["Community Safety", "Police", "Safer Anytown"]


@pytest.mark.parametrize(
    ("written", "meant", "note"),
    [
        ("Community\u00a0Safety", "Community Safety", "has U+00A0 NO-BREAK SPACE where 'Community Safety' has a space"),
        ("Community\u202fSafety", "Community Safety", "has U+202F NARROW NO-BREAK SPACE where 'Community Safety' has a space"),
        ("Community\u3000Safety", "Community Safety", "has U+3000 IDEOGRAPHIC SPACE where 'Community Safety' has a space"),
        ("Community\u200bSafety", "Community Safety", "has U+200B ZERO WIDTH SPACE where 'Community Safety' has a space"),
        ("Community\tSafety", "Community Safety", "has a tab where 'Community Safety' has a space"),
        ("Community  Safety", "Community Safety", "has 2 spaces where 'Community Safety' has a space"),
        ("Community\u00a0\u00a0Safety", "Community Safety", "has U+00A0 NO-BREAK SPACE twice where 'Community Safety' has a space"),
        ("Police\u200b", "Police", "has U+200B ZERO WIDTH SPACE at the end, which 'Police' does not"),
        ("\ufeffPolice", "Police", "has U+FEFF ZERO WIDTH NO-BREAK SPACE at the start, which 'Police' does not"),
        ("Pol\u00adice", "Police", "has U+00AD SOFT HYPHEN after 'Pol', which 'Police' does not"),
        ("Polic\u200d", "Police", "has U+200D ZERO WIDTH JOINER where 'Police' has 'e'"),
        ("Safer\u2060 Anytown", "Safer Anytown", "has U+2060 WORD JOINER and a space where 'Safer Anytown' has a space"),
        # in another case too: the unseen difference is still named (the case is there to see)
        ("COMMUNITY\u00a0SAFETY", "Community Safety", "has U+00A0 NO-BREAK SPACE where 'Community Safety' has a space"),
    ],
)
def test_an_unseen_difference_is_named(written, meant, note):
    assert did_you_mean(written, LEADS) == f"; did you mean '{meant}'? (what is written {note})"


def test_a_difference_that_can_be_seen_is_not_explained():
    assert did_you_mean("Polce", LEADS) == "; did you mean 'Police'?"
    assert did_you_mean("CommunitySafety", LEADS) == "; did you mean 'Community Safety'?"
    assert did_you_mean("police", LEADS) == "; did you mean 'Police'?"
    assert unseen_difference("Polce", "Police") is None
    assert unseen_difference("Police", "Police") is None


def test_only_the_unseen_part_of_a_misspelling_is_named():
    assert did_you_mean("Safer\u00a0Anytwn", LEADS) == (
        "; did you mean 'Safer Anytown'? (what is written has U+00A0 NO-BREAK SPACE where 'Safer Anytown' has a space)"
    )


def test_each_suggestion_of_several_is_named():
    found = did_you_mean("Safer\u00a0Anytown\u200b", ["Safer Anytown", "Safer Anytown Team"], n=2)
    assert found == (
        "; did you mean 'Safer Anytown' or 'Safer Anytown Team'? (what is written has U+00A0 NO-BREAK SPACE where "
        "'Safer Anytown' has a space, and has U+200B ZERO WIDTH SPACE at the end, which 'Safer Anytown' does not; "
        "and has U+00A0 NO-BREAK SPACE where 'Safer Anytown Team' has a space, and has U+200B ZERO WIDTH SPACE "
        "where 'Safer Anytown Team' has a space and 'Team')"
    )


# --- where hcplan says it ----------------------------------------------------------------


def _messages(write, old, new, rule):
    assert old in MINIMAL
    return [p.message for p in load_plan(write(MINIMAL.replace(old, new, 1))).problems if p.rule == rule]


def test_check_names_a_no_break_space_in_an_action_s_lead(write):
    text = MINIMAL.replace("  - Police\n", "  - Police\n  - Community Safety\n").replace(
        "leads: [Police]", 'leads: ["Community\\u00a0Safety"]'
    )
    [message] = [p.message for p in load_plan(write(text)).problems if p.rule == "lead"]
    assert message == (
        "lead 'Community\u00a0Safety' is not one of the plan's leads; did you mean 'Community Safety'? "
        "(what is written has U+00A0 NO-BREAK SPACE where 'Community Safety' has a space)"
    )


def test_check_names_a_zero_width_space_in_a_status(write):
    [message] = _messages(write, "            due: Q1 Year 1\n", '            due: Q1 Year 1\n            status: "Behind\\u200b"\n', "status")
    assert message.startswith(
        "status 'Behind\u200b' is not in the plan's scale; did you mean 'Behind'? "
        "(what is written has U+200B ZERO WIDTH SPACE at the end, which 'Behind' does not) (ratings: "
    )


def test_check_names_a_tab_in_a_key(write):
    [message] = _messages(write, "            due: Q1 Year 1\n", '            due: Q1 Year 1\n            "sta\\ttus": x\n', "unknown-key")
    assert "did you mean 'status'? (what is written has a tab after 'sta', which 'status' does not)" in message


def test_lead_filter_names_a_no_break_space(hcplan, write):
    path = write()
    result = hcplan("list", path, "--lead", "Safer\u00a0Anytown", "-f", "json")
    assert result.exit_code == 2
    assert (
        "no lead 'Safer\u00a0Anytown' in this plan; did you mean 'Safer Anytown'? "
        "(what is written has U+00A0 NO-BREAK SPACE where 'Safer Anytown' has a space)"
    ) in result.stderr
    # a lead written with an ordinary space is found as before
    found = json.loads(hcplan("list", path, "--lead", "Safer Anytown", "-f", "json").stdout)
    assert [a["id"] for a in found["actions"]] == ["1.1"]
