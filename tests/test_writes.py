"""A plan is never lost or damaged by a write: outputs never land on a plan or an input,
a write is read back before it lands, temporary files are hcplan's own and cleaned up,
and every line-ending style comes back byte for byte.

The faults of a real machine (owners, modes, extended attributes, links, kills,
a full disk) are in test_faults.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from conftest import MINIMAL, STYLES, breaks_added, kept_in_order, with_breaks
from hcplan.changes.update import UpdateRequest, update_file
from hcplan.checking.loader import load_plan
from hcplan.files import store
from hcplan.files.reader import MAX_BYTES, newline_style, parse, read_file
from hcplan.files.store import (
    StoreError,
    clean_stale,
    guard_output,
    is_temporary,
    looks_like_plan,
    replace_plan,
    temporary_name,
    write_output,
)

# --- 1. no command writes over a plan or over a file it reads -------------------------


def _refused(result, path: Path, before: bytes) -> str:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("hcplan: error: refusing to write"), result.stderr
    assert path.read_bytes() == before
    return result.stderr


def test_report_over_its_own_plan_is_refused(hcplan, write):
    plan = write()
    before = plan.read_bytes()
    stderr = _refused(hcplan("report", plan, "-f", "md", "-o", plan), plan, before)
    assert "this command reads it" in stderr


def test_report_over_its_plan_through_a_symlink_is_refused(hcplan, write, tmp_path):
    plan = write()
    before = plan.read_bytes()
    link = tmp_path / "report.md"
    link.symlink_to(plan)
    stderr = _refused(hcplan("report", plan, "-o", link), plan, before)
    assert f"same file as {plan}" in stderr
    # and the other way round: the plan named through a link, written by its real name
    _refused(hcplan("report", link, "-f", "md", "-o", plan), plan, before)


def test_report_over_a_hard_link_of_its_plan_is_refused(hcplan, write, tmp_path):
    plan = write()
    before = plan.read_bytes()
    link = tmp_path / "report.md"
    os.link(plan, link)
    stderr = _refused(hcplan("report", plan, "-o", link), plan, before)
    assert f"same file as {plan}" in stderr


@pytest.mark.parametrize(
    ("command", "target"),
    [
        (("report", "-f", "md", "-o"), ".git/HEAD"),
        (("export", "-o"), ".git/info/returns.xlsx"),
        (("report", "-f", "md", "-o"), "link/config"),  # through a link to the folder
        (("calendar", "-o"), ".git/meetings.ics"),
        (("site", "-o"), ".git/site"),
        (("digest", "-o"), ".GIT/mail"),  # a file system that ignores case
        (("report", "-f", "md", "-o"), "plans.git/HEAD"),  # a bare repository
        (("report", "-f", "md", "-o"), "kept/refs/x.md"),  # one kept apart (git init --separate-git-dir)
    ],
)
def test_an_output_inside_a_repositorys_git_folder_is_refused(hcplan, write, tmp_path, command, target):
    """`report -o .git/HEAD` wrote a report over the repository's HEAD: git no longer knew
    the repository. So did `-o plans.git/HEAD` in a bare one. Folders merely named like
    one (`my.git`, `.github`) are anyone's."""
    plan = write(name="plans/plan.yaml")
    git = tmp_path / ".git"
    (git / "info").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "config").write_text("[core]\n")
    (tmp_path / "link").symlink_to(git)
    for bare in ("plans.git", "kept"):  # what git keeps in its folder, whatever its name
        (tmp_path / bare / "objects").mkdir(parents=True)
        (tmp_path / bare / "refs").mkdir()
        (tmp_path / bare / "HEAD").write_text("ref: refs/heads/main\n")
    before = {p: p.read_bytes() for p in git.rglob("*") if p.is_file()}
    result = hcplan(command[0], plan.parent if command[0] == "site" else plan, *command[1:], tmp_path / target)
    assert result.exit_code == 2, result.stderr
    assert "a git repository's own folder, where git keeps its history" in result.stderr
    assert {p: p.read_bytes() for p in git.rglob("*") if p.is_file()} == before
    assert sorted(git.rglob("*")) == sorted([git / "info", git / "HEAD", git / "config"])


@pytest.mark.parametrize("folder", ["my.git", ".github", "gitrefs"])
def test_a_folder_named_like_gits_is_anyones(hcplan, write, tmp_path, folder):
    plan = write(name="plans/plan.yaml")
    (tmp_path / folder).mkdir()
    result = hcplan("report", plan, "-f", "md", "-o", tmp_path / folder / "report.md")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / folder / "report.md").exists()


def test_report_over_another_plan_is_refused_even_a_broken_one(hcplan, write, tmp_path):
    plan = write()
    for text in [MINIMAL, MINIMAL.replace("leads: [Police]", "leads: [Polce"), MINIMAL[: len(MINIMAL) // 3]]:
        other = tmp_path / "other" / "plan.yaml"
        other.parent.mkdir(exist_ok=True)
        other.write_text(text)
        before = other.read_bytes()
        stderr = _refused(hcplan("report", plan, "-f", "md", "-o", other), other, before)
        assert "it is an hcplan plan" in stderr


def test_report_over_its_own_template_is_refused(hcplan, write, tmp_path):
    plan = write()
    template = tmp_path / "mine.md.j2"
    template.write_text("# {{ plan.title }}\n")
    before = template.read_bytes()
    _refused(hcplan("report", plan, "--template", template, "-f", "md", "-o", template), template, before)


def test_report_still_replaces_an_ordinary_output(hcplan, write, tmp_path):
    plan = write()
    out = tmp_path / "report.md"
    out.write_text("an old report\n")
    out.chmod(0o640)
    result = hcplan("report", plan, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_text().startswith("# Anytown Hate Crime Work Plan")
    assert out.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("command", [["report", "-f", "md"], ["calendar"], ["export", "--format", "csv"]])
def test_an_output_over_a_read_only_file_is_refused_and_the_file_kept(hcplan, write, tmp_path, command):
    """A write is a rename over the file, which its folder allows whatever the file's mode:
    a file someone made read-only is left as it is, as a shell's '>' would leave it."""
    plan = write()
    name, *options = command
    out = tmp_path / {"report": "old.md", "calendar": "old.ics", "export": "old.csv"}[name]
    out.write_text("kept\n")
    out.chmod(0o444)
    result = hcplan(name, plan, *options, "-o", out)
    assert result.exit_code == 1, result.stderr
    assert f"{out} is read-only (mode 0444), so hcplan leaves it as it is" in result.stderr
    assert out.read_text() == "kept\n" and out.stat().st_mode & 0o777 == 0o444


def test_a_json_export_of_a_plan_is_not_taken_for_a_plan(tmp_path):
    import json

    data, _ = parse(read_file(str(_plan(tmp_path))))
    out = tmp_path / "plan.json"
    out.write_text(json.dumps(data, indent=2, default=str))
    assert not looks_like_plan(out)
    write_output(out, b"{}\n", [tmp_path / "plan.yaml"])  # a second export replaces the first
    assert out.read_bytes() == b"{}\n"


@pytest.mark.parametrize(
    ("text", "name", "plan"),
    [
        (MINIMAL, "plan.txt", True),
        (MINIMAL.replace("\n", "\r"), "plan.txt", True),  # CR-only lines
        (STYLES, "styles.yaml", True),
        ("hcplan: 1\ntitle: Half a plan\n", "cut.md", True),
        ('{"title": "x", "period": {}, "themes": []}', "flow.yaml", True),  # a plan on one line
        ('{"title": "x", "period": {}, "themes": []}', "flow.json", False),  # JSON is an export
        ("---\ntitle: My notes\ndate: 2024-01-01\n---\n# Notes\n", "notes.md", False),
        ("# Report\n\ntitle: period: themes:\n", "report.md", False),
        ("", "empty.yaml", False),
    ],
)
def test_what_counts_as_a_plan(tmp_path, text, name, plan):
    path = tmp_path / name
    path.write_text(text, newline="")
    assert looks_like_plan(path) is plan


def test_the_keys_a_plan_is_known_by_are_the_models_own():
    """The guard of every output knows a plan by its top-level keys without loading the model:
    a key added to the format must be known there too."""
    from hcplan.files.store import PLAN_KEYS
    from hcplan.format.model import Plan

    assert {field.alias or name for name, field in Plan.model_fields.items()} == PLAN_KEYS


def _plan(tmp_path: Path, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(MINIMAL)
    return path


def test_a_folder_output_may_hold_no_input_and_no_plan(tmp_path):
    plan = _plan(tmp_path / "plans")
    site = tmp_path / "site"
    guard_output(site, [plan], folder=True)  # a new folder
    site.mkdir()
    (site / "index.html").write_text("old\n")
    guard_output(site, [plan], folder=True)  # an old output
    cases = {
        "holds": (tmp_path / "plans", [plan]),  # the plan lies in the output folder
        "itself": (tmp_path, [plan]),  # ... or deeper down
    }
    for folder, inputs in cases.values():
        with pytest.raises(StoreError, match="which this command reads") as caught:
            guard_output(folder, inputs, folder=True)
        assert caught.value.usage
    os.link(plan, site / "copy.txt")
    with pytest.raises(StoreError, match=r"copy.txt is .*plan.yaml, which this command reads"):
        guard_output(site, [plan], folder=True)
    os.unlink(site / "copy.txt")
    _plan(site / "sub", "other.yaml")
    with pytest.raises(StoreError, match=r"it holds a plan .*other.yaml"):
        guard_output(site, [plan], folder=True)
    with pytest.raises(StoreError, match="is a file, not a folder"):
        guard_output(plan, [], folder=True)
    with pytest.raises(StoreError, match="is a folder: name the file"):
        guard_output(site, [plan])


# --- 2. a write never makes a file hcplan would refuse ---------------------------------


def test_update_never_writes_a_plan_too_big_to_read(hcplan, write):
    padding = "# " + "x" * (MAX_BYTES - len(MINIMAL.encode()) - 200) + "\n"
    path = write(padding + MINIMAL)
    before = path.read_bytes()
    assert len(before) <= MAX_BYTES
    assert load_plan(path).problems == []
    result = hcplan("update", path, "1.2", "--note", "n" * 300, "--date", "2024-06-01")
    assert result.exit_code == 1
    assert "a plan file may be at most 10,485,760 bytes (10 MB) (file-size)" in result.stderr
    assert "hcplan would refuse to read the plan with this change; nothing was written" in result.stderr
    assert path.read_bytes() == before
    # the dry run refuses it too
    dry = hcplan("update", path, "1.2", "--note", "n" * 300, "--date", "2024-06-01", "--dry-run")
    assert dry.exit_code == 1


@pytest.mark.parametrize(
    ("new", "says"),
    [
        (MINIMAL.encode() + b"#" * MAX_BYTES, "a plan file may be at most 10,485,760 bytes (10 MB)"),
        (b"title: [unclosed\n", "2:1: did not find expected ','"),
        (b"title: caf\xe9\n", "is not UTF-8"),
        (b"title: \x00\n", "binary"),
    ],
    ids=["too-big", "not-yaml", "not-utf8", "binary"],
)
def test_replace_plan_reads_the_new_bytes_back_first(tmp_path, new, says):
    path = _plan(tmp_path)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="nothing was written") as caught:
        replace_plan(str(path), new)
    assert says in str(caught.value)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["plan.yaml"]


def test_replace_plan_refuses_a_plan_changed_meanwhile(tmp_path):
    path = _plan(tmp_path)
    old = path.read_bytes()
    path.write_bytes(old + b"# someone else's change\n")
    with pytest.raises(StoreError, match="changed while this change was being made"):
        replace_plan(str(path), old + b"# mine\n", expected_old=old)
    assert path.read_bytes().endswith(b"# someone else's change\n")


# --- 3. a plan keeps its mode (owners, attributes, links and read-only plans: test_faults.py) ---


def test_update_keeps_the_mode(write):
    path = write()
    for mode in (0o600, 0o640, 0o664, 0o2664 if os.geteuid() == 0 else 0o660):
        path.chmod(mode)
        update_file(str(path), UpdateRequest("1.1", date(2024, 6, 1), f"mode {mode:o}"), today=date(2025, 1, 1))
        assert path.stat().st_mode & 0o7777 == mode


# --- 5. temporary files ----------------------------------------------------------------


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", ""])
    process.wait()
    return process.pid


def test_temporary_files_are_named_as_hcplans_own():
    name = temporary_name("plan.yaml")
    assert name.startswith(f".plan.yaml.hcplan-{os.getpid()}-") and name.endswith(".tmp")
    assert is_temporary(name)
    assert name != temporary_name("plan.yaml")
    for other in ["plan.yaml", ".plan.yaml.abc123.tmp", "plan.yaml.hcplan-1-0123abcd.tmp", ".plan.yaml.swp"]:
        assert not is_temporary(other)


def test_the_next_write_removes_stale_temporaries_and_nothing_else(tmp_path):
    path = _plan(tmp_path)
    dead = _dead_pid()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = tmp_path / f".plan.yaml.hcplan-{dead}-0123abcd.tmp"
        old = tmp_path / f".plan.yaml.hcplan-{sleeper.pid}-4567cdef.tmp"
        live = tmp_path / f".plan.yaml.hcplan-{sleeper.pid}-89abcdef.tmp"
        for temporary in (stale, old, live):
            temporary.write_text("half a plan")
        an_hour_ago = time.time() - store.STALE_AFTER - 60
        os.utime(old, (an_hour_ago, an_hour_ago))
        kept = [
            tmp_path / ".plan.yaml.abc123.tmp",  # an older hcplan's, or anyone's: cannot tell
            tmp_path / f"plan.yaml.hcplan-{dead}-0123abcd.tmp",  # not a dot file
            tmp_path / f".other.yaml.hcplan-{dead}-0123abcd.tmp",  # another file's
            tmp_path / f".plan.yaml.hcplan-{dead}-0123abcd.tmp.bak",
        ]
        for other in kept:
            other.write_text("not ours to remove")
        folder = tmp_path / f".plan.yaml.hcplan-{dead}-fedcba98.tmp"
        folder.mkdir()  # only files are removed
        link = tmp_path / f".plan.yaml.hcplan-{dead}-76543210.tmp"
        link.symlink_to(path)
        update_file(str(path), UpdateRequest("1.1", date(2024, 6, 1), "x"), today=date(2025, 1, 1))
        left = set(os.listdir(tmp_path))
        assert left == {p.name for p in [path, live, *kept, folder, link]}
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_second_name_left_by_a_killed_new_or_rollover_does_not_block_the_next_update(tmp_path):
    """`new` and `rollover` link their temporary file in as the plan, then remove it: killed
    between the two, they left the plan with two names, and every update was refused as a
    hard-linked plan (the stale temporary was cleaned only later, while writing)."""
    path = _plan(tmp_path)
    stale = tmp_path / f".plan.yaml.hcplan-{_dead_pid()}-0123abcd.tmp"
    os.link(path, stale)
    update_file(str(path), UpdateRequest("1.1", date(2024, 6, 1), "x"), today=date(2025, 1, 1))
    assert not stale.exists() and "text: x" in path.read_text()
    # Anyone's own second name still refuses the write.
    os.link(path, tmp_path / "backup.yaml")
    with pytest.raises(StoreError, match="has 2 names"):
        update_file(str(path), UpdateRequest("1.1", date(2024, 6, 2), "y"), today=date(2025, 1, 1))


def test_clean_stale_says_what_it_removed(tmp_path):
    stale = tmp_path / f".plan.yaml.hcplan-{_dead_pid()}-0123abcd.tmp"
    stale.write_text("x")
    assert clean_stale(str(tmp_path), "plan.yaml") == [str(stale)]
    assert clean_stale(str(tmp_path), "plan.yaml") == []


def test_temporaries_are_never_taken_for_plans(hcplan, tmp_path, monkeypatch):
    plans = tmp_path / "plans" / "2024"
    _plan(plans)
    (plans / f".plan.yaml.hcplan-{_dead_pid()}-0123abcd.tmp").write_text("themes: [broken\n")
    (plans / temporary_name("plan.yaml")).write_text(MINIMAL)
    monkeypatch.chdir(tmp_path)
    for command in (["check"], ["check", "plans"], ["list"], ["overdue", "plans", "--as-of", "2025-01-01"]):
        result = hcplan(*command)
        assert result.exit_code == 0, (command, result.stdout, result.stderr)
        assert ".tmp" not in result.stdout + result.stderr, command
    assert "1 file checked" in hcplan("check", "plans").stderr


# --- 6. every line-ending style check accepts comes back byte for byte ------------------


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("a\nb\n", "\n"),
        ("a\r\nb\r\n", "\r\n"),
        ("a\rb\r", "\r"),
        ("a\x85b", "\x85"),
        ("a\u2028b\u2028", "\u2028"),
        ("a\u2029b", "\u2029"),
        ("a\r\nb\r\nc\nd", "\r\n"),  # mixed: the style most lines have
        ("a\nb\nc\r\nd\re", "\n"),
        ("a\nb\r\n", "\n"),  # a tie: LF
        ("a\r\nb\r", "\r\n"),
        ("one line", "\n"),
    ],
)
def test_the_newline_style_is_the_files_dominant_one(text, style):
    assert newline_style(text) == style


#: Each style `check` accepts: one break throughout, or several mixed. (YAML 1.1's
#: breaks U+0085, U+2028 and U+2029 are no line breaks in YAML 1.2: check refuses a
#: file that uses them as such, where they stand; see test_yaml_strict.py.)
STYLES_OF_BREAK = {
    "lf": ["\n"],
    "crlf": ["\r\n"],
    "cr": ["\r"],
    "mostly-crlf": ["\r\n", "\r\n", "\n"],
    "mostly-lf": ["\n", "\n", "\r\n", "\n", "\r"],
}


@pytest.mark.parametrize("final", [True, False], ids=["final-newline", "no-final-newline"])
@pytest.mark.parametrize("style", list(STYLES_OF_BREAK))
@pytest.mark.parametrize("action_id", ["1.1", "1.2"])  # 1.2 is the last action of the file
def test_every_line_ending_style_round_trips_through_update(tmp_path, style, final, action_id):
    text = with_breaks(MINIMAL if final else MINIMAL.rstrip("\n"), STYLES_OF_BREAK[style])
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode())
    # check accepts it (without a final line break, with the warning that says it may be cut short)
    said = [] if final else ["final-newline"]
    assert [p.rule for p in load_plan(path).problems] == said
    source = read_file(str(path))
    before = source.text
    _, locations = parse(source, locate=True)
    action = ("themes", 0, "objectives", 0, "actions", int(action_id[-1]) - 1)
    # only the due time is changed in place; everything else is added
    due = locations.values[action + ("due",)]
    requests = [
        UpdateRequest(action_id, date(2024, 6, 1), "Met.", "behind"),  # a rating and a new list
        UpdateRequest(action_id, date(2024, 7, 1), "Met again."),  # an item in a list
        UpdateRequest(action_id, date(2024, 8, 1), None, None, "Q4 Year 1", "The group asked"),
    ]
    for request in requests:
        update_file(str(path), request, today=date(2025, 1, 1))
    after = path.read_bytes().decode()
    assert [p.rule for p in load_plan(path).problems] == said
    assert kept_in_order(before, after, [(due.start, due.end)])
    assert after.count("due: Q4 Year 1") == 1
    dominant = newline_style(before)
    added = breaks_added(before, after)
    assert added[dominant] >= 8 and sum(added.values()) == added[dominant], added  # new lines, the file's style
    assert after.endswith(("\n", "\r", "\x85", "\u2028", "\u2029")) is final
    assert all(line.strip() for line in after.splitlines())  # no stray blank line
    if action_id == "1.2" and style in ("lf", "crlf", "cr"):
        end = (
            "due: Q4 Year 1\n            status: Behind\n            rescheduled:\n"
            "              - date: 2024-08-01\n                from: Q2 Year 1 (continuous)\n"
            "                to: Q4 Year 1\n                reason: The group asked\n"
            "            updates:\n              - date: 2024-06-01\n                text: Met.\n"
            "                status: Behind\n              - date: 2024-07-01\n                text: Met again."
        ) + ("\n" if final else "")
        assert after.endswith(end.replace("\n", STYLES_OF_BREAK[style][0]))


def test_a_rating_and_a_note_on_the_last_action_add_no_blank_line(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(MINIMAL.rstrip("\n").encode())
    update_file(str(path), UpdateRequest("1.2", date(2024, 6, 1), "Met.", "behind"), today=date(2025, 1, 1))
    assert path.read_text() == MINIMAL.rstrip("\n") + (
        "\n            status: Behind\n            updates:\n              - date: 2024-06-01\n"
        "                text: Met.\n                status: Behind"
    )


def test_a_new_plan_written_as_an_output_must_read_back(tmp_path):
    old = _plan(tmp_path)
    new = tmp_path / "next" / "plan.yaml"
    new.parent.mkdir()
    with pytest.raises(StoreError, match="would not read back"):
        write_output(new, b"title: [unclosed\n", [old], plan=True)
    assert not new.exists()
    write_output(new, MINIMAL.encode(), [old], plan=True)
    with pytest.raises(StoreError, match="it is an hcplan plan"):  # a second rollover does not overwrite it
        write_output(new, MINIMAL.encode(), [old], plan=True)


@pytest.mark.parametrize("final", [True, False], ids=["final-newline", "no-final-newline"])
@pytest.mark.parametrize("style", list(STYLES_OF_BREAK))
def test_rollover_keeps_every_line_ending_style_too(hcplan, tmp_path, style, final):
    """rollover cuts and adds lines with the same editor: the new plan and the linked old one
    keep the old plan's line breaks, and the old one changes only by what --link adds."""
    old = tmp_path / "old" / "plan.yaml"
    old.parent.mkdir()
    text = with_breaks(MINIMAL if final else MINIMAL.rstrip("\n"), STYLES_OF_BREAK[style])
    old.write_bytes(text.encode())
    new = tmp_path / "new" / "plan.yaml"
    result = hcplan("rollover", old, new, "--link")
    assert result.exit_code == 0, result.stderr
    dominant = newline_style(text)
    after = old.read_bytes().decode()
    assert kept_in_order(text, after)
    added = breaks_added(text, after)
    assert added[dominant] >= 1 and sum(added.values()) == added[dominant], added
    assert after.endswith(("\n", "\r", "\x85", "\u2028", "\u2029")) is final
    made = breaks_added("", new.read_bytes().decode())  # a new file: the old plan's lines, with their breaks
    if len(STYLES_OF_BREAK[style]) == 1:
        assert made[dominant] == sum(made.values()), made
    for plan in (old, new):
        assert hcplan("check", plan).exit_code == 0
