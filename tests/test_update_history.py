"""An update never changes the past: every as-of view before its date answers as it did.

A rating given without a date (``status: Red`` and no rated update) holds
since an unknown day; the first update that rates the action records what it
replaced (``was: Red``), so ``--as-of`` a day before it still says Red.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, SHIPPED
from hcplan.changes.update import UpdateRequest, update_file
from hcplan.checking.loader import load_plan
from hcplan.problems import Severity
from hcplan.views.rows import rows

LABELS = ["On Hold", "In Progress", "Completed", "Behind"]


def _minimal(status_11: str | None, status_12: str | None) -> str:
    """MINIMAL with an undated rating on either action (1.1 has an unrated update)."""
    text = MINIMAL
    if status_11:
        text = text.replace(
            "            due: Q1 Year 1\n", f"            due: Q1 Year 1\n            status: {status_11}\n"
        )
    if status_12:
        text = text.replace(
            "            due: Q2 Year 1 (continuous)\n",
            f"            due: Q2 Year 1 (continuous)\n            status: {status_12}\n",
        )
    return text


def _answers(path: Path, days: list[date]) -> dict[date, list[tuple[object, ...]]]:
    """What every action's rating is on each of ``days``, as the listings and show see it."""
    loaded = load_plan(path)
    assert loaded.plan is not None
    assert [p for p in loaded.problems if p.severity is Severity.ERROR] == []
    return {
        day: [
            (row.id, row.status, row.status_since, row.rag, row.done, row.overdue, row.last_update)
            for row in rows(str(path), loaded.plan, day)
        ]
        for day in days
    }


def _days_before(path: Path, on: date, start: date) -> list[date]:
    """Every day before ``on`` where an answer can change (a rating only changes at an
    update), and the days either side of each: as good as every day before ``on``."""
    loaded = load_plan(path)
    assert loaded.plan is not None
    dated = {u.date for ref in loaded.plan.actions() for u in ref.action.updates}
    days = {start - timedelta(days=1), start, on - timedelta(days=1)}
    for day in dated:
        days |= {day - timedelta(days=1), day, day + timedelta(days=1)}
    return sorted(day for day in days if day < on)


@st.composite
def cases(draw):
    """A plan (some ratings undated), its period, and the updates to make to it."""
    if draw(st.booleans()):
        text = _minimal(draw(st.sampled_from([None, *LABELS])), draw(st.sampled_from([None, *LABELS])))
        ids, labels, start, end = ["1.1", "1.2"], LABELS, date(2024, 4, 1), date(2025, 3, 31)
    else:
        text = SHIPPED[0].read_text(encoding="utf-8")  # the 2017 plan: undated and dated ratings
        ids, labels, start, end = (
            ["1.1.1", "1.1.2", "1.4.2", "2.1.1"],
            ["Green", "Amber", "Red"],
            date(2017, 1, 1),
            date(2020, 12, 31),
        )
    requests = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["note", "status", "both"]))
        requests.append(
            UpdateRequest(
                action_id=draw(st.sampled_from(ids)),
                on=start + timedelta(days=draw(st.integers(0, (end - start).days))),
                note="Met." if kind != "status" else None,
                status=draw(st.sampled_from(labels)) if kind != "note" else None,
            )
        )
    return text, start, end, requests


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_every_day_before_an_update_answers_as_it_did(case):
    text, start, end, requests = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.yaml"
        path.write_text(text, encoding="utf-8")
        for request in requests:
            days = _days_before(path, request.on, start)
            before = _answers(path, days)
            update_file(str(path), request, today=end)
            assert _answers(path, days) == before, request


def test_an_undated_rating_keeps_its_place_when_the_action_is_first_rated(tmp_path, hcplan):
    plan = tmp_path / "plan.yaml"
    plan.write_text(_minimal(None, "Behind"), encoding="utf-8")
    old = hcplan("amber", "--red", str(plan), "--as-of", "2024-06-01", "-f", "json")
    assert [row["id"] for row in json.loads(old.stdout)["rated"]] == ["1.2"]
    hcplan("update", str(plan), "1.2", "--date", "10/06/2024", "--status", "in prog", "--note", "Restarted.")
    assert "                was: Behind\n" in plan.read_text(encoding="utf-8")
    new = hcplan("amber", "--red", str(plan), "--as-of", "2024-06-01", "-f", "json")
    assert new.stdout == old.stdout
    shown = hcplan("show", "1.2", str(plan), "--as-of", "2024-06-01").stdout
    assert "Rating     Behind" in shown
    # After the update, the new rating, since its day.
    after = hcplan("show", "1.2", str(plan), "--as-of", "2024-07-01").stdout
    assert "In Progress (amber) since 10 June 2024" in after
    assert "10 June 2024  Behind -> In Progress  Restarted." in after  # the history says what it replaced


def test_a_was_that_is_not_a_rating_is_an_error(tmp_path, hcplan):
    plan = tmp_path / "plan.yaml"
    text = _minimal(None, None).replace(
        "                text: Data requested.\n",
        "                text: Data requested.\n                status: Behind\n                was: Purple\n",
    )
    plan.write_text(text.replace("due: Q1 Year 1\n", "due: Q1 Year 1\n            status: Behind\n"), encoding="utf-8")
    result = hcplan("check", str(plan))
    assert result.exit_code == 1
    assert "status 'Purple' is not in the plan's scale" in result.stdout + result.stderr


def test_a_rating_given_again_is_not_shown_as_a_change_to_itself(tmp_path, hcplan):
    """The first dated rating of an action rated Behind without a date, given as Behind
    again, keeps what it replaced (was: Behind); the history showed 'Behind -> Behind'."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(_minimal(None, "Behind"), encoding="utf-8")
    result = hcplan("update", str(plan), "1.2", "--date", "10/06/2024", "--status", "behind", "--note", "Still stuck.")
    assert result.exit_code == 0, result.stderr
    assert "                was: Behind\n" in plan.read_text(encoding="utf-8")
    shown = hcplan("show", "1.2", str(plan), "--as-of", "2024-07-01").stdout
    assert "10 June 2024  Behind  Still stuck." in shown and "Behind -> Behind" not in shown


_FLOW = """\
          - id: "1.3"
            text: Train staff
            leads: [Police]
            status: In Progress
            updates: [{date: 2024-06-30, status: In Progress, was: Behind}]
          - {id: "1.4", text: Train more, leads: [Police], status: In Progress, updates: [{was: Behind, date: 2024-06-30, status: In Progress}]}
          - id: "1.5"
            text: Train yet more
            leads: [Police]
            status: In Progress
            updates:
              - {date: 2024-06-30, status: In Progress,
                 was: Behind}
"""


def test_an_earlier_rated_update_takes_the_was_of_one_written_on_one_line(tmp_path, hcplan):
    """An update rated before the first rated one takes over what it replaced; written
    `{..., was: Red}`, the later one kept its `was`, and the history said 'Red -> Done'
    on 1 May and 'Red -> Amber' on 30 June, with check quiet."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(MINIMAL + _FLOW, encoding="utf-8")
    for item in ("1.3", "1.4", "1.5"):
        result = hcplan("update", str(plan), item, "--date", "2024-05-01", "--status", "Completed", "--note", "Early.")
        assert result.exit_code == 0, result.stderr
    text = plan.read_text(encoding="utf-8")
    assert text.count("was: Behind") == 3 and "status: In Progress, was:" not in text and "{was:" not in text
    assert "updates: [{date: 2024-05-01, text: Early., status: Completed, was: Behind}, {date: 2024-06-30, status: In Progress}]" in text
    assert "              - {date: 2024-06-30, status: In Progress}\n" in text
    for item in ("1.3", "1.4", "1.5"):
        shown = " ".join(hcplan("show", item, str(plan), "--as-of", "2024-07-01").stdout.split())
        assert "1 May 2024 Behind -> Completed Early." in shown and "Behind -> In Progress" not in shown, shown
    assert hcplan("check", str(plan)).exit_code == 0


def test_a_was_on_a_later_rated_update_is_warned_of(tmp_path, hcplan):
    plan = tmp_path / "plan.yaml"
    stale = _FLOW.replace("updates: [{date: 2024-06-30", "updates: [{date: 2024-05-01, status: Completed, was: Behind}, {date: 2024-06-30", 1)
    plan.write_text(MINIMAL + stale, encoding="utf-8")
    result = hcplan("check", str(plan))
    assert result.exit_code == 0
    lines = (MINIMAL + stale).splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if "2024-05-01, status: Completed" in text)
    col = lines[line - 1].rindex("was:") + 1  # the later update's
    assert (
        f"{plan}:{line}:{col}: warning: the update of 30 June 2024 says it replaced Behind, but the update of 1 May 2024 "
        "rated it Completed before it"
    ) in result.stdout
    assert result.stdout.count("(update-was)") == 1
