"""The README's console examples are real: each command gives the output shown."""

from __future__ import annotations

import re
import shlex
import shutil
from datetime import date
from pathlib import Path

from conftest import MINIMAL, PLANS, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")

#: The broken plan the README checks.
ANYTOWN = (
    MINIMAL.replace("date: 2024-05-01", "date: 01/05/2024")
    .replace("leads: [Police]", "leads: [Polce]")
    .replace("due: Q2 Year 1 (continuous)", "due: Q2 Year 1 (continuous)\n            status: Behnid")
)


#: What the partners write in the workbooks the README's walk-through sends
#: them, before it imports them: {file: {action ID: (new rating, update, date)}}.
RETURNS = {
    "police.xlsx": {
        "11.1": ("in progress", "Stall at the Merton College freshers fair; 120 leaflets given out.", date(2025, 1, 9)),
        "13.1": (None, "Training booked for February with two venues.", None),
    },
    "returns/safer-merton.xlsx": {
        "5.3": ("Completed", "Reporting centres now listed on the website and in the libraries.", date(2025, 1, 10)),
    },
}

#: A return the README shows refused: a CSV with a rating the plan does not have.
CLARION = "ID,Update,New rating\r\n22.2,Tenancy agreements now say how to report hate crime.,amber\r\n"


def partners_reply(args: list[str]) -> None:
    """Before an import, the partners fill in what they were sent (once)."""
    from workbooks import fill

    for name, returns in RETURNS.items():
        path = Path(name)
        if name in args and not path.with_suffix(".filled").exists():
            fill(path, returns)
            path.with_suffix(".filled").touch()
    Path("clarion.csv").write_text(CLARION, encoding="utf-8", newline="")


def examples() -> list[tuple[str, list[str]]]:
    """Each ``$ hcplan ...`` line of the console blocks, with the lines shown after it."""
    found = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, *output = chunk.rstrip("\n").split("\n")
            found.append((command, output))
    return found


def test_the_readme_examples_run_as_shown(hcplan, tmp_path, monkeypatch):
    (tmp_path / "plans" / "2024-25").mkdir(parents=True)
    shutil.copy(PLANS / "2024-25" / "plan.yaml", tmp_path / "plans" / "2024-25" / "plan.yaml")
    (tmp_path / "plans" / "anytown.yaml").write_text(ANYTOWN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    ran = examples()
    assert len(ran) == 12
    for command, shown in ran:
        args = shlex.split(command)
        assert args[0] == "hcplan"
        if args[1] == "import":
            partners_reply(args)
        result = hcplan(*args[1:])
        actual = (result.stdout + result.stderr).rstrip("\n").split("\n")
        if "..." in shown:
            shown = shown[: shown.index("...")]
            actual = actual[: len(shown)]
        assert actual == shown, command
