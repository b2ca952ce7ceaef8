"""The safe YAML reader: YAML 1.2 scalars kept as text, positions, odd encodings."""

from __future__ import annotations

import pytest

from hcplan.files.reader import ReadError, Source, _event_source, decode, parse


def data(text: str):
    return parse(Source("plan.yaml", text))[0]


def test_only_null_and_booleans_are_special_words():
    assert data("a: no\nb: 017\nc: 1.10\nd: 2017-06-13\ne: true\nf: ~\ng:\nh: 'true'\n") == {
        "a": "no",
        "b": "017",
        "c": "1.10",
        "d": "2017-06-13",
        "e": True,
        "f": None,
        "g": None,
        "h": "true",
    }


def test_the_c_parser_is_the_one_in_use():
    # ruamel.yaml no longer installs its C extension by itself; without it,
    # reading would silently fall back to pure Python, several times slower.
    import _ruamel_yaml

    assert _ruamel_yaml.__file__.endswith((".so", ".pyd"))
    assert type(_event_source("a: 1\n")[0].__self__).__name__ == "CParser"


def test_without_libyaml_the_pure_parser_gives_the_same_data(monkeypatch):
    import sys

    text = "title: Plan\nthemes:\n  - {number: 1, name: 'x'}\nnotes: [a, ~, true]\n"
    fast = parse(Source("p", text), locate=True)
    monkeypatch.setitem(sys.modules, "_ruamel_yaml", None)  # as if not installed
    assert type(_event_source(text)[0].__self__).__name__ != "CParser"
    slow = parse(Source("p", text), locate=True)
    assert slow[0] == fast[0]
    assert slow[1].values == fast[1].values


def test_positions_of_values_and_keys():
    text = "title: Plan\nthemes:\n  - number: 1\n    name: 'Co-ordination'\n"
    _, where = parse(Source("p", text), locate=True)
    assert where.locate(("title",)) == (1, 8)
    assert where.locate(("themes", 0, "name")) == (4, 11)
    assert where.locate(("themes", 0, "name"), key=True) == (4, 5)
    # a missing key is placed at its nearest parent
    assert where.locate(("themes", 0, "objectives")) == (3, 5)
    node = where.values[("themes", 0, "name")]
    assert text[node.start : node.end] == "'Co-ordination'"


def test_byte_order_mark_and_crlf_are_read():
    source = decode("\ufefftitle: Plan\r\nnotes: [a]\r\n".encode(), "p")
    assert source.bom and source.newline == "\r\n"
    assert data(source.text) == {"title": "Plan", "notes": ["a"]}


def test_every_anchor_and_first_alias_is_reported_in_one_go():
    with pytest.raises(ReadError) as info:
        data("a: &x 1\nb: *x\nc: *x\nd: &y [1]\n")
    assert [(p.line, p.col, p.rule) for p in info.value.problems] == [
        (1, 4, "anchor"),
        (2, 4, "anchor"),
        (4, 4, "anchor"),
    ]


def test_complex_keys_are_refused():
    with pytest.raises(ReadError) as info:
        data("? [a, b]\n: c\n")
    assert info.value.problems[0].message == "a key must be plain text, not a list or mapping"


def test_keys_are_the_text_written():
    assert data("true: 1\n~: 2\n017: 3\n") == {"true": "1", "~": "2", "017": "3"}


def _problems(text: str) -> list[tuple[int, str, str]]:
    with pytest.raises(ReadError) as caught:
        parse(Source("plan.yaml", text))
    return [(p.line, p.rule, p.message) for p in caught.value.problems]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_merge_conflict_is_said_at_each_marker_not_as_yaml(newline):
    """A plan with a conflict git left in it was 'did not find expected <document start>',
    lines away from the markers (with any line ending a plan may have)."""
    text = "hcplan: 1\n<<<<<<< HEAD\ntitle: A\n||||||| base\ntitle: B\n=======\ntitle: C\n>>>>>>> rename\nperiod: x\n"
    found = _problems(text.replace("\n", newline))
    assert [(line, rule) for line, rule, _ in found] == [(2, "merge-conflict"), (4, "merge-conflict"), (6, "merge-conflict"), (8, "merge-conflict")]
    assert found[0][2].startswith("the start of a merge conflict git left here (your side follows): keep the lines")


@pytest.mark.parametrize(
    "text",
    [
        "notes:\n  - |\n    Minutes\n    =======\n    agreed\n",  # an underline in a block of text
        "notes:\n  - |\n    <<<<<<< not a conflict: no end\n",
        "title: '<<<<<<< and >>>>>>> inside a line'\n",
    ],
)
def test_text_like_a_marker_that_is_no_conflict_is_read(text):
    data, _ = parse(Source("plan.yaml", text))
    assert data


@pytest.mark.parametrize(("text", "shows"), [("\U0001fa77", True), ("\uf8ff", True), ("\u0301", True), ("\u200b\u2060", False), ("\u00a0 \u3000", False), ("\u200f", False)])
def test_text_shows_nothing_only_when_every_character_is_a_space_a_control_or_a_format_one(text, shows):
    """A character newer than Python's Unicode (U+1FA77) or of private use counted as showing
    nothing, and a plan text of one was 'must not be empty'."""
    from hcplan.quoting import invisible

    assert invisible(text) is not shows
