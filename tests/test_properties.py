"""Random damage to the real plans never makes hcplan fall over."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SHIPPED
from hcplan.checking.loader import load_source
from hcplan.files.reader import ReadError, Source, decode

TEXTS = [p.read_text(encoding="utf-8") for p in SHIPPED]

# Characters that matter to YAML, and some that matter to people.
NASTY = st.sampled_from(
    list(":-?[]{},#&*!|>'\"%@`\t\n\r ~\\") + ["\u0412", "\ufeff", "\x00", "\x85", "\u2028", "é", "😀"]
)


@st.composite
def damaged(draw):
    text = draw(st.sampled_from(TEXTS))
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "duplicate", "insert", "replace", "indent", "truncate", "swap"]))
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "insert":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.text(NASTY, min_size=1, max_size=4)) + line[at:]
        elif kind == "replace" and len(line) > 1:
            at = draw(st.integers(0, len(line) - 2))
            lines[i] = line[:at] + draw(NASTY) + line[at + 1 :]
        elif kind == "indent":
            lines[i] = draw(st.sampled_from(["", " ", "  ", "    ", "\t"])) + line.lstrip(" ")
        elif kind == "truncate":
            lines = lines[: i + 1]
        elif kind == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        if not lines:
            lines = [""]
    return "".join(lines)


@pytest.mark.slow
@settings(max_examples=int(__import__("os").environ.get("HCPLAN_FUZZ", 300)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_damaged_plans_give_located_problems_not_tracebacks(text):
    try:
        source = decode(text.encode("utf-8", "surrogatepass"), "plan.yaml")
    except ReadError as exc:
        problems = exc.problems
    else:
        loaded = load_source(source)
        problems = loaded.problems
        assert loaded.plan is not None or problems
    total_lines = text.count("\n") + 2
    for problem in problems:
        assert problem.path == "plan.yaml"
        assert 1 <= problem.line <= total_lines
        assert problem.col >= 1
        assert problem.message
        assert "Traceback" not in problem.message
        assert problem.rule != "internal", problem


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_at_all(raw):
    try:
        source = decode(raw, "plan.yaml")
    except ReadError as exc:
        assert exc.problems
        return
    loaded = load_source(Source(source.path, source.text))
    assert loaded.plan is not None or loaded.problems
