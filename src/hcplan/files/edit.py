"""Change a plan's text in place: only the lines asked for, the rest byte for byte.

A plan is written by people, in their layout: comments, blank lines, quoting,
key order, long lines, CRLF line ends, a byte order mark. Dumping a YAML tree
back out loses some of that whatever the settings, so hcplan never dumps a
plan. It splices new lines into the original text at the positions the reader
reports (:class:`~hcplan.files.reader.Locations`), indented like their neighbours,
and the caller re-reads the result to prove it says exactly what was meant.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from hcplan.errors import HcplanError
from hcplan.files.lines import BLANK, BREAK_CHARS, Lines, comment_at, indent
from hcplan.files.reader import Locations, Node, Source
from hcplan.problems import DocPath


class EditError(HcplanError):
    """The text has a shape hcplan cannot edit in place; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Splice:
    start: int
    end: int
    text: str


# --- scalars ---------------------------------------------------------------

_SPECIAL_WORDS = frozenset(
    "~ null Null NULL true True TRUE false False FALSE yes Yes YES no No NO on On ON off Off OFF y Y n N".split()
    + ["=", "<<"]  # YAML 1.1's value and merge keys: older readers take them for those
)
_NUMBER = re.compile(
    r"[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?|0[xX][0-9a-fA-F_]+|0o[0-7_]+|"
    r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|[-+]?\d+(:[0-5]?\d)+(\.\d*)?"
)
_DATE = re.compile(r"\d{4}-\d\d?-\d\d?([Tt ].*)?")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_INDICATORS = frozenset(",[]{}:?")  # libyaml ends a plain scalar in a flow at ":" and "?" too


def _printable(char: str) -> bool:
    """YAML's c-printable, less the characters other tools treat as line breaks."""
    code = ord(char)
    if char in "\x85\u2028\u2029\ufeff":
        return False
    return (
        code == 0x9
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF)
    )


def plain_is_safe(value: str, *, flow: bool = False) -> bool:
    """True when ``value`` reads back as the same text written without quotes."""
    if not value or value != value.strip() or value[0] in _INDICATORS:
        return False
    if ": " in value or " #" in value or value.endswith(":") or "\t" in value:
        return False
    if flow and any(c in _FLOW_INDICATORS for c in value):
        return False
    if not all(_printable(c) for c in value):
        return False
    return not (value in _SPECIAL_WORDS or _NUMBER.fullmatch(value) or _DATE.fullmatch(value))


def double_quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar, on one line."""
    out = ['"']
    for char in value:
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif _printable(char):
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


def scalar(value: str, *, flow: bool = False) -> str:
    """``value`` as YAML: plain when that is safe, double-quoted otherwise."""
    return value if plain_is_safe(value, flow=flow) else double_quoted(value)


def value(item: object, *, flow: bool = False) -> str:
    """A value of an entry hcplan writes: text, a date (ISO) or true/false."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, date):
        return item.isoformat()
    return scalar(str(item), flow=flow)


# --- the editor ------------------------------------------------------------


class TextEditor:
    """Collects changes to one plan text and applies them together.

    Every position refers to the original text; :meth:`result` applies the
    changes in one pass, so the order of calls never shifts a position.
    """

    def __init__(self, source: Source, locations: Locations) -> None:
        self.text = source.text
        self.newline = source.newline
        self.locs = locations
        self.lines = Lines(source.text)
        self.nodes = Nodes(locations)
        self._splices: list[Splice] = []
        self._appended: set[int] = set()  # the ends of flow mappings entries were added at

    # public operations

    def set_scalar(self, map_path: DocPath, key: str, value: str | date, *, before: tuple[str, ...] = ()) -> None:
        """Set ``key`` of the mapping at ``map_path`` to the text (or date) ``value``.

        An existing value is replaced where it stands; a missing key is added
        on a line of its own, before the first of the keys ``before`` that the
        mapping has, or after its last entry.
        """
        node = self.locs.values.get(map_path + (key,))
        owner = self.locs.values.get(map_path)
        flow = owner is not None and owner.flow
        raw = value.isoformat() if isinstance(value, date) else value
        written = raw if isinstance(value, date) else scalar(raw, flow=flow)
        if node is None:
            self._add_entry(map_path, key, [written], before=before)
            return
        if node.kind != "scalar":
            raise EditError(f"'{key}' holds a list or mapping, not a single value")
        if node.start == node.end:  # written empty: "status:"
            gap = "" if self.text[node.start - 1 : node.start] == " " else " "
            self.replace(node.start, node.end, gap + written)
        elif node.style in ("|", ">"):
            # A block scalar's node runs on to the next line: its line breaks and what
            # follows (a comment, the next key) stay, and the value goes on the key's line.
            end = node.end
            while end > node.start and self.text[end - 1] in BLANK:
                end -= 1
            self.replace(node.start, end, written)
        else:
            self.replace(node.start, node.end, _quoted_as(raw, node.style, written))

    def add_item(
        self,
        map_path: DocPath,
        key: str,
        entry: dict[str, object],
        *,
        index: int | None = None,
        before: tuple[str, ...] = (),
    ) -> None:
        """Add the mapping ``entry`` to the list under ``key`` of the mapping at ``map_path``.

        ``index`` puts it before the item now at that index; by default it
        goes last. A missing list is created, in the file's own indentation.
        """
        seq_path = map_path + (key,)
        node = self.locs.values.get(seq_path)
        owner = self.locs.values.get(map_path)
        if node is None and owner is not None and owner.flow:
            self._add_entry(map_path, key, ["[" + _flow_item(entry) + "]"], before=before)
        elif node is None:
            lines = _block_item(entry, self._new_list_dash_col(map_path))
            self._add_entry(map_path, key, lines, before=before, block=True)
        elif node.kind == "seq" and not node.flow:
            self._add_block_item(seq_path, node, entry, index)
        elif node.kind == "seq":
            self._add_flow_item(seq_path, node, entry, index)
        elif node.kind == "scalar" and _empty_value(self.text[node.start : node.end]):
            lines = _block_item(entry, self._new_list_dash_col(map_path))
            start = self.text.find(":", self.locs.keys[seq_path].end) + 1
            line_end = self.lines.end(start)
            rest = self.text[node.end : line_end]
            if rest.strip(" \t").startswith("#"):
                # A comment on the key's line ("updates:  # none yet") stays there; the items go below.
                self.replace(start, node.end, "")
                following = self.lines.after(start)
                self._insert_lines(len(self.text) if following is None else following, lines)
            else:  # the spaces after an empty value go with it
                self.replace(start, max(node.end, line_end), self.newline + self.newline.join(lines))
        else:
            raise EditError(f"'{key}' is not a list")

    def remove_item(self, seq_path: DocPath, index: int) -> None:
        """Cut item ``index`` of the block list at ``seq_path`` out of the text.

        With it go the blank and comment lines just above it at its dash's
        indentation (they introduce it) and the comment lines below it
        indented deeper (they remark on it); comments that belong to what is
        around it stay.
        """
        node = self.locs.values.get(seq_path + (index,))
        if node is None:
            raise EditError("no such item")  # pragma: no cover - a caller's bug
        start = self.lines.start(node.start)
        if self.text[start : node.start].strip(" ") != "-":
            raise EditError("the list's items do not each start a line with '- '")
        self.replace(*self._span(seq_path + (index,), start, node.start, node.start), "")

    def remove_entry(self, map_path: DocPath, key: str) -> None:
        """Cut ``key`` and its value out of the mapping at ``map_path``: of a block mapping,
        with the lines that belong to it (as :meth:`remove_item` says); of a flow mapping
        (``{a: 1, key: 2}``), with the comma that parts it from its neighbour."""
        key_node = self.locs.keys.get(map_path + (key,))
        if key_node is None:
            return
        owner = self.locs.values.get(map_path)
        if owner is not None and owner.flow:
            self._remove_flow_entry(key_node.start, self.locs.values[map_path + (key,)].end, key)
            return
        start = self.lines.start(key_node.start)
        if self.text[start : key_node.start].strip(" "):
            raise EditError(f"'{key}' does not start a line of its own")
        self.replace(*self._span(map_path + (key,), start, key_node.start, key_node.end), "")

    def _remove_flow_entry(self, start: int, end: int, key: str) -> None:
        """Cut the flow mapping's entry written from ``start`` (its key) to ``end`` (its
        value's end): with the comma and spaces before it, or, the first, after it. Anything
        else between it and its neighbours (a comment in a mapping over several lines) is
        left as it is, and the entry with it (an :class:`EditError`)."""
        text = self.text
        before = start
        while before > 0 and text[before - 1] in " \t\r\n":
            before -= 1
        if before > 0 and text[before - 1] == ",":
            self.replace(before - 1, end, "")
            return
        after = end
        while after < len(text) and text[after] in " \t":
            after += 1
        if before > 0 and text[before - 1] == "{" and after < len(text) and text[after] == ",":
            after += 1
            while after < len(text) and text[after] in " \t":
                after += 1
            self.replace(start, after, "")
            return
        raise EditError(f"'{key}' is not parted from its neighbours by a comma on its line")

    def insert_after_entry(self, map_path: DocPath, key: str, entries: dict[str, object]) -> None:
        """Write ``entries`` (text, dates, or mappings written ``{a: b}``) as new
        keys of the block mapping at ``map_path``, just after ``key``'s entry."""
        key_node = self.locs.keys.get(map_path + (key,))
        if key_node is None:
            raise EditError(f"no '{key}' to write after")  # pragma: no cover - a caller's bug
        indent = " " * (key_node.col - 1)
        lines = [
            f"{indent}{name}: {_flow_item(item) if isinstance(item, dict) else value(item)}"
            for name, item in entries.items()
        ]
        _, end = self._span(map_path + (key,), self.lines.start(key_node.start), key_node.start, key_node.end)
        self._insert_lines(end, lines)

    def replace(self, start: int, end: int, text: str) -> None:
        """Put ``text`` in place of the original text from ``start`` to ``end``."""
        self._splices.append(Splice(start, end, text))

    @property
    def splices(self) -> tuple[Splice, ...]:
        """The changes so far, as pieces of the original text replaced."""
        return tuple(self._splices)

    def result(self) -> str:
        """The text with every change applied."""
        out, at = [], 0
        for splice in sorted(self._splices, key=lambda s: (s.start, s.end)):
            if splice.start < at:
                raise EditError("two changes overlap")  # pragma: no cover - a bug if it happens
            out.append(self.text[at : splice.start])
            out.append(splice.text)
            at = splice.end
        out.append(self.text[at:])
        return "".join(out)

    # lists

    def _add_block_item(self, seq_path: DocPath, node: Node, entry: dict[str, object], index: int | None) -> None:
        dash_col = node.col - 1
        first = self.locs.values.get(seq_path + (0,))
        key_col = dash_col + 2
        if first is not None and first.kind == "map" and not first.flow and first.line == node.line:
            key_col = first.col - 1
        lines = _block_item(entry, dash_col, key_col)
        count = self.nodes.count_items(seq_path)
        if index is not None and index < count:
            target = self.locs.values[seq_path + (index,)]
            start = self.lines.start(target.start)
            if self.text[start : target.start].strip() not in ("-", ""):
                raise EditError("the list's items do not each start a line")
            # Above the comment lines at its dash's column: they introduce the item after them.
            start = self.lines.up_while(start, lambda line: comment_at(line) == dash_col)
            self.replace(start, start, "".join(line + self.newline for line in lines))
            return
        self._insert_after(seq_path, dash_col, lines)

    def _add_flow_item(self, seq_path: DocPath, node: Node, entry: dict[str, object], index: int | None) -> None:
        item = _flow_item(entry)
        count = self.nodes.count_items(seq_path)
        if count == 0:
            self.replace(node.start, node.end, f"[{item}]")
        elif index is not None and index < count:
            target = self.locs.values[seq_path + (index,)]
            self.replace(target.start, target.start, item + ", ")
        else:
            close = node.end - 1
            if self.text[close] != "]":  # pragma: no cover - libyaml ends a flow list at "]"
                raise EditError("cannot find the end of the list")
            last = self.locs.values[seq_path + (count - 1,)]
            self.replace(last.end, last.end, ", " + item)

    def _new_list_dash_col(self, map_path: DocPath) -> int:
        """Where a new list's dashes go under a key of ``map_path``: as the file does it."""
        return self.locs.values[map_path].col - 1 + self.nodes.list_offset()

    # mappings

    def _add_entry(
        self,
        map_path: DocPath,
        key: str,
        value_lines: list[str],
        *,
        before: tuple[str, ...],
        block: bool = False,
    ) -> None:
        node = self.locs.values.get(map_path)
        if node is None or node.kind != "map":
            raise EditError("the action is not a mapping")
        if node.flow:
            if block:
                raise EditError(f"cannot add '{key}' to a mapping written on one line ({{...}})")
            close = node.end - 1
            written = self.text[node.start + 1 : close].rstrip()
            # After an entry, or an entry added here already; not after a trailing comma ("{a: 1, }").
            first = close not in self._appended and (not self.nodes.count_entries(map_path) or written.endswith(","))
            self._appended.add(close)
            self.replace(close, close, f"{'' if first else ', '}{key}: {value_lines[0]}")
            return
        key_col = node.col - 1
        if block:
            lines = [" " * key_col + f"{key}:", *value_lines]
        else:
            lines = [" " * key_col + f"{key}: {value_lines[0]}"]
        for name in before:
            key_node = self.locs.keys.get(map_path + (name,))
            if key_node is not None:
                start = self.lines.start(key_node.start)
                if self.text[start : key_node.start].strip() == "":
                    start = self.lines.comments_above(start, key_col)
                    self.replace(start, start, "".join(line + self.newline for line in lines))
                    return
        self._insert_after(map_path, key_col - 1, lines)

    # positions

    def _written_end(self, path: DocPath, start: int, floor: int = 0) -> int:
        """Where the last character written for the node at ``path`` ends, or
        ``start`` if that is later; blank characters after it (down to ``floor``) aside.

        Block containers end where the next token starts, past any comments
        and blank lines; only scalars and flow containers end where they end.
        """
        end, kept = start, 0
        for node in self.nodes.subtree(path):
            if node.kind == "scalar" or node.flow:
                end = max(end, node.end)
                if node.style in ("|", ">") and _KEEP.match(self.text, node.start):
                    kept = max(kept, node.end)  # its blank lines are its own ("|+"): they stay with it
        while end > max(floor, kept) and self.text[end - 1] in BLANK:
            end -= 1
        return end

    def _line_after(self, index: int) -> int | None:
        """Where the line after the one ``index`` ends is starts: ``index`` itself when it
        starts a line (a kept block scalar's end); None when there is none."""
        if index > 0 and self.text[index - 1] in BREAK_CHARS:
            return index if index < len(self.text) else None
        return self.lines.after(index)

    def _span(self, path: DocPath, line_start: int, anchor: int, end: int) -> tuple[int, int]:
        """Where the lines of the node at ``path`` start and end (see :meth:`remove_item`).

        ``anchor`` is where its dash or key stands, ``end`` where written
        things end besides the scalars and flow nodes under ``path``.
        """
        col = indent(self.text[line_start:anchor])
        start = self.lines.up_while(line_start, lambda line: not line.strip(" ") or comment_at(line) == col)
        following = self._line_after(self._written_end(path, end, anchor))
        return start, self.lines.deeper_comments_end(len(self.text) if following is None else following, col)

    def _insert_after(self, path: DocPath, owner_col: int, lines: list[str]) -> None:
        """Insert ``lines`` after the node at ``path``, and after the comment
        lines that belong to it (indented deeper than ``owner_col``)."""
        at = self._line_after(self._written_end(path, self.locs.values[path].start))
        if at is not None:
            at = self.lines.deeper_comments_end(at, owner_col)
            if at == len(self.text) and not self.lines.ends_with_break():
                at = self.lines.start(at)  # a comment ends the file: the lines go above it
        self._insert_lines(len(self.text) if at is None else at, lines)

    def _insert_lines(self, at: int, lines: list[str]) -> None:
        """Insert whole ``lines`` at the line start ``at``, or at the very end."""
        if at == len(self.text) and not self.lines.ends_with_break():
            # The file ends on this line, without a final line break: the new
            # lines go after a break of their own, and the file still ends
            # without one. Several insertions here each bring their own break.
            self.replace(at, at, "".join(self.newline + line for line in lines))
        else:
            self.replace(at, at, "".join(line + self.newline for line in lines))


class Nodes:
    """Questions about the nodes of one document, in document order."""

    def __init__(self, locations: Locations) -> None:
        self.locs = locations
        # Built on first need, for many edits to one big plan: the paths in
        # document order, each path's place in it, and the file's list indent.
        self._order: list[DocPath] | None = None
        self._place: dict[DocPath, int] = {}
        self._list_offset: int | None = None

    def subtree(self, path: DocPath) -> Iterator[Node]:
        """The node at ``path`` and every node under it.

        The reader records nodes in document order, so a node's descendants
        follow it, up to the first node that is not under it.
        """
        if self._order is None:
            self._order = list(self.locs.values)
            self._place = {where: i for i, where in enumerate(self._order)}
        depth = len(path)
        values = self.locs.values
        for where in itertools.islice(self._order, self._place[path], None):
            if where[:depth] != path:
                return
            yield values[where]

    def count_items(self, seq_path: DocPath) -> int:
        count = 0
        while seq_path + (count,) in self.locs.values:
            count += 1
        return count

    def count_entries(self, map_path: DocPath) -> int:
        depth = len(map_path) + 1
        return sum(1 for path in self.locs.values if len(path) == depth and path[:-1] == map_path)

    def list_offset(self) -> int:
        """How far right of its key the file writes a block list's dashes (the most usual way)."""
        if self._list_offset is None:
            offsets: dict[int, int] = {}
            for path, node in self.locs.values.items():
                if node.kind == "seq" and not node.flow and path and path in self.locs.keys:
                    offset = node.col - self.locs.keys[path].col
                    if offset >= 0:
                        offsets[offset] = offsets.get(offset, 0) + 1
            self._list_offset = max(offsets, key=lambda o: (offsets[o], o)) if offsets else 2
        return self._list_offset


#: The header of a block scalar that keeps its final blank lines (``|+``, ``>2+``).
_KEEP = re.compile(r"[|>](?:[1-9]?\+|\+[1-9]?)")


def _quoted_as(raw: str, style: str | None, written: str) -> str:
    """``raw`` quoted as the value it replaces was (``'Amber'`` stays single-quoted), when
    it can be; else ``written``, as hcplan writes it."""
    if style == '"':
        return double_quoted(raw)
    if style == "'" and "\n" not in raw and all(_printable(c) for c in raw):
        return "'" + raw.replace("'", "''") + "'"
    return written


def _flow_item(entry: dict[str, object]) -> str:
    return "{" + ", ".join(flow_entry(k, v) for k, v in entry.items()) + "}"


def flow_entry(key: str, item: object) -> str:
    """``key: value`` as an entry of a mapping written in braces (a mapping value in braces too)."""
    return f"{key}: {_flow_item(item) if isinstance(item, dict) else value(item, flow=True)}"


def _block_item(entry: dict[str, object], dash_col: int, key_col: int | None = None) -> list[str]:
    """The lines of a list item holding the mapping ``entry``."""
    if key_col is None:
        key_col = dash_col + 2
    lines = []
    for i, (key, item) in enumerate(entry.items()):
        written = f"{key}: {value(item)}"
        if i == 0:
            lines.append(" " * dash_col + "-" + " " * (key_col - dash_col - 1) + written)
        else:
            lines.append(" " * key_col + written)
    return lines


def _empty_value(written: str) -> bool:
    return written.strip() in ("", "~", "null", "Null", "NULL")
