"""The cache never serves a stale or wrong answer."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from conftest import MINIMAL
from hcplan.checking import loader
from hcplan.checking.loader import load_plan
from hcplan.files.cache import Cache, digest

TODAY = date(2025, 1, 1)


@pytest.fixture
def cache(tmp_path):
    return Cache(tmp_path / "cache")


def test_a_second_load_comes_from_the_cache(write, cache, monkeypatch):
    path = write()
    first = load_plan(path, today=TODAY, cache=cache)
    monkeypatch.setattr(loader, "load_source", lambda *a, **k: pytest.fail("not served from the cache"))
    again = load_plan(path, today=TODAY, cache=cache)
    assert again.plan == first.plan and again.problems == first.problems == []


def test_problems_come_back_with_their_path_and_place(write, cache, tmp_path):
    path = write(MINIMAL.replace("leads: [Police]", "leads: [Polce]"))
    first = load_plan(path, today=TODAY, cache=cache, want_plan=False)
    other = tmp_path / "copy.yaml"
    other.write_bytes(path.read_bytes())
    copy = load_plan(other, today=TODAY, cache=cache, want_plan=False)
    assert [(p.line, p.col, p.message) for p in copy.problems] == [(p.line, p.col, p.message) for p in first.problems]
    assert {p.path for p in copy.problems} == {str(other)}


def test_a_command_that_asks_only_for_errors_leaves_the_warnings_to_check(write, cache, monkeypatch):
    """export, report...: a valid plan is all they need; what they store answers them
    again, and a later check still finds every warning (and a full answer serves them)."""
    path = write(MINIMAL.replace("due: Q1 Year 1", "due: Year 3"))
    errors = load_plan(path, today=TODAY, cache=cache, errors_only=True)
    assert errors.plan is not None and errors.problems == []
    full = load_plan(path, today=TODAY, cache=cache)
    assert [p.rule for p in full.problems] == ["due-period"]
    monkeypatch.setattr(loader, "load_source", lambda *a, **k: pytest.fail("not served from the cache"))
    assert load_plan(path, today=TODAY, cache=cache, errors_only=True).problems == []
    assert [p.rule for p in load_plan(path, today=TODAY, cache=cache).problems] == ["due-period"]


def test_errors_are_found_alike_with_or_without_the_warnings(write, cache):
    path = write(MINIMAL.replace("leads: [Police]", "leads: [Polce]").replace("due: Q1 Year 1", "due: Year 3"))
    errors = load_plan(path, today=TODAY, cache=cache, errors_only=True)
    full = load_plan(path, today=TODAY, cache=Cache(None))
    assert errors.problems == [p for p in full.problems if p.severity.name == "ERROR"] != []
    assert {p.rule for p in full.problems} == {"lead", "due-period"}
    assert load_plan(path, today=TODAY, cache=cache, errors_only=True).problems == errors.problems


def test_a_changed_file_is_read_again(write, cache):
    path = write()
    assert load_plan(path, today=TODAY, cache=cache).problems == []
    path.write_text(MINIMAL.replace("leads: [Police]", "leads: [Polce]"))
    assert [p.rule for p in load_plan(path, today=TODAY, cache=cache).problems] == ["lead"]


def test_a_new_day_is_checked_again(write, cache):
    path = write(MINIMAL.replace("date: 2024-05-01", "date: 2025-01-02"))
    assert [p.rule for p in load_plan(path, today=TODAY, cache=cache).problems] == ["update-date"]
    assert load_plan(path, today=date(2025, 1, 2), cache=cache).problems == []


def test_another_hcplan_version_does_not_share_entries(write, tmp_path, monkeypatch):
    path = write()
    old = Cache(tmp_path / "cache")
    load_plan(path, today=TODAY, cache=old)
    monkeypatch.setattr("hcplan.files.cache.__version__", "9.9.9")
    new = Cache(tmp_path / "cache")
    assert new.folder != old.folder
    calls = []
    real = loader.load_source
    monkeypatch.setattr(loader, "load_source", lambda *a, **k: calls.append(1) or real(*a, **k))
    load_plan(path, today=TODAY, cache=new)
    assert calls == [1]


@pytest.mark.parametrize("damage", [b"", b"not json", b"\x80\x04garbage", b'[true, [{"line": "x"}]]'])
def test_a_corrupt_entry_is_a_miss(write, cache, damage):
    path = write(MINIMAL.replace("leads: [Police]", "leads: [Polce]"))
    load_plan(path, today=TODAY, cache=cache)
    for entry in cache.folder.rglob("*"):
        if entry.is_file():
            entry.write_bytes(damage)
    loaded = load_plan(path, today=TODAY, cache=cache)
    assert loaded.plan is not None
    assert [p.rule for p in loaded.problems] == ["lead"]


def test_an_unwritable_cache_is_not_used(write, tmp_path, monkeypatch):
    # Refused the way a read-only folder refuses (modes alone do not stop root).
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    cache = Cache(tmp_path / "readonly")
    path = write(MINIMAL.replace("leads: [Police]", "leads: [Polce]"))
    first = load_plan(path, today=TODAY, cache=cache)
    assert cache.enabled is False  # given up after the first refusal
    again = load_plan(path, today=TODAY, cache=cache)
    assert [p.rule for p in first.problems] == [p.rule for p in again.problems] == ["lead"]
    assert again.plan is not None
    assert [p for p in (tmp_path / "readonly").rglob("*") if p.is_file()] == []


def test_a_cache_others_can_write_to_is_never_read(write, tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = write()
    load_plan(path, today=TODAY, cache=Cache(folder))
    key = digest(path.read_bytes())
    assert Cache(folder).plan(key) is not None  # it is there, and read while the folder is private
    folder.chmod(0o777)
    try:
        assert Cache(folder).plan(key) is None
    finally:
        folder.chmod(0o700)


def test_a_cache_on_a_file_is_not_used(write, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    path = write()
    assert load_plan(path, today=TODAY, cache=Cache(blocker)).problems == []


FILLER = """
import sys
from datetime import date
from hcplan.files.cache import Cache, digest
from hcplan.checking.loader import load_plan
cache = Cache.default()
for _ in range(20):
    loaded = load_plan(sys.argv[1], today=date(2025, 1, 1), cache=cache)
    assert loaded.plan is not None, loaded.problems
    print(len(loaded.problems), [p.rule for p in loaded.problems])
"""


@pytest.mark.slow
def test_two_processes_filling_the_cache_at_once_both_get_the_right_answer(write, tmp_path):
    path = write(MINIMAL.replace("leads: [Police]", "leads: [Polce]"))
    env = {**os.environ, "HCPLAN_CACHE_DIR": str(tmp_path / "shared-cache")}
    procs = [
        subprocess.Popen([sys.executable, "-c", FILLER, str(path)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.splitlines() == ["1 ['lead']"] * 20


def test_the_cli_gives_the_same_answer_cold_and_warm(hcplan, write):
    path = write(MINIMAL.replace("leads: [Police]", "leads: [Polce]"))
    cold = hcplan("check", path)
    warm = hcplan("check", path)
    assert cold.exit_code == warm.exit_code == 1
    assert cold.stdout == warm.stdout
    assert "lead 'Polce'" in warm.stdout
    listing_cold = hcplan("overdue", path, "--as-of", "2024-07-01", "-f", "json")
    listing_warm = hcplan("overdue", path, "--as-of", "2024-07-01", "-f", "json")
    assert listing_cold.stdout == listing_warm.stdout
    assert listing_cold.stderr == listing_warm.stderr != ""


@pytest.mark.slow
def test_a_cached_check_loads_no_pydantic(write, tmp_path):
    path = write()
    env = {**os.environ, "HCPLAN_CACHE_DIR": str(tmp_path / "c")}
    probe = "import sys; from hcplan.cli import main; sys.argv = ['hcplan'] + sys.argv[1:];\ntry:\n main()\nfinally:\n print('pydantic' in sys.modules, file=sys.stderr)"
    for command in (["check", str(path)], ["overdue", str(path)]):
        first = subprocess.run([sys.executable, "-c", probe, *command], env=env, capture_output=True, text=True)
        second = subprocess.run([sys.executable, "-c", probe, *command], env=env, capture_output=True, text=True)
        assert first.stderr.splitlines()[-1] == "True"
        assert second.stderr.splitlines()[-1] == "False", command


def test_changed_hcplan_code_does_not_share_entries(tmp_path, monkeypatch):
    import hcplan.files.cache

    before = Cache(tmp_path).folder
    monkeypatch.setattr(hcplan.files.cache, "code_stamp", lambda: "something-else")
    assert Cache(tmp_path).folder != before


def test_a_report_reads_its_plan_through_the_cache_and_sees_every_change(hcplan, write, private_cache):
    path = write()
    args = ("report", path, "--template", "plan", "-f", "md", "--as-of", "2024-07-01")
    cold = hcplan(*args)
    entries = sorted(p.name for p in private_cache.rglob("*") if p.is_file())
    assert cold.exit_code == 0 and entries, "the first report filled the cache"
    warm = hcplan(*args)
    assert warm.exit_code == 0 and warm.stdout == cold.stdout
    path.write_text(path.read_text(encoding="utf-8").replace("Data requested.", "Data asked for again."), encoding="utf-8")
    changed = hcplan(*args)
    assert "Data asked for again." in changed.stdout and "Data requested." not in changed.stdout
    # A plan with errors is refused, cached or not.
    path.write_text(path.read_text(encoding="utf-8").replace('id: "1.1"', 'id: "1.2"'), encoding="utf-8")
    for _ in range(2):
        refused = hcplan(*args)
        assert refused.exit_code == 1 and "has errors" in refused.stderr
