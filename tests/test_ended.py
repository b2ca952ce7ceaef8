"""Plans that have ended: folder walks answer for the plans current on the day,
and what an ended plan left undone is "not done by the end of the plan"."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from datetime import date, timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path

import icalendar
import pytest

from conftest import MINIMAL, PLANS, REPO
from hcplan.format.dates import long_date

TODAY = date.today()

#: The ended plan (MINIMAL: 1 April 2024 to 31 March 2025); an update after its end
#: rates 1.2 amber, and 1.1 was never done.
ENDED = MINIMAL.replace(
    "            due: Q2 Year 1 (continuous)\n",
    "            due: Q2 Year 1 (continuous)\n"
    "            status: In Progress\n"
    "            updates:\n"
    "              - date: 2025-06-01\n"
    "                text: Rated after the plan ended.\n"
    "                status: In Progress\n",
)


def current_plan(start: date, end: date) -> str:
    """MINIMAL, renamed, over ``start`` to ``end``; its 1.1 is due 60 days in, not done."""
    return (
        MINIMAL.replace("Anytown Hate Crime Work Plan 2024-25", "Anytown Hate Crime Work Plan, current")
        .replace("start: 2024-04-01", f"start: {start.isoformat()}")
        .replace("end: 2025-03-31", f"end: {end.isoformat()}")
        .replace("due: Q1 Year 1", f"due: {long_date(start + timedelta(days=60))}")
        .replace("due: Q2 Year 1 (continuous)", "due: Ongoing")
        .replace("date: 2024-05-01", f"date: {min(start, TODAY).isoformat()}")
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with one ended plan (2024-25) and one current today (its first quarter has passed)."""
    root = tmp_path / "plans"
    (root / "2024-25").mkdir(parents=True)
    (root / "now").mkdir()
    (root / "2024-25" / "plan.yaml").write_text(ENDED, encoding="utf-8")
    start = TODAY - timedelta(days=200)
    (root / "now" / "plan.yaml").write_text(current_plan(start, start + timedelta(days=364)), encoding="utf-8")
    return root


def ended_file(folder: Path) -> str:
    return str(folder / "2024-25" / "plan.yaml")


def current_file(folder: Path) -> str:
    return str(folder / "now" / "plan.yaml")


def note(day: date, *ended: tuple[str, str]) -> str:
    some = f"{len(ended)} plan{'s' * (len(ended) != 1)}"
    which = ", ".join(f"{path} (ended {end})" for path, end in ended)
    return f"Left out {some} that had ended by {long_date(day)}: {which}; --ended includes {'them' if len(ended) != 1 else 'it'}.\n"


# --- folder walks answer for the plans current on the day --------------------------------


@pytest.mark.parametrize(("command", "section"), [("overdue", "overdue"), ("amber", "rated"), ("list", "actions")])
def test_a_folder_walk_leaves_the_ended_plan_out_and_says_so(hcplan, folder, command, section):
    result = hcplan(command, folder, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)  # the note is not in the data
    assert {row["plan"] for row in data[section]} <= {current_file(folder)}
    assert result.stderr == note(TODAY, (ended_file(folder), "31 March 2025"))
    # Each listing has something of the current plan to say.
    if command != "amber":
        assert [row["plan"] for row in data[section]][:1] == [current_file(folder)]


def test_with_ended_both_plans_are_listed_and_the_ended_one_is_not_done_by_its_end(hcplan, folder):
    result = hcplan("overdue", folder, "--ended", "-f", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    rows = {(row["plan"], row["id"]): row for row in json.loads(result.stdout)["overdue"]}
    ended = rows[(ended_file(folder), "1.1")]
    assert (ended["days_late"], ended["plan_ended"], ended["overdue"]) == (None, "2025-03-31", True)
    assert ended["standing"] == "not done by the end of the plan (31 March 2025)"
    current = rows[(current_file(folder), "1.1")]
    assert current["plan_ended"] is None and current["days_late"] > 0
    assert current["standing"] == f"{current['days_late']:,} days overdue"
    # The day each is answered for: the ended plan's last day (the top's as_of is the day asked).
    assert (ended["as_of"], current["as_of"]) == ("2025-03-31", json.loads(result.stdout)["as_of"])


def test_the_text_table_of_an_ended_plan_says_not_done_by_the_end(hcplan, folder):
    text = hcplan("overdue", folder, "--ended").stdout
    flat = re.sub(r"\s+", "", text)  # the path may be broken anywhere to fit
    assert re.sub(r"\s+", "", f"Not done by the end of the plan (31 March 2025): Anytown Hate Crime Work Plan 2024-25 ({ended_file(folder)})") in flat
    ended_part = text.split("Not done by the end of the plan")[1]
    assert "day" not in ended_part.split("Overdue:")[0].replace("31 March", "")  # no "N days late"
    assert "Overdue:AnytownHateCrimeWorkPlan,current" in flat


def test_csv_says_when_the_plan_ended(hcplan, folder):
    result = hcplan("overdue", folder, "--ended", "-f", "csv")
    rows = {(r["plan"], r["id"]): r for r in csv.DictReader(io.StringIO(result.stdout))}
    ended = rows[(ended_file(folder), "1.1")]
    assert (ended["days_late"], ended["plan_ended"]) == ("", "2025-03-31")
    assert ended["standing"] == "not done by the end of the plan (31 March 2025)"
    current = rows[(current_file(folder), "1.1")]
    assert current["plan_ended"] == "" and int(current["days_late"]) > 0


def test_an_ended_plan_is_answered_as_of_its_end_unless_a_day_is_asked(hcplan, folder):
    # The rating set after the end is not part of the final position.
    assert json.loads(hcplan("amber", folder, "--ended", "-f", "json").stdout)["rated"] == []
    later = json.loads(hcplan("amber", folder, "--ended", "--as-of", "2025-07-01", "-f", "json").stdout)["rated"]
    assert [(r["plan"], r["id"], r["plan_ended"]) for r in later] == [(ended_file(folder), "1.2", "2025-03-31")]
    title = hcplan("list", ended_file(folder)).stdout
    assert "as of 31 March 2025" in re.sub(r"\s+", " ", title)


def test_as_of_inside_the_ended_plans_period_lists_it_as_current(hcplan, folder):
    result = hcplan("overdue", folder, "--as-of", "2024-08-01", "-f", "json")
    assert result.stderr == ""  # current then: nothing left out (the other plan had not started)
    rows = json.loads(result.stdout)["overdue"]
    assert [(r["plan"], r["id"], r["days_late"], r["plan_ended"]) for r in rows] == [(ended_file(folder), "1.1", 32, None)]


@pytest.mark.parametrize("command", ["overdue", "amber", "list"])
def test_as_of_the_last_day_is_titled_as_the_rows_are_judged_its_final_position(hcplan, folder, command):
    """Asked as of its last day, the plan's rows were judged "not done by the end of the plan"
    under the title "Overdue" (and without the Late column); asked after its end, the same
    rows were titled for its end. One day, one answer: its final position."""
    plan = ended_file(folder)
    on_the_day = hcplan(command, plan, "--as-of", "2025-03-31")
    after = hcplan(command, plan)
    assert on_the_day.stdout == after.stdout
    assert "at the end of the plan (31 March 2025)" in on_the_day.stdout or "Not done by the end of the plan" in on_the_day.stdout
    assert hcplan(command, folder, "--as-of", "2025-03-31").stderr == ""  # not ended on its last day: not left out


def test_as_of_after_every_plan_leaves_all_out_and_says_which(hcplan, folder):
    day = TODAY + timedelta(days=800)
    result = hcplan("overdue", folder, "--as-of", day.isoformat())
    assert result.exit_code == 0
    assert result.stdout == f"Nothing is overdue (as of {long_date(day)})\n"
    current_end = long_date(TODAY - timedelta(days=200) + timedelta(days=364))
    assert result.stderr == note(day, (ended_file(folder), "31 March 2025"), (current_file(folder), current_end))


def test_a_plan_named_is_answered_for_even_when_ended(hcplan, folder):
    for named in (ended_file(folder), folder / "2024-25"):  # its file, or the folder that holds only it
        result = hcplan("overdue", named, "-f", "json")
        assert result.stderr == ""
        rows = json.loads(result.stdout)["overdue"]
        # All it left undone: 1.2 is "continuous", never late, and not done by the end either.
        assert [(row["id"], row["plan_ended"]) for row in rows] == [("1.1", "2025-03-31"), ("1.2", "2025-03-31")]


def test_a_plan_that_has_not_started_is_answered_for(hcplan, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    start = TODAY + timedelta(days=30)
    for name in ("a", "b"):
        (tmp_path / name / "plan.yaml").write_text(current_plan(start, start + timedelta(days=364)), encoding="utf-8")
    result = hcplan("list", tmp_path, "-f", "json")
    assert result.stderr == ""
    assert len(json.loads(result.stdout)["actions"]) == 4


# --- show and calendar ------------------------------------------------------------------


def test_show_searches_current_plans_and_names_the_ended_ones(hcplan, folder):
    result = hcplan("show", "1.1", folder)
    assert result.exit_code == 0
    assert "Anytown Hate Crime Work Plan, current" in result.stdout
    assert "2024-25" not in result.stdout
    assert result.stderr == note(TODAY, (ended_file(folder), "31 March 2025"))
    shown = hcplan("show", "1.1", ended_file(folder)).stdout
    assert "not done by the end of the plan (31 March 2025)" in re.sub(r"\s+", " ", shown)
    assert "overdue" not in shown


def test_show_of_an_id_only_an_ended_plan_has_says_it_was_left_out(hcplan, folder):
    result = hcplan("show", "1.9", folder)
    assert result.exit_code == 2
    assert "Left out 1 plan that had ended by" in result.stderr and "--ended includes it" in result.stderr


def test_a_calendar_of_a_folder_has_only_the_current_plan_unless_ended(hcplan, folder, tmp_path):
    def plans(*args: str) -> set[str]:
        result = hcplan("calendar", folder, *args, "-o", tmp_path / "out.ics")
        assert result.exit_code == 0, result.stderr
        events = icalendar.Calendar.from_ical((tmp_path / "out.ics").read_bytes()).walk("VEVENT")
        return {str(e["X-HCPLAN-PLAN"]).split("/")[-2] for e in events}

    assert plans() == {"now"}
    assert plans("--ended") == {"now", "2024-25"}


# --- digest and export of an ended plan ----------------------------------------------------


def test_the_digest_of_an_ended_plan_speaks_of_its_end(hcplan, folder, tmp_path):
    out = tmp_path / "digests"
    result = hcplan("digest", ended_file(folder), "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "(as of 31 March 2025)" in result.stdout
    assert "The plan ended on 31 March 2025: 1 action not done by its end.\n" in result.stdout
    assert "safer-anytown.eml: 1 not done by the end of the plan;" in result.stdout
    assert "overdue" not in result.stdout
    message = BytesParser(policy=policy.default).parsebytes((out / "safer-anytown.eml").read_bytes())
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    flat = re.sub(r"\s+", " ", text)
    assert "The plan ended on 31 March 2025: 1 action was not done by its end." in flat
    assert "Not done by the end of the plan (1)" in text
    assert "late" not in flat and "Overdue" not in text
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "The plan ended on 31 March 2025" in html and "Not done by the end of the plan" in html


def test_the_digest_of_a_current_plan_still_says_overdue(hcplan, folder, tmp_path):
    result = hcplan("digest", current_file(folder), "-o", tmp_path / "d")
    assert "safer-anytown.eml: 1 overdue" in result.stdout
    assert "The plan ended" not in result.stdout


def test_export_of_an_ended_plan_warns_and_is_of_its_final_position(hcplan, folder, tmp_path):
    result = hcplan("export", ended_file(folder), "-o", tmp_path / "r.xlsx")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"Wrote {tmp_path / 'r.xlsx'}: 2 actions of {ended_file(folder)}, as of 31 March 2025",
        f"hcplan: warning: {ended_file(folder)} ended on 31 March 2025: this is its final position, and what it left "
        "undone belongs in the next plan (hcplan rollover).",
    ]
    current = hcplan("export", current_file(folder), "-o", tmp_path / "c.xlsx")
    assert "warning" not in current.stderr.lower()


# --- the shipped plans, and make run ---------------------------------------------------------


def test_the_shipped_plans_have_ended_and_a_listing_says_so(hcplan, monkeypatch):
    monkeypatch.chdir(REPO)
    result = hcplan("overdue", "plans")
    assert result.stdout.startswith("Nothing is overdue")
    assert result.stderr == note(
        TODAY, ("plans/2017/plan.yaml", "31 December 2020"), ("plans/2024-25/plan.yaml", "31 March 2025")
    )


def test_make_run_lists_what_the_shipped_plans_left_undone(hcplan, monkeypatch):
    recipe = re.search(r"^run:.*\n\t\$\(BIN\)/(hcplan .*)$", (REPO / "Makefile").read_text(), re.M)
    assert recipe is not None
    monkeypatch.chdir(REPO)
    result = hcplan(*shlex.split(recipe.group(1))[1:])
    assert result.exit_code == 0
    flat = re.sub(r"\s+", " ", result.stdout)
    assert "Not done by the end of the plan (31 December 2020): Merton Hate Crime Strategy Work Plan 2017" in flat
    assert "Not done by the end of the plan (31 March 2025): Merton Hate Crime Work Plan 2024-2025" in flat
    assert not re.search(r"\d days", flat)  # never "3,349 days late"
    assert result.stderr == ""


def test_the_shipped_plans_as_json_are_not_done_by_their_ends(hcplan):
    data = json.loads(hcplan("overdue", PLANS, "--ended", "-f", "json").stdout)
    ends = {row["plan"].split("/")[-2]: row["plan_ended"] for row in data["overdue"]}
    assert ends == {"2017": "2020-12-31", "2024-25": "2025-03-31"}
    assert all(row["days_late"] is None for row in data["overdue"])
    assert data["needs_update"] == []


def test_an_update_after_the_plan_ended_is_recorded_with_a_warning_and_check_says_so_too(hcplan, write):
    """hcplan update on an ended plan, dated today by default: the rating went in, and every
    listing (as at the plan's end) went on saying 'none', without a word."""
    from conftest import MINIMAL

    path = write(MINIMAL)
    result = hcplan("update", path, "1.2", "--note", "Late news.", "--status", "behind", "--date", "2025-05-01")
    assert result.exit_code == 0, result.stderr
    assert "hcplan: warning: the plan ended on 31 March 2025: an update dated 1 May 2025 is not in its listings" in result.stderr
    checked = hcplan("check", path)
    assert checked.exit_code == 0 and "(update-after-period)" in checked.stdout
    assert hcplan("check", "--strict", path).exit_code == 1
    within = hcplan("update", path, "1.1", "--note", "Final position.", "--date", "2025-03-31")
    assert within.exit_code == 0 and "warning" not in within.stderr


def test_an_update_dated_before_the_plan_starts_is_recorded_with_a_warning_as_check_gives(hcplan, write):
    """A year typed wrong in --date (2023 for 2024): the update went in without a word, and
    only a later check warned of it."""
    from conftest import MINIMAL

    path = write(MINIMAL)
    result = hcplan("update", path, "1.2", "--note", "Held.", "--date", "2024-02-01")
    assert result.exit_code == 0, result.stderr
    warning = "update dated 1 February 2024 is before the plan period starts (1 April 2024)"
    assert f"hcplan: warning: {warning}" in result.stderr
    assert f"warning: {warning} (update-before-period)" in hcplan("check", path).stdout


def test_overdue_of_an_ended_plan_lists_all_it_left_undone_as_its_review_does(hcplan):
    """overdue listed 31 of the 2017 plan's actions 'not done by the end of the plan', its
    review, site and show 44: the continuous and conditional ones were left out."""
    plan = PLANS / "2017" / "plan.yaml"
    listed = json.loads(hcplan("overdue", plan, "-f", "json").stdout)["overdue"]
    review = hcplan("report", plan, "--template", "review").stdout
    assert f"## Not done by the end of the plan ({len(listed)})" in review
    assert "1.2.1" in [row["id"] for row in listed]  # Continuous
