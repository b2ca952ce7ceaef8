"""hcplan calendar: read back by two real iCalendar libraries.

The file is parsed by icalendar (which writes it) and imported into ical, an
independent implementation with its own parser and recurrence expansion:
the days ical expands each recurring event into must be the days hcplan's
own due times say (``Due.occurrences``, ``Meetings.days``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from conftest import MINIMAL, PLANS, REPO, SHIPPED
from hcplan.checking.loader import load_plan
from hcplan.views.rows import rows


def _calendar(hcplan, *args, out):
    result = hcplan("calendar", *args, "-o", out)
    assert result.exit_code == 0, result.stderr
    return out.read_bytes()


def _events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def _expanded(data: bytes) -> dict[str, list[date]]:
    """Each event's days, as ical (the second library) expands them."""
    cal = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    days: dict[str, list[date]] = defaultdict(list)
    for event in cal.timeline:
        assert isinstance(event.start, date) and not isinstance(event.start, datetime)  # all day
        assert event.end == event.start + timedelta(days=1)
        days[event.uid].append(event.start)
    return dict(days)


def _expected(path) -> dict[str, list[date]]:
    """The days hcplan's due times give each action not done, straight from ``Due``."""
    plan = load_plan(path).plan
    as_of = min(date.today(), plan.period.end)
    found = {}
    for row in rows(str(path), plan, as_of):
        due = row.due
        if row.done or due is None:
            continue
        if due.kind in ("window", "deadline"):
            found[row.id] = [due.deadline]
        elif due.kind == "start":
            found[row.id] = [due.start]
        elif due.every and due.kind in ("recurring", "continuous"):
            found[row.id] = [o.end for o in due.occurrences(end=plan.period.end) if o.end <= plan.period.end]
        elif due.kind == "continuous" and due.start > plan.period.start:
            found[row.id] = [due.start]
    return found


def _by_action(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["X-HCPLAN-ACTION"]): e for e in _events(data) if "X-HCPLAN-ACTION" in e}


# --- the shipped plans -------------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_every_event_of_a_shipped_plan_falls_on_the_days_its_due_says(hcplan, tmp_path, path):
    data = _calendar(hcplan, path, out=tmp_path / "plan.ics")
    expanded = _expanded(data)
    events = _by_action(data)
    expected = _expected(path)
    assert set(events) == set(expected)
    for action, days in expected.items():
        assert expanded[str(events[action]["UID"])] == days, action
    recurring = [a for a, e in events.items() if "RRULE" in e]
    assert recurring, "the shipped plans have recurring actions (3.1 meet quarterly, 6.1 each October...)"
    assert all(len(expected[a]) > 1 for a in recurring)
    assert not any("RDATE" in e for e in events.values())


def test_the_2024_25_plans_recurring_actions(hcplan, tmp_path):
    data = _calendar(hcplan, PLANS / "2024-25" / "plan.yaml", out=tmp_path / "plan.ics")
    events = _by_action(data)
    expanded = _expanded(data)
    quarterly = events["3.1"]
    assert quarterly["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20250331;INTERVAL=3;BYMONTHDAY=-1"
    assert expanded[str(quarterly["UID"])] == [date(2024, 6, 30), date(2024, 9, 30), date(2024, 12, 31), date(2025, 3, 31)]
    assert expanded[str(events["6.1"]["UID"])] == [date(2024, 10, 31)]  # each October, in a one-year plan
    assert len(expanded[str(events["18.1"]["UID"])]) == 12  # monthly
    # An action with no due is due by the end of the plan.
    assert events["2.1"].decoded("DTSTART") == date(2025, 3, 31)
    assert "Due within 2024-25: this is its last day." in str(events["2.1"]["DESCRIPTION"])


# --- every cadence ----------------------------------------------------------------------

CADENCES = [
    "Quarterly",
    "Monthly",
    "Bi-monthly",
    "Annually",
    "Twice yearly",
    "each October",
    "Twice a year (April and October)",
    "Annually in March",
    "Weekly",
    "Fortnightly",
    "Every 6 weeks",
    "Every 4 months",
    "Quarterly from July 2024",
    "Q2 Year 1 then quarterly",
    "meet quarterly",
    "Ongoing (reviewed quarterly)",
    "Continuous (monthly updates)",
]


def _plan_of(dues: list[str], *, start="2024-04-15", end="2026-05-10", quarters="financial") -> str:
    actions = "".join(
        f'          - id: "1.{n}"\n            text: Action {n}\n            leads: [Police]\n            due: "{due}"\n'
        for n, due in enumerate(dues, 1)
    )
    plan = MINIMAL.replace("2024-04-01", start).replace("2025-03-31", end).replace("quarters: financial", f"quarters: {quarters}")
    return plan[: plan.index("          - id: \"1.1\"")] + actions


@pytest.mark.parametrize("quarters", ["financial", "calendar"])
def test_every_cadence_is_one_rrule_that_gives_the_occurrences(hcplan, write, tmp_path, quarters):
    # A plan that starts and ends mid-month, over two plan years.
    path = write(_plan_of(CADENCES, quarters=quarters))
    data = _calendar(hcplan, path, out=tmp_path / "plan.ics")
    events = _by_action(data)
    expanded = _expanded(data)
    expected = _expected(path)
    plan = load_plan(path).plan
    for n, due in enumerate(CADENCES, 1):
        event = events[f"1.{n}"]
        assert "RRULE" in event and "RDATE" not in event, due
        days = expanded[str(event["UID"])]
        assert days == expected[f"1.{n}"], due
        assert len(days) > 1, due
        row = next(r for r in rows(str(path), plan, plan.period.start) if r.id == f"1.{n}")
        assert days == [o.end for o in row.due.occurrences(end=plan.period.end) if o.end <= plan.period.end], due


def test_a_rule_that_would_not_give_the_days_is_written_as_the_days():
    from hcplan.outputs.calendar import Calendar, Entry, recurrence, to_ical

    days = (date(2024, 6, 30), date(2024, 9, 30), date(2024, 12, 31))
    fits = recurrence(list(days), "month", 3)
    wrong = recurrence(list(days), "month", 3, last_day=False)  # the 30th: not 31 December
    found = Calendar([Entry("a", "A", "", days, fits), Entry("b", "B", "", days, wrong)], names=["Test"])
    data = to_ical(found)
    right, written = _events(data)
    assert "RRULE" in right and "RDATE" not in right
    assert "RRULE" not in written and "RDATE" in written
    assert _expanded(data) == {"a": list(days), "b": list(days)}


def test_dated_dues_are_one_day_events(hcplan, write, tmp_path):
    dues = ["Q2 Year 1", "31/03/2025", "Within six months of commencement of Action Plan", "July 2024 launch", "Q3 Year 1 (continuous)"]
    path = write(_plan_of(dues, start="2024-04-01", end="2026-03-31"))
    events = _by_action(_calendar(hcplan, path, out=tmp_path / "plan.ics"))
    days = {a: e.decoded("DTSTART") for a, e in events.items()}
    assert days == {
        "1.1": date(2024, 9, 30),  # the last day of the window
        "1.2": date(2025, 3, 31),
        "1.3": date(2024, 9, 30),
        "1.4": date(2024, 7, 1),  # a start: its first day
        "1.5": date(2024, 10, 1),  # continuous from Q3: when it starts
    }
    assert all("RRULE" not in e for e in events.values())
    assert str(events["1.4"]["SUMMARY"]).startswith("1.4 starts: ")
    assert "Due within July–September 2024: this is its last day." in str(events["1.1"]["DESCRIPTION"])


def test_actions_with_no_day_are_left_out_and_counted(hcplan, write, tmp_path):
    path = write(_plan_of(["Continuous", "As and when funding allows", "TBC", "Q2 Year 1"], start="2024-04-01", end="2025-03-31"))
    result = hcplan("calendar", path, "-o", tmp_path / "plan.ics")
    assert result.exit_code == 0
    assert set(_by_action((tmp_path / "plan.ics").read_bytes())) == {"1.4"}
    assert "1 event from 1 plan; left out 1 conditional, 1 continuous, 1 with no date." in result.stderr


# --- meetings ---------------------------------------------------------------------------


def test_meetings_are_events_on_their_days(hcplan, write, tmp_path):
    meetings = "group: Strategy Group\nmeetings:\n  every: quarter\n  first: 2024-06-12\n  dates: [2024-07-23, 2024-09-12]\n"
    path = write(MINIMAL.replace("quarters:", meetings + "quarters:"))
    data = _calendar(hcplan, path, out=tmp_path / "plan.ics")
    meetings = [e for e in _events(data) if "X-HCPLAN-ACTION" not in e]
    assert [str(e["SUMMARY"]) for e in meetings] == ["Strategy Group meeting"] * 2
    expanded = _expanded(data)
    regular, extra = meetings
    assert regular["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20250312;INTERVAL=3"
    assert expanded[str(regular["UID"])] == [date(2024, 6, 12), date(2024, 9, 12), date(2024, 12, 12), date(2025, 3, 12)]
    assert expanded[str(extra["UID"])] == [date(2024, 7, 23)]  # 12 September is a regular one already
    plan = load_plan(path).plan
    assert sorted(d for days in (expanded[str(e["UID"])] for e in meetings) for d in days) == plan.meetings.days(plan.period.end)
    # A lead's calendar still has the meetings.
    lead = _calendar(hcplan, path, "--lead", "Police", out=tmp_path / "police.ics")
    assert set(_by_action(lead)) == {"1.2"}
    assert {str(e["UID"]) for e in _events(lead) if "X-HCPLAN-ACTION" not in e} == {str(e["UID"]) for e in meetings}
    # A list of days only.
    path = write(MINIMAL.replace("quarters:", "meetings: [2024-06-12, 2024-10-02]\nquarters:"), "days.yaml")
    data = _calendar(hcplan, path, out=tmp_path / "days.ics")
    days = sorted(e.decoded("DTSTART") for e in _events(data) if "X-HCPLAN-ACTION" not in e)
    assert days == [date(2024, 6, 12), date(2024, 10, 2)]


@pytest.mark.parametrize("every", ["week", "two weeks", "6 weeks", "month", "two months", "half-year", "year"])
def test_every_meeting_cadence_expands_to_the_plans_days(hcplan, write, tmp_path, every):
    path = write(MINIMAL.replace("2025-03-31", "2027-03-31").replace("quarters:", f"meetings: {{every: {every}, first: 2024-04-17}}\nquarters:"))
    data = _calendar(hcplan, path, out=tmp_path / "plan.ics")
    (meeting,) = [e for e in _events(data) if "X-HCPLAN-ACTION" not in e]
    plan = load_plan(path).plan
    assert "RRULE" in meeting
    assert _expanded(data)[str(meeting["UID"])] == plan.meetings.days(plan.period.end)


# --- links back, and stable UIDs -----------------------------------------------------------


def test_each_event_says_its_plan_action_leads_rating_and_due(hcplan, write, tmp_path):
    path = write(MINIMAL.replace("            due: Q1 Year 1\n", "            due: Q1 Year 1\n            status: Behind\n            conditions: [dependent on funding]\n"))
    events = _by_action(_calendar(hcplan, path, out=tmp_path / "plan.ics"))
    event = events["1.1"]
    description = str(event["DESCRIPTION"])
    assert description.startswith("Action 1.1 of Anytown Hate Crime Work Plan 2024-25 (2024-25, ")
    assert "\nProduce a profile\n" in description
    for line in ("Lead: Safer Anytown", "Rating: Behind (red)", "Due: Q1 Year 1 (April–June 2024)", "Conditions: dependent on funding",
                 "Objective 1: Monitor hate crime", "Theme 1: Co-ordination"):  # fmt: skip
        assert f"\n{line}" in description, line
    assert str(event["SUMMARY"]) == "1.1 due: Produce a profile"
    assert str(event["X-HCPLAN-ACTION"]) == "1.1"
    assert str(event["X-HCPLAN-PLAN"]).endswith("plan.yaml")
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Safer Anytown"]
    assert event["TRANSP"] == "TRANSPARENT"


def _uids(data: bytes) -> dict[str, str]:
    return {str(e.get("X-HCPLAN-ACTION", e.decoded("DTSTART"))): str(e["UID"]) for e in _events(data)}


def test_uids_are_stable_across_runs_places_and_unrelated_edits(hcplan, write, tmp_path, monkeypatch):
    path = write(MINIMAL.replace("quarters:", "meetings: [2024-06-12]\nquarters:"))
    first = _calendar(hcplan, path, out=tmp_path / "a.ics")
    again = _calendar(hcplan, path, out=tmp_path / "b.ics")
    assert _uids(first) == _uids(again)
    assert len(set(_uids(first).values())) == len(_uids(first)) == 3  # 1.1, 1.2 (its start) and the meeting
    # From another folder, by another path, or a copy elsewhere: the same plan, the same UIDs.
    monkeypatch.chdir(path.parent)
    assert _uids(_calendar(hcplan, "plan.yaml", out=tmp_path / "c.ics")) == _uids(first)
    copy = tmp_path / "elsewhere" / "copy.yaml"
    copy.parent.mkdir()
    shutil.copy(path, copy)
    assert _uids(_calendar(hcplan, copy, out=tmp_path / "d.ics")) == _uids(first)
    # Edits of anything but the organisation and start keep them; a new due moves the event.
    assert hcplan("update", path, "1.1", "--note", "Profile drafted.", "--date", "2024-06-01").exit_code == 0
    assert hcplan("update", path, "1.1", "--due", "Q3 Year 1", "--reason", "data late", "--date", "2024-06-02").exit_code == 0
    text = path.read_text().replace("title: Anytown", "title: Revised Anytown").replace("text: Produce a profile", "text: Produce the profile")
    path.write_text(text)
    edited = _calendar(hcplan, path, out=tmp_path / "e.ics")
    assert _uids(edited) == _uids(first)
    assert _by_action(edited)["1.1"].decoded("DTSTART") == date(2024, 12, 31)
    assert _by_action(first)["1.1"].decoded("DTSTART") == date(2024, 6, 30)
    # Another plan (the organisation or the start differ) has other UIDs.
    other = write(MINIMAL.replace("Anytown Borough Council", "Othertown Council"), "other.yaml")
    assert set(_uids(_calendar(hcplan, other, out=tmp_path / "f.ics")).values()).isdisjoint(_uids(first).values())
    later = write(MINIMAL.replace("start: 2024-04-01", "start: 2024-05-01"), "later.yaml")
    assert set(_uids(_calendar(hcplan, later, out=tmp_path / "g.ics")).values()).isdisjoint(_uids(first).values())


def test_two_copies_of_one_plan_in_one_calendar_are_refused(hcplan, write, tmp_path):
    one, two = write(MINIMAL, "a/plan.yaml"), write(MINIMAL.replace("title: Anytown", "title: Draft Anytown"), "b/plan.yaml")
    result = hcplan("calendar", one, two, "-o", tmp_path / "x.ics")
    assert result.exit_code == 2
    assert "are the same plan (the same organisation and start)" in result.stderr
    assert not (tmp_path / "x.ics").exists()


def test_dtstamp_is_when_it_was_made_in_utc(hcplan, write, tmp_path, monkeypatch):
    path = write()
    before = datetime.now(UTC).replace(microsecond=0)
    data = _calendar(hcplan, path, out=tmp_path / "a.ics")
    stamps = {e.decoded("DTSTAMP") for e in _events(data)}
    (stamp,) = stamps
    assert stamp.tzinfo is not None and stamp.utcoffset() == timedelta(0)
    assert before <= stamp <= datetime.now(UTC)
    assert re.search(rb"\r\nDTSTAMP:\d{8}T\d{6}Z\r\n", data)
    # SOURCE_DATE_EPOCH makes the file the same, byte for byte.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718000000")
    one = _calendar(hcplan, path, out=tmp_path / "b.ics")
    assert one == _calendar(hcplan, path, out=tmp_path / "c.ics")
    assert b"DTSTAMP:20240610T061320Z" in one


def test_a_carried_over_action_keeps_its_lineage(hcplan, write, tmp_path):
    old = write(MINIMAL, "2024-25/plan.yaml")
    new = tmp_path / "2025-26" / "plan.yaml"
    assert hcplan("rollover", old, new, "--due", "Q2 Year 1").exit_code == 0
    data = _calendar(hcplan, old, new, out=tmp_path / "both.ics")
    events = defaultdict(dict)
    for event in _events(data):
        if "X-HCPLAN-ACTION" in event:
            events[str(event["X-HCPLAN-PLAN"]).split("/")[-2]][str(event["X-HCPLAN-ACTION"])] = event
    carried, origin = events["2025-26"]["1.1"], events["2024-25"]["1.1"]
    assert carried["UID"] != origin["UID"]
    assert carried["RELATED-TO"] == origin["UID"]
    assert carried["RELATED-TO"].params["RELTYPE"] == "SIBLING"
    assert "Carried over from action 1.1 of ../2024-25/plan.yaml" in str(carried["DESCRIPTION"])
    assert "RELATED-TO" not in origin
    assert str(carried["SUMMARY"]).endswith("[2025-26]")  # two plans: each says which
    # The new plan alone still names the event it came from.
    alone = _by_action(_calendar(hcplan, new, out=tmp_path / "new.ics"))
    assert alone["1.1"]["RELATED-TO"] == origin["UID"]


# --- what it says, and what it never says ---------------------------------------------------

#: A control character (a bell) is an error of the plan now (tests/test_plan_text.py), so none here.
HOSTILE = "Line one\r\nline two, with; semicolons: and \\ backslashes \\n \\, 🏳️‍🌈 émigré 中文\rthird line " + "word " * 60


def test_hostile_text_survives_both_parsers_with_folded_lines(hcplan, write, tmp_path):
    plan = MINIMAL.replace("text: Produce a profile", f'text: "{_yaml_quoted(HOSTILE)}"')
    plan = plan.replace("  - Safer Anytown\n", '  - "Policy, Strategy; Partnerships \\\\ 🎉"\n').replace("leads: [Safer Anytown]", 'leads: ["Policy, Strategy; Partnerships \\\\ 🎉"]')
    plan = plan.replace("title: Anytown Hate Crime Work Plan 2024-25", 'title: "Anytown, Plan; 2024\\\\25 ✨"')
    plan = plan.replace('id: "1.1"', 'id: "1,1;a"')
    path = write(plan)
    assert load_plan(path).plan.themes[0].objectives[0].actions[0].text == HOSTILE
    data = _calendar(hcplan, path, out=tmp_path / "plan.ics")
    # Folded to 75 octets, never inside a character; CRLF line ends only.
    physical = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in physical)
    for line in physical:
        line.decode("utf-8")  # a fold inside a character would not decode
    assert b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b"")
    expected_text = HOSTILE.replace("\r\n", "\n").replace("\r", "\n").strip()
    event = _by_action(data)["1,1;a"]
    assert f"\n{expected_text}\n" in str(event["DESCRIPTION"])
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Policy, Strategy; Partnerships \\ 🎉"]
    assert str(event["SUMMARY"]).startswith("1,1;a due: Line one line two, with; semicolons: and \\ backslashes")
    # The calendar's name is TEXT, escaped as the events' text is (it was written raw).
    assert b"\r\nNAME:Anytown\\, Plan\\; 2024\\\\25 \xe2\x9c\xa8\r\n" in data
    parsed = icalendar.Calendar.from_ical(data)
    assert str(parsed["X-WR-CALNAME"]) == "Anytown\\, Plan\\; 2024\\\\25 ✨"
    # The independent parser reads the same text.
    (other,) = [e for e in IcsCalendarStream.calendar_from_ics(data.decode()).events if e.uid == str(event["UID"])]
    assert other.summary == str(event["SUMMARY"])
    assert other.description == str(event["DESCRIPTION"])
    assert f"\n{expected_text}\n" in other.description
    # (ical splits CATEGORIES at an escaped comma, which RFC 5545 3.3.11 keeps
    # in the value; icalendar, above, reads it as written.)


@pytest.mark.parametrize("title", ["|\n  Anytown Plan\n  2024-25", '"Anytown\\rPlan"', '"Anytown\\u2028Plan"'])
def test_a_title_on_several_lines_names_the_calendar_on_one(hcplan, write, tmp_path, title):
    """A block-scalar title (which check accepts) stopped the calendar with an internal error;
    a CR in it went into the file raw."""
    path = write(MINIMAL.replace("title: Anytown Hate Crime Work Plan 2024-25", f"title: {title}"))
    data = _calendar(hcplan, path, out=tmp_path / "plan.ics")
    assert b"\r\nNAME:Anytown Plan" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    assert _events(data)


def _yaml_quoted(text: str) -> str:
    """``text`` inside a YAML double-quoted scalar."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n")


def test_private_updates_notes_and_progress_never_appear(hcplan, write, tmp_path):
    path = write(MINIMAL.replace("            due: Q1 Year 1\n", "            due: Q1 Year 1\n            notes: [Chair to ring the family]\n            progress: [Drafted in May]\n"))
    assert hcplan("update", path, "1.1", "--note", "Named victim discussed.", "--private", "--status", "behind", "--date", "2024-06-02").exit_code == 0
    data = _calendar(hcplan, path, out=tmp_path / "plan.ics")
    for secret in (b"Named victim", b"Chair to ring", b"Data requested", b"Drafted in May"):
        assert secret not in data
    assert "Rating: Behind (red)" in str(_by_action(data)["1.1"]["DESCRIPTION"])


def test_done_actions_are_left_out_unless_asked(hcplan, write, tmp_path):
    path = write(MINIMAL.replace("            due: Q1 Year 1\n", "            due: Q1 Year 1\n            status: Completed\n"))
    result = hcplan("calendar", path, "-o", tmp_path / "a.ics")
    assert "1.1" not in _by_action((tmp_path / "a.ics").read_bytes())
    assert "1 event from 1 plan; left out 1 done." in result.stderr
    assert hcplan("calendar", path, "--done", "-o", tmp_path / "b.ics").exit_code == 0
    assert str(_by_action((tmp_path / "b.ics").read_bytes())["1.1"]["SUMMARY"]) == "1.1 due (done): Produce a profile"


def test_lead_and_theme_choose_the_actions(hcplan, tmp_path):
    plan = PLANS / "2024-25" / "plan.yaml"
    everything = _by_action(_calendar(hcplan, plan, out=tmp_path / "all.ics"))
    mine = _by_action(_calendar(hcplan, plan, "--lead", "clarion", out=tmp_path / "lead.ics"))
    assert mine and set(mine) < set(everything)
    assert all("Clarion" in [str(c) for c in e["CATEGORIES"].cats] for e in mine.values())
    themed = _by_action(_calendar(hcplan, plan, "--theme", "1", out=tmp_path / "theme.ics"))
    first = {a.id for o in load_plan(plan).plan.themes[0].objectives for a in o.actions}
    assert themed and set(themed) == first & set(everything)
    result = hcplan("calendar", plan, "--lead", "Nobody At All", "-o", tmp_path / "none.ics")
    assert result.exit_code == 2 and "no lead 'Nobody At All'" in result.stderr
    assert not (tmp_path / "none.ics").exists()


def test_several_plans_and_folders_make_one_calendar(hcplan, tmp_path):
    data = _calendar(hcplan, PLANS, "--ended", out=tmp_path / "all.ics")  # both have ended
    plans = {str(e["X-HCPLAN-PLAN"]) for e in _events(data)}
    assert len(plans) == len(SHIPPED)
    cal = icalendar.Calendar.from_ical(data)
    assert all(title in str(cal["NAME"]) for title in (load_plan(p).plan.title for p in SHIPPED))
    assert len(_uids_all(data)) == len(_events(data))


def _uids_all(data: bytes) -> set[str]:
    return {str(e["UID"]) for e in _events(data)}


def test_without_output_it_writes_to_standard_output(hcplan, write):
    result = hcplan("calendar", write())
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    assert result.stdout_bytes.endswith(b"END:VCALENDAR\r\n")
    assert "Calendar: 2 events from 1 plan" in result.stderr


# --- never over a plan, and nothing half written -------------------------------------------------


def test_it_never_writes_over_a_plan_or_an_input(hcplan, write, tmp_path):
    path = write()
    before = path.read_bytes()
    result = hcplan("calendar", path, "-o", path)
    assert result.exit_code == 2 and "name the file .ics" in result.stderr
    for name, make in (("link.ics", os.symlink), ("hard.ics", os.link)):
        make(path, tmp_path / name)
        result = hcplan("calendar", path, "-o", tmp_path / name)
        assert result.exit_code == 2, name
        assert f"it is the same file as {path}, which this command reads" in result.stderr
    # A plan kept under a calendar's name is still a plan.
    other = write(MINIMAL, "other-plan.ics")
    result = hcplan("calendar", path, "-o", other)
    assert result.exit_code == 2 and "it is an hcplan plan" in result.stderr
    assert other.read_text() == MINIMAL
    assert path.read_bytes() == before


def test_it_writes_atomically_and_replaces_an_old_calendar(hcplan, write, tmp_path):
    path = write()
    out = tmp_path / "cal" / "plan.ics"
    out.parent.mkdir()
    out.write_bytes(b"an old calendar")
    assert hcplan("calendar", path, "-o", out).exit_code == 0
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert sorted(p.name for p in out.parent.iterdir()) == ["plan.ics"]  # no temporary left
    result = hcplan("calendar", path, "-o", tmp_path / "missing" / "plan.ics")
    assert result.exit_code == 1 and "hcplan: error:" in result.stderr and "Traceback" not in result.stderr


def test_a_plan_with_errors_writes_nothing(hcplan, write, tmp_path):
    path = write(MINIMAL.replace("leads: [Police]", "leads: [Polce]"))
    result = hcplan("calendar", path, "-o", tmp_path / "x.ics")
    assert result.exit_code == 1
    assert "lead 'Polce'" in result.stderr and "has errors; fix them first" in result.stderr
    assert not (tmp_path / "x.ics").exists()


# --- start-up ------------------------------------------------------------------------------

PROBE = (
    "import sys\nfrom hcplan.cli import main\nsys.argv = ['hcplan'] + sys.argv[1:]\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "print('icalendar' in sys.modules, 'dateutil' in sys.modules, file=sys.stderr)\n"
)


@pytest.mark.parametrize(
    ("args", "loaded"),
    [
        (["check", "plans"], False),
        (["list", "plans"], False),
        (["overdue", "plans"], False),
        (["show", "plans/2024-25/plan.yaml", "3.1"], False),
        (["report", "plans/2024-25/plan.yaml", "--template", "review"], False),
        (["--help"], False),
        (["calendar", "plans"], True),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else str(v),
)
def test_only_the_calendar_imports_icalendar(tmp_path, args, loaded):
    env = {**os.environ, "HCPLAN_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.stderr.strip().splitlines()[-1] == f"{loaded} {loaded}", result.stderr


def test_a_plan_outside_the_folder_it_is_run_in_is_named_by_its_folder_and_name(hcplan, tmp_path, monkeypatch):
    """The plan's whole path went into every event ('/home/jsmith/hc/plan.yaml'): where it lies
    on someone's computer, in a published calendar."""
    home = tmp_path / "home" / "jsmith" / "hc"
    home.mkdir(parents=True)
    (home / "plan.yaml").write_text(MINIMAL, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    data = _calendar(hcplan, home / "plan.yaml", out=tmp_path / "plan.ics")
    assert b"jsmith" not in data and str(tmp_path).encode() not in data.replace(b"\r\n ", b"")
    assert str(_by_action(data)["1.1"]["X-HCPLAN-PLAN"]) == "hc/plan.yaml"


def test_no_recurrence_runs_past_the_plans_end(hcplan, write, tmp_path):
    """'Weekly' and 'Every 6 weeks' in a plan ending on a Monday ran on to the Sunday after
    its end; 'Annually' in a plan of June to May fell on 31 December after it."""
    text = MINIMAL.replace("due: Q1 Year 1", "due: Weekly").replace("due: Q2 Year 1 (continuous)", "due: Every 6 weeks")
    for period in (("2024-04-01", "2025-03-31"), ("2024-06-01", "2025-05-31")):
        plan = write(text.replace("2024-04-01", period[0]).replace("2025-03-31", period[1]))
        end = date.fromisoformat(period[1])
        days = _expanded(_calendar(hcplan, plan, out=tmp_path / "plan.ics"))
        assert days and all(day <= end for found in days.values() for day in found), days


@pytest.mark.parametrize("epoch", ["99999999999999", "abc", "-5"])
def test_a_source_date_epoch_that_is_no_time_is_as_if_unset(hcplan, write, tmp_path, monkeypatch, epoch):
    """SOURCE_DATE_EPOCH past the year 9999 was an internal error; 'abc' and '-5' were
    already taken as unset."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    stamp = str(_events(_calendar(hcplan, write(MINIMAL), out=tmp_path / "plan.ics"))[0]["DTSTAMP"].dt.year)
    assert stamp == str(datetime.now(UTC).year)
