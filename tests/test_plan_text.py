"""What a plan writes, as it writes it: only true and false are booleans; control
characters and bidirectional overrides are warned about wherever they are; a warning
can be silenced by a comment, and a comment that silences nothing is reported."""

from __future__ import annotations

import pytest

from conftest import MINIMAL
from hcplan.checking.loader import load_plan


def problems(path):
    return [f"{p.line}:{p.col}: {p.severity}: {p.rule}: {p.message}" for p in load_plan(path).problems]


# -- only true and false ---------------------------------------------------------


@pytest.mark.parametrize("written", ["yes", "no", "on", "off", "1", "0", "y", "'true'"])
def test_only_true_and_false_are_booleans(write, written):
    path = write(MINIMAL.replace("    done: true", f"    done: {written}"))
    [problem] = problems(path)
    assert problem.startswith("16:11: error: schema: expected true or false, found ")
    assert problem.endswith(": write true or false")


def test_private_on_is_refused(write):
    path = write(MINIMAL.replace("text: Data requested.", "text: Data requested.\n                private: on"))
    assert problems(path) == ["36:26: error: schema: expected true or false, found 'on': write true or false"]


@pytest.mark.parametrize("written", ["true", "True", "TRUE", "false", "False", "FALSE"])
def test_true_and_false_are_booleans(write, written):
    path = write(MINIMAL.replace("    done: true", f"    done: {written}"))
    assert [p for p in problems(path) if "schema" in p] == []


# -- control characters and bidirectional overrides -------------------------------


def test_a_bidi_override_is_a_warning_wherever_it_is(write):
    text = MINIMAL.replace("# yaml-language-server", "# \u202e looks harmless \u202c yaml-language-server").replace(
        "text: Run events", "text: Run \u2067events\u2069"
    )
    assert problems(write(text)) == [
        "1:3: warning: bidi-control: a right-to-left override (U+202E): it makes text display in another "
        "order than it is read, so what a reviewer sees is not what the file says; remove it",
        "37:23: warning: bidi-control: a right-to-left isolate (U+2067): it makes text display in another "
        "order than it is read, so what a reviewer sees is not what the file says; remove it",
    ]


@pytest.mark.parametrize(
    ("escape", "name"),
    [("\\e[2J", "an escape (U+001B)"), ("\\a", "a bell (U+0007)"),
     ("\\x9b", "a control sequence introducer (U+009B)"), ("\\u202e", None)],
)  # fmt: skip
def test_escaped_controls_are_an_error_and_escaped_bidi_a_warning(write, escape, name):
    path = write(MINIMAL.replace("text: Run events", f'text: "Run events{escape}"'))
    [problem] = problems(path)
    if name is None:
        assert problem.startswith("37:19: warning: bidi-control: a right-to-left override (U+202E)")
    else:
        assert problem == (
            f"37:19: error: control-character: text holds {name}, which a terminal acts on and a Word file "
            "cannot hold; remove it"
        )


def test_a_plan_with_an_escaped_control_is_refused_by_reports_not_crashed_on(hcplan, write, tmp_path):
    """Written as an escape, an escape character passed check and then broke the Word
    report (an internal error): it is an error, found at its place, before any output."""
    path = write(MINIMAL.replace("text: Run events", 'text: "Run events \\e]0;pwned\\a \\uffff"'))
    result = hcplan("report", path, "-f", "docx", "-o", tmp_path / "plan.docx")
    assert result.exit_code == 1
    assert "internal error" not in result.stderr
    assert f"{path}:37:19: error: text holds an escape (U+001B)" in result.stderr
    assert not (tmp_path / "plan.docx").exists()


@pytest.mark.parametrize("quoted", [False, True])
def test_one_bidi_override_is_one_problem(write, quoted):
    """Written as it is in double-quoted text (as an update with a backslash elsewhere in the
    file is), it was reported twice: once where it is, once at the start of its text."""
    written = '"Run \\"events\\" \u202e here"' if quoted else "Run events \u202e here"
    [problem] = problems(write(MINIMAL.replace("text: Run events", f"text: {written}")))
    assert problem.startswith(f"37:{19 + written.index(chr(0x202E))}: warning: bidi-control: a right-to-left override")


def test_an_escaped_bidi_override_is_found_beside_one_written_as_it_is(write):
    text = MINIMAL.replace("text: Run events", 'text: "Run events\\u2067"').replace(
        "text: Data requested.", "text: Data \u2066requested."
    )
    found = problems(write(text))
    assert [p.split(": ")[0] for p in found] == ["35:28", "37:19"]
    assert "U+2066" in found[0] and "U+2067" in found[1]


def test_the_check_output_shows_no_control_character(write, hcplan):
    path = write(MINIMAL.replace("text: Run events", 'text: "Run events\\e]0;owned\\a"'))
    result = hcplan("check", path)
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert result.exit_code == 1  # an error


# -- silencing comments -------------------------------------------------------------

LATE = ("due: Q1 Year 1", "due: Year 3")  # a due-period warning on line 32


def test_a_comment_silences_a_warning_on_its_line(write):
    old, new = LATE
    assert [p.split(": ")[2] for p in problems(write(MINIMAL.replace(old, new)))] == ["due-period"]
    assert problems(write(MINIMAL.replace(old, new + "  # hcplan: ignore[due-period]"))) == []


def test_a_comment_on_its_own_line_silences_the_next_line(write):
    old, new = LATE
    text = MINIMAL.replace(old, "# hcplan: ignore[due-period]\n\n            " + new)
    assert problems(write(text)) == []


def test_a_whole_file_comment(write):
    old, new = LATE
    text = MINIMAL.replace(old, new).replace("hcplan: 1", "hcplan: 1  # hcplan: ignore-file[due-period, final-newline]")
    assert problems(write(text.rstrip("\n"))) == []


def test_a_comment_that_silences_nothing_is_reported(write):
    text = MINIMAL.replace("title: Anytown", "title: Anytown  # hcplan: ignore[due-period, lead]").replace(
        "hcplan: 1", "hcplan: 1  # hcplan: ignore-file[due-peroid]"
    )
    assert problems(write(text)) == [
        "2:12: warning: unused-ignore: there is no rule 'due-peroid'; did you mean 'due-period'?: "
        "this silences nothing",
        "3:17: warning: unused-ignore: nothing to silence: there is no due-period warning on its line; "
        "remove 'due-period'",
        "3:17: warning: unused-ignore: 'lead' is an error, and errors cannot be silenced: fix the plan instead",
    ]


def test_errors_are_never_silenced(write):
    text = MINIMAL.replace("leads: [Police]", "leads: [Polce]  # hcplan: ignore[lead]")
    assert [p.split(": ")[2] for p in problems(write(text))] == ["lead", "unused-ignore"]


def test_text_that_looks_like_a_silencing_comment_is_not_one(write):
    old, new = LATE
    text = MINIMAL.replace(old, new).replace("text: Run events", 'text: "Run events # hcplan: ignore-file[due-period]"')
    assert [p.split(": ")[2] for p in problems(write(text))] == ["due-period"]
