"""The two real plans: they check clean, and they hold every word of their sources."""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import PLANS, SHIPPED

from hcplan.checking.loader import load_plan

PLAN_2017 = PLANS / "2017" / "plan.yaml"
PLAN_2024 = PLANS / "2024-25" / "plan.yaml"


def _load(path):
    loaded = load_plan(path)
    assert loaded.problems == []
    assert loaded.plan is not None
    return loaded.plan


def test_there_are_two_shipped_plans():
    assert SHIPPED == [PLAN_2017, PLAN_2024]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_shipped_plan_checks_clean(hcplan, path):
    result = hcplan("check", "--strict", path)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_shipped_plan_starts_with_the_schema_modeline(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/plan.schema.json"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_every_source_is_kept_beside_its_plan(path):
    assert (path.parent / "source.txt").is_file()


def _counts(plan):
    actions = [ref.action for ref in plan.actions()]
    return (
        len(plan.themes),
        sum(len(t.objectives) for t in plan.themes),
        len(actions),
        sum(len(a.updates) for a in actions),
        sum(len(a.notes) for a in actions),
        sum(len(a.progress) for a in actions),
    )


def test_2017_counts():
    # themes, objectives, actions (one per source row), dated updates, notes, undated progress
    assert _counts(_load(PLAN_2017)) == (4, 22, 45, 18, 0, 1)


def test_2024_counts():
    assert _counts(_load(PLAN_2024)) == (4, 23, 55, 0, 0, 3)


# --- 2017: one action per tab-separated row --------------------------------

_ROW = re.compile(r"^(\d\.\d)\t([^\t]*)\t([^\t]*)\t?([^\t]*)\t?$")
_DATED = re.compile(r"(.+?) (\d{2})/(\d{2})/(\d{4})(?= [A-Z]|$)")


def _rows_2017():
    source = (PLANS / "2017" / "source.txt").read_text(encoding="utf-8")
    rows = [_ROW.match(line) for line in source.splitlines()]
    return [row.groups() for row in rows if row]


def test_2017_every_row_is_an_action_with_its_due():
    plan = _load(PLAN_2017)
    in_plan = sorted(
        (ref.objective.id, f"{ref.action.text} {ref.action.due}") for ref in plan.actions()
    )
    in_source = sorted((objective, required.strip()) for objective, _, required, _ in _rows_2017())
    assert len(in_source) == 45
    assert in_plan == in_source


def test_2017_every_comment_is_an_update_with_its_date_or_undated_progress():
    plan = _load(PLAN_2017)
    in_plan = sorted(
        [(u.date.isoformat(), u.text) for ref in plan.actions() for u in ref.action.updates]
        + [("", words) for ref in plan.actions() for words in ref.action.progress]
    )
    in_source = []
    for *_, comment in _rows_2017():
        comment = comment.strip()
        dated = _DATED.findall(comment)
        for text, day, month, year in dated:
            in_source.append((f"{year}-{month}-{day}", text.strip()))
        if comment and not dated:
            in_source.append(("", comment))
    assert in_plan == sorted(in_source)


def test_2017_objective_texts_are_the_sources():
    plan = _load(PLAN_2017)
    source_texts = {(objective, text.strip().rstrip(".")) for objective, text, _, _ in _rows_2017()}
    for theme in plan.themes:
        for objective in theme.objectives:
            assert (objective.id, objective.text) in source_texts
    assert {o for o, _ in source_texts} == {o.id for t in plan.themes for o in t.objectives}


def test_2017_statuses_only_where_the_source_gives_one():
    plan = _load(PLAN_2017)
    rated = {ref.action.id: ref.action.status for ref in plan.actions() if ref.action.status}
    assert rated == {"1.1.2": "Completed", "1.4.2": "Amber"}


def test_2017_keeps_the_reschedule():
    plan = _load(PLAN_2017)
    action = next(ref.action for ref in plan.actions() if ref.action.id == "1.3.2")
    assert action.due == "Q3 Year 1"
    [change] = action.rescheduled
    assert (change.from_, change.to, change.date) == ("Q1 2017", "Q3 Year 1", date(2017, 5, 18))
    assert change.reason == "moved after discussion with Safeguarding Adults Manager"


# --- 2024-25: bullets rebuilt from run-together cells ----------------------


def _action_cells_2024():
    """The Actions cells of the source: lines of a table row under "Actions Lead ..."."""
    source = (PLANS / "2024-25" / "source.txt").read_text(encoding="utf-8")
    cells = []
    for line in source.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and fields[0] in ("", "17.") and fields[1].strip() not in ("", "Actions"):
            cells.append(" ".join(fields[1].split()))
    return cells


def test_2024_every_action_is_in_the_source_verbatim():
    source = " ".join((PLANS / "2024-25" / "source.txt").read_text(encoding="utf-8").split())
    plan = _load(PLAN_2024)
    for ref in plan.actions():
        assert ref.action.text in source, ref.action.id


def test_2024_the_actions_rebuild_every_actions_cell():
    plan = _load(PLAN_2024)
    cells = _action_cells_2024()
    assert len(cells) == 24  # 23 objectives; objective 8 runs over two rows
    remainder = " ".join(cells)
    for ref in plan.actions():
        assert ref.action.text in remainder, ref.action.id
        remainder = remainder.replace(ref.action.text, "", 1)
    # Only objective 17's own text is left: the extraction put it in the row
    # above (see the comment in the plan).
    assert " ".join(remainder.split()) == (
        "Coordinate the provision of training for any front line staff on how to recognise hate crime"
    )


def test_2024_objectives_and_themes_are_the_sources():
    source = (PLANS / "2024-25" / "source.txt").read_text(encoding="utf-8")
    plan = _load(PLAN_2024)
    numbered = dict(re.findall(r"^(\d+)\.\t(.+?)\t", source, re.M))
    for theme in plan.themes:
        assert f"Theme {theme.number}: {theme.name}" in source
        assert theme.aim in source
        for objective in theme.objectives:
            if objective.id == "17":
                continue  # repaired: see test_2024_the_actions_rebuild_every_actions_cell
            assert numbered[objective.id].rstrip("*") == objective.text
    assert [o.id for t in plan.themes for o in t.objectives] == [str(n) for n in range(1, 24)]


def test_2024_leads_are_in_their_cells():
    source = (PLANS / "2024-25" / "source.txt").read_text(encoding="utf-8")
    plan = _load(PLAN_2024)
    for ref in plan.actions():
        for lead in ref.action.leads:
            # BTP is written in Cyrillic look-alike letters in the source.
            assert lead in source or (lead == "BTP" and "\u0412\u0422\u0420" in source)


def test_2024_statuses_only_where_the_source_gives_one():
    plan = _load(PLAN_2024)
    rated = {ref.action.id: ref.action.status for ref in plan.actions() if ref.action.status}
    assert rated == {"1.1": "Completed", "1.2": "Completed"}


def test_2024_budget_condition_on_objectives_16_and_17():
    plan = _load(PLAN_2024)
    conditional = sorted(ref.action.id for ref in plan.actions() if ref.action.conditions)
    assert conditional == ["16.1", "16.2", "16.3", "17.1", "17.2"]
