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
from hcplan.problems import DocPath
from hcplan.files.reader import LINE_BREAKS, Locations, Node, Source


#: The characters that end a line (CRLF is a CR then an LF), and those that
#: are blank between tokens.
_BREAK_CHARS = "".join(b for b in LINE_BREAKS if len(b) == 1)
_BLANK = " \t" + _BREAK_CHARS


class EditError(HcplanError):
    """The text has a shape hcplan cannot edit in place; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Splice:
    start: int
    end: int
    text: str


# --- scalars ---------------------------------------------------------------

_SPECIAL_WORDS = frozenset(
    "~ null Null NULL true True TRUE false False FALSE yes Yes YES no No NO "
    "on On ON off Off OFF y Y n N".split()
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
    return code == 0x9 or 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or (
        0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
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
        self._splices: list[Splice] = []
        # Built on first need, for many edits to one big plan: the paths in
        # document order, each path's place in it, and the file's list indent.
        self._order: list[DocPath] | None = None
        self._place: dict[DocPath, int] = {}
        self._seq_offset: int | None = None

    # public operations

    def set_scalar(self, map_path: DocPath, key: str, value: str | date, *, before: tuple[str, ...] = ()) -> None:
        """Set ``key`` of the mapping at ``map_path`` to the text (or date) ``value``.

        An existing value is replaced where it stands; a missing key is added
        on a line of its own, before the first of the keys ``before`` that the
        mapping has, or after its last entry.
        """
        node = self.locs.values.get(map_path + (key,))
        owner = self.locs.values.get(map_path)
        value = value.isoformat() if isinstance(value, date) else scalar(value, flow=owner is not None and owner.flow)
        if node is None:
            self._add_entry(map_path, key, [value], before=before)
            return
        if node.kind != "scalar":
            raise EditError(f"'{key}' holds a list or mapping, not a single value")
        if node.start == node.end:  # written empty: "status:"
            gap = "" if self.text[node.start - 1 : node.start] == " " else " "
            self._splices.append(Splice(node.start, node.end, gap + value))
        else:
            self._splices.append(Splice(node.start, node.end, value))

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
            self._add_entry(map_path, key, ["[" + self._flow_item(entry) + "]"], before=before)
        elif node is None:
            lines = self._block_items(entry, self._new_seq_dash_col(map_path))
            self._add_entry(map_path, key, lines, before=before, block=True)
        elif node.kind == "seq" and not node.flow:
            self._add_block_item(seq_path, node, entry, index)
        elif node.kind == "seq":
            self._add_flow_item(seq_path, node, entry, index)
        elif node.kind == "scalar" and self._empty_value(node):
            dash_col = self._new_seq_dash_col(map_path)
            lines = self._block_items(entry, dash_col)
            start = self._after_colon(map_path + (key,))
            self._splices.append(Splice(start, node.end, self.newline + self.newline.join(lines)))
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
        start = self._line_start(node.start)
        if self.text[start : node.start].strip(" ") != "-":
            raise EditError("the list's items do not each start a line with '- '")
        self._cut(seq_path + (index,), start, node.start, (node.start,))

    def remove_entry(self, map_path: DocPath, key: str) -> None:
        """Cut ``key`` and its value out of the block mapping at ``map_path``,
        with the lines that belong to it (as :meth:`remove_item` says)."""
        key_node = self.locs.keys.get(map_path + (key,))
        if key_node is None:
            return
        start = self._line_start(key_node.start)
        if self.text[start : key_node.start].strip(" "):
            raise EditError(f"'{key}' does not start a line of its own")
        self._cut(map_path + (key,), start, key_node.start, (key_node.end,))

    def insert_after_entry(self, map_path: DocPath, key: str, entries: dict[str, object]) -> None:
        """Write ``entries`` (text, dates, or mappings written ``{a: b}``) as new
        keys of the block mapping at ``map_path``, just after ``key``'s entry."""
        key_node = self.locs.keys.get(map_path + (key,))
        if key_node is None:
            raise EditError(f"no '{key}' to write after")  # pragma: no cover - a caller's bug
        indent = " " * (key_node.col - 1)
        lines = [
            f"{indent}{name}: {self._flow_item(item) if isinstance(item, dict) else value(item)}"
            for name, item in entries.items()
        ]
        _, end = self._span(map_path + (key,), self._line_start(key_node.start), key_node.start, (key_node.end,))
        if end == len(self.text) and not self._ends_with_break():
            # the last line has no line break: the new lines bring their own, and the file still ends without one
            self._splices.append(Splice(end, end, "".join(self.newline + line for line in lines)))
        else:
            self._splices.append(Splice(end, end, "".join(line + self.newline for line in lines)))

    def replace(self, start: int, end: int, text: str) -> None:
        """Put ``text`` in place of the original text from ``start`` to ``end``."""
        self._splices.append(Splice(start, end, text))

    def _cut(self, path: DocPath, line_start: int, anchor: int, ends: tuple[int, ...]) -> None:
        start, end = self._span(path, line_start, anchor, ends)
        self._splices.append(Splice(start, end, ""))

    def _span(self, path: DocPath, line_start: int, anchor: int, ends: tuple[int, ...]) -> tuple[int, int]:
        """Where the lines of the node at ``path`` start and end (see :meth:`remove_item`).

        ``anchor`` is where its dash or key stands, ``ends`` where written
        things end besides the scalars and flow nodes under ``path``.
        """
        col = len(self.text[line_start:anchor]) - len(self.text[line_start:anchor].lstrip(" "))
        start = line_start
        while start > 0:
            previous, line_end = self._line_before(start)
            line = self.text[previous:line_end]
            stripped = line.lstrip(" ")
            if stripped and not (stripped.startswith("#") and len(line) - len(stripped) == col):
                break
            start = previous
        depth = len(path)
        last = max(
            [*ends, *(n.end for w, n in self.locs.values.items() if w[:depth] == path and (n.kind == "scalar" or n.flow))]
        )
        while last > anchor and self.text[last - 1] in _BLANK:
            last -= 1
        following = self._next_line(last)
        end = len(self.text) if following is None else following
        while end < len(self.text):
            line = self.text[end : self._line_end(end)]
            stripped = line.lstrip(" ")
            if not (stripped.startswith("#") and len(line) - len(stripped) > col):
                break
            following = self._next_line(end)
            end = len(self.text) if following is None else following
        return start, end

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
        lines = self._block_items(entry, dash_col, key_col)
        count = self._count_items(seq_path)
        if index is not None and index < count:
            target = self.locs.values[seq_path + (index,)]
            start = self._line_start(target.start)
            if self.text[start:target.start].strip() not in ("-", ""):
                raise EditError("the list's items do not each start a line")
            self._splices.append(Splice(start, start, "".join(line + self.newline for line in lines)))
            return
        self._insert_after(seq_path, dash_col, lines)

    @staticmethod
    def _flow_item(entry: dict[str, object]) -> str:
        return "{" + ", ".join(f"{k}: {value(v, flow=True)}" for k, v in entry.items()) + "}"

    def _add_flow_item(self, seq_path: DocPath, node: Node, entry: dict[str, object], index: int | None) -> None:
        item = self._flow_item(entry)
        count = self._count_items(seq_path)
        if count == 0:
            self._splices.append(Splice(node.start, node.end, f"[{item}]"))
        elif index is not None and index < count:
            target = self.locs.values[seq_path + (index,)]
            self._splices.append(Splice(target.start, target.start, item + ", "))
        else:
            close = node.end - 1
            if self.text[close] != "]":  # pragma: no cover - libyaml ends a flow list at "]"
                raise EditError("cannot find the end of the list")
            last = self.locs.values[seq_path + (count - 1,)]
            self._splices.append(Splice(last.end, last.end, ", " + item))

    def _block_items(self, entry: dict[str, object], dash_col: int, key_col: int | None = None) -> list[str]:
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

    def _new_seq_dash_col(self, map_path: DocPath) -> int:
        """Where a new list's dashes go under a key of ``map_path``: as the file does it."""
        if self._seq_offset is None:
            offsets: dict[int, int] = {}
            for path, node in self.locs.values.items():
                if node.kind == "seq" and not node.flow and path and path in self.locs.keys:
                    offset = node.col - self.locs.keys[path].col
                    if offset >= 0:
                        offsets[offset] = offsets.get(offset, 0) + 1
            self._seq_offset = max(offsets, key=lambda o: (offsets[o], o)) if offsets else 2
        return self._map_key_col(map_path) + self._seq_offset

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
            sep = ", " if self._count_entries(map_path) else ""
            self._splices.append(Splice(close, close, f"{sep}{key}: {value_lines[0]}"))
            return
        key_col = node.col - 1
        if block:
            lines = [" " * key_col + f"{key}:", *value_lines]
        else:
            lines = [" " * key_col + f"{key}: {value_lines[0]}"]
        for name in before:
            key_node = self.locs.keys.get(map_path + (name,))
            if key_node is not None:
                start = self._line_start(key_node.start)
                if self.text[start : key_node.start].strip() == "":
                    start = self._above_comments(start, key_col)
                    self._splices.append(Splice(start, start, "".join(line + self.newline for line in lines)))
                    return
        self._insert_after(map_path, key_col - 1, lines)

    def _map_key_col(self, map_path: DocPath) -> int:
        return self.locs.values[map_path].col - 1

    # positions

    def _subtree_end(self, path: DocPath) -> int:
        """Where the last character written for the node at ``path`` ends.

        Block containers end where the next token starts, past any comments
        and blank lines; only scalars and flow containers end where they end.
        """
        end = self.locs.values[path].start
        for node in self._subtree(path):
            if node.kind == "scalar" or node.flow:
                end = max(end, node.end)
        while end > 0 and self.text[end - 1] in _BLANK:
            end -= 1
        return end

    def _subtree(self, path: DocPath) -> Iterator[Node]:
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

    def _insert_after(self, path: DocPath, owner_col: int, lines: list[str]) -> None:
        """Insert ``lines`` after the node at ``path``, and after the comment
        lines that belong to it (indented deeper than ``owner_col``)."""
        at = self._next_line(self._subtree_end(path))
        while at is not None:
            line = self.text[at : self._line_end(at)]
            stripped = line.lstrip(" ")
            if not (stripped.startswith("#") and len(line) - len(stripped) > owner_col):
                break
            following = self._next_line(at)
            if following is None:  # a comment ends the file: the lines go above it
                break
            at = following
        if at is None:
            # The file ends on this line, without a final line break: the new
            # lines go after a break of their own, and the file still ends
            # without one. Several insertions here each bring their own break.
            end = len(self.text)
            self._splices.append(Splice(end, end, "".join(self.newline + line for line in lines)))
            return
        self._splices.append(Splice(at, at, "".join(line + self.newline for line in lines)))

    def _above_comments(self, start: int, col: int) -> int:
        """Move ``start`` (a line start) up over the comment lines just above it
        that are indented ``col`` or more: they belong to what follows them."""
        while start > 0:
            previous, end = self._line_before(start)
            line = self.text[previous:end]
            stripped = line.lstrip(" ")
            if not stripped.startswith("#") or len(line) - len(stripped) < col:
                break
            start = previous
        return start

    # Lines end at any break the parser knows (LF, CRLF, CR, NEL, LS, PS; see
    # :data:`~hcplan.files.reader.LINE_BREAKS`), whatever the file's own style.

    def _line_start(self, index: int) -> int:
        """Where the line holding ``index`` starts."""
        return max(self.text.rfind(b, 0, index) for b in _BREAK_CHARS) + 1

    def _line_end(self, index: int) -> int:
        """Where the line holding ``index`` ends, before its line break."""
        found = [i for i in (self.text.find(b, index) for b in _BREAK_CHARS) if i != -1]
        return min(found) if found else len(self.text)

    def _line_before(self, start: int) -> tuple[int, int]:
        """Where the line before the one starting at ``start`` starts, and where its text ends."""
        end = start - (2 if self.text.startswith("\r\n", start - 2) else 1)
        return self._line_start(end), end

    def _ends_with_break(self) -> bool:
        return self.text.endswith(tuple(_BREAK_CHARS))

    def _next_line(self, index: int) -> int | None:
        """Where the line after the one holding ``index`` starts; None on the last line."""
        end = self._line_end(index)
        if end == len(self.text):
            return None
        return end + (2 if self.text.startswith("\r\n", end) else 1)

    def _after_colon(self, value_path: DocPath) -> int:
        key = self.locs.keys[value_path]
        colon = self.text.find(":", key.end)
        return colon + 1

    def _empty_value(self, node: Node) -> bool:
        written = self.text[node.start : node.end]
        return written.strip() in ("", "~", "null", "Null", "NULL")

    def _count_items(self, seq_path: DocPath) -> int:
        count = 0
        while seq_path + (count,) in self.locs.values:
            count += 1
        return count

    def _count_entries(self, map_path: DocPath) -> int:
        depth = len(map_path) + 1
        return sum(1 for path in self.locs.values if len(path) == depth and path[:-1] == map_path)
