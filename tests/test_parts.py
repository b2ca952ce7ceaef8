"""files.parts: an edit read back by the items it changed reads exactly as the whole
text does, or is not read so at all (the whole text is read instead)."""

from __future__ import annotations

import pytest

from conftest import MINIMAL, SHIPPED
from hcplan.checking.loader import load_plan
from hcplan.files.edit import Splice, TextEditor
from hcplan.files.parts import Edit, read_by_parts
from hcplan.files.reader import ReadError, Source, parse


def _opened(text: str) -> tuple[Source, object, object]:
    source = Source("p.yaml", text)
    data, locations = parse(source, locate=True)
    return source, data, locations


def _whole(text: str) -> object:
    return parse(Source("p.yaml", text))[0]


def _apply(text: str, splices: list[Splice]) -> str:
    out, at = [], 0
    for splice in sorted(splices, key=lambda s: (s.start, s.end)):
        out += (text[at : splice.start], splice.text)
        at = splice.end
    return "".join(out) + text[at:]


@pytest.mark.parametrize("plan", SHIPPED, ids=lambda p: p.parent.name)
def test_every_action_of_the_shipped_plans_changed_reads_by_parts_as_the_whole_text(plan):
    source, data, locations = _opened(plan.read_text(encoding="utf-8"))
    refs = list(load_plan(plan).plan.actions())
    editor = TextEditor(source, locations)
    for ref in refs:
        editor.add_item(ref.where, "updates", {"date": "2025-01-10", "text": f"Met about {ref.action.id}."})
        editor.set_scalar(ref.where, "status", "Behind")
    text = editor.result()
    read = read_by_parts(Edit(source, data, locations, editor.splices, [r.where for r in refs]), text)
    assert read is not None
    assert read == _whole(text)
    assert read != data


PLAN = """\
hcplan: 1
themes:
  - id: 1
    objectives:
      - id: "1"
        actions:
          - id: "1.1"
            text: First
            updates:
              - date: 2024-05-01
                text: Met.
          # about the next one
          - id: "1.2"
            text: Second
      - id: "2"
        actions:
          - id: "2.1"
            text: Third
"""
FIRST = ("themes", 0, "objectives", 0, "actions", 0)
SECOND = ("themes", 0, "objectives", 0, "actions", 1)


def _try(text: str, where: tuple, after: str, new: str, *, before: str | None = None) -> tuple[object, str]:
    """Splice ``new`` in after the first ``after`` (or in place of ``before``), and read by parts."""
    source, data, locations = _opened(text)
    at = text.index(after) + len(after)
    end = at if before is None else at + len(before)
    splices = [Splice(at, end, new)]
    edited = _apply(text, splices)
    return read_by_parts(Edit(source, data, locations, splices, [where]), edited), edited


def test_a_line_added_inside_an_item_is_read_by_parts():
    read, edited = _try(PLAN, FIRST, "                text: Met.\n", "              - date: 2024-06-01\n                text: Again.\n")
    assert read is not None and read == _whole(edited)


def test_a_comment_at_the_left_margin_inside_an_item_is_read_by_parts():
    read, edited = _try(PLAN, FIRST, "            text: First\n", "# a note\n")
    assert read is not None and read == _whole(edited)


@pytest.mark.parametrize(
    ("after", "new", "why"),
    [
        ("                text: Met.\n", "          - id: '1.9'\n", "a new item of the list beside the one changed"),
        ("                text: Met.\n", "        notes: moved out\n", "a key of the objective, not the action"),
        ("                text: Met.\n", "x: 1\n", "a key of the document"),
        ("            text: ", '"open quote ', "a quote left open runs into the next item"),
        ("            text: ", "[open, ", "a bracket left open"),
        ("            text: First\n", "\tid: tab\n", "a tab where the indentation is"),
        ("            text: First\n", "---\n", "a second document"),
    ],
)
def test_a_splice_that_reaches_out_of_its_item_is_not_read_by_parts(after, new, why):
    read, _ = _try(PLAN, FIRST, after, new)
    assert read is None, why


def test_a_splice_outside_the_items_changed_is_not_read_by_parts():
    read, _ = _try(PLAN, FIRST, "hcplan: 1\n", "title: Added\n")
    assert read is None


def test_an_item_changed_that_is_not_named_is_not_read_by_parts():
    # The splice is in 1.2, the edit names 1.1: the data of 1.2 would be taken unread.
    read, edited = _try(PLAN, FIRST, "            text: Second", " and more")
    assert read is None or read == _whole(edited)


def test_a_splice_where_two_items_meet_belongs_to_the_first_or_is_not_read_by_parts():
    text = PLAN.replace("          # about the next one\n", "")
    read, edited = _try(text, FIRST, "                text: Met.\n", "          - id: '1.3'\n")
    assert read is None and len(_whole(edited)["themes"][0]["objectives"][0]["actions"]) == 3


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (PLAN.replace('          - id: "1.1"\n', '          -\n            id: "1.1"\n'), "the dash alone on its line"),
        (
            PLAN.replace('          - id: "1.1"\n            text: First\n            updates:\n              - date: 2024-05-01\n                text: Met.\n', '          - {id: "1.1", text: First}\n').replace(
                "        actions:\n          - {", "        actions: [{"
            ).replace("First}\n          # about the next one\n          - id: \"1.2\"\n            text: Second\n", "First}, {id: '1.2', text: Second}]\n"),
            "a list written [...]",
        ),
    ],
)
def test_items_not_written_one_dash_a_line_are_not_read_by_parts(text, why):
    source, data, locations = _opened(text)
    assert locations is not None
    splices = [Splice(len(text), len(text), "")]
    assert read_by_parts(Edit(source, data, locations, splices, [FIRST]), text) is None, why


def test_the_last_item_of_the_file_without_a_final_line_break_is_read_by_parts():
    text = PLAN.rstrip("\n")
    where = ("themes", 0, "objectives", 1, "actions", 0)
    read, edited = _try(text, where, "            text: Third", "\n            status: Behind")
    assert read is not None and read == _whole(edited)


def test_a_part_that_the_reader_refuses_is_not_read_by_parts():
    read, edited = _try(PLAN, FIRST, "            text: First\n", "            text: again\n")
    assert read is None
    with pytest.raises(ReadError):
        _whole(edited)


def test_items_of_two_columns_changed_at_once_are_read_by_parts_as_the_whole_text():
    """Actions (dashes in column 10) and an objective (column 6), the plan's last item without
    a final line break: each column's items are read in one go."""
    text = PLAN.rstrip("\n")
    source, data, locations = _opened(text)
    objective = ("themes", 0, "objectives", 1)
    splices = [
        Splice(text.index("text: First") + 11, text.index("text: First") + 11, " and more"),
        Splice(text.index("text: Second") + 12, text.index("text: Second") + 12, "\n            status: Behind"),
        Splice(len(text), len(text), "\n        status: Behind"),
    ]
    edited = _apply(text, splices)
    read = read_by_parts(Edit(source, data, locations, splices, [FIRST, SECOND, objective]), edited)
    assert read is not None and read == _whole(edited) and read != data
    assert read["themes"][0]["objectives"][1]["status"] == "Behind"


def test_one_refused_item_among_several_is_not_read_by_parts():
    source, data, locations = _opened(PLAN)
    third = ("themes", 0, "objectives", 1, "actions", 0)
    at = PLAN.index("            text: First\n") + len("            text: First\n")
    splices = [
        Splice(at, at, "            text: again\n"),  # a key written twice, in the first
        Splice(PLAN.index("text: Third") + 11, PLAN.index("text: Third") + 11, " and more"),
    ]
    edited = _apply(PLAN, splices)
    assert read_by_parts(Edit(source, data, locations, splices, [FIRST, third]), edited) is None
    with pytest.raises(ReadError):
        _whole(edited)


# --- in hcplan update: a change is proven by parts, or read back whole --------------


def test_an_update_to_actions_written_as_a_flow_list_is_read_back_whole_and_lands(hcplan, write, monkeypatch):
    import hcplan.changes.update as update

    answers = []
    real = update.read_items
    monkeypatch.setattr(update, "read_items", lambda edit, text: answers.append(real(edit, text)) or answers[-1])
    flow = MINIMAL[: MINIMAL.index("        actions:\n")] + '        actions: [{id: "1.1", text: Produce a profile, due: Q1 Year 1}]\n'
    path = write(flow)
    result = hcplan("update", path, "1.1", "--note", "Profile drafted.", "--date", "2024-06-10")
    assert result.exit_code == 0, result.stderr
    assert answers == [None]
    assert '[{id: "1.1", text: Produce a profile, due: Q1 Year 1, updates: [{date: 2024-06-10, text: Profile drafted.}]}]' in path.read_text()


def test_an_update_to_a_block_list_is_proven_by_parts(hcplan, write, monkeypatch):
    import hcplan.changes.update as update
    import hcplan.checking.validation as validation
    import hcplan.files.store as store

    answers = []
    real = update.read_items
    monkeypatch.setattr(update, "read_items", lambda edit, text: answers.append(real(edit, text)) or answers[-1])
    monkeypatch.delenv("HCPLAN_PROOF_CHECK")
    monkeypatch.setenv("HCPLAN_NO_CACHE", "1")  # the plan is validated here, not taken from an earlier run
    whole = []
    monkeypatch.setattr(store, "parse", lambda *a, **k: whole.append(1) or parse(*a, **k))
    validated = []
    real_validate = validation.validate
    monkeypatch.setattr(validation, "validate", lambda data: validated.append(1) or real_validate(data))
    path = write()
    assert hcplan("update", path, "1.2", "--note", "Held.", "--date", "2024-06-10").exit_code == 0
    # Read whole and validated whole once, before the change; after it, only the action changed is.
    assert answers and answers[0] is not None and whole == [] and validated == [1]
    assert load_plan(path).plan.themes[0].objectives[0].actions[1].updates[-1].text == "Held."


def test_a_plan_the_cache_holds_is_not_validated_again_to_be_changed(hcplan, write, monkeypatch):
    """The plan hcplan check (or any command) found sound is the cache's: an update of the same
    bytes parses the text for its positions and takes the plan from there; and the plan an
    update writes is the cache's for the commands after it."""
    import hcplan.checking.validation as validation

    monkeypatch.delenv("HCPLAN_PROOF_CHECK")  # which validates the whole plan after each change too
    validated = []
    real_validate = validation.validate
    monkeypatch.setattr(validation, "validate", lambda data: validated.append(1) or real_validate(data))
    path = write(MINIMAL.replace("Anytown Hate Crime", "Cached Anytown Hate Crime"))
    assert hcplan("check", path).exit_code == 0
    assert validated == [1]
    assert hcplan("update", path, "1.2", "--note", "Held.", "--date", "2024-06-10").exit_code == 0
    assert validated == [1]
    # The plan the update wrote, as its proof read it, is the cache's too: the next command's.
    exported = hcplan("export", path, "-f", "csv")
    assert exported.exit_code == 0 and "Held." in exported.stdout
    assert hcplan("update", path, "1.1", "--note", "Again.", "--date", "2024-06-11").exit_code == 0
    assert validated == [1]
    # The file changed since (1.2 is gone): its plan is read afresh, not the cached one.
    text = path.read_text()
    path.write_text(text[: text.index('          - id: "1.2"')])
    result = hcplan("update", path, "1.2", "--note", "Again.", "--date", "2024-06-12")
    assert result.exit_code == 2 and "1.2" in result.stderr, result.stderr
    assert validated == [1, 1]


@pytest.mark.parametrize(
    "broken",
    [
        # writes besides the splices it made
        lambda real: {"result": lambda self: real["result"](self).replace("title: Anytown", "title: Anyvillage")},
        # writes other words than it was asked to
        lambda real: {"add_item": lambda self, path, key, entry, **k: real["add_item"](self, path, key, {**entry, "text": "Wrong."}, **k)},
    ],
    ids=["besides-its-splices", "other-words"],
)
def test_a_broken_editor_is_caught_and_nothing_is_written(hcplan, write, monkeypatch, broken):
    real = {"result": TextEditor.result, "add_item": TextEditor.add_item}
    for name, function in broken(real).items():
        monkeypatch.setattr(TextEditor, name, function)
    path = write()
    before = path.read_bytes()
    result = hcplan("update", path, "1.1", "--note", "Profile drafted.", "--date", "2024-06-10")
    assert result.exit_code == 1
    assert "would not read back exactly as asked" in result.stderr
    assert path.read_bytes() == before


# --- validated by parts: the items changed, not the whole plan ---------------------------


@pytest.mark.parametrize("plan", SHIPPED, ids=lambda p: p.parent.name)
def test_every_action_and_objective_changed_validates_by_parts_as_the_whole_plan(plan):
    import copy

    from hcplan.checking.validation import validate, validate_items
    from hcplan.files.parts import replaced

    data = parse(Source("p.yaml", plan.read_text(encoding="utf-8")))[0]
    old = validate(data)[0]
    for where, _ in old.rated():
        changed = copy.deepcopy(_at(data, where))
        changed.setdefault("updates", []).append({"date": "2025-01-10", "text": "Met.", "private": True})
        changed["notes"] = ["A note."]
        new = replaced(data, {where: changed})
        assert validate_items(old, {where: changed}) == validate(new)[0], where
    # the old plan is left as it was
    assert old == validate(data)[0]


def _at(data, where):
    for step in where:
        data = data[step]
    return data


@pytest.mark.parametrize(
    "where, value",
    [
        (("themes", 0, "objectives", 0, "actions", 0), {"id": "1.1", "text": "x", "updates": [{"date": "2025-02-30"}]}),
        (("themes", 0, "objectives", 0, "actions", 0), {"id": "1.1"}),  # no text
        (("themes", 0, "objectives", 0, "actions", 0), {"id": "1.1", "text": "x", "colour": "red"}),
        (("themes", 0, "objectives", 0), {"id": "1", "text": "x", "actions": [{"id": "1.1"}]}),
        (("themes", 0, "objectives", 0, "actions", 9), {"id": "1.1", "text": "x"}),  # no such place
        (("title",), "A title"),  # not an item of a list of models
        (("themes", 0, "objectives", 0, "actions", 0, "leads", 0), "Police"),  # a text, not a model
        (("themes", 0, "objectives", 0, "actions", 1, "updates", 0), {"date": "2025-01-01"}),  # no updates there
    ],
)
def test_what_cannot_be_validated_by_parts_is_left_to_the_whole(where, value):
    from hcplan.checking.validation import validate, validate_items

    old = validate(_whole(MINIMAL))[0]
    assert old is not None
    assert validate_items(old, {where: value}) is None


def test_an_item_of_any_list_of_models_validates_by_parts():
    from hcplan.checking.validation import validate, validate_items

    old = validate(_whole(MINIMAL))[0]
    where = ("themes", 0, "objectives", 0, "actions", 0, "updates", 0)
    found = validate_items(old, {where: {"date": "2025-01-01", "text": "Now."}})
    assert found is not None and found.themes[0].objectives[0].actions[0].updates[0].text == "Now."
    assert old.themes[0].objectives[0].actions[0].updates[0].text == "Data requested."
