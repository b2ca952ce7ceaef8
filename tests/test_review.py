"""views.review on its own: the facts a quarterly or annual review is made of."""

from __future__ import annotations

from datetime import date

from conftest import MINIMAL

from hcplan.checking.loader import load_plan
from hcplan.views.review import changes_since, review

D = date

#: MINIMAL with a history: 1.1 rated In Progress then Behind, and rescheduled;
#: 1.2 completed.
HISTORY = (
    MINIMAL.replace(
        "            updates:\n              - date: 2024-05-01\n                text: Data requested.\n",
        "            status: Behind\n"
        "            rescheduled:\n"
        "              - {date: 2024-07-15, from: Q1 Year 1, to: Q3 Year 1, reason: data late}\n"
        "            updates:\n"
        "              - date: 2024-05-01\n                text: Data requested.\n                status: In Progress\n"
        "              - date: 2024-08-01\n                text: Still waiting.\n                status: Behind\n"
        "              - date: 2024-08-20\n                text: Named family.\n                private: true\n",
    )
    .replace("due: Q1 Year 1", "due: Q3 Year 1")
    .replace(
        "            due: Q2 Year 1 (continuous)\n",
        "            due: Q2 Year 1 (continuous)\n            status: Completed\n"
        "            updates:\n              - {date: 2024-09-01, text: Done., status: Completed}\n",
    )
)


def _plan(write):
    loaded = load_plan(write(HISTORY), today=D(2025, 1, 1))
    assert loaded.plan is not None and loaded.problems == [], loaded.problems
    return loaded.plan


def test_counts_by_rating_in_the_scales_order_then_the_unrated(write):
    facts = review("plan.yaml", _plan(write), D(2024, 9, 30))
    assert [(c.name, c.count) for c in facts.counts] == [
        ("On Hold", 0), ("In Progress", 0), ("Completed", 1), ("Behind", 1), ("Not rated", 0),
    ]  # fmt: skip
    assert (facts.total, facts.done, facts.percent_done) == (2, 1, 50)
    [theme] = facts.themes
    assert (theme.title, theme.total, theme.done, theme.percent_done) == ("Theme 1: Co-ordination", 2, 1, 50)


def test_as_of_an_earlier_day_the_history_is_what_was_known(write):
    facts = review("plan.yaml", _plan(write), D(2024, 6, 1))
    assert [(c.name, c.count) for c in facts.counts if c.count] == [("In Progress", 1), ("Not rated", 1)]
    assert [r.id for r in facts.at_risk] == ["1.1"]  # amber since 1 May
    assert facts.completed == []


def test_overdue_at_risk_and_due_next_quarter(write):
    plan = _plan(write)
    assert [r.id for r in review("plan.yaml", plan, D(2024, 8, 15)).due_next_quarter] == ["1.1"]  # Q3 Year 1 ends 31 December
    facts = review("plan.yaml", plan, D(2025, 1, 2))
    assert [(r.id, r.days_late) for r in facts.overdue] == [("1.1", 2)]
    assert [(r.id, r.status, r.status_since) for r in facts.at_risk] == [("1.1", "Behind", D(2024, 8, 1))]
    assert (facts.quarter.name, facts.next_quarter.name) == ("Q4 2024-25", "Q1 2025-26")


def test_changes_since_a_day_oldest_first_private_marked(write):
    facts = review("plan.yaml", _plan(write), D(2024, 9, 30), since=D(2024, 7, 1))
    assert [(c.day, c.row.id, c.kind, c.text, c.private) for c in facts.changes] == [
        (D(2024, 7, 15), "1.1", "reschedule", "from Q1 Year 1 to Q3 Year 1 (data late)", False),
        (D(2024, 8, 1), "1.1", "update", "Still waiting.", False),
        (D(2024, 8, 1), "1.1", "rating", "In Progress to Behind", False),
        (D(2024, 8, 20), "1.1", "update", "Named family.", True),
        (D(2024, 9, 1), "1.2", "update", "Done.", False),
        (D(2024, 9, 1), "1.2", "rating", "Completed", False),
    ]
    assert changes_since(facts.rows, D(2024, 9, 2), D(2024, 9, 30)) == []
