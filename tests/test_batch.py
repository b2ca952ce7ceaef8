"""Checking many files at once gives the same answer as one at a time."""

from __future__ import annotations

from conftest import MINIMAL
from hcplan.batch import PARALLEL_FROM


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
