"""Dues for people: an ISO date as written shows the British way, and what a
due means is added in brackets only when it says something more."""

from __future__ import annotations

import pytest

from conftest import MINIMAL

#: Actions due the ways councils write: as an ISO date (what a draft from an Excel
#: date cell holds), a month, a day in words, a quarter.
PLAN = MINIMAL.replace("due: Q1 Year 1", 'due: "2024-10-31"').replace(
    "due: Q2 Year 1 (continuous)",
    "due: June 2024\n          - id: \"1.3\"\n            text: Train staff\n            leads: [Police]\n"
    "            due: 30 September 2024\n          - id: \"1.4\"\n            text: Map venues\n"
    "            leads: [Police]\n            due: Q3 Year 1",
)


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("written", "meaning", "shown"),
    [
        ("2026-10-31", "by 31 October 2026", "31 October 2026"),
        ("by 2026-10-31", "by 31 October 2026", "by 31 October 2026"),
        ("June 2026", "June 2026", "June 2026"),
        ("30 September 2026", "by 30 September 2026", "30 September 2026"),
        ("Q1 Year 1", "April–June 2026", "Q1 Year 1 (April–June 2026)"),
        ("2026-02-30", None, "2026-02-30"),  # not a day: as written
    ],
)
def test_a_due_for_people(written, meaning, shown):
    from hcplan.format.due_meaning import due_for_people

    assert due_for_people(written, meaning) == shown


def test_every_output_for_people_shows_a_due_so(hcplan, plan, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # a table's cells on one line each
    as_of = ("--as-of", "2025-03-01")
    show = hcplan("show", "1.1", plan, *as_of)
    assert show.exit_code == 0, show.stderr
    assert "31 October 2024, " in show.stdout and "2024-10-31" not in show.stdout
    overdue = hcplan("overdue", plan, *as_of)
    assert "31 October 2024" in overdue.stdout and "2024-10-31" not in overdue.stdout
    report = hcplan("report", plan, "--format", "md", *as_of)
    assert report.exit_code == 0, report.stderr
    for repeated in ("2024-10-31", "June 2024 (June 2024)", "(by 30 September 2024)", "(by 31 October 2024)"):
        assert repeated not in report.stdout
    assert "Q3 Year 1 (October–December 2024)" in report.stdout
    out = tmp_path / "plan.ics"
    calendar = hcplan("calendar", plan, "-o", out)
    assert calendar.exit_code == 0, calendar.stderr
    import icalendar

    descriptions = [str(e.get("description")) for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")]
    assert any("Due: 31 October 2024" in d for d in descriptions)
    assert not any("2024-10-31" in d or "June 2024 (June 2024)" in d for d in descriptions)
