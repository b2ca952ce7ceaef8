"""hcplan update: the lead's after-meeting command, and the safety of its writes."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

from conftest import MINIMAL, SHIPPED, STYLES
from hcplan.changes.update import UpdateError, UpdateRequest, update_file
from hcplan.checking.loader import load_plan


def changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """Lines removed and lines added, as a line diff sees them."""
    removed, added = [], []
    matcher = difflib.SequenceMatcher(None, before.splitlines(True), after.splitlines(True), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += before.splitlines(True)[i1:i2]
            added += after.splitlines(True)[j1:j2]
    return removed, added


def action(path: Path, action_id: str):
    plan = load_plan(path).plan
    return next(ref.action for ref in plan.actions() if ref.action.id == action_id)


# --- the command line ---------------------------------------------------------


def test_update_adds_a_dated_note_and_a_rating(hcplan, write):
    path = write()
    before = path.read_text()
    result = hcplan("update", path, "1.1", "--note", "Profile drafted.", "--status", "in prog", "--date", "2024-06-10")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (f"Updated {path}: 1.1: added an update dated 10 June 2024; rating none -> In Progress\n")
    removed, added = changes(before, path.read_text())
    assert removed == []
    assert added == [
        "            status: In Progress\n",
        "              - date: 2024-06-10\n",
        "                text: Profile drafted.\n",
        "                status: In Progress\n",
    ]


def test_status_matches_case_and_unambiguous_prefix(hcplan, write):
    path = write()
    assert hcplan("update", path, "1.1", "--status", "BEHIND", "--date", "2024-06-01").exit_code == 0
    assert action(path, "1.1").status == "Behind"
    assert hcplan("update", path, "1.1", "--status", "in p", "--date", "2024-06-02").exit_code == 0
    assert action(path, "1.1").status == "In Progress"


def test_each_status_change_is_kept_with_its_date(hcplan, write):
    path = write()
    hcplan("update", path, "1.1", "--status", "in", "--note", "Started.", "--date", "2024-06-01")
    hcplan("update", path, "1.1", "--status", "behind", "--note", "Data late.", "--date", "2024-09-01")
    history = [(u.date, u.status) for u in action(path, "1.1").updates if u.status]
    assert history == [(date(2024, 6, 1), "In Progress"), (date(2024, 9, 1), "Behind")]


def test_unknown_status_lists_the_plans_labels(hcplan, write):
    path = write()
    before = path.read_bytes()
    result = hcplan("update", path, "1.1", "--status", "amber", "--note", "x")
    assert result.exit_code == 2
    assert result.stderr == (
        "hcplan: error: 'amber' is not a rating of this plan; its ratings are: "
        "'On Hold', 'In Progress', 'Completed', 'Behind'\n"
    )
    assert path.read_bytes() == before


def test_ambiguous_status_prefix_is_refused(hcplan, write):
    result = hcplan(
        "update",
        write(MINIMAL.replace("label: Behind", "label: Completed later")),
        "1.1",
        "--status",
        "comp",
        "--note",
        "x",
    )
    assert result.exit_code == 2
    assert "'comp' could be any of 'Completed', 'Completed later'; say which" in result.stderr


def test_unknown_action_gets_the_closest_ids(hcplan, write):
    result = hcplan("update", write(), "1.3", "--note", "x")
    assert result.exit_code == 2
    # The objective "1" is as near as the actions: an update may be an objective's.
    assert result.stderr == "hcplan: error: no action or objective '1.3' in this plan; did you mean 1.2 or 1.1 or 1?\n"


def test_reschedule_keeps_the_original_due_and_the_reason(hcplan, write):
    path = write()
    result = hcplan(
        "update", path, "1.1", "--due", "Q3 Year 1", "--reason", "waiting for police data", "--date", "2024-06-20"
    )
    assert result.exit_code == 0, result.stderr
    updated = action(path, "1.1")
    assert updated.due == "Q3 Year 1"
    [change] = updated.rescheduled
    assert (change.date, change.from_, change.to, change.reason) == (
        date(2024, 6, 20),
        "Q1 Year 1",
        "Q3 Year 1",
        "waiting for police data",
    )
    assert load_plan(path).problems == []


def test_reschedule_needs_a_reason_and_a_readable_due(hcplan, write):
    path = write()
    assert (
        "1.1 is due Q1 Year 1: say why it moves, with --reason"
        in hcplan("update", path, "1.1", "--due", "Q3 Year 1").stderr
    )
    assert "--reason goes with --due" in hcplan("update", path, "1.1", "--reason", "x").stderr
    result = hcplan("update", path, "1.1", "--due", "soonish", "--reason", "x")
    assert result.exit_code == 2
    assert "'soonish' is not a due time hcplan can read; hcplan reads due times such as Q3 Year 1, " in result.stderr


def test_a_due_written_again_in_other_case_or_spacing_is_no_move(hcplan, write):
    """hcplan reads 'q1  year 1' as 'Q1 Year 1': given again, the due does not move."""
    path = write()
    before = path.read_text()
    result = hcplan("update", path, "1.1", "--due", "q1  year 1", "--note", "On track.", "--date", "2024-06-20")
    assert result.exit_code == 0, result.stderr
    removed, added = changes(before, path.read_text())
    assert removed == [] and "due" not in "".join(added) and "rescheduled" not in "".join(added)
    assert (action(path, "1.1").due, action(path, "1.1").rescheduled) == ("Q1 Year 1", [])
    after = path.read_bytes()
    alone = hcplan("update", path, "1.1", "--due", "Q1 YEAR 1")  # no reason needed: it does not move
    assert alone.exit_code == 0, alone.stderr
    assert "nothing to change" in alone.stdout and path.read_bytes() == after


def test_without_a_note_it_refuses_when_nobody_can_answer(hcplan, write):
    path = write()
    result = hcplan("update", path, "1.1")
    assert result.exit_code == 2
    assert result.stderr == "hcplan: error: no --note given, and no terminal to ask for one: pass --note TEXT\n"


def test_without_a_note_it_asks_at_a_terminal(hcplan, write, monkeypatch):
    monkeypatch.setattr("hcplan.cli.update.interactive", lambda: True)
    path = write()
    result = hcplan("update", path, "1.1", "--date", "2024-06-01", input="Met the police analyst.\n")
    assert result.exit_code == 0, result.stderr
    assert action(path, "1.1").updates[-1].text == "Met the police analyst."


def test_dry_run_prints_the_diff_and_writes_nothing(hcplan, write):
    path = write()
    before = path.read_bytes()
    result = hcplan("update", path, "1.2", "--note", "First event held.", "--date", "2024-07-15", "--dry-run")
    assert result.exit_code == 0
    assert path.read_bytes() == before
    assert result.stdout.startswith(f"--- a/{str(path).lstrip('/')}\n+++ b/{str(path).lstrip('/')}\n@@ ")
    assert (
        "+            updates:\n+              - date: 2024-07-15\n+                text: First event held.\n"
        in result.stdout
    )


def test_a_dry_runs_diff_quotes_a_file_name_with_a_line_break_as_git_does(hcplan, write):
    """A plan named 'new\\nline.yaml' split the diff's header over two lines, which no
    patch tool reads: the name is quoted, its line break written \\n."""
    from conftest import MINIMAL

    path = write(MINIMAL, "new\nline.yaml")
    result = hcplan("update", path, "1.2", "--note", "Held.", "--date", "2024-07-15", "--dry-run")
    assert result.exit_code == 0, result.stderr
    name = str(path).lstrip("/").replace("\n", "\\n")
    assert result.stdout.startswith(f'--- "a/{name}"\n+++ "b/{name}"\n@@ ')


def test_an_update_dated_in_the_future_is_refused(hcplan, write):
    path = write()
    before = path.read_bytes()
    result = hcplan("update", path, "1.1", "--note", "x", "--date", "2199-01-01")
    assert result.exit_code == 2
    assert "is in the future" in result.stderr
    assert path.read_bytes() == before


def test_a_plan_with_errors_is_not_updated(hcplan, write):
    path = write(MINIMAL.replace("leads: [Police]", "leads: [Polce]"))
    before = path.read_bytes()
    result = hcplan("update", path, "1.1", "--note", "x", "--date", "2024-06-01")
    assert result.exit_code == 1
    assert "lead 'Polce' is not one of the plan's leads" in result.stderr
    assert f"has errors; fix them first (hcplan check {path})" in result.stderr
    assert path.read_bytes() == before


def test_an_older_update_goes_in_date_order_and_does_not_override_a_later_rating(hcplan, write):
    path = write()
    hcplan("update", path, "1.1", "--status", "behind", "--date", "2024-09-01")
    hcplan("update", path, "1.1", "--note", "Earlier meeting.", "--status", "in progress", "--date", "2024-07-01")
    updated = action(path, "1.1")
    assert [u.date for u in updated.updates] == [date(2024, 5, 1), date(2024, 7, 1), date(2024, 9, 1)]
    assert updated.status == "Behind"
    assert load_plan(path).problems == []
    # older than every update there is
    hcplan("update", path, "1.1", "--status", "on hold", "--date", "2024-04-01")
    updated = action(path, "1.1")
    assert [u.date for u in updated.updates][0] == date(2024, 4, 1)
    assert updated.status == "Behind"
    assert load_plan(path).problems == []


#: Actions written as people write them, each with the lines an update of it must add and
#: take away: the rest of the file stays byte for byte, and the plan checks clean.
LAYOUTS = {
    # A backdated update goes above the comment that introduces the next one, not under it.
    "comment above the next update": (
        "            updates:\n              # May meeting\n              - date: 2024-05-01\n                text: may\n"
        "              # July meeting (chair: J. Smith)\n              - date: 2024-07-01\n                text: july\n",
        [],
        ["            status: Behind\n", "              - date: 2024-06-10\n", "                text: Met.\n",
         "                status: Behind\n"],
        "              - date: 2024-06-10\n                text: Met.\n                status: Behind\n"
        "              # July meeting",
    ),
    # A rating written as a block scalar, a comment line after it: the line break stays.
    "block scalar status": (
        "            status: >-\n              In Progress\n            # rated at the June meeting\n            due: Q3 Year 1\n",
        ["            status: >-\n", "              In Progress\n"],
        ["            status: Behind\n", "            updates:\n", "              - date: 2024-06-10\n",
         "                text: Met.\n", "                status: Behind\n", "                was: In Progress\n"],
        "            status: Behind\n            # rated at the June meeting\n",
    ),
    "block scalar status at the end of the file": (
        "            status: >-\n              In Progress",
        ["            status: >-\n", "              In Progress"],
        ["            status: Behind\n", "            updates:\n", "              - date: 2024-06-10\n",
         "                text: Met.\n", "                status: Behind\n", "                was: In Progress"],
        "            status: Behind\n            updates:",
    ),
    # The comment on an empty list's line stays on it.
    "comment on an empty updates line": (
        "            updates:   # none yet\n",
        [],
        ["            status: Behind\n", "              - date: 2024-06-10\n", "                text: Met.\n",
         "                status: Behind\n"],
        "            updates:   # none yet\n              - date: 2024-06-10\n",
    ),
    "comment after a null list": (
        "            updates: ~  # none yet\n",
        ["            updates: ~  # none yet\n"],
        ["            status: Behind\n", "            updates:  # none yet\n", "              - date: 2024-06-10\n",
         "                text: Met.\n", "                status: Behind\n"],
        "            updates:  # none yet\n              - date: 2024-06-10\n",
    ),
    "trailing space after an empty list": (
        "            updates: \n",
        ["            updates: \n"],
        ["            status: Behind\n", "            updates:\n", "              - date: 2024-06-10\n",
         "                text: Met.\n", "                status: Behind\n"],
        "            updates:\n              - date: 2024-06-10\n",
    ),
    # A text that keeps its final blank line: the new keys go after it, not into it.
    "kept blank lines of a block scalar": (
        "            funding: |+\n              Kept as written.\n\n",
        [],
        ["            status: Behind\n", "            updates:\n", "              - date: 2024-06-10\n",
         "                text: Met.\n", "                status: Behind\n"],
        "              Kept as written.\n\n            status: Behind\n",
    ),
    "a quoted rating keeps its quotes": (
        "            status: 'In Progress'\n",
        ["            status: 'In Progress'\n"],
        ["            status: 'Behind'\n", "            updates:\n", "              - date: 2024-06-10\n",
         "                text: Met.\n", "                status: Behind\n", "                was: In Progress\n"],
        "            status: 'Behind'\n",
    ),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_an_update_changes_only_its_lines_whatever_the_layout(hcplan, write, layout):
    written, removed, added, together = LAYOUTS[layout]
    tail = "" if written.endswith("\n") else "\n"
    plan = MINIMAL.replace(
        '          - id: "1.2"\n            text: Run events\n            leads: [Police]\n            due: Q2 Year 1 (continuous)\n',
        "",
    ) + '          - id: "1.3"\n            text: Train staff\n            leads: [Police]\n' + written
    path = write(plan[: -len(tail)] if tail and plan.endswith("\n\n") else plan)
    before = path.read_text()
    result = hcplan("update", path, "1.3", "--note", "Met.", "--status", "behind", "--date", "2024-06-10")
    assert result.exit_code == 0, result.stderr
    after = path.read_text()
    assert changes(before, after) == (removed, added)
    assert together in after
    assert [p for p in load_plan(path).problems if p.severity.value == "error"] == []


def test_a_flow_action_with_a_trailing_comma_takes_its_update(hcplan, write):
    path = write(MINIMAL + '          - {id: "1.3", text: Train staff, }\n')
    result = hcplan("update", path, "1.3", "--note", "Met.", "--status", "behind", "--date", "2024-06-10")
    assert result.exit_code == 0, result.stderr
    assert (
        '          - {id: "1.3", text: Train staff, status: Behind, updates: [{date: 2024-06-10, text: Met., '
        "status: Behind}]}\n"
    ) in path.read_text()


def test_a_backdated_rating_hands_on_the_history_and_says_the_rating_stays(hcplan, write):
    """A rating dated before the first rated update begins the history: the rating it
    replaced (was) is its now, not left on the later one; and the lead is told the current
    rating stays the later one's."""
    path = write(MINIMAL.replace("            due: Q2 Year 1 (continuous)\n", "            due: Q2 Year 1 (continuous)\n            status: In Progress\n"))
    assert hcplan("update", path, "1.2", "--note", "July.", "--status", "behind", "--date", "2024-07-01").exit_code == 0
    result = hcplan("update", path, "1.2", "--note", "June.", "--status", "completed", "--date", "2024-06-01")
    assert result.exit_code == 0, result.stderr
    assert "rated Completed on that day; the rating stays Behind, as a later update has it" in result.stdout
    updated = action(path, "1.2")
    assert [(u.date, u.status, u.was) for u in updated.updates] == [
        (date(2024, 6, 1), "Completed", "In Progress"),
        (date(2024, 7, 1), "Behind", None),
    ]
    assert updated.status == "Behind" and load_plan(path).problems == []


def test_private_updates_are_marked(hcplan, write):
    path = write()
    hcplan("update", path, "1.1", "--note", "Named victim's case discussed.", "--private", "--date", "2024-06-01")
    assert action(path, "1.1").updates[-1].private is True


# --- round trips: only the asked-for lines change --------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("plan", SHIPPED, ids=lambda p: p.parent.name)
def test_updating_every_action_of_a_shipped_plan_adds_only_its_lines(plan, tmp_path):
    path = tmp_path / "plan.yaml"
    shutil.copy(plan, path)
    loaded = load_plan(path)
    on = loaded.plan.period.start.replace(month=6, day=30)
    labels = [r.label for r in loaded.plan.scale]
    for i, ref in enumerate(list(loaded.plan.actions())):
        label = labels[i % len(labels)]
        before = path.read_text(encoding="utf-8")
        old = ref.action
        note = f'Update {i}: discussed at the meeting: "progress" # noted'
        update_file(str(path), UpdateRequest(old.id, on, note, label), today=date(2026, 1, 1))
        after = path.read_text(encoding="utf-8")
        removed, added = changes(before, after)
        new = action(path, old.id)
        later_rated = any(u.status and u.date > on for u in old.updates)
        status_changes = old.status != label and not later_rated
        assert [line.strip() for line in removed] == (
            [f"status: {old.status}"] if status_changes and old.status else []
        ), old.id
        expected_added = {
            f"- date: {on.isoformat()}",
            'text: "Update %d: discussed at the meeting: \\"progress\\" # noted"' % i,
            f"status: {label}",
        }
        if not old.updates:
            expected_added.add("updates:")
        rated = [u for u in old.updates if u.status]
        if not any(u.date <= on for u in rated) and (was := rated[0].was if rated else old.status):
            expected_added.add(f"was: {was}")  # the first rated update keeps the rating it replaced
        assert {line.strip() for line in added} == expected_added, old.id
        assert len(added) == len(expected_added) + (1 if status_changes else 0), old.id
        assert new.updates[[u.date for u in new.updates].index(on)].text == note
        assert new.status == (old.status if later_rated else label)
    assert load_plan(path).problems == []


#: What check says of STYLES: warnings only (it ends without a line break, and
#: one known lead leads nothing).
STYLES_WARNINGS = [("lead-unused", "warning"), ("final-newline", "warning")]


def _rules(path: Path) -> list[tuple[str, str]]:
    return [(p.rule, p.severity.value) for p in load_plan(path).problems]


def _styles(tmp_path: Path, newline: str = "\n") -> Path:
    path = tmp_path / "styles.yaml"
    path.write_bytes(STYLES.replace("\n", newline).encode("utf-8"))
    assert _rules(path) == STYLES_WARNINGS
    return path


# (A U+2028 line separator is no line break in YAML 1.2: check refuses a file that
# uses it as one, where it stands; see test_yaml_strict.py.)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
@pytest.mark.parametrize(
    ("action_id", "expected"),
    [
        ("1.1", ", updates: [{date: 2024-06-01, text: Met.}]"),
        ("1.2", "{date: 2024-06-01, text: Met.}"),
        ("1.3", ", {date: 2024-06-01, text: Met.}"),
        ("1.4", "                  -   date: 2024-06-01\n                      text: Met.\n"),
        # The file ends without a line break, and still does.
        ("1.5", "\n                updates:\n                  - date: 2024-06-01\n                    text: Met."),
    ],
)
def test_every_style_survives_byte_for_byte(tmp_path, newline, action_id, expected):
    path = _styles(tmp_path, newline)
    before = path.read_bytes()
    update_file(str(path), UpdateRequest(action_id, date(2024, 6, 1), "Met."), today=date(2025, 1, 1))
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    inserted = expected.replace("\n", newline).encode()
    assert inserted in after
    # Take the inserted text out again: the original bytes come back.
    assert after.replace(inserted, b"", 1) == before
    assert set(_rules(path)) <= set(STYLES_WARNINGS)  # warnings only


def test_a_status_written_empty_is_filled_in_place(tmp_path):
    path = _styles(tmp_path)
    before = path.read_text(encoding="utf-8-sig")
    update_file(str(path), UpdateRequest("1.4", date(2024, 6, 1), None, "behind"), today=date(2025, 1, 1))
    after = path.read_text(encoding="utf-8-sig")
    removed, added = changes(before, after)
    assert removed == ["                status:\n"]
    assert added == [
        "                status: Behind\n",
        "                  -   date: 2024-06-01\n",
        "                      status: Behind\n",
    ]


def test_notes_that_need_quotes_or_span_lines_read_back_exactly(tmp_path, write):
    path = write()
    for i, note in enumerate(
        [
            "yes",
            "2024-06-01",
            "1.10",
            "- a dash first",
            "key: value",
            "a # not a comment",
            "'quoted'",
            "two\nlines",
            "tab\there",
            "caf\u00e9 \u2028 \ufeff \U0001f600",  # control characters are refused: see below
            "  leading and trailing  ",
            "x" * 3000,
        ]
    ):
        update_file(str(path), UpdateRequest("1.2", date(2024, 6, 1 + i), note), today=date(2025, 1, 1))
        assert action(path, "1.2").updates[-1].text == note
    assert all(len(line) < 3100 for line in path.read_text().splitlines())  # one line each, not re-wrapped


@pytest.mark.parametrize("char", ["\x07", "\x85", "\u202e"])
def test_a_note_with_a_character_check_warns_of_is_refused(write, char):
    path = write()
    before = path.read_bytes()
    with pytest.raises(UpdateError, match=f"^the note: .*U\\+{ord(char):04X}"):
        update_file(str(path), UpdateRequest("1.2", date(2024, 6, 1), f"a{char}b"), today=date(2025, 1, 1))
    assert path.read_bytes() == before


# --- safety: atomic, locked, all or nothing -----------------------------------------


def test_a_failed_write_leaves_the_plan_whole_and_no_temporary_file(hcplan, write, monkeypatch):
    path = write()
    before = path.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    result = hcplan("update", path, "1.1", "--note", "x", "--date", "2024-06-01")
    assert result.exit_code == 1
    assert result.stderr == (f"hcplan: error: could not write {path}: No space left on device; the plan is unchanged\n")
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["plan.yaml"]


def test_a_crash_between_write_and_rename_leaves_the_plan_whole(write, monkeypatch):
    path = write()
    before = path.read_bytes()

    def crash(src, dst):
        raise KeyboardInterrupt  # the process is stopped just before the rename

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        update_file(str(path), UpdateRequest("1.1", date(2024, 6, 1), "x"), today=date(2025, 1, 1))
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["plan.yaml"]


def test_the_lock_follows_a_replaced_file(write):
    from hcplan.files.store import StoreError, locked, replace_plan

    path = write()
    with locked(str(path)):
        replace_plan(str(path), path.read_bytes() + b"# touched\n")  # under the lock it holds already
    refused: list[str] = []

    def someone_else() -> None:
        try:
            with locked(str(path), timeout=0.05):
                pass
        except StoreError as exc:
            refused.append(str(exc))

    with locked(str(path), timeout=1):  # the new file is not locked by anyone
        other = threading.Thread(target=someone_else)  # and it is this lock that holds it now
        other.start()
        other.join()
    assert len(refused) == 1 and "being updated by someone else" in refused[0]


def test_a_symlinked_plan_is_written_through_the_link(tmp_path, write):
    real = write()
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    update_file(str(link), UpdateRequest("1.1", date(2024, 6, 1), "via the link"), today=date(2025, 1, 1))
    assert link.is_symlink()
    assert "via the link" in real.read_text()


def test_file_permissions_are_kept(write):
    path = write()
    path.chmod(0o640)
    update_file(str(path), UpdateRequest("1.1", date(2024, 6, 1), "x"), today=date(2025, 1, 1))
    assert path.stat().st_mode & 0o777 == 0o640


def test_help_explains_the_round_trip(hcplan):
    result = hcplan("update", "--help")
    assert "keeps every comment" in " ".join(result.stdout.split())


@pytest.mark.parametrize("note", ["Met: police, council [and] {others}", "Done?", "ratio 2:1"])
@pytest.mark.parametrize("action_id", ["1.1", "1.3"])
def test_notes_in_flow_lists_are_quoted_for_flow(tmp_path, action_id, note):
    path = _styles(tmp_path)
    update_file(str(path), UpdateRequest(action_id, date(2024, 6, 1), note), today=date(2025, 1, 1))
    assert action(path, action_id).updates[-1].text == note


def test_an_empty_updates_key_becomes_a_list(write):
    path = write(
        MINIMAL.replace("due: Q2 Year 1 (continuous)\n", "due: Q2 Year 1 (continuous)\n            updates:\n")
    )
    before = path.read_text()
    update_file(str(path), UpdateRequest("1.2", date(2024, 7, 1), "First event."), today=date(2025, 1, 1))
    removed, added = changes(before, path.read_text())
    assert removed == []
    assert added == [
        "              - date: 2024-07-01\n",
        "                text: First event.\n",
    ]


def test_running_the_same_update_twice_records_it_once(hcplan, write):
    path = write()
    args = ("update", path, "1.1", "--note", "Profile drafted.", "--status", "in prog", "--date", "2024-06-10")
    assert hcplan(*args).exit_code == 0
    before = path.read_bytes()
    again = hcplan(*args)
    assert again.exit_code == 0
    assert again.stdout == f"Unchanged {path}: 1.1: that update is recorded already; nothing to change\n"
    assert path.read_bytes() == before


def test_a_first_due_needs_no_reason_but_keeps_one_given(hcplan, write):
    path = write(MINIMAL.replace("            due: Q1 Year 1\n", ""))
    assert hcplan("update", path, "1.1", "--due", "Q2 Year 1", "--date", "2024-06-01").exit_code == 0
    assert action(path, "1.1").due == "Q2 Year 1" and action(path, "1.1").rescheduled == []
    path = write(MINIMAL.replace("            due: Q1 Year 1\n", ""), name="again.yaml")
    result = hcplan("update", path, "1.1", "--due", "Q2 Year 1", "--reason", "the board asked", "--date", "2024-06-01")
    assert result.exit_code == 0
    [change] = action(path, "1.1").rescheduled
    assert (change.from_, change.to, change.reason) == (None, "Q2 Year 1", "the board asked")
    assert change.describe() == "due set to Q2 Year 1 (the board asked)"
    assert load_plan(path).problems == []


def test_a_note_can_come_from_standard_input(hcplan, write):
    path = write()
    result = hcplan("update", path, "1.1", "--note", "-", "--date", "2024-06-01", input="Minutes: item 4.\n")
    assert result.exit_code == 0
    assert action(path, "1.1").updates[-1].text == "Minutes: item 4."


@pytest.mark.slow
def test_piped_text_is_never_silently_dropped(write):
    path = write()
    result = subprocess.run(
        [sys.executable, "-m", "hcplan", "update", str(path), "1.1", "--status", "behind", "--date", "2024-06-01"],
        input="Dashboard shared.\n",
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "standard input holds text: pass --note - to record it as the note" in result.stderr
    empty = subprocess.run(
        [sys.executable, "-m", "hcplan", "update", str(path), "1.1", "--status", "behind", "--date", "2024-06-01"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert empty.returncode == 0, empty.stderr


def test_update_names_a_folder_plainly(hcplan, write):
    result = hcplan("update", write().parent, "1.1", "--note", "x")
    assert result.exit_code == 2
    assert "is a folder: name the plan file" in result.stderr


# --- IDs typed in another case ------------------------------------------------


def test_an_id_typed_in_another_case_names_its_action(hcplan, write):
    path = write(MINIMAL.replace('- id: "1.1"', '- id: "HC1.1"'))
    result = hcplan("update", path, "hc1.1", "--note", "Profile drafted.", "--date", "2024-06-10")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Updated {path}: HC1.1: added an update")
    assert action(path, "HC1.1").updates[-1].text == "Profile drafted."


def test_ids_that_differ_only_in_case_must_be_typed_as_written(hcplan, write):
    path = write(MINIMAL.replace('- id: "1.1"', '- id: "Ab"').replace('- id: "1.2"', '- id: "aB"'))
    assert hcplan("update", path, "aB", "--note", "Held.", "--date", "2024-06-10").exit_code == 0
    assert action(path, "aB").updates[-1].text == "Held." and action(path, "Ab").updates[-1].text == "Data requested."
    result = hcplan("update", path, "ab", "--note", "Which?", "--date", "2024-06-10")
    assert result.exit_code == 2
    assert result.stderr == (
        "hcplan: error: 'ab' could be action Ab or action aB: their IDs differ only in case, so type the one "
        "you mean exactly as it is written\n"
    )
    assert "differs from 'Ab' only in case" in hcplan("check", path).stdout


def test_an_id_written_exactly_is_never_taken_for_another_in_another_case(hcplan, write):
    """Objective HC1 beside action hc1: 'HC1' is the objective (written so), not the action."""
    path = write(MINIMAL.replace('      - id: "1"\n', '      - id: "HC1"\n').replace('- id: "1.1"', '- id: "hc1"'))
    result = hcplan("update", path, "HC1", "--note", "Objective met.", "--date", "2024-06-10")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Updated {path}: objective HC1: added an update")
    assert action(path, "hc1").updates[-1].text == "Data requested."


@pytest.mark.parametrize("written", ["HC1(a)", "A/1", "1.1 (b)"])
def test_an_id_with_brackets_a_slash_or_a_space_may_come_before_the_plan(hcplan, write, written):
    """'hcplan update "HC1(a)" plan.yaml' said HC1(a) was no such file: only IDs of letters,
    digits, dots and dashes could be given first."""
    from conftest import MINIMAL

    path = write(MINIMAL.replace('id: "1.1"', f'id: "{written}"'))
    result = hcplan("update", written, path, "--note", "Met.", "--date", "2024-07-01")
    assert result.exit_code == 0, result.stderr
    assert f"{written}: added an update dated 1 July 2024" in result.stdout


@pytest.mark.parametrize("written", [" 1.1", "1.1 ", "1.1\\n"])
def test_an_id_with_spaces_around_it_is_an_error_saying_so(write, written):
    """IDs ' 1.1' and '1.1 ' passed, were said to 'differ only in case', and neither could be
    typed to update it."""
    from datetime import date

    from conftest import MINIMAL
    from hcplan.checking.loader import load_plan

    found = load_plan(write(MINIMAL.replace('id: "1.1"', f'id: "{written}"')), today=date(2025, 1, 1)).problems
    assert [p.message for p in found] == ["an ID is written on one line, without spaces around it: write '1.1'"], found


@pytest.mark.parametrize("style", [">", "|"])
def test_a_plan_ending_in_a_block_of_text_without_a_line_break_says_so(hcplan, write, style):
    """Refused with 'the change would not read back exactly as asked', which said neither why
    (text after the block would give it the line break the file's end leaves it without) nor
    what to do."""
    from conftest import MINIMAL

    text = MINIMAL.rstrip("\n") + f"\n            notes:\n              - {style}\n                Funding agreed"
    path = write(text)
    before = path.read_bytes()
    result = hcplan("update", path, "1.2", "--date", "2024-06-01", "--note", "Held.")
    assert result.exit_code == 1
    assert result.stderr == (
        f"hcplan: error: {path} ends inside a block of text (| or >) without a line break, so writing after it "
        "would change that text: add a line break at the end of the file, then run again; nothing was written\n"
    )
    assert path.read_bytes() == before
    path.write_bytes(before + b"\n")
    assert hcplan("update", path, "1.2", "--date", "2024-06-01", "--note", "Held.").exit_code == 0


def test_json_for_scripts(hcplan, write):
    """update -f json says what was recorded as data (docs/json.md), and only that on standard output."""
    import json

    path = write()
    before = path.read_bytes()
    dry = hcplan("update", path, "1.2", "--note", "Held.", "--status", "behind", "--date", "2024-06-10", "-f", "json", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    said = json.loads(dry.stdout)
    assert (said["changed"], said["dry_run"], path.read_bytes()) == (True, True, before)
    done = hcplan("update", path, "1.2", "--note", "Held.", "--status", "behind", "--date", "2024-06-10", "-f", "json")
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout) == {
        "kind": "action", "plan": str(path), "id": "1.2", "changed": True, "dry_run": False,
        "added": {"date": "2024-06-10", "text": "Held.", "status": "Behind"},
        "status": "Behind", "status_before": None, "due": "Q2 Year 1 (continuous)", "due_before": "Q2 Year 1 (continuous)",
        "summary": "1.2: added an update dated 10 June 2024; rating none -> Behind", "warnings": [],
    }  # fmt: skip
    assert action(path, "1.2").updates[-1].text == "Held."
    again = hcplan("update", path, "1.2", "--note", "Held.", "--status", "behind", "--date", "2024-06-10", "-f", "json")
    assert json.loads(again.stdout)["changed"] is False and json.loads(again.stdout)["added"] is None
    late = hcplan("update", path, "1.2", "--note", "Later.", "--date", "2025-05-01", "-f", "json")
    warnings = json.loads(late.stdout)["warnings"]  # dated after the plan's end: said as data, not on stderr
    assert len(warnings) == 1 and "31 March 2025" in warnings[0] and late.stderr == "", (warnings, late.stderr)
    refused = hcplan("update", path, "9.9", "--note", "x", "-f", "json")
    assert refused.exit_code == 2 and refused.stdout == "" and "9.9" in refused.stderr
