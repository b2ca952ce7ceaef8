"""hcplan is for any council: its help, messages, examples, schema and templates
name no real council (the shipped plans, and the docs that show them, may)."""

from __future__ import annotations

from conftest import REPO

#: Where hcplan speaks to its users; the shipped plans and their tests are not here.
PLACES = ["src", "templates", "schema", "docs/cli.md", "docs/format.md"]
#: Files that describe the shipped plans themselves.
ABOUT_THE_SHIPPED_PLANS = {"src/hcplan/checking/alphabets.py"}


def test_no_help_message_or_example_names_the_council_of_the_shipped_plans():
    found = []
    for place in PLACES:
        root = REPO / place
        files = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".json", ".md")]
        for path in files:
            name = path.relative_to(REPO).as_posix()
            if name in ABOUT_THE_SHIPPED_PLANS:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if "merton" in line.casefold():
                    found.append(f"{name}:{number}: {line.strip()}")
    assert found == []
    assert files  # the places are there
