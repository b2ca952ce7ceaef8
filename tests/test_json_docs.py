"""docs/json.md names every field hcplan's JSON output has: a script's author can rely on it.

A field added to a row, a due, an update or check's answer without a word in
the page fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import PLANS

DOC = Path(__file__).resolve().parents[1] / "docs" / "json.md"


def _documented() -> set[str]:
    return set(re.findall(r"`([a-z_]+)`", DOC.read_text(encoding="utf-8")))


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_every_field_of_every_json_output_is_documented(hcplan, tmp_path):
    plan = PLANS / "2024-25" / "plan.yaml"
    outputs = [
        hcplan("list", plan, "--as-of", "2025-01-06", "-f", "json"),
        hcplan("overdue", plan, "--as-of", "2025-01-06", "--within", "30d", "-f", "json"),
        hcplan("amber", PLANS / "2017" / "plan.yaml", "--as-of", "2017-07-01", "--red", "-f", "json"),
        hcplan("show", "1.1.2", PLANS / "2017" / "plan.yaml", "-f", "json"),
        hcplan("show", "5.2", plan, "-f", "json"),
        hcplan("check", PLANS / "2017" / "plan.yaml", "-f", "json"),
    ]
    broken = tmp_path / "plan.yaml"
    broken.write_text(plan.read_text().replace("leads: [Safer Merton]", "leads: [Safer Mertn]", 1))
    outputs.append(hcplan("check", broken, "-f", "json"))
    outputs.append(hcplan("digest", plan, "-o", tmp_path / "digests", "--as-of", "2025-01-06", "-f", "json"))
    outputs.append(hcplan("digest", PLANS / "2024-25" / "plan.yaml", "-o", tmp_path / "ended", "--dry-run", "-f", "json"))
    # The changes to a plan: update, and import recorded, already recorded and refused.
    copy = tmp_path / "copy.yaml"
    copy.write_text(plan.read_text())
    outputs.append(hcplan("update", copy, "5.2", "--note", "Held.", "--status", "behind", "--date", "2025-01-10", "-f", "json"))
    returns = tmp_path / "returns.csv"
    returns.write_text("ID,New rating,Update,Update date\n5.2,behind,Held.,10/01/2025\n5.3,,Met.,10/01/2025\n")
    outputs.append(hcplan("import", copy, returns, "-f", "json"))
    returns.write_text("ID,Update\n9.9,x\n")
    outputs.append(hcplan("import", copy, returns, "-f", "json"))
    found: set[str] = set()
    for result in outputs:
        found |= _keys(json.loads(result.stdout))
    assert json.loads(outputs[-2].stdout)["already"], outputs[-2].stdout  # 5.2's update, made above
    assert {"kind", "due_soon", "updates", "rescheduled", "problems", "rule", "was", "added", "already", "where", "why_not"} - found <= {"was"}
    missing = found - _documented()
    assert not missing, f"docs/json.md does not say what these are: {sorted(missing)}"
