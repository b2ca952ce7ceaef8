"""Read an edited plan back by the items the edit changed, not the whole text.

hcplan proves every change before it writes it: the new text, read as hcplan
reads a plan, must hold exactly the old data plus the change
(:func:`hcplan.changes.update.prove`). Reading a 1,000-action plan back whole
costs a third of a second, for an update that changed one action. When every
splice of the edit lies inside whole items of block lists (the actions and
objectives it changed), each of those items is read on its own, and the rest
of the text is shown to be the old text, byte for byte, whose reading is
known already.

Why an item read on its own reads as it does in the document. An item of a
block list starts a line with its dash at column *c*. While every line of it
after the first is blank, a comment, or indented deeper than *c*, libyaml
makes the same tokens of it alone as in the document: nothing inside it can
close a collection around it (that takes a line at column *c* or less), and
nothing can run on past its end, because the line after it in the document
is indented *c* or less and is not a comment, which ends every plain or block
scalar and block collection the item opened; a quote or bracket left open
fails the item's own reading at its end. Comments are skipped by the scanner
wherever they stand. The item's own reading applies every rule of hcplan's
reader (tabs, anchors, tags, duplicate keys, odd characters) to its lines.
For the same reason the items whose dashes stand in one column are read in
one go, their texts one after another: each ends, as in its place, where
the next one's dash line starts (200 returns of a meeting are one reading,
not 200).

When any of that cannot be shown (an item whose dash stands alone on its
line, a list written ``[...]``, a splice outside the items) :func:`read_by_parts`
says so, and the caller reads the whole text back, as it always could.
``HCPLAN_PROOF_CHECK=1`` (the test suite sets it) also reads the whole text
after every reading by parts, and fails loudly if the two ever disagree.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from hcplan.files.edit import Splice
from hcplan.files.lines import Lines
from hcplan.files.reader import Locations, ReadError, Source, parse
from hcplan.problems import DocPath


@dataclass(frozen=True, slots=True)
class Edit:
    """What an edited text was made from: the old text, read with positions, its
    data, the splices made to it, and the items (by path) they change."""

    source: Source
    data: Any
    locations: Locations
    splices: Sequence[Splice]
    items: Iterable[DocPath]


@dataclass(frozen=True, slots=True)
class _Part:
    where: DocPath
    start: int  # where the item's dash line starts, in the old text
    end: int  # where the first line after it at its dash's column or left of it starts (or the end)
    column: int  # its dash's column


#: An item's first line up to its content: the dash, and the spaces after it.
_DASH_LINE = re.compile(r"( *)- +")


def read_by_parts(edit: Edit, text: str) -> Any | None:
    """The data the edited ``text`` holds, read by the items the edit changed (see the
    module), or None when the edit cannot be shown sound that way."""
    items = read_items(edit, text)
    return None if items is None else replaced(edit.data, items)


def read_items(edit: Edit, text: str) -> dict[DocPath, Any] | None:
    """The items the edit changed, each read from the edited ``text`` on its own, by
    path; None when the edit cannot be shown sound that way. The rest of ``text``
    reads as the old data did (see the module): :func:`replaced` gives the whole."""
    old = edit.source.text
    parts = []
    for where in _outermost(edit.items):
        part = _part(old, edit.locations, where)
        if part is None:
            return None
        parts.append(part)
    parts.sort(key=lambda p: p.start)
    if any(a.end > b.start for a, b in zip(parts, parts[1:])):
        return None  # pragma: no cover - items of lists never overlap
    written = _spliced(old, parts, edit.splices)
    if written is None:
        return None
    pieces: list[str] = []
    at = 0
    for part, new in zip(parts, written):
        pieces += (old[at : part.start], new)
        at = part.end
    pieces.append(old[at:])
    if "".join(pieces) != text:
        return None  # the editor wrote something besides its splices
    if not all(_stands_alone(new, part.column) for part, new in zip(parts, written)):
        return None
    # The items of one column are read together, as the one list they make when their
    # texts are put one after another: each ends where the next one's dash starts its
    # line at their column, as it ends in its place (a text without a final line break,
    # the plan's last, is read last).
    items = {}
    by_column: dict[int, list[tuple[_Part, str]]] = {}
    for part, new in zip(parts, written):
        by_column.setdefault(part.column, []).append((part, new))
    for group in by_column.values():
        if not all(new.endswith(("\n", "\r")) for _, new in group[:-1]):
            return None  # pragma: no cover - only the text's last item can end without one
        try:
            data, _ = parse(edit.source._replace(text="".join(new for _, new in group)))
        except ReadError:
            return None
        if type(data) is not list or len(data) != len(group):
            return None  # pragma: no cover - items that stand alone read as one item each
        for (part, _), value in zip(group, data):
            items[part.where] = value
    return items


def _outermost(items: Iterable[DocPath]) -> list[DocPath]:
    """The paths that are not under another of them."""
    kept: list[DocPath] = []
    for where in sorted(set(items), key=len):
        if not any(where[: len(outer)] == outer for outer in kept):
            kept.append(where)
    return kept


def _part(text: str, locations: Locations, where: DocPath) -> _Part | None:
    """Where the item at ``where`` stands in ``text``, if it is an item of a block
    list whose dash starts its line."""
    node = locations.values.get(where)
    parent = locations.values.get(where[:-1]) if where else None
    if node is None or parent is None or parent.kind != "seq" or parent.flow or not isinstance(where[-1], int):
        return None
    start = _line_start(text, node.start)
    dash = _DASH_LINE.fullmatch(text, start, node.start)
    if dash is None:
        return None
    column = len(dash.group(1))
    if column != parent.col - 1:
        return None  # pragma: no cover - a block list's dashes stand in one column
    end = _next_outer_line(text, node.start, column)
    # The reader's own end of the item: a block mapping closes at that line's first token.
    if node.kind == "map" and not node.flow:
        if node.end != len(text) and _line_start(text, node.end) != end:
            return None
    elif node.end > end:
        return None
    return _Part(where, start, end, column)


def _line_start(text: str, index: int) -> int:
    return Lines(text).start(index)


@cache
def _outer_line(column: int) -> re.Pattern[str]:
    """A line indented ``column`` spaces or fewer whose first other character is not a
    space or a line break: a tab, a comment's #, or anything else."""
    return re.compile(rf"(?:\r\n|\r|\n)( {{0,{column}}})([^ \r\n])")


def _next_outer_line(text: str, index: int, column: int) -> int:
    """Where the first line after the one holding ``index`` that is indented ``column``
    or fewer and is not blank or a comment starts; the end of the text if none is."""
    pattern = _outer_line(column)
    at = index
    while True:
        found = pattern.search(text, at)
        if found is None:
            return len(text)
        if found.group(2) == "#" or (found.group(2) == "\t" and not _rest_of_line(text, found.start(2)).strip()):
            at = found.end()
            continue
        return found.start(1)


def _rest_of_line(text: str, index: int) -> str:
    return text[index : Lines(text).end(index)]


def _spliced(text: str, parts: list[_Part], splices: Sequence[Splice]) -> list[str] | None:
    """Each part's text with the splices inside it made; None if a splice lies in none."""
    inside: list[list[Splice]] = [[] for _ in parts]
    starts = [part.start for part in parts]
    for splice in splices:
        n = bisect_right(starts, splice.start) - 1
        if n > 0 and parts[n - 1].end >= splice.end:
            n -= 1  # an insertion where one part ends and the next starts: the first holds it
        if n < 0 or splice.end > parts[n].end:
            return None
        inside[n].append(splice)
    written = []
    for part, mine in zip(parts, inside):
        out: list[str] = []
        at = part.start
        for splice in sorted(mine, key=lambda s: (s.start, s.end)):
            if splice.start < at:
                return None  # pragma: no cover - overlapping splices; the editor refuses them first
            out += (text[at : splice.start], splice.text)
            at = splice.end
        out.append(text[at : part.end])
        written.append("".join(out))
    return written


def _stands_alone(text: str, column: int) -> bool:
    """Whether ``text`` is one list item that reads alone as it would in its place: its
    first line its dash at ``column``, every further line blank, a comment, or
    indented deeper."""
    dash = _DASH_LINE.match(text)
    if dash is None or len(dash.group(1)) != column:
        return False
    return _next_outer_line(text, 0, column) == len(text)


def replaced(data: Any, items: dict[DocPath, Any]) -> Any:
    """``data`` with the value at each path of ``items`` replaced, copying only the
    lists and mappings on the way to them."""
    if () in items:
        return items[()]
    heads: dict[Any, dict[DocPath, Any]] = {}
    for where, value in items.items():
        heads.setdefault(where[0], {})[where[1:]] = value
    copied = data.copy()
    for step, below in heads.items():
        copied[step] = replaced(data[step], below)
    return copied
