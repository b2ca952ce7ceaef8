"""A plan cut short (a half-saved buffer, a truncated download or copy) does not pass
``check`` silently: a corpus of the shipped plans cut at every kind of point.

Each shipped plan is cut after every line break, one character into every line, in
the middle of every line and just before every line break. What the corpus
measures is printed (``pytest -s``); the tests hold the guarantees:

* every cut that ends in the middle of a line is reported (a warning that names
  truncation), and so is every cut that ends with a key that has no value;
* every cut that loses part of a list item's content silently is one that only
  leaves out keys an item may lack (an action's updates or notes...), never a
  required key or a word of text; and few go unreported at all.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from conftest import SHIPPED
from hcplan.checking.loader import load_bytes
from hcplan.files.reader import ReadError, decode, parse

DAY = date(2025, 6, 1)

pytestmark = pytest.mark.slow


def _cuts(raw: bytes) -> list[int]:
    offsets: set[int] = set()
    start = 0
    while True:
        end = raw.find(b"\n", start)
        if end < 0:
            break
        offsets.add(end + 1)  # after the line break
        if end - start > 2:
            offsets.update({start + 1, (start + end) // 2, end})  # inside the line
        start = end + 1
    return sorted(o for o in offsets if 0 < o < len(raw))


def _whole(cut: object, original: object) -> bool:
    """Whether ``cut`` is ``original`` less whole list entries at the end of lists."""
    if isinstance(cut, dict):
        return isinstance(original, dict) and set(cut) == set(original) and all(_whole(cut[k], original[k]) for k in cut)
    if isinstance(cut, list):
        return isinstance(original, list) and len(cut) <= len(original) and all(map(_whole, cut, original))
    return cut == original


def _lost_keys(cut: object, original: object) -> set[str]:
    """The keys of mappings that ``cut`` lacks where ``original`` has them ("a text" for a
    text cut short)."""
    if isinstance(cut, str):
        return set() if cut == original else {"a text"}
    if isinstance(cut, dict) and isinstance(original, dict):
        lost = {str(k) for k in original if k not in cut}
        for k in cut:
            if k in original:
                lost |= _lost_keys(cut[k], original[k])
        return lost
    if isinstance(cut, list) and isinstance(original, list):
        return set().union(*(_lost_keys(a, b) for a, b in zip(cut, original)))
    return set()


@cache
def corpus() -> list[tuple[str, int, bytes, bool]]:
    """Every cut: (plan, offset, bytes, reported)."""
    found = []
    for path in SHIPPED:
        raw = path.read_bytes()
        for offset in _cuts(raw):
            loaded = load_bytes(raw[:offset], "cut.yaml", today=DAY)
            found.append((path.parent.name, offset, raw[:offset], bool(loaded.problems)))
    return found


def test_the_corpus_is_large_and_measured():
    cuts = corpus()
    at_line_end = [c for c in cuts if c[2].endswith(b"\n")]
    silent = [c for c in cuts if not c[3]]
    inside = [c for c in silent if not c[2].endswith(b"\n")]
    print(
        f"\ncut plans: {len(cuts)} cuts of {len(SHIPPED)} shipped plans, {len(at_line_end)} at a line end; "
        f"{len(silent)} unreported ({100 * len(silent) / len(cuts):.1f}%), {len(inside)} of them inside a line"
    )
    assert len(cuts) > 2000


def test_every_cut_inside_a_line_is_reported():
    unreported = [(plan, offset) for plan, offset, text, reported in corpus() if not text.endswith(b"\n") and not reported]
    assert unreported == []


def test_every_cut_after_a_key_without_its_value_is_reported():
    unreported = [
        (plan, offset)
        for plan, offset, text, reported in corpus()
        if text.endswith(b"\n") and text.rstrip().endswith(b":") and not reported
    ]
    assert unreported == []


#: Keys an item may lack in any plan: a cut that leaves only these out cannot be told
#: from a complete plan (an objective without actions is a draft's).
OPTIONAL = {"actions", "updates", "status", "notes", "rescheduled", "conditions", "leads", "due", "due_means", "progress",
            "private", "reason", "from", "to", "quarter"}  # fmt: skip


def test_unreported_cuts_lose_whole_entries_or_optional_keys_only():
    for path in SHIPPED:
        original, _ = parse(decode(path.read_bytes(), str(path)))
        for plan, offset, text, reported in corpus():
            if reported or plan != path.parent.name:
                continue
            try:
                cut, _ = parse(decode(text, "cut.yaml"))
            except ReadError:  # pragma: no cover - it would have been reported
                pytest.fail(f"{plan} cut at {offset} does not parse, yet was not reported")
            if not _whole(cut, original):
                assert _lost_keys(cut, original) <= OPTIONAL, (plan, offset, text[-80:])


def test_few_cuts_go_unreported():
    cuts = corpus()
    silent = [c for c in cuts if not c[3]]
    assert len(silent) <= len(cuts) * 0.03, len(silent)
