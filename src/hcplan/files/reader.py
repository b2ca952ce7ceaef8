"""Read a plan file's bytes into plain Python data, safely, with positions.

A plan is written by people and reviewed in pull requests, so hcplan reads it
with a deliberately small YAML: mappings, sequences and scalars. It builds the
data itself from libyaml's event stream (the C parser in ``ruamel.yaml.clib``)
instead of using a YAML constructor, which buys four things at once:

* nothing in a file is ever executed or constructed: tags (``!!python/...``)
  anchors and aliases are refused where they stand, so there is no alias bomb;
* nesting is bounded before it can exhaust the stack (the C composer is
  recursive and crashes on ~50,000 levels of ``[[[``);
* scalars keep YAML 1.2 meaning without any guessing: only ``null`` and
  ``true``/``false`` are resolved; numbers and dates stay text and the model
  turns them into what each field expects, so ``id: 1.10`` stays ``"1.10"``;
* every node's position is known, for messages and for editing the text in
  place (see :mod:`hcplan.files.edit`).

Reading is several times faster than ruamel's own safe loader, whose
constructor is pure Python.
"""

from __future__ import annotations

import os
import re
from operator import itemgetter
from typing import Any, NamedTuple

from hcplan.errors import HcplanError
from hcplan.problems import DocPath, Problem, Severity
from hcplan.quoting import one_line, quote

#: A plan file larger than this is refused before it is parsed. A plan with a
#: thousand actions and their history is under 2 MB.
MAX_BYTES = 10 * 1024 * 1024

#: The names of plan files: what a folder is searched for.
PLAN_SUFFIXES = (".yaml", ".yml")

#: Deeper nesting than this is refused while parsing. A plan needs about ten.
MAX_DEPTH = 64

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


class ReadError(HcplanError):
    """The file could not be read as YAML; ``problems`` says where and why.

    When the text was read to its end all the same (its problems are of how it
    is written: a comment without a space before its ``#``, a key written twice),
    ``data`` is what it holds (and ``locations`` where, when asked for), so that
    the rest of the plan can still be checked in the same run; else None.
    """

    def __init__(self, problems: list[Problem], data: Any = None, locations: Locations | None = None) -> None:
        where = problems[0].path if problems else "the file"
        super().__init__(f"{where} cannot be read as a plan", problems=problems)
        self.data = data
        self.locations = locations


class Node(list[Any]):
    """Where one node of the document stands in the text.

    ``line`` and ``col`` are 1-based, for people; ``start`` and ``end`` index
    the decoded text (without a byte order mark), for editing. ``kind`` is
    "map", "seq" or "scalar"; ``style`` is a scalar's quote or block style,
    None when plain.

    Made from those seven in that order, ``Node((line, col, start, end, kind,
    flow, style))``: a list underneath, because a located read makes one for
    every key and value of the document (some 130,000 for a 1,000-action
    plan), and a list is made at C speed where a class with its own
    ``__init__`` costs more than twice as much.
    """

    __slots__ = ()

    line: int = property(itemgetter(0))  # type: ignore[assignment]
    col: int = property(itemgetter(1))  # type: ignore[assignment]
    start: int = property(itemgetter(2))  # type: ignore[assignment]
    kind: str = property(itemgetter(4))  # type: ignore[assignment]
    flow: bool = property(itemgetter(5))  # type: ignore[assignment]
    style: str | None = property(itemgetter(6))  # type: ignore[assignment]

    @property
    def end(self) -> int:
        return self[3]

    @end.setter
    def end(self, index: int) -> None:  # set when a collection closes
        self[3] = index

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Node) and list.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # mutable: its end is set when the node closes

    def __repr__(self) -> str:
        return "Node(line={}, col={}, start={}, end={}, kind={!r}, flow={}, style={!r})".format(*self)


class Locations:
    """Positions of a document's nodes, by document path.

    ``values[path]`` is the node at ``path``; ``keys[path]`` is the key whose
    value is at ``path`` (mapping entries only).
    """

    __slots__ = ("values", "keys")

    def __init__(self) -> None:
        self.values: dict[DocPath, Node] = {}
        self.keys: dict[DocPath, Node] = {}

    def locate(self, where: DocPath, *, key: bool = False) -> tuple[int, int]:
        """The line and column to report for ``where``.

        With ``key`` the mapping key is preferred (for "unknown key" problems).
        A path that does not exist (a missing key) falls back to its nearest
        existing parent, so every problem gets a real position.
        """
        where = tuple(where)
        node: Node | None
        if key and where in self.keys:
            node = self.keys[where]
            return node.line, node.col
        while where:
            node = self.values.get(where)
            if node is not None:
                return node.line, node.col
            where = where[:-1]
        node = self.values.get(())
        return (node.line, node.col) if node is not None else (1, 1)


class Source(NamedTuple):
    """A plan file's decoded text.

    ``newline`` is the file's own line break (see :func:`newline_style`): the
    one new lines are written with.
    """

    path: str
    text: str
    bom: bool = False
    newline: str = "\n"


#: Every line break the parser (libyaml) takes for one: LF, CRLF and CR, and
#: the Unicode breaks YAML 1.1 also knows (NEL, LINE SEPARATOR, PARAGRAPH
#: SEPARATOR). CRLF is one break, not two.
LINE_BREAKS = ("\n", "\r\n", "\r", "\x85", "\u2028", "\u2029")


def newline_style(text: str) -> str:
    """The line break ``text`` uses most: the style new lines should take.

    A file may mix styles (a CRLF file edited with an LF editor); its
    dominant one wins, and a tie goes to the earlier in :data:`LINE_BREAKS`,
    so LF, then CRLF. Text with no line break at all gets LF.
    """
    crlf = text.count("\r\n")
    counts = {
        "\n": text.count("\n") - crlf,
        "\r\n": crlf,
        "\r": text.count("\r") - crlf,
        **{b: text.count(b) for b in LINE_BREAKS[3:]},
    }
    best = max(LINE_BREAKS, key=lambda b: counts[b])
    return best if counts[best] else "\n"


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character ``index`` in ``text``.

    Lines end as an editor ends them, and as YAML 1.2 does: at LF, CR LF or a
    lone CR.
    """
    line = text.count("\n", 0, index) + 1
    if "\r" in text:
        line += text.count("\r", 0, index) - text.count("\r\n", 0, index)
    col = index - (max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1) + 1
    return line, col


def _problem(path: str, line: int, col: int, rule: str, message: str) -> Problem:
    return Problem(path, line, col, Severity.ERROR, rule, one_line(message))


def _refuse(path: str, line: int, col: int, rule: str, message: str) -> ReadError:
    """The error that refuses a whole file, for one reason."""
    return ReadError([_problem(path, line, col, rule, message)])


def decode(raw: bytes, path: str) -> Source:
    """Turn a file's bytes into text, refusing what cannot be a plan.

    Raises:
        ReadError: the file is too large, binary, or not UTF-8.
    """
    if len(raw) > MAX_BYTES:
        raise _too_big(path, len(raw))
    wide = wide_encoding(raw)
    if wide is not None:
        name = wide[0] if wide[1] else f"{wide[0]} without a byte order mark"
        raise _refuse(path, 1, 1, "encoding", f"file is {name}; save it as UTF-8")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _byte_line_col(raw, nul)
        raise _refuse(path, line, col, "encoding", "this is a binary file, not a YAML plan (it contains a NUL byte)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_line_col(raw, exc.start)
        message = f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8"
        raise _refuse(path, line, col, "encoding", message) from None
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    return Source(path, text, bom, newline_style(text))


def wide_encoding(raw: bytes) -> tuple[str, bool] | None:
    """The encoding of more than a byte a character ``raw`` is in, "UTF-16" or "UTF-32", and
    whether a byte order mark says so; None for text of bytes (UTF-8, Windows-1252) or no
    text. Without a mark: by the zero bytes Latin letters have every other or every fourth
    byte, else as the text reads in one of them (nine characters in ten printable, and a
    line break: Greek letters have no zero byte). Plans and CSV files alike are judged so."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32", True
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16", True
    head = raw[:4096]
    if b"\x00" not in head:
        return None
    zeros = [head[i::4].count(0) / max(1, len(head[i::4])) for i in range(4)]
    if sum(z > 0.9 for z in zeros) == 3:
        return "UTF-32", False
    if min(zeros[0], zeros[2]) > 0.9 or min(zeros[1], zeros[3]) > 0.9:
        return "UTF-16", False
    for codec in ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        shown = sum(c.isprintable() or c in "\n\r\t" for c in text)
        if "\n" in text and shown >= 0.9 * len(text):
            return codec[:6].upper(), False
    return None


def _byte_line_col(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset``, lines ended as :func:`line_col` ends them."""
    start = max(raw.rfind(b"\n", 0, offset), raw.rfind(b"\r", 0, offset)) + 1
    col = len(raw[start:offset].decode("utf-8", errors="replace")) + 1
    line = raw.count(b"\n", 0, offset) + raw.count(b"\r", 0, offset) - raw.count(b"\r\n", 0, offset)
    return line + 1, col


def _too_big(path: str, size: int) -> ReadError:
    limit = MAX_BYTES // (1024 * 1024)
    # In bytes: "10.5 MB" against a limit of "10 MB" read as a mistake (MB and MiB) near the limit.
    return _refuse(
        path, 1, 1, "file-size", f"file is {size:,} bytes; a plan file may be at most {MAX_BYTES:,} bytes ({limit} MB)"
    )


def read_bytes(path: str) -> bytes:
    """The bytes of the file at ``path``, refusing what cannot be a plan.

    Raises:
        ReadError: it cannot be read, or is too large.
    """
    try:
        # Opened without waiting: a pipe (mkfifo) waits for a writer at its opening, for ever.
        with open(path, "rb", opener=_without_waiting) as handle:
            info = os.fstat(handle.fileno())
            kind = special_kind(info.st_mode)
            if kind is not None and not _a_shells_pipe(path) and (kind != PIPE or not _written_to(handle.fileno())):
                waited = f" that nothing wrote to in {PIPE_WAIT} seconds" if kind == PIPE else ""
                raise _refuse(path, 1, 1, "file", f"is {kind}{waited}, not a plan file")
            if kind is not None:  # `cat plan.yaml | hcplan check /dev/stdin`: the pipe is read as it comes
                os.set_blocking(handle.fileno(), True)
            if info.st_size > MAX_BYTES:
                raise _too_big(path, info.st_size)
            raw = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        if not os.access(path, os.R_OK | os.X_OK):
            raise _refuse(path, 1, 1, "file", _UNREADABLE_FOLDER) from None
        raise _refuse(path, 1, 1, "file", "is a folder, not a plan file") from None
    except FileNotFoundError:
        from hcplan.files.named import absent

        raise _refuse(path, 1, 1, "file", absent(path)) from None
    except PermissionError:
        if os.path.isdir(path):
            raise _refuse(path, 1, 1, "file", _UNREADABLE_FOLDER) from None
        raise _refuse(path, 1, 1, "file", "permission denied") from None
    except OSError as exc:
        import errno

        said = "a symbolic link that leads round in a loop, to no file" if exc.errno == errno.ELOOP else None
        raise _refuse(path, 1, 1, "file", said or exc.strerror or str(exc)) from None
    if len(raw) > MAX_BYTES:
        raise _too_big(path, len(raw))
    return raw


def _without_waiting(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


#: What is said of a folder a walk found that hcplan may not read (its plans are not read).
_UNREADABLE_FOLDER = "a folder hcplan may not read (permission denied): the plans in it are not read"

#: How long a pipe named as a plan (``mkfifo``, as ``<(git show ...)`` makes one) is waited
#: on for its writer: one that nothing writes to would be waited on for ever.
PIPE_WAIT = 5

PIPE = "a pipe (FIFO)"


def _written_to(fd: int) -> bool:
    """Whether something writes to the pipe ``fd`` (or its writer has come and gone)
    within :data:`PIPE_WAIT` seconds."""
    import select

    poll = select.poll()
    poll.register(fd, select.POLLIN)
    return bool(poll.poll(PIPE_WAIT * 1000))


def special_kind(mode: int) -> str | None:
    """What a file of ``mode`` is when it is not a regular file (``a pipe (FIFO)``), else None."""
    import stat

    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return PIPE
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _a_shells_pipe(path: str) -> bool:
    """Whether ``path`` names what the shell gave hcplan (``/dev/stdin``, ``<(...)``), which
    is read however it comes; a pipe or device named anywhere else is no plan."""
    return path.startswith(("/dev/stdin", "/dev/fd/", "/proc/self/fd/"))


def read_file(path: str) -> Source:
    """Read and decode the file at ``path``.

    Raises:
        ReadError: it cannot be read, or is not text.
    """
    return decode(read_bytes(path), path)


def _tab_problems(source: Source, index: int) -> list[Problem]:
    """The tab at ``index`` that stopped the parser, and every other line indented with a tab.

    A tab in the indentation usually comes with more; a tab elsewhere (after
    ``-`` or ``?``) is reported where it stands.
    """
    text = source.text
    line, col = line_col(text, index)
    start = index - col + 1
    if text[start:index].strip(" \t"):
        before = text[start:index].rstrip(" \t")[-1:]
        after = f" after '{before}'" if before in ("-", "?", ":") else ""
        message = f"a tab{after} here: hcplan's YAML reader needs a space instead"
        return [_problem(source.path, line, col, "yaml", message)]
    return _tab_lines(source)


def _tab_lines(source: Source) -> list[Problem]:
    """Every line indented with a tab."""
    found = []
    for number, line in enumerate(source.text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            found.append(
                _problem(
                    source.path,
                    number,
                    indent.index("\t") + 1,
                    "yaml",
                    "a tab character here; YAML indentation must use spaces",
                )
            )
    return found


def _friendly(problem: str) -> str:
    """libyaml's wording, made plainer where it is cryptic."""
    if problem.startswith("mapping values are not allowed"):
        return (
            "mapping values are not allowed here: a ': ' inside a value (put the value "
            "in quotes), or a line indented further than the one above"
        )
    if problem == "did not find expected key":
        return "did not find expected key: is this line indented like the ones above it?"
    return problem


def parse(source: Source, *, locate: bool = False) -> tuple[Any, Locations | None]:
    """Build plain data (dict, list, str, bool, None) from a plan's text.

    Args:
        source: the decoded file.
        locate: also record every node's position (slower; used to place
            problems and to edit the text).

    Returns:
        The data and, with ``locate``, its :class:`Locations`.

    Raises:
        ReadError: the text is not YAML hcplan accepts; every problem found
            before parsing had to stop is included.
    """
    from hcplan.files.strict import odd_characters  # only when a text is parsed

    odd = odd_characters(source.text)
    if odd:
        raise ReadError([_problem(source.path, *line_col(source.text, at), "yaml", message) for at, message in odd])
    conflict = _conflict_markers(source)
    if conflict:
        raise ReadError(conflict)
    builder = _Builder(source, locate)
    builder.run()
    # Read to its end, with problems only of how it is written, not of what it says: its
    # data is what was meant, and the rest of the plan can be checked.
    of_form = builder.complete and builder.strict.only_comments() and all(p.rule in _OF_FORM for p in builder.problems)
    problems = list(builder.problems)
    if builder.strict.runaway is not None:  # after a quote left open, what the parser says is its echo
        problems = [p for p in problems if p.line < builder.strict.runaway]
    for at, message in builder.strict.problems:
        problems.append(_problem(source.path, *line_col(source.text, at), "yaml", message))
    if problems:
        problems.sort(key=lambda p: (p.line, p.col))
        if of_form:
            raise ReadError(problems, builder.root, builder.locs)
        if not builder.complete and "\t" in source.text:
            _read_past_blank_tabs(source, locate)
        raise ReadError(problems)
    return builder.root, builder.locs


#: The lines git writes around a conflict it could not merge: ``<<<<<<< ours``, ``|||||||
#: base`` (diff3), ``=======``, ``>>>>>>> theirs``.
_CONFLICT = re.compile(r"(?:^|(?<=[\r\n]))(?:<{7}|\|{7}|={7}|>{7})(?:[ \t][^\r\n]*)?(?=[\r\n]|\Z)")


def _conflict_markers(source: Source) -> list[Problem]:
    """A problem at each line of a merge conflict git left in the text (a pull request's
    branch merged by hand, a stash popped onto changes): the YAML between them is two
    versions of one part, which no parser can say anything useful of."""
    text = source.text
    if "<<<<<<<" not in text or ">>>>>>>" not in text:
        return []
    found = list(_CONFLICT.finditer(text))
    if not any(m.group().startswith("<") for m in found) or not any(m.group().startswith(">") for m in found):
        return []
    said = {
        "<": "the start of a merge conflict git left here (your side follows)",
        "|": "the common version of a merge conflict (diff3) starts here",
        "=": "the middle of a merge conflict (the other side follows)",
        ">": "the end of a merge conflict",
    }
    return [
        _problem(
            source.path,
            *line_col(text, m.start()),
            "merge-conflict",
            f"{said[m.group()[0]]}: keep the lines the plan should have and delete the marker lines "
            "(<<<<<<<, =======, >>>>>>>), then check it again",
        )
        for m in found
    ]


def _read_past_blank_tabs(source: Source, locate: bool) -> None:
    """When every tab that starts a line stands on a line with nothing else on it, or
    only a comment (an editor's leftovers: they mean nothing), read the text with each
    of them a space, and raise the :class:`ReadError` of the tabs with the data read so:
    the rest of the plan is checked in the same run. Else return, and the tab stopped
    the reading."""
    spaced = []
    for line in re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", source.text):
        content = line.lstrip(" \t")
        if "\t" in line[: len(line) - len(content)]:
            if content.strip(" \t\r\n") and not content.startswith("#"):
                return  # a tab in the indentation of something: what it means cannot be known
            head = line[: len(line) - len(content)]
            line = head.replace("\t", " ") + content  # one character for one: positions stay
        spaced.append(line)
    if "".join(spaced) == source.text:
        return  # no tab starts a line: the one that stopped the reading is elsewhere (after a dash)
    tabs = _tab_lines(source)
    try:
        data, locations = parse(source._replace(text="".join(spaced)), locate=locate)
    except ReadError as exc:
        if exc.data is None:
            return
        raise ReadError(sorted(tabs + exc.problems, key=lambda p: (p.line, p.col)), exc.data, exc.locations) from None
    raise ReadError(tabs, data, locations)


class _Builder:
    """Builds a document from libyaml's events, noting every problem it meets.

    A frame of :attr:`stack` is [container, path, pending key or None,
    first-key lines, column, flow, its Node or None]: the first-key lines map
    a key to the line it was first written on.
    """

    def __init__(self, source: Source, locate: bool) -> None:
        from hcplan.files.strict import Strict

        self.source = source
        self.locs = Locations() if locate else None
        self.strict = Strict(source.text)
        self.problems: list[Problem] = []
        self.stack: list[list[Any]] = []
        self.root: Any = None
        self.documents = 0
        self.aliases: set[str] = set()
        self.complete = False  # read to the end of the text

    def fail(self, mark: Any, rule: str, message: str) -> None:
        self.problems.append(_problem(self.source.path, mark.line + 1, mark.column + 1, rule, message))

    def run(self) -> None:
        """Read every event of the text, or up to the problem that stops reading."""
        from ruamel.yaml import events as ev
        from ruamel.yaml.error import MarkedYAMLError, YAMLError

        handlers = {
            ev.ScalarEvent: self.scalar,
            ev.MappingStartEvent: self.start_map,
            ev.SequenceStartEvent: self.start_list,
            ev.MappingEndEvent: self.end,
            ev.SequenceEndEvent: self.end,
            ev.AliasEvent: self.alias,
            ev.DocumentStartEvent: self.document,
        }
        stream_end = ev.StreamEndEvent
        next_event, done = _event_source(self.source.text)
        check_comments = self.strict.comments
        try:
            while True:
                event = next_event()
                cls = type(event)
                if check_comments:
                    self.strict.gap(event)
                handler = handlers.get(cls)
                if handler is not None:
                    handler(event)
                elif cls is stream_end:
                    self.complete = not self.stack and not self.aliases  # an alias leaves a hole
                    break
        except _Stop:
            pass
        except MarkedYAMLError as exc:
            self.problems.extend(_marked_problems(self.source, exc))
        except YAMLError as exc:  # e.g. ReaderError: a character YAML forbids
            self.problems.append(_reader_problem(self.source, exc))
        except (ValueError, UnicodeError) as exc:  # pragma: no cover - defensive
            self.problems.append(_problem(self.source.path, 1, 1, "yaml", f"cannot parse: {exc}"))
        finally:
            done()

    # events

    def scalar(self, event: Any) -> None:
        if event.anchor is not None or event.ctag is not None:  # ctag: the tag as given, if any
            self._refuse_anchor_and_tag(event)
        value = event.value
        style = event.style
        stack = self.stack
        if style == "|" or style == ">":
            self.strict.block_scalar(event, _block_column(stack))
        elif event.end_mark.line != event.start_mark.line:
            self.strict.scalar(event, _block_column(stack))
        elif not style and value[:1] == "-" and stack and stack[-1][5]:
            self.strict.plain_in_flow(event)
        if not style:  # plain (libyaml says '' or None)
            if value in _NULLS:
                value = None
            elif value in _TRUE:
                value = True
            elif value in _FALSE:
                value = False
        self.place(value, event, "scalar")

    def start_map(self, event: Any) -> None:
        self._start(event, {}, "map")

    def start_list(self, event: Any) -> None:
        self._start(event, [], "seq")

    def _start(self, event: Any, container: dict[str, Any] | list[Any], kind: str) -> None:
        stack = self.stack
        if len(stack) >= MAX_DEPTH:
            self.fail(event.start_mark, "depth", f"nesting deeper than {MAX_DEPTH} levels; a plan needs about ten")
            raise _Stop
        self._refuse_anchor_and_tag(event)
        flow = bool(event.flow_style)
        if flow and not (stack and stack[-1][5]):
            self.strict.flow_start(event, _block_column(stack))
        self.place(container, event, kind, flow)

    def end(self, event: Any) -> None:
        """A mapping or a list ends."""
        frame = self.stack.pop()
        if frame[5] and not (self.stack and self.stack[-1][5]):
            self.strict.flow_end(event)
        node = frame[6]
        if node is not None:
            node[3] = event.end_mark.index  # its end

    def alias(self, event: Any) -> None:
        if event.anchor not in self.aliases:  # one message per alias name is enough
            self.aliases.add(event.anchor)
            self.fail(
                event.start_mark,
                "anchor",
                f"aliases (*{event.anchor}) are not allowed in a plan; write the value out",
            )
        self.place(None, event, "scalar")

    def document(self, event: Any) -> None:
        if event.end_mark.index > event.start_mark.index:
            self.strict.directives(event)
        self.documents += 1
        if self.documents > 1:
            self.fail(event.start_mark, "yaml", "a second YAML document ('---'); a plan file holds one document")
            raise _Stop

    def _refuse_anchor_and_tag(self, event: Any) -> None:
        if event.anchor is not None:
            self.fail(event.start_mark, "anchor", _anchor_message(event.anchor))
        if event.tag is not None:
            self.fail(event.start_mark, "tag", _tag_message(event.tag))

    # the document

    def place(self, value: Any, event: Any, kind: str, flow: bool = False) -> None:
        """Put ``value`` where the document is: the root, an item, a key or a key's value."""
        mark = event.start_mark
        stack = self.stack
        if not stack:
            self.root = value
            child: DocPath = ()
        else:
            frame = stack[-1]
            container = frame[0]
            if type(container) is list:
                index = len(container)
                container.append(value)
                if kind == "scalar" and self.locs is None:
                    return  # no position to keep, no frame to open
                child = frame[1] + (index,)
            elif frame[2] is None:
                self._key(frame, event, kind)
                return
            else:
                key = frame[2]
                frame[2] = None
                if key is _Duplicate:
                    # Already reported: read the value, keep it nowhere.
                    if kind != "scalar":
                        stack.append([value, frame[1] + ("\0duplicate",), None, {}, mark.column, flow, None])
                    return
                container[key] = value
                if kind == "scalar" and self.locs is None:
                    return
                child = frame[1] + (key,)
        locs = self.locs
        node = None
        if locs is not None:
            node = locs.values[child] = Node(
                (
                    mark.line + 1,
                    mark.column + 1,
                    mark.index,
                    event.end_mark.index,
                    kind,
                    flow,
                    (event.style or None) if kind == "scalar" else None,
                )
            )
        if kind != "scalar":
            column = -1 if kind == "map" and not flow and (event.anchor or event.tag) else mark.column
            stack.append([value, child, None, {}, column, flow, node])

    def _key(self, frame: list[Any], event: Any, kind: str) -> None:
        """A mapping's key: note it, or report it written twice."""
        mark = event.start_mark
        if kind != "scalar":
            self.fail(mark, "yaml", "a key must be plain text, not a list or mapping")
            raise _Stop
        # an alias as a key has no text; it is reported already
        key = event.value if hasattr(event, "value") else f"*{event.anchor}"
        seen = frame[3]
        if frame[4] < 0:
            frame[4] = mark.column  # after an anchor or tag: where its keys are
        if key in seen:
            self.fail(mark, "duplicate-key", f"duplicate key {quote(key)} (first written on line {seen[key]})")
            frame[2] = _Duplicate
            return
        seen[key] = mark.line + 1
        frame[2] = key
        if self.locs is not None:
            self.locs.keys[frame[1] + (key,)] = Node(
                (mark.line + 1, mark.column + 1, mark.index, event.end_mark.index, "scalar", False, event.style or None)
            )


def _marked_problems(source: Source, exc: Any) -> list[Problem]:
    """The problem a parser error with a position describes (a tab gets its own words)."""
    mark = exc.problem_mark or exc.context_mark
    if mark is not None and source.text[mark.index : mark.index + 1] == "\t":
        return _tab_problems(source, mark.index)
    message = _friendly(str(exc.problem or exc.context or "invalid YAML"))
    context, where = exc.context, exc.context_mark
    if context == "while scanning a quoted scalar" and where is not None:
        # Found at the end of the file, or wherever the next quote mark was: said where it opened.
        quote_mark = source.text[where.index : where.index + 1]
        return [
            _problem(
                source.path,
                where.line + 1,
                where.column + 1,
                "yaml",
                f"this quoted text is never closed: put a {quote_mark} at its end (its quote opened here "
                f"runs on to line {mark.line + 1} looking for one)",
            )
        ]
    if exc.problem and context and where is not None and where is not mark:
        message += f" ({context} that starts on line {where.line + 1}, column {where.column + 1})"
    if mark is None:
        return [_problem(source.path, 1, 1, "yaml", message)]
    return [_problem(source.path, mark.line + 1, mark.column + 1, "yaml", message)]


def _reader_problem(source: Source, exc: Any) -> Problem:
    """The problem a parser error without a mark describes, e.g. a character YAML forbids."""
    position = getattr(exc, "position", None)
    line, col = line_col(source.text, position) if isinstance(position, int) else (1, 1)
    reason = getattr(exc, "reason", None) or str(exc)
    character = getattr(exc, "character", None)
    if isinstance(character, int):
        reason = f"{reason} (character U+{character:04X})"
    return _problem(source.path, line, col, "yaml", reason)


def _block_column(stack: list[list[Any]]) -> int | None:
    """The column of the block collection a node is in; None inside a flow collection or at the root."""
    if not stack or stack[-1][5]:
        return None
    return stack[-1][4]


def _event_source(text: str) -> tuple[Any, Any]:
    """A function giving the next parse event, and one to release the parser.

    libyaml through ``ruamel.yaml.clib`` when it is installed (hcplan depends
    on it); ruamel's pure-Python parser otherwise, which gives the same events
    several times more slowly.
    """
    try:
        from _ruamel_yaml import CParser
    except ImportError:
        from ruamel.yaml import YAML

        events = YAML(typ="safe", pure=True).parse(text)
        return events.__next__, events.close
    parser = CParser(text)
    return parser.get_event, parser.dispose


#: The problems of a text's form that leave what it says as written: a key written twice
#: (the first is read), an anchor on a value (the value is read as written). (A tag says
#: to make the value something else: what it holds is not what was meant.)
_OF_FORM = frozenset({"duplicate-key", "anchor"})


class _Stop(Exception):
    """Parsing cannot usefully go on; the reason is already a problem."""


class _DuplicateKey:
    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "<duplicate key>"


_Duplicate = _DuplicateKey()


def _anchor_message(anchor: str) -> str:
    return f"anchors (&{anchor}) are not allowed in a plan; write the value out"


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"tags ({shown}) are not allowed in a plan; nothing in a plan is ever executed"
