"""files.edit on its own: scalars written so they read back the same, and splices into the text."""

from __future__ import annotations

from datetime import date

import pytest

from hcplan.files.edit import EditError, TextEditor, double_quoted, plain_is_safe, scalar, value
from hcplan.files.lines import Lines
from hcplan.files.reader import Source, parse


def _read(text: str):
    return parse(Source("p.yaml", text))[0]


@pytest.mark.parametrize(
    "text",
    ["Met.", "Two new centres trained", "Q3 Year 1", "a: b", "# not a comment", "yes", "null", "1.10", "2024-10-01",
     "- dash", " padded ", "", "x\ty", "café", "[flow]", "it's", 'say "hi"', "multi\nline", "\x85next", "\u2028"],
)  # fmt: skip
def test_a_scalar_reads_back_as_the_same_text(text):
    assert _read(f"k: {scalar(text)}\n") == {"k": text}
    assert _read(f"k: [{scalar(text, flow=True)}]\n") == {"k": [text]}


def test_plain_only_when_plain_is_safe():
    assert plain_is_safe("Two new centres trained.")
    assert not plain_is_safe("true") and not plain_is_safe("1.10") and not plain_is_safe("a: b")
    assert plain_is_safe("a,b") and not plain_is_safe("a,b", flow=True)
    assert double_quoted('a "b"\n\\') == '"a \\"b\\"\\n\\\\"'


def test_values_are_written_as_the_format_wants():
    assert value(True) == "true" and value(False) == "false"
    assert value(date(2024, 6, 1)) == "2024-06-01"
    assert value("Behind") == "Behind"


PLAN = """\
# a comment
action:
  id: "1.1"   # kept
  status: On Hold
  updates:
    - date: 2024-05-01
      text: First.
flow: {id: x, leads: [A, B]}
"""


def _editor(text: str = PLAN) -> TextEditor:
    source = Source("p.yaml", text)
    _, locations = parse(source, locate=True)
    assert locations is not None
    return TextEditor(source, locations)


def test_set_scalar_replaces_a_value_where_it_stands():
    editor = _editor()
    editor.set_scalar(("action",), "status", "Behind")
    assert editor.result() == PLAN.replace("status: On Hold", "status: Behind")


def test_set_scalar_adds_a_missing_key_before_the_one_named():
    editor = _editor()
    editor.set_scalar(("action",), "due", "Q2 Year 1", before=("status",))
    assert editor.result() == PLAN.replace("  status: On Hold", "  due: Q2 Year 1\n  status: On Hold")


def test_add_item_goes_after_the_last_or_before_an_index():
    editor = _editor()
    editor.add_item(("action",), "updates", {"date": date(2024, 6, 1), "text": "Second."})
    after = editor.result()
    assert after == PLAN.replace("      text: First.\n", "      text: First.\n    - date: 2024-06-01\n      text: Second.\n")
    editor = _editor()
    editor.add_item(("action",), "updates", {"date": date(2024, 4, 1), "text": "Earlier."}, index=0)
    assert _read(editor.result())["action"]["updates"][0] == {"date": "2024-04-01", "text": "Earlier."}


def test_add_item_creates_a_missing_list_and_writes_flow_in_flow():
    editor = _editor()
    editor.add_item(("flow",), "updates", {"date": date(2024, 6, 1), "text": "a, b"})
    assert _read(editor.result())["flow"] == {"id": "x", "leads": ["A", "B"], "updates": [{"date": "2024-06-01", "text": "a, b"}]}
    assert "# a comment\n" in editor.result() and '"1.1"   # kept' in editor.result()


def test_changes_are_applied_in_one_pass_whatever_their_order():
    first, second = _editor(), _editor()
    first.set_scalar(("action",), "status", "Behind")
    first.add_item(("action",), "updates", {"date": date(2024, 6, 1)})
    second.add_item(("action",), "updates", {"date": date(2024, 6, 1)})
    second.set_scalar(("action",), "status", "Behind")
    assert first.result() == second.result()


def test_what_cannot_be_edited_in_place_is_refused():
    with pytest.raises(EditError, match="holds a list or mapping"):
        _editor().set_scalar(("action",), "updates", "x")
    with pytest.raises(EditError, match="not a mapping"):
        _editor().set_scalar(("action", "updates"), "status", "x")
    with pytest.raises(EditError, match="is not a list"):
        _editor().add_item(("action",), "status", {"a": "b"})


def test_lines_end_at_every_break_the_parser_knows():
    lines = Lines("a\r\nb\x85c\u2028d\re\nf")
    starts = [0]
    while (following := lines.after(starts[-1])) is not None:
        starts.append(following)
    assert [lines.line(start) for start in starts] == ["a", "b", "c", "d", "e", "f"]
    assert lines.before(starts[1]) == (0, 1)  # a CRLF is one break
    assert lines.start(starts[3] + 1) == starts[3] and not lines.ends_with_break()


def test_comment_lines_belong_above_or_below_by_their_indent():
    text = "a:\n  # about b\n# about the file\n  # about b too\n  b: 1\n    # on b\n    # more on b\n  c: 2\n"
    lines = Lines(text)
    b = text.index("  b:")
    assert lines.comments_above(b, 2) == text.index("  # about b too")  # the column-0 comment stops it
    assert lines.comments_above(b, 0) == text.index("  # about b\n")
    after_b = lines.after(b)
    assert lines.deeper_comments_end(after_b, 2) == text.index("  c:")
    assert lines.deeper_comments_end(after_b, 4) == after_b
    assert Lines("x\n  # last").deeper_comments_end(2, 0) == len("x\n  # last")
