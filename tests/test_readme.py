"""The README's console examples are real: each command gives the output shown."""

from __future__ import annotations

import re
import shlex
import shutil

from conftest import MINIMAL, PLANS, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")

#: The broken plan the README checks.
ANYTOWN = (
    MINIMAL.replace("date: 2024-05-01", "date: 01/05/2024")
    .replace("leads: [Police]", "leads: [Polce]")
    .replace("due: Q2 Year 1 (continuous)", "due: Q2 Year 1 (continuous)\n            status: Behnid")
)


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
    assert len(ran) == 6
    for command, shown in ran:
        args = shlex.split(command)
        assert args[0] == "hcplan"
        result = hcplan(*args[1:])
        actual = (result.stdout + result.stderr).rstrip("\n").split("\n")
        if "..." in shown:
            shown = shown[: shown.index("...")]
            actual = actual[: len(shown)]
        assert actual == shown, command
