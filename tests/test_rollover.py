"""hcplan rollover: next year's plan from this year's, by editing the text."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date

import pytest

from conftest import MINIMAL, PLANS, REPO
from hcplan.checking.loader import load_plan
from hcplan.files.reader import parse, read_file


@pytest.fixture
def plans(tmp_path):
    """A copy of the shipped plans (and the schema their modeline names)."""
    shutil.copytree(PLANS, tmp_path / "plans")
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    return tmp_path / "plans"


def _data(path):
    data, _ = parse(read_file(str(path)))
    return data


def _comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def test_the_2024_25_plan_rolls_over_into_a_2025_26_draft_that_checks_clean(hcplan, plans):
    old, new = plans / "2024-25" / "plan.yaml", plans / "2025-26" / "plan.yaml"
    before = old.read_bytes()
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    assert old.read_bytes() == before  # never changed without --link
    assert hcplan("check", "--strict", new).stdout == ""
    assert hcplan("check", "--strict", plans).exit_code == 0

    was, now = load_plan(old).plan, load_plan(new).plan
    assert now.title == "Merton Hate Crime Work Plan 2025-2026"
    assert (now.period.start, now.period.end) == (date(2025, 4, 1), date(2026, 3, 31))
    assert now.follows == "../2024-25/plan.yaml" and now.followed_by is None
    for same in ("organisation", "group", "quarters", "scale", "leads", "notes"):
        assert getattr(now, same) == getattr(was, same), same
    not_done = [ref for ref in was.actions() if ref.action.status != "Completed"]
    assert [ref.action.id for ref in now.actions()] == [ref.action.id for ref in not_done]
    for ref, old_ref in zip(now.actions(), not_done):
        action, before_action = ref.action, old_ref.action
        assert (action.text, action.leads, action.conditions) == (before_action.text, before_action.leads, before_action.conditions)
        assert (action.from_.plan, action.from_.action) == ("../2024-25/plan.yaml", before_action.id)
        # The plan's dues are the period's (none written) or recurrences, which carry over.
        assert action.due == (before_action.due or "TBC")
        assert action.status is None and not action.updates and not action.notes and not action.progress
        assert ref.objective.id == old_ref.objective.id and ref.theme.number == old_ref.theme.number
    assert "1" not in [o.id for t in now.themes for o in t.objectives]  # both its actions were done
    assert [t.number for t in now.themes] == [1, 2, 3, 4]
    assert "Dropped objective 1 (Monitor and understand the picture of hate crime in Merton): all its actions are done." in result.stdout
    assert "Left behind 2 done: 1.1, 1.2." in result.stdout


def test_the_new_plan_is_the_old_text_with_lines_cut_and_a_few_spliced(hcplan, plans):
    old, new = plans / "2024-25" / "plan.yaml", plans / "2025-26" / "plan.yaml"
    assert hcplan("rollover", old, new).exit_code == 0
    changed = re.compile(r"\s*(due|from|follows|title|start|end): ")
    kept = [line for line in new.read_text().splitlines() if not changed.match(line)]
    old_lines = iter(old.read_text().splitlines())
    for line in kept:  # a subsequence: same lines, same order, nothing rewritten
        assert any(line == candidate for candidate in old_lines), line


def test_comments_travel_with_what_they_belong_to(hcplan, plans):
    old, new = plans / "2024-25" / "plan.yaml", plans / "2025-26" / "plan.yaml"
    assert hcplan("rollover", old, new).exit_code == 0
    old_text, new_text = old.read_text(), new.read_text()
    assert set(_comments(new_text)) <= set(_comments(old_text))  # none invented
    # File-level comments stay, all of them.
    assert [c for c in _comments(old_text) if not c.startswith(" ")] == [c for c in _comments(new_text) if not c.startswith(" ")]
    # The comments above a kept item stay just above it.
    for comment, item in [
        ("          # 8.2 and 8.3 are a second Actions row of objective 8, after a blank", '          - id: "8.2"'),
        ("      # is starred on objective 16, and objective 18 is the monthly advice", '      - id: "16"'),
        ("          # The progress cell is undated progress, not a rating: no status.", '          - id: "9.1"'),
    ]:
        lines = new_text.splitlines()
        at = lines.index(comment)
        following = next(line for line in lines[at:] if not line.lstrip().startswith("#"))
        assert following == item
    # Those of a dropped item go with it.
    assert "The progress cell \"Completed 23-24\" covers the whole row" in old_text
    assert "The progress cell \"Completed 23-24\" covers the whole row" not in new_text


def test_the_2017_plan_rolls_over_four_years_on(hcplan, plans):
    old, new = plans / "2017" / "plan.yaml", plans / "2021" / "plan.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    assert hcplan("check", "--strict", new).stdout == ""
    now = load_plan(new).plan
    assert now.title == "Merton Hate Crime Strategy Work Plan 2021"
    assert (now.period.start, now.period.end) == (date(2021, 1, 1), date(2024, 12, 31))
    dues = {ref.action.id: ref.action.due for ref in now.actions()}
    assert "1.1.2" not in dues  # Completed
    # A due of the old plan's time is reset; one that names no time is kept.
    assert dues["1.1.1"] == "TBC" and dues["1.5.1"] == "TBC"  # Q1 Year 1, Q2 Year 1 (continuous)
    assert (dues["1.1.6"], dues["1.2.1"], dues["1.8.1"]) == ("Annually", "Continuous", "As and when they become available")
    assert "1.1.6, 1.2.1" in result.stdout
    # The reschedule and its comment stay behind with the old due.
    assert "From the 18/05/2017 comment" not in new.read_text()


def test_start_and_due_for_all(hcplan, plans):
    old, new = plans / "2017" / "plan.yaml", plans / "2022" / "plan.yaml"
    result = hcplan("rollover", old, new, "--start", "2022-01-01", "--due", "Q4 Year 1", "--title", "Merton plan 2022-25")
    assert result.exit_code == 0, result.stderr
    now = load_plan(new).plan
    assert (now.period.start, now.period.end) == (date(2022, 1, 1), date(2025, 12, 31))
    assert now.title == "Merton plan 2022-25"
    assert {ref.action.due for ref in now.actions()} == {"Q4 Year 1"}


def test_a_start_given_as_a_quarter_is_its_first_day(hcplan, plans):
    old, new = plans / "2024-25" / "plan.yaml", plans / "2025-26" / "plan.yaml"
    assert hcplan("rollover", old, new, "--start", "Q2 2025-26").exit_code == 0
    now = load_plan(new).plan
    assert (now.period.start, now.period.end) == (date(2025, 7, 1), date(2026, 6, 30))


def test_link_records_in_the_old_plan_what_follows_it_and_nothing_else(hcplan, plans):
    old, new = plans / "2024-25" / "plan.yaml", plans / "2025-26" / "plan.yaml"
    before = old.read_text()
    result = hcplan("rollover", old, new, "--link")
    assert result.exit_code == 0, result.stderr
    after = old.read_text()
    assert after == before.replace("  end: 2025-03-31\n", "  end: 2025-03-31\nfollowed_by: ../2025-26/plan.yaml\n", 1)
    assert hcplan("check", "--strict", plans).exit_code == 0
    # Linked both ways, a wrong link now shows.
    new.write_text(new.read_text().replace("follows: ../2024-25/plan.yaml", "follows: ../2017/plan.yaml"))
    assert "followed_by ../2025-26/plan.yaml, but that plan's follows is ../2017/plan.yaml (plan-link)" in hcplan("check", old).stdout


def test_link_never_writes_over_a_save_made_to_the_old_plan_meanwhile(hcplan, plans, monkeypatch):
    """rollover --link wrote the old plan without looking whether it was still what it read:
    an editor's save in the second the rollover took (an editor takes no lock) was lost."""
    from hcplan.changes import rollover

    old, new = plans / "2024-25" / "plan.yaml", plans / "2025-26" / "plan.yaml"
    saved = old.read_text() + "# Saved by an editor while the rollover ran.\n"
    linked = rollover.link_old

    def an_editor_saves(*args, **kwargs):
        old.write_text(saved)
        return linked(*args, **kwargs)

    monkeypatch.setattr(rollover, "link_old", an_editor_saves)
    result = hcplan("rollover", old, new, "--link")
    assert result.exit_code == 1
    assert "changed while this change was being made; nothing was written" in result.stderr
    assert old.read_text() == saved and not new.exists()


def test_dry_run_writes_nothing_and_shows_what_would_be_written(hcplan, plans, tmp_path):
    old, new = plans / "2024-25" / "plan.yaml", plans / "2025-26" / "plan.yaml"
    before = old.read_bytes()
    shown = hcplan("rollover", old, new, "--dry-run", "--link")
    assert shown.exit_code == 0, shown.stderr
    assert not new.parent.exists() and old.read_bytes() == before
    assert "dry run: nothing was written" in shown.stderr and "Would write" in shown.stderr
    assert hcplan("rollover", old, new).exit_code == 0
    assert new.read_text() == shown.stdout


def test_a_dry_run_with_link_says_what_it_would_write_in_the_old_plan(hcplan, plans, tmp_path):
    old, new = plans / "2024-25" / "plan.yaml", plans / "2025-26" / "plan.yaml"
    before = old.read_bytes()
    result = hcplan("rollover", old, new, "--link", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert f"Would link {old}: followed_by: ../2025-26/plan.yaml\n" in result.stderr
    data = json.loads(hcplan("rollover", old, new, "--link", "--dry-run", "-f", "json").stdout)
    assert data["linked"] == "../2025-26/plan.yaml"
    assert old.read_bytes() == before and not new.exists()


def test_json_says_what_went_into_the_new_plan(hcplan, plans):
    result = hcplan("rollover", plans / "2024-25" / "plan.yaml", plans / "2025-26" / "plan.yaml", "--format", "json", "--dry-run")
    data = json.loads(result.stdout)
    assert data["period"] == {"start": "2025-04-01", "end": "2026-03-31"}
    assert data["left_behind"] == ["1.1", "1.2"] and len(data["carried"]) == 53 and data["written"] is False
    assert data["text"].startswith("# yaml-language-server")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{old}", "{old}"], "is the old plan"),
        (["{old}", "{other}"], "exists already"),
        (["{old}", "{dir}/plan.txt"], "a plan file's name ends .yaml"),
        (["{old}", "{dir}/new.yaml", "--due", "soon"], "--due: 'soon' is not a due time"),
        (["{old}", "{dir}/new.yaml", "--start", "2020-01-01"], "is not after the old plan's start"),
    ],
)
def test_refusals_are_usage_errors_and_write_nothing(hcplan, plans, args, message):
    old = plans / "2024-25" / "plan.yaml"
    other = plans / "2017" / "plan.yaml"
    names = {"old": old, "other": other, "dir": plans / "x"}
    before = {p: p.read_bytes() for p in plans.rglob("*.yaml")}
    result = hcplan("rollover", *[a.format(**names) for a in args])
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert {p: p.read_bytes() for p in plans.rglob("*.yaml")} == before
    assert not (plans / "x").exists()


def test_an_old_plan_with_errors_is_refused(hcplan, write, tmp_path):
    old = write(MINIMAL.replace("leads: [Police]", "leads: [Polce]"))
    result = hcplan("rollover", old, tmp_path / "next" / "plan.yaml")
    assert result.exit_code == 1
    assert "has errors; fix them first" in result.stderr and "lead 'Polce'" in result.stderr
    assert not (tmp_path / "next").exists()


def test_an_old_plan_followed_by_another_is_refused(hcplan, write, tmp_path):
    old = write(MINIMAL.replace("quarters:", "followed_by: ../b/plan.yaml\nquarters:"), "a/plan.yaml")
    later = MINIMAL.replace("2025-03-31", "2026-03-31").replace("2024-04-01", "2025-04-01").replace("2024-05-01", "2025-05-01")
    write(later, "b/plan.yaml")  # the year after
    result = hcplan("rollover", old, tmp_path / "c" / "plan.yaml")
    assert result.exit_code == 2
    assert "says it is followed by ../b/plan.yaml already" in result.stderr


def test_rollover_runs_again_after_the_plan_it_linked_was_taken_away(hcplan, write, tmp_path):
    """--link writes followed_by; the new plan deleted to make it again, the old plan's link
    names a file that is not there: that is the file this run makes, no error."""
    old = write(MINIMAL, "a/plan.yaml")
    new = tmp_path / "b" / "plan.yaml"
    assert hcplan("rollover", old, new, "--link").exit_code == 0
    first = new.read_bytes()
    new.unlink()
    result = hcplan("rollover", old, new, "--link")
    assert result.exit_code == 0, result.stderr
    assert new.read_bytes() == first
    assert old.read_text().count("followed_by:") == 1


def test_a_plan_reached_through_a_link_to_its_folder_is_linked_where_it_is(hcplan, write, tmp_path):
    """A 'current' link to this year's folder, moved on once the next plan is made: the
    new plan's follows and from: name the old plan's own folder, not the link."""
    write(MINIMAL, "2024/plan.yaml")
    (tmp_path / "current").symlink_to("2024")
    new = tmp_path / "2025" / "plan.yaml"
    assert hcplan("rollover", tmp_path / "current" / "plan.yaml", new, "--link").exit_code == 0
    text = new.read_text()
    assert "follows: ../2024/plan.yaml" in text and "current" not in text
    (tmp_path / "current").unlink()
    (tmp_path / "current").symlink_to("2025")
    result = hcplan("check", tmp_path / "2024" / "plan.yaml", new)
    assert result.exit_code == 0, result.stdout + result.stderr


def test_a_plan_reached_through_a_link_to_the_file_is_linked_from_where_it_is(hcplan, write, tmp_path):
    """--link through a link to the old plan's file wrote followed_by relative to the link's
    folder into the real file, in another folder: both plans then failed check."""
    write(MINIMAL, "store/a/b/plan.yaml")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "plan.yaml").symlink_to("../store/a/b/plan.yaml")
    new = tmp_path / "new" / "plan.yaml"
    result = hcplan("rollover", tmp_path / "old" / "plan.yaml", new, "--link")
    assert result.exit_code == 0, result.stderr
    assert "followed_by: ../../../new/plan.yaml" in (tmp_path / "store" / "a" / "b" / "plan.yaml").read_text()
    assert (tmp_path / "old" / "plan.yaml").is_symlink()
    for named in (tmp_path / "store" / "a" / "b" / "plan.yaml", tmp_path / "old" / "plan.yaml"):
        result = hcplan("check", named, new)
        assert result.exit_code == 0, result.stdout + result.stderr


def test_an_open_rated_objective_without_actions_goes_on_and_a_done_one_stays(hcplan, write, tmp_path):
    """In a plan that rates its objectives, an objective with no actions of its own that is
    not done is open work: it went nowhere ('it has no actions')."""
    text = MINIMAL + (
        '      - id: "7"\n        text: Increase reporting by 10%\n        status: Behind\n'
        '      - id: "8"\n        text: Reduce repeat victimisation\n        status: Completed\n'
    )
    old = write(text)
    assert hcplan("check", old).exit_code == 0
    new = tmp_path / "next" / "plan.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    objectives = {o.id: o for t in load_plan(new).plan.themes for o in t.objectives}
    assert "7" in objectives and objectives["7"].status is None and objectives["7"].actions == []
    assert "8" not in objectives
    assert "Dropped objective 8 (Reduce repeat victimisation): it has no actions." in result.stdout


@pytest.mark.parametrize(
    ("title", "start", "end", "new_start", "said"),
    [("Strategy 2024-27", "2024-04-01", "2027-03-31", "2027-04-01", "Strategy 2027-30"),
     ("Strategy 2024/27", "2024-04-01", "2027-03-31", "2027-04-01", "Strategy 2027/30"),
     ("Plan 2024-25", "2024-04-01", "2025-03-31", "2025-04-01", "Plan 2025-26"),
     ("Plan 2017-21", "2017-04-01", "2021-03-31", "2021-04-01", "Plan 2021-25"),
     # both years written in full ("Plan 2026-2026" was made of it), and a financial year written short
     ("Plan 2023-2026", "2023-01-01", "2025-12-31", "2026-01-01", "Plan 2026-2029"),
     ("Strategy 2023–2026", "2023-01-01", "2025-12-31", "2026-01-01", "Strategy 2026–2029"),
     ("Plan 2024 to 2025", "2024-04-01", "2025-03-31", "2025-04-01", "Plan 2025 to 2026"),
     ("Hate Crime Action Plan FY24/25", "2024-04-01", "2025-03-31", "2025-04-01", "Hate Crime Action Plan FY25/26"),
     ("Plan FY 24-25", "2024-04-01", "2025-03-31", "2025-04-01", "Plan FY 25-26"),
     # a year of a strategy moves on with the plan's years ("Year 2" stayed Year 2)
     ("Delivery Plan Year 2 (2025/26)", "2025-04-01", "2026-03-31", "2026-04-01", "Delivery Plan Year 3 (2026/27)"),
     # ... and only with them: a title of no year of the period is left as it is
     ("Year 1 Action Plan", "2025-04-01", "2026-03-31", "2026-04-01", "Year 1 Action Plan"),
     # ... nor a year of a count or a span ("Year 3 of 3" would become "Year 4 of 3")
     ("Year 3 of 3 Plan 2025/26", "2025-04-01", "2026-03-31", "2026-04-01", "Year 3 of 3 Plan 2026/27"),
     ("Year 2-3 Plan 2025/26", "2025-04-01", "2026-03-31", "2026-04-01", "Year 2-3 Plan 2026/27")],
)  # fmt: skip
def test_a_title_of_several_years_moves_on_whole(title, start, end, new_start, said):
    from datetime import date

    from hcplan.changes.rollover import shifted_title

    day = date.fromisoformat
    assert shifted_title(title, day(start), day(end), day(new_start)) == said


def test_a_timescale_naming_a_year_of_the_old_plan_moves_on_with_it(hcplan, write, tmp_path):
    """'Medium term: Q4 2024/25' was copied as it was: every action due Medium term in the
    new plan was due, and late, in the old plan's year."""
    from conftest import MINIMAL

    terms = "timescales:\n  Medium term: Q4 2024/25\n  Short term: Within 6 months\n  Long term: Q4 Year 1 (March 2025)\n"
    old = write(MINIMAL.replace("leads:\n", terms + "leads:\n", 1))
    new = tmp_path / "next.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    assert (
        "Moved on the years the plan's timescales name: Medium term: Q4 2025/26 (was Q4 2024/25), "
        "Long term: Q4 Year 1 (March 2026) (was Q4 Year 1 (March 2025))."
    ) in result.stdout
    # a year of the plan's own ("Year 1") is the new plan's first year: only the calendar's move
    assert load_plan(new).plan.timescales == {
        "Medium term": "Q4 2025/26", "Short term": "Within 6 months", "Long term": "Q4 Year 1 (March 2026)"
    }  # fmt: skip
    assert hcplan("check", "--strict", new).exit_code == 0


def test_everything_done_leaves_a_plan_with_no_themes_and_says_so(hcplan, write, tmp_path):
    done = MINIMAL.replace("            due: Q1 Year 1\n", "            due: Q1 Year 1\n            status: Completed\n")
    done = done.replace("            due: Q2 Year 1 (continuous)\n", "            due: Q2 Year 1 (continuous)\n            status: Completed\n")
    old = write(done.replace("                text: Data requested.\n", "                text: Data requested.\n                status: Completed\n"))
    new = tmp_path / "next" / "plan.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    assert "Dropped theme 1 (Co-ordination) and its objective 1: nothing in it is left to do." in result.stdout
    assert "Carried over 0 actions not done." in result.stdout
    assert load_plan(new).plan.themes == []
    assert hcplan("check", "--strict", new).exit_code == 0


@pytest.mark.parametrize(
    "meetings",
    ["meetings: [2024-06-12, 2024-09-18]  # the group's days\n", "meetings:\n  every: quarter\n  first: 2024-06-12\n"],
    ids=["days", "cadence"],
)
def test_the_old_years_meetings_are_left_behind(hcplan, write, tmp_path, meetings):
    old = write(MINIMAL.replace("quarters:", meetings + "quarters:"))
    new = tmp_path / "next" / "plan.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    assert "Left the old plan's meetings behind" in result.stdout
    assert load_plan(old).plan.meetings is not None
    assert load_plan(new).plan.meetings is None
    assert "meetings" not in new.read_text() and "2024-06-12" not in new.read_text()
    assert hcplan("check", "--strict", new).exit_code == 0


def test_line_ends_and_byte_order_mark_are_kept(hcplan, tmp_path):
    old = tmp_path / "old" / "plan.yaml"
    old.parent.mkdir()
    old.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode())
    new = tmp_path / "new" / "plan.yaml"
    assert hcplan("rollover", old, new).exit_code == 0
    raw = new.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert hcplan("check", "--strict", new).exit_code == 0


def test_the_modeline_still_finds_the_schema_from_the_new_place(hcplan, plans):
    new = plans / "drafts" / "2025-26" / "plan.yaml"
    assert hcplan("rollover", plans / "2024-25" / "plan.yaml", new).exit_code == 0
    first = new.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../schema/plan.schema.json"
    assert (new.parent / first.split("=", 1)[1]).resolve().is_file()


def test_a_due_set_after_rollover_needs_no_reason(hcplan, plans):
    new = plans / "2025-26" / "plan.yaml"
    assert hcplan("rollover", plans / "2024-25" / "plan.yaml", new).exit_code == 0
    result = hcplan("update", new, "5.2", "--due", "Q2 Year 1")
    assert result.exit_code == 0, result.stderr
    action = next(ref.action for ref in load_plan(new).plan.actions() if ref.action.id == "5.2")
    assert action.due == "Q2 Year 1" and action.rescheduled == []


def test_an_edit_that_would_not_read_back_as_meant_is_never_written(hcplan, plans, monkeypatch):
    from hcplan.files.edit import TextEditor

    monkeypatch.setattr(TextEditor, "remove_item", lambda self, seq_path, index: None)  # a broken editor
    new = plans / "2025-26" / "plan.yaml"
    result = hcplan("rollover", plans / "2024-25" / "plan.yaml", new)
    assert result.exit_code == 1
    assert "would not read back exactly as asked" in result.stderr
    assert not new.exists()


def test_create_new_never_writes_over_a_file_and_leaves_nothing_behind(tmp_path):
    from hcplan.files.store import StoreError, create_new

    there = tmp_path / "plan.yaml"
    there.write_text("mine\n")
    with pytest.raises(StoreError, match="exists already"):
        create_new(str(there), b"theirs\n")
    assert there.read_text() == "mine\n"
    create_new(str(tmp_path / "new.yaml"), b"new\n")
    assert (tmp_path / "new.yaml").read_bytes() == b"new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.yaml", "plan.yaml"]


EDGE = """\
hcplan: 1
title: Edge Plan 2024-25
organisation: Edge Council
period: {start: 2024-04-01, end: 2025-03-31}
quarters: financial
scale:
  - {label: Done, rag: green, done: true}
  - {label: Doing, rag: amber}
themes:
  # theme one intro
  - number: 1
    objectives:
      - id: "1"
        text: |
          A block
          text
        actions:
          # about 1.1
          - id: "1.1"
            text: >-
              folded
              text
            leads:
              - A
              # about A
            status: Done   # done!
          - id: "1.2"
            text: two
            due: Q1 Year 1  # old due
            status: Doing
            updates:
              - date: 2024-05-01
                text: started
                status: Doing
            # a remark on 1.2
          - id: "1.3"
            text: "three"
  # theme two intro
  - number: 2
    objectives:
      - id: "2"
        text: all done
        actions:
          - id: "2.1"
            text: x
            status: Done
# the end
"""


def test_block_scalars_flow_mappings_and_comments_in_every_place(hcplan, write, tmp_path):
    old = write(EDGE, "a/plan.yaml")
    new = tmp_path / "b" / "plan.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    assert "Dropped theme 2 and its objective 2: nothing in it is left to do." in result.stdout
    assert new.read_text() == (
        EDGE.replace("2024-25", "2025-26")
        .replace("{start: 2024-04-01, end: 2025-03-31}\n", "{start: 2025-04-01, end: 2026-03-31}\nfollows: ../a/plan.yaml\n")
        .replace(EDGE[EDGE.index("          # about 1.1") : EDGE.index('          - id: "1.2"')], "")
        .replace(
            "            due: Q1 Year 1  # old due\n            status: Doing\n            updates:\n"
            "              - date: 2024-05-01\n                text: started\n                status: Doing\n",
            '            due: TBC\n            from: {plan: ../a/plan.yaml, action: "1.2"}\n',
        )
        .replace('            text: "three"\n', '            text: "three"\n            due: TBC\n            from: {plan: ../a/plan.yaml, action: "1.3"}\n')
        .replace(EDGE[EDGE.index("  # theme two intro") : EDGE.index("# the end")], "")
    )
    assert hcplan("check", "--strict", new).exit_code == 0


#: A plan whose objective and actions have every field the format gives them.
EVERY_FIELD = MINIMAL.replace(
    '''      - id: "1"
        text: Monitor hate crime
        actions:
''',
    '''      - id: "1"
        text: Monitor hate crime
        partners: [Victim Support]
        status: In Progress
        outcome: People trust the council with reports
        measure: [Reports up 10%]
        funding: Core budget
        notes: [Objective note, internal]
        updates:
          - date: 2024-06-01
            text: Objective reviewed.
            status: In Progress
        actions:
''',
).replace(
    '''            due: Q1 Year 1
            updates:
''',
    '''            partners: [Housing, Schools]
            due: Q1 Year 1
            due_means: 2024-06-30
            status: In Progress
            outcome: [A profile the partners use]
            measure: Profile published
            funding: Community Safety Fund
            conditions: [Dependent on data sharing]
            rescheduled:
              - date: 2024-04-20
                from: Q4 2023-24
                reason: Data late
            from: {action: "9.9"}
            notes: [Action note]
            progress: [Started in 23-24]
            updates:
''',
)


def test_what_describes_an_action_or_objective_carries_and_its_history_stays(hcplan, write, tmp_path):
    old = write(EVERY_FIELD)
    assert hcplan("check", "--strict", "--as-of", "2024-12-01", old).exit_code == 0
    new = tmp_path / "next" / "plan.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    assert "Left behind the rating, updates and notes of objective 1." in result.stdout
    objective = _data(new)["themes"][0]["objectives"][0]
    action = objective["actions"][0]
    assert action == {
        "id": "1.1",
        "text": "Produce a profile",
        "leads": ["Safer Anytown"],
        "due": "TBC",
        "from": {"plan": "../plan.yaml", "action": "1.1"},
        "partners": ["Housing", "Schools"],
        "outcome": ["A profile the partners use"],
        "measure": "Profile published",
        "funding": "Community Safety Fund",
        "conditions": ["Dependent on data sharing"],
    }
    assert {k: v for k, v in objective.items() if k != "actions"} == {
        "id": "1",
        "text": "Monitor hate crime",
        "partners": ["Victim Support"],
        "outcome": "People trust the council with reports",
        "measure": ["Reports up 10%"],
        "funding": "Core budget",
    }
    assert hcplan("check", "--strict", new).exit_code == 0


def test_every_key_of_an_action_and_an_objective_is_carried_or_left_behind():
    """A field the format gains must be placed: describing the action (carried) or its history (left)."""
    from hcplan.changes.rollover import CARRIED, LEFT_BEHIND, OBJECTIVE_LEFT_BEHIND
    from hcplan.format.model import Action, Objective

    def keys(model):
        return {info.alias or name for name, info in model.model_fields.items()}

    assert set(CARRIED) | set(LEFT_BEHIND) == keys(Action) and not set(CARRIED) & set(LEFT_BEHIND)
    # An objective leaves its own rating and history; what describes it is the action's kind of thing.
    assert keys(Objective) - set(OBJECTIVE_LEFT_BEHIND) == (keys(Action) & keys(Objective)) - set(LEFT_BEHIND) | {"actions"}


def test_a_due_kept_for_any_year_keeps_what_it_means(hcplan, write, tmp_path):
    old = write(MINIMAL.replace("            due: Q2 Year 1 (continuous)\n", "            due: Quarterly\n            due_means: Quarterly\n"))
    new = tmp_path / "next" / "plan.yaml"
    assert hcplan("rollover", old, new).exit_code == 0
    action = _data(new)["themes"][0]["objectives"][0]["actions"][1]
    assert (action["due"], action["due_means"]) == ("Quarterly", "Quarterly")


def test_a_comment_quoting_the_old_title_gets_the_new_one(hcplan, tmp_path):
    old = tmp_path / "old.yaml"
    old.write_text("# Anytown Hate Crime Work Plan 2024-25, agreed by the board\n# Other words stay.\n" + MINIMAL)
    new = tmp_path / "new.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    text = new.read_text()
    assert text.startswith("# Anytown Hate Crime Work Plan 2025-26, agreed by the board\n# Other words stay.\n")
    assert "2024-25" not in text.split("title:")[0]
    assert "Updated 1 comment that quoted the old title" in result.stdout + result.stderr


def test_a_due_still_ahead_is_said_again_for_the_new_plan(hcplan, write, tmp_path):
    # Moved on to the first quarter after the old plan: in the new plan "Q1 Year 2"
    # would be a year later, so it is carried as the date it meant.
    old = write(MINIMAL.replace("            due: Q2 Year 1 (continuous)\n", "            due: Q1 Year 2\n"))
    new = tmp_path / "next" / "plan.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    action = _data(new)["themes"][0]["objectives"][0]["actions"][1]
    assert action["due"] == "by 30 June 2025"
    assert "1.2 by 30 June 2025 (was Q1 Year 2)" in result.stdout + result.stderr
    assert hcplan("check", "--strict", new).exit_code == 0
    moved = json.loads(hcplan("rollover", old, tmp_path / "other" / "plan.yaml", "--dry-run", "--format", "json").stdout)
    assert moved["moved_due"] == [{"action": "1.2", "due": "by 30 June 2025", "was": "Q1 Year 2"}]
    # A due inside the old plan is past: it is reset as before.
    past = write(MINIMAL.replace("            due: Q2 Year 1 (continuous)\n", "            due: Q4 Year 1\n"))
    again = tmp_path / "again" / "plan.yaml"
    assert hcplan("rollover", past, again).exit_code == 0
    assert _data(again)["themes"][0]["objectives"][0]["actions"][1]["due"] == "TBC"


def test_a_due_still_ahead_in_words_that_name_the_same_time_in_the_new_plan_is_kept_as_written(hcplan, write, tmp_path):
    """'October 2025 (Hate Crime Awareness Week)' was carried as 'by 31 October 2025': the
    words after the date, which say what the date is, were lost."""
    due = "October 2025 (Hate Crime Awareness Week)"
    old = write(MINIMAL.replace("            due: Q2 Year 1 (continuous)\n", f"            due: {due}\n"))
    new = tmp_path / "next" / "plan.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    assert _data(new)["themes"][0]["objectives"][0]["actions"][1]["due"] == due
    assert "kept as written (1.2)" in result.stdout + result.stderr
    assert "(was October 2025" not in result.stdout + result.stderr
    assert hcplan("check", "--strict", new).exit_code == 0


@pytest.mark.parametrize(("due", "carried"), [("Ongoing until March 2025", "TBC"), ("Monthly", "Monthly"), ("Ongoing", "Ongoing")])
def test_a_lasting_due_is_kept_only_when_it_spans_the_new_plan_too(hcplan, write, tmp_path, due, carried):
    """'Ongoing until March 2025' spans the old plan, so it was kept as written: in 2025-26 it
    ended before the plan began."""
    old = write(MINIMAL.replace("            due: Q2 Year 1 (continuous)\n", f"            due: {due}\n"))
    new = tmp_path / "next" / "plan.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    assert _data(new)["themes"][0]["objectives"][0]["actions"][1]["due"] == carried
    if carried != "TBC":  # a due to be set is a warning until it is
        assert hcplan("check", "--strict", new).exit_code == 0


@pytest.mark.parametrize(
    ("due", "carried"),
    [
        ("April 2025 onwards", "April 2025 onwards"),
        ("Ongoing until March 2026", "Ongoing until March 2026"),
        ("throughout 2025", "throughout 2025"),
        ("Spring 2026", "Spring 2026"),
        ("Ongoing (until March 2025)", "TBC"),
        ("Annually (2024-25)", "TBC"),
        ("Monthly (to March 2025)", "TBC"),
    ],
)
def test_what_a_due_means_in_the_new_plan_decides_whether_it_is_kept(hcplan, write, tmp_path, due, carried):
    """Dues still ahead that were no window or deadline ('April 2025 onwards', 'Ongoing
    until March 2026') were reset to TBC, their day lost; dues naming the old year in words
    the reader passes over ('Ongoing (until March 2025)') were kept, as if current."""
    old = write(MINIMAL.replace("            due: Q2 Year 1 (continuous)\n", f'            due: "{due}"\n'))
    new = tmp_path / "next" / "plan.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    assert _data(new)["themes"][0]["objectives"][0]["actions"][1]["due"] == carried


@pytest.mark.parametrize(("means", "carried"), [("2024-09-30", None), ("Q2 2025-26", "Q2 2025-26")])
def test_a_due_read_by_its_due_means_is_carried_by_what_that_means(hcplan, write, tmp_path, means, carried):
    """due_means is what hcplan reads a due by: a due that meant a past day was carried as
    current (and overdue on the new plan's first day), one still ahead reset to TBC."""
    old = write(
        MINIMAL.replace(
            "            due: Q2 Year 1 (continuous)\n",
            f'            due: When the new contract starts\n            due_means: "{means}"\n',
        )
    )
    new = tmp_path / "next" / "plan.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    action = _data(new)["themes"][0]["objectives"][0]["actions"][1]
    if carried is None:
        assert action["due"] == "TBC" and "due_means" not in action
    else:
        assert (action["due"], action["due_means"]) == ("When the new contract starts", carried)
        assert hcplan("check", "--strict", new).exit_code == 0


def test_a_title_check_would_refuse_is_said_of_the_option_not_of_a_file_never_written(hcplan, write, tmp_path):
    """The error was placed at 'new.yaml:2:8', a file that was not written."""
    old = write(MINIMAL)
    new = tmp_path / "next" / "plan.yaml"
    result = hcplan("rollover", old, new, "--title", "Тitle 2025-26")
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("hcplan: error: --title: 'Тitle") and "nothing was written" in result.stderr
    assert str(new) not in result.stderr and not new.exists()


def test_a_title_or_file_name_not_in_utf8_is_a_usage_error_and_a_failed_write_leaves_no_folder(tmp_path):
    """--title with a Latin-1 byte was blamed on a line of a file never written; a plan
    whose file name has one would be named in the new plan's follows:, which must be UTF-8;
    a new plan that could not be written left the folders made for it."""
    from test_new import _run

    old = tmp_path / "old.yaml"
    old.write_text(MINIMAL, encoding="utf-8")
    latin = b"Caf\xe9".decode("utf-8", "surrogateescape")
    result = _run("rollover", old, tmp_path / "new.yaml", "--title", f"{latin} 2025-26")
    assert result.returncode == 2 and "--title is not UTF-8 text: byte 0xe9 at character 4" in result.stderr
    odd = tmp_path / f"{latin}.yaml"
    shutil.copy(old, odd)
    result = _run("rollover", odd, tmp_path / "new.yaml")
    assert result.returncode == 2 and "the file name is not UTF-8 text" in result.stderr
    odd.unlink()
    result = _run("rollover", old, tmp_path / "plans" / "2025-26" / "plan.yaml", limit=64)
    assert result.returncode == 1 and "nothing was written" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.yaml"]
    assert old.read_text(encoding="utf-8") == MINIMAL


ALL_DONE_BY_ONE_LEAD = """\
hcplan: 1
title: Westshire Plan 2024-25
organisation: Westshire Council
period: {start: 2024-04-01, end: 2025-03-31}
quarters: financial
scale: [{label: On track, rag: green}, {label: Complete, rag: blue, done: true}]
LEADS
themes:
  - number: 1
    objectives:
      - id: "1"
        text: Reporting
        actions:
          - id: "1.1"
            text: Train reporting centres
            leads: [Police]
            partners: [Schools]
            due: March 2025
          - id: "1.2"
            text: Audit housing cases
            leads: [Housing]
            due: March 2025
            status: Complete
"""


@pytest.mark.parametrize(
    "leads",
    [
        "leads:\n  - Police\n  # housing partners\n  - name: Housing\n    email: h@x.example\n  - Schools",
        "leads: [Police, {name: Housing, email: h@x.example}, Schools]",
    ],
)
def test_a_lead_whose_actions_were_all_done_is_not_carried_into_a_plan_check_warns_of(hcplan, tmp_path, leads):
    """Housing led only a done action: the new plan listed it, and its first pull request
    failed `hcplan check --strict` (lead-unused). A partner is a use."""
    old = tmp_path / "old.yaml"
    old.write_text(ALL_DONE_BY_ONE_LEAD.replace("LEADS", leads), encoding="utf-8")
    new = tmp_path / "new.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    assert "Dropped lead Housing: no action carried over is led by it." in result.stdout + result.stderr
    check = hcplan("check", "--strict", new)
    assert check.exit_code == 0, check.stdout
    assert [lead.name for lead in load_plan(new).plan.leads] == ["Police", "Schools"]
    assert "housing partners" not in new.read_text()


@pytest.mark.parametrize(
    ("title", "moved"),
    [
        (
            "Hate Crime Strategy 2023-2026: Delivery Plan 2024-25 (updated March 2025)",
            "Hate Crime Strategy 2023-2026: Delivery Plan 2025-26 (updated March 2025)",
        ),
        ("Plan 2024-25 (rev. 14 March 2025)", "Plan 2025-26 (rev. 14 March 2025)"),
        ("Plan April 2024 to March 2025", "Plan April 2025 to March 2026"),  # the period, in months
        ("Hate Crime Action Plan 1 April 2024 to 31 March 2025", "Hate Crime Action Plan 1 April 2025 to 31 March 2026"),
        ("Hate Crime Plan from April 2024", "Hate Crime Plan from April 2025"),
        ("Plan 2024 - as at 31/03/2025", "Plan 2025 - as at 31/03/2025"),
        ("Action Plan 2024-25 (v2, March 2025)", "Action Plan 2025-26 (v2, March 2025)"),
        ("Plan 2024-25 (approved by Cabinet 12 March 2025)", "Plan 2025-26 (approved by Cabinet 12 March 2025)"),
        ("Plan 2024-25 (updated Thursday 13 March 2025)", "Plan 2025-26 (updated Thursday 13 March 2025)"),
        ("Plan (April 2024 onwards)", "Plan (April 2025 onwards)"),
        ("Plan 01/04/2024 - 31/03/2025", "Plan 01/04/2025 - 31/03/2026"),
        ("Hate Crime Plan 24/25", "Hate Crime Plan 25/26"),  # short, without FY: was said to name no year
        ("Plan 24/25 as at 31/03/25", "Plan 25/26 as at 31/03/25"),
    ],
)
def test_a_day_the_title_names_is_not_moved_on_with_the_period(title, moved):
    """'(updated March 2025)' became 'updated March 2026': a day that had not come."""
    from hcplan.changes.rollover import shifted_title

    assert shifted_title(title, date(2024, 4, 1), date(2025, 3, 31), date(2025, 4, 1)) == moved


def test_an_action_written_on_one_line_is_carried_over_on_one_line(hcplan, tmp_path):
    """A valid plan whose actions are written in braces could not be rolled over at all
    ("write it as a block first"), though update edits it in place."""
    old = tmp_path / "old.yaml"
    old.write_text(
        MINIMAL.split("themes:")[0]
        + "themes:\n  - number: 1\n    objectives:\n      - id: \"1\"\n        text: Reporting\n        actions:\n"
        '          - {id: "1.1", text: Train centres, leads: [Police], status: In Progress, '
        "updates: [{date: 2024-07-01, text: ok}]}   # the first\n"
        '          - {id: "1.2", text: "Map: venues", leads: [Police], due: Annually, status: In Progress}\n'
        '          - {id: "1.3", text: Done thing, leads: [Police], status: Completed}\n',
        encoding="utf-8",
    )
    new = tmp_path / "new.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    text = new.read_text(encoding="utf-8")
    assert '          - {id: "1.1", text: Train centres, leads: [Police], due: TBC, from: {plan: old.yaml, action: "1.1"}}   # the first\n' in text
    assert '          - {id: "1.2", text: "Map: venues", leads: [Police], due: Annually, from: {plan: old.yaml, action: "1.2"}}\n' in text
    assert "1.3" not in text
    assert hcplan("check", new).exit_code == 0


def test_the_drafts_check_comments_are_left_behind_and_ones_own_comments_kept(hcplan, tmp_path):
    """A plan drafted by hcplan new --from, rolled over a year later, still began 'A draft
    plan made by hcplan new from ...' and kept every CHECK about cells of the old file."""
    source = tmp_path / "plan.csv"
    source.write_text(
        "Ref,Action,Lead,Timescale,RAG\n"
        '1,Train staff in every school and every youth club in the borough,"Council, Police",March 2025,Green\n'
        "2,Hold events,Police,Ongoing,G\n"
        "3,Fund advocacy,Council,Q3,Complete\n",
        encoding="utf-8",
    )
    old = tmp_path / "2024-25" / "plan.yaml"
    assert hcplan("new", old, "--from", source, "--org", "Anytown Council", "--start", "2024-04-01").exit_code == 0
    text = old.read_text(encoding="utf-8")
    assert text.startswith("# A draft plan made by hcplan new from plan.csv")
    assert text.count("# CHECK: ") >= 3
    # A CHECK wrapped onto a second line: both go.
    wrapped = re.search(r"\n( *)# CHECK: [^\n]*\n\1# ((?!CHECK)[^\n]*)\n", text)
    assert wrapped is not None, text
    # One's own comments, one of them right under a CHECK, stay.
    text = text.replace("    objectives:\n", "    # Our own note on the objectives.\n    objectives:\n", 1)
    first_check = re.search(r"\n( *)# CHECK: [^\n]*\n", text)
    assert first_check is not None
    text = text[: first_check.end()] + f"{first_check[1]}# Agreed at the March meeting.\n" + text[first_check.end() :]
    old.write_text(text, encoding="utf-8")
    new = tmp_path / "2025-26" / "plan.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    written = new.read_text(encoding="utf-8")
    assert "CHECK" not in written and "A draft plan made by hcplan new" not in written
    assert wrapped[2] not in written
    assert "# Our own note on the objectives." in written and "# Agreed at the March meeting." in written
    assert re.search(r"Left behind \d+ CHECK comments? of hcplan new's draft", result.stdout)
    assert not [p for p in load_plan(new, today=date(2025, 5, 1)).problems if p.severity.name == "ERROR"]


def test_a_plans_own_check_comments_stay_when_it_is_no_draft_of_hcplan_new(hcplan, plans):
    """A council's own '# CHECK: confirm the budget line with finance' in a plan hcplan new
    never drafted was taken out of the new plan, and the comment under it with it."""
    old, new = plans / "2024-25" / "plan.yaml", plans / "2025-26" / "plan.yaml"
    mine = (
        "          # CHECK: confirm the budget line with finance before the partnership board meets\n"
        "          # Budget holder: Jo Smith, Safer Merton, until the restructure\n"
    )
    text = old.read_text().replace('          - id: "2.1"\n', mine + '          - id: "2.1"\n', 1)
    assert mine in text
    old.write_text(text)
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    assert mine in new.read_text() and "CHECK comment" not in result.stdout


def test_the_drafts_comments_are_left_behind_whatever_its_source_files_name(hcplan, tmp_path):
    """A draft from a file whose name is one long word has its note wrapped after 'from': the
    note was not known, and every CHECK stayed in the new plan."""
    source = tmp_path / "Westford_Hate_Crime_and_Community_Cohesion_Action_Plan_2024-25_FINAL_v3.csv"
    source.write_text('Action,Lead,Timescale\nTrain staff,"Council, Police",March 2025\n', encoding="utf-8")
    old = tmp_path / "2024-25" / "plan.yaml"
    assert hcplan("new", old, "--from", source, "--org", "Anytown Council", "--start", "2024-04-01").exit_code == 0
    assert old.read_text().startswith("# A draft plan made by hcplan new from\n")
    new = tmp_path / "2025-26" / "plan.yaml"
    assert hcplan("rollover", old, new).exit_code == 0
    assert "CHECK" not in new.read_text() and "A draft plan" not in new.read_text()


def test_the_old_years_publication_is_left_behind(hcplan, write, tmp_path):
    """The new year's annual review said 'Published 30 June 2025' with the old year's foreword."""
    old = write(MINIMAL.replace(
        "quarters:", "publication:\n  published: 2025-06-30\n  foreword: {by: Cllr Example, text: What we did in 2024-25.}\nquarters:"
    ))
    new = tmp_path / "next" / "plan.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    assert "Left the old plan's publication: behind" in result.stdout
    assert load_plan(new).plan.publication is None and "2025-06-30" not in new.read_text()


def test_a_due_means_of_the_old_year_is_not_carried_with_a_due_kept_as_written(hcplan, write, tmp_path):
    """A carried 'TBC' (or a due kept as written) kept its due_means of the old year: the new
    plan's calendar published the action six months before the plan began."""
    old = write(MINIMAL.replace(
        "            due: Q1 Year 1\n", "            due: TBC\n            due_means: 2024-09-30\n"
    ).replace(
        "            due: Q2 Year 1 (continuous)\n", "            due: March 2026\n            due_means: 2026-03-31\n"
    ))
    new = tmp_path / "next" / "plan.yaml"
    result = hcplan("rollover", old, new)
    assert result.exit_code == 0, result.stderr
    first, second = (ref.action for ref in load_plan(new).plan.actions())
    assert (first.due, first.due_means) == ("TBC", None)
    assert (second.due, second.due_means) == ("March 2026", "2026-03-31")  # a day of the new plan: kept


def test_a_plan_of_whole_years_from_another_day_stays_so(hcplan, write, tmp_path):
    """6 April 2023 to 5 April 2024 (a tax year) was followed by 6 April 2024 to 6 April 2025:
    366 days, counted across a 29 February, and a day later each year after."""
    old = write(MINIMAL.replace("start: 2024-04-01", "start: 2023-04-06").replace("end: 2025-03-31", "end: 2024-04-05"))
    new = tmp_path / "next" / "plan.yaml"
    assert hcplan("rollover", old, new).exit_code == 0
    period = load_plan(new).plan.period
    assert (period.start, period.end) == (date(2024, 4, 6), date(2025, 4, 5))


def test_a_due_for_every_carried_action_outside_the_new_plan_is_a_usage_error(hcplan, write, tmp_path):
    old = write(MINIMAL)
    new = tmp_path / "next" / "plan.yaml"
    result = hcplan("rollover", old, new, "--due", "Q3 2024-25")
    assert result.exit_code == 2
    assert "--due Q3 2024-25 (October–December 2024) is outside the new plan (1 April 2025 to 31 March 2026)" in result.stderr
    assert not new.exists()


def test_the_next_step_is_a_command_a_shell_takes_whatever_the_new_plans_name(hcplan, write, tmp_path):
    """'Next: ... hcplan update new {2}/plan.yaml 1.1' broke in a shell."""
    new = tmp_path / "new {2} plans" / "plan.yaml"
    result = hcplan("rollover", write(), new)
    assert result.exit_code == 0, result.stderr
    assert f"Next: set each due, e.g. hcplan update '{new}' 1.1 --due 'Q2 Year 1'" in result.stdout
