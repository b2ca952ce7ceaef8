"""format.model on its own: the shape of a plan, and the small questions a plan answers."""

from __future__ import annotations

import re
from datetime import date

import pytest
from pydantic import ValidationError

from hcplan.format.model import FORMAT_VERSION, Lead, Plan, Reschedule, Update, match_rating

BASE = {
    "title": "Plan",
    "organisation": "Council",
    "period": {"start": "2024-04-01", "end": "2025-03-31"},
    "quarters": "Financial",
    "scale": [{"label": "In Progress", "rag": "Amber"}, {"label": "In Place", "rag": "green", "done": True}, {"label": "Behind", "rag": "red"}],
    "leads": ["Police", {"name": "Safer Anytown", "aliases": ["SA"]}],
    "themes": [
        {"number": 1, "objectives": [{"id": "1", "text": "o", "actions": [{"id": "1.1", "text": "a"}, {"id": "1.2", "text": "b", "updates": None}]}]},
        {"number": 2, "name": "Two", "objectives": [{"id": "2", "text": "o", "actions": [{"id": "2.1", "text": "c"}]}]},
    ],
}  # fmt: skip


def _errors(data) -> list[tuple[tuple, str]]:
    with pytest.raises(ValidationError) as raised:
        Plan.model_validate(data)
    return [(e["loc"], e["type"]) for e in raised.value.errors()]


def test_a_plan_reads_as_written_with_values_made_what_each_field_means():
    plan = Plan.model_validate(BASE)
    assert plan.hcplan == FORMAT_VERSION
    assert plan.period.start == date(2024, 4, 1) and plan.quarters == "financial"
    assert plan.scale[0].rag == "amber"
    assert plan.leads == [Lead(name="Police"), Lead(name="Safer Anytown", aliases=["SA"])]
    assert plan.themes[0].objectives[0].actions[1].updates == []  # "updates:" with nothing after it


def test_unknown_keys_empty_text_and_other_versions_are_refused():
    assert _errors({**BASE, "owner": "x"}) == [(("owner",), "extra_forbidden")]
    assert _errors({**BASE, "title": "  "}) == [(("title",), "value_error")]
    assert _errors({**BASE, "hcplan": 2}) == [(("hcplan",), "value_error")]
    assert _errors({**BASE, "period": {"start": "01/04/2024", "end": "2025-03-31"}}) == [(("period", "start"), "value_error")]
    assert _errors({**BASE, "themes": "none"}) == [(("themes",), "list_type")]


def test_actions_come_in_file_order_with_where_they_are():
    plan = Plan.model_validate(BASE)
    found = [(ref.theme.number, ref.objective.id, ref.action.id, ref.where) for ref in plan.actions()]
    assert found == [
        (1, "1", "1.1", ("themes", 0, "objectives", 0, "actions", 0)),
        (1, "1", "1.2", ("themes", 0, "objectives", 0, "actions", 1)),
        (2, "2", "2.1", ("themes", 1, "objectives", 0, "actions", 0)),
    ]


def test_ratings_and_leads_are_looked_up_as_the_plan_writes_them():
    plan = Plan.model_validate(BASE)
    assert plan.rating("Behind") is plan.scale[2] and plan.rating("behind") is None and plan.rating(None) is None
    assert plan.lead_names() == {"Police": "Police", "Safer Anytown": "Safer Anytown", "SA": "Safer Anytown"}


@pytest.mark.parametrize(("given", "label"), [("behind", "Behind"), ("in progress", "In Progress"), ("in pr", "In Progress"), ("In  PLACE", "In Place")])
def test_match_rating_ignores_case_and_takes_an_unambiguous_start(given, label):
    assert match_rating(Plan.model_validate(BASE), given).label == label


@pytest.mark.parametrize(
    ("given", "message"),
    [("in", "'in' could be any of 'In Progress', 'In Place'; say which"), ("amber", "'amber' is not a rating of this plan; its ratings are: 'In Progress', 'In Place', 'Behind'"),
     ("bhind", "'bhind' is not a rating of this plan: did you mean 'Behind'? Its ratings are: 'In Progress', 'In Place', 'Behind'")],
)
def test_match_rating_refuses_what_it_cannot_tell(given, message):
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        match_rating(Plan.model_validate(BASE), given)


def test_a_reschedule_says_what_moved_and_why():
    moved = Reschedule.model_validate({"date": "2024-06-01", "from": "Q1 Year 1", "to": "Q3 Year 1", "reason": "late data"})
    assert moved.describe() == "from Q1 Year 1 to Q3 Year 1 (late data)"
    assert Reschedule.model_validate({"from": "Q1 Year 1"}).describe("Q2 Year 1") == "from Q1 Year 1 to Q2 Year 1"
    assert Reschedule.model_validate({}).describe() == "due set to the end of the plan"


def test_an_update_says_when_it_was_given():
    assert Update.model_validate({"date": "2017-06-13"}).when == "13 June 2017"
    assert Update.model_validate({"date": "2017-09-30", "quarter": "Q2 2017-18"}).when == "Q2 2017-18 return"


def test_no_field_defaults_to_a_builtin_factory():
    # pydantic reads each default factory's signature; a builtin's (list, dict)
    # is parsed from text with tokenize, a tenth of a cold start.
    from typing import get_args

    from pydantic import BaseModel

    def models_in(annotation) -> list:
        found = [annotation] if isinstance(annotation, type) and issubclass(annotation, BaseModel) else []
        return found + [m for arg in get_args(annotation) for m in models_in(arg)]

    models, seen = [Plan], set()
    while models:
        model = models.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            assert info.default_factory not in (list, dict, set, tuple), f"{model.__name__}.{name}"
            models.extend(models_in(info.annotation))
    assert len(seen) >= 9


@pytest.mark.parametrize(("old", "new"), [("number: 1", "number: true"), ("hcplan: 1", "hcplan: true"), ("number: 1", "number: false")])
def test_true_or_false_is_no_whole_number(write, old, new):
    """Python counts True as 1: 'number: true' was theme 1, with no problem."""
    from datetime import date

    from conftest import MINIMAL
    from hcplan.checking.loader import load_plan

    found = load_plan(write(MINIMAL.replace(old, new, 1)), today=date(2025, 1, 1)).problems
    assert [p.message for p in found] == [f"expected a whole number, found {new.split(': ')[1]}"], found


@pytest.mark.parametrize(("old", "new"), [('id: "1.1"', 'id: "objective 1"'), ('id: "1.2"', "id: Action 1.2"), ('id: "1"', "id: OBJECTIVE 1")])
def test_an_id_that_starts_with_a_kind_of_item_is_refused(write, old, new):
    """An action with the ID 'objective 1' checked clean, and `hcplan show "objective 1"` and
    `hcplan update PLAN "objective 1"` found it rather than objective 1, as documented."""
    from conftest import MINIMAL
    from hcplan.checking.loader import load_plan

    found = load_plan(write(MINIMAL.replace(old, new, 1)), today=date(2025, 1, 1)).problems
    word, rest = new.split(": ")[1].strip('"').split(" ", 1)
    assert [(p.rule, p.message) for p in found] == [
        ("schema", f"an ID does not start with the word '{word}' ('{word.lower()} 7' names {word.lower()} 7 "
                   f"where an ID is asked for): write '{rest}'"),
    ]  # fmt: skip
