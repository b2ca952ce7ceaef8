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


def starting_a_plan() -> list[list[str]]:
    """The ``hcplan new`` commands of the README's "Starting a plan" block."""
    block = re.search(r"## Starting a plan\n+```sh\n(.*?)```", README, re.S)
    assert block is not None
    lines = block[1].replace("\\\n", " ").splitlines()
    return [shlex.split(line, comments=True) for line in lines if line.strip()]


def test_the_readme_starts_a_plan_as_shown_without_a_terminal(hcplan, tmp_path, monkeypatch):
    """Each example with its options runs where no one can answer a prompt
    (the first asks, by design); the Word file is a real one."""
    import docx

    monkeypatch.chdir(tmp_path)
    ran = 0
    for args in starting_a_plan():
        assert args[:2] == ["hcplan", "new"]
        if len(args) == 3:
            continue  # asks at a terminal
        if "--from" in args:
            document = docx.Document()
            table = document.add_table(rows=0, cols=4)
            for row in (
                ("Action", "Lead", "Timescale", "Progress"),
                ("Train reporting centre staff", "Police", "31/10/2024", "20/05/2024 Two centres trained"),
                ("Publish the reporting leaflet", "Community Safety", "March 2025", ""),
            ):
                for cell, words in zip(table.add_row().cells, row):
                    cell.text = words
            document.save(args[args.index("--from") + 1])
        result = hcplan(*args[1:])
        assert result.exit_code == 0, f"{args}: {result.stderr}"
        checked = hcplan("check", args[2])
        assert checked.exit_code == 0, f"{args}: {checked.stdout}"
        ran += 1
    assert ran == 2
