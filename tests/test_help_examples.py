"""Every example in a command's --help runs as written on the shipped plans.

A user's first try of a command is often its example, copied from the help:
one that fails there (a day after the plan ended, a lead no shipped plan has)
teaches them the tool does not work. The few examples that need what only a
user has (their own Word table, their mail server, a plan that rates its
objectives) are listed with why.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: Examples that need what a user has and the repository does not, and what.
ILLUSTRATIVE = {
    'hcplan new plans/2024-25/plan.yaml --from "Hate Crime Action Plan 2024-25.docx" --org "Anytown Council"':
        "the council's own Word table",
    "hcplan digest plans/2024-25/plan.yaml -o digests --send --from hate.crime@council.example "
    "--smtp-host smtp.council.example --smtp-user hcl": "a mail server and its password",
    'hcplan update plan.yaml "objective 7" --status "On target" --note "Reports up 6% on the year."':
        "a plan that rates its objectives",
    'hcplan show plans/2024-25/plan.yaml "objective 7"': "a plan that rates its objectives",
}  # fmt: skip


def examples() -> list[str]:
    import importlib

    from hcplan.cli import COMMANDS

    found = []
    for module, function, _ in COMMANDS.values():
        doc = getattr(importlib.import_module(module), function).__doc__ or ""
        _, _, after = doc.partition("Examples:")
        found += [" ".join(line.split()) for line in after.splitlines() if line.strip().startswith("hcplan ")]
    return found


def test_every_command_with_examples_is_seen():
    assert len(examples()) >= 20
    assert set(ILLUSTRATIVE) <= set(examples()), "an illustrative example is no longer in any help"


@pytest.mark.parametrize("example", [e for e in examples() if e not in ILLUSTRATIVE])
def test_the_example_runs_on_the_shipped_plans(hcplan, tmp_path, monkeypatch, example):
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    args = shlex.split(example)[1:]
    result = hcplan(*args)
    assert result.exit_code == 0, f"{example}\n{result.stdout}{result.stderr}"
    said = result.stdout + result.stderr
    assert not re.search(r"\b0 (?:events|actions|digests)\b", said), f"{example} did nothing:\n{said}"
