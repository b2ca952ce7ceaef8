"""Broken plan files get located messages and exit 1, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

BROKEN = REPO / "tests" / "broken"
HAZARDS = sorted(BROKEN.glob("*.yaml"))


def test_every_broken_file_gets_its_golden_messages(hcplan, monkeypatch):
    monkeypatch.chdir(REPO)
    result = hcplan("check", "--as-of", "2025-01-01", "tests/broken")
    assert result.exit_code == 1
    assert result.stdout == (BROKEN / "expected.txt").read_text(encoding="utf-8"), "stale? run `make regen`"


def test_every_broken_file_is_reported():
    expected = (BROKEN / "expected.txt").read_text(encoding="utf-8")
    for hazard in HAZARDS:
        assert f"tests/broken/{hazard.name}:" in expected, hazard.name


@pytest.mark.parametrize("hazard", HAZARDS, ids=lambda p: p.name)
def test_the_installed_command_never_shows_a_traceback(hazard: Path):
    result = subprocess.run(
        [sys.executable, "-m", "hcplan", "check", str(hazard)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{hazard}:" in result.stdout


def test_a_python_tag_executes_nothing(tmp_path, hcplan):
    marker = tmp_path / "pwned"
    plan = tmp_path / "plan.yaml"
    plan.write_text(f'title: !!python/object/apply:os.system ["touch {marker}"]\n')
    result = hcplan("check", plan)
    assert result.exit_code == 1
    assert not marker.exists()
    assert "tags (!!python/object/apply:os.system) are not allowed" in result.stdout


def _check(hcplan, path: Path) -> str:
    result = hcplan("check", path)
    assert result.exit_code == 1, result.stdout
    return result.stdout.strip()


def test_binary_file(tmp_path, hcplan):
    path = tmp_path / "logo.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert _check(hcplan, path) == (
        f"{path}:3:1: error: this is a binary file, not a YAML plan (it contains a NUL byte) (encoding)"
    )


def test_non_utf8_bytes(tmp_path, hcplan):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Plan\norganisation: Caf\xe9 Council\n".encode("latin-1"))
    assert _check(hcplan, path) == (
        f"{path}:2:18: error: byte 0xe9 is not UTF-8; save the file as UTF-8 (encoding)"
    )


def test_utf16_file(tmp_path, hcplan):
    path = tmp_path / "utf16.yaml"
    path.write_bytes("title: Plan\n".encode("utf-16"))
    assert _check(hcplan, path) == f"{path}:1:1: error: file is UTF-16; save it as UTF-8 (encoding)"


def test_a_30_mb_file_is_refused_before_parsing(tmp_path, hcplan):
    path = tmp_path / "huge.yaml"
    with path.open("w") as handle:
        handle.write("notes:\n")
        line = "  - " + "x" * 96 + "\n"
        handle.write(line * (30_000_000 // len(line)))
    assert _check(hcplan, path) == (
        f"{path}:1:1: error: file is {path.stat().st_size:,} bytes; a plan file may be at most 10,485,760 bytes "
        "(10 MB) (file-size)"
    )


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[" * 100_000 + "\n", "1:65"),
        ("{a: " * 50_000 + "\n", "1:257"),
        ("".join("  " * i + "- \n" for i in range(200)), "65:129"),
    ],
    ids=["flow-sequences", "flow-mappings", "block-sequences"],
)
def test_absurd_nesting_is_bounded(tmp_path, hcplan, text, where):
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    assert _check(hcplan, path) == (
        f"{path}:{where}: error: nesting deeper than 64 levels; a plan needs about ten (depth)"
    )


def test_a_missing_file_is_a_usage_error(hcplan, tmp_path):
    result = hcplan("check", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "nope.yaml: no such file or folder" in result.stderr


def test_a_missing_file_among_others_does_not_hide_their_problems(hcplan, tmp_path):
    """'hcplan check bad.yaml nope.yaml good.yaml' said only that nope.yaml is missing."""
    from conftest import MINIMAL

    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("leads: [Police]", "leads: [Polce]"))
    good = tmp_path / "good.yaml"
    good.write_text(MINIMAL)
    result = hcplan("check", bad, tmp_path / "nope.yaml", good)
    assert result.exit_code == 2
    assert result.stdout.startswith(f"{bad}:") and "lead 'Polce' is not one of the plan's leads" in result.stdout
    assert result.stderr.splitlines() == ["1 error, 0 warnings in 1 of 2 files", f"hcplan: error: {tmp_path / 'nope.yaml'}: no such file or folder"]


def test_every_tab_indented_line_is_reported_at_once(tmp_path, hcplan):
    path = tmp_path / "tabs.yaml"
    path.write_text("title: Tabs\nperiod:\n\tstart: 2024-04-01\n\tend: 2025-03-31\nnotes:\n  -\tfine inside\n")
    assert _check(hcplan, path).splitlines() == [
        f"{path}:3:1: error: a tab character here; YAML indentation must use spaces (yaml)",
        f"{path}:4:1: error: a tab character here; YAML indentation must use spaces (yaml)",
    ]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_tabs_on_blank_or_comment_lines_do_not_hide_the_rest(tmp_path, hcplan, ending):
    """A tab alone on a line, or before a comment, means nothing, but libyaml stops at it:
    each is said, and the rest of the plan is checked in the same run (a misspelt lead)."""
    from conftest import MINIMAL

    text = MINIMAL.replace("leads:\n", "\t\n \t# the partners\nleads:\n", 1).replace("leads: [Police]", "leads: [Polce]")
    path = tmp_path / "tabs.yaml"
    path.write_bytes((text + "\t \n").replace("\n", ending).encode())
    lines = _check(hcplan, path).splitlines()
    assert [line.split(": ", 2)[0].removeprefix(str(path)) for line in lines] == [":19:1", ":20:2", ":40:21", ":42:1"], lines
    assert "lead 'Polce' is not one of the plan's leads" in lines[2]
    assert lines[0].endswith("a tab character here; YAML indentation must use spaces (yaml)")


def test_a_tab_indenting_something_still_stops_the_reading(tmp_path, hcplan):
    """Which item a key indented by a tab belongs to cannot be known: the tab is said, nothing else."""
    from conftest import MINIMAL

    path = tmp_path / "tabs.yaml"
    path.write_text(MINIMAL.replace("\n  start:", "\n\tstart:", 1).replace("leads: [Police]", "leads: [Polce]"))
    assert "Polce" not in _check(hcplan, path)


def test_a_badly_indented_line_gets_a_hint(tmp_path, hcplan):
    path = tmp_path / "indent.yaml"
    path.write_text("title: Plan\nperiod:\n  start: 2024-04-01\n end: 2025-03-31\n")
    assert "is this line indented like the ones above it?" in _check(hcplan, path)


@pytest.mark.parametrize(
    ("codec", "said"),
    [
        ("utf-16-le", "UTF-16 without a byte order mark"),
        ("utf-16-be", "UTF-16 without a byte order mark"),
        ("utf-32", "UTF-32"),
        ("utf-32-le", "UTF-32 without a byte order mark"),
    ],
)
def test_a_plan_in_another_unicode_encoding_is_named_by_it(hcplan, tmp_path, codec, said):
    """UTF-16 without its byte order mark was 'a binary file (it contains a NUL byte)', and
    UTF-32 with one was said to be UTF-16."""
    path = tmp_path / "plan.yaml"
    path.write_bytes("hcplan: 1\ntitle: Ελληνική κοινότητα, Café plan\n".encode(codec))
    assert _check(hcplan, path) == f"{path}:1:1: error: file is {said}; save it as UTF-8 (encoding)"
