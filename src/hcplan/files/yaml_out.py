"""Write a new plan file as people write one: block style, comments where they help.

``hcplan new`` writes plans nobody has edited yet, so unlike an update there is
no text to keep: the plan is laid out in the house style of the shipped plans
(two-space indents, short lists of names in brackets, a blank line between
sections) with comments placed before the entries they concern. Every scalar
goes through :func:`hcplan.files.edit.value`, the same quoting an update
uses, and :func:`dump` reads its own text back with the plan reader to prove
it says exactly the data it was given.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hcplan.errors import HcplanError
from hcplan.files.edit import plain_is_safe, value
from hcplan.problems import DocPath

#: Comments are wrapped to this width (their indent included).
WIDTH = 88
#: A list of names is written in brackets on one line when it fits this.
FLOW_WIDTH = 72
#: Names written in brackets: words, and the few marks names have (flow YAML
#: gives others a meaning, "Police?" among them).
_NAME = re.compile(r"\w[\w .&'()/+-]*")


class DumpError(HcplanError):
    """The text written does not read back as the data (a bug in hcplan)."""


@dataclass
class Layout:
    """Where comments and blank lines go, by the document path of an entry.

    ``before[path]`` is a list of comment lines written above the entry at
    ``path`` (a key of a mapping, or an item of a list); ``after[path]`` is a
    comment at the end of that entry's line; ``blank`` holds the paths with a
    blank line before them; ``head`` is the comment at the top of the file,
    and ``tail`` comment lines written as they are (an example in YAML) at
    its end.
    """

    head: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    before: dict[DocPath, list[str]] = field(default_factory=dict)
    after: dict[DocPath, str] = field(default_factory=dict)
    blank: set[DocPath] = field(default_factory=set)

    def note(self, where: DocPath, text: str) -> None:
        """Add a comment line above the entry at ``where``."""
        self.before.setdefault(where, []).append(text)


def dump(data: Mapping[str, Any], layout: Layout | None = None) -> str:
    """``data`` (mappings, lists, text, dates, numbers, booleans) as YAML text.

    Raises:
        DumpError: the text would not read back as ``data``.
    """
    layout = layout or Layout()
    lines: list[str] = []
    for text in layout.head:
        lines.extend(_comment(text, 0))
    _mapping(data, (), 0, lines, layout, first_inline=False)
    lines.extend(("# " + line).rstrip() for line in layout.tail)
    text = "\n".join(lines) + "\n"
    _prove(text, data)
    return text


def _comment(text: str, indent: int) -> list[str]:
    pad = " " * indent
    words = " ".join(text.split())  # a comment is one line of words, however the text came
    if not words:
        return [pad + "#"]
    return [
        pad + "# " + line
        for line in textwrap.wrap(words, max(40, WIDTH - indent - 2), break_long_words=False, break_on_hyphens=False)
    ]


def _eol(where: DocPath, layout: Layout) -> str:
    said = layout.after.get(where)
    return f"  # {' '.join(said.split())}" if said else ""


def _mapping(
    data: Mapping[str, Any], where: DocPath, indent: int, lines: list[str], layout: Layout, *, first_inline: bool
) -> None:
    """Write a mapping; with ``first_inline`` its first key goes on the line of a list dash."""
    pad = " " * indent
    for n, (key, item) in enumerate(data.items()):
        here = where + (key,)
        inline = first_inline and n == 0
        if here in layout.blank and not inline:
            lines.append("")
        if not inline:
            for text in layout.before.get(here, []):
                lines.extend(_comment(text, indent))
        lead = "" if inline else pad
        start = f"{lead}{key}:"
        if isinstance(item, Mapping):
            lines.append(start + _eol(here, layout))
            _mapping(item, here, indent + 2, lines, layout, first_inline=False)
        elif isinstance(item, Sequence) and not isinstance(item, str):
            flow = _flow(item)
            if flow is not None and indent + len(start) + len(flow) <= WIDTH:
                lines.append(f"{start} {flow}{_eol(here, layout)}")
            else:
                lines.append(start + _eol(here, layout))
                _sequence(item, here, indent + 2, lines, layout)
        else:
            lines.append(f"{start} {_scalar(item)}".rstrip() + _eol(here, layout))


def _flow(items: Sequence[Any]) -> str | None:
    """``[a, b]`` for a short list of plain names; None when it must be a block."""
    if not items:
        return "[]"
    if not all(isinstance(i, str) and _NAME.fullmatch(i) and plain_is_safe(i, flow=True) for i in items):
        return None
    flow = "[" + ", ".join(items) + "]"
    return flow if len(flow) <= FLOW_WIDTH else None


def _sequence(items: Sequence[Any], where: DocPath, indent: int, lines: list[str], layout: Layout) -> None:
    pad = " " * indent
    for i, item in enumerate(items):
        here = where + (i,)
        if here in layout.blank:
            lines.append("")
        for text in layout.before.get(here, []):
            lines.extend(_comment(text, indent))
        if isinstance(item, Mapping):
            for text in layout.before.get((*here, next(iter(item), None)), []) if item else []:  # type: ignore[arg-type]
                lines.extend(_comment(text, indent))
            mark = len(lines)
            _mapping(item, here, indent + 2, lines, layout, first_inline=True)
            lines[mark] = f"{pad}- {lines[mark]}"
        else:
            lines.append(f"{pad}- {_scalar(item)}{_eol(here, layout)}")


def _scalar(item: Any) -> str:
    if item is None:
        return ""  # written "key:", which reads as nothing (an empty list, for a list)
    if isinstance(item, int) and not isinstance(item, bool):
        return str(item)  # a number the plan means as one: theme: 1, hcplan: 1
    return value(item)


def plain(data: Any) -> Any:
    """``data`` as the plan reader returns it: text, booleans and nulls."""
    if isinstance(data, Mapping):
        return {str(k): plain(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [plain(v) for v in data]
    if data is None or isinstance(data, bool):
        return data
    if isinstance(data, date):
        return data.isoformat()
    return str(data)


def _prove(text: str, data: Mapping[str, Any]) -> None:
    from hcplan.files.reader import ReadError, Source, parse

    try:
        read, _ = parse(Source("<new plan>", text))
    except ReadError as exc:
        raise DumpError(f"the new plan does not read back: {exc.problems[0].message}") from None
    if read != plain(data):
        raise DumpError("the new plan does not read back as what was meant")
