"""Checking many files at once gives the same answer as one at a time."""

from __future__ import annotations

from conftest import MINIMAL
from hcplan.checking.batch import PARALLEL_FROM


def test_many_files_on_two_cores_report_like_one(hcplan, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for i in range(PARALLEL_FROM + 8):
        text = MINIMAL.replace('id: "1.1"', f'id: "1.{i + 10}"')
        if i % 7 == 0:
            text = text.replace("leads: [Police]", "leads: [Polce]")
        (folder / f"plan-{i:03d}.yaml").write_text(text)
    (folder / "plan-999.yaml").write_text("title: [\n")
    one = hcplan("check", "--jobs", "1", folder)
    two = hcplan("check", "--jobs", "2", folder)
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    assert one.stdout.count("(lead)") == 6 and one.stdout.count("(yaml)") == 1
    assert two.stderr == "7 errors, 0 warnings in 7 of 41 files\n"


def test_listings_of_many_plans_are_the_same_on_two_cores(hcplan, tmp_path, monkeypatch):
    folder = tmp_path / "plans"
    folder.mkdir()
    for i in range(PARALLEL_FROM + 4):
        text = MINIMAL.replace("Monitor hate crime", f"Monitor hate crime {i}").replace(
            'id: "1.1"', f'id: "{i}.1"'
        )
        (folder / f"plan-{i:03d}.yaml").write_text(text)
    args = ("overdue", folder, "--as-of", "2024-07-15", "--format", "json")
    parallel = hcplan(*args)
    monkeypatch.setattr("hcplan.checking.batch.PARALLEL_FROM", 10**6)
    monkeypatch.setenv("HCPLAN_NO_CACHE", "1")
    serial = hcplan(*args)
    assert parallel.exit_code == serial.exit_code == 0
    assert parallel.stdout == serial.stdout
    assert len(__import__("json").loads(serial.stdout)["overdue"]) == PARALLEL_FROM + 4
