"""views.rows and views.listing on their own: one action as of a day, and what a listing makes of rows."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from conftest import MINIMAL
from hcplan.checking.loader import load_plan
from hcplan.views.listing import KINDS, FilterError, Filters, Listing, Question, sections
from hcplan.views.rows import Entry, Move, Row, due_as_of, rows, status_as_of

D = date


@pytest.fixture
def plan(write):
    def _plan(text: str = MINIMAL):
        loaded = load_plan(write(text), today=D(2025, 1, 1))
        assert loaded.plan is not None, loaded.problems
        return loaded.plan

    return _plan


def _row(plan, action_id: str, as_of: date) -> Row:
    return next(r for r in rows("plan.yaml", plan, as_of) if r.id == action_id)


# --- status and due as of a day ----------------------------------------------------------


def test_status_as_of_follows_the_rated_updates():
    history = [Entry(D(2024, 5, 1), status="In Progress"), Entry(D(2024, 6, 1), "note"), Entry(D(2024, 7, 1), status="In Progress"),
               Entry(D(2024, 8, 1), status="Behind")]  # fmt: skip
    assert status_as_of("Behind", history, D(2024, 4, 30)) == (None, None)  # before the first rating: none
    assert status_as_of("Behind", history, D(2024, 7, 15)) == ("In Progress", D(2024, 5, 1))  # since first set
    assert status_as_of("Behind", history, D(2024, 8, 1)) == ("Behind", D(2024, 8, 1))
    assert status_as_of("Completed", [Entry(D(2024, 5, 1), "no rating")], D(2024, 1, 1)) == ("Completed", None)


def test_a_reschedule_agreed_later_has_not_yet_moved_the_due(plan):
    p = plan(MINIMAL.replace(
        "due: Q1 Year 1\n",
        "due: Q3 Year 1\n            rescheduled:\n              - {date: 2024-06-01, from: Q1 Year 1, to: Q3 Year 1, reason: late data}\n",
    ))  # fmt: skip
    action = next(ref.action for ref in p.actions() if ref.action.id == "1.1")
    assert due_as_of(action, D(2024, 5, 31)) == "Q1 Year 1"
    assert due_as_of(action, D(2024, 6, 1)) == "Q3 Year 1"
    before, after = _row(p, "1.1", D(2024, 5, 31)), _row(p, "1.1", D(2024, 6, 1))
    assert before.rescheduled == () and after.rescheduled == (Move(D(2024, 6, 1), "Q1 Year 1", "Q3 Year 1", "late data"),)
    assert after.rescheduled[0].describe() == "from Q1 Year 1 to Q3 Year 1 (late data)"
    assert Move(None, None, None).describe() == "due set to the end of the plan"


# --- one row --------------------------------------------------------------------------------


def test_a_row_says_where_the_action_is_and_what_it_means(plan):
    row = _row(plan(), "1.1", D(2024, 5, 15))
    assert (row.path, row.plan_title, row.theme_number, row.theme_name) == ("plan.yaml", "Anytown Hate Crime Work Plan 2024-25", 1, "Co-ordination")
    assert (row.objective_id, row.objective_text, row.id, row.text) == ("1", "Monitor hate crime", "1.1", "Produce a profile")
    assert row.action.text == "Produce a profile" and row.theme.name == "Co-ordination" and row.objective.id == "1"
    assert (row.leads, row.conditions, row.due_text) == (("Safer Anytown",), (), "Q1 Year 1")
    assert row.due is not None and (row.due.kind, row.due.start, row.due.end) == ("window", D(2024, 4, 1), D(2024, 6, 30))
    assert (row.status, row.rag, row.done, row.status_since) == (None, None, False, None)
    assert row.last_update == Entry(D(2024, 5, 1), "Data requested.")
    assert (row.days_late, row.days_to_go, row.overdue, row.needs_update) == (None, 46, False, False)


@pytest.mark.parametrize(
    ("as_of", "late", "to_go", "overdue"),
    [(D(2024, 6, 29), None, 1, False), (D(2024, 6, 30), None, 0, False), (D(2024, 7, 1), 1, None, True), (D(2025, 3, 30), 273, None, True),
     # After the plan's end (31 March 2025) it is not done by the end of the plan, never "366 days late".
     (D(2025, 7, 1), None, None, True)],
)
def test_days_late_and_days_to_go_never_overlap(plan, as_of, late, to_go, overdue):
    row = _row(plan(), "1.1", as_of)
    assert (row.days_late, row.days_to_go, row.overdue) == (late, to_go, overdue)


def test_a_done_action_is_neither_late_nor_counting_down(plan):
    p = plan(MINIMAL.replace("text: Data requested.\n", "text: Data requested.\n                status: Completed\n")
             .replace("due: Q1 Year 1\n", "due: Q1 Year 1\n            status: Completed\n"))  # fmt: skip
    row = _row(p, "1.1", D(2025, 1, 1))
    assert (row.done, row.rag, row.status_since) == (True, "green", D(2024, 5, 1))
    assert (row.days_late, row.days_to_go, row.overdue, row.needs_update) == (None, None, False, False)


def test_the_history_is_whole_and_updates_are_those_known_on_the_day(plan):
    row = _row(plan(), "1.1", D(2024, 4, 30))
    assert row.history == (Entry(D(2024, 5, 1), "Data requested."),)
    assert row.updates == () and row.last_update is None and row.update_dates == []


def test_a_row_is_plain_data_and_keeps_its_plan_only_in_process(plan):
    row = _row(plan(), "1.2", D(2024, 10, 1))
    assert row.source is not None
    again = pickle.loads(pickle.dumps(row))
    assert again == row._replace(source=None)
    with pytest.raises(AttributeError, match="read back without its plan"):
        _ = again.action
    data = again.to_dict()
    assert data["due"] | {"meaning": ""} == {"text": "Q2 Year 1 (continuous)", "kind": "continuous", "start": "2024-07-01",
                                              "end": None, "meaning": "", "missed": None}  # fmt: skip
    assert "updates" not in data and "notes" not in data
    # What the action says is plain data too: read back from the cache, the row has it all.
    assert row.to_dict(detail=True) == again.to_dict(detail=True)
    assert set(again.to_dict(detail=True)) - set(data) == {"notes", "rescheduled", "updates"}


# --- filters and sections ---------------------------------------------------------------------


def test_filters_resolve_against_one_plan(plan):
    p = plan(MINIMAL.replace("  - Police\n", "  - name: Police\n    aliases: [Met Police]\n"))
    every = list(rows("plan.yaml", p, D(2024, 7, 1)))
    assert [r.id for r in every if Filters(leads=("met",)).plan_filter(p)(r)] == ["1.2"]
    assert [r.id for r in every if Filters(themes=("co-ord",)).plan_filter(p)(r)] == ["1.1", "1.2"]
    assert [r.id for r in every if Filters(statuses=("none",)).plan_filter(p)(r)] == ["1.1", "1.2"]
    assert [r.id for r in every if Filters(search="data requested").plan_filter(p)(r)] == ["1.1"]
    assert [r.id for r in every if Filters(ids=("1.2",)).plan_filter(p)(r)] == ["1.2"]


@pytest.mark.parametrize(
    ("filters", "message", "suggests"),
    [
        (Filters(leads=("Polise",)), "no lead 'Polise' in this plan; did you mean 'Police'?", True),
        (Filters(leads=("Fire",)), "no lead 'Fire' in this plan", False),
        (Filters(themes=("9",)), "no theme '9' in this plan; its themes are 1 (Co-ordination)", False),
        (Filters(statuses=("red",)), "'red' is not a rating of this plan", False),
    ],
)
def test_a_filter_that_names_nothing_says_so_and_whether_it_suggests(plan, filters, message, suggests):
    with pytest.raises(FilterError) as raised:
        filters.plan_filter(plan())
    assert raised.value.message.startswith(message)
    assert raised.value.suggests is suggests
    assert raised.value.exit_status == 2


def test_sections_put_each_row_in_one_place_in_order(plan):
    p = plan(MINIMAL.replace("due: Q2 Year 1 (continuous)", "due: Q1 Year 1"))
    question = Question("overdue", D(2024, 6, 20), within_days=15)
    found = sections(KINDS["overdue"], question, rows("plan.yaml", p, question.as_of))
    assert {name: [r.id for r in section] for name, section in found.items()} == {
        "overdue": [], "due_soon": ["1.1", "1.2"], "needs_update": [],
    }  # fmt: skip
    later = Question("overdue", D(2024, 8, 1))
    found = sections(KINDS["overdue"], later, rows("plan.yaml", p, later.as_of))
    assert list(found) == ["overdue", "needs_update"]  # no due_soon without --within
    assert [r.id for r in found["overdue"]] == ["1.1", "1.2"]


def test_a_filter_no_plan_takes_is_said_of_each_plan_with_its_suggestion(write, tmp_path):
    one = write(MINIMAL, name="a.yaml")
    other = write(MINIMAL.replace("  - Police\n", "  - Policing Team\n").replace("[Police]", "[Policing Team]"), name="b.yaml")
    listing = Listing([str(one), str(other)], Question("list", D(2024, 7, 1), Filters(leads=("Polise",))))
    with pytest.raises(FilterError) as raised:
        list(listing.by_plan())
    assert raised.value.suggests
    assert raised.value.message == (
        f"none of the 2 plans matches: {one}: no lead 'Polise' in this plan; did you mean 'Police'?; "
        f"{other}: no lead 'Polise' in this plan"
    )
    assert listing.left_out == []
