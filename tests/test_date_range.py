"""The years a plan's dates may take (1900 to 2199): a date outside them, in a plan or on
the command line, is a located plan error or a usage error, never an internal one; and
no sum hcplan makes from a date inside them runs off the end of the dates Python holds.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date

import pytest

from conftest import MINIMAL
from hcplan.format.dates import (
    FIRST_YEAR,
    LAST_YEAR,
    DateRangeError,
    parse_day,
    parse_iso_date,
    parse_quarter,
    read_day,
)
from hcplan.format.due import DueError, DueRangeError, cadence_of, parse_due

RANGE = "outside the years a plan's dates may take, 1900 to 2199"
NO_END = "some systems write 9999-12-31 for 'no end', but a plan's period needs its real end"
TODAY = date(2026, 1, 1)


def test_the_range_is_the_documented_one():
    assert (FIRST_YEAR, LAST_YEAR) == (1900, 2199)


# --- every reader of dates --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1900-01-01", "2199-12-31", "2024-02-29"])
def test_dates_at_the_edges_are_read(text):
    day = date.fromisoformat(text)
    assert parse_iso_date(text) == day
    assert parse_iso_date(day) == day
    assert read_day(text) == day
    assert parse_day(text, TODAY) == day


@pytest.mark.parametrize("text", ["1899-12-31", "2200-01-01", "0001-01-01", "0000-01-01", "9999-12-31"])
def test_dates_outside_the_range_are_refused_by_every_reader(text):
    with pytest.raises(DateRangeError, match=RANGE):
        parse_iso_date(text)
    with pytest.raises(DateRangeError, match=RANGE):
        read_day(text)
    with pytest.raises(DateRangeError, match=RANGE):
        parse_day(text, TODAY)
    if text[:4] != "0000":  # a date object cannot be in year 0
        with pytest.raises(DateRangeError, match=RANGE):
            parse_iso_date(date.fromisoformat(text))


def test_9999_12_31_in_a_file_is_told_a_plan_needs_its_real_end():
    with pytest.raises(DateRangeError) as caught:
        parse_iso_date("9999-12-31")
    assert str(caught.value) == f"'9999-12-31' is {RANGE}; {NO_END}"
    with pytest.raises(DateRangeError) as caught:
        parse_iso_date("0001-01-01")
    assert str(caught.value) == f"'0001-01-01' is {RANGE}"


@pytest.mark.parametrize("text", ["31/12/9999", "01/01/0001", "1 January 1899", "January 1, 2200", "31.12.2200"])
def test_days_written_the_british_way_or_in_words_are_refused_too(text):
    with pytest.raises(DateRangeError, match=RANGE):
        parse_day(text, TODAY)


def test_a_day_that_is_no_day_still_says_so_whatever_its_year():
    with pytest.raises(ValueError, match="there is no month 13"):
        parse_iso_date("9999-13-01")
    with pytest.raises(ValueError, match="February 2024 has 29 days"):
        parse_iso_date("2024-02-30")


def test_quarters_outside_the_range_are_refused():
    assert parse_quarter("Q3 2199-00", "financial", 2026).end == date(2199, 12, 31)
    assert parse_quarter("Q1 1900-01", "financial", 2026).start == date(1900, 4, 1)
    for text in ("Q4 2199-00", "Q1 1899-00", "Q1 9999-00", "Q1 0000-01", "Q1 2200"):
        with pytest.raises(DateRangeError, match="outside the years"):
            parse_quarter(text, "calendar", 2026)
    with pytest.raises(DateRangeError):
        parse_day("Q4 2199-00", date(2199, 12, 31))


# --- dues: the due parser makes every day through one checked function -----------------------


def _due(text, start=date(2199, 1, 1), end=date(2199, 12, 31), basis="calendar"):
    return parse_due(text, start, end, basis)


@pytest.mark.parametrize(
    "text",
    [
        "December 9999",
        "9999-12-31",
        "31/12/9999",
        "9999",
        "0000",
        "1899",
        "Q1 0000-01",
        "Q4 9999-00",
        "9999-00",
        "Jan-Dec 9999",
        "Spring 9999",
        "Autumn term 9999/00",
        "academic year 9999/00",
        "early 9999",
        "10/9999",
        "by December 9999",
        "from July 9999",
        "quarterly from July 9999",
        "until March 9999",
        "2199-2200",
        "Year 2",  # of a plan in 2199
        "Q1 Year 2",
        "within 12 months",  # from 1 January 2199: by 31 December 2199 is fine, 13 months is not
        "within 13 months",
        "within 99999999 years",
        "6-99999 weeks",
        "99999 months+",
    ],
)
def test_a_due_that_names_a_day_outside_the_range_is_a_range_error(text):
    if text == "within 12 months":
        assert _due(text).end == date(2199, 12, 31)
        return
    with pytest.raises(DueRangeError, match="outside the years a plan's dates may take, 1900 to 2199|runs past"):
        _due(text)


def test_a_due_of_9999_12_31_says_what_to_write_for_no_end():
    with pytest.raises(DueRangeError) as caught:
        _due("9999-12-31")
    assert str(caught.value).endswith(
        "some systems write 9999-12-31 for 'no end', but a due with no end is written Ongoing"
    )


def test_a_range_error_keeps_its_kind_through_due_means_and_timescales():
    with pytest.raises(DueRangeError, match="^due_means '9999'"):
        parse_due("whenever", date(2024, 4, 1), date(2025, 3, 31), "financial", means="9999")
    with pytest.raises(DueRangeError, match="timescale 'Long term' means 'December 9999'"):
        parse_due(
            "Long term", date(2024, 4, 1), date(2025, 3, 31), "financial", timescales={"Long term": "December 9999"}
        )


@pytest.mark.parametrize("text", ["every 0 weeks", "every 0 months", "every 100 weeks", "every 99999999 weeks"])
def test_a_cadence_counts_1_to_99(text):
    # "every 0 weeks" once never ended: each occurrence was the one before it.
    with pytest.raises(DueError, match="a cadence is every 1 to 99"):
        _due(text)
    assert cadence_of(text) is None
    assert cadence_of("every 99 weeks") == "99 weeks"
    assert _due("every 99 months").every == "99 months"


@pytest.mark.parametrize(
    ("start", "end", "basis"),
    [
        (date(1900, 1, 1), date(1900, 12, 31), "calendar"),
        (date(1900, 1, 1), date(1900, 12, 31), "financial"),
        (date(2199, 1, 1), date(2199, 12, 31), "calendar"),
        (date(2199, 4, 1), date(2199, 12, 31), "financial"),
        (date(1900, 1, 1), date(2199, 12, 31), "financial"),
    ],
)
def test_dues_of_plans_at_the_edges_make_no_date_outside_the_range(start, end, basis):
    """Every form of due, on plans at either edge, at every as-of day at the edges: each
    is read (within the range) or refused with a DueError, and what it means over the
    year is worked out without leaving the dates Python holds."""
    years = ["0000", "0001", "1899", "1900", "2199", "2200", "9999", "00", "99", "49", "50"]
    forms = [
        "{y}", "December {y}", "Dec-{y}", "10/{y}", "31/12/{y}", "{y}-12-31", "{y}-01-01", "Q1 {y}", "Q4 {y}",
        "Q1 {y}-00", "Q4 {y}-00", "{y}-{y}", "{y}/{y}", "Spring {y}", "Winter {y}/00", "Autumn term {y}",
        "early {y}", "academic year {y}/00", "FY{y}", "Jan-Dec {y}", "Nov-Feb {y}", "by December {y}",
        "before January {y}", "from July {y}", "quarterly from July {y}", "ongoing from {y}", "until March {y}",
        "throughout {y}", "Programmes by September {y}", "Year {y}", "Q2 Year {y}", "within {y} months",
        "within {y} weeks", "{y} months+", "every {y} weeks", "every {y} months", "December 31, {y}",
        "Q1 {y} then quarterly", "continuous (every {y} weeks)",
    ]  # fmt: skip
    plain = ["Quarterly", "Monthly", "Weekly", "Every 6 weeks", "Every 99 months", "Annually in April",
             "Twice a year (April and October)", "Continuous", "Ongoing (reviewed monthly)", "Immediate",
             "Within six months", "Q4 Year 1", "Year 1", "March", "Oct-Dec", "Autumn", "before 1900"]  # fmt: skip
    as_ofs = [date(1900, 1, 1), date(1900, 6, 30), date(2199, 6, 30), date(2199, 12, 31)]
    read = 0
    for text in [f.format(y=y) for f in forms for y in years] + plain:
        try:
            due = parse_due(text, start, end, basis)
        except DueError:
            continue
        read += 1
        for day in (due.start, due.end):
            assert day is None or FIRST_YEAR <= day.year <= LAST_YEAR, (text, due)
        for as_of in as_ofs:
            due.occurrences(end=as_of)
            due.next_due(as_of, [as_of])
            due.days_late(as_of)
            due.needs_update(as_of, [as_of])
            due.missed_words(as_of)
            due.describe()
    assert read > 50  # the edges are not refused wholesale


def test_a_day_outside_the_range_in_a_table_stays_in_the_words():
    """hcplan new --from reads days in a Word or Excel table through the same reader."""
    from hcplan.changes.draft_dates import due_day, find_date

    assert due_day("December 2199") == date(2199, 12, 31)
    assert due_day("December 9999") is None  # once an OverflowError: the month's last day is in year 10000
    assert due_day("31/12/9999") is None
    assert find_date("31/12/9999 Lesson plan drafted") == (None, False, "31/12/9999 Lesson plan drafted")
    assert find_date("31/12/2199 Lesson plan drafted") == (date(2199, 12, 31), False, "Lesson plan drafted")


# --- plans and commands ---------------------------------------------------------------------------


def _plan(start="2026-04-01", end="2027-03-31", due="Q3 Year 1", update="2026-05-01", quarters="financial"):
    """The minimal plan with these dates; ``update=None`` leaves its one update out."""
    text = MINIMAL
    if update is None:
        text = text.replace(
            "            updates:\n              - date: 2024-05-01\n                text: Data requested.\n", ""
        )
    return (
        text.replace("start: 2024-04-01", f"start: {start}")
        .replace("end: 2025-03-31", f"end: {end}")
        .replace("due: Q1 Year 1", f"due: {due}")
        .replace("date: 2024-05-01", f"date: {update}")
        .replace("quarters: financial", f"quarters: {quarters}")
    )


def _out(result) -> str:
    return result.stdout + result.stderr


@pytest.mark.parametrize("command", ["check", "overdue", "list", "amber"])
def test_a_period_that_ends_9999_12_31_is_a_located_plan_error(hcplan, write, command):
    result = hcplan(command, write(_plan(end="9999-12-31")))
    assert result.exit_code == 1, _out(result)
    assert f"plan.yaml:7:8: error: '9999-12-31' is {RANGE}; {NO_END} (schema)" in _out(result)
    assert "internal" not in _out(result)


def test_a_period_that_starts_0001_01_01_is_one_located_error(hcplan, write):
    result = hcplan("check", write(_plan(start="0001-01-01")))
    assert result.exit_code == 1
    assert result.stdout.count("error:") == 1, result.stdout
    assert f"plan.yaml:6:10: error: '0001-01-01' is {RANGE} (schema)" in result.stdout
    assert "internal" not in _out(result)


def test_a_due_of_9999_12_31_is_a_located_plan_error_and_no_command_fails_on_it(hcplan, write, tmp_path):
    path = write(_plan(due="9999-12-31"))
    result = hcplan("check", path)
    assert result.exit_code == 1
    assert f"plan.yaml:32:18: error: '9999-12-31' is {RANGE}; some systems write 9999-12-31" in result.stdout
    assert "(due-range)" in result.stdout and "(due)" not in result.stdout
    result = hcplan("calendar", path, "-o", tmp_path / "plan.ics")
    assert result.exit_code == 1, _out(result)
    assert "internal" not in _out(result)
    assert not (tmp_path / "plan.ics").exists()


@pytest.mark.parametrize("due", ["December 9999", "Year 3", "Q4 Year 1"])
def test_a_due_past_the_range_in_a_plan_at_its_edge_is_a_plan_error(hcplan, write, due):
    result = hcplan("check", write(_plan(start="2199-04-01", end="2199-12-31", update="2199-05-01", due=due)))
    assert result.exit_code == 1
    assert "(due-range)" in result.stdout
    assert "internal" not in _out(result)


def test_a_timescale_or_due_means_outside_the_range_is_reported_once_where_it_stands(hcplan, write):
    text = _plan(due="Long term") + "timescales:\n  Long term: December 9999\n"
    result = hcplan("check", write(text))
    assert result.exit_code == 1
    found = [line for line in result.stdout.splitlines() if "error:" in line]
    assert len(found) == 2, result.stdout  # the timescale, and the due that uses it
    assert all(line.endswith("(due-range)") for line in found)
    result = hcplan(
        "check",
        write(
            _plan(due="When funded").replace("due: When funded", "due: When funded\n            due_means: 2200-01-01")
        ),
    )
    assert result.exit_code == 1
    assert [line.rsplit(" ", 1)[-1] for line in result.stdout.splitlines() if "error:" in line] == ["(due-range)"]


def test_a_meeting_cadence_counts_1_to_99(hcplan, write):
    text = _plan() + "meetings:\n  every: 100 weeks\n  first: 2026-04-08\n"
    result = hcplan("check", write(text))
    assert result.exit_code == 1
    assert "is not a cadence hcplan knows" in result.stdout
    assert "internal" not in _out(result)


AS_OF = {
    "list": lambda plan: ["list", plan],
    "amber": lambda plan: ["amber", plan],
    "overdue": lambda plan: ["overdue", plan],
    "report": lambda plan: ["report", plan],
    "review": lambda plan: ["report", plan, "--template", "review"],
    "calendar": lambda plan: ["calendar", plan, "-o", plan.parent / "plan.ics"],
    "export": lambda plan: ["export", plan, "-o", plan.parent / "returns.xlsx"],
}


@pytest.mark.parametrize("command", AS_OF)
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01", "31/12/9999"])
def test_a_day_outside_the_range_on_the_command_line_is_a_usage_error(hcplan, write, command, day):
    result = hcplan(*AS_OF[command](write()), "--as-of", day)
    assert result.exit_code == 2, _out(result)
    last = result.stderr.rstrip("\n").rsplit("\n", 1)[-1]
    assert last.startswith(f"hcplan: error: invalid value for '--as-of': '{day}' is {RANGE}"), last
    assert "no end" not in last  # the hint about periods is for plans, not for a day typed


def test_a_new_plan_a_year_on_from_the_last_year_is_a_usage_error(hcplan, tmp_path):
    result = hcplan("new", tmp_path / "plan.yaml", "--title", "T", "--org", "O", "--start", "2199-06-01")
    assert result.exit_code == 2
    assert "the plan would end on 31 May 2200, outside the years a plan's dates may take, 1900 to 2199" in result.stderr
    assert not (tmp_path / "plan.yaml").exists()
    result = hcplan("new", tmp_path / "plan.yaml", "--title", "T", "--org", "O", "--start", "2199-01-01")
    assert result.exit_code == 0, result.stderr
    assert hcplan("check", tmp_path / "plan.yaml").exit_code == 0


def test_rolling_over_a_plan_that_ends_in_the_last_year_is_a_usage_error(hcplan, write, tmp_path):
    path = write(_plan(start="2199-01-01", end="2199-12-31", update=None, quarters="calendar"))
    result = hcplan("rollover", path, tmp_path / "next" / "plan.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"hcplan: error: the next plan would run 1 January 2200 to 31 December 2200, {RANGE}\n"
    assert not (tmp_path / "next").exists()


# --- every command on plans at the edges and just outside them ----------------------------------------

#: Plans with their dates at the edges of the range (valid), and just outside it (each an error).
EDGE_PLANS = {
    "first-year": {"start": "1900-01-01", "end": "1900-12-31", "quarters": "calendar", "update": "1900-01-01",
                       "due": "Every 6 weeks"},
    "last-year": {"start": "2199-01-01", "end": "2199-12-31", "quarters": "calendar", "update": None, "due": "2199-12-31"},
    "last-financial": {"start": "2199-04-01", "end": "2199-12-31", "update": None, "due": "Quarterly"},
    "whole-range": {"start": "1900-04-01", "end": "2199-12-31", "update": None, "due": "Annually in March"},
    "starts-1899": {"start": "1899-12-31", "end": "1900-12-31"},
    "ends-2200": {"start": "2199-01-01", "end": "2200-01-01", "quarters": "calendar", "update": "2199-02-01"},
    "ends-9999": {"start": "2026-04-01", "end": "9999-12-31"},
    "due-2200": {"start": "2199-01-01", "end": "2199-12-31", "update": "2199-02-01", "due": "2200-01-01"},
    "due-1899": {"start": "1900-01-01", "end": "1900-12-31", "update": "1900-02-01", "due": "December 1899"},
    "update-2200": {"start": "2199-01-01", "end": "2199-12-31", "update": "2200-01-01"},
    "update-0001": {"update": "0001-01-01"},
}  # fmt: skip

#: Every command that lists, reports, calendars or exports, with its outputs in the plan's folder.
COMMANDS = {
    "check": lambda p: ["check", p],
    "overdue": lambda p: ["overdue", p, "--within", "99999d"],
    "amber": lambda p: ["amber", p],
    "list": lambda p: ["list", p, "--format", "json"],
    "list-csv": lambda p: ["list", p, "--format", "csv"],
    "show": lambda p: ["show", "1.2", p],
    "plan": lambda p: ["report", p, "-o", p.parent / "plan.html"],
    "review": lambda p: ["report", p, "--template", "review", "--since", "1900-01-01"],
    "annual": lambda p: ["report", p, "--template", "annual"],
    "calendar": lambda p: ["calendar", p, "-o", p.parent / "plan.ics"],
    "export": lambda p: ["export", p, "-o", p.parent / "returns.xlsx"],
    "export-csv": lambda p: ["export", p, "-o", p.parent / "returns.csv"],
    "digest": lambda p: ["digest", p, "-o", p.parent / "digest"],
    "site": lambda p: ["site", p.parent, "-o", p.parent.with_name(p.parent.name + "-site"), "--formats", "html"],
    "rollover": lambda p: ["rollover", p, p.parent / "next" / "plan.yaml", "--dry-run"],
}

#: The commands that report on a plan as of a day of it: asked for a day before it starts, they refuse.
AS_OF_A_DAY_OF_THE_PLAN = frozenset({"plan", "review", "annual", "export", "export-csv", "digest"})

#: The days each command is run as on: none (today), the edges, and just outside them.
DAYS = [None, "1900-01-01", "2199-12-31", "1899-12-31", "2200-01-01"]


def _edge_plan(name: str) -> str:
    text = _plan(**EDGE_PLANS[name])
    # Meetings at the plan's start, every six weeks, to the end: the calendar's arithmetic too.
    first = EDGE_PLANS[name].get("start", "2026-04-01")
    if first[:4] in ("1900", "2199") and name != "whole-range":
        text += f"meetings:\n  every: 6 weeks\n  first: {first}\n"
    return text


@pytest.mark.slow
@pytest.mark.parametrize("name", EDGE_PLANS)
def test_every_command_on_plans_at_the_edges_ends_in_an_answer_or_a_plain_error(hcplan, tmp_path, name):
    folder = tmp_path / name
    folder.mkdir()
    plan = folder / "plan.yaml"
    plan.write_text(textwrap.dedent(_edge_plan(name)), encoding="utf-8")
    valid = name in ("first-year", "last-year", "last-financial", "whole-range")
    found = re.search(r"start: (\d{4}-\d{2}-\d{2})", plan.read_text(encoding="utf-8"))
    starts = found[1] if found else ""  # ISO days: compared as text
    assert hcplan("check", plan).exit_code == (0 if valid else 1), name
    for command, args in COMMANDS.items():
        for day in DAYS if valid else DAYS[:1]:
            as_of = [] if day is None else ["--start" if command == "rollover" else "--as-of", day]
            result = hcplan(*args(plan), *as_of)
            said = _out(result)
            assert result.exit_code in (0, 1, 2), (command, day, said)
            assert "internal" not in said.casefold(), (command, day, said)
            assert "Traceback" not in said, (command, day, said)
            if day in ("1899-12-31", "2200-01-01"):
                assert result.exit_code == 2 and RANGE in said, (command, day, said)
            elif valid and command == "rollover":  # a plan that ends in 2199 has no next one; --start 1900 is too early
                assert result.exit_code in (0, 2), (day, said)
            elif valid and command in AS_OF_A_DAY_OF_THE_PLAN and day is not None and day < starts:
                assert result.exit_code == 2 and "is before the plan starts" in said, (command, day, said)
            elif valid:
                assert result.exit_code == 0, (command, day, said)
            if not valid:  # a listing answers for a plan with errors, saying so; check and reports refuse it
                assert result.exit_code in (0, 1) and ("error" in said or command == "rollover"), (command, said)
