"""Suggestions help: close, valid where they are offered, never what was written; and
the words people use for each key lead to it. One helper makes every "did you mean"."""

from __future__ import annotations

import pytest

from conftest import MINIMAL
from hcplan.checking.loader import load_plan
from hcplan.suggest import did_you_mean, suggest


def test_a_suggestion_is_never_what_was_written():
    assert suggest("done", ["done", "dome"]) == ["dome"]
    assert suggest("done", ["done"]) == []


def test_a_case_or_spacing_difference_comes_first():
    assert suggest("In progress", ["In Progress", "On Hold"]) == ["In Progress"]
    assert suggest("target_date", ["target date"]) == ["target date"]


def test_only_close_words_are_suggested():
    assert suggest("owner", ["done", "due", "status"]) == []
    assert suggest("Behnid", ["Behind", "On Hold"]) == ["Behind"]
    assert suggest("dnoe", ["done"]) == ["done"]


def test_synonyms_lead_to_their_key():
    assert suggest("RAG", ["status", "due"], synonyms={"status": ["rag"]}) == ["status"]


def test_the_words_are_written_once():
    assert did_you_mean("18.3", ["8.3", "19.3", "18.2"], n=3, cutoff=0.5, quoted=False) == (
        "; did you mean 8.3 or 19.3 or 18.2?"
    )
    assert did_you_mean("Polce", ["Police"]) == "; did you mean 'Police'?"
    assert did_you_mean("zzz", ["Police"]) == ""


def _unknown(write, old, new):
    assert old in MINIMAL
    problems = load_plan(write(MINIMAL.replace(old, new, 1))).problems
    return [p.message for p in problems if p.rule == "unknown-key"]


ACTION = ("            due: Q2 Year 1 (continuous)\n", "            due: Q2 Year 1 (continuous)\n            {}: x\n")


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("owner", None),  # the action has leads already: never suggest a key it has
        ("deadline", None),  # ... and due too
        ("rating", "status"),
        ("RAG", "status"),
        ("comment", "updates"),
        ("Status", "status"),
        ("staus", "status"),
        ("conditon", "conditions"),
    ],
)
def test_unknown_keys_of_an_action(write, written, meant):
    old, new = ACTION
    [message] = _unknown(write, old, new.format(written))
    if meant is None:
        assert "did you mean" not in message
        assert "(the keys of an action: id, text, leads, " in message
    else:
        assert message.endswith(f"in an action; did you mean '{meant}'?"), message


def test_people_s_words_for_leads_and_due(write):
    # action 1.2 without its leads and due: owner and deadline lead to them
    text = MINIMAL.replace("            leads: [Police]\n            due: Q2 Year 1 (continuous)\n", "")
    for written, meant in [("owner", "leads"), ("responsible", "leads"), ("target date", "due"), ("timescale", "due")]:
        path = write(text.replace('            text: Run events\n', f"            text: Run events\n            {written}: x\n"))
        [message] = [p.message for p in load_plan(path).problems if p.rule == "unknown-key"]
        assert message.endswith(f"did you mean '{meant}'?"), message


def test_owner_never_gets_done(write):
    [message] = _unknown(write, "            leads: [Police]\n", "            owner: Police\n")
    assert message == "unknown key 'owner' in an action; did you mean 'leads'?"


def test_suggestions_are_keys_of_that_place(write):
    # 'status' is a key of an action, not of a theme: nothing at a theme is close
    [message] = _unknown(write, "    name: Co-ordination\n", "    name: Co-ordination\n    status: x\n")
    assert message.startswith("unknown key 'status' in a theme (the keys of a theme: number, name, aim, ")
    # 'done' is a key of a rating: 'dnoe' gets it there
    [message] = _unknown(write, "    done: true\n", "    dnoe: true\n")
    assert message.endswith("in a rating; did you mean 'done'?")


def test_a_mapping_of_many_unknown_keys_names_each_and_suggests_for_the_first_hundred(write):
    """Each unknown key looked through its whole mapping again: 20,000 of them took half a
    minute, 600,000 (a 6.5 MB file) longer than anyone would wait."""
    from hcplan.checking.validation import SUGGESTED_KEYS

    junk = "".join(f"group{n}: x\n" for n in range(SUGGESTED_KEYS + 50))
    path = write(MINIMAL.replace("quarters: financial\n", "quarters: financial\n" + junk))
    found = [p.message for p in load_plan(path).problems if p.rule == "unknown-key"]
    assert len(found) == SUGGESTED_KEYS + 50
    assert found[0] == "unknown key 'group0' in the plan; did you mean 'group'?"
    assert found[SUGGESTED_KEYS - 1].endswith("did you mean 'group'?")
    assert found[SUGGESTED_KEYS].startswith(f"unknown key 'group{SUGGESTED_KEYS}' in the plan (the keys of the plan: hcplan, title,")
