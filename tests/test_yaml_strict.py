"""YAML that the YAML 1.2 specification calls invalid is refused inside a real plan, at the
character that breaks it, whatever libyaml lets through; every problem is one line at the
right place, whatever the plan wrote."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import MINIMAL
from hcplan.checking.loader import load_plan


def _plan(folder, text):
    path = folder / "plan.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    return path


# MINIMAL's lines: 3 title, 6 start, 20-21 the known leads, 30 text of action 1.1,
# 31 its leads.
INVALID = [
    # a comment needs a space before '#' (yaml-test-suite SU5Z, 9JBA, CVW2, X4QW, MUS6)
    ("after-double-quotes", "title: Anytown", 'title: "Anytown"# the title', "3:17"),
    ("after-single-quotes", "title: Anytown", "title: 'Anytown'# the title", "3:17"),
    ("after-flow-list", "leads: [Safer Anytown]", "leads: [Safer Anytown]#the lead", "31:35"),
    ("after-comma", "leads: [Safer Anytown]", "leads: [Safer Anytown,#x\n              ]", "31:35"),
    ("after-flow-mapping", "  start: 2024-04-01\n  end: 2025-03-31", "  {start: 2024-04-01, end: 2025-03-31}#x", "6:39"),
    ("after-block-indicator", "text: Produce a profile", "text: ># note\n              Produce a profile", "30:20"),
    ("after-directive", "# yaml-language-server", "%YAML 1.2#x\n---\n# yaml-language-server", "1:10"),
    # a flow node over several lines indents each further line with spaces (QB6E, 9C9N, DK95, Y79Y)
    ("double-quoted-not-indented", "text: Produce a profile", 'text: "Produce\na profile"', "31:1"),
    ("double-quoted-under-its-key", "text: Produce a profile", 'text: "Produce\n            a profile"', "31:13"),
    ("single-quoted-not-indented", "text: Produce a profile", "text: 'Produce\n  a profile'", "31:3"),
    ("tab-starts-quoted-line", "text: Produce a profile", 'text: "Produce\n\ta profile"', "31:1"),
    ("tab-after-too-few-spaces", "text: Produce a profile", 'text: "Produce\n            \ta profile"', "31:13"),
    ("flow-list-not-indented", "leads: [Safer Anytown]", "leads: [Safer Anytown,\nPolice]", "32:1"),
    ("flow-mapping-not-indented", "  start: 2024-04-01\n  end: 2025-03-31", "  {start: 2024-04-01,\nend: 2025-03-31}", "7:1"),
    ("tab-starts-flow-line", "leads: [Safer Anytown]", "leads: [\n\tSafer Anytown]", "32:1"),
    # a plain '-' is no value inside brackets (G5U8, YJV2)
    ("dash-in-flow", "leads: [Safer Anytown]", "leads: [-]", "31:21"),
    ("dashes-in-flow", "leads: [Safer Anytown]", "leads: [Safer Anytown, -]", "31:36"),
    # a block scalar's leading blank lines are no wider than its text (S98Z)
    # (libyaml then stops at the text: the line after is reported too)
    ("wide-blank-line", "text: Produce a profile", "text: >\n" + " " * 18 + "\n              Produce a profile", "31:1 32:15"),
    # what libyaml reads differently from YAML 1.2, refused where it stands
    ("yaml-1.1-directive", "# yaml-language-server", "%YAML 1.1\n---\n# yaml-language-server", "1:1"),
    ("no-break-space-indent", "  start: 2024-04-01", "\u00a0 start: 2024-04-01", "6:1"),
    ("no-break-space-after-dash", "  - Police", "  -\u00a0Police", "21:4"),
    ("no-break-space-after-key", "title: Anytown", "title:\u00a0Anytown", "3:7"),
    ("line-separator", "text: Produce a profile", "text: Produce a\u2028profile", "30:28"),
    ("next-line", "text: Produce a profile", "text: Produce a\x85profile", "30:28"),
    # a tab where libyaml cannot take one, located (it was 1:1)
    ("tab-after-dash", "  - Police", "  -\tPolice", "21:4"),
    ("tab-after-dash-in-actions", '          - id: "1.2"', '          -\tid: "1.2"', "36:12"),
]


@pytest.mark.parametrize(("old", "new", "where"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_yaml_is_refused_where_it_breaks(tmp_path, old, new, where):
    assert old in MINIMAL
    loaded = load_plan(_plan(tmp_path, MINIMAL.replace(old, new, 1)))
    assert loaded.plan is None
    assert [f"{p.line}:{p.col}" for p in loaded.problems] == where.split(), [str(p) for p in loaded.problems]
    assert {p.rule for p in loaded.problems} == {"yaml"}


VALID = [
    ("spaced-comment", "title: Anytown", 'title: "Anytown"  # the title'),
    ("tab-before-comment", "title: Anytown", 'title: "Anytown"\t# the title'),
    ("hash-inside-text", "title: Anytown", "title: Anytown#1 plan"),
    ("hash-inside-quotes", "title: Anytown", 'title: "Anytown"  # a "#" in a comment#'),
    ("indented-quoted", "text: Produce a profile", 'text: "Produce\n              a profile"'),
    ("spaces-then-tab", "text: Produce a profile", 'text: "Produce\n             \ta profile"'),
    ("indented-flow", "leads: [Safer Anytown]", "leads: [Safer Anytown,\n             Police]"),
    ("comment-in-flow", "leads: [Safer Anytown]", "leads: [Safer Anytown,  # first\n# x\n             Police]"),
    ("block-with-comment", "text: Produce a profile", "text: >  # note\n              Produce a profile"),
    ("yaml-1.2-directive", "# yaml-language-server", "%YAML 1.2\n---\n# yaml-language-server"),
    ("no-break-space-in-text", "text: Produce a profile", "text: Produce a\u00a0profile"),
    ("tab-after-key", "title: Anytown", "title:\tAnytown"),
]


@pytest.mark.parametrize(("old", "new"), [c[1:] for c in VALID], ids=[c[0] for c in VALID])
def test_valid_yaml_still_reads(tmp_path, old, new):
    assert old in MINIMAL
    loaded = load_plan(_plan(tmp_path, MINIMAL.replace(old, new, 1)))
    assert [str(p) for p in loaded.problems if p.rule == "yaml"] == []
    assert loaded.plan is not None


def test_a_no_break_space_is_named(write):
    [problem] = load_plan(write(MINIMAL.replace("  start:", "\u00a0 start:"))).problems
    assert "no-break space (U+00A0)" in problem.message


def test_the_reported_line_exists_with_cr_line_endings(tmp_path):
    # An invalid byte, and a YAML error, in a file with old Mac line endings.
    path = tmp_path / "plan.yaml"
    text = MINIMAL.replace("Produce a profile", "Produce a caf\xe9 profile").replace("\n", "\r")
    path.write_bytes(text.encode("latin-1"))
    [problem] = load_plan(path).problems
    assert (problem.line, problem.col, problem.rule) == (30, 32, "encoding")
    path.write_text(MINIMAL.replace("title: Anytown", 'title: "Anytown"#x').replace("\n", "\r"), newline="")
    [problem] = load_plan(path).problems
    assert (problem.line, problem.col) == (3, 17)


def test_a_key_with_a_line_break_cannot_forge_a_problem_line(write, hcplan):
    forged = "x\\nplan.yaml:1:1: error: forged (schema)"
    path = write(MINIMAL.replace("title: Anytown", f'"{forged}": 1\ntitle: Anytown'))
    result = hcplan("check", path)
    lines = result.stdout.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}:3:1: error: unknown key 'x\\nplan.yaml:1:1: error: forged")
    assert not any(line.startswith("plan.yaml:1:1") for line in (result.stdout + result.stderr).splitlines())


def test_a_path_with_a_line_break_stays_on_its_line(tmp_path, hcplan):
    path = tmp_path / "odd\nname.yaml"
    path.write_text("title: [\n", encoding="utf-8")
    result = hcplan("check", path)
    assert len(result.stdout.splitlines()) == 1
    assert result.stdout.startswith(str(tmp_path) + "/odd\\nname.yaml:")


def test_no_problem_line_carries_a_control_character(write, hcplan):
    text = MINIMAL.replace("title: Anytown", 'title: "Anytown\\e]0;owned\\a\\e[2J"\n"\\e[31mkey": 1')
    result = hcplan("check", "--format", "github", write(text))
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.stdout)
    assert "\\x1b" in result.stdout


def test_invalid_utf8_in_a_note_is_a_usage_error_naming_the_byte(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(MINIMAL, encoding="utf-8")
    before = plan.read_bytes()
    note = b"Caf\xe9 opened".decode("utf-8", "surrogateescape")
    result = subprocess.run(
        [sys.executable, "-m", "hcplan", "update", str(plan), "1.1", "--date", "2024-06-01", "--note", note],
        capture_output=True,
        text=True,
        errors="surrogateescape",
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "--note is not UTF-8 text: byte 0xe9 at character 4" in result.stderr
    assert plan.read_bytes() == before


def test_a_quote_left_open_is_said_once_where_it_opens(write):
    """Its closing quote forgotten, a text ran on over the plan's next lines: each was said to be
    'not indented enough' (indenting them is the wrong mend)."""
    from conftest import MINIMAL
    from hcplan.checking.loader import load_plan

    text = MINIMAL.replace("text: Produce a profile", 'text: "Produce a profile').replace("text: Run events", 'text: "Run events"')
    problems = load_plan(write(text)).problems
    first = problems[0]
    line = text.splitlines().index('            text: "Produce a profile') + 1
    assert (first.line, first.col) == (line, 19)
    assert first.message.startswith("this quoted text is not closed on its line: it runs on over the")
    assert not any("not indented enough" in p.message for p in problems)


def test_a_quote_never_closed_is_said_where_it_opens(write):
    from conftest import MINIMAL
    from hcplan.checking.loader import load_plan

    text = MINIMAL.replace("text: Run events", 'text: "Run events')
    [problem] = load_plan(write(text)).problems
    line = text.splitlines().index('            text: "Run events') + 1
    assert (problem.line, problem.col) == (line, 19)
    assert problem.message.startswith('this quoted text is never closed: put a " at its end')


def test_a_quote_left_open_is_one_problem_not_also_the_parsers_echo_of_it(hcplan, tmp_path):
    """The quote's own error was followed by the parser's 'did not find expected key' at the
    next quote mark, on a line indented as it should be."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        'title: "Test Plan 2025-26\norganisation: O\nperiod:\n  start: 2025-04-01\n  end: 2026-03-31\n'
        'quarters: financial\nthemes:\n  - number: 1\n    objectives:\n      - id: "1"\n        text: Obj\n',
        encoding="utf-8",
    )
    result = hcplan("check", plan)
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(f"{plan}:1:8: error: this quoted text is not closed on its line")
