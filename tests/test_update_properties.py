"""The two promises of `update` that matter most, tried on plans written every way people write them.

(a) Any sequence of valid updates leaves every byte it was not asked to change as it was:
    the old text, less the values it replaced, is all there in order; new lines take the
    file's own line break, and no blank line appears.
(b) Any file `update` writes passes `check`.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, SHIPPED, STYLES, breaks_added, kept_in_order, with_breaks
from hcplan.changes.update import UpdateRequest, find_rated, update_file
from hcplan.checking.loader import load_plan, load_source
from hcplan.files.reader import LINE_BREAKS, decode, newline_style, parse
from hcplan.problems import Severity

#: Plans in many styles: the house style, every oddity at once (comments,
#: quoting, flow lists and mappings, block scalars, a BOM, no final newline),
#: and a real plan.
BASES = {"minimal": MINIMAL, "styles": STYLES, "shipped": SHIPPED[-1].read_text(encoding="utf-8")}


def _facts(text: str) -> tuple[list[str], list[str], date, date]:
    plan = load_source(decode(text.encode(), "plan.yaml")).plan
    assert plan is not None
    return [r.action.id for r in plan.actions()], [r.label for r in plan.scale], plan.period.start, plan.period.end


FACTS = {name: _facts(text) for name, text in BASES.items()}

#: Line-break styles check accepts: one throughout, or a mix.
# (YAML 1.1's U+2028 is no line break in YAML 1.2: check refuses a file that uses one.)
BREAKS = [["\n"], ["\r\n"], ["\r"], ["\r\n", "\r\n", "\n"], ["\n", "\n", "\r\n", "\n", "\r"]]

#: Text as leads write it, and what YAML makes of it.
WORDS = st.one_of(
    st.sampled_from(["yes", "null", "2024-01-01", "1.10", "- a dash", "key: value", "a # b", "'quoted'"]),
    st.text(st.sampled_from(list("abcXYZ019 .:-?[]{},#&*!|>'\"%@`~\\\t\n\r") + ["é", "😀"]), max_size=30),
).filter(lambda s: s.strip())

DUES = ["Q1 Year 1", "Q2 Year 1", "Q3 Year 1", "Q4 Year 1"]


@st.composite
def cases(draw):
    """A plan file's bytes, and the updates to make to it."""
    name = draw(st.sampled_from(sorted(BASES)))
    text = BASES[name].lstrip("\ufeff").rstrip("\n")
    text += "\n" if draw(st.booleans()) else ""
    text = with_breaks(text, draw(st.sampled_from(BREAKS)))
    raw = ("\ufeff" if draw(st.booleans()) else "") + text
    ids, labels, start, end = FACTS[name]
    requests = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["note", "status", "both", "due"]))
        requests.append(
            UpdateRequest(
                action_id=draw(st.sampled_from(ids)),
                on=start + timedelta(days=draw(st.integers(0, (end - start).days))),
                note=draw(WORDS) if kind in ("note", "both") else None,
                status=draw(st.sampled_from(labels)) if kind in ("status", "both") else None,
                due=draw(st.sampled_from(DUES)) if kind == "due" else None,
                reason=draw(WORDS) if kind == "due" else None,
                private=draw(st.booleans()),
            )
        )
    return raw.encode("utf-8"), requests, end


def _replaceable(text: str, action_id: str) -> list[tuple[int, int]]:
    """The spans of ``text`` an update of ``action_id`` may replace: its single values
    (status, due), and a list key written empty (``updates:``)."""
    source = decode(text.encode(), "plan.yaml")
    _, locations = parse(source, locate=True)
    where = find_rated(load_source(source).plan, action_id, kind="action").where
    spans = []
    for key in ("status", "due", "updates", "rescheduled"):
        node = locations.values.get(where + (key,))
        if node is not None and node.kind == "scalar":
            spans.append((node.start, node.end))
    # The rating the first rated update replaced (`was:`) moves to an earlier one added
    # before it: its line, and the line break after it, go.
    n = 0
    while (where + ("updates", n)) in locations.values:
        key, value = locations.keys.get(where + ("updates", n, "was")), locations.values.get(where + ("updates", n, "was"))
        if key is not None and value is not None:
            start = max(text.rfind("\n", 0, key.start), text.rfind("\r", 0, key.start)) + 1
            end = value.end
            while end < len(text) and text[end] in "\r\n":
                end += 1
            spans.append((start, end))
        n += 1
    return spans


def _blank_lines(text: str) -> int:
    return sum(not line.strip() for line in text.splitlines())


def _run(raw: bytes, requests: list[UpdateRequest], today: date, promise) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.yaml"
        path.write_bytes(raw)
        for request in requests:
            before = path.read_bytes()
            update_file(str(path), request, today=today)
            promise(before, path, request)
        assert os.listdir(folder) == ["plan.yaml"]


def _untouched(before: bytes, path: Path, request: UpdateRequest) -> None:
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") == before.startswith(b"\xef\xbb\xbf")
    old, new = before.decode("utf-8-sig"), after.decode("utf-8-sig")
    assert kept_in_order(old, new, _replaceable(old, request.action_id)), request
    style = newline_style(old)
    added = breaks_added(old, new)
    assert all(n == 0 for b, n in added.items() if b != style), (repr(style), added)
    assert _blank_lines(new) == _blank_lines(old)
    ends = tuple(LINE_BREAKS)
    assert new.endswith(ends) == old.endswith(ends)


def _checks(before: bytes, path: Path, request: UpdateRequest) -> None:
    errors = [p for p in load_plan(path).problems if p.severity is Severity.ERROR]
    assert errors == [], (request, errors)


EXAMPLES = int(os.environ.get("HCPLAN_FUZZ_UPDATES", 40))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_updates_leave_every_untouched_byte_as_it_was(case):
    raw, requests, today = case
    _run(raw, requests, today, _untouched)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_every_file_update_writes_passes_check(case):
    raw, requests, today = case
    _run(raw, requests, today, _checks)
