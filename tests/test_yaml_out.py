"""The writer of new plan files: any text reads back as written, comments where they were put."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hcplan.files.reader import Source, parse
from hcplan.files.yaml_out import Layout, dump, plain

#: Text as plans and tables hold it: any printable character, with the ones YAML cares about often.
TEXT = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), st.sampled_from(list(":#-?[]{},&*!|>'\"%@`\t\n"))),
    min_size=1,
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(title=TEXT, names=st.lists(TEXT, max_size=4), comment=TEXT)
def test_any_text_reads_back_as_written(title, names, comment):
    data = {"title": title, "leads": names, "themes": [{"number": 1, "objectives": [{"id": title, "text": title}]}]}
    layout = Layout(head=[comment])
    layout.note(("leads",), comment)
    layout.note(("themes", 0, "objectives", 0), comment)
    layout.after[("title",)] = comment
    text = dump(data, layout)  # raises if it would not read back
    read, _ = parse(Source("x", text))
    assert read == plain(data)


@pytest.mark.parametrize("word", ["yes", "no", "null", "~", "1.10", "017", "2024-05-01", "true", "- dash", "a: b", "# hash"])
def test_words_yaml_would_read_otherwise_are_quoted(word):
    text = dump({"title": word})
    assert parse(Source("x", text))[0] == {"title": word}
    assert text != f"title: {word}\n"


def test_the_layout_puts_comments_and_blank_lines_where_asked():
    layout = Layout(head=["The head."], tail=["  - number: 1"])
    layout.note(("scale",), "The scale.")
    layout.blank.add(("scale",))
    layout.after[("quarters",)] = "Q1 is April-June"
    layout.note(("scale", 1), "The second label.")
    data = {
        "title": "A plan",
        "quarters": "financial",
        "period": {"start": date(2025, 4, 1)},
        "scale": [{"label": "Red", "rag": "red"}, {"label": "Done", "rag": "green", "done": True}],
        "leads": ["Police", "Safer Anytown"],
        "themes": None,
    }
    assert dump(data, layout) == (
        "# The head.\n"
        "title: A plan\n"
        "quarters: financial  # Q1 is April-June\n"
        "period:\n"
        "  start: 2025-04-01\n"
        "\n"
        "# The scale.\n"
        "scale:\n"
        "  - label: Red\n"
        "    rag: red\n"
        "  # The second label.\n"
        "  - label: Done\n"
        "    rag: green\n"
        "    done: true\n"
        "leads: [Police, Safer Anytown]\n"
        "themes:\n"
        "#   - number: 1\n"
    )
