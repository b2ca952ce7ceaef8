"""docs/cli.md is the --help of every command, and cannot drift from the code.

Regenerate it after changing a command's options or help (with every other
file the tests compare): ``make regen``.
"""

from __future__ import annotations

from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def reference() -> str:
    from typer.testing import CliRunner

    from hcplan.cli import COMMANDS, app

    runner = CliRunner()
    names = [*COMMANDS, *(c.name for c in app.registered_commands if c.name not in COMMANDS)]
    parts = [
        "# Command reference",
        "",
        "Generated from `hcplan --help` and each command's `--help` by",
        "`tests/test_cli_reference.py`, which fails when this page and the code disagree.",
        "",
    ]
    for args in [[], *([name] for name in names)]:
        result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "88", "NO_COLOR": "1"}, terminal_width=88)
        assert result.exit_code == 0, result.output
        title = "hcplan " + " ".join(args) if args else "hcplan"
        parts += [f"## {title}", "", "```text", result.stdout.rstrip(), "```", ""]
    return "\n".join(parts)


def test_the_reference_matches_the_commands():
    assert REFERENCE.read_text(encoding="utf-8") == reference(), (
        "docs/cli.md is stale: run `make regen`"
    )


if __name__ == "__main__":  # the old way in: the same as `make regen`
    import regen

    regen.main()
